"""``validate(document, schema)``: the course's one answer to "is this document right?"."""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from . import registry
from .explain import finding_from_lxml, finding_from_xmlschema
from .findings import Finding, ValidationResult
from .locate import local_name
from .rules import rule_findings
from .safe import MAX_BYTES, DocumentRefused, Source, parse_document, schema_location_hint

MAX_FINDINGS = 50
# When one value breaks several rules (a pattern and a type), say the most helpful one.
VALUE_CODES = ["schema.wrong-type", "schema.not-in-code-list", "schema.wrong-format", "schema.too-long",
               "schema.too-short", "schema.wrong-length", "schema.out-of-range", "schema.invalid"]


def _one_per_value(findings: list[Finding]) -> list[Finding]:
    best: dict[tuple, Finding] = {}
    kept: list[Finding] = []
    for finding in findings:
        if finding.code not in VALUE_CODES:
            kept.append(finding)
            continue
        key = (finding.line, finding.path)
        if key not in best:
            best[key] = finding
            kept.append(finding)
        elif VALUE_CODES.index(finding.code) < VALUE_CODES.index(best[key].code):
            kept[kept.index(best[key])] = finding
            best[key] = finding
    return kept


def _explain(tree, schema_name: str, lxml_log, lang) -> list[Finding]:
    findings: list[Finding] = []
    try:
        xs = registry.xmlschema_schema(schema_name)
        roots = ", ".join(f"<{local_name(name)}>" for name in xs.elements) or "?"
        for error in xs.iter_errors(tree):
            findings.append(finding_from_xmlschema(error, lang, roots))
            if len(findings) >= MAX_FINDINGS:
                break
    except registry.SchemaError:
        pass  # explanation unavailable; fall back to lxml's messages below
    if not findings:
        findings = [finding_from_lxml(entry, lang) for entry in list(lxml_log)[:MAX_FINDINGS]]
    return _one_per_value(findings)


def validate(document: Source | etree._ElementTree, schema: str = "eco", *, lang: str | None = None,
             rules: bool = True, max_bytes: int = MAX_BYTES) -> ValidationResult:
    """Check ``document`` against the registry schema named ``schema``.

    ``document`` may be XML text, bytes, a path, a file object or an already parsed
    tree. The result's ``structure_ok`` is lxml's XSD verdict; ``ok`` also needs the
    schema's business rules (Schematron), which run once the structure is valid.
    """
    try:
        tree = document if isinstance(document, etree._ElementTree) else parse_document(document, max_bytes)
    except DocumentRefused as refused:
        return ValidationResult(schema=schema, ok=False, usable=False,
                                findings=[refused.finding.in_language(lang)], lang=lang)
    xsd = registry.lxml_schema(schema)
    structure_ok = xsd.validate(tree)
    findings: list[Finding] = []
    hint = schema_location_hint(tree.getroot())
    if hint:
        findings.append(Finding("xml.schema-location-ignored", severity="info", lang=lang,
                                params=dict(location=hint[:200])))
    rules_ok = True
    if not structure_ok:
        findings += _explain(tree, schema, xsd.error_log, lang)
        if rules and registry.schematron(schema) is not None:
            findings.append(Finding("rules.skipped", severity="info", lang=lang))
    elif rules and registry.schematron(schema) is not None:
        broken = rule_findings(registry.schematron(schema), tree, lang)
        rules_ok = not broken
        findings += broken
    return ValidationResult(schema=schema, ok=structure_ok and rules_ok, structure_ok=structure_ok,
                            findings=findings, lang=lang)
