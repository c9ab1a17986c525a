"""Module 03's graded checks: right answers earn full credit, realistic wrong answers the credit
and the reasons intended, and the self-check judges only what a participant may see.

The full answer keys are used here, as the grader's hidden tests use them.
"""
import copy
import json

import pandas as pd
import pytest

from course.checks import CORRECT, INCORRECT, NOT_ATTEMPTED, catalog, keys
from course.epcis import Chain, event_hashes, identifiers

TASKS = ["03-check-digits", "03-write-events", "03-repair-events", "03-trace-back", "03-trace-forward",
         "03-mass-balance", "03-chain-defects", "03-certificate", "03-event-hashes"]


@pytest.fixture(scope="module")
def module03():
    from course.module03_e_traceability import dataset, problems
    return problems, dataset


@pytest.fixture(autouse=True, scope="module")
def full_keys():
    with keys.grading():  # these tests play the grader's judge
        yield


def problem(exercise_id):
    return catalog._PROBLEMS[exercise_id]


def judged(exercise_id, answer, lang="en"):
    p = problem(exercise_id)
    return p.check(answer, lang, p.answer_key())


def self_checked(exercise_id, answer):
    p = problem(exercise_id)
    return p.check(answer, "en", p.public_key())


@pytest.fixture(scope="module")
def chain(module03):
    return Chain.from_document(module03[1].document())


def _shipping_event(problems):
    e = problems.EXPECTED_EVENTS["shipping"]
    return {"type": "ObjectEvent", "eventTime": "2026-05-07T07:30:00.000+07:00", "eventTimeZoneOffset": "+07:00",
            "epcList": e["objects"], "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
            "readPoint": {"id": e["where"]}, "bizLocation": {"id": e["where"]},
            "destinationList": [{"type": "location", "destination": e["destination"]}]}


def right_events(problems):
    packing, inspecting = problems.EXPECTED_EVENTS["packing"], problems.EXPECTED_EVENTS["inspecting"]
    where = {"readPoint": {"id": packing["where"]}, "bizLocation": {"id": packing["where"]}}
    return [
        {"type": "AggregationEvent", "eventTime": "2026-05-06T16:00:00.000+07:00", "eventTimeZoneOffset": "+07:00",
         "parentID": packing["parentID"], "childEPCs": packing["objects"], "action": "ADD", "bizStep": "packing",
         "disposition": "container_closed", **where},
        {"type": "ObjectEvent", "eventTime": "2026-05-06T23:15:00.000Z", "eventTimeZoneOffset": "+07:00",
         "epcList": inspecting["objects"], "action": "OBSERVE", "bizStep": "inspecting", "disposition": "conformant", **where},
        _shipping_event(problems),
    ]


def repaired(dataset):
    document = dataset.broken_document()
    events = document["epcisBody"]["eventList"]
    events[0]["action"] = "ADD"
    events[0]["quantityList"][0]["quantity"] = int(events[0]["quantityList"][0]["quantity"])
    events[1]["eventTime"] += "+07:00"
    events[2]["childEPCs"][0] = "urn:epc:id:sgtin:8845678.100101.1000"
    events[2]["readPoint"] = events[2]["bizLocation"] = {"id": dataset.location("packhouse")}
    events[3]["bizStep"] = "shipping"
    events[4]["eventTime"] = "2026-05-07T17:40:00.000+07:00"
    return document


def right_certificate(dataset):
    shipment = keys_json("shipments.json")["KH-PC-2026-004473"]
    text = (dataset.folder() / "ephyto" / "KH-PC-2026-004473.xml").read_text(encoding="utf-8")
    facts = dataset.certificate_facts(text.encode())
    for wrong in set(facts["pallets"]) - set(shipment["pallets"]):
        right = (set(shipment["pallets"]) - set(facts["pallets"])).pop()
        text = text.replace(wrong, right)
    return text.replace(f">{facts['net_kg']}<", f">{shipment['net_kg']}<")


def keys_json(name):
    from course import paths
    return json.loads((paths.root() / "solutions" / "03-e-traceability" / "keys" / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def right(module03, chain):
    problems, dataset = module03
    back = chain.trace_back(keys_json("trace_back.json")["carton"])
    forward = chain.trace_forward(keys_json("trace_forward.json")["lot"])
    by_invoice = dataset.certificate_by_invoice()
    parties = {row["sgln"]: row for row in dataset.parties()}
    document = dataset.document()
    document["epcisBody"]["eventList"] = document["epcisBody"]["eventList"][:6]
    findings = {f.code: f.params for f in chain.findings(dataset.unit_kg())}
    return {
        "03-check-digits": {code: identifiers.with_check_digit(code) for code in problems.CheckDigits.CODES},
        "03-write-events": right_events(problems),
        "03-repair-events": repaired(dataset),
        "03-trace-back": {"farms": sorted(set().union(*back.origins.values())), "unknown_origin": sorted(back.unknown_origin)},
        "03-trace-forward": {
            "consignments": sorted({by_invoice[b.rsplit(":", 1)[1]] for b in forward.biz_transactions
                                    if b.rsplit(":", 1)[1] in by_invoice}),
            "stores": sorted(p for p in forward.received_at if parties[p]["role"] == "store")},
        "03-mass-balance": pd.DataFrame(chain.mass_balance(dataset.unit_kg())),
        "03-chain-defects": {"missing_event": findings["chain.not-received"]["epc"],
                             "lot_from_nowhere": findings["chain.no-origin"]["epc"],
                             "aggregation_mismatch": findings["chain.aggregation-mismatch"]["parent"],
                             "mass_balance": findings["chain.mass-balance"]["run"],
                             "certificate_mismatch": "KH-PC-2026-004473"},
        "03-certificate": right_certificate(dataset),
        "03-event-hashes": dict(zip([e["eventID"] for e in document["epcisBody"]["eventList"]], event_hashes(document))),
    }


@pytest.mark.parametrize("exercise_id", TASKS)
def test_right_answers_earn_full_credit(right, exercise_id):
    outcome = judged(exercise_id, right[exercise_id])
    assert outcome.status == CORRECT and outcome.score == 1.0, outcome


@pytest.mark.parametrize("exercise_id", TASKS)
def test_blank_answers_are_not_attempted(module03, exercise_id):
    assert judged(exercise_id, None).status == NOT_ATTEMPTED
    assert judged(exercise_id, "...").status == NOT_ATTEMPTED


@pytest.mark.parametrize("exercise_id", TASKS)
def test_answers_of_the_wrong_shape_say_what_is_expected(module03, exercise_id):
    outcome = judged(exercise_id, 42)
    assert outcome.status == INCORRECT and outcome.score == 0.0
    assert "expects" in outcome.message or "could not read" in outcome.message or "should" in outcome.message


def test_a_check_digit_computed_from_the_left_earns_part_of_the_credit(right):
    wrong = dict(right["03-check-digits"])
    code = "884123400011"   # an even number of digits: weighting from the left differs
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(code))   # weights from the wrong end
    wrong[code] = code + str((10 - total % 10) % 10)
    assert wrong[code] != right["03-check-digits"][code]
    outcome = judged("03-check-digits", wrong)
    assert outcome.status == INCORRECT and outcome.score == pytest.approx(5 / 6)
    assert any(code in r and "check digit" in r for r in outcome.reasons)


def test_an_event_without_its_destination_or_offset_loses_what_it_misses(module03, right):
    events = copy.deepcopy(right["03-write-events"])
    del events[2]["destinationList"]
    outcome = judged("03-write-events", events)
    assert outcome.status == INCORRECT and 0.85 < outcome.score < 1
    assert any("shipping" in r and "destination" in r for r in outcome.reasons)
    events[0]["eventTime"] = "2026-05-06T16:00:00.000"            # no offset: invalid, and the time is unknown
    outcome = judged("03-write-events", events)
    assert outcome.score < 0.8 and any("eventTime" in r for r in outcome.reasons)


def test_a_packing_written_as_an_object_event_is_caught(module03, right):
    events = copy.deepcopy(right["03-write-events"])
    packing = events[0]
    events[0] = {k: v for k, v in packing.items() if k not in ("parentID", "childEPCs")}
    events[0].update(type="ObjectEvent", epcList=packing["childEPCs"])
    outcome = judged("03-write-events", events)
    assert outcome.status == INCORRECT and any("packing" in r and "type" in r for r in outcome.reasons)


def test_a_repair_that_drops_the_bad_events_is_not_a_repair(module03, right):
    document = copy.deepcopy(right["03-repair-events"])
    del document["epcisBody"]["eventList"][4]
    outcome = judged("03-repair-events", document)
    assert outcome.status == INCORRECT and any("five events" in r for r in outcome.reasons)


def test_a_repair_that_fixes_only_what_the_schema_sees_earns_part(module03, right):
    _problems, dataset = module03
    document = copy.deepcopy(right["03-repair-events"])
    broken = dataset.broken_document()["epcisBody"]["eventList"]
    document["epcisBody"]["eventList"][4]["eventTime"] = broken[4]["eventTime"]
    document["epcisBody"]["eventList"][2]["bizLocation"] = broken[2]["bizLocation"]
    outcome = judged("03-repair-events", document)
    assert outcome.status == INCORRECT and 0.6 < outcome.score < 0.9
    assert any("packhouse" in r for r in outcome.reasons) and any("received before" in r for r in outcome.reasons)


def test_trace_back_that_misses_a_farm_and_the_lot_from_nowhere(right):
    answer = {"farms": right["03-trace-back"]["farms"][:1], "unknown_origin": []}
    outcome = judged("03-trace-back", answer)
    assert outcome.status == INCORRECT and 0.3 < outcome.score < 0.7
    missed = right["03-trace-back"]["farms"][1]
    assert any(identifiers.parse(missed).key in r for r in outcome.reasons)
    assert any("unknown_origin" in r for r in outcome.reasons)


def test_trace_back_accepts_glns_as_well_as_sglns(right):
    answer = dict(right["03-trace-back"], farms=[identifiers.parse(f).key for f in right["03-trace-back"]["farms"]])
    assert judged("03-trace-back", answer).status == CORRECT


def test_trace_forward_that_recalls_everything_loses_precision(module03, right):
    _problems, dataset = module03
    everything = {"consignments": sorted(dataset.certificates()),
                  "stores": [row["sgln"] for row in dataset.parties() if row["role"] == "store"]}
    outcome = judged("03-trace-forward", everything)
    assert outcome.status == INCORRECT and 0.5 < outcome.score < 0.9
    assert any("carried none" in r for r in outcome.reasons) and any("received none" in r for r in outcome.reasons)


def test_trace_forward_that_stops_at_the_first_truck(right):
    answer = dict(right["03-trace-forward"], consignments=right["03-trace-forward"]["consignments"][:1])
    outcome = judged("03-trace-forward", answer)
    assert outcome.status == INCORRECT and any("must be recalled" in r for r in outcome.reasons)


def test_mass_balance_that_forgets_the_lot_from_nowhere(module03, right):
    table = right["03-mass-balance"].copy()
    row = table.index[3]
    table.loc[row, "input_kg"] -= 780            # the lot without origin left out of the fourth run
    table.loc[row, "inconsistent"] = True
    outcome = judged("03-mass-balance", table)
    assert outcome.status == INCORRECT and outcome.score == pytest.approx(16 / 18)
    assert any("260506004" in r for r in outcome.reasons)


def test_mass_balance_self_check_uses_the_worked_example_only(right):
    outcome = self_checked("03-mass-balance", right["03-mass-balance"])
    assert outcome.status == CORRECT and "trainer" in outcome.message


def test_defects_with_two_records_swapped(right):
    answer = dict(right["03-chain-defects"])
    answer["missing_event"], answer["aggregation_mismatch"] = answer["aggregation_mismatch"], answer["missing_event"]
    outcome = judged("03-chain-defects", answer)
    assert outcome.status == INCORRECT and outcome.score == pytest.approx(0.6)


def test_a_defect_named_with_the_wrong_kind_of_identifier(right):
    answer = dict(right["03-chain-defects"], lot_from_nowhere="urn:epc:id:sscc:8845678.0260500013")
    outcome = judged("03-chain-defects", answer)
    assert outcome.score == pytest.approx(0.8) and any("right kind" in r for r in outcome.reasons)


def test_the_certificate_as_issued_disagrees_with_the_events(module03):
    _problems, dataset = module03
    issued = (dataset.folder() / "ephyto" / "KH-PC-2026-004473.xml").read_text(encoding="utf-8")
    outcome = judged("03-certificate", issued)
    assert outcome.status == INCORRECT and 0.6 < outcome.score < 0.85   # valid, but it disagrees with the events
    assert any("net_kg" in r for r in outcome.reasons) and any("was not on this truck" in r for r in outcome.reasons)


def test_a_certificate_that_agrees_but_breaks_the_rules_loses_the_validity_credit(module03, right):
    text = right["03-certificate"]
    pallet = module03[1].certificate_facts(text.encode())["pallets"][0]
    typo = text.replace(pallet, pallet[:-1] + str((int(pallet[-1]) + 1) % 10))
    outcome = judged("03-certificate", typo)
    assert outcome.status == INCORRECT and outcome.score < 0.8
    assert any("SSCC" in r and "check digit" in r for r in outcome.reasons)


@pytest.mark.parametrize("change, rule", [
    (lambda t: t.replace("<ID>TH</ID>", "<ID>KH</ID>"), "The importing country must differ"),
    (lambda t: t.replace("<TypeCode>851</TypeCode>", "<TypeCode>380</TypeCode>"), "document type must be 851"),
    (lambda t: t.replace("<SequenceNumeric>1<", "<SequenceNumeric>2<"), "numbered 1, 2, 3"),
    (lambda t: t.replace("8840017000011", "8840017000012"), "A GLN must have 13 digits"),
    (lambda t: t.replace("<ID>KH-PC-", "<ID>TH-PC-"), "start with the code of the exporting country"),
])
def test_the_certificate_rules_catch_what_the_schema_cannot(module03, change, rule):
    import course
    text = (module03[1].folder() / "ephyto" / "KH-PC-2026-004471.xml").read_text(encoding="utf-8")
    assert course.validate(text, schema="ephyto").ok
    result = course.validate(change(text), schema="ephyto")
    assert result.structure_ok and not result.ok
    assert [rule in f.message for f in result.errors] == [True], [f.message for f in result.errors]


def test_a_certificate_that_is_not_xml_or_hostile_is_refused_with_a_reason(module03):
    assert "cannot be read" in judged("03-certificate", "net weight 3610 kg").message
    hostile = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    outcome = judged("03-certificate", hostile)
    assert outcome.status == INCORRECT and "cannot be read" in outcome.message


def test_hashes_of_events_with_their_ids_changed_do_not_match(right):
    given = {event_id: digest.replace("sha-256;", "sha-256;0", 1)[:-1] for event_id, digest in right["03-event-hashes"].items()}
    assert judged("03-event-hashes", given).score == 0.0
    half = dict(list(right["03-event-hashes"].items())[:3])
    assert judged("03-event-hashes", half).score == pytest.approx(0.5)


def test_reasons_come_in_chinese_too(right):
    outcome = judged("03-trace-forward", {"consignments": [], "stores": []}, lang="zh")
    assert outcome.status == INCORRECT and any("KH-PC-2026" in r and "召回" in r for r in outcome.reasons)
