"""Reading BPMN 2.0 files into the course's process model, and refusing what cannot be read.

The files are written by ``tests/bpmn_samples.py`` the way bpmn.io, Camunda Modeler and
Signavio export them; hostile and broken files must give a finding, never a traceback, a
hang or a network request.
"""
import socket

import pytest

from bpmn_samples import Process, bpmn, chain, customs_clearance
from course.bpmn import BpmnRefused, read_model
from course.bpmn.reading import MAX_ELEMENTS
from course.xml import safe


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the BPMN reader tried to reach the network")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def refusal(source, lang=None):
    with pytest.raises(BpmnRefused) as caught:
        read_model(source, lang=lang)
    return caught.value.finding


@pytest.mark.parametrize("prefix", ["bpmn", "semantic", ""])
def test_every_namespace_prefix_gives_the_same_model(prefix):
    model = read_model(customs_clearance(prefix=prefix))
    reference = read_model(customs_clearance())
    assert model.nodes == reference.nodes
    assert model.flows == reference.flows
    assert model.lanes == reference.lanes
    assert model.data_objects == reference.data_objects
    assert len(model.nodes) == 10 and len(model.shapes) == 12


def test_nodes_flows_pools_and_lanes():
    model = read_model(customs_clearance())
    assert model.processes == ("Process_Customs", "Process_Exporter")
    inspect = model.nodes["C_inspect"]
    assert (inspect.name, inspect.kind, inspect.process) == ("Inspect the consignment", "task", "Process_Customs")
    assert model.lane_of("C_inspect").name == "Inspection officer"
    assert model.lane_of("C_register").name == "Declarations officer"
    assert model.lane_of("E_submit") is None
    assert model.pool_of("C_inspect").name == "Customs"
    assert model.pool_of("E_submit").name == "Exporter"
    assert model.nodes["C_risk"].kind == "exclusiveGateway"
    assert model.successors("C_risk") == ["C_inspect", "C_merge"]
    assert model.predecessors("C_merge") == ["C_risk", "C_inspect"]
    assert [f.name for f in model.outgoing("C_risk")] == ["Inspection required", "Green channel"]
    message, = model.message_flows()
    assert (message.source, message.target, message.name) == ("E_submit", "C_start", "Export declaration")
    assert {n.name for n in model.tasks()} == {"Register the export declaration", "Inspect the consignment",
                                                "Release the goods", "Submit the export declaration"}
    assert model.nodes["C_inspect"].line and model.nodes["C_inspect"].line > model.nodes["C_start"].line


def test_documents_read_and_written():
    model = read_model(customs_clearance())
    declaration = model.data_objects["C_decl"]
    assert (declaration.name, declaration.inputs_of, declaration.outputs_of) == \
        ("Export declaration", ("C_register",), ())
    assert model.data_objects["C_report"].outputs_of == ("C_inspect",)
    assert model.data_objects["E_decl"].outputs_of == ("E_submit",)
    # The referenced dataObject is shown through its reference, not twice.
    assert "DO_C_decl" not in model.data_objects


def test_layout_shapes_and_edges_and_a_model_without_layout():
    model = read_model(customs_clearance())
    assert model.has_layout
    shape = model.shapes["C_inspect"]
    assert (shape.width, shape.height) == (100, 80)
    assert model.shapes["C_risk"].width == 50
    assert len(model.edges["C_f3"].points) == 2
    assert "Pool_Process_Customs" in model.shapes
    bare = read_model(customs_clearance(layout=False))
    assert not bare.has_layout and bare.edges == {}
    assert bare.nodes == model.nodes


CAMUNDA = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:modeler="http://camunda.org/schema/modeler/1.0"
    id="Definitions_0x1" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler"
    exporterVersion="5.20.0" modeler:executionPlatform="Camunda Platform">
  <bpmn:process id="Issue_certificate" name="Issue the certificate" isExecutable="true" camunda:historyTimeToLive="180">
    <bpmn:laneSet id="LaneSet_1">
      <bpmn:lane id="Lane_chamber" name="Chamber of commerce">
        <bpmn:childLaneSet id="LaneSet_2">
          <bpmn:lane id="Lane_clerk" name="Certificate clerk">
            <bpmn:flowNodeRef>Check</bpmn:flowNodeRef>
          </bpmn:lane>
        </bpmn:childLaneSet>
        <bpmn:flowNodeRef>Start</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Check</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>End</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Timeout</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="Start" name="Application&#10;received">
      <bpmn:extensionElements><camunda:formData /></bpmn:extensionElements>
      <bpmn:outgoing>Flow_1</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:userTask id="Check" name="Check the&#10;certificate   of origin" camunda:assignee="clerk" default="Flow_2">
      <bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:outgoing>Flow_2</bpmn:outgoing>
      <bpmn:dataInputAssociation id="In_1"><bpmn:sourceRef>Invoice</bpmn:sourceRef></bpmn:dataInputAssociation>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="Timeout" name="Two days passed" attachedToRef="Check">
      <bpmn:timerEventDefinition id="Timer_1"><bpmn:timeDuration>P2D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:endEvent id="End" name="Certificate issued"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Check" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Check" targetRef="End">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${ok}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:dataObjectReference id="Invoice" dataObjectRef="DataObject_inv" />
    <bpmn:dataObject id="DataObject_inv" name="Commercial invoice" />
  </bpmn:process>
</bpmn:definitions>
"""


def test_a_camunda_export_with_nested_lanes_boundary_events_and_extensions():
    model = read_model(CAMUNDA)
    check = model.nodes["Check"]
    assert check.name == "Check the certificate of origin"      # line breaks and spaces cleaned
    assert model.nodes["Start"].name == "Application received"
    assert check.lane == "Lane_clerk"                              # the innermost lane wins
    assert model.lane_of("End").name == "Chamber of commerce"
    assert model.attached == {"Timeout": "Check"}
    assert model.defaults == {"Check": "Flow_2"}
    assert model.flows["Flow_2"].condition == "${ok}"
    # The reference has no name: it takes the data object's.
    assert model.data_objects["Invoice"].name == "Commercial invoice"
    assert model.data_objects["Invoice"].inputs_of == ("Check",)
    assert not model.has_layout and model.pools == {}


def test_a_subprocess_is_one_activity():
    xml = bpmn(Process("P", [("start", "s", "Start"), ("sub", "sp", "Obtain the certificates"), ("end", "e", "End")],
                       [("f1", "s", "sp", ""), ("f2", "sp", "e", "")]))
    model = read_model(xml)
    assert model.nodes["sp"].kind == "subProcess"
    assert [n.id for n in model.tasks()] == ["sp"]


def test_a_model_is_read_from_a_path_and_from_bytes(tmp_path):
    path = tmp_path / "export.bpmn"
    path.write_text(customs_clearance(), encoding="utf-8")
    assert read_model(path).nodes == read_model(path.read_bytes()).nodes == read_model(str(path)).nodes


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p"><task id="t" name="&lol4;"/></process></definitions>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p"><task id="t"><documentation>&secret;</documentation></task></process></definitions>
"""
REMOTE_DTD = """<?xml version="1.0"?>
<!DOCTYPE definitions SYSTEM "http://example.org/bpmn.dtd">
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p"/></definitions>
"""


@pytest.mark.parametrize("source, code", [
    (BILLION_LAUGHS, "xml.entity-declaration"),
    (EXTERNAL_ENTITY, "xml.external-entity"),
    (REMOTE_DTD, "xml.external-dtd"),
    ("this is a process: first the exporter applies, then ...", "xml.unreadable"),
    ("<definitions><process>", "xml.not-well-formed"),
    (b'{"process": {"tasks": ["Apply"]}}', "xml.not-xml"),
    (b"", "xml.empty"),
    ('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>', "bpmn.not-bpmn"),
    ('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/DI"/>', "bpmn.wrong-namespace"),
    ("<definitions><process id='p'/></definitions>", "bpmn.wrong-namespace"),
    ('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p">'
     + "<documentation>" * 300 + "</documentation>" * 300 + "</process></definitions>", "xml.too-deep"),
    ('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xi="http://www.w3.org/2001/XInclude">'
     '<xi:include href="file:///etc/passwd" parse="text"/></definitions>', "xml.xinclude"),
])
def test_hostile_and_broken_files_are_refused_with_a_finding(source, code, no_network):
    finding = refusal(source)
    assert finding.code == code
    assert finding.message and finding.hint
    assert "root:x:0" not in finding.message


def test_the_root_element_is_named_in_the_refusal():
    finding = refusal('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>')
    assert "schema" in finding.message and "definitions" in finding.message


def test_definitions_without_the_bpmn_namespace_are_told_which_namespace_to_give():
    finding = refusal("<definitions><process id='p'/></definitions>")
    assert "BPMN 2.0 namespace" in finding.message and "(its namespace: -)" in finding.message
    assert 'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"' in finding.hint
    other = refusal('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/DI"/>')
    assert "20100524/DI" in other.message


def test_huge_files_are_refused_before_they_are_read(tmp_path, monkeypatch):
    big = tmp_path / "big.bpmn"
    filler = "<!-- " + "x" * 1024 * 1024 + " -->\n"
    big.write_text(customs_clearance().replace("</bpmn:definitions>", filler * 50 + "</bpmn:definitions>"))
    assert big.stat().st_size > 50 * 1024 * 1024
    # The file's size alone refuses it: it is neither opened nor handed to a parser.
    touched = []
    monkeypatch.setattr(safe, "_parser", lambda: touched.append("parsed"))
    opener = type(big).open

    def spying_open(path, *args, **kwargs):
        if path == big:
            touched.append("opened")
        return opener(path, *args, **kwargs)

    monkeypatch.setattr(type(big), "open", spying_open)
    finding = refusal(big)
    assert finding.code == "xml.too-large" and "50" in finding.message
    assert touched == []
    monkeypatch.undo()
    twenty = customs_clearance().replace("</bpmn:definitions>", filler * 20 + "</bpmn:definitions>")
    assert refusal(twenty.encode()).code == "xml.too-large"


def test_a_model_with_too_many_elements_is_refused():
    many = chain("P", [f"Step {i}" for i in range(MAX_ELEMENTS // 2)])
    xml = bpmn(many, layout=False)
    assert len(xml) < 5 * 1024 * 1024
    finding = refusal(xml)
    assert finding.code == "bpmn.too-many-elements"
    assert str(MAX_ELEMENTS) in finding.message


def test_refusals_speak_chinese():
    english = refusal('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>')
    chinese = refusal('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>', lang="zh_Hans")
    assert chinese.message != english.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese.message + chinese.hint)


def test_a_bpmn_io_export_reads_validates_and_runs():
    from bpmn_samples import BPMN_IO_EXPORT
    from course.bpmn import check_model, run_path
    model = read_model(BPMN_IO_EXPORT)
    assert model.processes == ("Process_chamber",)
    assert model.pools["Participant_exporter"].process is None          # a black-box pool
    assert {f.id for f in model.message_flows()} == {"Flow_msg_in", "Flow_msg_out"}
    assert model.data_objects["DataObjectReference_invoice"].inputs_of == ("Activity_check",)
    assert model.data_objects["DataObjectReference_formd"].outputs_of == ("Activity_issue",)
    assert "DataStoreReference_register" not in model.data_objects      # a register is no document
    assert model.lane_of("Activity_issue").name == "Certifying officer"
    assert model.has_layout and len(model.edges["Flow_yes"].points) == 3
    assert check_model(BPMN_IO_EXPORT) == []
    assert run_path(BPMN_IO_EXPORT, {"Application complete?": "yes"}).tasks == [
        "Check the application against the invoice", "Issue the Form D"]
    assert run_path(BPMN_IO_EXPORT, {"Application complete?": "no"}).tasks[-1] == "Return the application"


def test_element_types_event_definitions_and_links():
    from bpmn_samples import BPMN_IO_EXPORT, linked
    model = read_model(linked())
    assert model.links == {"out": "in"}
    assert model.event_definitions == {"out": "link", "in": "link"}
    assert model.successors("out") == ["in"] and model.predecessors("in") == ["out"]
    assert model.outgoing("out") == []          # a jump, not a flow
    assert read_model(linked("Elsewhere")).links == {}
    bpmn_io = read_model(BPMN_IO_EXPORT)
    assert bpmn_io.types["Activity_check"] == "task" and bpmn_io.types["Event_received"] == "startEvent"
    assert bpmn_io.event_definitions == {"Event_received": "message"}
    assert read_model(CAMUNDA).event_definitions == {"Timeout": "timer"}
