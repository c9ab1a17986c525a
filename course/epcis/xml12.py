"""EPCIS 1.2 XML: the syntax most traceability systems in service still capture.

An EPCIS 2.0 JSON-LD document is written as the same events in 1.2 XML (:func:`to_xml`),
checked against GS1's EPCIS 1.2 XSD (registry entry ``epcis12``, :func:`validate_xml`), and
hashed with the standard's algorithm (:func:`xml_event_hashes`). The hash depends on an
event's content, not its syntax, so an event and its 1.2 twin hash alike.
"""
from __future__ import annotations

import logging

from lxml import etree

from ..xml.safe import Source, parse_document
from ..xml.validate import validate as validate_against
from .reading import events as event_list
from .reading import read

EPCIS_NS = "urn:epcglobal:epcis:xsd:1"
CBV_PREFIXES = {
    "bizStep": "urn:epcglobal:cbv:bizstep:",
    "disposition": "urn:epcglobal:cbv:disp:",
    "bizTransaction": "urn:epcglobal:cbv:btt:",
    "source": "urn:epcglobal:cbv:sdt:",
}
# Prefixes an event's own fields (ilmd, extensions) may use, with their 1.2 namespaces.
FIELD_NAMESPACES = {"cbvmda": "urn:epcglobal:cbv:mda"}

# The order of each event's children in the 1.2 schema; the 1.2 "extension" wrapper holds
# the fields added after EPCIS 1.0.
_COMMON = ("bizStep", "disposition", "readPoint", "bizLocation")
ORDER = {
    "ObjectEvent": (("epcList", "action", *_COMMON, "bizTransactionList"),
                    ("quantityList", "sourceList", "destinationList", "ilmd")),
    "AggregationEvent": (("parentID", "childEPCs", "action", *_COMMON, "bizTransactionList"),
                         ("childQuantityList", "sourceList", "destinationList")),
    "TransactionEvent": (("bizTransactionList", "parentID", "epcList", "action", *_COMMON),
                         ("quantityList", "sourceList", "destinationList")),
    "TransformationEvent": (("inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList",
                             "transformationID", *_COMMON, "bizTransactionList", "sourceList",
                             "destinationList", "ilmd"), ()),
}
REQUIRED_LISTS = {"ObjectEvent": ("epcList",), "AggregationEvent": ("childEPCs",),
                  "TransactionEvent": ("epcList",)}


class CannotWrite(ValueError):
    """An event that EPCIS 1.2 cannot express (an unknown type)."""


def _cbv(field: str, value: str) -> str:
    return value if ":" in value else CBV_PREFIXES[field] + value


def _sub(parent, tag: str, text: str | None = None, **attributes):
    element = etree.SubElement(parent, tag, {k: v for k, v in attributes.items() if v is not None})
    if text is not None:
        element.text = str(text)
    return element


def _field_tag(name: str) -> str:
    prefix, _, local = name.partition(":")
    if local and prefix in FIELD_NAMESPACES:
        return f"{{{FIELD_NAMESPACES[prefix]}}}{local}"
    if local:
        raise CannotWrite(f"the field {name!r} uses a prefix this writer does not know: {prefix!r}")
    return name


def _write_field(parent, name: str, value) -> None:
    if name in ("epcList", "childEPCs", "inputEPCList", "outputEPCList"):
        holder = _sub(parent, name)
        for epc in value:
            _sub(holder, "epc", epc)
    elif name.endswith("uantityList"):
        holder = _sub(parent, name)
        for item in value:
            element = _sub(holder, "quantityElement")
            _sub(element, "epcClass", item["epcClass"])
            _sub(element, "quantity", item["quantity"])
            if "uom" in item:
                _sub(element, "uom", item["uom"])
    elif name in ("readPoint", "bizLocation"):
        _sub(_sub(parent, name), "id", value["id"])
    elif name in ("bizStep", "disposition"):
        _sub(parent, name, _cbv(name, value))
    elif name == "bizTransactionList":
        holder = _sub(parent, name)
        for item in value:
            kind = item.get("type")
            _sub(holder, "bizTransaction", item["bizTransaction"],
                 type=_cbv("bizTransaction", kind) if kind else None)
    elif name in ("sourceList", "destinationList"):
        holder, one = _sub(parent, name), name[:-4]
        for item in value:
            _sub(holder, one, item[one], type=_cbv("source", item["type"]))
    elif name == "ilmd":
        holder = _sub(parent, name)
        for key, text in value.items():
            _sub(holder, _field_tag(key), text)
    else:
        _sub(parent, name, value)


def _write_event(parent, event: dict) -> None:
    kind = event.get("type")
    if kind not in ORDER:
        raise CannotWrite(f"EPCIS 1.2 has no {kind!r} event; it knows {', '.join(ORDER)}")
    element = _sub(parent, kind)
    _sub(element, "eventTime", event["eventTime"])
    _sub(element, "eventTimeZoneOffset", event["eventTimeZoneOffset"])
    if "eventID" in event:
        _sub(_sub(element, "baseExtension"), "eventID", event["eventID"])
    fields, extension_fields = ORDER[kind]
    for name in fields:
        if name in event:
            _write_field(element, name, event[name])
        elif name in REQUIRED_LISTS.get(kind, ()):
            _sub(element, name)  # 1.2 requires the list, even empty
    present = [name for name in extension_fields if name in event]
    if present:
        extension = _sub(element, "extension")
        for name in present:
            _write_field(extension, name, event[name])


def to_xml(source: Source | dict) -> bytes:
    """The events of an EPCIS 2.0 document as an EPCIS 1.2 XML document, in the same order."""
    document = source if isinstance(source, dict) else read(source)
    root = etree.Element(f"{{{EPCIS_NS}}}EPCISDocument", nsmap={"epcis": EPCIS_NS, **FIELD_NAMESPACES},
                         schemaVersion="1.2", creationDate=document.get("creationDate", ""))
    events = _sub(_sub(root, "EPCISBody"), "EventList")
    for event in event_list(document):
        if event.get("type") == "TransformationEvent":
            # 1.2 added transformations later, inside the event list's extension.
            _write_event(_sub(events, "extension"), event)
        else:
            _write_event(events, event)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def validate_xml(source: Source, *, lang: str | None = None):
    """Check an EPCIS 1.2 XML document against GS1's XSD; read as a hostile document first."""
    return validate_against(source, "epcis12", lang=lang)


def xml_event_hashes(source: Source, algorithm: str = "sha256") -> list[str]:
    """The standard event hash of each event of a 1.2 XML document, in its order."""
    from .hashing import ALGORITHMS, _library

    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown hash algorithm {algorithm!r}; use one of {', '.join(ALGORITHMS)}")
    text = etree.tostring(parse_document(source), encoding="unicode")  # refuses DTDs and entities
    hash_generator, _ = _library()
    from epcis_event_hash_generator import xml_to_py

    logging.getLogger().disabled, before = True, logging.getLogger().disabled  # the package logs every event
    try:
        return hash_generator.epcis_hashes_from_events(xml_to_py.event_list_from_epcis_document_str(text), algorithm)
    finally:
        logging.getLogger().disabled = before
