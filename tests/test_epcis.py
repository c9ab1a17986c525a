"""The platform's EPCIS layer: GS1 identifiers and check digits, validation with findings, the
standard's event hash, offline JSON-LD, and tracing and checking a chain of events.

The module 03 scenario (``datasets/mango_trace``) is the realistic input; its answer keys say
what the chain holds, so tracing and checking are compared with facts the generator planted.
"""
import copy
import json
import re
import socket

import pytest

from course import paths
from course.epcis import Chain, event_hashes, expand, identifiers, read, validate
from course.epcis.hashing import prehashes
from course.epcis.reading import MAX_DEPTH
from course.xml.safe import DocumentRefused

SCENARIO = paths.datasets() / "mango_trace"
KEYS = paths.root() / "solutions" / "03-e-traceability" / "keys"
CARTON_GTIN = "18845678001015"


def key(name):
    return json.loads((KEYS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def document():
    return json.loads((SCENARIO / "events.jsonld").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def chain(document):
    return Chain.from_document(document)


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a network connection was attempted")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


# Identifiers.
@pytest.mark.parametrize("code, kind", [("4006381333931", "GTIN"), ("09521234543213", "GTIN"), ("96385074", "GTIN"),
                                        ("5412345000013", "GLN"), ("106141411234567897", "SSCC")])
def test_published_gs1_keys_have_valid_check_digits(code, kind):
    assert identifiers.is_valid(code, kind)
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert not identifiers.is_valid(wrong, kind)


def test_a_swap_of_two_neighbouring_digits_is_caught():
    assert not identifiers.is_valid("4006381339331", "GTIN")   # 33 -> 39 3 swapped with its neighbour


def test_epc_uris_give_back_the_keys_with_their_check_digits():
    assert identifiers.parse("urn:epc:id:sgtin:8845678.100101.1495") == identifiers.Identifier("sgtin", CARTON_GTIN, "1495")
    assert identifiers.parse("urn:epc:id:sscc:8845678.0260500013").key == "088456782605000137"
    assert identifiers.parse("urn:epc:id:sgln:8841234.10008.0").key == "8841234100089"
    lot = identifiers.parse("urn:epc:class:lgtin:8841234.000011.KS260505-F13")
    assert (lot.scheme, lot.extra, identifiers.is_valid(lot.key, "GTIN")) == ("lgtin", "KS260505-F13", True)


@pytest.mark.parametrize("uri, code", [
    ("urn:epc:id:sgtin:8845678.10010.1495", "epcis.id-length"),
    ("urn:epc:id:sgtin:8845678.100101", "epcis.id-syntax"),
    ("urn:epc:class:sgtin:8845678.100101.1", "epcis.id-syntax"),
    ("https://id.gs1.org/01/18845678001016/21/1495", "epcis.id-check-digit"),
    ("https://id.gs1.org/01/1884567800101/21/1495", "epcis.id-check-digit"),
    ("sgtin 8845678 100101 1495", "epcis.id-syntax"),
])
def test_broken_identifiers_say_what_is_wrong(uri, code):
    with pytest.raises(identifiers.IdentifierError) as raised:
        identifiers.parse(uri)
    assert raised.value.code == code


def test_every_identifier_of_the_scenario_is_a_valid_gs1_key(document):
    text = json.dumps(document)
    uris = set(re.findall(r"urn:epc:(?:id|class):(?:sgtin|lgtin|sscc|sgln):[0-9.]+[0-9A-Za-z.-]*", text))
    assert len(uris) > 1000
    for uri in uris:
        assert identifiers.is_valid(identifiers.parse(uri).key, identifiers.parse(uri).key_kind), uri


# Validation.
def test_the_scenario_is_valid_and_uses_the_four_kinds_of_event(document):
    assert validate(document).ok
    kinds = {e["type"] for e in document["epcisBody"]["eventList"]}
    assert kinds == {"ObjectEvent", "AggregationEvent", "TransformationEvent", "TransactionEvent"}


def test_the_broken_file_gets_one_finding_per_mistake_with_its_path():
    result = validate(SCENARIO / "broken_events.jsonld")
    assert not result.ok and result.usable
    got = {(f.code, f.path) for f in result.findings}
    assert got == {
        ("epcis.not-allowed", "$.epcisBody.eventList[0].action"),
        ("epcis.wrong-type", "$.epcisBody.eventList[0].quantityList[0].quantity"),
        ("epcis.time-format", "$.epcisBody.eventList[1].eventTime"),
        ("epcis.id-check-digit", "$.epcisBody.eventList[2].childEPCs[0]"),
        ("epcis.unknown-bizstep", "$.epcisBody.eventList[3].bizStep"),
    }


@pytest.mark.parametrize("change, code, path", [
    (lambda e: e.pop("action"), "epcis.required", "$.epcisBody.eventList[0]"),
    (lambda e: e.update(actoin="ADD"), "epcis.unknown-field", "$.epcisBody.eventList[0].actoin"),
    (lambda e: e.update(disposition="fresh"), "epcis.unknown-disposition", "$.epcisBody.eventList[0].disposition"),
    (lambda e: e.update(eventTime="2026-05-04T07:10:00.000+08:00"), "epcis.time-offset", "$.epcisBody.eventList[0].eventTime"),
    (lambda e: e.update(eventTime="2027-05-04T07:10:00.000+07:00"), "epcis.time-future", "$.epcisBody.eventList[0].eventTime"),
    (lambda e: e.update(readPoint={"id": "urn:epc:id:sscc:8845678.0260500013"}), "epcis.id-kind",
     "$.epcisBody.eventList[0].readPoint.id"),
    (lambda e: e.update(epcList="urn:epc:id:sscc:8845678.0260500013"), "epcis.wrong-type", "$.epcisBody.eventList[0].epcList"),
])
def test_one_mistake_in_a_valid_event_is_named_where_it_is(document, change, code, path):
    changed = copy.deepcopy(document)
    change(changed["epcisBody"]["eventList"][0])
    result = validate(changed)
    assert not result.ok
    assert (code, path) in {(f.code, f.path) for f in result.findings}, [str(f) for f in result.findings]


def test_a_custom_field_with_a_namespace_prefix_is_allowed(document):
    changed = copy.deepcopy(document)
    changed["epcisBody"]["eventList"][0]["example:grade"] = "A"
    assert validate(changed).ok


def test_findings_speak_chinese_too():
    english = validate(SCENARIO / "broken_events.jsonld", lang="en")
    chinese = validate(SCENARIO / "broken_events.jsonld", lang="zh")
    assert [f.code for f in english.findings] == [f.code for f in chinese.findings]
    assert all(e.message != c.message for e, c in zip(english.findings, chinese.findings))


@pytest.mark.parametrize("source, code", [
    ("", "epcis.empty"),
    (b"{\"@context\": [", "epcis.not-json"),
    (b"\xff\xfe{}", "epcis.not-json"),
    ("{\"a\": " + "[" * 100000 + "]" * 100000 + "}", "epcis.too-deep"),
    ("{\"a\": " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "}", "epcis.too-deep"),
    ("{\"type\": \"EPCISDocument\"}", "epcis.no-context"),
    ("{\"@context\": [\"https://attacker.example/epcis.jsonld\"], \"type\": \"EPCISDocument\"}", "epcis.unknown-context"),
    ("[1, 2]", "epcis.not-json"),
    # Gives the standard context's protected prefix another meaning: not JSON-LD at all.
    ("{\"@context\": [\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\", "
     "{\"cbvmda\": \"urn:example:other\"}], \"type\": \"EPCISDocument\"}", "epcis.bad-context"),
])
def test_bad_input_is_refused_with_a_finding_and_nothing_is_fetched(no_network, source, code):
    result = validate(source)
    assert not result.usable and not result.ok
    assert [f.code for f in result.findings] == [code]


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path):
    big = tmp_path / "big.jsonld"
    big.write_bytes(b"{\"@context\": [], \"x\": \"" + b"a" * 2000 + b"\"}")
    with pytest.raises(DocumentRefused) as refused:
        read(big, max_bytes=1000)
    assert refused.value.finding.code == "epcis.too-large"


# Hashing and JSON-LD.
def test_event_hashes_follow_the_content_not_the_spelling(no_network, document):
    hashes = event_hashes(document)
    assert len(hashes) == len(document["epcisBody"]["eventList"]) == len(set(hashes))
    assert all(h.startswith("ni:///sha-256;") and h.endswith("?ver=CBV2.0") for h in hashes)
    spelled = copy.deepcopy(document)
    first = spelled["epcisBody"]["eventList"][0]
    first["bizStep"] = "https://ref.gs1.org/cbv/BizStep-" + first["bizStep"]
    first["disposition"] = "https://ref.gs1.org/cbv/Disp-" + first["disposition"]
    first["eventID"] = "urn:uuid:00000000-0000-4000-8000-000000000000"   # the hash leaves the event ID out
    assert event_hashes(spelled)[0] == hashes[0]
    changed = copy.deepcopy(document)
    changed["epcisBody"]["eventList"][0]["quantityList"][0]["quantity"] += 10
    assert event_hashes(changed)[0] != hashes[0]
    assert event_hashes(changed)[1:] == hashes[1:]


def test_the_prehash_is_the_standards_canonical_text(document):
    single = copy.deepcopy(document)
    single["epcisBody"]["eventList"] = single["epcisBody"]["eventList"][:1]
    text = prehashes(single)[0]
    event = single["epcisBody"]["eventList"][0]
    lot = identifiers.parse(event["quantityList"][0]["epcClass"])
    farm = identifiers.parse(event["readPoint"]["id"])
    assert text.startswith("eventType=ObjectEventeventTime=2026-05-03T")   # times in UTC (Z)
    assert "bizStep=https://ref.gs1.org/cbv/BizStep-commissioning" in text   # CBV terms in full
    # EPC URIs become GS1 Digital Links, which carry the keys with their check digits
    assert f"epcClass=https://id.gs1.org/01/{lot.key}/10/{lot.extra}" in text
    assert f"readPointid=https://id.gs1.org/414/{farm.key}" in text


def test_an_unknown_context_is_never_fetched_for_a_hash(no_network):
    with pytest.raises(DocumentRefused):
        event_hashes({"@context": ["https://attacker.example/c.jsonld"], "epcisBody": {"eventList": []}})


def test_expansion_uses_the_shipped_context(no_network, document):
    single = copy.deepcopy(document)
    single["epcisBody"]["eventList"] = single["epcisBody"]["eventList"][:1]
    text = json.dumps(expand(single))
    assert "https://ref.gs1.org/cbv/BizStep-commissioning" in text and "https://ref.gs1.org/epcis/action" in text


# The chain.
def test_the_chain_checks_find_exactly_the_planted_defects(chain):
    defects = key("defects.json")
    found = {(f.code, f.params.get("epc") or f.params.get("parent") or f.params.get("run"))
             for f in chain.findings({CARTON_GTIN: 10})}
    assert found == {
        ("chain.not-received", defects["missing_event"]),
        ("chain.no-origin", defects["lot_from_nowhere"]),
        ("chain.aggregation-mismatch", defects["aggregation_mismatch"]["pallet"]),
        ("chain.mass-balance", defects["mass_balance"]),
    }


def test_trace_back_reaches_the_farms_and_the_lot_from_nowhere(chain):
    expected = key("trace_back.json")
    trace = chain.trace_back(expected["carton"])
    assert sorted(trace.objects) == expected["lots"]
    assert sorted(set().union(*trace.origins.values())) == expected["farms"]
    assert sorted(trace.unknown_origin) == expected["unknown_origin"]


def test_trace_forward_reaches_every_pallet_and_store(chain):
    expected = key("trace_forward.json")
    trace = chain.trace_forward(expected["lot"])
    assert sorted(trace.containers) == expected["pallets"]
    assert len(trace.objects) == expected["cartons"]
    assert set(expected["stores"]) <= trace.received_at
    assert sorted(trace.transformations) == expected["runs"]


def test_mass_balance_weighs_inputs_and_outputs(chain):
    assert chain.mass_balance({CARTON_GTIN: 10}) == key("mass_balance.json")
    unknown_weight = chain.mass_balance({})
    assert all(row["output_kg"] is None and row["inconsistent"] is None for row in unknown_weight)


def test_a_receipt_before_its_shipment_is_an_impossible_time():
    events = json.loads((SCENARIO / "broken_events.jsonld").read_text(encoding="utf-8"))["epcisBody"]["eventList"]
    shipped, received = copy.deepcopy(events[3]), copy.deepcopy(events[4])
    shipped["bizStep"] = "shipping"
    shipped["destinationList"] = [{"type": "location", "destination": received["bizLocation"]["id"]}]
    codes = [f.code for f in Chain([shipped, received]).custody_findings()]
    assert "chain.receipt-before-shipment" in codes


def test_the_scale_index_traces_like_the_chain(chain, document):
    from course.epcis.links import LinkIndex

    index = LinkIndex(document["epcisBody"]["eventList"])
    assert index.size > 1000
    for carton in ("urn:epc:id:sgtin:8845678.100101.1000", key("trace_back.json")["carton"]):
        assert index.trace_back(carton) == chain.trace_back(carton).objects
    for lot in (key("trace_forward.json")["lot"], key("defects.json")["lot_from_nowhere"]):
        made, containers = index.trace_forward(lot)
        expected = chain.trace_forward(lot)
        assert (made, containers) == (expected.objects, expected.containers)
    assert index.trace_back("urn:epc:id:sgtin:0000000.000000.0") == set()


def test_the_lessons_check_digit_by_hand_agrees_with_the_package():
    """Lesson 01 computes a check digit step by step on purpose; its steps must agree with
    ``identifiers.check_digit`` for every length of GS1 key, not only for its one example."""
    import random

    import pandas as pd

    lesson = paths.root() / "modules" / "03-e-traceability" / "01-why-traceability-and-identifiers.ipynb"
    cells = ["".join(c["source"]) for c in json.loads(lesson.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    (by_hand,) = [c for c in cells if 'steps["weight"]' in c]
    body = by_hand.split("\n", 1)[1].replace("print(", "(lambda *a: None)(")   # keep the steps, not the printing
    rng = random.Random(7)
    for length in (7, 11, 12, 13, 17):
        for _ in range(40):
            code = "".join(rng.choice("0123456789") for _ in range(length))
            space = {"pd": pd, "code": code}
            exec(compile(body, str(lesson), "exec"), space)
            assert (10 - space["total"] % 10) % 10 == identifiers.check_digit(code), code
