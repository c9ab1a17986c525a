"""Module 01's process checker without a browser and in one: a non-coder's BPMN file gets the diagram,
the findings, the runs of both customs paths, the time-procedure chart and the graded notebook's own
self-check; bad files get a clear message and the page stays usable; the page follows the language switch."""
import re

import pytest

from course import exercise, paths
from course.bpmn import check_model
from course.bpmn.diagram import WARNING_FILL
from course.module01_business_process_analysis import checker, dataset

PNG = b"\x89PNG\r\n\x1a\n"
BROKEN_FLOW = '<bpmn:sequenceFlow id="Flow_L2_L3" sourceRef="L2" targetRef="L3" />'


def example() -> bytes:
    return dataset.example_model_path().read_bytes()


def broken() -> bytes:
    """The example with the flow from the invoice to the presentation deleted: a dead end."""
    text = example().decode("utf-8")
    assert BROKEN_FLOW in text
    return text.replace(BROKEN_FLOW, "").encode("utf-8")


@pytest.fixture
def shown():
    page = checker.ProcessChecker(lang="en")
    page.example_button.click()
    return page


def test_the_example_is_drawn_checked_run_charted_and_compared(shown):
    page = shown
    assert "ptc-ok" in page.status.value and "2 pools, 4 tasks" in page.status.value
    assert page.results.layout.display == ""
    assert "<svg" in page.diagram.value and "Advise the letter of credit" in page.diagram.value
    assert "nothing to correct" in page.checks.value
    assert page.paths.value.count("completes in every pool") == 2
    assert page.chart.value[:8] == PNG and page.chart.layout.display == ""
    steps = dataset.example_procedures()
    hours = sum(float(s["likely_hours"]) for s in steps)   # the example's steps follow one another
    assert f"4 of the model's 4 tasks" in page.chart_note.value.replace("&#x27;", "'")
    assert f"{hours:g} hours from start to end" in page.chart_note.value


def test_the_comparison_is_the_graded_notebooks_self_check(shown):
    page = shown
    text = example().decode("utf-8")
    expected = exercise(checker.EXERCISE, "en").check(text)
    assert page.report.outcome.status == expected.status and page.report.outcome.message == expected.message
    assert page.comparison.value == expected._repr_html_()


def test_the_page_never_reads_an_answer_key(monkeypatch):
    """Outside grading the keys are out of reach: the page answers from the public example alone."""
    from course.checks import keys

    def refuse(*_args, **_kwargs):
        raise AssertionError("the process checker asked for an answer key")

    monkeypatch.delenv("COURSE_FULL_KEYS", raising=False)
    monkeypatch.setattr(keys, "path", refuse)
    monkeypatch.setattr(keys, "folder", refuse)
    page = checker.ProcessChecker(lang="en")
    report = page.load(broken(), "dead-end.bpmn")
    assert report.outcome is not None and report.outcome.attempted and not report.outcome.correct


def test_a_model_with_a_dead_end_shows_its_errors_in_the_diagram_and_the_runs():
    page = checker.ProcessChecker(lang="en")
    report = page.load(broken(), "dead-end.bpmn")
    expected = [f.code for f in check_model(broken(), lang="en") if f.severity == "error"]
    assert [f.code for f in report.errors] == expected and "bpmn.no-outgoing" in expected
    assert report.errors and "ptc-bad" in page.status.value and "errors to correct" in page.status.value
    assert WARNING_FILL in page.diagram.value                     # the elements named by errors are highlighted
    for finding in report.errors:
        assert re.sub(r"\s+", " ", finding.message)[:40] in page.checks.value.replace("&#x27;", "'").replace(
            "&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
    assert not report.completes("green channel") and "does not complete" in page.paths.value


def test_tasks_that_match_no_published_step_get_a_note_instead_of_a_chart():
    text = example().decode("utf-8")
    for step in dataset.example_procedures():
        text = text.replace(f'name="{step["procedure"]}"', f'name="Task {step["id"]} of my own"')
    page = checker.ProcessChecker(lang="en")
    page.load(text.encode("utf-8"), "renamed.bpmn")
    assert page.chart.value == b"" and page.chart.layout.display == "none"
    assert "only 0 of the model" in page.chart_note.value.replace("&#x27;", "'")


def test_files_from_other_tools_and_without_layout_are_drawn_and_run():
    import sys

    sys.path.insert(0, str(paths.root() / "tests"))
    import bpmn_samples

    page = checker.ProcessChecker(lang="en")
    page.load(dataset.example_model_path(layout=False).read_bytes(), "no-layout.bpmn")
    assert "Laid out automatically: the file has no diagram layout." in page.diagram.value
    assert page.paths.value.count("completes in every pool") == 2 and page.chart.value[:8] == PNG
    page.load(bpmn_samples.BPMN_IO_EXPORT.encode("utf-8"), "diagram.bpmn")   # as bpmn.io writes it
    assert "<svg" in page.diagram.value and "Chamber of commerce" in page.diagram.value
    assert page.paths.value.count("completes in every pool") == 2
    page.load(bpmn_samples.deadlock().encode("utf-8"), "deadlock.bpmn")      # a join that waits for ever
    assert "does not complete" in page.paths.value and "ptc-verdict" in page.status.value


@pytest.mark.parametrize("content, words", [
    (b"this is not a model", "not well-formed XML"),
    (b'{"definitions": {"process": []}}', "looks like JSON"),
    (PNG + bytes(range(256)) * 40, "looks like a PNG image"),
    (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
     b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">&b;</definitions>', "entity"),
    (b'<?xml version="1.0"?><!DOCTYPE d SYSTEM "http://attacker.example/x.dtd"><definitions/>', "DTD"),
    (b"<definitions>" + b" " * (60 * 1024 * 1024) + b"</definitions>", "60.0 MB"),
    (b"<invoice><total>12</total></invoice>", "not the <definitions> of a BPMN 2.0 model"),
])
def test_bad_files_get_a_clear_message_and_the_page_stays_usable(content, words):
    page = checker.ProcessChecker(lang="en")
    report = page.load(content, "upload.bpmn")
    assert not report.usable and "ptc-unusable" in page.status.value and "cannot be checked" in page.status.value
    assert words in page.status.value.replace("&lt;", "<").replace("&gt;", ">")
    assert page.results.layout.display == "none" and page.diagram.value == "" and page.chart.value == b""
    page.example_button.click()                                   # the next file is checked as usual
    assert "ptc-ok" in page.status.value and "<svg" in page.diagram.value


def test_an_upload_through_the_widget_is_checked_and_can_be_repeated():
    from datetime import datetime, timezone

    page = checker.ProcessChecker(lang="en")
    for name, content in (("mine.bpmn", example()), ("mine.bpmn", broken())):
        page.upload.value = ({"name": name, "type": "", "size": len(content), "content": memoryview(content),
                              "last_modified": datetime.now(timezone.utc)},)
        assert "mine.bpmn: 2 pools" in page.status.value and "<svg" in page.diagram.value
        assert page.upload.value == ()   # emptied, so that the same file can be uploaded again
    assert "errors to correct" in page.status.value


def test_the_page_follows_the_language_switch(shown):
    page = shown
    page.load(broken(), "dead-end.bpmn")
    page.set_language("zh")
    chinese = [f.message for f in check_model(broken(), lang="zh") if f.severity == "error"]
    assert "流程检查器" in page.heading.value
    assert chinese and all(re.sub(r"\s+", " ", m)[:12] in page.checks.value for m in chinese)
    assert re.search(r"[\u4e00-\u9fff]", page.paths.value) and re.search(r"[\u4e00-\u9fff]", page.status.value)
    page.set_language("en")
    assert "Process checker" in page.heading.value and "errors to correct" in page.status.value


def test_the_checker_in_the_browser(tmp_path):
    """A non-coder's check through Voila and Chromium: upload a file, see the diagram and the findings,
    in English and in Chinese, then a file that is not BPMN."""
    import sys

    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(paths.root() / "tests"))
    import browser_support as support

    from course.i18n import _

    artifacts = paths.root() / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    model = tmp_path / "dead-end.bpmn"
    model.write_bytes(broken())
    picture = tmp_path / "diagram.png"
    picture.write_bytes(PNG + bytes(64))
    english = [f.message for f in check_model(broken(), lang="en") if f.severity == "error"]
    chinese = [f.message for f in check_model(broken(), lang="zh") if f.severity == "error"]
    with support.voila(paths.root() / "dashboards" / "process_checker.ipynb", env={"COURSE_LANG": "en"},
                       log=artifacts / "voila-process-checker.log") as server, sync_playwright() as playwright:
        browser = support.launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.set_default_timeout(90_000)
        try:
            page.goto(server.url + "/")
            support.wait_interactive(page)
            with page.expect_file_chooser() as chooser:
                page.locator("button.widget-upload").first.click()
            chooser.value.set_files(str(model))
            page.locator(".ptc-status", has_text="dead-end.bpmn: 2 pools").wait_for()
            page.locator(".ptc-diagram svg").first.wait_for()
            assert page.locator(".ptc-diagram svg tspan", has_text="Advise").count() >= 1
            findings = page.locator(".ptc-findings").inner_text()
            assert all(" ".join(m.split())[:40] in " ".join(findings.split()) for m in english)
            page.screenshot(path=str(artifacts / "process_checker.png"), full_page=True)

            page.locator(".ptc-language button", has_text="中文").click()
            page.locator(".ptc-findings", has_text=" ".join(chinese[0].split())[:12]).wait_for()
            page.locator(".ptc-dashboard h2", has_text=_("Process checker", "zh_Hans")).wait_for()
            page.screenshot(path=str(artifacts / "process_checker-zh.png"), full_page=True)

            with page.expect_file_chooser() as chooser:
                page.locator("button.widget-upload").first.click()
            chooser.value.set_files(str(picture))
            page.locator(".ptc-status", has_text="PNG").wait_for()
            assert page.locator(".ptc-diagram").is_hidden()
        finally:
            page.close(run_before_unload=True)
            browser.close()
