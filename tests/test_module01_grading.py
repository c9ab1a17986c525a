"""Module 01's graded assignment through the real grading (nbgrader, sandbox, judge): build,
release, submit, autograde; realistic mistakes and cheats; nothing of the solutions or keys
reaches participants."""
import json
import re

import pytest

from course import paths
from course.grading import build
from course.grading.trial import TrialCourse

ASSIGNMENT = "01-business-process-analysis"
ROOT = paths.root()
KEYS = ROOT / "solutions" / ASSIGNMENT / "keys"
REGION = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", re.S)
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


def _sources():
    return {p.name: p for p in sorted((ROOT / "solutions" / ASSIGNMENT).glob("*.ipynb"))}


def _points(folder) -> dict[str, float]:
    found = {}
    for notebook in folder.glob("*.ipynb"):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if meta.get("grade"):
                found[meta["grade_id"]] = meta["points"]
    return found


def _released_text() -> str:
    released = ROOT / "exercises" / ASSIGNMENT
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in released.rglob("*") if p.is_file())


def _edited(replace) -> dict[str, dict]:
    """The solution notebooks with ``replace(cell source) -> new source`` applied to every cell."""
    notebooks = {}
    for name, path in _sources().items():
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            cell["source"] = replace("".join(cell["source"]), cell)
        notebooks[name] = notebook
    return notebooks


def _mistaken(text, _cell):
    for old, new, _task, _reason in MISTAKES:
        text = text.replace(old, new)
    return text


def _cheating(text, _cell):
    match = re.match(r"(\w+) = None\n### BEGIN SOLUTION", text)
    if not match or match.group(1) not in CHEATS:
        return text
    return f"{match.group(1)} = None\n{CHEATS[match.group(1)]}"


def test_mistakes_and_cheats_apply_to_the_solutions():
    """Each edit above must find its text, or the tests below would prove nothing."""
    text = "\n".join(c["source"] for nb in _edited(lambda t, c: t).values() for c in nb["cells"])
    for old, _new, _task, _reason in MISTAKES:
        assert old in text, old
    answered = {re.match(r"(\w+) = None", "".join(c["source"])).group(1)
                for nb in _edited(lambda t, c: t).values() for c in nb["cells"]
                if c["metadata"].get("nbgrader", {}).get("solution")}
    assert answered == set(CHEATS)


def test_exercises_are_in_step_with_solutions():
    assert build.differences(ASSIGNMENT) == [], "run `course build` and commit exercises/"


def test_the_assignment_has_its_six_tasks_and_points():
    points = _points(ROOT / "solutions" / ASSIGNMENT)
    assert len(points) == TASKS and sum(points.values()) == TOTAL
    assert _points(ROOT / "exercises" / ASSIGNMENT) == points
    readme = (ROOT / "solutions" / ASSIGNMENT / "README.md").read_text(encoding="utf-8")
    for task, value in points.items():
        assert re.search(rf"`{task}` \| {value:g} \|", readme), task


def test_no_solution_hidden_test_or_key_reaches_participants():
    released = _released_text()
    lines = [line.strip() for path in _sources().values()
             for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
             for _kind, body in REGION.findall("".join(cell["source"])) for line in body.splitlines()
             if len(line.strip()) >= 25]
    statements = "\n".join("".join(cell["source"]) for path in _sources().values()
                           for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
                           if cell["cell_type"] == "markdown")
    assert len(lines) > 100 and [line for line in lines if line in released and line not in statements] == []
    for forbidden in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "answer_key", "keys/", "bpmn:definitions"):
        assert forbidden not in released
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
    trial.submit("solver", ASSIGNMENT, _sources())
    trial.submit("idle", ASSIGNMENT, {p.name: p for p in release.glob("*.ipynb")})
    trial.submit("mistaken", ASSIGNMENT, _edited(_mistaken))
    trial.submit("cheater", ASSIGNMENT, _edited(_cheating))
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
