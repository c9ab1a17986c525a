"""The rice export scenario of module 01: made again byte for byte, consistent, its models valid.

The critical path and total time in the keys are recomputed here from procedures.csv with a
longest-path walk of its own, so that a key out of step with the published table is caught.
"""
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course import paths
from course.xml.validate import validate

SCENARIO = paths.datasets() / "rice_export"
KEYS = paths.root() / "solutions" / "01-business-process-analysis" / "keys"
MODELS = ("as_is.bpmn", "as_is_no_layout.bpmn", "to_be.bpmn")
PATHS = ("inspection required", "green channel")


def rows(name: str) -> list[dict]:
    with (SCENARIO / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def key(name: str):
    return json.loads((KEYS / name).read_text(encoding="utf-8"))


def longest_path(steps: list[dict], path: str) -> tuple[float, list[str]]:
    """Total most-likely hours and the critical chain, by recursion over predecessors."""
    kept = {s["id"]: s for s in steps if s["path"] in ("all", path)}
    finish: dict[str, tuple[float, list[str]]] = {}

    def done(step_id: str) -> tuple[float, list[str]]:
        if step_id not in finish:
            before = [done(p) for p in kept[step_id]["predecessors"].split() if p in kept]
            hours, chain = max(before, key=lambda b: b[0], default=(0.0, []))
            finish[step_id] = (hours + float(kept[step_id]["likely_hours"]), chain + [step_id])
        return finish[step_id]

    return max((done(s) for s in kept), key=lambda b: b[0])


def test_the_generator_writes_the_same_bytes_again(tmp_path):
    copy = tmp_path / "datasets" / "rice_export"
    copy.mkdir(parents=True)
    for script in SCENARIO.glob("*.py"):
        shutil.copy(script, copy)
    subprocess.run([sys.executable, str(copy / "make_dataset.py")], check=True, capture_output=True, timeout=120)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".py"
                     and "__pycache__" not in p.parts)
    assert len(written) >= 20
    for relative in written:
        assert (tmp_path / relative).read_bytes() == (paths.root() / relative).read_bytes(), relative
    committed = sorted(p.relative_to(paths.root()) for folder in (SCENARIO, KEYS) for p in folder.rglob("*")
                       if p.is_file() and p.suffix not in (".py", ".md") and "__pycache__" not in p.parts)
    assert set(committed) <= set(written), "files in the scenario that the generator does not write"


@pytest.mark.parametrize("name", MODELS)
def test_the_reference_models_pass_the_bpmn_schema(name):
    result = validate(SCENARIO / "models" / name, "bpmn20")
    assert result.ok, [str(f) for f in result.findings]


def test_one_model_has_a_layout_and_its_twin_has_none():
    with_layout = (SCENARIO / "models" / "as_is.bpmn").read_text(encoding="utf-8")
    without = (SCENARIO / "models" / "as_is_no_layout.bpmn").read_text(encoding="utf-8")
    assert "BPMNShape" in with_layout and "BPMNShape" not in without
    assert without.replace("</bpmn:definitions>\n", "") in with_layout


def test_the_models_have_what_the_lessons_teach():
    from course.bpmn import read_model

    as_is, to_be = (read_model(SCENARIO / "models" / n) for n in ("as_is.bpmn", "to_be.bpmn"))
    for model in (as_is, to_be):
        assert len(model.pools) >= 8 and model.message_flows() and model.data_objects
        assert all(model.lane_of(t.id) is not None for t in model.tasks())
        gateway = [n for n in model.nodes.values() if n.name == "Inspection required?"]
        assert len(gateway) == 1 and gateway[0].kind == "exclusiveGateway"
        assert len(model.successors(gateway[0].id)) == 2
    assert not any(n.kind == "parallelGateway" for n in as_is.nodes.values())
    assert any(n.kind == "parallelGateway" for n in to_be.nodes.values())
    steps = {r["id"]: r["procedure"] for r in rows("procedures.csv")}
    assert {t.id: t.name for t in as_is.tasks()} == steps


def test_the_models_follow_the_modelling_rules_and_complete_both_paths():
    from course.bpmn import check_model, read_model, run_path

    for name in MODELS:
        errors = [f for f in check_model(SCENARIO / "models" / name) if f.severity == "error"]
        assert errors == [], [str(f) for f in errors]
    for name in ("as_is.bpmn", "to_be.bpmn"):
        model = read_model(SCENARIO / "models" / name)
        for answer in ("yes", "no"):
            for pool in model.pools.values():
                run = run_path(model, {"Inspection required?": answer}, pool=pool.name)
                assert run.completed, (name, pool.name, answer, [str(f) for f in run.findings])
                if pool.name == "Customs":
                    assert ("Inspect the containers (inspection channel)" in run.tasks) == (answer == "yes")


@pytest.mark.parametrize("table", ["procedures.csv", "procedures_to_be.csv"])
def test_the_procedure_tables_are_consistent(table):
    steps = rows(table)
    ids = [s["id"] for s in steps]
    assert len(ids) == len(set(ids)) and len(ids) >= 20
    seen: set[str] = set()
    documents = {r["document"] for r in rows("documents.csv")}
    for s in steps:
        predecessors = s["predecessors"].split()
        assert set(predecessors) <= seen, f"{s['id']} waits for a step not listed before it: {predecessors}"
        seen.add(s["id"])
        low, likely, high = (float(s[k]) for k in ("min_hours", "likely_hours", "max_hours"))
        assert 0 < low <= likely <= high, s["id"]
        assert 0 <= float(s["waiting_hours"]) <= likely, s["id"]
        assert float(s["cost_usd"]) >= 0 and s["path"] in ("all", *PATHS)
        named = [d for field in ("documents_in", "documents_out") for d in s[field].split("; ") if d]
        assert set(named) <= documents, (s["id"], set(named) - documents)


def test_the_key_agrees_with_the_critical_path_computed_from_the_table():
    figures = key("time_procedure.json")
    steps = rows("procedures.csv")
    for path in PATHS:
        total, chain = longest_path(steps, path)
        assert figures[path]["total_hours"] == total
        assert figures[path]["critical_path"] == chain
    longest = max(steps, key=lambda s: float(s["waiting_hours"]))
    assert figures["longest_waiting_step"]["id"] == longest["id"]
    assert sum(float(s["waiting_hours"]) == float(longest["waiting_hours"]) for s in steps) == 1


def test_the_platform_schedules_the_table_as_the_key_says():
    from course.bpmn.schedule import schedule

    figures = key("time_procedure.json")
    for path in PATHS:
        kept = [s for s in rows("procedures.csv") if s["path"] in ("all", path)]
        ids = {s["id"] for s in kept}
        plan = schedule({s["id"]: float(s["likely_hours"]) for s in kept},
                        {s["id"]: [p for p in s["predecessors"].split() if p in ids] for s in kept})
        assert plan.total == figures[path]["total_hours"]
        assert list(plan.critical_path) == figures[path]["critical_path"]


def test_the_to_be_is_faster_on_the_critical_path_and_submits_once():
    as_is, to_be = rows("procedures.csv"), rows("procedures_to_be.csv")
    for path in PATHS:
        assert longest_path(to_be, path)[0] < longest_path(as_is, path)[0]
        assert key("to_be.json")["to_be"][path] == longest_path(to_be, path)[0]
    removed = key("to_be.json")["removed_submissions"]
    used_to_be = {d for s in to_be for field in ("documents_in", "documents_out") for d in s[field].split("; ")}
    assert removed and not set(removed) & used_to_be
    form_d = next(s for s in to_be if "Form D" in s["procedure"] and s["actor"] == "Chamber of commerce")
    phyto = next(s for s in to_be if s["procedure"].startswith("Issue the electronic phytosanitary"))
    assert phyto["id"] not in form_d["predecessors"].split()


def test_the_keys_name_what_the_public_files_hold():
    inventory = key("inventory.json")
    assert [p["id"] for p in inventory["procedures"]] == [s["id"] for s in rows("procedures.csv")]
    assert len(inventory["actors"]) == 8
    repeated = key("bottlenecks.json")["repeated_data_elements"]
    carried = {r["document"]: r["data_elements"].split("; ") for r in rows("documents.csv")}
    for element, documents in repeated.items():
        assert len(documents) > 1 and all(element in carried[d] for d in documents)
    options = json.loads((SCENARIO / "recommendation_options.json").read_text(encoding="utf-8"))
    right = key("recommendations.json")["right"]
    assert set(right) < set(options) and len(right) >= 3


def test_no_key_line_is_a_line_of_the_public_scenario():
    key_lines = {line.strip() for p in KEYS.iterdir() for line in p.read_text(encoding="utf-8").splitlines()
                 if len(line.strip()) >= 30}
    assert key_lines and all(len(p.read_text(encoding="utf-8").splitlines()) == 1 for p in KEYS.iterdir())
    for public in SCENARIO.rglob("*"):
        if public.is_file() and "__pycache__" not in public.parts:
            text = public.read_text(encoding="utf-8")
            assert not any(line in text for line in key_lines), public


def test_every_interview_gives_durations_costs_and_documents():
    notes = sorted((SCENARIO / "interviews").glob("*.md"))
    assert len(notes) == 8
    for note in notes:
        text = note.read_text(encoding="utf-8")
        assert "dollars" in text and any(w in text for w in ("days", "hours")), note.name
    exporter = (SCENARIO / "interviews" / "01_exporter.md").read_text(encoding="utf-8")
    broker = (SCENARIO / "interviews" / "02_forwarder_broker.md").read_text(encoding="utf-8")
    assert "Form D" in exporter and "I do not wait for the Form D" in broker


def test_the_synonyms_cover_every_activity():
    synonyms = json.loads((SCENARIO / "synonyms.json").read_text(encoding="utf-8"))
    names = {s["procedure"] for table in ("procedures.csv", "procedures_to_be.csv") for s in rows(table)}
    assert names == set(synonyms)
    assert all(isinstance(v, list) and v for v in synonyms.values())
