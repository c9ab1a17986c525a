"""The BPMN checks: the OMG BPMN 2.0 schema, then each modelling rule a BPA trainer checks.

Each rule is proven both ways: the clean customs clearance (two pools, lanes, an exclusive
decision, documents, a message flow) has no finding at all, and one small change makes the
rule fire, at the element concerned, with its line, id and name.
"""
import pytest

from bpmn_samples import Process, bpmn, chain, customs_clearance, deadlock, parallel
from course.bpmn import check_model
from course.bpmn.validate import errors


def codes(findings):
    return [f.code for f in findings]


def only(findings, code):
    found = [f for f in findings if f.code == code]
    assert found, f"{code} not among {codes(findings)}"
    return found


@pytest.mark.parametrize("prefix", ["bpmn", "semantic", ""])
def test_a_clean_model_has_no_finding(prefix):
    assert check_model(customs_clearance(prefix=prefix)) == []
    assert check_model(parallel()) == []


def test_a_model_without_layout_is_told_so_in_a_note():
    finding, = check_model(customs_clearance(layout=False))
    assert (finding.code, finding.severity) == ("bpmn.no-layout", "info")
    assert "laid out automatically" in finding.hint


def test_the_schema_comes_first():
    broken = customs_clearance().replace('<bpmn:sequenceFlow id="C_f1" sourceRef="C_start" targetRef="C_register" />',
                                         '<bpmn:sequenceFlow id="C_f1" sourceRef="C_start" targetRef="C_register" />'
                                         '<bpmn:taks id="typo" />')
    findings = check_model(broken)
    assert findings[0].code.startswith(("schema.", "xml."))
    assert findings[0].line == broken[:broken.index("taks")].count("\n") + 1


def test_a_refused_file_gives_one_finding():
    assert codes(check_model(b'{"not": "bpmn"}')) == ["xml.not-xml"]
    assert codes(check_model("<plan/>")) == ["bpmn.not-bpmn"]


def test_an_empty_model_has_no_process():
    empty = bpmn(Process("P", []))
    assert codes(check_model(empty)) == ["bpmn.no-process"]


def test_exactly_one_start_event():
    no_start = bpmn(Process("P", [("task", "a", "Pack the rice"), ("end", "e", "Packed")], [("f", "a", "e", "")]))
    finding, = only(check_model(no_start), "bpmn.no-start")
    assert finding.params["process"] == "P"
    two = bpmn(Process("P", [("start", "s1", "Order"), ("start", "s2", "Reorder"), ("task", "a", "Pack the rice"),
                             ("end", "e", "Packed")],
                       [("f1", "s1", "a", ""), ("f2", "s2", "a", ""), ("f3", "a", "e", "")]))
    finding, = only(check_model(two), "bpmn.many-starts")
    assert finding.params["count"] == 2 and "'Reorder'" in finding.message
    assert finding.path == "s2" and finding.line


def test_an_end_event():
    no_end = bpmn(Process("P", [("start", "s", "Start"), ("task", "a", "Pack the rice")], [("f", "s", "a", "")]))
    findings = check_model(no_end)
    only(findings, "bpmn.no-end")
    finding, = only(findings, "bpmn.no-outgoing")
    assert finding.params == {"id": "a", "name": "Pack the rice"}


def test_every_node_is_reached_from_the_start():
    island = chain("P", ["Book the vessel"])
    island.nodes.append(("task", "lost", "Fumigate the containers"))
    island.flows.append(("fx", "lost", "P_end", ""))
    findings = check_model(bpmn(island))
    finding, = only(findings, "bpmn.no-incoming")
    assert finding.params["name"] == "Fumigate the containers"
    # A node with an incoming flow from a node nobody reaches is unreachable.
    island.nodes.append(("task", "before", "Order fumigation"))
    island.flows.append(("fy", "before", "lost", ""))
    findings = check_model(bpmn(island))
    assert [f.path for f in only(findings, "bpmn.unreachable")] == ["lost"]
    assert [f.path for f in only(findings, "bpmn.no-incoming")] == ["before"]


def test_every_node_reaches_an_end():
    trapped = Process("P", [("start", "s", "Start"), ("xor", "x", "Documents complete?"),
                            ("task", "a", "Correct the documents"), ("task", "b", "Ask the bank again"),
                            ("end", "e", "Done")],
                      [("f1", "s", "x", ""), ("f2", "x", "e", "Yes"), ("f3", "x", "a", "No"),
                       ("f4", "a", "b", ""), ("f5", "b", "a", "")])
    findings = check_model(bpmn(trapped))
    finding, = only(findings, "bpmn.dead-end")
    assert finding.path == "a" and "Correct the documents" in finding.message
    assert "bpmn.no-outgoing" not in codes(findings)
    # A loop with a way out is fine: back through a merge to the decision.
    trapped.nodes.insert(1, ("xor", "m", ""))
    trapped.flows[0] = ("f1", "s", "m", "")
    trapped.flows[-1] = ("f5", "b", "m", "")
    trapped.flows.append(("f6", "m", "x", ""))
    assert check_model(bpmn(trapped)) == []


def test_boundary_events_count_as_reached():
    xml = customs_clearance().replace(
        '<bpmn:exclusiveGateway id="C_merge" />',
        '<bpmn:exclusiveGateway id="C_merge" /><bpmn:boundaryEvent id="C_late" name="Inspection overdue" attachedToRef="C_inspect">'
        '<bpmn:timerEventDefinition /></bpmn:boundaryEvent>'
        '<bpmn:sequenceFlow id="C_f9" sourceRef="C_late" targetRef="C_merge" />')
    assert check_model(xml) == []


def test_gateway_degrees():
    pointless = bpmn(Process("P", [("start", "s", "Start"), ("xor", "x", "Check"), ("task", "a", "Pack the rice"),
                                   ("end", "e", "End")],
                             [("f1", "s", "x", ""), ("f2", "x", "a", ""), ("f3", "a", "e", "")]))
    finding, = only(check_model(pointless), "bpmn.gateway-pointless")
    assert finding.severity == "warning" and finding.params["name"] == "Check"
    mixed = bpmn(Process("P", [("start", "s", "Start"), ("and", "split", ""), ("task", "a", "Apply for CO"),
                               ("task", "b", "Apply for SPS"), ("and", "both", "Both"), ("task", "c", "Book"),
                               ("task", "d", "Insure"), ("and", "join", ""), ("end", "e", "End")],
                         [("f1", "s", "split", ""), ("f2", "split", "a", ""), ("f3", "split", "b", ""),
                          ("f4", "a", "both", ""), ("f5", "b", "both", ""), ("f6", "both", "c", ""),
                          ("f7", "both", "d", ""), ("f8", "c", "join", ""), ("f9", "d", "join", ""),
                          ("f10", "join", "e", "")]))
    finding, = only(check_model(mixed), "bpmn.gateway-mixed")
    assert finding.params["incoming"] == 2 and finding.params["outgoing"] == 2
    assert "bpmn.gateway-mixed" not in codes(check_model(parallel()))


def test_every_task_in_a_lane_when_there_are_lanes():
    xml = customs_clearance().replace("<bpmn:flowNodeRef>C_inspect</bpmn:flowNodeRef>", "")
    finding, = only(check_model(xml), "bpmn.no-lane")
    assert finding.params["name"] == "Inspect the consignment" and finding.params["process"] == "Customs"
    # The exporter's pool has no lanes at all: its task needs none.
    assert all(f.path != "E_submit" for f in check_model(xml))


def test_message_flows_only_between_pools():
    xml = customs_clearance().replace('sourceRef="E_submit" targetRef="C_start"', 'sourceRef="C_register" targetRef="C_release"')
    finding, = only(check_model(xml), "bpmn.message-flow-same-pool")
    assert finding.params["pool"] == "Customs" and finding.path == "M_1"


def test_sequence_flows_never_cross_pools():
    xml = customs_clearance().replace('<bpmn:sequenceFlow id="E_f2" sourceRef="E_submit" targetRef="E_end" />',
                                      '<bpmn:sequenceFlow id="E_f2" sourceRef="E_submit" targetRef="E_end" />'
                                      '<bpmn:sequenceFlow id="E_f3" name="Declaration" sourceRef="E_submit" targetRef="C_register" />')
    finding, = only(check_model(xml), "bpmn.sequence-crosses-pool")
    assert (finding.params["source_pool"], finding.params["target_pool"]) == ("Exporter", "Customs")


def test_broken_references():
    xml = customs_clearance().replace('targetRef="C_release" />', 'targetRef="C_gone" />')
    finding, = only(check_model(xml), "bpmn.broken-reference")
    assert finding.params["ref"] == "C_gone"


def test_tasks_documents_and_message_events_are_named():
    xml = customs_clearance().replace(' name="Inspect the consignment"', "").replace(
        ' name="Inspection report"', "").replace(' name="Declaration received"', "")
    findings = check_model(xml)
    assert only(findings, "bpmn.unnamed-task")[0].path == "C_inspect"
    assert only(findings, "bpmn.unnamed-data-object")[0].path == "C_report"
    event, = only(findings, "bpmn.unnamed-event")
    assert event.path == "C_start" and event.severity == "warning"
    unnamed = customs_clearance().replace('<bpmn:messageFlow id="M_1" name="Export declaration"', '<bpmn:messageFlow id="M_1"')
    message, = check_model(unnamed)
    assert (message.code, message.path, message.severity) == ("bpmn.unnamed-message-flow", "M_1", "warning")


def test_branches_of_an_exclusive_decision_are_named():
    xml = customs_clearance().replace(' name="Green channel"', "")
    finding, = only(check_model(xml), "bpmn.unnamed-condition")
    assert finding.path == "C_f4" and finding.params["gateway"] == "Risk channel?"
    # A condition is a name too; parallel splits need none.
    conditioned = customs_clearance().replace(
        '<bpmn:sequenceFlow id="C_f4" name="Green channel" sourceRef="C_risk" targetRef="C_merge" />',
        '<bpmn:sequenceFlow id="C_f4" sourceRef="C_risk" targetRef="C_merge"><bpmn:conditionExpression>'
        'channel == "green"</bpmn:conditionExpression></bpmn:sequenceFlow>')
    assert "bpmn.unnamed-condition" not in codes(check_model(conditioned))


def test_duplicate_task_names():
    xml = bpmn(chain("P", ["Submit the declaration", "Pay the duties", "Submit  the Declaration"]))
    finding, = only(check_model(xml), "bpmn.duplicate-name")
    assert finding.params["count"] == 2 and finding.path == "P_t2"


def test_a_deadlock_is_not_a_rule_but_the_model_is_clean_otherwise():
    # The rules see nothing wrong in an exclusive split joined in parallel; a run does.
    assert errors(check_model(deadlock())) == []


def test_findings_are_sorted_by_line_and_carry_id_and_name():
    xml = customs_clearance().replace(' name="Inspect the consignment"', "").replace(
        "<bpmn:flowNodeRef>C_release</bpmn:flowNodeRef>", "")
    findings = check_model(xml)
    lines = [f.line or 0 for f in findings]
    assert lines == sorted(lines)
    for finding in findings:
        assert finding.params["id"] and finding.params["name"]


def test_findings_in_chinese():
    xml = customs_clearance().replace("<bpmn:flowNodeRef>C_inspect</bpmn:flowNodeRef>", "")
    english, = check_model(xml)
    chinese, = check_model(xml, lang="zh_Hans")
    assert chinese.code == english.code
    assert chinese.message != english.message
    assert "Inspect the consignment" in chinese.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese.message + chinese.hint)


def test_splits_and_joins_without_a_gateway():
    xml = bpmn(Process("P", [("start", "s", "Start"), ("task", "a", "Prepare the invoice"),
                             ("task", "b", "Apply for the certificate of origin"), ("task", "c", "Book the vessel"),
                             ("task", "d", "Present the documents"), ("end", "e", "End")],
                       [("f1", "s", "a", ""), ("f2", "a", "b", ""), ("f3", "a", "c", ""), ("f4", "b", "d", ""),
                        ("f5", "c", "d", ""), ("f6", "d", "e", "")]))
    findings = check_model(xml)
    split, = only(findings, "bpmn.implicit-split")
    join, = only(findings, "bpmn.implicit-join")
    assert (split.path, split.params["count"], split.severity) == ("a", 2, "warning")
    assert (join.path, join.params["count"]) == ("d", 2)
    assert errors(findings) == []
    # With gateways (the parallel sample) neither is reported.
    assert "bpmn.implicit-split" not in codes(check_model(parallel()))


def test_link_events_continue_each_other():
    from bpmn_samples import linked
    assert check_model(linked()) == []
    findings = check_model(linked("Elsewhere"))
    assert sorted(f.path for f in only(findings, "bpmn.link-unmatched")) == ["in", "out"]
    assert "bpmn.no-outgoing" in codes(findings) and "bpmn.no-incoming" in codes(findings)
