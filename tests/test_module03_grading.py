"""Module 03's graded assignment through the real grading (nbgrader, sandbox, judge): build,
release, submit, autograde, in English and in Chinese; realistic mistakes and cheats."""
import json

import pytest

from course import paths
from course.grading import build
from course.grading.trial import TrialCourse
from course.i18n import _, editions

import graded_assignment as support

ASSIGNMENT = "03-e-traceability"
CHINESE = editions.assignment_edition(ASSIGNMENT)
ROOT = paths.root()
TOTAL = 25

# Realistic mistakes: (text in the solution, replacement, task, words of the reason the grader gives)
MISTAKES = [
    ("for code in codes}", "for code in codes[:-1]}", "03-check-digits", "Give the complete GTIN-14 for 0885901200001"),
    ('fixed[4]["eventTime"] = "2026-05-07T17:40:00.000+07:00"', "pass", "03-repair-events", "received before it is shipped"),
    ('"consignments": sorted(by_invoice[i] for i in invoices if i in by_invoice),',
     '"consignments": sorted(by_invoice[i] for i in invoices if i in by_invoice)[:1],', "03-trace-forward",
     "it must be recalled too"),
    ("    certificate = certificate.replace(wrong, right)\n", "    pass\n", "03-certificate", "was not on this truck"),
]

# Answers that try to pass without being right, one per kind of answer the module grades.
CHEATS = {
    "completed": "class Always(str):\n    def __eq__(self, other): return True\n    __hash__ = str.__hash__\n"
                 "completed = {code: Always('0') for code in ['884123400011', '1884567800101', '884123410008', "
                 "'08845678260500013', '885345610005', '0885901200001']}",
    "events": "events = 'ObjectEvent AggregationEvent shipping packing inspecting ' * 1000",
    "repaired": "repaired = dataset.broken_document()",
    "hashes": "hashes = {e['eventID']: 'ni:///sha-256;' + '0' * 64 + '?ver=CBV2.0' for e in events_of_chain[:6]}",
    "trace_back": "trace_back = {'farms': '|'.join(parties.index), 'unknown_origin': '*'}",
    "trace_forward": "trace_forward = {'consignments': 'KH-PC-2026-004471|KH-PC-2026-004472|KH-PC-2026-004473', 'stores': '*'}",
    "balance": "balance = pd.DataFrame(chain.mass_balance(dataset.unit_kg())).assign(input_kg='any', output_kg=None,"
               " inconsistent='true|false')",
    "defects": "defects = {k: '|'.join(parties.index) for k in ('missing_event', 'lot_from_nowhere', 'aggregation_mismatch',"
               " 'mass_balance', 'certificate_mismatch')}",
    "certificate": "certificate = '<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>'",
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
    assert sum(support.points(ROOT / "solutions" / ASSIGNMENT).values()) == TOTAL


@pytest.mark.parametrize("assignment", [ASSIGNMENT, CHINESE])
def test_no_solution_hidden_test_or_key_reaches_participants(assignment):
    assert support.leaked_lines(assignment) == []
    released = support.released_text(assignment)
    keys = ROOT / "solutions" / ASSIGNMENT / "keys"
    secrets = [*json.loads((keys / "trace_back.json").read_text())["farms"],
               *json.loads((keys / "trace_forward.json").read_text())["stores"],
               json.loads((keys / "defects.json").read_text())["missing_event"],
               json.loads((keys / "defects.json").read_text())["mass_balance"]]
    assert [s for s in secrets if s in released] == []


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
    assert len(solver.tasks) == 9 and solver.max_score == TOTAL
    assert solver.score == solver.max_score, [(t.task, t.score, t.output[:300]) for t in solver.tasks]


def test_untouched_exercises_earn_zero_and_say_not_attempted(graded):
    idle = graded["idle"]
    assert idle.score == 0 and len(idle.tasks) == 9
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
    assert changed["03-check-digits"].score == pytest.approx(2 * 5 / 6, abs=0.01)   # one key of six missing


def test_cheats_earn_nothing(graded):
    cheater = graded["cheater"]
    assert len(cheater.tasks) == 9
    assert [(t.task, t.score, t.output[:300]) for t in cheater.tasks if t.score > 0] == []


def test_the_chinese_edition_grades_like_the_english_one(graded):
    solver, idle = graded["solver-zh"], graded["idle-zh"]
    assert {t.task: t.max_score for t in solver.tasks} == {t.task: t.max_score for t in graded["solver"].tasks}
    assert solver.score == solver.max_score, [(t.task, t.score, t.output[:300]) for t in solver.tasks]
    label = _("Not attempted", "zh")
    assert idle.score == 0 and all(label in t.output for t in idle.tasks), [t.output[:200] for t in idle.tasks]
