"""Module 01's graded checks: right answers earn full credit, realistic wrong answers the credit
and the reasons intended, cheats nothing, and the self-check judges only what a participant may see.

The full answer keys are used here, as the grader's hidden tests use them.
"""
import re

import pytest

from course.checks import CORRECT, INCORRECT, NOT_ATTEMPTED, catalog, keys

TASKS = ["01-inventory", "01-as-is-model", "01-time-procedure", "01-bottlenecks", "01-to-be-model",
         "01-recommendation"]
KEYS = keys.folder("01-business-process-analysis")
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"


@pytest.fixture(autouse=True, scope="module")
def full_keys():
    with keys.grading():  # these tests play the grader's judge
        yield


@pytest.fixture(scope="module")
def dataset():
    from course.module01_business_process_analysis import dataset
    return dataset


def problem(exercise_id):
    return catalog.get(exercise_id)


def judged(exercise_id, answer, lang="en"):
    p = problem(exercise_id)
    return p.check(answer, lang, p.answer_key())


def self_checked(exercise_id, answer):
    p = problem(exercise_id)
    return p.check(answer, "en", p.public_key())


def reasons(outcome) -> str:
    return "\n".join([outcome.message, *(outcome.reasons or [])])


# --- the right answers --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def steps(dataset):
    return dataset.key_procedures()


@pytest.fixture(scope="module")
def right(dataset, steps):
    figures = dataset.key_json("time_procedure.json")["inspection required"]
    named = {s["id"]: s["procedure"] for s in steps}
    waits = {s["id"]: s["waiting_hours"] for s in steps}
    return {
        "01-inventory": {"procedures": [{k: s[k] for k in ("procedure", "actor", "documents_in", "documents_out")}
                                        for s in steps]},
        "01-as-is-model": (KEYS / "as_is_no_layout.bpmn").read_text(encoding="utf-8"),
        "01-time-procedure": {"total_hours": figures["total_hours"],
                              "critical_path": [named[s] for s in figures["critical_path"]],
                              "longest_wait": "Issue the phytosanitary certificate"},
        "01-bottlenecks": {"bottlenecks": [named[s] for s in figures["critical_path"] if waits[s] >= 24],
                           "redundant": ["Booking request", "Phytosanitary certificate application", "Form D application",
                                         "Export declaration", "Shipping instructions"]},
        "01-to-be-model": (KEYS / "to_be.bpmn").read_text(encoding="utf-8"),
        "01-recommendation": {"options": ["A", "B", "C", "G"],
                              "reasons": ["data typed again into five forms", "the Form D waits for the phyto",
                                          "paper certificates carried around", "the declaration is lodged too late"]},
    }


@pytest.mark.parametrize("task", TASKS)
def test_right_answers_earn_full_credit_in_english_and_chinese(task, right):
    for lang in ("en", "zh"):
        outcome = judged(task, right[task], lang)
        assert outcome.status == CORRECT and outcome.score == 1.0, (task, lang, reasons(outcome))


@pytest.mark.parametrize("task", TASKS)
def test_the_self_check_of_a_right_answer_says_the_grader_checks_the_rest(task, right):
    outcome = self_checked(task, right[task])
    assert outcome.status == CORRECT, (task, reasons(outcome))
    assert "Your trainer's grading checks the rest" in outcome.message


@pytest.mark.parametrize("task", TASKS)
def test_blank_answers_are_not_attempted(task):
    for blank in (None, "", ..., [], {}):
        assert judged(task, blank).status == NOT_ATTEMPTED


# --- 1. the inventory ---------------------------------------------------------------------------

def inventory_without(right, procedure=None, **changes):
    rows = [dict(r) for r in right["01-inventory"]["procedures"] if r["procedure"] != procedure]
    for row in rows:
        row.update(changes.get(row["procedure"], {}))
    return {"procedures": rows}


def test_an_inventory_missing_a_step_loses_its_share_and_names_it(right):
    outcome = judged("01-inventory", inventory_without(right, "Inspect the containers (inspection channel)"))
    recall = 21 / 22
    assert outcome.score == pytest.approx(0.4 * 2 * recall / (1 + recall) + 0.6 * recall, abs=0.001)
    assert "Missing: a step like 'Inspect the containers (inspection channel)'" in reasons(outcome)


def test_the_wrong_actor_costs_its_share_of_a_fifth(right):
    outcome = judged("01-inventory", inventory_without(right, None, **{
        "Lodge the export declaration in ASYCUDA": {"actor": "Customs"}}))
    assert outcome.score == pytest.approx(1 - 0.2 / 22, abs=0.001)
    assert "'Lodge the export declaration in ASYCUDA' is not done by 'Customs'" in reasons(outcome)


def test_forgotten_documents_cost_and_are_pointed_at(right):
    outcome = judged("01-inventory", inventory_without(right, None, **{
        "Apply for the phytosanitary certificate": {"documents_in": ["Commercial invoice"]}}))
    assert outcome.score == pytest.approx(1 - 0.2 * (1 - 2 * 1 / 5) / 22, abs=0.001)
    assert "'Apply for the phytosanitary certificate': look again at its documents_in" in reasons(outcome)


def test_names_as_people_say_them_are_understood(right):
    renamed = inventory_without(right, None, **{
        "Request a booking": {"procedure": "book cargo space", "actor": "forwarder",
                              "documents_in": "invoice; PL", "documents_out": ["booking request"]},
        "Issue the phytosanitary certificate": {"procedure": "issue phyto", "actor": "plant quarantine agency",
                                                "documents_out": ["phyto"]},
        "Issue the bill of lading": {"documents_out": ["B/L"]},
    })
    assert judged("01-inventory", renamed).score == 1.0


def test_only_the_bank_rows_earn_what_they_cover(right):
    bank = inventory_without(right)
    bank["procedures"] = [r for r in bank["procedures"] if r["actor"] == "Bank"]
    outcome = judged("01-inventory", bank)
    recall = 2 / 22
    assert outcome.score == pytest.approx(0.4 * 2 * recall / (1 + recall) + 0.6 * recall, abs=0.001)
    assert self_checked("01-inventory", bank).status == CORRECT   # the worked example is all the self-check has


def test_the_self_check_names_a_missed_step_of_the_worked_example(right):
    outcome = self_checked("01-inventory", inventory_without(right, "Advise the letter of credit"))
    assert outcome.status == INCORRECT and "Advise the letter of credit" in reasons(outcome)


def test_inventory_cheats(right):
    rows = right["01-inventory"]["procedures"]
    copies = judged("01-inventory", {"procedures": rows * 20})          # 440 rows: not one procedure
    assert copies.score == 0 and copies.status == INCORRECT
    doubled = judged("01-inventory", {"procedures": rows * 2})           # every step twice
    assert doubled.score == pytest.approx(0.4 * 2 / 3 + 0.6 / 2) and "repeat" in reasons(doubled)
    names_only = judged("01-inventory", {"procedures": [{"procedure": r["procedure"]} for r in rows]})
    assert names_only.score == pytest.approx(0.4 + 0.2 / 22, abs=0.001)   # one step has no document out
    assert judged("01-inventory", "Advise the letter of credit; Request a booking").score == 0
    assert judged("01-inventory", {"procedures": ["Advise the letter of credit"]}).status == INCORRECT


# --- 2. the as-is model -------------------------------------------------------------------------

def without_flow(xml: str, source: str, target: str) -> str:
    flow = re.search(rf'\s*<bpmn:sequenceFlow id="(Flow_{source}_{target})"[^>]*/>', xml)
    assert flow, (source, target)
    xml = xml.replace(flow.group(0), "")
    return xml.replace(f"<bpmn:incoming>{flow.group(1)}</bpmn:incoming>", "").replace(
        f"<bpmn:outgoing>{flow.group(1)}</bpmn:outgoing>", "")


def test_a_model_whose_inspection_never_rejoins_loses_the_rules_and_a_path(right):
    broken = without_flow(right["01-as-is-model"], "P16", "Gateway_inspection_done")
    outcome = judged("01-as-is-model", broken)
    assert 0.7 < outcome.score < 0.9, outcome.score   # one rule error and one path of two
    assert "On the path 'inspection required' your process does not complete" in reasons(outcome)


def test_steps_named_as_people_say_them_are_matched_by_the_synonyms(right):
    renamed = right["01-as-is-model"].replace('name="Request a booking"', 'name="book cargo space"').replace(
        'name="Fumigate the bagged rice"', 'name="fumigation"')
    assert judged("01-as-is-model", renamed).score == 1.0


def test_a_missing_step_is_named(right):
    text = right["01-as-is-model"].replace('name="Stuff and seal the containers"', 'name="Have lunch"')
    outcome = judged("01-as-is-model", text)
    assert 0.75 < outcome.score < 1.0
    assert "'Stuff and seal the containers' is in the reference but not in your model" in reasons(outcome)


def test_the_self_check_compares_with_the_worked_example_only(right, dataset):
    example = dataset.example_model()
    alone = self_checked("01-as-is-model", example)            # the example is not an answer to the task
    assert alone.status == INCORRECT and "customs' inspection" in reasons(alone)
    wrong_bank = right["01-as-is-model"].replace('name="Examine the documents and pay the exporter"',
                                                 'name="Archive the file"')
    outcome = self_checked("01-as-is-model", wrong_bank)
    assert outcome.status == INCORRECT and "Examine the documents and pay the exporter" in reasons(outcome)
    assert "Fumigate" not in reasons(outcome)                  # steps beyond the example are not reported


def tasks_only(names, flows=False) -> str:
    body = "".join(f'<task id="t{i}" name="{n}"/>' for i, n in enumerate(names))
    if flows:
        body = '<startEvent id="s"/>' + body + '<endEvent id="e"/>'
        chain = ["s", *(f"t{i}" for i in range(len(names))), "e"]
        body += "".join(f'<sequenceFlow id="f{i}" sourceRef="{a}" targetRef="{b}"/>' for i, (a, b) in
                        enumerate(zip(chain, chain[1:])))
    return (f'<?xml version="1.0" encoding="UTF-8"?><definitions xmlns="{BPMN_NS}" id="d" targetNamespace="urn:x">'
            f'<process id="p" isExecutable="true">{body}</process></definitions>')


@pytest.fixture(scope="module")
def names(steps):
    return [s["procedure"] for s in steps]


def test_model_cheats_earn_little_or_nothing(dataset, names):
    cases = {
        "the worked example": (dataset.example_model(), 0.15),
        "an empty process": (tasks_only([]), 0.0),
        "the right names without flows": (tasks_only(names), 0.25),
        "500 copies of the right names": (tasks_only(names * 23), 0.25),
        "the right names in one chain, one pool, no decision": (tasks_only(names, flows=True), 0.55),
    }
    for label, (text, ceiling) in cases.items():
        outcome = judged("01-as-is-model", text)
        assert outcome.status == INCORRECT and outcome.score <= ceiling, (label, outcome.score)


@pytest.mark.parametrize("task", ["01-as-is-model", "01-to-be-model"])
def test_hostile_huge_and_mistyped_models_are_refused_with_a_reason(task):
    huge = tasks_only(["Advise the letter of credit"] * 3) + "<!--" + "x" * (6 * 1024 * 1024) + "-->"
    cases = {
        "an entity that reads a file": ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                                       f'<definitions xmlns="{BPMN_NS}">&e;</definitions>'),
        "a billion laughs": ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;'
                             '&a;&a;&a;&a;&a;">]>' f'<definitions xmlns="{BPMN_NS}">&b;</definitions>'),
        "6 MB": huge,
        "the key's path": str(KEYS / "as_is.bpmn"),
        "JSON": '{"process": "as-is"}',
        "a PNG": b"\x89PNG\r\n\x1a\n" + bytes(64),
    }
    for label, answer in cases.items():
        outcome = judged(task, answer)
        assert outcome.status == INCORRECT and outcome.score == 0, (label, outcome.score)
        assert "Your model cannot be read" in outcome.message, (label, outcome.message)
    for answer in ({"xml": "<definitions/>"}, 42, ["<definitions/>"]):
        outcome = judged(task, answer)
        assert outcome.score == 0 and "It expects the BPMN 2.0 XML" in outcome.message, answer


@pytest.mark.parametrize("task", ["01-as-is-model", "01-to-be-model"])
def test_a_model_of_thousands_of_steps_is_judged(task, names):
    many = tasks_only([f"Step {i}" for i in range(3000)] + names, flows=True)
    outcome = judged(task, many)
    assert outcome.status == INCORRECT and outcome.score < 0.6


def test_a_model_of_hundreds_of_pools_is_not_run_pool_by_pool():
    pools = "".join(f'<participant id="o{i}" name="Org {i}" processRef="p{i}"/>' for i in range(200))
    processes = "".join(f'<process id="p{i}" isExecutable="true"><startEvent id="s{i}"/><task id="t{i}" '
                        f'name="Inspect the containers (inspection channel)"/><endEvent id="e{i}"/>'
                        f'<sequenceFlow id="a{i}" sourceRef="s{i}" targetRef="t{i}"/>'
                        f'<sequenceFlow id="b{i}" sourceRef="t{i}" targetRef="e{i}"/></process>' for i in range(200))
    text = (f'<?xml version="1.0" encoding="UTF-8"?><definitions xmlns="{BPMN_NS}" id="d" targetNamespace="urn:x">'
            f'<collaboration id="c">{pools}</collaboration>{processes}</definitions>')
    outcome = judged("01-as-is-model", text)
    assert outcome.score < 0.2 and "200 processes" in reasons(outcome)


# --- 3. the time-procedure figures --------------------------------------------------------------

def test_the_green_channel_figures_lose_the_total_and_two_steps(right, dataset, steps):
    green = dataset.key_json("time_procedure.json")["green channel"]
    named = {s["id"]: s["procedure"] for s in steps}
    answer = dict(right["01-time-procedure"], total_hours=green["total_hours"],
                  critical_path=[named[s] for s in green["critical_path"]])
    outcome = judged("01-time-procedure", answer)
    assert outcome.score == pytest.approx(0.4 * 14 / 16 + 0.2, abs=0.001)
    assert "more than 5% away" in reasons(outcome) and "misses 2 step(s)" in reasons(outcome)


def test_the_longest_step_is_not_the_longest_wait(right):
    outcome = judged("01-time-procedure", dict(right["01-time-procedure"], longest_wait="Fumigate the bagged rice"))
    assert outcome.score == pytest.approx(0.8)
    assert "'Fumigate the bagged rice' is not the step that waits longest" in reasons(outcome)


def test_a_total_within_five_percent_keeps_its_credit(right):
    assert judged("01-time-procedure", dict(right["01-time-procedure"], total_hours=503 * 1.04)).score == 1.0


def test_time_cheats(right, names):
    for answer in ({"total_hours": 503, "critical_path": names, "longest_wait": "Issue the phytosanitary certificate"},
                   {"total_hours": "a lot", "critical_path": [], "longest_wait": ""},
                   {"total_hours": 503, "critical_path": "*", "longest_wait": "*"}):
        outcome = judged("01-time-procedure", answer)
        assert outcome.status == INCORRECT and outcome.score < 0.9, answer   # every step named: precision 16/22
    assert judged("01-time-procedure", [503]).score == 0
    unknown = self_checked("01-time-procedure", dict(right["01-time-procedure"], critical_path=["Wait", "Pay"]))
    assert unknown.status == INCORRECT and "'Wait' is not a step of the procedure" in reasons(unknown)


# --- 4. bottlenecks and redundant documents -----------------------------------------------------

def test_a_missed_redundant_document_and_an_extra_step_cost_their_share(right):
    answer = {"bottlenecks": right["01-bottlenecks"]["bottlenecks"] + ["Request a booking"],
              "redundant": right["01-bottlenecks"]["redundant"][:-1]}
    outcome = judged("01-bottlenecks", answer)
    found = len(right["01-bottlenecks"]["bottlenecks"])
    assert outcome.score == pytest.approx(0.5 * 2 * found / (2 * found + 1) + 0.5 * 2 * 4 / 9, abs=0.001)
    assert "request booking" in reasons(outcome) and "You miss 1 redundant document(s)" in reasons(outcome)


def test_the_needless_wait_and_the_trips_to_offices_cost_nothing(right):
    answer = dict(right["01-bottlenecks"], bottlenecks=right["01-bottlenecks"]["bottlenecks"] + [
        "Apply for the certificate of origin (Form D)", "Present the documents under the letter of credit"])
    assert judged("01-bottlenecks", answer).score == 1.0


def test_bottleneck_cheats(names):
    everything = judged("01-bottlenecks", {"bottlenecks": names, "redundant": ["Commercial invoice", "Packing list",
                                                                             "Booking request"]})
    assert everything.score < 0.6
    assert judged("01-bottlenecks", "all of them").score == 0


# --- 5. the to-be model -------------------------------------------------------------------------

def test_the_as_is_offered_as_the_to_be_keeps_its_redundancies_and_its_time(right):
    outcome = judged("01-to-be-model", right["01-as-is-model"])
    assert outcome.score == pytest.approx(0.4, abs=0.001)
    text = reasons(outcome)
    assert "'Export declaration' is still submitted on its own" in text and "no less than the as-is" in text


def test_a_to_be_that_keeps_one_redundant_submission_loses_a_share(right):
    kept = right["01-to-be-model"].replace('name="Form D application (from the submission)"',
                                           'name="Form D application"')
    outcome = judged("01-to-be-model", kept)
    assert outcome.score == pytest.approx(1 - 0.3 / 3, abs=0.001)
    assert "'Form D application' is still submitted on its own" in reasons(outcome)


def test_a_to_be_that_breaks_a_path_loses_it_and_the_rules(right):
    broken = without_flow(right["01-to-be-model"], "T14", "Gateway_inspection_done")
    outcome = judged("01-to-be-model", broken)
    assert outcome.score < 0.6 and "On the path 'inspection required'" in reasons(outcome)


def test_to_be_cheats(right, dataset, names):
    to_be = right["01-to-be-model"]
    no_tasks = re.sub(r"<bpmn:(task|sendTask) id=\"(T\d+)\"", r'<bpmn:intermediateThrowEvent id="\2"', to_be)
    no_tasks = re.sub(r"</bpmn:(task|sendTask)>", "</bpmn:intermediateThrowEvent>", no_tasks)
    no_tasks = re.sub(r'\s*<bpmn:(property|dataInputAssociation|dataOutputAssociation)[\s\S]*?'
                      r'(/>|</bpmn:(dataInputAssociation|dataOutputAssociation)>)', "", no_tasks)
    cases = {
        "every task deleted": (no_tasks, 0.0),
        "an empty process": (tasks_only([]), 0.0),
        "the worked example": (dataset.example_model(), 0.2),
        "500 copies of the right names": (tasks_only(names * 23), 0.0),
        "the right names in one chain": (tasks_only(names, flows=True), 0.5),
    }
    for label, (text, ceiling) in cases.items():
        outcome = judged("01-to-be-model", text)
        assert outcome.status == INCORRECT and outcome.score <= ceiling, (label, outcome.score, reasons(outcome))


# --- 6. the recommendation ----------------------------------------------------------------------

def test_a_wrong_option_costs_what_a_right_one_earns(right):
    answer = {"options": ["A", "B", "C", "G", "E"], "reasons": right["01-recommendation"]["reasons"] + [
        "inspect everything to be safe"]}
    outcome = judged("01-recommendation", answer)
    assert outcome.score == pytest.approx(0.75)
    assert "Option E removes no bottleneck" in reasons(outcome)


def test_options_without_reasons_earn_four_fifths(right):
    outcome = judged("01-recommendation", ["A", "B", "C", "G"])
    assert outcome.score == pytest.approx(0.8)
    assert "one short reason per option" in reasons(outcome)


def test_recommendation_cheats():
    every = {"options": list("ABCDEFGH"), "reasons": ["this removes a bottleneck somewhere"] * 8}
    for answer in (every, {"options": ["Z", "A B C G"], "reasons": ["x" * 20] * 2}, {"options": "ABCG"},
                   {"options": [{"A": True}]}):
        outcome = judged("01-recommendation", answer)
        assert outcome.status == INCORRECT and outcome.score == 0, (answer, outcome.score)


# --- the lessons' practice questions -----------------------------------------------------------

def test_practice_questions_answer_right_and_common_mistakes():
    duration = problem("01-practice-reading-a-duration")
    assert duration.check({"min": 24, "likely": 32, "max": 40}).status == CORRECT
    as_waiting = duration.check({"min": 72, "likely": 96, "max": 120})
    assert as_waiting.status == INCORRECT and "days of waiting" in as_waiting.message
    assert duration.check({"min": "three", "likely": 32, "max": 40}).status == INCORRECT
    amended = problem("01-practice-amended-path")
    assert amended.check(224).status == CORRECT and amended.check("224").status == CORRECT
    without = amended.check(152)
    assert without.status == INCORRECT and "without the amendment" in without.message
    assert amended.check(True).status == INCORRECT
