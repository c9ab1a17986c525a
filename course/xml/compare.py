"""Compare a learner's XSD with a reference XSD, element by element.

Both schemas are read into a flat outline: one entry per element path from the document
element down (``/CertificateOfOrigin/GoodsItem/GrossWeight``), with its cardinality, type
and facets. The outlines are compared path by path; every difference is a finding with a
plain-language explanation, and the score gives partial credit.

Each reference element is worth four points: being present in the right place (half when
it is present but elsewhere), its cardinality, its type, and its facets (code lists,
patterns, lengths, bounds). Elements that the reference does not have cost one point each.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

from ..i18n import N_, _
from .findings import Finding
from .safe import DocumentRefused, Source, parse_document

POINTS_PER_ELEMENT = 4
MAX_DEPTH = 25

FAMILIES = {
    "string": "text", "normalizedString": "text", "token": "text", "Name": "text", "NCName": "text",
    "language": "text", "anyURI": "text", "ID": "text", "NMTOKEN": "text",
    "decimal": "number", "double": "number", "float": "number",
    "integer": "whole", "int": "whole", "long": "whole", "short": "whole", "positiveInteger": "whole",
    "nonNegativeInteger": "whole", "unsignedInt": "whole", "nonPositiveInteger": "whole",
    "date": "date", "dateTime": "datetime", "time": "time", "gYear": "date", "boolean": "boolean",
}
FAMILY_LABELS = {
    "text": N_("text"), "number": N_("a decimal number"), "whole": N_("a whole number"),
    "date": N_("a date"), "datetime": N_("a date and time"), "time": N_("a time"),
    "boolean": N_("a true/false value"), "other": N_("a value of another type"),
    "complex": N_("child elements"), "empty": N_("no content"),
}
FACETS = ("length", "minLength", "maxLength", "minInclusive", "maxInclusive", "minExclusive",
          "maxExclusive", "totalDigits", "fractionDigits")


@dataclass
class Declared:
    """One element as a schema declares it, at one path."""

    path: str
    name: str
    parent: str
    min_occurs: int
    max_occurs: int | None
    content: str  # "simple", "complex" or "empty"
    builtin: str | None = None
    codes: frozenset[str] | None = None
    patterns: tuple[str, ...] = ()
    facets: dict[str, str] = field(default_factory=dict)
    line: int | None = None

    @property
    def family(self) -> str:
        if self.content != "simple":
            return self.content
        return FAMILIES.get(self.builtin or "", "other")


@dataclass
class Comparison:
    score: float
    earned: float
    possible: float
    findings: list[Finding]
    usable: bool = True

    @property
    def identical(self) -> bool:
        return self.usable and not self.findings


def _builtin_name(xsd_type) -> str | None:
    seen = 0
    while xsd_type is not None and seen < 50:
        if getattr(xsd_type, "is_builtin", lambda: False)():
            return xsd_type.local_name
        if hasattr(xsd_type, "base_type") and xsd_type.base_type is not None:
            xsd_type = xsd_type.base_type
        elif hasattr(xsd_type, "item_type"):
            return "list"
        else:
            return getattr(xsd_type, "local_name", None)
        seen += 1
    return None


def _simple_details(simple) -> dict:
    details = {"builtin": _builtin_name(simple), "codes": None, "patterns": (), "facets": {}}
    enumeration = getattr(simple, "enumeration", None)
    if enumeration:
        details["codes"] = frozenset(str(v) for v in enumeration)
    patterns = getattr(simple, "patterns", None)
    if patterns is not None:
        details["patterns"] = tuple(sorted(patterns.regexps))
    for name in FACETS:
        facet = simple.get_facet(f"{{http://www.w3.org/2001/XMLSchema}}{name}") if hasattr(simple, "get_facet") else None
        if facet is not None and getattr(facet, "value", None) is not None:
            details["facets"][name] = str(facet.value)
    return details


def _declared(element, path: str, parent: str) -> Declared:
    xsd_type = element.type
    line = element.elem.sourceline if getattr(element, "elem", None) is not None else None
    base = dict(path=path, name=element.local_name, parent=parent, min_occurs=element.min_occurs,
                max_occurs=element.max_occurs, line=line)
    if xsd_type.is_simple():
        return Declared(content="simple", **base, **_simple_details(xsd_type))
    if xsd_type.has_simple_content():
        return Declared(content="simple", **base, **_simple_details(xsd_type.content))
    if xsd_type.is_empty():
        return Declared(content="empty", **base)
    return Declared(content="complex", **base)


def outline(schema) -> dict[str, Declared]:
    """Every element path reachable from the schema's global elements."""
    found: dict[str, Declared] = {}

    def walk(element, path, parent, depth):
        found[path] = _declared(element, path, parent)
        if depth >= MAX_DEPTH or not element.type.is_complex() or element.type.has_simple_content():
            return
        content = element.type.content
        for child in (content.iter_elements() if hasattr(content, "iter_elements") else ()):
            if getattr(child, "local_name", None):
                walk(child, f"{path}/{child.local_name}", element.local_name, depth + 1)

    for element in schema.elements.values():
        walk(element, f"/{element.local_name}", "", 0)
    return found


def load_schema(source: Source):
    """Compile a learner's XSD safely; return (schema, findings). Nothing is fetched."""
    import xmlschema

    try:
        tree = parse_document(source)
    except DocumentRefused as refused:
        return None, [refused.finding]
    schema, error = None, None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            schema = xmlschema.XMLSchema10(tree, allow="none")
        except xmlschema.XMLSchemaException as exc:
            error = exc
    blocked = [str(w.message) for w in caught if "block access to resource" in str(w.message)]
    if blocked:
        location = blocked[0].rsplit("block access to resource", 1)[1].strip(" .")
        return None, [Finding("xsd.remote-import", params={"location": location})]
    if schema is not None:
        return schema, []
    elem = getattr(error, "elem", None)
    detail = getattr(error, "message", None) or str(error).split("\n")[0]
    return None, [Finding("xsd.invalid-schema", line=getattr(elem, "sourceline", None),
                              params={"detail": str(detail)[:300]})]


def _occurs_text(max_occurs, lang) -> str:
    if max_occurs is None:
        return _("any number of times", lang)
    if max_occurs == 1:
        return _("at most once", lang)
    return _("up to {n} times", lang, n=max_occurs)


def _codes_difference(yours: frozenset, reference: frozenset, lang) -> str:
    parts = []
    if reference - yours:
        parts.append(_("missing codes {codes}", lang, codes=", ".join(sorted(reference - yours)[:10])))
    if yours - reference:
        parts.append(_("extra codes {codes}", lang, codes=", ".join(sorted(yours - reference)[:10])))
    return "; ".join(parts)


def _compare_one(mine: Declared, ref: Declared, lang) -> tuple[float, list[Finding]]:
    """Points for cardinality, type and facets (3 at most) and the differences found."""
    points, found = 0.0, []
    at = dict(path=ref.path, line=mine.line, lang=lang)
    name = ref.name
    if mine.min_occurs == ref.min_occurs and mine.max_occurs == ref.max_occurs:
        points += 1
    else:
        if ref.min_occurs > 0 and mine.min_occurs == 0:
            found.append(Finding("compare.optional", params={"element": name}, **at))
        elif ref.min_occurs == 0 and mine.min_occurs > 0:
            found.append(Finding("compare.mandatory", params={"element": name}, **at))
        if mine.max_occurs != ref.max_occurs:
            found.append(Finding("compare.repeats", params={
                "element": name, "yours": _occurs_text(mine.max_occurs, lang),
                "reference": _occurs_text(ref.max_occurs, lang)}, **at))
        if mine.min_occurs != ref.min_occurs and (mine.min_occurs > 0) == (ref.min_occurs > 0):
            found.append(Finding("compare.facet", params={
                "element": name, "facet": "minOccurs", "yours": mine.min_occurs,
                "reference": ref.min_occurs}, **at))
    if mine.family != ref.family:
        code = "compare.type" if "simple" == mine.content == ref.content else "compare.structure"
        found.append(Finding(code, params={"element": name, "yours": _(FAMILY_LABELS[mine.family], lang),
                                           "reference": _(FAMILY_LABELS[ref.family], lang)}, **at))
    else:
        points += 1
    facet_differences = []
    if (mine.codes or frozenset()) != (ref.codes or frozenset()):
        facet_differences.append(Finding("compare.codes", params={
            "element": name, "difference": _codes_difference(mine.codes or frozenset(), ref.codes or frozenset(), lang)}, **at))
    if mine.patterns != ref.patterns:
        facet_differences.append(Finding("compare.facet", params={
            "element": name, "facet": "pattern", "yours": " | ".join(mine.patterns) or "-",
            "reference": " | ".join(ref.patterns) or "-"}, **at))
    for facet in FACETS:
        if mine.facets.get(facet) != ref.facets.get(facet):
            facet_differences.append(Finding("compare.facet", params={
                "element": name, "facet": facet, "yours": mine.facets.get(facet, "-"),
                "reference": ref.facets.get(facet, "-")}, **at))
    if not facet_differences:
        points += 1
    return points, found + facet_differences


def compare_outlines(mine: dict[str, Declared], reference: dict[str, Declared], lang=None) -> Comparison:
    findings: list[Finding] = []
    earned = 0.0
    my_roots = [d.name for d in mine.values() if d.parent == ""]
    ref_roots = [d.name for d in reference.values() if d.parent == ""]
    if my_roots and ref_roots and not set(my_roots) & set(ref_roots):
        findings.append(Finding("compare.root", lang=lang, params={"yours": my_roots[0], "reference": ref_roots[0]}))
    by_name: dict[str, list[Declared]] = {}
    for declared in mine.values():
        by_name.setdefault(declared.name, []).append(declared)
    matched: set[str] = set()
    for path, ref in reference.items():
        candidate = mine.get(path)
        if candidate is None and ref.parent:  # same root under another name: compare from there
            candidate = next((d for d in by_name.get(ref.name, []) if d.path not in matched
                              and d.path.split("/")[2:] == path.split("/")[2:]), None)
        if candidate is not None:
            earned += 1
        else:
            elsewhere = [d for d in by_name.get(ref.name, []) if d.path not in matched]
            if not elsewhere:
                findings.append(Finding("compare.missing", path=path, lang=lang,
                                        params={"element": ref.name, "parent": ref.parent or "-"}))
                continue
            candidate = elsewhere[0]
            earned += 0.5
            findings.append(Finding("compare.moved", path=candidate.path, line=candidate.line, lang=lang,
                                    params={"element": ref.name, "parent": candidate.parent or "-",
                                            "expected": ref.parent or "-"}))
        matched.add(candidate.path)
        points, found = _compare_one(candidate, ref, lang)
        earned += points
        findings += found
    ref_names = sorted({d.name for d in reference.values()})
    extras = [d for d in mine.values() if d.path not in matched and d.name not in ref_names]
    for extra in extras:
        findings.append(Finding("compare.extra", path=extra.path, line=extra.line, lang=lang, params={
            "element": extra.name, "suggestion": _suggest(extra.name, ref_names)}))
    possible = POINTS_PER_ELEMENT * len(reference) + len(extras)
    score = earned / possible if possible else 0.0
    return Comparison(score=round(score, 4), earned=earned, possible=possible, findings=findings)


def _suggest(name: str, candidates: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, candidates, n=2, cutoff=0.5)
    return ", ".join(f"<{c}>" for c in close) if close else "-"


def compare_schemas(learner: Source, reference: Source, lang: str | None = None) -> Comparison:
    """Compare the learner's XSD (text, bytes or path) with a reference XSD."""
    mine, problems = load_schema(learner)
    if mine is None:
        return Comparison(score=0.0, earned=0.0, possible=0.0,
                          findings=[f.in_language(lang) for f in problems], usable=False)
    ref, ref_problems = load_schema(reference)
    if ref is None:
        raise ValueError(f"the reference schema is not usable: {ref_problems[0].message}")
    result = compare_outlines(outline(mine), outline(ref), lang)
    if (mine.target_namespace or "") != (ref.target_namespace or ""):
        # Same names in another namespace are other elements: no instance would validate.
        result.findings.insert(0, Finding("compare.namespace", lang=lang, params={
            "yours": mine.target_namespace or "-", "reference": ref.target_namespace or "-"}))
        result.earned = 0.5 * result.earned
        result.score = round(result.earned / result.possible, 4) if result.possible else 0.0
    return result
