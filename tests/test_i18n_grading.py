"""The Chinese edition of module 02's assignment grades exactly like the English one."""
import json

import pytest

from course.cli import OUT_OF_STEP
from course import paths
from course.grading import build
from course.grading.trial import TrialCourse
from course.i18n import _, editions

ASSIGNMENT = "02-data-harmonization"
CHINESE = editions.assignment_edition(ASSIGNMENT)
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


def test_the_chinese_exercises_are_in_step_with_the_chinese_solutions():
    assert build.differences(CHINESE) == [], OUT_OF_STEP


def test_the_chinese_assignment_has_the_english_tasks_and_points():
    english = _points(ROOT / "solutions" / ASSIGNMENT)
    assert english and _points(ROOT / "solutions" / CHINESE) == english
    assert _points(ROOT / "exercises" / CHINESE) == _points(ROOT / "exercises" / ASSIGNMENT)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Two Chinese-speaking participants: one hands in the Chinese solutions, one the untouched exercises."""
    trial = TrialCourse(tmp_path_factory.mktemp("course"))
    (trial.root / "workshop" / "participants.csv").write_text("id,lang,email\nsolver,zh,\nidle,zh,\n",
                                                             encoding="utf-8")
    release = trial.release(CHINESE)
    trial.submit("solver", CHINESE, {p.name: p for p in (ROOT / "solutions" / CHINESE).glob("*.ipynb")})
    trial.submit("idle", CHINESE, {p.name: p for p in release.glob("*.ipynb")})
    return {student: trial.autograde(student, CHINESE) for student in ("solver", "idle")}


def test_chinese_solutions_earn_full_marks(graded):
    solver = graded["solver"]
    assert {t.task for t in solver.tasks} == set(_points(ROOT / "solutions" / ASSIGNMENT))
    assert solver.max_score == sum(_points(ROOT / "solutions" / ASSIGNMENT).values())
    assert solver.score == solver.max_score, [(t.task, t.score, t.output[:200]) for t in solver.tasks]


def test_untouched_chinese_exercises_earn_zero_and_say_not_attempted_in_chinese(graded):
    idle = graded["idle"]
    label = _("Not attempted", "zh")
    assert label != "Not attempted"
    assert idle.score == 0 and idle.tasks
    for task in idle.tasks:
        assert label in task.output, (task.task, task.output)
        assert "Traceback" not in task.output
