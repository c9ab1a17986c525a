"""``validate(document, schema)``: the course's one answer to "is this document right?"."""
from __future__ import annotations

from itertools import islice

from lxml import etree

from . import registry
from .explain import finding_from_lxml, finding_from_xmlschema, lxml_expectations
from .findings import Finding, ValidationResult
from .locate import local_name
from .rules import rule_findings
from .safe import MAX_BYTES, DocumentRefused, Source, parse_document, schema_location_hint

MAX_FINDINGS = 50
# When one value breaks several rules (a pattern and a type), say the most helpful one.
VALUE_CODES = ["schema.wrong-type", "schema.wrong-attribute-value", "schema.not-in-code-list", "schema.wrong-format", "schema.too-long",
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


def _without_follow_on_errors(errors: list) -> list:
    """Drop errors on the siblings after an unexpected element (and inside them).

    Once a child is out of place, the validator matches the following siblings against
    the wrong part of the content model and reports them too; they are not mistakes.
    """
    from xmlschema.validators.exceptions import XMLSchemaChildrenValidationError

    disrupted: set = set()
    for error in errors:
        if isinstance(error, XMLSchemaChildrenValidationError) and error.invalid_child is not None:
            disrupted.update(error.elem[error.index + 1:])

    def follows_a_mistake(elem) -> bool:
        while elem is not None:
            if elem in disrupted:
                return True
            elem = elem.getparent() if hasattr(elem, "getparent") else None
        return False

    return [e for e in errors if isinstance(e, XMLSchemaChildrenValidationError) or not follows_a_mistake(e.elem)]



def _explain(tree, schema_name: str, lxml_log, lang) -> list[Finding]:
    findings: list[Finding] = []
    try:
        xs = registry.xmlschema_schema(schema_name)
        roots = ", ".join(f"<{local_name(name)}>" for name in xs.elements) or "?"
        errors = _without_follow_on_errors(list(islice(xs.iter_errors(tree), 4 * MAX_FINDINGS)))
        said = lxml_expectations(lxml_log)
        findings = [finding_from_xmlschema(error, lang, roots, said) for error in errors[:MAX_FINDINGS]]
    except registry.SchemaError:
        pass  # explanation unavailable; fall back to lxml's messages below
    if not findings:
        findings = [finding_from_lxml(entry, lang) for entry in list(lxml_log)[:MAX_FINDINGS]]
    return sorted(_one_per_value(findings), key=lambda f: f.line or 0)


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
    schematron = registry.schematron(schema) if rules else None
    if not structure_ok:
        findings += _explain(tree, schema, xsd.error_log, lang)
        if schematron is not None:
            findings.append(Finding("rules.skipped", severity="info", lang=lang))
    elif schematron is not None:
        broken = rule_findings(schematron, tree, lang)
        rules_ok = not broken
        findings += broken
    return ValidationResult(schema=schema, ok=structure_ok and rules_ok, structure_ok=structure_ok,
                            findings=findings, lang=lang)
