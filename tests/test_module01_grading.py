"""Module 01's graded assignment through the real grading (nbgrader, sandbox, judge): build,
release, submit, autograde; realistic mistakes and cheats; nothing of the solutions or keys
reaches participants."""
import json
import re

import pytest

from course import paths
from course.grading import build
from course.grading.trial import TrialCourse

import graded_assignment as support

ASSIGNMENT = "01-business-process-analysis"
ROOT = paths.root()
KEYS = ROOT / "solutions" / ASSIGNMENT / "keys"
TOTAL = 25
TASKS = 6

# Realistic mistakes: (text in the solution, replacement, task, words of the reason the grader gives)
MISTAKES = [
    ("{'procedure': 'Lodge the export declaration in ASYCUDA', 'actor': 'Freight forwarder / customs broker',",
     "{'procedure': 'Lodge the export declaration in ASYCUDA', 'actor': 'Customs',", "01-inventory",
     "is not done by 'Customs'"),
    ('kept = [s for s in steps if s[5] in ("all", "inspection required")]',
     'kept = [s for s in steps if s[5] in ("all", "green channel")]', "01-time-procedure", "more than 5% away"),
    ('name="Form D application (from the submission)"', 'name="Form D application"', "01-to-be-model",
     "'Form D application' is still submitted on its own"),
    ('"options": ["A", "B", "C", "G"],', '"options": ["A", "B", "C", "G", "E"],', "01-recommendation",
     "Option E removes no bottleneck"),
]

# Answers that try to pass without being right, one per answer of the assignment.
CHEATS = {
    "inventory": "class Always(str):\n    def __eq__(self, other): return True\n    __hash__ = str.__hash__\n"
                 "inventory = {'procedures': [{'procedure': Always('*'), 'actor': Always('*'), 'documents_in': [],"
                 " 'documents_out': []}]}",
    "as_is_model": "import course.checks.problem as problem\nproblem.Problem.check = lambda *a, **k: print('Correct')\n"
                   f"as_is_model = {str(KEYS / 'as_is.bpmn')!r}",
    "figures": "figures = {'total_hours': '1e309', 'critical_path': '*', 'longest_wait': '*'}",
    "findings": "findings = {'bottlenecks': '*', 'redundant': ['*'] * 100}",
    "to_be_model": "to_be_model = '<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><process id=\"p\"/>"
                   "</definitions>'",
    "recommendation": "recommendation = {'options': list(options), 'reasons': ['this removes a bottleneck somewhere'] * 8}",
}


EDITS = support.Edits(ASSIGNMENT, MISTAKES, CHEATS)


def test_mistakes_and_cheats_apply_to_the_solutions():
    """Each edit above must find its text, or the tests below would prove nothing."""
    EDITS.check_they_apply()


def test_exercises_are_in_step_with_solutions():
    assert build.differences(ASSIGNMENT) == [], "run `course build` and commit exercises/"


def test_the_assignment_has_its_six_tasks_and_points():
    points = support.points(ROOT / "solutions" / ASSIGNMENT)
    assert len(points) == TASKS and sum(points.values()) == TOTAL
    assert support.points(ROOT / "exercises" / ASSIGNMENT) == points
    readme = (ROOT / "solutions" / ASSIGNMENT / "README.md").read_text(encoding="utf-8")
    for task, value in points.items():
        assert re.search(rf"`{task}` \| {value:g} \|", readme), task


def test_no_solution_hidden_test_or_key_reaches_participants():
    assert support.leaked_lines(ASSIGNMENT, at_least=101) == []
    released = support.released_text(ASSIGNMENT)
    assert "bpmn:definitions" not in released
    procedures = (KEYS / "procedures.csv").read_text(encoding="utf-8").splitlines()[1:]
    documents = (KEYS / "documents.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert [row for row in procedures + documents if row in released] == []
    recommendations = json.loads((KEYS / "recommendations.json").read_text(encoding="utf-8"))
    assert "why_wrong" not in released and recommendations["why_wrong"]["E"] not in released


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Participants: the solutions, the untouched release, realistic mistakes and cheats."""
    trial = TrialCourse(tmp_path_factory.mktemp("course"))
    (trial.root / "workshop" / "participants.csv").write_text(
        "id,lang,email\nsolver,en,\nidle,en,\nmistaken,en,\ncheater,en,\n", encoding="utf-8")
    release = trial.release(ASSIGNMENT)
    trial.submit("solver", ASSIGNMENT, support.sources(ASSIGNMENT))
    trial.submit("idle", ASSIGNMENT, {p.name: p for p in release.glob("*.ipynb")})
    trial.submit("mistaken", ASSIGNMENT, EDITS.edited(EDITS.mistaken))
    trial.submit("cheater", ASSIGNMENT, EDITS.edited(EDITS.cheating))
    return {student: trial.autograde(student, ASSIGNMENT) for student in ("solver", "idle", "mistaken", "cheater")}


def test_solutions_earn_full_marks(graded):
    solver = graded["solver"]
    assert len(solver.tasks) == TASKS and solver.max_score == TOTAL
    assert solver.score == solver.max_score, [(t.task, t.score, t.output[:300]) for t in solver.tasks]


def test_untouched_exercises_earn_zero_and_say_not_attempted(graded):
    idle = graded["idle"]
    assert idle.score == 0 and len(idle.tasks) == TASKS
    for task in idle.tasks:
        assert "Not attempted" in task.output, (task.task, task.output)
        assert "NameError" not in task.output and "Traceback" not in task.output


def test_realistic_mistakes_lose_only_their_share_with_the_reason(graded):
    mistaken, solver = graded["mistaken"], graded["solver"]
    changed = {t.task: t for t in mistaken.tasks if t.score < solver.task(t.task).score}
    assert set(changed) == {task for _o, _n, task, _r in MISTAKES}, [(t.task, t.score) for t in mistaken.tasks]
    for _old, _new, task, reason in MISTAKES:
        result = changed[task]
        assert 0 < result.score < result.max_score, (task, result.score)
        assert reason in result.output, (task, result.output[:500])
    assert changed["01-to-be-model"].score == pytest.approx(5 * 0.9, abs=0.01)   # one submission of three kept
    assert changed["01-inventory"].score == pytest.approx(5 * (1 - 0.2 / 22), abs=0.01)


def test_cheats_earn_nothing(graded):
    cheater = graded["cheater"]
    assert len(cheater.tasks) == TASKS
    assert [(t.task, t.score, t.output[:300]) for t in cheater.tasks if t.score > 0] == []
