"""Turn a schema's complaints about an invalid document into plain-language findings.

lxml says *whether* a document is valid (fast, and the verdict we trust). When it is not,
xmlschema says precisely *why*: which element, which facet, which code list. Each of its
errors becomes a :class:`Finding` with a stable code. If xmlschema finds nothing where
lxml did, lxml's own messages are used, so an invalid document never comes back silent.
"""
from __future__ import annotations

import difflib
import re

from lxml import etree

from ..i18n import N_, _
from .findings import Finding
from .locate import local_name, readable_path

# How built-in types are described to a learner, with an example value.
TYPE_NAMES = {
    "date": (N_("date"), "2026-03-31"),
    "dateTime": (N_("date and time"), "2026-03-31T14:30:00"),
    "decimal": (N_("decimal number"), "1250.50"),
    "integer": (N_("whole number"), "12"),
    "positiveInteger": (N_("positive whole number"), "12"),
    "nonNegativeInteger": (N_("whole number (0 or more)"), "0"),
    "boolean": (N_("true/false value"), "true"),
    "double": (N_("number"), "12.5"),
    "float": (N_("number"), "12.5"),
    "anyURI": (N_("web address or identifier (URI)"), "urn:example:1"),
    "token": (N_("text without line breaks"), "FROZEN TUNA"),
}
MAX_LISTED_CODES = 12


def _short(value, limit: int = 60) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _expected(tags, lang, lxml_said: str | None = None) -> str:
    """What the schema expects at a position: xmlschema's list, else lxml's for that line."""
    names = [f"<{local_name(t) if t.startswith('{') else t.split(':')[-1]}>" for t in tags]
    if not names and lxml_said:
        names = [f"<{local_name(t.strip())}>" for t in lxml_said.split(",") if t.strip()]
    if not names:
        return _("nothing more", lang) if lxml_said is not None else _("other elements (see the schema)", lang)
    return _(" or ", lang).join(names)


_LXML_EXPECTED = re.compile(r"Expected is(?: one of)? \( (.*) \)")


def lxml_expectations(error_log) -> dict[int, str]:
    """Line -> the elements lxml says it expected there ('' when it expected nothing more)."""
    said = {}
    for entry in error_log:
        if "This element is not expected" in entry.message or "Missing child element" in entry.message:
            match = _LXML_EXPECTED.search(entry.message)
            said.setdefault(entry.line, match.group(1) if match else "")
    return said


def _facet_finding(validator, elem, value, base):
    kind = type(validator).__name__
    name = local_name(elem.tag) if elem is not None else "?"
    if kind == "XsdEnumerationFacets":
        every = [str(v) for v in validator.enumeration]
        # The codes closest to what was written first (THA -> TH), then the list in order.
        close = difflib.get_close_matches(str(value), every, n=3, cutoff=0.6)
        codes = (close + [c for c in every if c not in close])[:MAX_LISTED_CODES]
        more = len(every) - len(codes)
        allowed = ", ".join(codes) + (f" (+{more})" if more > 0 else "")
        return Finding("schema.not-in-code-list", params=dict(value=_short(value), element=name, allowed=allowed), **base)
    if kind == "XsdPatternFacets":
        pattern = " | ".join(validator.regexps)
        return Finding("schema.wrong-format", params=dict(value=_short(value), element=name, pattern=pattern), **base)
    if kind in ("XsdMaxLengthFacet", "XsdMinLengthFacet", "XsdLengthFacet"):
        code = {"XsdMaxLengthFacet": "schema.too-long", "XsdMinLengthFacet": "schema.too-short",
                "XsdLengthFacet": "schema.wrong-length"}[kind]
        return Finding(code, params=dict(value=_short(value), element=name, limit=validator.value), **base)
    if kind in ("XsdMinInclusiveFacet", "XsdMaxInclusiveFacet", "XsdMinExclusiveFacet", "XsdMaxExclusiveFacet"):
        symbol = {"XsdMinInclusiveFacet": "≥", "XsdMaxInclusiveFacet": "≤",
                  "XsdMinExclusiveFacet": ">", "XsdMaxExclusiveFacet": "<"}[kind]
        return Finding("schema.out-of-range", params=dict(value=_short(value), element=name,
                                                          bound=f"{symbol} {validator.value}"), **base)
    return None


def _type_finding(error, elem, value, base, lang):
    """A value that is not of the element's built-in type (a date, a number...)."""
    type_name = _described_type(error.validator)
    if type_name is None:
        return None
    label, example = TYPE_NAMES[type_name]
    attribute = _attribute_named(error)
    if attribute:
        return Finding("schema.wrong-attribute-value", params=dict(
            value=_short(value), element=local_name(elem.tag), attribute=attribute, type=_(label, lang),
            example=example), **base)
    return Finding("schema.wrong-type", params=dict(
        value=_short(value), element=local_name(elem.tag), type=_(label, lang), example=example), **base)


def _described_type(xsd_type) -> str | None:
    """The closest type (itself or a base) that has a learner-friendly description."""
    for _step in range(30):
        if xsd_type is None:
            return None
        name = local_name(getattr(xsd_type, "name", None) or "")
        if name in TYPE_NAMES:
            return name
        xsd_type = getattr(xsd_type, "base_type", None)
    return None


def _attribute_named(error) -> str | None:
    match = re.match(r"attribute (\S+?)=", error.reason or "")
    return local_name(match.group(1)) if match else None


def _attribute_finding(error, elem, base):
    reason = error.reason or ""
    name = local_name(elem.tag)
    if "missing required attribute" in reason:
        attr = reason.split("'")[1] if "'" in reason else "?"
        return Finding("schema.missing-attribute", params=dict(element=name, attribute=local_name(attr)), **base)
    if "is not an attribute of" in reason or ("not allowed" in reason or "prohibited" in reason) and "attribute" in reason:
        attr = reason.split("'")[1] if "'" in reason else "?"
        return Finding("schema.unexpected-attribute", params=dict(element=name, attribute=local_name(attr)), **base)
    return None


def _root_finding(error, elem, roots: str, base) -> Finding:
    name = local_name(elem.tag)
    schema = getattr(error.validator, "maps", None) and error.validator
    namespace = getattr(schema, "target_namespace", None)
    if f"<{name}>" in roots.split(", ") and etree.QName(elem).namespace != namespace:
        return Finding("schema.wrong-namespace", params=dict(
            element=name, namespace=etree.QName(elem).namespace or "-", expected=namespace or "-"), **base)
    return Finding("schema.unknown-root", params=dict(element=name, expected=roots), **base)


def finding_from_xmlschema(error, lang: str | None = None, roots: str = "?",
                           lxml_said: dict[int, str] | None = None) -> Finding:
    from xmlschema.validators.exceptions import XMLSchemaChildrenValidationError

    elem = error.elem if isinstance(getattr(error, "elem", None), etree._Element) else None
    if isinstance(error, XMLSchemaChildrenValidationError):
        child = error.invalid_child
        line = child.sourceline if child is not None else getattr(elem, "sourceline", None)
        expected = _expected(error.expected_tags, lang, (lxml_said or {}).get(line))
        parent = local_name(elem.tag) if elem is not None else "?"
        if child is not None and isinstance(child.tag, str):
            return Finding("schema.unexpected-element", line=child.sourceline, path=readable_path(child), lang=lang,
                           params=dict(element=local_name(child.tag), parent=parent, expected=expected))
        return Finding("schema.missing-element", line=getattr(elem, "sourceline", None), path=readable_path(elem),
                       lang=lang, params=dict(parent=parent, expected=expected))
    base = dict(line=getattr(elem, "sourceline", None), path=readable_path(elem), lang=lang)
    if elem is not None and elem.getparent() is None and "not an element of the schema" in (error.reason or ""):
        return _root_finding(error, elem, roots, base)
    if elem is None:
        return Finding("schema.invalid", params=dict(element="?", detail=_short(error.reason, 300)), **base)
    value = error.obj if isinstance(error.obj, (str, int, float)) else elem.text
    finding = (_facet_finding(error.validator, elem, value, base)
               or _attribute_finding(error, elem, base)
               or ("character data" in (error.reason or "") and Finding(
                   "schema.empty-content", params=dict(element=local_name(elem.tag)), **base))
               or _type_finding(error, elem, value, base, lang))
    return finding or Finding("schema.invalid", params=dict(
        element=local_name(elem.tag), detail=_short(error.reason, 300)), **base)


def finding_from_lxml(entry, lang: str | None = None) -> Finding:
    """A finding from one line of lxml's error log (used only when xmlschema is silent)."""
    message = entry.message
    element = message.split("'", 2)[1] if message.startswith("Element '") else "?"
    return Finding("schema.invalid", line=entry.line or None, lang=lang,
                   params=dict(element=local_name(element), detail=_short(message, 300)))
