"""Module 04's graded assignment through real nbgrader: build, release, submit, autograde."""
import json

import pytest

from course import paths
from course.cli import OUT_OF_STEP
from course.grading import build
from course.grading.trial import TrialCourse
from release_leaks import hidden_lines, released_text

ASSIGNMENT = "04-cross-border-recognition"
SOURCE = paths.root() / "solutions" / ASSIGNMENT
RELEASED = paths.root() / "exercises" / ASSIGNMENT


def test_exercises_are_in_step_with_solutions():
    assert build.differences(ASSIGNMENT) == [], OUT_OF_STEP


def test_no_solution_hidden_test_or_key_reaches_participants():
    released = released_text(RELEASED)
    assert [line for line in hidden_lines(SOURCE) if line in released] == []
    for forbidden in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "answer_key", "keys/", "PRIVATE KEY"):
        assert forbidden not in released
    assert not any(p.name == "keys" for p in RELEASED.rglob("*"))
    key_lines = [line.strip() for p in (SOURCE / "keys").glob("*") if p.is_file()
                 for line in p.read_text(encoding="utf-8").splitlines() if len(line.strip()) >= 30]
    assert [line for line in key_lines if line in released] == []


def test_released_answer_cells_start_unanswered():
    for notebook in RELEASED.glob("*.ipynb"):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell["metadata"].get("nbgrader", {}).get("solution") and cell["cell_type"] == "code":
                assert "# YOUR CODE HERE" in "".join(cell["source"])


def _edited(sources, old: str, new: str) -> dict:
    """The solution notebooks with one line of one answer replaced."""
    edited, found = {}, False
    for name, path in sources.items():
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            text = "".join(cell["source"])
            if old in text:
                cell["source"], found = text.replace(old, new), True
        edited[name] = notebook
    assert found, old
    return edited


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Solutions, the untouched release, a wrapped document taken for valid, and a copied batch document as the signed answer."""
    trial = TrialCourse(tmp_path_factory.mktemp("course"))
    release = trial.release(ASSIGNMENT)
    sources = {p.name: p for p in SOURCE.glob("*.ipynb")}
    trial.submit("solver", ASSIGNMENT, sources)
    trial.submit("idle", ASSIGNMENT, {p.name: p for p in release.glob("*.ipynb")})
    trial.submit("fooled", ASSIGNMENT, _edited(
        sources, "    batch[name] = (result.verdict, reason)\n",
        "    batch[name] = ('valid' if name == 'doc-10.xml' else result.verdict, reason)\n"))
    trial.submit("copier", ASSIGNMENT, _edited(
        sources, "signed_certificate = sign(dataset.to_sign().read_bytes(), signer_key, signer_chain)",
        "signed_certificate = (DATA / 'batch' / 'doc-01.xml').read_bytes()"))
    return {student: trial.autograde(student, ASSIGNMENT) for student in ("solver", "idle", "fooled", "copier")}


def test_solutions_earn_full_marks(graded):
    solver = graded["solver"]
    assert len(solver.tasks) == 6
    assert solver.score == solver.max_score == 19, [(t.task, t.score, t.output[:300]) for t in solver.tasks]


def test_untouched_exercises_earn_zero_and_say_not_attempted(graded):
    idle = graded["idle"]
    assert idle.score == 0
    for task in idle.tasks:
        assert "Not attempted" in task.output, (task.task, task.output)
        assert "NameError" not in task.output and "Traceback" not in task.output


def test_a_wrapped_document_taken_for_valid_loses_one_document_of_the_batch(graded):
    fooled, solver = graded["fooled"], graded["solver"]
    changed = [t for t in fooled.tasks if t.score < solver.task(t.task).score]
    assert [t.task for t in changed] == ["04-classify-batch"]
    assert changed[0].score == pytest.approx(5 * 10 / 11, abs=0.01)
    assert "doc-10.xml: 'valid' is not the right verdict." in changed[0].output


def test_a_copied_batch_document_earns_nothing_for_the_signature(graded):
    copier = graded["copier"]
    task = copier.task("04-sign-certificate")
    assert task.score == 0
    assert "not the certificate of origin you were asked to sign" in task.output
    assert copier.score == 19 - 4


# --- the Chinese edition grades exactly like the English one -------------------------------

CHINESE = ASSIGNMENT + "-zh"


def _points(folder) -> dict[str, float]:
    found = {}
    for notebook in sorted(folder.glob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            grading = cell["metadata"].get("nbgrader", {})
            if grading.get("grade"):
                found[grading["grade_id"]] = grading["points"]
    return found


def test_the_chinese_assignment_is_built_and_has_the_english_tasks_and_points():
    assert build.differences(CHINESE) == []
    assert _points(paths.root() / "solutions" / CHINESE) == _points(SOURCE)
    assert _points(paths.root() / "exercises" / CHINESE) == _points(RELEASED)


@pytest.fixture(scope="module")
def graded_chinese(tmp_path_factory):
    trial = TrialCourse(tmp_path_factory.mktemp("course-zh"))
    (trial.root / "workshop" / "participants.csv").write_text("id,lang,email\nsolver,zh,\nidle,zh,\n", encoding="utf-8")
    release = trial.release(CHINESE)
    trial.submit("solver", CHINESE, {p.name: p for p in (paths.root() / "solutions" / CHINESE).glob("*.ipynb")})
    trial.submit("idle", CHINESE, {p.name: p for p in release.glob("*.ipynb")})
    return {student: trial.autograde(student, CHINESE) for student in ("solver", "idle")}


def test_chinese_solutions_earn_full_marks_and_untouched_chinese_exercises_zero(graded_chinese):
    solver, idle = graded_chinese["solver"], graded_chinese["idle"]
    assert solver.score == solver.max_score == 19, [(t.task, t.score, t.output[:300]) for t in solver.tasks]
    assert idle.score == 0
    assert len(idle.tasks) == 6
    assert all("未作答" in t.output for t in idle.tasks), [t.output[:200] for t in idle.tasks]
