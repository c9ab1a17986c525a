"""Module 01's analysis worksheet without a browser and in one: the four answer tasks filled in with
forms, each checked by the graded notebook's own self-check; the answers the forms build are those the
grader gives full marks (taken from the keys here; the page itself never reads them); bad input gets
a clear message; the page follows the language switch."""
import re
from html import unescape

import pytest

from course import exercise, paths
from course.checks import catalog, keys
from course.module01_business_process_analysis import dataset, worksheet

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def key():
    """The full keys, read as the grader reads them, and the grader's exercises."""
    with keys.grading():
        return {name: catalog.get(name).answer_key() for name in
                (worksheet.INVENTORY, worksheet.TIMES, worksheet.BOTTLENECKS, worksheet.RECOMMENDATION)}


def graded(name: str, answer, key):
    """What the grader makes of an answer the page built: the full key, not the public one."""
    return catalog.get(name).check(answer, "en", key=key[name])


def shown(page, section: str) -> str:
    return unescape(page.sections[section].result.value)


def fill_inventory(page, rows: list[dict]) -> None:
    for row in list(page.rows):
        page.remove_row(row)
    for data in rows:
        page.add_row().fill(data["procedure"], data["actor"], data["documents_in"], data["documents_out"])


def fill_times(page, total, path, longest) -> None:
    page.total.value = str(total)
    for name in path:
        page.critical.box.value = name
        page.critical.add.click()
    page.longest.value = longest


@pytest.fixture
def page():
    return worksheet.BpaWorksheet(lang="en")


def test_names_are_suggested_from_the_public_data_only(page, key):
    row = page.rows[0]
    assert list(row.procedure.options) == list(dataset.synonyms())
    offered = [value for _label, value in row.actor.options if value]
    assert len(offered) == len(dataset.interviews()) == 8 and "Single Window" not in offered
    # Every organization that does a step of the procedure can be chosen.
    assert {r["actor"] for r in key[worksheet.INVENTORY].data} <= set(offered)
    assert {"Letter of credit", "L/C advice", "Payment advice", "Phytosanitary certificate"} <= set(
        row.documents_in.options)
    assert list(page.critical.box.options) == list(dataset.synonyms())
    assert [box.description[0] for box in page.choices.values()] == list(dataset.recommendation_options())


def test_rows_are_added_and_removed(page):
    assert len(page.rows) == 1
    page.add_row_button.click()
    page.add_row_button.click()
    assert len(page.rows) == 3 and len(page.table.children) == 3
    middle = page.rows[1]
    middle.remove.click()
    assert middle not in page.rows and len(page.table.children) == 2


def test_a_right_inventory_is_correct_here_and_full_marks_for_the_grader(page, key):
    rows = key[worksheet.INVENTORY].data
    fill_inventory(page, rows)
    page.add_row()                                   # an empty row at the end is left out, not an error
    page.sections["inventory"].button.click()
    assert "Correct" in shown(page, "inventory") and "Score: 100%" in shown(page, "inventory")
    answer = page.inventory_answer()
    assert len(answer["procedures"]) == len(rows)
    assert graded(worksheet.INVENTORY, answer, key).correct


def test_a_wrong_inventory_shows_why(page, key):
    rows = [dict(r) for r in key[worksheet.INVENTORY].data]
    bank = next(r for r in rows if r["procedure"] == "Advise the letter of credit")
    bank["actor"] = "Customs"
    fill_inventory(page, [bank])
    page.sections["inventory"].button.click()
    text = shown(page, "inventory")
    assert "Incorrect" in text and "'Advise the letter of credit' is not done by 'Customs'." in text
    assert "Missing: a step like 'Examine the documents and pay the exporter'." in text
    assert not graded(worksheet.INVENTORY, page.inventory_answer(), key).correct


def test_right_and_wrong_time_procedure_figures(page, key):
    right = key[worksheet.TIMES].data
    fill_times(page, right["total_hours"], right["critical_path"], right["longest_wait"])
    assert page.critical.value == right["critical_path"]            # the order the steps were added in
    page.sections["times"].button.click()
    assert "Correct" in shown(page, "times")
    assert graded(worksheet.TIMES, page.times_answer(), key).correct

    wrong = worksheet.BpaWorksheet(lang="en")
    fill_times(wrong, right["total_hours"], right["critical_path"][:2] + ["Wait for the weather"], "")
    wrong.sections["times"].button.click()
    text = shown(wrong, "times")
    assert "Incorrect" in text and "'Wait for the weather' is not a step of the procedure" in text


def test_right_and_wrong_bottlenecks(page, key):
    right = key[worksheet.BOTTLENECKS].data
    for step in right["bottlenecks"]:
        page.bottleneck_list.append(step)
    for document in right["redundant"]:
        page.redundant_list.box.value = document
        page.redundant_list.add.click()
    page.sections["bottlenecks"].button.click()
    assert "Correct" in shown(page, "bottlenecks")
    assert graded(worksheet.BOTTLENECKS, page.bottlenecks_answer(), key).correct

    page.redundant_list.tags.value = []                               # removed with the tags' crosses
    page.bottleneck_list.append("Drink tea with the clerk")
    page.sections["bottlenecks"].button.click()
    text = shown(page, "bottlenecks")
    assert "Incorrect" in text and "Name the redundant documents." in text
    assert "'Drink tea with the clerk' is not a step of the procedure." in text


def choose(page, letters, reason="it removes the retyping of the same data at every agency"):
    for letter in letters:
        page.choices[letter].value = True
        page.reasons[letter].value = reason


def test_right_and_wrong_recommendations(page, key):
    right = key[worksheet.RECOMMENDATION].data["right"]
    choose(page, right)
    assert all(page.reasons[letter].layout.display == "" for letter in right)
    assert page.reasons["D"].layout.display == "none"                # a reason box shows once its option is ticked
    page.sections["recommendation"].button.click()
    assert "Correct" in shown(page, "recommendation")
    assert graded(worksheet.RECOMMENDATION, page.recommendation_answer(), key).correct

    page.choices["D"].value = True                                    # ticked without a reason
    page.sections["recommendation"].button.click()
    text = shown(page, "recommendation")
    assert "Incorrect" in text and "Give one short reason per option you choose" in text
    assert "Option D removes no bottleneck." in graded(worksheet.RECOMMENDATION, page.recommendation_answer(),
                                                       key).reasons


@pytest.mark.parametrize("section, fill, words", [
    ("inventory", lambda p: None, "The table has no step yet"),
    ("inventory", lambda p: p.rows[0].fill("", "Bank"), "Row 1 has no procedure"),
    ("times", lambda p: fill_times(p, "two days", ["Request a booking"], "Request a booking"),
     "'two days' is not a number"),
    ("times", lambda p: None, "Type the total time in hours first"),
    ("recommendation", lambda p: None, "Tick at least one option"),
])
def test_bad_input_gets_a_clear_message(page, section, fill, words):
    fill(page)
    assert page.check(section) is None
    assert "ptc-unusable" in page.sections[section].result.value and words in shown(page, section)


def test_an_empty_list_is_checked_and_told_what_is_missing(page):
    page.check("bottlenecks")
    assert "Name at least one bottleneck." in shown(page, "bottlenecks")


def test_the_results_are_the_notebooks_self_check(page):
    choose(page, ["A", "G"])
    outcome = page.check("recommendation")
    expected = exercise(worksheet.RECOMMENDATION, "en").check(page.recommendation_answer())
    assert (outcome.status, outcome.message, outcome.reasons) == (expected.status, expected.message, expected.reasons)
    assert page.sections["recommendation"].result.value.startswith(expected._repr_html_())


def test_the_page_never_reads_an_answer_key(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("the worksheet asked for an answer key")

    monkeypatch.delenv("COURSE_FULL_KEYS", raising=False)
    monkeypatch.setattr(keys, "path", refuse)
    monkeypatch.setattr(keys, "folder", refuse)
    page = worksheet.BpaWorksheet(lang="en")
    page.rows[0].fill("Advise the letter of credit", "Bank", ["Letter of credit"], ["L/C advice"])
    fill_times(page, 300, ["Advise the letter of credit", "Request a booking"], "Request a booking")
    page.bottleneck_list.append("Request a booking")
    page.redundant_list.append("Export declaration")
    choose(page, ["A"])
    for section in page.sections:
        outcome = page.check(section)
        assert outcome is not None and outcome.attempted, section


def test_the_page_follows_the_language_switch(page):
    page.rows[0].fill("Advise the letter of credit", "Customs", ["Letter of credit"], ["L/C advice"])
    page.check("inventory")
    page.total.value = "many"
    page.check("times")
    page.set_language("zh_Hans")
    assert CHINESE.search(page.heading.value) and "English" not in page.heading.value
    for section in page.sections.values():
        assert CHINESE.search(section.heading.value) and CHINESE.search(section.button.description)
    assert CHINESE.search(page.add_row_button.description) and CHINESE.search(page.columns.value)
    assert CHINESE.search(page.critical.add.description) and CHINESE.search(page.reasons["A"].placeholder)
    assert CHINESE.search(shown(page, "inventory")) and "Advise the letter of credit" in shown(page, "inventory")
    assert CHINESE.search(shown(page, "times")) and "many" in shown(page, "times")
    page.set_language("en")
    assert "Business process analysis worksheet" in page.heading.value and "is not a number" in shown(page, "times")


def test_the_worksheet_in_the_browser():
    """A non-coder's recommendation through Voila and Chromium: tick, give a reason, check, see the verdict."""
    import sys

    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(paths.root() / "tests"))
    import browser_support as support

    artifacts = paths.root() / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    with support.voila(paths.root() / "dashboards" / "bpa_worksheet.ipynb", env={"COURSE_LANG": "en"},
                       log=artifacts / "voila-bpa-worksheet.log") as server, sync_playwright() as playwright:
        browser = support.launch(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(90_000)
        try:
            page.goto(server.url + "/")
            support.wait_interactive(page)
            page.locator(".ptc-option-A input").check()
            page.locator(".ptc-reason-A input").fill("no more retyping of the invoice data at every agency")
            page.locator(".ptc-check-recommendation").click()
            verdict = page.locator(".ptc-result-recommendation", has_text="Correct")
            verdict.wait_for()
            assert "Score: 100%" in verdict.inner_text()
            page.locator(".ptc-option-D input").check()                    # a second option, no reason
            page.locator(".ptc-check-recommendation").click()
            page.locator(".ptc-result-recommendation", has_text="Give one short reason").wait_for()
            page.screenshot(path=str(artifacts / "bpa_worksheet.png"), full_page=True)
        finally:
            page.close(run_before_unload=True)
            browser.close()
