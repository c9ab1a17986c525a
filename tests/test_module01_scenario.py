"""The rice export scenario of module 01: made again byte for byte, consistent, its models valid.

The procedure tables, the documents and the reference models are answers of the graded tasks:
they are written with the keys (``solutions/01-business-process-analysis/keys/``), and the
scenario folder holds only what participants may read (interviews, synonyms, options, worked
examples). The critical path and total time in the keys are recomputed here from the
procedure table with a longest-path walk of its own, so that a key out of step with the table
is caught.
"""
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course import paths
from course.checks import keys
from course.xml.validate import validate

SCENARIO = paths.datasets() / "rice_export"
KEYS = keys.folder("01-business-process-analysis")
MODELS = ("as_is.bpmn", "as_is_no_layout.bpmn", "to_be.bpmn")
EXAMPLES = ("example_letter_of_credit.bpmn", "example_letter_of_credit_no_layout.bpmn")
PATHS = ("inspection required", "green channel")
PRIVATE = ("procedures.csv", "procedures_to_be.csv", "documents.csv", *MODELS)


def rows(name: str, folder: Path = KEYS) -> list[dict]:
    with (folder / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def model(name: str) -> Path:
    return (SCENARIO / "models" / name) if name.startswith("example") else KEYS / name


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
    facts = tmp_path / KEYS.relative_to(paths.root()) / "scenario"
    facts.mkdir(parents=True)
    for script in (KEYS / "scenario").glob("*.py"):
        shutil.copy(script, facts)
    subprocess.run([sys.executable, str(copy / "make_dataset.py")], check=True, capture_output=True, timeout=120)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".py"
                     and "__pycache__" not in p.parts)
    assert len(written) >= 20
    for relative in written:
        assert (tmp_path / relative).read_bytes() == (paths.root() / relative).read_bytes(), relative
    committed = sorted(p.relative_to(paths.root()) for folder in (SCENARIO, KEYS) for p in folder.rglob("*")
                       if p.is_file() and p.suffix not in (".py", ".md") and "__pycache__" not in p.parts)
    assert set(committed) <= set(written), "files in the scenario that the generator does not write"


def test_the_generator_refuses_to_run_without_the_trainers_facts(tmp_path):
    """In a participant's copy (no keys) the generator says where the facts are instead of failing."""
    copy = tmp_path / "datasets" / "rice_export"
    copy.mkdir(parents=True)
    for script in SCENARIO.glob("*.py"):
        shutil.copy(script, copy)
    run = subprocess.run([sys.executable, str(copy / "make_dataset.py")], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "trainer's copy" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "solutions").exists()


def test_the_facts_and_the_trainers_notes_are_not_public():
    public = {p.name for p in public_files()}
    assert not public & {"process_tables.py", "reference_models.py", "answers.py", "TRAINERS.md"}
    readme = (SCENARIO / "README.md").read_text(encoding="utf-8")
    notes = (KEYS / "TRAINERS.md").read_text(encoding="utf-8")
    for secret in ("Defects on purpose", "The to-be process", "settles it", "the shipping instructions"):
        assert secret in notes and secret not in readme, secret


def test_answers_are_with_the_keys_and_the_examples_are_public():
    for name in PRIVATE:
        assert (KEYS / name).is_file() and not list(SCENARIO.rglob(name)), name
    for name in ("example_procedures.csv", "examples.json", "synonyms.json", "recommendation_options.json",
                 *(f"models/{e}" for e in EXAMPLES)):
        assert (SCENARIO / name).is_file(), name
    assert sorted(p.name for p in (SCENARIO / "models").iterdir()) == sorted(EXAMPLES)


@pytest.mark.parametrize("name", MODELS + EXAMPLES)
def test_the_models_pass_the_bpmn_schema(name):
    result = validate(model(name), "bpmn20")
    assert result.ok, [str(f) for f in result.findings]


@pytest.mark.parametrize("pair", [("as_is.bpmn", "as_is_no_layout.bpmn"), EXAMPLES])
def test_one_model_has_a_layout_and_its_twin_has_none(pair):
    with_layout, without = (model(name).read_text(encoding="utf-8") for name in pair)
    assert "BPMNShape" in with_layout and "BPMNShape" not in without
    assert without.replace("</bpmn:definitions>\n", "") in with_layout


def test_the_example_is_the_letter_of_credit_part_of_the_as_is():
    """A complete as-is model agrees with the example on everything the example shows, so that
    the self-check (which has only the example) never blames a right answer."""
    from course.bpmn import check_model, compare_processes, read_model, run_every_pool

    example = model("example_letter_of_credit.bpmn")
    read = read_model(example)
    assert sorted(p.name for p in read.pools.values()) == ["Bank", "Exporter"]
    assert read.message_flows() and read.data_objects and read.has_layout
    assert [f for f in check_model(example) if f.severity != "info"] == []
    for answer in ("yes", "no"):
        runs = run_every_pool(example, {"Amendment needed?": answer})
        assert runs and all(run.completed for run in runs.values()), answer
    synonyms = json.loads((SCENARIO / "synonyms.json").read_text(encoding="utf-8"))
    assert compare_processes(KEYS / "as_is.bpmn", example, synonyms).score == 1.0
    assert compare_processes(example, KEYS / "as_is.bpmn", synonyms).score < 0.3
    table = rows("example_procedures.csv", SCENARIO)
    as_is = {s["procedure"]: s for s in rows("procedures.csv")}
    assert sorted(t.name for t in read.tasks()) == sorted(s["procedure"] for s in table)
    for step in table:
        assert step["likely_hours"] == as_is[step["procedure"]]["likely_hours"], step["id"]


def test_the_models_have_what_the_lessons_teach():
    from course.bpmn import read_model

    as_is, to_be = (read_model(KEYS / n) for n in ("as_is.bpmn", "to_be.bpmn"))
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
        errors = [f for f in check_model(KEYS / name) if f.severity == "error"]
        assert errors == [], [str(f) for f in errors]
    for name in ("as_is.bpmn", "to_be.bpmn"):
        read = read_model(KEYS / name)
        for answer in ("yes", "no"):
            for pool in read.pools.values():
                run = run_path(read, {"Inspection required?": answer}, pool=pool.name)
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
    assert all(isinstance(text, str) for text in options.values()), "the public options say nothing of which are right"


def examples() -> dict:
    return json.loads((SCENARIO / "examples.json").read_text(encoding="utf-8"))


def public_files() -> list[Path]:
    """What participants receive of the scenario (the generator's scripts hold no key line either)."""
    return [p for p in SCENARIO.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def test_no_key_line_is_in_a_public_file():
    """The participants' bundle refuses a file holding a line of a key, as :mod:`course.pack` looks
    for them: JSON keys are one line, and no row of a key table is a row of a public table."""
    from course.pack import KEY_LINE_CHARS, leaks

    assert all(len((KEYS / p).read_text(encoding="utf-8").splitlines()) == 1 for p in
               ("inventory.json", "bottlenecks.json", "time_procedure.json", "to_be.json", "recommendations.json"))
    key_lines = {line.strip() for p in KEYS.iterdir() if p.suffix in (".csv", ".json")
                 for line in p.read_text(encoding="utf-8").splitlines() if len(line.strip()) >= KEY_LINE_CHARS}
    assert len(key_lines) > 40
    for public in public_files():
        text = public.read_text(encoding="utf-8")
        assert not any(line in text for line in key_lines), public
    assert leaks(SCENARIO, paths.root()) == []


def test_no_line_naming_an_element_of_a_reference_model_is_in_a_public_file():
    """The example model is written with ids of its own, so that no line of it (or of any other
    public file) is a line of a reference model that names or identifies an element."""
    named = {line.strip() for name in MODELS for line in (KEYS / name).read_text(encoding="utf-8").splitlines()
             if len(line.strip()) >= 30 and ("id=" in line or "name=" in line or "Ref>" in line)}
    assert len(named) > 200
    for public in public_files():
        lines = {line.strip() for line in public.read_text(encoding="utf-8").splitlines()}
        assert not lines & named, (public, sorted(lines & named)[:3])


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
    names |= {s["procedure"] for s in rows("example_procedures.csv", SCENARIO)}
    assert names == set(synonyms)
    assert all(isinstance(v, list) and v for v in synonyms.values())
