"""The rice export scenario's reference models pass every BPMN check of the platform.

They are what learners' models are compared with and what the time-procedure figures are
computed from: no error finding, every pool's process completes on both customs paths
(inspection required and green channel), and each compares as identical with itself.
"""
import json

import pytest

from course import paths
from course.checks import keys
from course.bpmn import check_model, compare_processes, read_model, run_every_pool
from course.bpmn.validate import errors

SCENARIO = paths.datasets() / "rice_export"
REFERENCES = keys.folder("01-business-process-analysis")   # reference models stay with the grader
MODELS = sorted(REFERENCES.glob("*.bpmn"))
PATHS = {"inspection required": "yes", "green channel": "no"}
DECISION = "Inspection required?"


def test_the_scenario_ships_its_three_models():
    assert {m.name for m in MODELS} >= {"as_is.bpmn", "as_is_no_layout.bpmn", "to_be.bpmn"}


@pytest.mark.parametrize("model", MODELS, ids=lambda p: p.name)
def test_no_error_findings(model):
    assert errors(check_model(model)) == []


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("model", MODELS, ids=lambda p: p.name)
def test_every_pool_completes_on_both_customs_paths(model, path):
    runs = run_every_pool(model, {DECISION: PATHS[path]})
    assert len(runs) >= 8
    assert {name: run.findings for name, run in runs.items() if not run.completed} == {}
    customs = runs["Customs"].tasks
    assert any("Inspect" in task for task in customs) == (path == "inspection required")


def test_the_model_without_layout_is_the_same_process():
    with_layout, without = (read_model(REFERENCES / name) for name in ("as_is.bpmn", "as_is_no_layout.bpmn"))
    assert with_layout.has_layout and not without.has_layout
    assert with_layout.nodes == without.nodes and with_layout.flows == without.flows
    assert compare_processes(without, with_layout).identical


def test_the_to_be_differs_from_the_as_is_where_the_redesign_says():
    synonyms = json.loads((SCENARIO / "synonyms.json").read_text(encoding="utf-8"))
    as_is = REFERENCES / "as_is.bpmn"
    assert compare_processes(as_is, as_is, synonyms=synonyms).identical
    result = compare_processes(REFERENCES / "to_be.bpmn", as_is, synonyms=synonyms)
    assert 0.3 < result.score < 0.95
    missing = {f.params["name"] for f in result.differences if f.code == "bpmn.diff.missing"}
    assert "Lodge the export declaration in ASYCUDA" in missing
