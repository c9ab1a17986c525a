"""Module 03's trace explorer without a browser: a non-coder's recall gives the same answer as the
graded keys, bad files get findings instead of tracebacks, and the page follows the language switch."""
import json

import pytest

from course import paths
from course.module03_e_traceability import dataset
from course.module03_e_traceability.explorer import TraceExplorer

KEYS = paths.root() / "solutions" / "03-e-traceability" / "keys"


def key(name):
    return json.loads((KEYS / name).read_text(encoding="utf-8"))


@pytest.fixture
def explorer():
    page = TraceExplorer(lang="en")
    page.sample_button.click()
    return page


def test_the_sample_loads_checked_and_offers_lots_and_pallets(explorer):
    assert "163 events" in explorer.status.value and "ptc-ok" in explorer.status.value
    options = list(explorer.choice.options)
    assert key("trace_forward.json")["lot"] in options and key("defects.json")["missing_event"] in options
    codes = {f.code for f in explorer.findings}
    assert {"chain.not-received", "chain.no-origin", "chain.aggregation-mismatch", "chain.mass-balance"} <= codes
    assert "more out than in" in explorer.balance.value and "260506005" in explorer.balance.value


def test_the_recall_in_the_dashboard_is_the_graded_answer(explorer):
    expected = key("trace_forward.json")
    explorer.direction.value = "forward"
    explorer.choice.value = expected["lot"]
    explorer.trace_button.click()
    for number in expected["consignments"]:
        assert number in explorer.answer.value
    stores = {row["sgln"] for row in dataset.parties() if row["role"] == "store"}
    shown = {s for s in stores if s.rsplit(":", 1)[-1] in explorer.answer.value}
    assert shown == set(expected["stores"])
    assert explorer.graph.value[:8] == b"\x89PNG\r\n\x1a\n"


def test_trace_back_of_a_typed_carton_names_the_farms_and_the_lot_from_nowhere(explorer):
    expected = key("trace_back.json")
    explorer.direction.value = "back"
    explorer.typed.value = expected["carton"]
    explorer.trace_button.click()
    for farm in expected["farms"]:
        assert farm.rsplit(":", 1)[-1] in explorer.answer.value
    assert "KS260505-F13" in explorer.answer.value and "no event shows where it came from" in explorer.answer.value


def test_an_unknown_identifier_is_said_so(explorer):
    explorer.typed.value = "urn:epc:id:sgtin:8845678.100101.999999"
    explorer.trace_button.click()
    assert "No event names" in explorer.answer.value and explorer.graph.value == b""


@pytest.mark.parametrize("content, words", [
    (b"not json at all", "This is not JSON"),
    (b'{"@context": ["https://attacker.example/c.jsonld"], "type": "EPCISDocument"}', "it was not fetched"),
    (b"{\"a\": " + b"[" * 5000 + b"]" * 5000 + b"}", "levels deep"),
])
def test_bad_files_get_findings_not_tracebacks(content, words):
    page = TraceExplorer(lang="en")
    page.load(content, "upload.jsonld")
    assert "ptc-unusable" in page.status.value and words in page.checks.value
    assert page.chain is None and list(page.choice.options) == []


def test_the_page_follows_the_language_switch(explorer):
    explorer.direction.value = "forward"
    explorer.choice.value = key("trace_forward.json")["lot"]
    explorer.trace_button.click()
    explorer.set_language("zh")
    assert "召回" in explorer.answer.value and "追溯浏览器" in explorer.heading.value


def test_the_recall_in_the_browser(tmp_path):
    """A non-coder's recall through Voila and Chromium: sample, lot, trace forward, Chinese, a bad upload."""
    import sys
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(paths.root() / "tests"))
    import browser_support as support

    from course.i18n import _

    artifacts = paths.root() / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    bad = tmp_path / "bad.jsonld"
    bad.write_text('{"@context": ["https://attacker.example/c.jsonld"], "type": "EPCISDocument"}', encoding="utf-8")
    lot = key("trace_forward.json")["lot"]
    with support.voila(paths.root() / "dashboards" / "trace_explorer.ipynb", env={"COURSE_LANG": "en"},
                       log=artifacts / "voila-trace-explorer.log") as server, sync_playwright() as playwright:
        browser = support.launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.set_default_timeout(90_000)
        try:
            page.goto(server.url + "/")
            support.wait_interactive(page)
            page.locator("button.ptc-sample-events").click()
            page.locator(".ptc-status", has_text="163 events").wait_for()
            page.select_option(".ptc-choice select", lot)
            page.locator(".ptc-direction button", has_text="Trace forward").click()
            page.locator("button.ptc-trace").click()
            answer = page.locator(".ptc-answer", has_text="Recall: consignment")
            answer.wait_for()
            for number in key("trace_forward.json")["consignments"]:
                assert number in answer.inner_text()
            page.locator(".widget-image[src^='blob:'], .widget-image[src^='data:']").first.wait_for()
            page.screenshot(path=str(artifacts / "trace_explorer.png"), full_page=True)

            page.locator(".ptc-language button", has_text="中文").click()
            page.locator(".ptc-answer", has_text=_("Recall: consignment (certificate)", "zh_Hans")).wait_for()

            with page.expect_file_chooser() as chooser:
                page.locator("button.widget-upload").first.click()
            chooser.value.set_files(str(bad))
            page.locator(".ptc-findings", has_text="attacker.example").wait_for()
            page.screenshot(path=str(artifacts / "trace_explorer-zh.png"), full_page=True)
        finally:
            page.close(run_before_unload=True)
            browser.close()


@pytest.mark.parametrize("text, ok, words", [
    ("4006381333931", True, "GTIN-13 or GLN"),
    ("4006381333932", False, "should be 1, not 2"),
    ("18845678001015", True, "GTIN-14"),
    ("12345", False, "5 digits"),
    ("urn:epc:id:sscc:8845678.0260500001", True, "SSCC"),
    ("urn:epc:id:sgtin:8845678.100101", False, "not an EPC URI"),
    ("https://id.gs1.org/01/18845678001016/21/1000", False, "wrong check digit"),
])
def test_an_identifier_typed_in_the_page_is_checked_in_words(explorer, text, ok, words):
    explorer.identifier.value = text
    explorer.identifier_button.click()
    shown = explorer.identifier_verdict.value
    assert ("ptc-ok" in shown) is ok and words in shown


def test_the_page_computes_the_hashes_the_graded_task_expects(explorer):
    from course.epcis import event_hashes
    explorer.hash_button.click()
    first = event_hashes(dataset.events_path())[0]
    assert first.split(";", 1)[1][:16] in explorer.hashes.value
    assert explorer.hashes.value.count("<tr") == 1 + 163


def test_the_identifier_check_speaks_chinese(explorer):
    explorer.identifier.value = "4006381333932"
    explorer.set_language("zh")
    assert "校验位" in explorer.identifier_verdict.value
