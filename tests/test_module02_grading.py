"""Module 02's graded assignment through real nbgrader: build, release, submit, autograde."""
import json

import pytest

from course import paths
from course.cli import OUT_OF_STEP
from course.grading import build
from course.grading.trial import TrialCourse
from release_leaks import hidden_lines, released_text

ASSIGNMENT = "02-data-harmonization"
SOURCE = paths.root() / "solutions" / ASSIGNMENT
RELEASED = paths.root() / "exercises" / ASSIGNMENT


def test_exercises_are_in_step_with_solutions():
    assert build.differences(ASSIGNMENT) == [], OUT_OF_STEP


def test_no_solution_hidden_test_or_key_reaches_participants():
    released = released_text(RELEASED)
    leaked = [line for line in hidden_lines(SOURCE) if line in released]
    assert leaked == []
    for forbidden in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "answer_key", "keys/"):
        assert forbidden not in released
    assert not any(p.name == "keys" or "key" in p.suffixes for p in RELEASED.rglob("*"))
    # Answer tables and the reference schema (the hidden instances hold public scenario values).
    key_lines = [line.strip() for p in (SOURCE / "keys").glob("*") if p.suffix in (".csv", ".xsd")
                 for line in p.read_text(encoding="utf-8").splitlines() if len(line.strip()) >= 30]
    assert [line for line in key_lines if line in released] == []


def test_released_answer_cells_start_unanswered():
    for notebook in RELEASED.glob("*.ipynb"):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell["metadata"].get("nbgrader", {}).get("solution") and cell["cell_type"] == "code":
                assert "# YOUR CODE HERE" in "".join(cell["source"])


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Three participants: one hands in the solutions, one the untouched exercises, one a wrong mapping."""
    trial = TrialCourse(tmp_path_factory.mktemp("course"))
    release = trial.release(ASSIGNMENT)
    sources = {p.name: p for p in SOURCE.glob("*.ipynb")}
    trial.submit("solver", ASSIGNMENT, sources)
    trial.submit("idle", ASSIGNMENT, {p.name: p for p in release.glob("*.ipynb")})
    wrong = {}
    for name, path in sources.items():
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            text = "".join(cell["source"])
            if '"Seller": "ConsignorName"' in text:  # the solution's mapping of the invoice
                cell["source"] = text.replace('"Seller": "ConsignorName"', '"Seller": "ConsigneeName"')
        wrong[name] = notebook
    trial.submit("mixup", ASSIGNMENT, wrong)
    return {student: trial.autograde(student, ASSIGNMENT) for student in ("solver", "idle", "mixup")}


def test_solutions_earn_full_marks(graded):
    solver = graded["solver"]
    assert len(solver.tasks) >= 6
    assert solver.score == solver.max_score, [(t.task, t.score, t.output[:200]) for t in solver.tasks]


def test_untouched_exercises_earn_zero_and_say_not_attempted(graded):
    idle = graded["idle"]
    assert idle.score == 0
    for task in idle.tasks:
        assert "Not attempted" in task.output, (task.task, task.output)
        assert "NameError" not in task.output and "Traceback" not in task.output


def test_a_wrong_mapping_loses_only_its_share(graded):
    mixup, solver = graded["mixup"], graded["solver"]
    changed = [t for t in mixup.tasks if t.score < solver.task(t.task).score]
    assert len(changed) == 1, [(t.task, t.score) for t in mixup.tasks]
    assert 0 < changed[0].score < changed[0].max_score
    assert "Seller is mapped to ConsigneeName" in changed[0].output
