"""The quiz end to end: a small cohort answers before and after the module, the grader judges the
notebooks, participants send the feedback survey from its form, and the trainer dashboard, served by a
real Voila and driven in Chromium, shows the learning gain and the survey summary."""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import nbformat
import pytest

from course import paths
from course.assessment.quiz import POST, PRE, quiz_for
from course.grading.grade import GRADED, grade
from course.grading.sandbox import Limits
from course.grading.trial import TrialCourse

sys.path.insert(0, str(Path(__file__).parent))
import browser_support as support  # noqa: E402

MODULE = "02-data-harmonization"
ARTIFACTS = paths.root() / "test-artifacts"
DASHBOARDS = paths.root() / "dashboards"
# Which items (by position) each participant gets right; dara misses the quiz at the end.
RIGHT = {PRE: {"ana": {0, 1}, "bo": {0, 1, 2, 3}, "chen": set(), "dara": {5}},
         POST: {"ana": {0, 1, 2, 3, 4, 5, 6}, "bo": set(range(8)), "chen": {0, 2, 4, 6}}}
# percent before, after and normalised gain, worked out by hand from RIGHT (8 items of one point)
EXPECTED = {"ana": ("25%", "87.5%", "0.83"), "bo": ("50%", "100%", "1"), "chen": ("0%", "50%", "0.5"),
            "dara": ("12.5%", "–", "–")}
SURVEY = [({"pace": "4 Agree", "recommend": "5 Strongly agree"}, "More time for the XSD."),
          ({"pace": "2 Disagree"}, "The printed forms helped."),
          ({"recommend": "4 Agree"}, "")]

needs_chromium = pytest.mark.skipif(support.chromium() is None, reason=support.INSTALL_HINT)


def answer(item, right: bool, key_data) -> str:
    """Python source of an answer, right or wrong, as a participant types it."""
    if item.kind == "single":
        letter = key_data if right else ("A" if key_data != "A" else "B")
        return repr(letter)
    if item.kind == "multiple":
        return repr(sorted(key_data) if right else ["D"])
    return repr(key_data[0].lower() if right else "nothing")


def filled(released: Path, quiz, right: set[int], key: dict) -> dict:
    nb = nbformat.read(released, as_version=4)
    for cell in nb.cells:
        found = re.fullmatch(r"q(\d+)-answer", cell.metadata.get("nbgrader", {}).get("grade_id", ""))
        if found:
            n = int(found.group(1))
            item = quiz.items[n - 1]
            cell.source = cell.source.replace("# YOUR CODE HERE",
                                              f"answer_{n} = {answer(item, n - 1 in right, key[item.id])}")
    return nbformat.writes(nb)


@pytest.fixture(scope="module")
def graded_cohort(tmp_path_factory):
    import json

    quiz = quiz_for(MODULE)
    key = json.loads((paths.root() / "solutions" / quiz.assignment(PRE) / "keys" / "quiz.json").read_text())
    trial = TrialCourse(tmp_path_factory.mktemp("quiz-course"))
    limits = Limits(cell_seconds=20, notebook_seconds=120, memory_mb=2048)
    for moment in (PRE, POST):
        assignment = quiz.assignment(moment)
        released = trial.release(assignment) / "quiz.ipynb"
        for person, right in RIGHT[moment].items():
            folder = trial.submit(person, assignment, {})
            (folder / "quiz.ipynb").write_text(filled(released, quiz, right, key), encoding="utf-8")
        statuses = grade(assignment, trial.root, workers=2, limits=limits, progress=False)
        assert {s.participant: s.status for s in statuses} == {p: GRADED for p in RIGHT[moment]}, statuses
        assert {s.participant: s.score for s in statuses} == {p: len(r) for p, r in RIGHT[moment].items()}
    return trial, quiz


def test_the_grader_judges_every_item_with_the_key(graded_cohort):
    trial, quiz = graded_cohort
    autograded = trial.root / "workshop" / "autograded" / "bo" / quiz.assignment(POST) / "quiz.ipynb"
    text = autograded.read_text(encoding="utf-8")
    assert "Right." in text and "Answer recorded" not in text
    pre = trial.root / "workshop" / "autograded" / "chen" / quiz.assignment(PRE) / "quiz.ipynb"
    assert "Not the expected answer." in pre.read_text(encoding="utf-8")


def open_page(chrome, server, size=(1400, 1600)):
    page = chrome.new_page(viewport={"width": size[0], "height": size[1]})
    page.set_default_timeout(60_000)
    page.goto(server.url + "/")
    support.wait_interactive(page)
    return page


@needs_chromium
def test_survey_and_gain_in_the_browser(graded_cohort, chrome, tmp_path):
    trial, quiz = graded_cohort
    survey_dir = tmp_path / "survey"
    env = {"COURSE_LANG": "en", "COURSE_SURVEY_DIR": str(survey_dir), "COURSE_MODULE": MODULE}
    with support.voila(DASHBOARDS / "feedback_survey.ipynb", env=env,
                       log=ARTIFACTS / "voila-survey.log") as server:
        page = open_page(chrome, server, (1280, 1100))
        try:
            for number, (ratings, comment) in enumerate(SURVEY, 1):
                for statement, label in ratings.items():
                    page.locator(f".ptc-rating-{statement} label", has_text=label).click()
                page.locator(".ptc-comment textarea").fill(comment)
                page.locator("button.ptc-send").click()
                page.locator(".ptc-survey-status", has_text="Thank you").wait_for()
                deadline = time.monotonic() + 30
                while len(list((survey_dir / MODULE).glob("*.json"))) < number and time.monotonic() < deadline:
                    time.sleep(0.1)
                assert len(list((survey_dir / MODULE).glob("*.json"))) == number
                page.wait_for_function("document.querySelector('.ptc-comment textarea').value === ''")
                assert page.locator(".ptc-survey-form input[type=radio]:checked").count() == 0
            support_shot = ARTIFACTS / "feedback_survey.png"
            page.screenshot(path=str(support_shot), full_page=True)
        finally:
            page.close(run_before_unload=True)

    gradebook = Path(trial.config.CourseDirectory.db_url[len("sqlite:///"):])
    if not gradebook.is_absolute():
        gradebook = trial.root / gradebook
    env = {"COURSE_LANG": "en", "COURSE_GRADEBOOK": str(gradebook), "COURSE_SURVEY_DIR": str(survey_dir),
           "COURSE_SUMMARY": str(tmp_path / "no-summary.json")}
    with support.voila(DASHBOARDS / "trainer_cohort.ipynb", env=env, log=ARTIFACTS / "voila-trainer-gain.log") as server:
        page = open_page(chrome, server)
        try:
            page.locator(".ptc-stat-participants .ptc-stat-value").wait_for()
            page.select_option(".ptc-assignment select", quiz.assignment(POST))
            gain = page.locator(".ptc-gain")
            gain.locator(".ptc-stat-paired .ptc-stat-value", has_text="3").wait_for()
            assert gain.locator(".ptc-stat-took-pre .ptc-stat-value").inner_text() == "4"
            assert gain.locator(".ptc-stat-took-post .ptc-stat-value").inner_text() == "3"
            # class means: before (25 + 50 + 0) / 3 = 25%, after (87.5 + 100 + 50) / 3 = 79.2%; <g> = 54.2 / 75
            assert gain.locator(".ptc-stat-pre-post .ptc-stat-value").inner_text() == "25% → 79.2%"
            assert gain.locator(".ptc-stat-gain .ptc-stat-value").inner_text() == "0.72"
            rows = gain.locator(".ptc-gain-participants tbody tr")
            shown = {cells[0]: (cells[1], cells[2], cells[4]) for cells in
                     (rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count()))}
            assert shown == EXPECTED
            objectives = gain.locator(".ptc-gain-objectives tbody tr")
            assert objectives.count() == len(quiz.objectives)
            assert objectives.first.locator("td").first.inner_text().startswith("why:")
            page.locator(".ptc-gain-chart img").wait_for()
            survey = page.locator(".ptc-survey")
            page.locator(".ptc-survey", has_text="3 anonymous response(s)").wait_for()  # drawn after the gains
            assert "3 anonymous response(s)" in survey.inner_text()
            assert "More time for the XSD." in survey.inner_text() and "The printed forms helped." in survey.inner_text()
            page.screenshot(path=str(ARTIFACTS / "trainer_cohort-gain.png"), full_page=True)
        finally:
            page.close(run_before_unload=True)
