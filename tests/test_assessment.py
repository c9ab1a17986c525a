"""Pre- and post-assessment: quiz items, their key, the two releases, learning gain and the survey."""
from __future__ import annotations

import json
import math
import re

import nbformat
import pandas as pd
import pytest

import course
from course import paths
from course.assessment import RECORDED, gain, sources, survey
from course.assessment.quiz import KEY_FILE, POST, PRE, quiz_for, quiz_of_assignment
from course.checks import CORRECT, INCORRECT, NOT_ATTEMPTED, keys
from course.widgets import cohort_data, cohort_gain

MODULE = "02-data-harmonization"
ROOT = paths.root()


@pytest.fixture(scope="module")
def quiz():
    return quiz_for(MODULE)


@pytest.fixture
def full_keys(monkeypatch):
    """This test plays the grader: full keys may be read."""
    monkeypatch.setenv("COURSE_FULL_KEYS", "1")


def key_file():
    return ROOT / "solutions" / f"{MODULE}-pre" / "keys" / KEY_FILE


def right_and_wrong(item, key_data):
    """A right answer and a wrong one, as a participant would write them."""
    letters = [chr(65 + i) for i in range(len(item.options))]
    if item.kind == "single":
        return key_data.lower(), next(letter for letter in letters if letter != key_data)
    if item.kind == "multiple":
        return list(key_data), [key_data[0]]
    return f"  {key_data[0].lower()}. ", "XXXXX"


# --- the quiz of module 02 ------------------------------------------------------------------

def test_every_objective_of_the_readme_has_items_and_ids_agree(quiz):
    readme = (ROOT / "modules" / MODULE / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Learning objectives", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^- `([a-z]+)`:", section, re.M) == quiz.objective_ids
    tested = {item.objective for item in quiz.items}
    assert tested == set(quiz.objective_ids)
    assert 6 <= len(quiz.items) <= 10
    assert {item.kind for item in quiz.items} == {"single", "multiple", "short"}


def test_the_key_answers_every_item_and_is_not_shipped(quiz):
    data = json.loads(key_file().read_text(encoding="utf-8"))
    assert set(data) == set(quiz.item_ids)
    for item in quiz.items:
        if item.kind == "single":
            assert data[item.id] in "ABCD"[:len(item.options)]
    for folder in ("course", "exercises"):
        assert not list((ROOT / folder).rglob(KEY_FILE)), f"a quiz key is under {folder}/"


def test_without_the_key_a_self_check_records_and_never_judges(quiz):
    data = json.loads(key_file().read_text(encoding="utf-8"))
    assert not keys.enabled()
    for item in quiz.items:
        ex = course.exercise(item.id, lang="en")
        assert ex.problem.answer_key() is None
        right, wrong = right_and_wrong(item, data[item.id])
        outcomes = [ex.check(right), ex.check(wrong)]
        for outcome in outcomes:
            assert outcome.status == RECORDED and outcome.score == 0 and not outcome.correct
            assert str(outcome).startswith("Answer recorded:")
        # the two messages differ only by the answer they echo
        assert [re.sub(r"Your answer is .*?\. You", "", str(o)) for o in outcomes][0] == \
               [re.sub(r"Your answer is .*?\. You", "", str(o)) for o in outcomes][1]


def test_with_the_key_the_same_rules_judge(quiz, full_keys):
    data = json.loads(key_file().read_text(encoding="utf-8"))
    for item in quiz.items:
        ex = course.exercise(item.id, lang="en")
        key = ex.problem.answer_key()
        assert key is not None and key.complete
        right, wrong = right_and_wrong(item, data[item.id])
        assert ex.check(right).status == RECORDED  # the learner's view stays keyless
        assert ex.problem.check(right, "en", key).status == CORRECT
        assert ex.problem.check(wrong, "en", key).status == INCORRECT
        assert ex.points(right, out_of=1, key=key) == 1
        assert ex.points(wrong, out_of=1, key=key) == 0
        with pytest.raises(AssertionError):
            ex.points(None, out_of=1, key=key)


def test_answers_that_cannot_be_read_say_why(quiz, full_keys):
    single = course.exercise("02-quiz-retyping", lang="en")
    assert single.check(None).status == NOT_ATTEMPTED
    outcome = single.check("E")
    assert outcome.status == INCORRECT and "A, B, C, D" in outcome.message
    assert single.check(2).status == INCORRECT
    assert single.check(["B"]).status == INCORRECT
    multiple = course.exercise("02-quiz-dictionary", lang="en")
    key = multiple.problem.answer_key()
    assert multiple.problem.check("a, b; C", "en", key).status == CORRECT  # a string of letters works too
    assert multiple.problem.check({"A", "B", "C", "D"}, "en", key).status == INCORRECT  # all or nothing
    assert multiple.check(["A", "Z"]).status == INCORRECT
    short = course.exercise("02-quiz-locode", lang="en")
    key = short.problem.answer_key()
    assert short.problem.check("TH LCH", "en", key).status == CORRECT
    assert short.problem.check("thlch.", "en", key).status == CORRECT
    assert short.problem.check("THBKK", "en", key).status == INCORRECT
    assert short.check("x" * 500).status == INCORRECT


def test_self_check_speaks_chinese():
    outcome = course.exercise("02-quiz-retyping", lang="zh").check("B")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(outcome))


def test_assignments_map_back_to_the_quiz(quiz):
    assert quiz.assignments == (f"{MODULE}-pre", f"{MODULE}-post")
    assert quiz_of_assignment(f"{MODULE}-post") == (quiz, POST)
    assert quiz_of_assignment(MODULE) is None
    with pytest.raises(KeyError, match="has no quiz"):
        quiz_for("07-nothing")


# --- the two releases ---------------------------------------------------------------------------

def test_sources_are_in_step_with_the_declaration_and_key(quiz):
    assert sources.differences(quiz) == [], "run `course quiz 02-data-harmonization`, then `course build`"
    assert not keys.enabled()  # writing the sources borrowed the key only for that moment


def test_each_release_grades_every_item_in_the_course_format(quiz):
    for moment in (PRE, POST):
        source = nbformat.read(ROOT / "solutions" / quiz.assignment(moment) / "quiz.ipynb", as_version=4)
        graded = [c for c in source.cells if c.metadata.get("nbgrader", {}).get("grade")]
        assert [c.metadata.nbgrader.grade_id for c in graded] == quiz.item_ids
        for n, cell in enumerate(graded, 1):
            assert cell.metadata.nbgrader.points == 1
            assert cell.source == (f"ex_{n}.check(answer_{n})\n### BEGIN HIDDEN TESTS\n"
                                   f"ex_{n}.points(answer_{n}, out_of=1)\n### END HIDDEN TESTS")
        released = (ROOT / "exercises" / quiz.assignment(moment) / "quiz.ipynb").read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in released and "BEGIN HIDDEN TESTS" not in released
        assert not re.search(r'answer_\d+ = \\"[A-D]\\"', released), "a solution reached the exercises"


def test_the_solutions_are_the_key(quiz, full_keys):
    source = nbformat.read(ROOT / "solutions" / quiz.assignment(PRE) / "quiz.ipynb", as_version=4)
    answers = {}
    for cell in source.cells:
        found = re.search(r"### BEGIN SOLUTION\nanswer_(\d+) = (.*)\n### END SOLUTION", cell.source)
        if found:
            answers[int(found.group(1))] = json.loads(found.group(2))
    for n, item in enumerate(quiz.items, 1):
        ex = course.exercise(item.id)
        assert ex.points(answers[n], out_of=1, key=ex.problem.answer_key()) == 1


# --- learning gain ------------------------------------------------------------------------------

def scores_table(rows):
    return pd.DataFrame(rows, columns=gain.SCORE_COLUMNS)


def test_gain_per_participant_and_objective():
    objective_of = {"q1": "a", "q2": "a", "q3": "b", "q4": "b"}
    rows = []
    pre = {"ana": [1, 0, 0, 0], "bo": [1, 1, 1, 1], "cy": [0, 0, 0, 0]}
    post = {"ana": [1, 1, 1, 0], "bo": [1, 1, 1, 1], "dee": [1, 1, 1, 1]}
    for moment, table in (("pre", pre), ("post", post)):
        for person, points in table.items():
            rows += [(person, moment, f"q{i + 1}", p, 1.0) for i, p in enumerate(points)]
    scores = scores_table(rows)
    people = gain.by_participant(scores).set_index("participant")
    assert people.loc["ana", "pre_percent"] == 25 and people.loc["ana", "post_percent"] == 75
    assert people.loc["ana", "change"] == 2
    assert people.loc["ana", "gain"] == pytest.approx((75 - 25) / 75)
    assert math.isnan(people.loc["bo", "gain"])  # full marks before: nothing left to gain
    assert math.isnan(people.loc["cy", "post_percent"]) and math.isnan(people.loc["cy", "gain"])
    assert math.isnan(people.loc["dee", "pre_percent"])
    objectives = gain.by_objective(scores, objective_of, ["a", "b"]).set_index("objective")
    # paired: ana and bo. objective a: pre (1+0+1+1)/4 = 75%, post 100%; b: pre 50%, post 75%
    assert objectives.loc["a", "paired"] == 2 and objectives.loc["a", "items"] == 2
    assert objectives.loc["a", "pre_percent"] == 75 and objectives.loc["a", "post_percent"] == 100
    assert objectives.loc["a", "gain"] == pytest.approx(1.0)
    assert objectives.loc["b", "gain"] == pytest.approx((75 - 50) / 50)
    count, mean_pre, mean_post, class_gain = gain.class_gain(scores)
    assert (count, mean_pre, mean_post) == (2, 62.5, 87.5)
    assert class_gain == pytest.approx(25 / 37.5)


def cohort_with_quiz(quiz, pre: dict, post: dict, chinese: tuple[str, ...] = ()) -> cohort_data.Cohort:
    """A cohort whose gradebook holds both releases (points per item, in item order); the ``chinese``
    participants answered the Chinese edition after the module."""
    grades = []
    for moment, table in ((PRE, pre), (POST, post)):
        for person, points in table.items():
            assignment = quiz.assignment(moment) + ("-zh" if moment == POST and person in chinese else "")
            grades += [(assignment, person, "quiz", item, item, float(p), 1.0, True)
                       for item, p in zip(quiz.item_ids, points)]
    return cohort_data.Cohort("sqlite:///x.db", grades=pd.DataFrame(grades, columns=cohort_data.GRADE_COLUMNS))


def test_cohort_gain_reads_both_releases_from_the_gradebook(quiz):
    n = len(quiz.items)
    cohort = cohort_with_quiz(quiz, {"p1": [0] * n, "p2": [1] * (n // 2) + [0] * (n - n // 2)},
                              {"p1": [1] * n, "p2": [1] * n, "p3": [1] * n}, chinese=("p2",))
    assert cohort_gain.module_of(f"{MODULE}-pre") == MODULE
    assert quiz_of_assignment(f"{MODULE}-post-zh") == (quiz, POST)
    assert cohort_gain.module_of(MODULE) == MODULE
    found = cohort_gain.gains(cohort, quiz)
    assert (found.took_pre, found.took_post, found.paired) == (2, 3, 2)
    assert found.pre_percent == 25 and found.post_percent == 100 and found.gain == 1
    assert list(found.objectives["objective"]) == quiz.objective_ids
    assert (found.objectives["post_percent"] == 100).all()


# --- the survey ---------------------------------------------------------------------------------

@pytest.fixture
def survey_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_SURVEY_DIR", str(tmp_path))
    return tmp_path


def test_survey_stores_no_identity_and_summarises(survey_dir):
    first = survey.save(MODULE, {"pace": 4, "apply": 5}, "More time for the XSD, please.", "en")
    record = json.loads(first.read_text(encoding="utf-8"))
    assert set(record) == {"module", "date", "ratings", "comment", "lang"}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["date"])
    assert re.fullmatch(r"[0-9a-f]{16}\.json", first.name)
    survey.save(MODULE, {"pace": 2}, "")
    summary = survey.summarise(MODULE)
    pace = next(s for s in summary.statements if s.key == "pace")
    assert (summary.responses, pace.answers, pace.mean, pace.counts) == (2, 2, 3.0, [0, 1, 0, 1, 0])
    assert summary.comments == []  # too few responses to show words that may identify someone
    survey.save(MODULE, {"pace": 5}, "Good examples.")
    (survey_dir / MODULE / "broken.json").write_text("{not json", encoding="utf-8")
    summary = survey.summarise(MODULE)
    assert summary.comments == ["Good examples.", "More time for the XSD, please."]
    assert summary.unreadable == 1


def test_survey_refuses_what_it_cannot_store(survey_dir):
    for ratings, comment in (({"pace": 6}, ""), ({"pace": True}, ""), ({"mood": 3}, ""), ({}, "  ")):
        with pytest.raises(survey.SurveyError):
            survey.save(MODULE, ratings, comment)
    with pytest.raises(survey.SurveyError):
        survey.save("../../etc", {"pace": 3})
    assert not any(survey_dir.rglob("*.json"))


def test_survey_form_sends_and_clears(survey_dir):
    from course.widgets.survey import FeedbackSurvey

    form = FeedbackSurvey(lang="en", module=MODULE)
    assert form.send() is None and "Rate at least one" in form.status.value
    form.ratings["exercises"].value = 5
    form.comment.value = "The forms on paper helped."
    path = form.send()
    assert json.loads(path.read_text(encoding="utf-8"))["ratings"] == {"exercises": 5}
    assert form.ratings["exercises"].value is None and form.comment.value == ""
    form.set_language("zh_Hans")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in form.comment_label.value)


# --- the trainer dashboard, without a browser ---------------------------------------------------

def test_trainer_dashboard_shows_gain_and_survey(quiz, survey_dir):
    from course.widgets.cohort import TrainerCohort

    n = len(quiz.items)
    cohort = cohort_with_quiz(quiz, {"p1": [0] * n, "p2": [1] * n}, {"p1": [1] * n, "p2": [1] * n})
    cohort.assignment_names = list(quiz.assignments)
    cohort.submissions = pd.DataFrame([(quiz.assignment(m), p, pd.Timestamp("2026-03-16 09:00"))
                                       for m in (PRE, POST) for p in ("p1", "p2")],
                                      columns=cohort_data.SUBMISSION_COLUMNS)
    cohort.tasks = pd.DataFrame([(quiz.assignment(m), "quiz", i, i, 1.0) for m in (PRE, POST) for i in quiz.item_ids],
                                columns=cohort_data.TASK_COLUMNS)
    for rating in (5, 4, 4):
        survey.save(MODULE, {"recommend": rating}, f"comment {rating}")
    dashboard = TrainerCohort(lang="en", background=False)
    dashboard.cohort = cohort
    dashboard.assignment.options = cohort.assignment_names
    dashboard.assignment.value = quiz.assignment(POST)
    html = dashboard.gain.value
    assert "Learning gain" in html and "0% → 50%" not in html
    assert "50% → 100%" in html  # the class means before and after
    assert "p1" in html and "p2" in html
    assert "why: " in html
    assert "Feedback survey" in dashboard.survey.value and "4.33" in dashboard.survey.value
    assert "comment 5" in dashboard.survey.value
