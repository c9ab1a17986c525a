"""EPCIS 1.2 XML: the scenario written in the older syntax, checked against GS1's 1.2 XSD (as
shipped in the EPCPyYes package), and hashed with the standard's algorithm.

The event hash is defined on an event's content, so an event and its 1.2 twin must hash alike:
the course's writer, the hash generator's two readers and, for events written by another
project (EPCPyYes's own 1.2 templates), three implementations have to agree.
"""
import copy
import json
import re
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from lxml import etree

from course import paths
from course.epcis import event_hashes, xml12
from course.epcis.hashing import prehashes
from course.xml import registry
from course.xml.safe import DocumentRefused

SCENARIO = paths.datasets() / "mango_trace" / "events.jsonld"
CBVMDA_JSON, CBVMDA_XML = "cbvmda:", "{urn:epcglobal:cbv:mda}"


@pytest.fixture(scope="module")
def document():
    return json.loads(SCENARIO.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def written(document):
    return xml12.to_xml(document)


def xml_prehashes(xml: bytes) -> list[str]:
    from epcis_event_hash_generator import hash_generator, xml_to_py
    return hash_generator.derive_prehashes_from_events(xml_to_py.event_list_from_epcis_document_str(xml.decode()))


def test_the_schema_is_gs1s_xsd_from_its_package():
    entry = registry.get("epcis12")
    assert entry.file.name == "EPCglobal-epcis-1_2.xsd" and entry.version != "not installed"
    assert "GS1" in entry.file.read_text(encoding="utf-8")[:2000]


def test_the_scenario_written_as_epcis_12_is_valid(document, written):
    result = xml12.validate_xml(written)
    assert result.ok, [f.message for f in result.findings]
    root = etree.fromstring(written)
    kinds = [e.tag for e in root.iter("ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent")]
    assert len(kinds) == len(document["epcisBody"]["eventList"])
    assert set(kinds) == {"ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent"}


def test_an_event_and_its_12_twin_hash_alike(document, written):
    json_hashes, xml_hashes = event_hashes(document), xml12.xml_event_hashes(written)
    events = document["epcisBody"]["eventList"]
    plain = [i for i, e in enumerate(events) if "ilmd" not in e]
    assert len(plain) > 100
    assert [json_hashes[i] for i in plain] == [xml_hashes[i] for i in plain]


def test_master_data_fields_differ_only_in_how_the_generator_spells_their_names(document, written):
    # The generator expands a JSON prefix only when the document itself declares it, and the
    # standard context's cbvmda may not be redeclared: so its two readers name an ILMD field
    # differently. Everything else about those events is the same.
    events = document["epcisBody"]["eventList"]
    with_ilmd = [i for i, e in enumerate(events) if "ilmd" in e]
    assert with_ilmd
    from_json, from_xml = prehashes(document), xml_prehashes(written)
    for i in with_ilmd:
        assert from_json[i] != from_xml[i]
        assert from_json[i].replace(CBVMDA_JSON, CBVMDA_XML) == from_xml[i]


def test_a_changed_event_no_longer_hashes_like_its_original(document):
    changed = copy.deepcopy(document)
    changed["epcisBody"]["eventList"][40]["eventTime"] = "2026-05-06T09:00:00.000+07:00"
    assert xml12.xml_event_hashes(xml12.to_xml(changed))[40] != event_hashes(document)[40]


@pytest.mark.parametrize("change, expected", [
    (lambda x: x.replace(b"<action>ADD</action>", b"<action>CREATE</action>", 1), "CREATE"),
    (lambda x: re.sub(rb"<eventTimeZoneOffset>[^<]*</eventTimeZoneOffset>", b"", x, count=1), "eventTimeZoneOffset"),
    (lambda x: x.replace(b"<eventTime>2026", b"<eventTime>yesterday 2026", 1), "yesterday"),
])
def test_a_broken_12_document_gets_findings_with_lines(written, change, expected):
    result = xml12.validate_xml(change(written))
    assert not result.ok and result.findings
    assert all(f.line for f in result.findings)
    assert any(expected in (f.message + str(f.params)) for f in result.findings), [f.message for f in result.findings]


HOSTILE = b"""<?xml version="1.0"?>
<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:1" schemaVersion="1.2" creationDate="2026-01-01T00:00:00Z">
<EPCISBody><EventList><ObjectEvent><eventTime>&b;</eventTime></ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>"""


def test_hostile_xml_is_refused_before_it_is_checked_or_hashed():
    result = xml12.validate_xml(HOSTILE)
    assert not result.usable and [f.code for f in result.findings][0].startswith("xml.")
    with pytest.raises(DocumentRefused):
        xml12.xml_event_hashes(HOSTILE)


def test_an_event_12_cannot_express_is_refused_by_name(document):
    odd = copy.deepcopy(document)
    odd["epcisBody"]["eventList"][0]["type"] = "AssociationEvent"
    with pytest.raises(xml12.CannotWrite, match="AssociationEvent"):
        xml12.to_xml(odd)


# Events written by another project: EPCPyYes's own EPCIS 1.2 templates, rendered with the
# scenario's values (its Python code is not imported: only its template files are used).
def epcpyyes_templates() -> Path:
    import importlib.util
    return Path(importlib.util.find_spec("EPCPyYes").submodule_search_locations[0]) / "templates"


def _namespace(event: dict) -> SimpleNamespace:
    prefix = xml12.CBV_PREFIXES
    quantities = [SimpleNamespace(epc_class=q["epcClass"], quantity=q["quantity"], uom=q.get("uom"))
                  for q in event.get("quantityList", [])]
    return SimpleNamespace(
        event_time=event["eventTime"], record_time=None, event_timezone_offset=event["eventTimeZoneOffset"],
        event_id=event["eventID"], error_declaration=None, action=SimpleNamespace(value=event.get("action")),
        epc_list=event.get("epcList", []), parent_id=event.get("parentID"), child_epcs=event.get("childEPCs", []),
        biz_step=prefix["bizStep"] + event["bizStep"], disposition=prefix["disposition"] + event["disposition"],
        read_point=event["readPoint"]["id"], biz_location=event["bizLocation"]["id"],
        business_transaction_list=[SimpleNamespace(type=prefix["bizTransaction"] + t["type"], biz_transaction=t["bizTransaction"])
                                   for t in event.get("bizTransactionList", [])],
        quantity_list=quantities, child_quantity_list=[], ilmd=None,
        source_list=[SimpleNamespace(type=prefix["source"] + s["type"], source=s["source"]) for s in event.get("sourceList", [])],
        destination_list=[SimpleNamespace(type=prefix["source"] + d["type"], destination=d["destination"])
                          for d in event.get("destinationList", [])])


def render_with_epcpyyes(document: dict, chosen: list[dict]) -> bytes:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(epcpyyes_templates())), autoescape=True)
    return environment.get_template("epcis/epcis_document.xml").render(
        render_xml_declaration=False, header=None, created_date=document["creationDate"],
        object_events=[_namespace(e) for e in chosen if e["type"] == "ObjectEvent"],
        aggregation_events=[_namespace(e) for e in chosen if e["type"] == "AggregationEvent"],
        transaction_events=[], transformation_events=[]).strip().encode()


def test_events_written_by_epcpyyes_templates_validate_and_hash_like_the_scenario(document):
    events = document["epcisBody"]["eventList"]
    # Aggregations, and object events of identified items with their custody lists: not
    # master data (the templates write it only for their own attribute classes).
    chosen = [e for e in events if e["type"] == "AggregationEvent"][:6] + \
        [e for e in events if e["type"] == "ObjectEvent" and "epcList" in e and "sourceList" in e][::3]
    assert {e["type"] for e in chosen} == {"ObjectEvent", "AggregationEvent"} and len(chosen) > 10
    xml = render_with_epcpyyes(document, chosen)
    result = xml12.validate_xml(xml)
    assert result.ok, [f.message for f in result.findings]
    # The template writes object events first, then aggregations: compare by event id.
    ids = [e.findtext("baseExtension/eventID") for e in etree.fromstring(xml).find("EPCISBody/EventList")]
    theirs = dict(zip(ids, xml12.xml_event_hashes(xml)))
    ours = dict(zip((e["eventID"] for e in events), event_hashes(document)))
    assert theirs == {e["eventID"]: ours[e["eventID"]] for e in chosen}


def test_the_check_catches_epcpyyes_leaving_out_the_list_12_requires(document):
    # Its object-event template drops an empty epcList; GS1's 1.2 XSD requires one, even for
    # an event that counts quantities of a lot. The course's writer keeps it (see above).
    lots = [e for e in document["epcisBody"]["eventList"]
            if e["type"] == "ObjectEvent" and "quantityList" in e and "sourceList" in e][:3]
    result = xml12.validate_xml(render_with_epcpyyes(document, lots))
    assert not result.ok and len(result.findings) == 3
    assert all("epcList" in f.message + f.hint for f in result.findings), [f.message for f in result.findings]
