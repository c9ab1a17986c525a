"""Checking a learner's BPMN file: the OMG BPMN 2.0 schema first, then the modelling rules."""
from __future__ import annotations

from ..xml.findings import Finding
from ..xml.safe import Source
from ..xml.validate import validate
from .reading import BpmnRefused, model_from_tree, read_tree
from .rules import rule_findings

SCHEMA = "bpmn20"


def check_model(source: Source, lang: str | None = None) -> list[Finding]:
    """The findings of the BPMN 2.0 XSD (registry schema ``bpmn20``) and of the modelling
    rules (:mod:`course.bpmn.rules`) for the file in ``source``, in ``lang``.

    A file that cannot be read at all gives one finding and nothing else. The rules run
    even when the schema finds problems, as long as the model can be read.
    """
    try:
        tree = read_tree(source)
    except BpmnRefused as refused:
        return [refused.finding.in_language(lang)]
    findings = list(validate(tree, SCHEMA, lang=lang).findings)
    findings += rule_findings(model_from_tree(tree))
    return [f.in_language(lang) for f in findings]


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]
