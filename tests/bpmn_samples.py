"""Small BPMN 2.0 files for the BPMN tests, written the way modellers export them.

:func:`bpmn` writes a whole file from a compact description; the named samples below are
the cases the tests need (a customs clearance with two pools, lanes and documents; a
parallel split; a deadlock; a loop). ``prefix`` chooses the namespace style: ``"bpmn"``
(bpmn.io, Camunda), ``"semantic"`` (Signavio) or ``""`` (a default namespace).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

TAGS = {"start": "startEvent", "end": "endEvent", "task": "task", "user": "userTask",
        "manual": "manualTask", "xor": "exclusiveGateway", "and": "parallelGateway",
        "or": "inclusiveGateway", "event-gw": "eventBasedGateway", "catch": "intermediateCatchEvent",
        "throw": "intermediateThrowEvent", "sub": "subProcess"}
SIZES = {"startEvent": (36, 36), "endEvent": (36, 36), "intermediateCatchEvent": (36, 36),
         "intermediateThrowEvent": (36, 36), "exclusiveGateway": (50, 50),
         "parallelGateway": (50, 50), "inclusiveGateway": (50, 50), "eventBasedGateway": (50, 50)}


@dataclass
class Process:
    """One process: ``nodes`` are (kind, id, name); ``flows`` are (id, source, target, name)
    or with a fifth item, a condition; ``lanes`` map a lane name to node ids; ``documents``
    are (id, name, read by, written by)."""

    id: str
    nodes: list[tuple[str, str, str]]
    flows: list[tuple] = field(default_factory=list)
    lanes: dict[str, list[str]] = field(default_factory=dict)
    documents: list[tuple[str, str, list[str], list[str]]] = field(default_factory=list)
    pool: str | None = None       # the participant's name; None: no collaboration entry


def _x(prefix: str, tag: str) -> str:
    return f"{prefix}:{tag}" if prefix else tag


def bpmn(*processes: Process, message_flows: list[tuple[str, str, str, str]] = (),
         prefix: str = "bpmn", layout: bool = True, extra: str = "") -> str:
    """A BPMN 2.0 file holding ``processes`` (and a collaboration when any has a pool)."""
    t = lambda tag: _x(prefix, tag)  # noqa: E731
    xmlns = f'xmlns:{prefix}="http://www.omg.org/spec/BPMN/20100524/MODEL"' if prefix else \
        'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"'
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<{t("definitions")} {xmlns} '
             'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
             'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
             'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
             'id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">']
    pooled = [p for p in processes if p.pool is not None]
    if pooled or message_flows:
        lines.append(f'  <{t("collaboration")} id="Collaboration_1">')
        for p in pooled:
            lines.append(f'    <{t("participant")} id="Pool_{p.id}" name={quoteattr(p.pool)} processRef="{p.id}" />')
        for fid, source, target, name in message_flows:
            lines.append(f'    <{t("messageFlow")} id="{fid}" name={quoteattr(name)} sourceRef="{source}" targetRef="{target}" />')
        lines.append(f'  </{t("collaboration")}>')
    for p in processes:
        lines.append(f'  <{t("process")} id="{p.id}" isExecutable="false">')
        if p.lanes:
            lines.append(f'    <{t("laneSet")} id="LaneSet_{p.id}">')
            for i, (lane, members) in enumerate(p.lanes.items()):
                lines.append(f'      <{t("lane")} id="Lane_{p.id}_{i}" name={quoteattr(lane)}>')
                lines += [f'        <{t("flowNodeRef")}>{m}</{t("flowNodeRef")}>' for m in members]
                lines.append(f'      </{t("lane")}>')
            lines.append(f'    </{t("laneSet")}>')
        reads = {n: [d for d in p.documents if n in d[2]] for _, n, _ in p.nodes}
        writes = {n: [d for d in p.documents if n in d[3]] for _, n, _ in p.nodes}
        for kind, nid, name in p.nodes:
            tag = TAGS[kind]
            inner = []
            for k, (did, *_rest) in enumerate(reads[nid]):
                inner.append(f'      <{t("property")} id="Property_{nid}_{k}" name="__targetRef_placeholder" />')
                inner.append(f'      <{t("dataInputAssociation")} id="DIA_{nid}_{k}">'
                             f'<{t("sourceRef")}>{did}</{t("sourceRef")}>'
                             f'<{t("targetRef")}>Property_{nid}_{k}</{t("targetRef")}>'
                             f'</{t("dataInputAssociation")}>')
            for k, (did, *_rest) in enumerate(writes[nid]):
                inner.append(f'      <{t("dataOutputAssociation")} id="DOA_{nid}_{k}">'
                             f'<{t("targetRef")}>{did}</{t("targetRef")}></{t("dataOutputAssociation")}>')
            name_attr = f" name={quoteattr(name)}" if name else ""
            if inner:
                lines.append(f'    <{t(tag)} id="{nid}"{name_attr}>')
                lines += inner
                lines.append(f'    </{t(tag)}>')
            else:
                lines.append(f'    <{t(tag)} id="{nid}"{name_attr} />')
        for flow in p.flows:
            fid, source, target, name = flow[:4]
            name_attr = f" name={quoteattr(name)}" if name else ""
            if len(flow) > 4:
                lines.append(f'    <{t("sequenceFlow")} id="{fid}"{name_attr} sourceRef="{source}" targetRef="{target}">'
                             f'<{t("conditionExpression")}>{flow[4]}</{t("conditionExpression")}>'
                             f'</{t("sequenceFlow")}>')
            else:
                lines.append(f'    <{t("sequenceFlow")} id="{fid}"{name_attr} sourceRef="{source}" targetRef="{target}" />')
        for did, name, _reads, _writes in p.documents:
            name_attr = f" name={quoteattr(name)}" if name else ""
            lines.append(f'    <{t("dataObjectReference")} id="{did}"{name_attr} dataObjectRef="DO_{did}" />')
            lines.append(f'    <{t("dataObject")} id="DO_{did}" />')
        lines.append(f'  </{t("process")}>')
    if layout:
        lines += _layout(processes, message_flows)
    lines.append(extra)
    lines.append(f'</{t("definitions")}>')
    return "\n".join(lines) + "\n"


def _layout(processes, message_flows) -> list[str]:
    """A plain left-to-right layout: one row per process, one column per node."""
    lines = ['  <bpmndi:BPMNDiagram id="Diagram_1">', '    <bpmndi:BPMNPlane id="Plane_1" bpmnElement="Collaboration_1">']
    centre = {}
    for row, p in enumerate(processes):
        y = 100 + row * 250
        if p.pool is not None:
            lines.append(f'      <bpmndi:BPMNShape id="Pool_{p.id}_di" bpmnElement="Pool_{p.id}" isHorizontal="true">'
                         f'<dc:Bounds x="100" y="{y - 60}" width="{160 + 150 * len(p.nodes)}" height="220" /></bpmndi:BPMNShape>')
        for col, (kind, nid, _name) in enumerate(p.nodes):
            w, h = SIZES.get(TAGS[kind], (100, 80))
            x = 180 + col * 150
            centre[nid] = (x + w / 2, y + h / 2)
            lines.append(f'      <bpmndi:BPMNShape id="{nid}_di" bpmnElement="{nid}">'
                         f'<dc:Bounds x="{x}" y="{y}" width="{w}" height="{h}" /></bpmndi:BPMNShape>')
        for flow in p.flows:
            fid, source, target = flow[:3]
            if source in centre and target in centre:
                lines.append(_edge(fid, centre[source], centre[target]))
    for fid, source, target, _name in message_flows:
        if source in centre and target in centre:
            lines.append(_edge(fid, centre[source], centre[target]))
    lines += ['    </bpmndi:BPMNPlane>', '  </bpmndi:BPMNDiagram>']
    return lines


def _edge(fid, a, b) -> str:
    return (f'      <bpmndi:BPMNEdge id="{fid}_di" bpmnElement="{fid}">'
            f'<di:waypoint x="{a[0]:.0f}" y="{a[1]:.0f}" /><di:waypoint x="{b[0]:.0f}" y="{b[1]:.0f}" />'
            '</bpmndi:BPMNEdge>')


def chain(pid: str, names: list[str], pool: str | None = None) -> Process:
    """start -> the named tasks in order -> end."""
    nodes = [("start", f"{pid}_start", "Start")] + [("task", f"{pid}_t{i}", n) for i, n in enumerate(names)] \
        + [("end", f"{pid}_end", "Done")]
    flows = [(f"{pid}_f{i}", nodes[i][1], nodes[i + 1][1], "") for i in range(len(nodes) - 1)]
    return Process(pid, nodes, flows, pool=pool)


def customs_clearance(prefix: str = "bpmn", layout: bool = True) -> str:
    """An exporter and customs: lanes, an exclusive risk decision, documents, a message flow."""
    customs = Process(
        "Process_Customs",
        nodes=[("start", "C_start", "Declaration received"),
               ("user", "C_register", "Register the export declaration"),
               ("xor", "C_risk", "Risk channel?"),
               ("user", "C_inspect", "Inspect the consignment"),
               ("xor", "C_merge", ""),
               ("user", "C_release", "Release the goods"),
               ("end", "C_end", "Goods released")],
        flows=[("C_f1", "C_start", "C_register", ""),
               ("C_f2", "C_register", "C_risk", ""),
               ("C_f3", "C_risk", "C_inspect", "Inspection required"),
               ("C_f4", "C_risk", "C_merge", "Green channel"),
               ("C_f5", "C_inspect", "C_merge", ""),
               ("C_f6", "C_merge", "C_release", ""),
               ("C_f7", "C_release", "C_end", "")],
        lanes={"Declarations officer": ["C_start", "C_register", "C_risk", "C_merge", "C_release", "C_end"],
               "Inspection officer": ["C_inspect"]},
        documents=[("C_decl", "Export declaration", ["C_register"], []),
                   ("C_report", "Inspection report", [], ["C_inspect"])],
        pool="Customs")
    exporter = Process(
        "Process_Exporter",
        nodes=[("start", "E_start", "Goods ready"),
               ("task", "E_submit", "Submit the export declaration"),
               ("end", "E_end", "Declaration submitted")],
        flows=[("E_f1", "E_start", "E_submit", ""), ("E_f2", "E_submit", "E_end", "")],
        documents=[("E_decl", "Export declaration", [], ["E_submit"])],
        pool="Exporter")
    return bpmn(customs, exporter, message_flows=[("M_1", "E_submit", "C_start", "Export declaration")],
                prefix=prefix, layout=layout)


def parallel() -> str:
    """Two tasks in parallel between a parallel split and join."""
    return bpmn(Process("P", [("start", "s", "Start"), ("and", "split", ""), ("task", "a", "Apply for the certificate of origin"),
                              ("task", "b", "Apply for the phytosanitary certificate"), ("and", "join", ""),
                              ("task", "c", "Present the documents to the bank"), ("end", "e", "End")],
                        [("f1", "s", "split", ""), ("f2", "split", "a", ""), ("f3", "split", "b", ""),
                         ("f4", "a", "join", ""), ("f5", "b", "join", ""), ("f6", "join", "c", ""),
                         ("f7", "c", "e", "")]))


def deadlock() -> str:
    """An exclusive decision joined by a parallel gateway: only one branch ever arrives."""
    return bpmn(Process("P", [("start", "s", "Start"), ("xor", "x", "Risk channel?"), ("task", "a", "Inspect the consignment"),
                              ("task", "b", "Check the documents"), ("and", "join", "Both done"),
                              ("end", "e", "End")],
                        [("f1", "s", "x", ""), ("f2", "x", "a", "Inspection required"), ("f3", "x", "b", "Green channel"),
                         ("f4", "a", "join", ""), ("f5", "b", "join", ""), ("f6", "join", "e", "")]))


def loop() -> str:
    """A correction loop: 'Documents complete?' goes back to 'Correct the documents' or on."""
    return bpmn(Process("P", [("start", "s", "Start"), ("task", "a", "Correct the documents"),
                              ("xor", "x", "Documents complete?"), ("end", "e", "End")],
                        [("f1", "s", "a", ""), ("f2", "a", "x", ""), ("f3", "x", "a", "No"), ("f4", "x", "e", "Yes")]))


def parallel_blocks(count: int, kind: str = "and") -> str:
    """``count`` splits in a row, each into two tasks joined again before the next split;
    the decisions are named D0, D1... and their branches B0 and B1."""
    nodes, flows, before = [("start", "s", "Start")], [], "s"
    for i in range(count):
        nodes += [(kind, f"x{i}", f"D{i}"), ("task", f"a{i}", f"Task A{i}"), ("task", f"b{i}", f"Task B{i}"),
                  (kind, f"m{i}", "")]
        flows += [(f"p{i}", before, f"x{i}", ""), (f"fa{i}", f"x{i}", f"a{i}", "B0"), (f"fb{i}", f"x{i}", f"b{i}", "B1"),
                  (f"ga{i}", f"a{i}", f"m{i}", ""), (f"gb{i}", f"b{i}", f"m{i}", "")]
        before = f"m{i}"
    nodes.append(("end", "e", "End"))
    flows.append(("pe", before, "e", ""))
    return bpmn(Process("P", nodes, flows), layout=False)


# What bpmn.io's modeller writes for a small collaboration: incoming/outgoing children,
# colours (bioc), a message start event, a text annotation, a group, a data store and the
# property bpmn.io adds for each data input association.
BPMN_IO_EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:bioc="http://bpmn.io/schema/bpmn/biocolor/1.0" xmlns:color="http://www.omg.org/spec/BPMN/non-normative/color/1.0" id="Definitions_1k2m3n" targetNamespace="http://bpmn.io/schema/bpmn" exporter="bpmn-js (https://demo.bpmn.io)" exporterVersion="17.11.1">
  <bpmn:collaboration id="Collaboration_0pq">
    <bpmn:participant id="Participant_chamber" name="Chamber of commerce" processRef="Process_chamber" />
    <bpmn:participant id="Participant_exporter" name="Exporter" />
    <bpmn:messageFlow id="Flow_msg_in" name="Application for Form D" sourceRef="Participant_exporter" targetRef="Event_received" />
    <bpmn:messageFlow id="Flow_msg_out" name="Form D" sourceRef="Activity_issue" targetRef="Participant_exporter" />
    <bpmn:group id="Group_1" categoryValueRef="CategoryValue_1" />
  </bpmn:collaboration>
  <bpmn:category id="Category_1"><bpmn:categoryValue id="CategoryValue_1" value="Paper steps" /></bpmn:category>
  <bpmn:process id="Process_chamber" isExecutable="false">
    <bpmn:laneSet id="LaneSet_0a">
      <bpmn:lane id="Lane_counter" name="Front counter">
        <bpmn:flowNodeRef>Event_received</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Activity_check</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Gateway_complete</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Activity_return</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Event_returned</bpmn:flowNodeRef>
      </bpmn:lane>
      <bpmn:lane id="Lane_officer" name="Certifying officer">
        <bpmn:flowNodeRef>Activity_issue</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Event_issued</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="Event_received" name="Application received">
      <bpmn:outgoing>Flow_1</bpmn:outgoing>
      <bpmn:messageEventDefinition id="MessageEventDefinition_1" />
    </bpmn:startEvent>
    <bpmn:task id="Activity_check" name="Check the application against the invoice">
      <bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:outgoing>Flow_2</bpmn:outgoing>
      <bpmn:property id="Property_0x" name="__targetRef_placeholder" />
      <bpmn:dataInputAssociation id="DataInputAssociation_1">
        <bpmn:sourceRef>DataObjectReference_invoice</bpmn:sourceRef>
        <bpmn:targetRef>Property_0x</bpmn:targetRef>
      </bpmn:dataInputAssociation>
      <bpmn:dataInputAssociation id="DataInputAssociation_2">
        <bpmn:sourceRef>DataStoreReference_register</bpmn:sourceRef>
        <bpmn:targetRef>Property_0x</bpmn:targetRef>
      </bpmn:dataInputAssociation>
    </bpmn:task>
    <bpmn:exclusiveGateway id="Gateway_complete" name="Application complete?">
      <bpmn:incoming>Flow_2</bpmn:incoming>
      <bpmn:outgoing>Flow_yes</bpmn:outgoing>
      <bpmn:outgoing>Flow_no</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:task id="Activity_issue" name="Issue the Form D">
      <bpmn:incoming>Flow_yes</bpmn:incoming>
      <bpmn:outgoing>Flow_3</bpmn:outgoing>
      <bpmn:dataOutputAssociation id="DataOutputAssociation_1">
        <bpmn:targetRef>DataObjectReference_formd</bpmn:targetRef>
      </bpmn:dataOutputAssociation>
    </bpmn:task>
    <bpmn:task id="Activity_return" name="Return the application">
      <bpmn:incoming>Flow_no</bpmn:incoming>
      <bpmn:outgoing>Flow_4</bpmn:outgoing>
    </bpmn:task>
    <bpmn:endEvent id="Event_issued" name="Form D issued"><bpmn:incoming>Flow_3</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="Event_returned" name="Application returned"><bpmn:incoming>Flow_4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Event_received" targetRef="Activity_check" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Activity_check" targetRef="Gateway_complete" />
    <bpmn:sequenceFlow id="Flow_yes" name="yes" sourceRef="Gateway_complete" targetRef="Activity_issue" />
    <bpmn:sequenceFlow id="Flow_no" name="no" sourceRef="Gateway_complete" targetRef="Activity_return" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Activity_issue" targetRef="Event_issued" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Activity_return" targetRef="Event_returned" />
    <bpmn:dataObjectReference id="DataObjectReference_invoice" name="Commercial invoice" dataObjectRef="DataObject_1" />
    <bpmn:dataObject id="DataObject_1" />
    <bpmn:dataObjectReference id="DataObjectReference_formd" name="Certificate of origin (Form D)" dataObjectRef="DataObject_2" />
    <bpmn:dataObject id="DataObject_2" />
    <bpmn:dataStoreReference id="DataStoreReference_register" name="Exporter register" />
    <bpmn:textAnnotation id="TextAnnotation_1"><bpmn:text>Paper application, signed and stamped</bpmn:text></bpmn:textAnnotation>
    <bpmn:association id="Association_1" associationDirection="None" sourceRef="Event_received" targetRef="TextAnnotation_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="Collaboration_0pq">
      <bpmndi:BPMNShape id="Participant_chamber_di" bpmnElement="Participant_chamber" isHorizontal="true">
        <dc:Bounds x="160" y="80" width="860" height="320" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Lane_counter_di" bpmnElement="Lane_counter" isHorizontal="true">
        <dc:Bounds x="190" y="80" width="830" height="180" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Lane_officer_di" bpmnElement="Lane_officer" isHorizontal="true">
        <dc:Bounds x="190" y="260" width="830" height="140" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Event_received_di" bpmnElement="Event_received" bioc:stroke="#205022" bioc:fill="#c8e6c9" color:background-color="#c8e6c9" color:border-color="#205022">
        <dc:Bounds x="242" y="142" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="226" y="185" width="68" height="27" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Activity_check_di" bpmnElement="Activity_check">
        <dc:Bounds x="330" y="120" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Gateway_complete_di" bpmnElement="Gateway_complete" isMarkerVisible="true">
        <dc:Bounds x="485" y="135" width="50" height="50" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Activity_issue_di" bpmnElement="Activity_issue">
        <dc:Bounds x="600" y="290" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Activity_return_di" bpmnElement="Activity_return">
        <dc:Bounds x="600" y="120" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Event_issued_di" bpmnElement="Event_issued">
        <dc:Bounds x="762" y="312" width="36" height="36" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Event_returned_di" bpmnElement="Event_returned">
        <dc:Bounds x="762" y="142" width="36" height="36" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="DataObjectReference_invoice_di" bpmnElement="DataObjectReference_invoice">
        <dc:Bounds x="362" y="15" width="36" height="50" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="DataObjectReference_formd_di" bpmnElement="DataObjectReference_formd">
        <dc:Bounds x="632" y="425" width="36" height="50" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="DataStoreReference_register_di" bpmnElement="DataStoreReference_register">
        <dc:Bounds x="255" y="15" width="50" height="50" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="TextAnnotation_1_di" bpmnElement="TextAnnotation_1">
        <dc:Bounds x="860" y="100" width="140" height="40" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Participant_exporter_di" bpmnElement="Participant_exporter" isHorizontal="true">
        <dc:Bounds x="160" y="520" width="860" height="60" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1"><di:waypoint x="278" y="160" /><di:waypoint x="330" y="160" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_2"><di:waypoint x="430" y="160" /><di:waypoint x="485" y="160" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_yes_di" bpmnElement="Flow_yes"><di:waypoint x="510" y="185" /><di:waypoint x="510" y="330" /><di:waypoint x="600" y="330" />
        <bpmndi:BPMNLabel><dc:Bounds x="516" y="255" width="18" height="14" /></bpmndi:BPMNLabel></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_no_di" bpmnElement="Flow_no"><di:waypoint x="535" y="160" /><di:waypoint x="600" y="160" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_3_di" bpmnElement="Flow_3"><di:waypoint x="700" y="330" /><di:waypoint x="762" y="330" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_4_di" bpmnElement="Flow_4"><di:waypoint x="700" y="160" /><di:waypoint x="762" y="160" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_msg_in_di" bpmnElement="Flow_msg_in"><di:waypoint x="260" y="520" /><di:waypoint x="260" y="178" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_msg_out_di" bpmnElement="Flow_msg_out"><di:waypoint x="650" y="370" /><di:waypoint x="650" y="520" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="DataInputAssociation_1_di" bpmnElement="DataInputAssociation_1"><di:waypoint x="380" y="65" /><di:waypoint x="380" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="DataOutputAssociation_1_di" bpmnElement="DataOutputAssociation_1"><di:waypoint x="650" y="370" /><di:waypoint x="650" y="425" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Association_1_di" bpmnElement="Association_1"><di:waypoint x="278" y="160" /><di:waypoint x="860" y="120" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
"""


def linked(catch_name: str = "Go on") -> str:
    """A process cut in two by a pair of link events, the way large diagrams are drawn."""
    xml = bpmn(Process("P", [("start", "s", "Start"), ("task", "a", "Prepare the invoice"), ("throw", "out", "Go on"),
                             ("catch", "in", catch_name), ("task", "b", "Ship the goods"), ("end", "e", "End")],
                       [("f1", "s", "a", ""), ("f2", "a", "out", ""), ("f3", "in", "b", ""), ("f4", "b", "e", "")]))
    for tag, eid, name in (("intermediateThrowEvent", "out", "Go on"), ("intermediateCatchEvent", "in", catch_name)):
        xml = xml.replace(f'<bpmn:{tag} id="{eid}" name="{name}" />',
                          f'<bpmn:{tag} id="{eid}" name="{name}"><bpmn:linkEventDefinition name="{name}" /></bpmn:{tag}>')
    return xml
