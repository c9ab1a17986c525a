"""Running a learner's process with the SpiffWorkflow engine along scenario paths.

The path's choices decide every branch; nothing the learner wrote is evaluated; loops and
deadlocks end with a finding, in bounded steps and time, never a hang.
"""

import pytest

from bpmn_samples import Process, bpmn, chain, customs_clearance, deadlock, loop, parallel
from course.bpmn import run_every_pool, run_path
from course.bpmn import execute
from course.bpmn.reading import read_model

INSPECTION = {"Risk channel?": "Inspection required"}
GREEN = {"Risk channel?": "Green channel"}


def test_both_customs_paths_complete():
    inspected = run_path(customs_clearance(), INSPECTION)
    assert inspected.completed and inspected.findings == []
    assert inspected.tasks == ["Register the export declaration", "Inspect the consignment", "Release the goods"]
    assert inspected.task_ids == ["C_register", "C_inspect", "C_release"]
    green = run_path(customs_clearance(), GREEN)
    assert green.completed
    assert green.tasks == ["Register the export declaration", "Release the goods"]
    assert inspected.process == green.process == "Process_Customs"   # the pool with most tasks
    assert inspected.as_dict()["tasks"] == inspected.tasks and bool(green)


@pytest.mark.parametrize("choices", [
    {"C_risk": "Green channel"},                    # the gateway by id
    {"risk channel": "green CHANNEL"},               # case, spaces and the question mark do not matter
    {"Risk channel?": "C_f4"},                       # the flow by id
])
def test_choices_name_gateways_and_branches_in_several_ways(choices):
    run = run_path(customs_clearance(), choices)
    assert run.completed and "Inspect the consignment" not in run.tasks


def test_a_branch_by_the_name_of_its_target():
    assert run_path(customs_clearance(), {"Risk channel?": "Inspect the consignment"}).tasks[1] == \
        "Inspect the consignment"
    # The green branch leads to a merge, not to a step: the step after the merge is no branch.
    run = run_path(customs_clearance(), {"Risk channel?": "Release the goods"})
    assert not run.completed and run.findings[0].code == "bpmn.run-unknown-choice"


def test_a_missing_or_unknown_choice_is_a_finding():
    run = run_path(customs_clearance(), {})
    assert not run.completed and run.stuck_at == "C_risk"
    finding, = run.findings
    assert finding.code == "bpmn.run-no-choice"
    assert "'Inspection required', 'Green channel'" in finding.message
    run = run_path(customs_clearance(), {"Risk channel?": "Red channel"})
    assert run.findings[0].code == "bpmn.run-unknown-choice" and "Red channel" in run.findings[0].message
    assert run.tasks == ["Register the export declaration"]


def test_a_default_flow_is_taken_when_the_path_says_nothing():
    xml = customs_clearance().replace('<bpmn:exclusiveGateway id="C_risk" name="Risk channel?" />',
                                      '<bpmn:exclusiveGateway id="C_risk" name="Risk channel?" default="C_f4" />')
    assert run_path(xml, {}).tasks == ["Register the export declaration", "Release the goods"]


def test_the_pool_to_run_can_be_chosen():
    run = run_path(customs_clearance(), {}, pool="Exporter")
    assert run.completed and run.tasks == ["Submit the export declaration"]
    assert run.process == "Process_Exporter"
    missing = run_path(customs_clearance(), {}, pool="Bank")
    assert missing.findings[0].code == "bpmn.run-no-pool"
    assert "Customs" in missing.findings[0].message and "Exporter" in missing.findings[0].message


def test_parallel_branches_both_run():
    run = run_path(parallel())
    assert run.completed
    assert sorted(run.tasks[:2]) == ["Apply for the certificate of origin", "Apply for the phytosanitary certificate"]
    assert run.tasks[2] == "Present the documents to the bank"


def test_a_deadlock_at_a_parallel_join_is_reported():
    run = run_path(deadlock(), {"Risk channel?": "Green channel"})
    assert not run.completed and run.stuck_at == "join"
    finding, = run.findings
    assert finding.code == "bpmn.run-deadlock" and "Both done" in finding.message


def test_a_loop_is_reported_and_a_loop_with_a_way_out_completes():
    run = run_path(loop(), {"Documents complete?": "No"})
    assert not run.completed
    assert run.findings[0].code == "bpmn.run-loop"
    assert run.tasks.count("Correct the documents") == execute.MAX_VISITS
    assert run_path(loop(), {"Documents complete?": "Yes"}).completed


def test_a_loop_of_gateways_alone_is_bounded_too():
    xml = bpmn(Process("P", [("start", "s", "Start"), ("xor", "a", "A"), ("xor", "b", "B"), ("end", "e", "End")],
                       [("f1", "s", "a", ""), ("f2", "a", "b", ""), ("f3", "b", "a", "Again"), ("f4", "b", "e", "Stop")]))
    run = run_path(xml, {"B": "Again"})
    assert run.findings[0].code == "bpmn.run-loop" and not run.completed


def test_a_step_budget_ends_any_run(monkeypatch):
    monkeypatch.setattr(execute, "MAX_STEPS", 3)
    run = run_path(customs_clearance(), INSPECTION)
    assert not run.completed and run.findings[0].code == "bpmn.run-too-long"


def test_a_branch_that_stops_without_an_end_event_does_not_complete():
    xml = customs_clearance().replace('<bpmn:sequenceFlow id="C_f5" sourceRef="C_inspect" targetRef="C_merge" />', "")
    run = run_path(xml, INSPECTION)
    assert not run.completed and run.stuck_at == "C_inspect"
    assert run.findings[0].code == "bpmn.run-stuck"
    assert run_path(xml, GREEN).completed


def test_learner_conditions_and_scripts_never_run(tmp_path):
    marker = tmp_path / "ran"
    hostile = f"__import__('pathlib').Path({str(marker)!r}).write_text('x') or True"
    xml = customs_clearance().replace(
        '<bpmn:sequenceFlow id="C_f3" name="Inspection required" sourceRef="C_risk" targetRef="C_inspect" />',
        f'<bpmn:sequenceFlow id="C_f3" name="Inspection required" sourceRef="C_risk" targetRef="C_inspect">'
        f'<bpmn:conditionExpression>{hostile}</bpmn:conditionExpression></bpmn:sequenceFlow>').replace(
        '<bpmn:userTask id="C_register" name="Register the export declaration">',
        f'<bpmn:scriptTask id="C_register" name="Register the export declaration" scriptFormat="python">'
        f'<bpmn:script>{hostile}</bpmn:script>').replace(
        "</bpmn:userTask>\n    <bpmn:exclusiveGateway id=\"C_risk\"",
        "</bpmn:scriptTask>\n    <bpmn:exclusiveGateway id=\"C_risk\"", 1)
    model = read_model(xml)
    assert model.flows["C_f3"].condition == hostile
    assert hostile not in execute.engine_xml(model, "Process_Customs")
    for choices in (INSPECTION, GREEN):
        assert run_path(xml, choices).completed
    assert not marker.exists()


def test_events_waiting_for_messages_or_timers_pass_and_event_gateways_take_the_choice():
    xml = bpmn(Process("P", [("start", "s", "Start"), ("task", "a", "Apply for the certificate"),
                             ("event-gw", "g", "Answer"), ("catch", "ok", "Certificate received"),
                             ("catch", "no", "Refusal received"), ("task", "b", "Ship the goods"),
                             ("task", "c", "Cancel the order"), ("end", "e1", "Shipped"), ("end", "e2", "Cancelled")],
                       [("f1", "s", "a", ""), ("f2", "a", "g", ""), ("f3", "g", "ok", ""), ("f4", "g", "no", ""),
                        ("f5", "ok", "b", ""), ("f6", "no", "c", ""), ("f7", "b", "e1", ""), ("f8", "c", "e2", "")]))
    xml = xml.replace('<bpmn:intermediateCatchEvent id="ok" name="Certificate received" />',
                      '<bpmn:intermediateCatchEvent id="ok" name="Certificate received"><bpmn:messageEventDefinition />'
                      '</bpmn:intermediateCatchEvent>')
    assert run_path(xml, {"Answer": "Certificate received"}).tasks == ["Apply for the certificate", "Ship the goods"]
    assert run_path(xml, {"Answer": "Refusal received"}).tasks == ["Apply for the certificate", "Cancel the order"]


def test_an_inclusive_split_takes_every_branch_unless_told():
    xml = bpmn(Process("P", [("start", "s", "Start"), ("or", "g", "Certificates needed"), ("task", "a", "Apply for CO"),
                             ("task", "b", "Apply for SPS"), ("or", "j", ""), ("end", "e", "End")],
                       [("f1", "s", "g", ""), ("f2", "g", "a", "Origin"), ("f3", "g", "b", "Plant health"),
                        ("f4", "a", "j", ""), ("f5", "b", "j", ""), ("f6", "j", "e", "")]))
    assert sorted(run_path(xml).tasks) == ["Apply for CO", "Apply for SPS"]
    assert run_path(xml, {"Certificates needed": ["Origin"]}).tasks == ["Apply for CO"]


def test_models_the_engine_cannot_start_give_findings():
    no_start = bpmn(Process("P", [("task", "a", "Pack"), ("end", "e", "End")], [("f", "a", "e", "")]))
    assert run_path(no_start).findings[0].code == "bpmn.no-start"
    assert run_path(b'{"json": true}').findings[0].code == "xml.not-xml"
    assert run_path(bpmn(Process("P", []))).findings[0].code == "bpmn.no-process"


def test_a_read_model_can_be_run_and_findings_speak_chinese():
    model = read_model(customs_clearance())
    assert run_path(model, GREEN).completed
    english = run_path(model, {}).findings[0]
    chinese = run_path(model, {}, lang="zh_Hans").findings[0]
    assert chinese.message != english.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese.message)
    assert "Risk channel?" in chinese.message


def test_a_long_chain_runs_to_its_end():
    xml = bpmn(chain("P", [f"Step {i}" for i in range(150)]), layout=False)
    run = run_path(xml)
    assert run.completed and len(run.tasks) == 150


def test_every_pool_can_be_run_at_once():
    runs = run_every_pool(customs_clearance(), INSPECTION)
    assert set(runs) == {"Customs", "Exporter"} and all(r.completed for r in runs.values())
    stuck = customs_clearance().replace('<bpmn:sequenceFlow id="E_f2" sourceRef="E_submit" targetRef="E_end" />', "")
    runs = run_every_pool(stuck, GREEN)
    assert runs["Customs"].completed and not runs["Exporter"].completed
    assert runs["Exporter"].findings[0].code == "bpmn.run-stuck"
    assert run_every_pool("<x/>")[""].findings[0].code == "bpmn.not-bpmn"


def test_ids_the_engine_reserves_and_camunda_expressions_do_not_matter():
    from test_bpmn_reading import CAMUNDA
    assert 'id="Start"' in CAMUNDA and "${ok}" in CAMUNDA
    run = run_path(CAMUNDA)
    assert run.completed and run.tasks == ["Check the certificate of origin"]
    copy = execute.EngineCopy(read_model(CAMUNDA), "Issue_certificate")
    assert "Start" not in copy.xml and "${ok}" not in copy.xml
    assert copy.node_of["n0"] == "Start"


def test_parallel_splits_in_a_row_are_refused_before_the_engine_explodes():
    # The engine predicts every task after a parallel join once per branch: 2^k tasks.
    from bpmn_samples import parallel_blocks
    run = run_path(parallel_blocks(6))
    assert run.completed and len(run.tasks) == 12
    run = run_path(parallel_blocks(30))
    assert not run.completed and run.findings[0].code == "bpmn.run-too-complex"
    # Decisions in a row are no problem: only the branch taken is predicted.
    run = run_path(parallel_blocks(40, "xor"), {f"D{i}": "B1" for i in range(40)})
    assert run.completed and run.tasks == [f"Task B{i}" for i in range(40)]


def test_a_process_longer_than_the_engine_can_walk_is_refused():
    run = run_path(bpmn(chain("P", [f"Step {i}" for i in range(execute.MAX_ENGINE_NODES)]), layout=False))
    assert not run.completed
    finding, = run.findings
    assert finding.code == "bpmn.run-too-big" and str(execute.MAX_ENGINE_NODES) in finding.message
    assert run_path(bpmn(chain("P", [f"Step {i}" for i in range(execute.MAX_ENGINE_NODES - 2)]))).completed


def test_branch_names_for_any_decision():
    # A learner's decision named in their own words is still followed by its branches' names.
    renamed = customs_clearance().replace('name="Risk channel?"', 'name="Red or green?"')
    assert run_path(renamed, {"*": ["Green channel", "No"]}).tasks == ["Register the export declaration",
                                                                        "Release the goods"]
    assert run_path(renamed, {"*": "inspection required"}).tasks[1] == "Inspect the consignment"
    # A decision's own choice wins; names that match no branch leave the decision without a choice.
    assert run_path(renamed, {"Red or green?": "Inspection required", "*": "Green channel"}).tasks[1] == \
        "Inspect the consignment"
    assert run_path(renamed, {"*": ["Yes"]}).findings[0].code == "bpmn.run-no-choice"


def test_a_task_with_two_outgoing_flows_starts_both():
    xml = bpmn(Process("P", [("start", "s", "Start"), ("task", "a", "Prepare the invoice"),
                             ("task", "b", "Apply for the certificate of origin"), ("task", "c", "Book the vessel"),
                             ("and", "j", ""), ("end", "e", "End")],
                       [("f1", "s", "a", ""), ("f2", "a", "b", ""), ("f3", "a", "c", ""), ("f4", "b", "j", ""),
                        ("f5", "c", "j", ""), ("f6", "j", "e", "")]))
    run = run_path(xml)
    assert run.completed and sorted(run.tasks[1:]) == ["Apply for the certificate of origin", "Book the vessel"]


def test_a_gateway_without_outgoing_flow_stops_the_run():
    xml = bpmn(Process("P", [("start", "s", "Start"), ("task", "a", "Pack"), ("and", "g", "Ready"), ("end", "e", "End")],
                       [("f1", "s", "a", ""), ("f2", "a", "g", "")]))
    run = run_path(xml)
    assert not run.completed and run.stuck_at == "g" and run.findings[0].code == "bpmn.run-stuck"


@pytest.mark.parametrize("nodes, flows, at", [
    ([("start", "s", "Start")], [("f0", "s", "s", "")], "s"),
    ([("start", "s", "Start"), ("task", "a", "Check"), ("task", "b", "Correct"), ("end", "e", "End")],
     [("f1", "s", "a", ""), ("f2", "a", "b", ""), ("f3", "b", "a", ""), ("f4", "b", "e", "")], "a"),
    ([("start", "s", "Start"), ("and", "p", ""), ("task", "a", "Check"), ("end", "e", "End")],
     [("f1", "s", "p", ""), ("f2", "p", "a", ""), ("f3", "a", "p", ""), ("f4", "p", "e", "")], "p"),
])
def test_a_loop_without_a_decision_is_reported_before_the_engine_recurses(nodes, flows, at):
    run = run_path(bpmn(Process("P", nodes, flows)))
    assert not run.completed and run.stuck_at == at
    assert run.findings[0].code == "bpmn.run-endless-loop"


def test_a_run_jumps_from_a_link_event_to_its_partner():
    from bpmn_samples import linked
    assert run_path(linked()).tasks == ["Prepare the invoice", "Ship the goods"]
    broken = run_path(linked("Elsewhere"))
    assert not broken.completed and broken.stuck_at == "out"
