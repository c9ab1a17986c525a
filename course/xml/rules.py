"""Business rules beyond the schema, written in ISO Schematron and run by lxml."""
from __future__ import annotations

from lxml import etree

from ..i18n import _
from .findings import Finding
from .locate import readable_path

SVRL = "http://purl.oclc.org/dsdl/svrl"


def _element_at(tree, location: str):
    try:
        found = tree.xpath(location)
    except etree.XPathError:
        return None
    return found[0] if found and isinstance(found[0], etree._Element) else None


def rule_findings(schematron, tree, lang: str | None = None, limit: int = 50) -> list[Finding]:
    """Run the rules; one finding per failed assertion (or successful report), ``limit`` at most."""
    if schematron.validate(tree):
        return []
    findings = []
    report = schematron.validation_report
    failures = list(report.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"))
    for failed in failures[:limit]:
        text = " ".join("".join(failed.find(f"{{{SVRL}}}text").itertext()).split())
        elem = _element_at(tree, failed.get("location", ""))
        rule_id = failed.get("id") or "rule"
        findings.append(Finding(
            "rules.failed", line=getattr(elem, "sourceline", None), path=readable_path(elem),
            lang=lang, params=dict(rule=_(text, lang), rule_id=rule_id)))
    if len(failures) > limit:
        findings.append(Finding("rules.more", severity="info", lang=lang, params={"count": len(failures) - limit}))
    return findings
