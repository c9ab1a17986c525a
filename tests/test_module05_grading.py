"""Module 05's graded assignment through the real grading (nbgrader, sandbox, judge): build,
release, submit, autograde, in English and in Chinese; realistic mistakes and cheats."""
import json
import re

import pytest

from course import paths
from course.grading import build
from course.grading.trial import TrialCourse
from course.i18n import _, editions

import graded_assignment as support

ASSIGNMENT = "05-facilitation-monitoring"
CHINESE = editions.assignment_edition(ASSIGNMENT)
ROOT = paths.root()
PUBLIC_EXAMPLES = {"PLG25-00004", "PLG25-00153", "PLG25-01531", "PLG25-00167"}  # worked examples of task 1

# Realistic mistakes: (text in the solution, replacement, task, words of the reason the grader gives)
MISTAKES = [
    ('    elif facts.at[declaration, "converted"]:\n        decisions[declaration] = "convert time zone"\n', "",
     "05-cleaning", "convert time zone: 0 of"),
    ('median="median"', 'median="mean"', "05-channel-statistics", "median = "),
    ('cumulative_km=legs["distance_km"].cumsum()', 'cumulative_km=legs["distance_km"]', "05-corridor-figures",
     "cumulative_km = "),
    ('"indicator": "median-p90",', '"indicator": "mean",', "05-recommendation", "indicator: 'mean' is not the best choice"),
]

# Answers that try to pass without being right, one per kind of answer the module grades.
CHEATS = {
    "decisions": "class Always(str):\n    def __eq__(self, other): return True\n    __hash__ = str.__hash__\n"
                 "decisions = {d: Always('drop incomplete') for d in log['declaration'].unique()}",
    "channel_stats": "class Anything:\n    def __eq__(self, other): return True\n    def __float__(self): return 1.0\n"
                     "channel_stats = pd.DataFrame({'period': ['before', 'after'] * 3, 'channel': ['green', 'yellow', 'red'] * 2,"
                     " 'n': [Anything()] * 6, 'median': [Anything()] * 6, 'p90': [Anything()] * 6})",
    "bottleneck": "bottleneck = {'interval': list(trs.COMPONENTS), 'share': [i / 100 for i in range(101)]}",
    "before_after": "before_after = {'before_median': float('nan'), 'after_median': float('inf'), 'difference': 'about -20',"
                    " 'ci_low': -1e9, 'ci_high': 1e9, 'real': 'maybe'}",
    "corridor_figures": "corridor_figures = legs[['leg']].assign(cumulative_km='any', cumulative_hours=[list(range(300))] * 5,"
                        " cumulative_usd=None)",
    "worst_legs": "worst_legs = {'hours_per_km': list(legs['leg']), 'usd_per_km': '|'.join(legs['leg'])}",
    "recommendation": "recommendation = {'effect_is_real': 'true|false', 'bottleneck': '|'.join(trs.COMPONENTS),"
                      " 'measure': '|'.join(recommendations.MEASURES), 'indicator': 'median-p90|mean|max',"
                      " 'repeat': ['yearly', 'quarterly']}",
}


EDITS = support.Edits(ASSIGNMENT, MISTAKES, CHEATS)


def test_mistakes_and_cheats_apply_to_the_solutions():
    EDITS.check_they_apply()


@pytest.mark.parametrize("assignment", [ASSIGNMENT, CHINESE])
def test_exercises_are_in_step_with_solutions(assignment):
    assert build.differences(assignment) == [], "run `course build` and commit exercises/"


def test_the_chinese_assignment_has_the_english_tasks_and_points():
    assert support.points(ROOT / "solutions" / CHINESE) == support.points(ROOT / "solutions" / ASSIGNMENT)
    assert support.points(ROOT / "exercises" / CHINESE) == support.points(ROOT / "solutions" / ASSIGNMENT)
    assert sum(support.points(ROOT / "solutions" / ASSIGNMENT).values()) == 20


@pytest.mark.parametrize("assignment", [ASSIGNMENT, CHINESE])
def test_no_solution_hidden_test_or_key_reaches_participants(assignment):
    assert support.leaked_lines(assignment) == []
    released = support.released_text(assignment)
    keys = ROOT / "solutions" / ASSIGNMENT / "keys"
    declarations = set(re.findall(r"PLG25-\d{5}", (keys / "decisions.csv").read_text(encoding="utf-8")))
    assert set(re.findall(r"PLG25-\d{5}", released)) <= PUBLIC_EXAMPLES
    assert len(declarations - PUBLIC_EXAMPLES) > 800
    numbers = [str(v) for name in ("before_after.json",) for v in json.loads((keys / name).read_text()).values()
               if isinstance(v, float)]
    numbers += (keys / "bottleneck.csv").read_text(encoding="utf-8").split()[1:]
    assert numbers and [n for n in numbers if n in released] == []


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Participants: the solutions, the untouched release, realistic mistakes, cheats; and the Chinese edition."""
    trial = TrialCourse(tmp_path_factory.mktemp("course"))
    (trial.root / "workshop" / "participants.csv").write_text(
        "id,lang,email\nsolver,en,\nidle,en,\nmistaken,en,\ncheater,en,\nsolver-zh,zh,\nidle-zh,zh,\n", encoding="utf-8")
    release = trial.release(ASSIGNMENT)
    trial.submit("solver", ASSIGNMENT, support.sources(ASSIGNMENT))
    trial.submit("idle", ASSIGNMENT, {p.name: p for p in release.glob("*.ipynb")})
    trial.submit("mistaken", ASSIGNMENT, EDITS.edited(EDITS.mistaken))
    trial.submit("cheater", ASSIGNMENT, EDITS.edited(EDITS.cheating))
    chinese = trial.release(CHINESE)
    trial.submit("solver-zh", CHINESE, support.sources(CHINESE))
    trial.submit("idle-zh", CHINESE, {p.name: p for p in chinese.glob("*.ipynb")})
    results = {student: trial.autograde(student, ASSIGNMENT) for student in ("solver", "idle", "mistaken", "cheater")}
    results.update({student: trial.autograde(student, CHINESE) for student in ("solver-zh", "idle-zh")})
    return results


def test_solutions_earn_full_marks(graded):
    solver = graded["solver"]
    assert len(solver.tasks) == 7 and solver.max_score == 20
    assert solver.score == solver.max_score, [(t.task, t.score, t.output[:300]) for t in solver.tasks]


def test_untouched_exercises_earn_zero_and_say_not_attempted(graded):
    idle = graded["idle"]
    assert idle.score == 0 and len(idle.tasks) == 7
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
    assert changed["05-cleaning"].score == pytest.approx(3.0, abs=0.1)  # one of four classes missed
    assert changed["05-recommendation"].score == pytest.approx(2.4)       # one of five choices


def test_cheats_earn_nothing(graded):
    cheater = graded["cheater"]
    assert len(cheater.tasks) == 7
    # Calling every declaration "drop incomplete" finds that class's few dozen among 5,000 (F1 about 0.03):
    # the always-equal string earns exactly that, nothing more.
    assert cheater.task("05-cleaning").score <= 0.05 and "0% right" in cheater.task("05-cleaning").output
    assert [(t.task, t.score, t.output[:300]) for t in cheater.tasks if t.score > 0 and t.task != "05-cleaning"] == []


def test_the_chinese_edition_grades_like_the_english_one(graded):
    solver, idle = graded["solver-zh"], graded["idle-zh"]
    assert {t.task: t.max_score for t in solver.tasks} == {t.task: t.max_score for t in graded["solver"].tasks}
    assert solver.score == solver.max_score, [(t.task, t.score, t.output[:300]) for t in solver.tasks]
    label = _("Not attempted", "zh")
    assert idle.score == 0 and all(label in t.output for t in idle.tasks), [t.output[:200] for t in idle.tasks]
