"""The dashboards: their logic without a browser, then each one served by a real Voila and driven
in headless Chromium (skipped, with the install command, when Chromium is missing)."""
from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
from datetime import timedelta
from html import escape
from pathlib import Path

import pandas as pd
import pytest

import course
from course import paths
from course.module02_data_harmonization.dataset import DOCUMENTS
from course.i18n import _
from course.widgets import cohort_data
from course.widgets.document_checker import (DocumentChecker, document_text, marked_lines, render_document,
                                             render_findings, samples)
from course.module02_data_harmonization.workbench import (HarmonizationWorkbench, check_mapping, fields_table, load_answers,
                                      mapping_frame, safe_name, save_answers)

sys.path.insert(0, str(Path(__file__).parent))
import browser_support as support  # noqa: E402

ROOT = paths.root()
ARTIFACTS = ROOT / "test-artifacts"
DASHBOARDS = ROOT / "dashboards"
MISSPELT = "eco/invalid-structure-misspelt-element.xml"  # <HsCode> instead of <HSCode>, line 36
HOSTILE = (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
           b"<CertificateOfOrigin>&e;</CertificateOfOrigin>\n")
# A participant's first attempt: two fields right, one wrong (the seller is the consignor).
ATTEMPT = {("commercial_invoice", "Invoice No."): "InvoiceNumber",
           ("commercial_invoice", "Invoice Date"): "InvoiceDate",
           ("commercial_invoice", "Seller"): "ConsigneeName"}
SCORES = {"amina": [2, 3, 3, 2, 4, 3, 3], "bao": [2, 1.5, 0, 2, 2, 3, 0], "chen": [0, 0, 1.5, 2, 0, 3, 0]}
SUMMARY = {"assignment": support.ASSIGNMENT, "tasks": [
    {"task": "mapping", "max_score": 4, "mean": 2.0, "distribution": [4, 2, 0],
     "failing_checks": [{"message": "commercial_invoice / Seller is mapped to ConsigneeName, which is not right.",
                         "count": 2}]},
    {"task": "synonyms", "max_score": 3, "mean": 1.0, "distribution": [3, 0, 0],
     "failing_checks": [{"message": "Shipper and Exporter mean the same thing.", "count": 1}]}]}


def schema_label(name: str) -> str:
    """How the schema drop-down names a registry schema (widgets' <option>s carry their labels)."""
    from course.xml import registry

    return f"{name}: {registry.ENTRIES[name].title_in('en')}"


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- the document checker, without a browser -----------------------------------------------

def test_samples_are_offered_with_their_schema():
    offered = {s.label: s.schema for s in samples()}
    assert offered[MISSPELT] == "eco"
    assert offered["swds/valid-C01.xml"] == "swds"
    assert len(offered) >= 40


def test_document_checker_shows_each_finding_with_its_line_and_highlights_it():
    checker = DocumentChecker(lang="en")
    checker.sample.value = MISSPELT
    assert checker.schema.value == "eco"
    result = checker.run_check()
    expected = course.validate(paths.datasets() / "samples" / MISSPELT, "eco", lang="en")
    assert result.summary() == expected.summary()
    assert "Not valid" in checker.verdict.value
    error = expected.errors[0]
    assert error.line == 36
    assert "line 36" in checker.findings.value
    assert _("Hint", "en") in checker.findings.value
    assert "data-line='36'" in checker.document_view.value
    assert "ptc-line ptc-error' id='ptc-line-36'" in checker.document_view.value


def test_document_checker_refuses_what_the_cli_refuses(tmp_path):
    hostile = tmp_path / "hostile.xml"
    hostile.write_bytes(HOSTILE)
    cli = subprocess.run([str(Path(sys.executable).parent / "course"), "validate", str(hostile), "--schema", "eco",
                          "--lang", "en"], capture_output=True, text=True)
    assert cli.returncode == 2
    checker = DocumentChecker(lang="en")
    for name, data in (("hostile.xml", HOSTILE), ("scan.pdf", b"%PDF-1.7\n%binary")):
        checker.choose(name, data)
        result = checker.run_check()
        assert not result.usable
        assert "could not be checked" in checker.verdict.value
        assert escape(result.findings[0].message) in checker.findings.value
    refused = course.validate(HOSTILE, "eco", lang="en").findings[0]
    assert refused.message in cli.stdout


def test_document_checker_switches_language_and_keeps_the_result():
    checker = DocumentChecker(lang="en")
    checker.sample.value = "eco/invalid-rules-net-exceeds-gross.xml"
    english = checker.run_check()
    checker.set_language("zh_Hans")
    assert has_chinese(checker.verdict.value)
    assert checker.result.summary() == english.in_language("zh_Hans").summary()
    assert checker.sample.value == "eco/invalid-rules-net-exceeds-gross.xml"  # the choice survives


def test_long_documents_show_the_lines_around_findings_only():
    text = "\n".join(f"<line n='{i}'/>" for i in range(1, 5001))
    html = render_document(text, {2500: "error"}, "en")
    assert "id='ptc-line-2500'" in html and "id='ptc-line-2497'" in html
    assert "id='ptc-line-1000'" not in html
    assert "lines not shown" in html
    whole = render_document(text, {2500: "error"}, "en", whole=True)
    assert "id='ptc-line-1000'" in whole and "id='ptc-line-2500'" in whole and "id='ptc-line-2200'" not in whole
    short = render_document("<a>\n<b/>\n</a>", {2: "error"}, "en")
    assert short.count("ptc-lineno") == 3 and "lines not shown" not in short


def test_thousands_of_findings_are_listed_up_to_a_limit():
    from course.xml.findings import Finding, ValidationResult

    many = ValidationResult("eco", ok=False, structure_ok=True, lang="en",
                            findings=[Finding("rules.failed", line=i, params={"rule": f"rule {i}"}) for i in range(1, 451)])
    html = render_findings(many)
    assert html.count("ptc-finding ") == 200 and "… and 250 more findings" in html


def test_binary_files_are_not_shown_as_text():
    assert document_text(b"%PDF-1.4\x00\x01\x02") is None
    assert document_text("<a>é</a>".encode("utf-8")) == "<a>é</a>"
    assert document_text('<?xml version="1.0" encoding="ISO-8859-1"?><a>\xe9</a>'.encode("latin-1")).endswith("é</a>")
    assert marked_lines(course.validate(b"<a/>", "eco")) == {1: "error"}


# --- the harmonization workbench, without a browser ----------------------------------------

def test_workbench_lists_every_printed_field_with_an_example():
    from course.module02_data_harmonization import dataset

    table = fields_table()
    assert list(zip(table["document"], table["label"])) == dataset.printed_fields()
    assert len(table) == 92
    assert table.set_index(["document", "label"]).loc[("commercial_invoice", "HS Code"), "example"] == "0303.43"


def test_workbench_check_is_the_graded_notebooks_check():
    coder = pd.DataFrame([(d, l, e) for (d, l), e in ATTEMPT.items()], columns=["document", "label", "element"])
    for lang in ("en", "zh_Hans"):
        expected = course.exercise("02-mapping", lang).check(coder)
        workbench = HarmonizationWorkbench(lang=lang)
        workbench.set_choices(ATTEMPT)
        got = workbench.run_check()
        assert (got.status, got.message, got.reasons, got.score) == \
            (expected.status, expected.message, expected.reasons, expected.score)
        assert got.message in workbench.outcome_view.value.replace("&#x27;", "'")
    # The page says what its check covers: the worked examples, not a share of the credit.
    honest = check_mapping(ATTEMPT, "en").message
    assert honest.startswith("3 of 92 fields chosen. On the 4 worked examples") and "credit" not in honest
    assert "worked examples" in HarmonizationWorkbench.intro and "same answer" not in HarmonizationWorkbench.intro
    assert mapping_frame({**ATTEMPT, ("packing_list", "Date"): ""}).shape == (3, 3)  # undecided: left out


def test_workbench_pages_by_document_and_filters_open_fields():
    workbench = HarmonizationWorkbench(lang="en")
    assert len(workbench.page.children) == 1 + 16  # header + the commercial invoice's fields
    workbench.dropdowns[("commercial_invoice", "Invoice No.")].value = "InvoiceNumber"
    assert "1 of 92 fields chosen" in workbench.progress.value
    assert workbench.document.options[0][0] == "Commercial invoice (1/16)"
    workbench.only_open.value = True
    assert len(workbench.page.children) == 1 + 15
    workbench.next.click()
    assert workbench.document.value == "packing_list"
    assert len(workbench.page.children) == 1 + 11


def test_workbench_saves_and_reloads_answers(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_ANSWERS_DIR", str(tmp_path))
    assert safe_name("../../etc/passwd") == "etc-passwd"
    assert safe_name("  ") == "my-mapping"
    path = save_answers(ATTEMPT, "Amina's first try")
    assert path.parent == tmp_path / "02-mapping" and path.name == "Amina-s-first-try.json"
    saved = json.loads(path.read_text(encoding="utf-8"))
    saved["mapping"] += [{"document": "nowhere", "label": "x", "element": "InvoiceNumber"}, {"oops": 1}]
    path.write_text(json.dumps(saved), encoding="utf-8")
    choices, ignored = load_answers("Amina's first try")
    assert choices == ATTEMPT and ignored == 2

    workbench = HarmonizationWorkbench(lang="en")
    workbench.name.value = "session-2"
    workbench.set_choices(ATTEMPT)
    workbench.save()
    workbench.set_choices({})
    assert workbench.load()
    assert workbench.choices == ATTEMPT
    assert workbench.dropdowns[("commercial_invoice", "Seller")].value == "ConsigneeName"
    workbench.name.value = "never-saved"
    assert not workbench.load()
    assert "session-2" in workbench.file_status.value


# --- the trainer dashboard, without a browser ----------------------------------------------

@pytest.fixture(scope="module")
def gradebook(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cohort")
    return support.build_gradebook(folder / "gradebook.db", scores={k: list(map(float, v)) for k, v in SCORES.items()},
                                   absent=("dara",))


def test_gradebook_becomes_tables(gradebook):
    cohort = cohort_data.read_gradebook(gradebook.db_url)
    assert cohort.found and cohort.assignment_names == [support.ASSIGNMENT]
    assert cohort.default_assignment() == support.ASSIGNMENT
    table = cohort_data.participants_table(cohort, support.ASSIGNMENT).set_index("participant")
    assert list(table.index) == ["amina", "bao", "chen", "dara"]
    assert table.loc["amina", "total"] == 20 and table.loc["amina", "percent"] == 100
    assert table.loc["bao", "mapping"] == 2 and table.loc["bao", "total"] == 10.5
    assert pd.isna(table.loc["dara", "submitted"]) and pd.isna(table.loc["dara", "total"])
    overview = cohort_data.overview(cohort, support.ASSIGNMENT)
    assert (overview.participants, overview.submitted, overview.graded) == (4, 3, 3)
    assert overview.mean == pytest.approx(gradebook.mean_total) == pytest.approx((20 + 10.5 + 6.5) / 3)
    tasks = cohort_data.tasks_table(cohort, support.ASSIGNMENT).set_index("task")
    assert tasks.loc["mapping", "mean"] == 2.0 and tasks.loc["mapping", "full_marks"] == 1
    assert tasks.loc["synonyms", "zero"] == 1 and tasks.loc["packing-list-xsd", "zero"] == 2
    curve = cohort_data.completion(cohort, support.ASSIGNMENT)
    assert list(curve["submitted"]) == [1, 2, 3] and curve["timestamp"].is_monotonic_increasing
    elsewhere = cohort_data.read_gradebook_elsewhere(gradebook.db_url)
    pd.testing.assert_frame_equal(elsewhere.grades, cohort.grades, check_dtype=False)


def test_missing_gradebook_is_reported_and_not_created(tmp_path, monkeypatch):
    missing = tmp_path / "nowhere" / "gradebook.db"
    monkeypatch.setenv("COURSE_GRADEBOOK", str(missing))
    assert cohort_data.default_db_url() == f"sqlite:///{missing}"
    from course.widgets.cohort import TrainerCohort

    dashboard = TrainerCohort(lang="en", background=False)
    dashboard.show()
    assert "No gradebook found" in dashboard.status.value and str(missing) in dashboard.status.value
    assert not missing.exists()


def test_empty_gradebook_says_so(tmp_path):
    from nbgrader.api import Gradebook

    from course.grading.config import tools_on_path
    from course.widgets.cohort import TrainerCohort

    tools_on_path()
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    Gradebook(url).close()
    dashboard = TrainerCohort(lang="en", db_url=url, background=False)
    dashboard.refresh()
    assert "has no submissions yet" in dashboard.status.value
    assert dashboard.details.layout.display == "none"


def test_trainer_dashboard_filters_by_assignment(tmp_path):
    from nbgrader.api import Gradebook

    from course.widgets.cohort import TrainerCohort

    built = support.build_gradebook(tmp_path / "gradebook.db", participants=2)
    with Gradebook(built.db_url, course_id="paperless-trade") as gradebook:
        gradebook.add_assignment("03-traceability", course_id="paperless-trade")
        gradebook.add_notebook("trace", "03-traceability")
        gradebook.add_grade_cell("events", "trace", "03-traceability", max_score=5.0, cell_type="code")
    dashboard = TrainerCohort(lang="en", db_url=built.db_url, background=False)
    dashboard.refresh()
    assert dashboard.assignment.options == (support.ASSIGNMENT, "03-traceability")
    assert dashboard.assignment.value == support.ASSIGNMENT  # the one submitted most recently
    assert "capture-inventory" in dashboard.participants.value
    dashboard.assignment.value = "03-traceability"
    assert "No one has submitted 03-traceability yet." in dashboard.status.value
    assert "events" in dashboard.participants.value and "capture-inventory" not in dashboard.participants.value
    assert dashboard.distribution.outputs == () and dashboard.completion.outputs == ()


def test_summary_is_read_defensively(tmp_path):
    path = tmp_path / "summary.json"
    assert cohort_data.read_summary(path) == (None, None)
    path.write_text("{not json", encoding="utf-8")
    summary, problem = cohort_data.read_summary(path)
    assert summary is None and "JSONDecodeError" in problem
    path.write_text(json.dumps(["a", "list"]), encoding="utf-8")
    assert cohort_data.read_summary(path)[0] is None
    path.write_text(json.dumps({"assignment": "a1", "tasks": [
        "junk", {"no": "task"},
        {"task": "t1", "max_score": "4", "mean": "NaN", "distribution": [1, "x", None, 2.5],
         "failing_checks": [{"message": "m1", "count": "3"}, {"message": ""}, "m2", {"count": 4}, 7]},
        {"task": "t2", "distribution": "oops", "failing_checks": None}]}), encoding="utf-8")
    summary, problem = cohort_data.read_summary(path)
    assert problem is None and summary.assignment == "a1"
    first, second = summary.tasks
    assert (first.task, first.max_score, first.mean, first.distribution) == ("t1", 4.0, None, [1.0, 2.5])
    assert first.failing_checks == [("m1", 3), ("m2", 1)]
    assert (second.task, second.distribution, second.failing_checks) == ("t2", [], [])


def test_failing_checks_come_from_the_summary_or_else_the_autograded_notebooks(gradebook, tmp_path):
    cohort = cohort_data.read_gradebook(gradebook.db_url)
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(SUMMARY), encoding="utf-8")
    summary, _problem = cohort_data.read_summary(path)
    table, source = cohort_data.failing_checks(cohort, support.ASSIGNMENT, summary, folder=tmp_path / "none")
    assert source == "summary"
    assert table.iloc[0].tolist() == ["mapping", SUMMARY["tasks"][0]["failing_checks"][0]["message"], 2]

    folder = tmp_path / "autograded"
    for student in ("bao", "chen"):  # both lost points on "mapping" and on "synonyms"
        cells = [{"cell_type": "code", "metadata": {"nbgrader": {"grade_id": "mapping", "grade": True}}, "outputs": [
            {"output_type": "error", "ename": "AssertionError", "traceback": ["..."],
             "evalue": "Incorrect: Precision 50%, recall 25%: 33% of the credit.\n"
                       "  - commercial_invoice / Seller is mapped to ConsigneeName, which is not right."}]},
                 {"cell_type": "code", "metadata": {"nbgrader": {"grade_id": "synonyms", "grade": True}}, "outputs": [
                     {"output_type": "stream", "name": "stdout",
                      "text": "Incorrect: Your synonym groups are 0% right.\n"}]}]
        target = folder / student / support.ASSIGNMENT / f"{support.NOTEBOOK}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    table, source = cohort_data.failing_checks(cohort, support.ASSIGNMENT, None, folder=folder)
    assert source == "notebooks"
    rows = {(t, m): c for t, m, c in table.itertuples(index=False)}
    assert rows[("mapping", "commercial_invoice / Seller is mapped to ConsigneeName, which is not right.")] == 2
    assert rows[("synonyms", "Your synonym groups are 0% right.")] == 2


def test_trainer_dashboard_shows_the_cohort_and_a_csv(gradebook, tmp_path, monkeypatch):
    from course.widgets.cohort import TrainerCohort

    summary = tmp_path / "summary.json"
    summary.write_text(json.dumps(SUMMARY), encoding="utf-8")
    monkeypatch.setenv("COURSE_SUMMARY", str(summary))
    dashboard = TrainerCohort(lang="en", db_url=gradebook.db_url, background=False)
    dashboard.show()
    assert "ptc-stat-participants" in dashboard.stats.value and ">4<" in dashboard.stats.value
    assert "12.33 / 20 (61.7%)" in dashboard.stats.value
    assert dashboard.participants.value.count("<tr>") == 1 + 4
    assert "ConsigneeName" in dashboard.failing.value and str(summary) in dashboard.failing.value
    assert len(dashboard.distribution.outputs) == 1 and len(dashboard.completion.outputs) == 1
    href = dashboard.download.value.split("base64,")[1].split("'")[0]
    csv = pd.read_csv(io.StringIO(base64.b64decode(href).decode("utf-8")))
    assert list(csv["Participant"]) == ["amina", "bao", "chen", "dara"]
    assert csv.loc[csv["Participant"] == "bao", "Total"].item() == 10.5
    dashboard.set_language("zh_Hans")
    assert _("Cohort progress", "zh_Hans") in dashboard.heading.value
    assert _("Participants", "zh_Hans") in dashboard.stats.value


# --- in a browser, served by Voila ---------------------------------------------------------

needs_chromium = pytest.mark.skipif(support.chromium() is None, reason=support.INSTALL_HINT)


def open_dashboard(chrome, server, path: str = "/", size: tuple[int, int] = (1280, 1000)):
    page = chrome.new_page(viewport={"width": size[0], "height": size[1]})
    page.set_default_timeout(60_000)
    page.goto(server.url + path)
    support.wait_interactive(page)
    return page


def close(page):
    page.close(run_before_unload=True)  # Voila shuts the page's kernel down


def shoot(page, name: str) -> Path:
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target


def to_chinese(page):
    page.locator(".ptc-language button", has_text="中文").click()


@needs_chromium
def test_document_checker_in_the_browser(chrome, tmp_path):
    log = ARTIFACTS / "voila-document-checker.log"
    with support.voila(DASHBOARDS / "document_checker.ipynb", env={"COURSE_LANG": "en"}, log=log) as server:
        page = open_dashboard(chrome, server)
        try:
            page.select_option(".ptc-sample select", MISSPELT)
            page.select_option(".ptc-schema select", label=schema_label("eco"))
            page.locator("button.ptc-check").click()
            verdict = page.locator(".ptc-result .ptc-verdict")
            verdict.wait_for()
            assert "Not valid" in verdict.inner_text()
            finding = page.locator(".ptc-findings .ptc-finding").first
            assert "line 36" in finding.inner_text() and "HsCode" in finding.inner_text()
            assert page.locator(".ptc-document .ptc-line.ptc-error[data-line='36']").count() == 1
            shoot(page, "document_checker")

            hostile = tmp_path / "certificate.xml"
            hostile.write_bytes(HOSTILE)
            with page.expect_file_chooser() as chooser:  # the widget's <input type=file> is never in the page
                page.locator("button.widget-upload").click()
            chooser.value.set_files(str(hostile))
            page.locator(".ptc-current", has_text="certificate.xml").wait_for()
            page.locator("button.ptc-check").click()
            page.locator(".ptc-verdict[data-verdict='unusable']").wait_for()
            refusal = course.validate(HOSTILE, "eco", lang="en").findings[0].message
            page.locator(".ptc-findings", has_text=refusal).wait_for()  # drawn just after the verdict
            assert refusal in page.locator(".ptc-findings").inner_text()

            to_chinese(page)
            page.wait_for_function("document.querySelector('.ptc-result').innerText.match(/[\\u4e00-\\u9fff]/)")
            expected = course.validate(HOSTILE, "eco", lang="zh_Hans")
            page.locator(".ptc-findings", has_text=expected.findings[0].message).wait_for()
            assert expected.summary() in page.locator(".ptc-result").inner_text()
            assert expected.findings[0].message in page.locator(".ptc-findings").inner_text()
            shoot(page, "document_checker-zh")
        finally:
            close(page)


@needs_chromium
def test_harmonization_workbench_in_the_browser(chrome, tmp_path):
    env = {"COURSE_LANG": "en", "COURSE_ANSWERS_DIR": str(tmp_path)}
    coder = pd.DataFrame([(d, l, e) for (d, l), e in ATTEMPT.items()], columns=["document", "label", "element"])
    expected = course.exercise("02-mapping", "en").check(coder)
    with support.voila(DASHBOARDS / "harmonization_workbench.ipynb", env=env,
                       log=ARTIFACTS / "voila-workbench.log") as server:
        page = open_dashboard(chrome, server, size=(1280, 1300))
        try:
            rows = page.locator(".ptc-element select")
            assert rows.count() == 16
            for index, element in ((0, "InvoiceNumber"), (1, "InvoiceDate"), (2, "ConsigneeName")):
                rows.nth(index).select_option(element)
            page.locator(".ptc-chosen-count", has_text="3 of 92").wait_for()
            page.locator("button.ptc-check").click()
            outcome = page.locator(".ptc-outcome-status")
            outcome.wait_for()
            assert expected.message in outcome.inner_text()
            assert "3 of 92 fields chosen" in expected.message and "credit" not in outcome.inner_text()
            assert "not a grade" in page.locator(".ptc-outcome").inner_text()
            for reason in expected.reasons[:3]:
                assert reason in outcome.inner_text()
            shoot(page, "harmonization_workbench")

            page.locator(".ptc-answer-name input").fill("first-try")
            page.locator("button.ptc-save").click()
            page.locator(".ptc-file-status", has_text="Saved 3 choice(s)").wait_for()
            saved = json.loads((tmp_path / "02-mapping" / "first-try.json").read_text(encoding="utf-8"))
            assert {(r["document"], r["label"]): r["element"] for r in saved["mapping"]} == ATTEMPT
            rows.nth(2).select_option("ConsignorName")
            page.locator("button.ptc-load").click()
            page.locator(".ptc-file-status", has_text="Loaded 3 choice(s)").wait_for()
            page.wait_for_function("document.querySelectorAll('.ptc-element select')[2].value === 'ConsigneeName'")

            page.select_option(".ptc-document-filter select", index=DOCUMENTS.index("bill_of_lading"))
            page.locator(".ptc-field-label", has_text="Freight").first.wait_for()

            to_chinese(page)
            chinese = course.exercise("02-mapping", "zh_Hans").check(coder)
            page.locator(".ptc-outcome-status", has_text=chinese.label).wait_for()
            assert has_chinese(page.locator(".ptc-outcome-status").inner_text())
            assert chinese.message in page.locator(".ptc-outcome-status").inner_text()
        finally:
            close(page)


@needs_chromium
def test_trainer_dashboard_in_the_browser(chrome, tmp_path):
    scores = {k: list(map(float, v)) for k, v in SCORES.items()}
    built = support.build_gradebook(tmp_path / "gradebook.db", scores=scores, absent=("dara",))
    summary = tmp_path / "summary.json"
    summary.write_text(json.dumps(SUMMARY), encoding="utf-8")
    env = {"COURSE_LANG": "en", "COURSE_GRADEBOOK": str(built.path), "COURSE_SUMMARY": str(summary)}
    with support.voila(DASHBOARDS / "trainer_cohort.ipynb", env=env, log=ARTIFACTS / "voila-trainer.log") as server:
        page = open_dashboard(chrome, server, size=(1440, 1750))
        try:
            stat = page.locator(".ptc-stat-participants .ptc-stat-value")
            stat.wait_for()
            assert stat.inner_text() == "4"
            assert page.locator(".ptc-stat-submitted .ptc-stat-value").inner_text() == "3"
            assert page.locator(".ptc-stat-mean .ptc-stat-value").inner_text() == "12.33 / 20 (61.7%)"
            rows = page.locator(".ptc-participants tbody tr")
            rows.nth(3).wait_for()  # the table can arrive after the figures above it
            assert rows.count() == 4
            page.locator(".ptc-failing", has_text="ConsigneeName").wait_for()
            page.locator(".ptc-distribution img").wait_for()
            page.locator(".ptc-completion img").wait_for()
            href = page.locator("a.ptc-csv").get_attribute("href")
            assert href.startswith("data:text/csv")
            assert "bao" in base64.b64decode(href.split("base64,")[1]).decode("utf-8")
            shoot(page, "trainer_cohort")

            # dara hands in late: Refresh reads the gradebook again, no restart
            support.add_submission(built, "dara", [2, 3, 3, 2, 4, 3, 2], support.START + timedelta(hours=3))
            page.locator("button.ptc-refresh").click()
            page.locator(".ptc-stat-submitted .ptc-stat-value", has_text="4").wait_for()
            assert page.locator(".ptc-stat-mean .ptc-stat-value").inner_text() == "14 / 20 (70%)"

            to_chinese(page)
            title = _("Cohort progress", "zh_Hans")
            page.locator("h2", has_text=title).wait_for()
            page.locator(".ptc-stats", has_text=_("Participants", "zh_Hans")).wait_for()  # redrawn after the title
            assert _("Participants", "zh_Hans") in page.locator(".ptc-stats").inner_text()
        finally:
            close(page)


@needs_chromium
def test_dashboard_inside_the_workshop_jupyterlab(chrome):
    token = "dashboards-test-token"
    with support.jupyterlab(token, env={"COURSE_LANG": "en"}, log=ARTIFACTS / "jupyterlab.log") as server:
        page = open_dashboard(chrome, server, f"/voila/render/dashboards/document_checker.ipynb?token={token}")
        try:
            page.select_option(".ptc-sample select", "swds/valid-C01.xml")
            from playwright.sync_api import expect

            expect(page.locator(".ptc-schema select")).to_have_value(schema_label("swds"))
            page.locator("button.ptc-check").click()
            page.locator(".ptc-verdict[data-verdict='ok']").wait_for()
            assert "Valid" in page.locator(".ptc-result").inner_text()
        finally:
            close(page)


def test_screenshots_in_the_readme_exist():
    readme = (DASHBOARDS / "README.md").read_text(encoding="utf-8")
    for name in ("document_checker", "harmonization_workbench", "trainer_cohort"):
        assert f"screenshots/{name}.png" in readme
        assert (DASHBOARDS / "screenshots" / f"{name}.png").stat().st_size > 10_000


def test_dashboard_notebooks_are_two_lines_of_code():
    for name in ("document_checker", "harmonization_workbench", "trainer_cohort"):
        notebook = json.loads((DASHBOARDS / f"{name}.ipynb").read_text(encoding="utf-8"))
        code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        assert len(code) == 1 and len("".join(code[0]["source"]).strip().splitlines()) <= 3
        assert not code[0]["outputs"] and code[0]["execution_count"] is None
