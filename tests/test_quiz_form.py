"""The quiz as a form: answers written into the participant's copy of the released notebook exactly as a
participant who codes writes them, read back, graded like coded answers; the form served by a real Voila
and driven in Chromium."""
from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

import nbformat
import pytest

from course import paths
from course.assessment import answer_notebook as sheet
from course.assessment.quiz import PRE, quiz_for
from course.checks import keys
from course.grading.grade import GRADED, grade
from course.grading.sandbox import Limits
from course.grading.trial import TrialCourse
from course.widgets.quiz_form import QuizForm

sys.path.insert(0, str(Path(__file__).parent))
import browser_support as support  # noqa: E402

MODULE = "02-data-harmonization"
ASSIGNMENT = f"{MODULE}-pre"
ARTIFACTS = paths.root() / "test-artifacts"
DASHBOARDS = paths.root() / "dashboards"
RELEASED = paths.root() / "exercises" / ASSIGNMENT / "quiz.ipynb"
# Answers as a participant gives them, by question number (1-based)
GIVEN = {1: "B", 3: ["A", "C"], 6: 'Laem "Chabang" 林查班'}

needs_chromium = pytest.mark.skipif(support.chromium() is None, reason=support.INSTALL_HINT)


@pytest.fixture
def quiz():
    return quiz_for(MODULE)


@pytest.fixture
def work(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    monkeypatch.setenv("COURSE_WORK_DIR", str(folder))
    monkeypatch.setenv("COURSE_LANG", "en")
    return folder


def item_id(quiz, number: int) -> str:
    return quiz.items[number - 1].id


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def the_key() -> dict:
    return json.loads((paths.root() / "solutions" / ASSIGNMENT / "keys" / "quiz.json").read_text(encoding="utf-8"))


def answers(quiz, right: bool) -> dict[str, object]:
    """Every item answered right (from the key) or wrong, as the form hands answers over."""
    key, chosen = the_key(), {}
    for item in quiz.items:
        expected = key[item.id]
        if item.kind == "single":
            chosen[item.id] = expected if right else next(l for l in "ABCD" if l != expected)
        elif item.kind == "multiple":
            chosen[item.id] = sorted(expected) if right else ["D"] if sorted(expected) != ["D"] else ["A"]
        else:
            chosen[item.id] = (expected if isinstance(expected, str) else expected[0]) if right else "nothing"
    return chosen


def fill_form(form: QuizForm, chosen: dict[str, object]) -> None:
    for entry in form.inputs:
        value = chosen[entry.item.id]
        if entry.item.kind == "single":
            entry.input.value = value
        elif entry.item.kind == "multiple":
            for letter, box in zip("ABCDEFGH", entry.boxes):
                box.value = letter in value
        else:
            entry.input.value = value


# --- the notebook -----------------------------------------------------------------------------

def test_saving_replaces_exactly_the_stubs_and_never_touches_the_release(quiz, work):
    before = digest(RELEASED)
    path = sheet.participant_copy(quiz, PRE, "en")
    assert path == work / ASSIGNMENT / "quiz.ipynb"
    report = sheet.save_answers(path, quiz, ASSIGNMENT, {item_id(quiz, n): v for n, v in GIVEN.items()})
    assert report.created and sorted(report.written) == sorted(item_id(quiz, n) for n in GIVEN)
    assert digest(RELEASED) == before
    released, saved = nbformat.read(RELEASED, as_version=4), nbformat.read(path, as_version=4)
    assert len(saved.cells) == len(released.cells)
    changed = {}
    for old, new in zip(released.cells, saved.cells):
        assert new.metadata == old.metadata
        if new.source != old.source:
            changed[old.metadata["nbgrader"]["grade_id"]] = (old.source, new.source)
    assert set(changed) == {f"q{n}-answer" for n in GIVEN}
    old, new = changed["q1-answer"]
    assert old == "answer_1 = None\n# YOUR CODE HERE" and new == 'answer_1 = None\nanswer_1 = "B"'
    assert changed["q3-answer"][1].endswith('answer_3 = ["A", "C"]')
    assert changed["q6-answer"][1].endswith('answer_6 = "Laem \\"Chabang\\" 林查班"')


def test_the_saved_notebook_differs_from_the_release_by_the_answer_line_only(quiz, work):
    path = sheet.participant_copy(quiz, PRE, "en")
    sheet.save_answers(path, quiz, ASSIGNMENT, {item_id(quiz, 1): "B"})
    released = RELEASED.read_text(encoding="utf-8")
    assert released.count('"# YOUR CODE HERE"') == len(quiz.items)
    assert path.read_text(encoding="utf-8") == released.replace('"# YOUR CODE HERE"', '"answer_1 = \\"B\\""', 1)


def test_saved_answers_read_back_and_can_be_cleared(quiz, work):
    path = sheet.participant_copy(quiz, PRE, "en")
    sheet.save_answers(path, quiz, ASSIGNMENT, {item_id(quiz, n): v for n, v in GIVEN.items()})
    cells = {cell.number: cell for cell in sheet.read_answers(path, quiz)}
    assert {n: c.value for n, c in cells.items() if c.state == sheet.ANSWERED} == GIVEN
    assert all(c.state == sheet.BLANK for n, c in cells.items() if n not in GIVEN)

    sheet.save_answers(path, quiz, ASSIGNMENT, {item_id(quiz, 1): "C", item_id(quiz, 3): None})
    cells = {cell.number: cell for cell in sheet.read_answers(path, quiz)}
    assert cells[1].value == "C" and cells[3].state == sheet.BLANK
    saved = nbformat.read(path, as_version=4)
    sources = {c.metadata["nbgrader"]["grade_id"]: c.source for c in saved.cells}
    assert sources["q1-answer"] == 'answer_1 = None\nanswer_1 = "C"'
    assert sources["q3-answer"] == "answer_3 = None\n# YOUR CODE HERE"  # as released


def test_an_answer_typed_in_the_notebook_is_read_and_replaced(quiz, work):
    path = sheet.participant_copy(quiz, PRE, "en")
    sheet.save_answers(path, quiz, ASSIGNMENT, {})
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.metadata["nbgrader"].get("grade_id") == "q2-answer")
    cell.source = "answer_2 = None\nanswer_2 = 'd'   # my guess"
    nbformat.write(nb, path)
    assert sheet.read_answers(path, quiz)[1].value == "d"
    sheet.save_answers(path, quiz, ASSIGNMENT, {item_id(quiz, 2): "C"})
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.metadata["nbgrader"].get("grade_id") == "q2-answer")
    assert cell.source == 'answer_2 = None\nanswer_2 = "C"'


def test_a_cell_edited_into_code_is_reported_and_kept(quiz, work):
    path = sheet.participant_copy(quiz, PRE, "en")
    sheet.save_answers(path, quiz, ASSIGNMENT, {})
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.metadata["nbgrader"].get("grade_id") == "q2-answer")
    hand = 'answer_2 = None\nanswer_2 = "ABCD"[2]'
    cell.source = hand
    nbformat.write(nb, path)
    read = {c.number: c for c in sheet.read_answers(path, quiz)}
    assert read[2].state == sheet.UNREADABLE and read[2].code == 'answer_2 = "ABCD"[2]'
    report = sheet.save_answers(path, quiz, ASSIGNMENT, {item_id(quiz, 2): "A", item_id(quiz, 1): "B"})
    assert [c.number for c in report.kept] == [2] and report.written == [item_id(quiz, 1)]
    sources = {c.metadata["nbgrader"]["grade_id"]: c.source for c in nbformat.read(path, as_version=4).cells}
    assert sources["q2-answer"] == hand and sources["q1-answer"].endswith('answer_1 = "B"')


@pytest.mark.parametrize("content", [b"{ this is not json", json.dumps({"cells": [], "metadata": {}, "nbformat": 4,
                                                                         "nbformat_minor": 5}).encode()])
def test_a_file_that_is_not_the_quiz_is_refused_and_left_alone(quiz, work, content):
    path = sheet.participant_copy(quiz, PRE, "en")
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with pytest.raises(sheet.QuizFileError) as refused:
        sheet.read_answers(path, quiz)
    assert str(path) in str(refused.value) and "move or rename it" in str(refused.value)
    with pytest.raises(sheet.QuizFileError):
        sheet.save_answers(path, quiz, ASSIGNMENT, {item_id(quiz, 1): "B"})
    assert path.read_bytes() == content


def test_where_the_copy_lives(quiz, work, monkeypatch, tmp_path):
    assert sheet.participant_copy(quiz, PRE, "zh_Hans") == work / f"{ASSIGNMENT}-zh" / "quiz.ipynb"
    english = work / ASSIGNMENT / "quiz.ipynb"
    sheet.save_answers(english, quiz, ASSIGNMENT, {item_id(quiz, 1): "B"})
    assert sheet.participant_copy(quiz, PRE, "zh_Hans") == english  # an existing copy, whatever its edition
    monkeypatch.delenv("COURSE_WORK_DIR")
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    monkeypatch.setenv("HOME", str(tmp_path / "ana"))
    assert sheet.work_folder() == tmp_path / "ana"  # where the Assignment List fetches
    monkeypatch.delenv("JUPYTERHUB_USER")
    assert sheet.work_folder() == paths.root() / "workshop" / "quizzes"
    assert "exercises" not in sheet.work_folder().parts


# --- the form ---------------------------------------------------------------------------------

def test_the_form_saves_and_shows_saved_answers_after_a_reload(quiz, work):
    form = QuizForm()
    assert [type(e.input).__name__ for e in form.inputs[:3]] == ["RadioButtons", "RadioButtons", "VBox"]
    assert type(form.inputs[5].input).__name__ == "Text"
    form.inputs[0].input.value = "B"
    form.inputs[2].boxes[0].value = form.inputs[2].boxes[2].value = True
    form.inputs[5].input.value = "  thlch "
    report = form.save()
    assert report.created and "3 of 8 answers" in form.status.value
    again = QuizForm()
    assert [e.value for e in again.inputs] == ["B", None, ["A", "C"], None, None, "thlch", None, None]
    assert "Answer recorded" in again.inputs[0].check.value and "Not answered yet" in again.inputs[1].check.value


def test_the_form_says_only_what_the_coded_self_check_says_and_reads_no_key(quiz, work, monkeypatch):
    def no_key(*args):
        raise AssertionError(f"the form read an answer key {args}")

    monkeypatch.setattr(keys, "path", no_key)
    monkeypatch.setenv("COURSE_FULL_KEYS", "1")  # even where keys could be read
    form = QuizForm()
    fill_form(form, answers(quiz, right=True))
    form.save()
    import course

    for entry in form.inputs:
        coded = course.exercise(entry.item.id, "en").check(entry.value)
        assert coded.label == "Answer recorded"
        assert coded.message.replace("'", "&#x27;").replace('"', "&quot;") in entry.check.value
        assert "Right." not in entry.check.value and "Correct" not in entry.check.value


def test_the_form_keeps_what_it_cannot_show_and_says_so(quiz, work):
    path = sheet.participant_copy(quiz, PRE, "en")
    sheet.save_answers(path, quiz, ASSIGNMENT, {item_id(quiz, 1): "B"})
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.metadata["nbgrader"].get("grade_id") == "q2-answer")
    cell.source = "answer_2 = None\nanswer_2 = choose()"
    nbformat.write(nb, path)
    form = QuizForm()
    assert "choose()" in form.inputs[1].check.value and "keeps it" in form.inputs[1].check.value
    form.inputs[3].input.value = "D"
    form.save()
    assert "question 2" not in form.status.value  # untouched in the form: not even offered for writing
    sources = {c.metadata["nbgrader"]["grade_id"]: c.source for c in nbformat.read(path, as_version=4).cells}
    assert sources["q2-answer"] == "answer_2 = None\nanswer_2 = choose()"
    assert sources["q4-answer"].endswith('answer_4 = "D"') and sources["q1-answer"].endswith('answer_1 = "B"')


def test_the_form_refuses_a_notebook_that_is_not_the_quiz(quiz, work):
    path = sheet.participant_copy(quiz, PRE, "en")
    path.parent.mkdir(parents=True)
    path.write_text("not a notebook", encoding="utf-8")
    form = QuizForm()
    assert "cannot be read as a notebook" in form.file.value and form.save_button.disabled
    assert form.save() is None and path.read_text(encoding="utf-8") == "not a notebook"


def test_the_form_in_chinese(quiz, work):
    from course.i18n import _

    form = QuizForm(lang="zh_Hans")
    assert "第 1 题（共 8 题）" in form.inputs[0].heading.value
    assert _(quiz.items[0].question, "zh_Hans") in form.inputs[0].heading.value
    assert form.save_button.description == _("Save my answers", "zh_Hans") != "Save my answers"
    form.inputs[0].input.value = "B"
    form.save()
    assert (work / f"{ASSIGNMENT}-zh" / "quiz.ipynb").exists()  # the Chinese edition, graded the same
    assert "已保存" in form.status.value
    form.set_language("en")
    assert "Saved. Your copy holds 1 of 8 answers" in form.status.value
    assert form.path == work / f"{ASSIGNMENT}-zh" / "quiz.ipynb"  # the copy stays the one just saved


# --- graded like a coded answer ---------------------------------------------------------------

def test_a_notebook_saved_by_the_form_grades_like_a_coded_one(quiz, tmp_path, monkeypatch):
    trial = TrialCourse(tmp_path / "course")
    trial.release(ASSIGNMENT)
    expected = {"right": float(len(quiz.items)), "wrong": 0.0}
    for person, right in (("right", True), ("wrong", False)):
        monkeypatch.setenv("COURSE_WORK_DIR", str(tmp_path / person))
        form = QuizForm(lang="en")
        fill_form(form, answers(quiz, right))
        form.save()
        folder = trial.submit(person, ASSIGNMENT, {})
        (folder / "quiz.ipynb").write_bytes((tmp_path / person / ASSIGNMENT / "quiz.ipynb").read_bytes())
    limits = Limits(cell_seconds=20, notebook_seconds=120, memory_mb=2048)
    statuses = grade(ASSIGNMENT, trial.root, workers=2, limits=limits, progress=False)
    assert {s.participant: s.status for s in statuses} == {"right": GRADED, "wrong": GRADED}, statuses
    assert {s.participant: s.score for s in statuses} == expected


# --- in a browser, served by Voila --------------------------------------------------------------

def open_page(chrome, server):
    page = chrome.new_page(viewport={"width": 1280, "height": 2000})  # the whole form, for the screenshot
    page.set_default_timeout(60_000)
    page.goto(server.url + "/")
    support.wait_interactive(page)
    page.locator(".ptc-quiz-input-1").wait_for()
    return page


@needs_chromium
def test_the_quiz_form_in_the_browser(chrome, tmp_path):
    quiz = quiz_for(MODULE)
    env = {"COURSE_LANG": "en", "COURSE_WORK_DIR": str(tmp_path), "COURSE_MODULE": MODULE}
    copy = tmp_path / ASSIGNMENT / "quiz.ipynb"
    with support.voila(DASHBOARDS / "quiz.ipynb", env=env, log=ARTIFACTS / "voila-quiz.log") as server:
        page = open_page(chrome, server)
        try:
            assert page.locator(".ptc-quiz-questions h3").count() == len(quiz.items)
            page.locator(".ptc-quiz-input-1 label", has_text="Once, and every agency reuses it").click()
            page.locator(".ptc-quiz-input-3 label", has_text="A definition of the element").click()
            page.locator(".ptc-quiz-input-3 label", has_text="Its format as the form writes it").click()
            page.locator(".ptc-quiz-input-6 input").fill("thlch")
            page.locator(".ptc-quiz-input-6 input").press("Enter")
            page.locator("button.ptc-quiz-save").click()
            page.locator(".ptc-quiz-status", has_text="3 of 8 answers").wait_for()
            page.locator(".ptc-quiz-check-1", has_text="Answer recorded").wait_for()
            deadline = time.monotonic() + 30
            while not copy.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            values = {c.number: c.value for c in sheet.read_answers(copy, quiz) if c.state == sheet.ANSWERED}
            assert values == {1: "B", 3: ["A", "C"], 6: "thlch"}
            page.screenshot(path=str(ARTIFACTS / "quiz_form.png"), full_page=True)
        finally:
            page.close(run_before_unload=True)

        page = open_page(chrome, server)  # a reload: a new kernel reads the copy again
        try:
            page.locator(".ptc-quiz-check-1", has_text="Answer recorded").wait_for()
            assert page.locator(".ptc-quiz-input-1 input[type=radio]:checked").count() == 1
            assert page.locator(".ptc-quiz-input-1 label", has_text="Once, and every agency reuses it") \
                .locator("input").is_checked()
            checked = page.locator(".ptc-quiz-input-3 input[type=checkbox]")
            assert [checked.nth(i).is_checked() for i in range(checked.count())] == [True, False, True, False]
            assert page.locator(".ptc-quiz-input-6 input").input_value() == "thlch"
            html = page.content()
            key = the_key()
            for item in quiz.items:
                if item.kind == "short":
                    for variant in ([key[item.id]] if isinstance(key[item.id], str) else key[item.id]):
                        if variant.casefold() != "thlch":
                            assert variant not in html, f"the key of {item.id} is in the page"
            page.locator(".ptc-language button", has_text="中文").click()
            from course.i18n import _

            page.locator("button.ptc-quiz-save", has_text=_("Save my answers", "zh_Hans")).wait_for()
            page.screenshot(path=str(ARTIFACTS / "quiz_form-zh.png"), full_page=True)
        finally:
            page.close(run_before_unload=True)


def test_the_dashboard_is_one_cell_of_platform_code():
    notebook = json.loads((DASHBOARDS / "quiz.ipynb").read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert len(code) == 1 and len("".join(code[0]["source"]).strip().splitlines()) <= 3
    assert not code[0]["outputs"] and code[0]["execution_count"] is None
    assert "course.widgets.quiz_form" in "".join(code[0]["source"]) and "module0" not in "".join(code[0]["source"])
