"""``validate(document)``: is this EPCIS 2.0 document right, and if not, where and why?

Three layers, each answered with findings (JSON path, code, message, hint):

1. the structure, with ``jsonschema`` against the course's teaching schema
   ``datasets/schemas/epcis/epcis-2.0-teaching.schema.json`` (no installable package ships
   GS1's normative EPCIS 2.0 JSON Schema; the teaching one follows its structure);
2. the vocabulary: business steps and dispositions must be CBV terms, taken from the
   standard JSON-LD context shipped by ``epcis-event-hash-generator``;
3. the identifiers (GS1 keys, their lengths and check digits, the right kind in the right
   field) and the times (offsets, nothing after the document was made).

What the events say together (custody, origins, aggregation, mass balance) is checked by
:mod:`course.epcis.chain`.
"""
from __future__ import annotations

import json
import re
from datetime import datetime
from functools import lru_cache

import jsonschema

from .. import paths
from ..i18n import N_, Text
from ..xml.findings import Finding, ValidationResult
from ..xml.safe import DocumentRefused
from . import contexts, identifiers, messages  # noqa: F401  (messages registers the epcis.* codes)
from .reading import Source, events, read

SCHEMA_NAME = "epcis-2.0-teaching"
MAX_FINDINGS = 50
INSTANCE_FIELDS = ("epcList", "childEPCs", "inputEPCList", "outputEPCList")
QUANTITY_FIELDS = ("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList")
PLACE_FIELDS = ("readPoint", "bizLocation")
OUR_SCHEMES = re.compile(r"^urn:epc:(id|class):(sgtin|lgtin|sscc|sgln):")
LINK = re.compile(r"^https?://[^/]+/(?:.*/)?(01|00|414)/\d+")
JSON_TYPES = {"string": Text(N_("text")), "number": Text(N_("a number")), "integer": Text(N_("a whole number")),
              "array": Text(N_("a list")), "object": Text(N_("an object {...}")),
              "boolean": Text(N_("true or false")), "null": Text(N_("null"))}
PYTHON_TYPES = {str: "string", bool: "boolean", int: "number", float: "number", list: "array", dict: "object",
                type(None): "null"}


@lru_cache(maxsize=None)
def schema() -> dict:
    return json.loads((paths.schemas() / "epcis" / f"{SCHEMA_NAME}.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def json_path(parts) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" if str(p).isidentifier() else f"['{p}']"
                         for p in parts)


def _type_name(value):
    return JSON_TYPES.get(PYTHON_TYPES.get(type(value), ""), type(value).__name__)


def _kind_at(document: dict, parts: list) -> str:
    """The event type at a path inside the event list (for messages), or 'EPCISDocument'."""
    if len(parts) >= 3 and parts[:2] == ["epcisBody", "eventList"] and isinstance(parts[2], int):
        event = events(document)[parts[2]]
        if isinstance(event, dict) and isinstance(event.get("type"), str):
            return event["type"]
        return "event"
    return "EPCISDocument"


def _schema_finding(error: jsonschema.ValidationError, document: dict) -> Finding:
    parts = list(error.absolute_path)
    path, kind = json_path(parts), _kind_at(document, parts)
    field = str(parts[-1]) if parts else "$"
    if "propertyNames" in error.schema_path:
        return Finding("epcis.unknown-field", path=json_path(parts + [error.instance]),
                       params={"field": error.instance, "kind": kind})
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return Finding("epcis.required", path=path, params={"field": missing[0] if missing else "?", "kind": kind})
    if error.validator == "additionalProperties":
        extra = re.findall(r"'([^']+)'", error.message.split("(")[-1])
        name = extra[0] if extra else "?"
        return Finding("epcis.unknown-field", path=json_path(parts + [name]), params={"field": name, "kind": kind})
    if error.validator == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return Finding("epcis.wrong-type", path=path, params={
            "field": field, "expected": JSON_TYPES.get(expected[0], expected[0]),
            "given": _type_name(error.instance)})
    if error.validator in ("enum", "const"):
        allowed = error.validator_value if error.validator == "enum" else [error.validator_value]
        return Finding("epcis.not-allowed", path=path, params={
            "field": field, "value": str(error.instance)[:80], "allowed": ", ".join(map(str, allowed))})
    if error.validator == "pattern" and field in ("eventTime", "recordTime", "creationDate", "declarationTime"):
        return Finding("epcis.time-format", path=path, params={"value": str(error.instance)[:80]})
    return Finding("epcis.schema", path=path, params={"detail": error.message[:300]})


def _identifier_findings(value, path: str, field: str, allowed: tuple[str, ...]) -> list[Finding]:
    if not isinstance(value, str) or not (OUR_SCHEMES.match(value) or LINK.match(value)):
        return []
    try:
        found = identifiers.parse(value)
    except identifiers.IdentifierError as exc:
        return [Finding(exc.code, path=path, params={"value": value})]
    if found.scheme not in allowed:
        return [Finding("epcis.id-kind", path=path, params={"value": value, "kind": found.scheme.upper(), "field": field})]
    return []


def _parse_time(text) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None


def event_findings(event: dict, path: str, created: datetime | None) -> list[Finding]:
    """Vocabulary, identifier and time findings of one event (the structure is the schema's job)."""
    found: list[Finding] = []
    for term, code in (("bizStep", "epcis.unknown-bizstep"), ("disposition", "epcis.unknown-disposition")):
        value = event.get(term)
        if isinstance(value, str) and ":" not in value and value not in contexts.vocabulary(term):
            found.append(Finding(code, path=f"{path}.{term}", params={"value": value}))
    for name in INSTANCE_FIELDS:
        items = event.get(name)
        for i, value in enumerate(items if isinstance(items, list) else []):
            found += _identifier_findings(value, f"{path}.{name}[{i}]", name, ("sgtin", "sscc"))
    found += _identifier_findings(event.get("parentID"), f"{path}.parentID", "parentID", ("sgtin", "sscc"))
    for name in QUANTITY_FIELDS:
        items = event.get(name)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                found += _identifier_findings(item.get("epcClass"), f"{path}.{name}[{i}].epcClass", name, ("lgtin",))
    for name in PLACE_FIELDS:
        place = event.get(name)
        if isinstance(place, dict):
            found += _identifier_findings(place.get("id"), f"{path}.{name}.id", name, ("sgln",))
    when = _parse_time(event.get("eventTime")) if isinstance(event.get("eventTime"), str) else None
    declared = event.get("eventTimeZoneOffset")
    if when is not None and when.tzinfo is not None and isinstance(declared, str) \
            and not str(event["eventTime"]).endswith("Z") and str(event["eventTime"])[-6:] != declared:
        found.append(Finding("epcis.time-offset", path=f"{path}.eventTime",
                             params={"time_offset": str(event["eventTime"])[-6:], "declared": declared}))
    if when is not None and when.tzinfo is not None and created is not None and created.tzinfo is not None \
            and when > created:
        found.append(Finding("epcis.time-future", path=f"{path}.eventTime",
                             params={"value": event["eventTime"], "created": created.isoformat()}))
    return found


def validate(source: Source, lang: str | None = None) -> ValidationResult:
    """Check an EPCIS 2.0 JSON-LD document; the result lists findings with their JSON paths."""
    try:
        document = read(source)
    except DocumentRefused as refused:
        return ValidationResult(SCHEMA_NAME, ok=False, usable=False, findings=[refused.finding]).in_language(lang)
    errors = sorted(_validator().iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    findings = [_schema_finding(e, document) for e in errors]
    structure_ok = not findings
    created = _parse_time(document.get("creationDate")) if isinstance(document.get("creationDate"), str) else None
    for i, event in enumerate(events(document)):
        if isinstance(event, dict):
            findings += event_findings(event, f"$.epcisBody.eventList[{i}]", created)
    if len(findings) > MAX_FINDINGS:
        findings = findings[:MAX_FINDINGS] + [Finding("epcis.more", params={"count": len(findings) - MAX_FINDINGS})]
    ok = not any(f.severity == "error" for f in findings)
    return ValidationResult(SCHEMA_NAME, ok=ok, structure_ok=structure_ok, findings=findings).in_language(lang)
