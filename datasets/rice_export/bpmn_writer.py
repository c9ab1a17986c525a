"""Write a BPMN 2.0 collaboration (pools, lanes, messages, data objects) with or without a layout.

The scenario's reference models are written by this small writer rather than drawn by hand so
that they always agree with the procedure tables. The layout (BPMNDI) places each node in a
column by how late it can happen (the longest chain of sequence and message flows before it)
and in its lane's band, so time reads from left to right as in a time-procedure chart.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SIZES = {"task": (100, 80), "sendTask": (100, 80), "event": (36, 36), "gateway": (50, 50), "data": (36, 50)}
COLUMN, SLOT, LEFT, LABEL = 130, 170, 110, 30
DOCUMENT_GAP = 80   # between the documents of one task, so that their names do not run into each other


@dataclass
class Node:
    id: str
    kind: str            # task, sendTask, startEvent, endEvent, intermediateCatchEvent, ...
    name: str
    lane: str
    message: str | None = None   # the message a send task, message event or receive sends or catches


@dataclass
class Pool:
    key: str
    name: str
    lanes: list[tuple[str, str]]
    nodes: list[Node] = field(default_factory=list)
    flows: list[tuple[str, str, str, str | None]] = field(default_factory=list)  # source, target, name, condition
    outputs: dict[str, list[str]] = field(default_factory=dict)   # task id -> documents written
    inputs: dict[str, list[str]] = field(default_factory=dict)    # task id -> documents read

    def add(self, kind: str, id: str, name: str, lane: str, message: str | None = None) -> str:
        self.nodes.append(Node(id, kind, name, lane, message))
        return id

    def chain(self, *ids: str) -> None:
        for source, target in zip(ids, ids[1:]):
            self.flows.append((source, target, "", None))


@dataclass
class Collaboration:
    id: str
    name: str
    pools: list[Pool]
    messages: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, name, source, target

    def message(self, id: str, name: str, source: str, target: str) -> str:
        self.messages.append((id, name, source, target))
        return id


def _kind_size(kind: str) -> tuple[int, int]:
    if kind in ("task", "sendTask"):
        return SIZES["task"]
    return SIZES["gateway"] if kind.endswith("Gateway") else SIZES["event"]


def _event_definition(node: Node) -> str:
    if node.message is None or node.kind in ("sendTask", "task") or node.kind.endswith("Gateway"):
        return ""
    return f'\n      <bpmn:messageEventDefinition id="{node.id}_def" messageRef="Message_{node.message}" />'


def _process_xml(pool: Pool, flows_by_node: dict[str, tuple[list[str], list[str]]]) -> list[str]:
    lines = [f'  <bpmn:process id="Process_{pool.key}" name={quoteattr(pool.name)} isExecutable="true">',
             f'    <bpmn:laneSet id="LaneSet_{pool.key}">']
    for lane_id, lane_name in pool.lanes:
        members = [n.id for n in pool.nodes if n.lane == lane_id]
        lines.append(f'      <bpmn:lane id="Lane_{lane_id}" name={quoteattr(lane_name)}>')
        lines += [f"        <bpmn:flowNodeRef>{m}</bpmn:flowNodeRef>" for m in members]
        lines.append("      </bpmn:lane>")
    lines.append("    </bpmn:laneSet>")
    documents = _documents(pool)
    for document, ref in documents.items():
        lines.append(f'    <bpmn:dataObject id="{ref}_object" />')
        lines.append(f'    <bpmn:dataObjectReference id="{ref}" name={quoteattr(document)} dataObjectRef="{ref}_object" />')
    for node in pool.nodes:
        incoming, outgoing = flows_by_node[node.id]
        attrs = f' id="{node.id}"' + (f" name={quoteattr(node.name)}" if node.name else "")
        if node.kind == "sendTask":
            attrs += f' messageRef="Message_{node.message}"'
        body = "".join(f"\n      <bpmn:incoming>{f}</bpmn:incoming>" for f in incoming)
        body += "".join(f"\n      <bpmn:outgoing>{f}</bpmn:outgoing>" for f in outgoing)
        reads = pool.inputs.get(node.id, [])
        if reads:
            body += f'\n      <bpmn:property id="{node.id}_input" name="__targetRef_placeholder" />'
        for document in reads:
            body += (f'\n      <bpmn:dataInputAssociation id="{node.id}_reads_{documents[document]}">'
                     f"\n        <bpmn:sourceRef>{documents[document]}</bpmn:sourceRef>"
                     f"\n        <bpmn:targetRef>{node.id}_input</bpmn:targetRef>\n      </bpmn:dataInputAssociation>")
        for document in pool.outputs.get(node.id, []):
            body += (f'\n      <bpmn:dataOutputAssociation id="{node.id}_writes_{documents[document]}">'
                     f"\n        <bpmn:targetRef>{documents[document]}</bpmn:targetRef>\n      </bpmn:dataOutputAssociation>")
        if not node.kind.endswith("Gateway"):
            body += _event_definition(node)
        lines.append(f"    <bpmn:{node.kind}{attrs}>{body}\n    </bpmn:{node.kind}>")
    for index, (source, target, name, condition) in enumerate(pool.flows):
        fid = _flow_id(pool, index)
        label = f" name={quoteattr(name)}" if name else ""
        if condition is None:
            lines.append(f'    <bpmn:sequenceFlow id="{fid}"{label} sourceRef="{source}" targetRef="{target}" />')
        else:
            lines.append(f'    <bpmn:sequenceFlow id="{fid}"{label} sourceRef="{source}" targetRef="{target}">\n'
                         f'      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{condition}'
                         f"</bpmn:conditionExpression>\n    </bpmn:sequenceFlow>")
    lines.append("  </bpmn:process>")
    return lines


def _flow_id(pool: Pool, index: int) -> str:
    source, target = pool.flows[index][:2]
    return f"Flow_{source}_{target}"


def _documents(pool: Pool) -> dict[str, str]:
    """Each document the pool's tasks write, with the id of its data object reference in this pool."""
    names: dict[str, str] = {}
    for node in pool.nodes:
        for document in pool.outputs.get(node.id, []):
            names.setdefault(document, f"Data_{pool.key}_{len(names) + 1:02d}")
    return names


def _columns(collab: Collaboration) -> dict[str, int]:
    """Column of each node: the longest chain of sequence and message flows leading to it."""
    before: dict[str, list[str]] = {n.id: [] for p in collab.pools for n in p.nodes}
    for pool in collab.pools:
        for source, target, *_ in pool.flows:
            before[target].append(source)
    for _, _, source, target in collab.messages:
        before[target].append(source)
    column: dict[str, int] = {}

    def place(node: str, seen: tuple[str, ...] = ()) -> int:
        if node in seen:
            raise ValueError(f"the flows loop through {node}")
        if node not in column:
            column[node] = max((place(p, seen + (node,)) + 1 for p in before[node]), default=0)
        return column[node]

    for node in before:
        place(node)
    return column


def layout(collab: Collaboration) -> tuple[dict[str, tuple[float, float, float, float]], dict[str, tuple]]:
    """Bounds of every pool, lane, node and data object; the lanes' slot of each node."""
    column = _columns(collab)
    bounds: dict[str, tuple[float, float, float, float]] = {}
    width = LEFT + (max(column.values()) + 1) * COLUMN + 60
    y = 0.0
    for pool in collab.pools:
        top = y
        for lane_id, _ in pool.lanes:
            members = [n for n in pool.nodes if n.lane == lane_id]
            slots: dict[int, int] = {}
            for node in members:
                slot = slots.get(column[node.id], 0)
                slots[column[node.id]] = slot + 1
                w, h = _kind_size(node.kind)
                cx, cy = LEFT + column[node.id] * COLUMN + 50, y + 55 + slot * SLOT
                bounds[node.id] = (cx - w / 2, cy - h / 2, w, h)
            height = SLOT * max(slots.values(), default=1)
            bounds[f"Lane_{lane_id}"] = (LABEL, y, width - LABEL, height)
            y += height
        bounds[f"Participant_{pool.key}"] = (0, top, width, y - top)
        y += 40
        documents = _documents(pool)
        placed: dict[str, int] = {}
        for node in pool.nodes:
            for document in pool.outputs.get(node.id, []):
                x, ny, w, h = bounds[node.id]
                k = placed.get(node.id, 0)
                placed[node.id] = k + 1
                bounds[documents[document]] = (x - 10 + k * DOCUMENT_GAP, ny + h + 12, *SIZES["data"])
    return bounds, column


def _middle(b):
    return b[0] + b[2] / 2, b[1] + b[3] / 2


def _di(collab: Collaboration) -> list[str]:
    bounds, _ = layout(collab)
    lines = [f'  <bpmndi:BPMNDiagram id="Diagram_{collab.id}">',
             f'    <bpmndi:BPMNPlane id="Plane_{collab.id}" bpmnElement="{collab.id}">']

    def shape(element: str, extra: str = "") -> None:
        x, y, w, h = bounds[element]
        lines.append(f'      <bpmndi:BPMNShape id="{element}_di" bpmnElement="{element}"{extra}>\n'
                     f'        <dc:Bounds x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" />\n      </bpmndi:BPMNShape>')

    def edge(element: str, points) -> None:
        body = "".join(f'\n        <di:waypoint x="{x:g}" y="{y:g}" />' for x, y in points)
        lines.append(f'      <bpmndi:BPMNEdge id="{element}_di" bpmnElement="{element}">{body}\n      </bpmndi:BPMNEdge>')

    for pool in collab.pools:
        shape(f"Participant_{pool.key}", ' isHorizontal="true"')
        for lane_id, _ in pool.lanes:
            shape(f"Lane_{lane_id}", ' isHorizontal="true"')
        for node in pool.nodes:
            shape(node.id, ' isMarkerVisible="true"' if node.kind == "exclusiveGateway" else "")
        for ref in _documents(pool).values():
            shape(ref)
    for pool in collab.pools:
        for index, (source, target, *_) in enumerate(pool.flows):
            (sx, sy, sw, sh), (tx, ty, tw, th) = bounds[source], bounds[target]
            start, end = (sx + sw, sy + sh / 2), (tx, ty + th / 2)
            if start[1] == end[1]:
                points = [start, end]
            else:
                bend = end[0] - 20
                points = [start, (bend, start[1]), (bend, end[1]), end]
            edge(_flow_id(pool, index), points)
        documents = _documents(pool)
        for node in pool.nodes:
            for document in pool.outputs.get(node.id, []):
                (nx, ny), (dx, dy) = _middle(bounds[node.id]), _middle(bounds[documents[document]])
                edge(f"{node.id}_writes_{documents[document]}", [(nx, bounds[node.id][1] + bounds[node.id][3]),
                                                                 (dx, bounds[documents[document]][1])])
            for document in pool.inputs.get(node.id, []):
                d = bounds[documents[document]]
                n = bounds[node.id]
                edge(f"{node.id}_reads_{documents[document]}", [(d[0] + d[2], d[1] + d[3] / 2),
                                                                (n[0] + n[2] / 2, n[1] + n[3])])
    for mid, _, source, target in collab.messages:
        s, t = bounds[source], bounds[target]
        (scx, _), (tcx, _) = _middle(s), _middle(t)
        down = t[1] > s[1]
        start = (scx, s[1] + s[3]) if down else (scx, s[1])
        end = (tcx, t[1]) if down else (tcx, t[1] + t[3])
        middle = (start[1] + end[1]) / 2
        edge(f"MessageFlow_{mid}", [start, (scx, middle), (tcx, middle), end])
    lines += ["    </bpmndi:BPMNPlane>", "  </bpmndi:BPMNDiagram>"]
    return lines


def to_xml(collab: Collaboration, *, with_layout: bool = True) -> str:
    flows_by_node: dict[str, tuple[list[str], list[str]]] = {n.id: ([], []) for p in collab.pools for n in p.nodes}
    for pool in collab.pools:
        for index, (source, target, *_) in enumerate(pool.flows):
            flows_by_node[source][1].append(_flow_id(pool, index))
            flows_by_node[target][0].append(_flow_id(pool, index))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<bpmn:definitions xmlns:bpmn="{BPMN}" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
             'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             f'id="Definitions_{collab.id}" targetNamespace="urn:paperless-trade-course:bpmn:rice-export" '
             'exporter="paperless-trade-course rice_export/make_dataset.py" exporterVersion="1">',
             f'  <bpmn:collaboration id="{collab.id}" name={quoteattr(collab.name)}>']
    for pool in collab.pools:
        lines.append(f'    <bpmn:participant id="Participant_{pool.key}" name={quoteattr(pool.name)} '
                     f'processRef="Process_{pool.key}" />')
    for mid, name, source, target in collab.messages:
        lines.append(f'    <bpmn:messageFlow id="MessageFlow_{mid}" name={quoteattr(name)} sourceRef="{source}" '
                     f'targetRef="{target}" messageRef="Message_{mid}" />')
    lines.append("  </bpmn:collaboration>")
    for mid, name, *_ in collab.messages:
        lines.append(f'  <bpmn:message id="Message_{mid}" name={quoteattr(name)} />')
    for pool in collab.pools:
        lines += _process_xml(pool, flows_by_node)
    if with_layout:
        lines += _di(collab)
    lines.append("</bpmn:definitions>")
    return "\n".join(lines) + "\n"
