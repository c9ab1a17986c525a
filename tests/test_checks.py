"""The learner's self-check API: outcomes, hints, solutions, and the grader's use of it."""
import pytest

import course
from course.checks import CORRECT, INCORRECT, NOT_ATTEMPTED, all_ids
from course import paths

SAMPLES = paths.datasets() / "samples" / "eco"


@pytest.mark.parametrize("answer", [None, ..., "", "   ", "..."])
def test_blank_answers_are_not_attempted(answer):
    outcome = course.exercise("00-hs-subheading").check(answer)
    assert outcome.status == NOT_ATTEMPTED
    assert not outcome.correct and not outcome.attempted


@pytest.mark.parametrize("answer, status, words", [
    ("030343", CORRECT, "0303.43"),
    ("0303.43", CORRECT, "0303.43"),
    ("0303.43.10", CORRECT, "national"),
    ("0303", INCORRECT, "only 4 digits"),
    ("030342", INCORRECT, "heading 03.03"),
    ("160414", INCORRECT, "16.04"),
    ("ABC", INCORRECT, "only digits"),
    (30343, INCORRECT, "leading zeros"),
])
def test_hs_subheading_outcomes_give_specific_reasons(answer, status, words):
    outcome = course.exercise("00-hs-subheading", lang="en").check(answer)
    assert outcome.status == status
    assert words in outcome.message


def test_outcome_renders_as_html_and_text_in_chinese():
    outcome = course.exercise("00-hs-subheading", lang="zh").check("0303")
    assert outcome.status == INCORRECT
    html = outcome._repr_html_()
    assert "<div" in html and outcome.message in html
    text = str(outcome)
    assert text.startswith(outcome.label)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_xml_exercise_is_correct_for_the_solution_and_explains_a_broken_document():
    ex = course.exercise("00-eco-document", lang="en")
    assert ex.check(ex.problem.solution).correct
    broken = ex.problem.solution.replace("<GrossWeight", "<GrossWieght").replace("</GrossWeight>", "</GrossWieght>")
    outcome = ex.check(broken)
    assert outcome.status == INCORRECT
    assert any(f.code == "schema.unexpected-element" and f.params["element"] == "GrossWieght"
               for f in outcome.findings)


def test_xml_exercise_refuses_a_hostile_answer_without_crashing():
    hostile = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
    outcome = course.exercise("00-eco-document").check(hostile)
    assert outcome.status == INCORRECT
    assert outcome.findings[0].code == "xml.external-entity"


def test_grade_raises_only_the_learner_facing_message():
    ex = course.exercise("00-hs-subheading", lang="en")
    assert ex.grade("030343").correct
    with pytest.raises(AssertionError) as raised:
        ex.grade("0303")
    assert str(raised.value) == str(ex.check("0303"))


def test_self_check_and_grade_agree_on_every_answer():
    ex = course.exercise("00-hs-subheading")
    for answer in ["030343", "0303.43", "0303", "1604", None, "x"]:
        verdict = ex.check(answer).correct
        try:
            ex.grade(answer)
            graded = True
        except AssertionError:
            graded = False
        assert verdict == graded


def test_hints_come_in_order_then_stay_on_the_last():
    ex = course.exercise("00-hs-subheading", lang="en")
    first, second, third = ex.hint(), ex.hint(), ex.hint()
    assert "1 of 2" in first.title and "2 of 2" in second.title and "2 of 2" in third.title
    assert ex.hint(1).text == first.text


def test_trainer_can_turn_solutions_off(monkeypatch):
    ex = course.exercise("00-hs-subheading", lang="en")
    assert "030343" in ex.solution().text
    monkeypatch.setenv("COURSE_SOLUTIONS", "off")
    hidden = ex.solution()
    assert "030343" not in hidden.text and "turned solutions off" in hidden.text


def test_unknown_exercise_names_the_known_ones():
    with pytest.raises(KeyError, match="00-hs-subheading"):
        course.exercise("no-such-exercise")


def test_every_registered_exercise_has_title_hints_and_solution():
    for exercise_id in all_ids():
        ex = course.exercise(exercise_id)
        assert ex.title and ex.problem.hints and ex.problem.solution
