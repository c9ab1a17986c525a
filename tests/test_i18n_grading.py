"""The Chinese editions of the assignments grade exactly like the English ones."""
import json

import pytest

from course.cli import OUT_OF_STEP
from course import paths
from course.grading import build
from course.grading.trial import TrialCourse
from course.i18n import _, editions

ASSIGNMENTS = ["01-business-process-analysis", "02-data-harmonization"]
ROOT = paths.root()


def _points(folder):
    """grade_id -> points of every grade cell of the notebooks in ``folder``."""
    found = {}
    for notebook in sorted(folder.glob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if meta.get("grade"):
                found[meta["grade_id"]] = meta["points"]
    return found


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_chinese_exercises_are_in_step_with_the_chinese_solutions(assignment):
    assert build.differences(editions.assignment_edition(assignment)) == [], OUT_OF_STEP


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_chinese_assignment_has_the_english_tasks_and_points(assignment):
    chinese = editions.assignment_edition(assignment)
    english = _points(ROOT / "solutions" / assignment)
    assert english and _points(ROOT / "solutions" / chinese) == english
    assert _points(ROOT / "exercises" / chinese) == _points(ROOT / "exercises" / assignment)


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded(request, tmp_path_factory):
    """Two Chinese-speaking participants: one hands in the Chinese solutions, one the untouched exercises."""
    assignment, chinese = request.param, editions.assignment_edition(request.param)
    trial = TrialCourse(tmp_path_factory.mktemp("course"))
    (trial.root / "workshop" / "participants.csv").write_text("id,lang,email\nsolver,zh,\nidle,zh,\n",
                                                             encoding="utf-8")
    release = trial.release(chinese)
    trial.submit("solver", chinese, {p.name: p for p in (ROOT / "solutions" / chinese).glob("*.ipynb")})
    trial.submit("idle", chinese, {p.name: p for p in release.glob("*.ipynb")})
    results = {student: trial.autograde(student, chinese) for student in ("solver", "idle")}
    return {"assignment": assignment, **results}


def test_chinese_solutions_earn_full_marks(graded):
    solver, english = graded["solver"], _points(ROOT / "solutions" / graded["assignment"])
    assert {t.task for t in solver.tasks} == set(english)
    assert solver.max_score == sum(english.values())
    assert solver.score == solver.max_score, [(t.task, t.score, t.output[:200]) for t in solver.tasks]


def test_untouched_chinese_exercises_earn_zero_and_say_not_attempted_in_chinese(graded):
    idle = graded["idle"]
    label = _("Not attempted", "zh")
    assert label != "Not attempted"
    assert idle.score == 0 and idle.tasks
    for task in idle.tasks:
        assert label in task.output, (task.task, task.output)
        assert "Traceback" not in task.output
