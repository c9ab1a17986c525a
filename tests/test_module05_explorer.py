"""The TRS explorer: its logic without a browser (sample log, column mapping, bad input, languages,
corridor), then the page served by Voila and driven in headless Chromium with an upload."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from course import paths
from course.i18n import _
from course.module05_facilitation_monitoring import dataset, trs
from course.module05_facilitation_monitoring.explorer import MAX_UPLOAD_BYTES, TrsExplorer, guess_columns

sys.path.insert(0, str(Path(__file__).parent))
import browser_support as support  # noqa: E402

ARTIFACTS = paths.root() / "test-artifacts"
RENAMED = {"declaration": "Declaration No", "milestone": "Event", "timestamp": "Recorded at", "period": "Phase",
           "channel": "Lane"}


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def results_text(explorer: TrsExplorer) -> str:
    return " ".join(text(child.value) for child in explorer.results.children if hasattr(child, "value")
                    and isinstance(child.value, str))


@pytest.fixture(scope="module")
def own_log(tmp_path_factory) -> Path:
    """Part of the scenario's log as another system would export it: other column names and order."""
    log = dataset.log()
    keep = set(log["declaration"].drop_duplicates().iloc[::4])
    subset = log[log["declaration"].isin(keep)][["timestamp", "milestone", "declaration", "channel", "period"]]
    path = tmp_path_factory.mktemp("logs") / "border_post_export.csv"
    subset.rename(columns=RENAMED).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def bad_log(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("logs") / "bad.csv"
    path.write_text("declaration,milestone,timestamp\nA1,arrival,2025-03-03 09:00:00\nA1,release,03/03/2025 5pm\n"
                    "A1,landing,2025-03-03 10:00:00\nA2,arrival,2025-03-03T03:00:00Z\nA2,release,2025-03-03 12:00:00\n",
                    encoding="utf-8")
    return path


def studied(path: Path, name: str = "log.csv", lang: str = "en") -> TrsExplorer:
    explorer = TrsExplorer(lang=lang)
    explorer.use_file(path, name)
    explorer.run()
    return explorer


# --- without a browser ---------------------------------------------------------------------------

def test_the_sample_log_gives_the_engines_figures():
    explorer = TrsExplorer(lang="en")
    explorer.sample_button.click()
    assert explorer.source_name == "milestones.csv" and not explorer.study_button.disabled
    explorer.run()
    study = trs.study(dataset.log())
    shown = results_text(explorer)
    report = study.cleaning_report().set_index("action")
    assert "Cleaning report" in shown and f"drop out of order {report.loc['drop out of order', 'declarations']}" in shown
    assert "37,341 rows read." in text(explorer.messages.value)
    assert "mixes time zones" in text(explorer.messages.value) and "lines 8412, 8413" in text(explorer.messages.value)
    assert explorer.difference.real and "The difference is real" in shown
    assert explorer.difference.before_median == pytest.approx(float(pd.Series(study.values(period="before")).median()))
    images = [c for c in explorer.results.children if type(c).__name__ == "Image"]
    assert len(images) == 4 and all(image.value[:8] == b"\x89PNG\r\n\x1a\n" for image in images)
    links = " ".join(c.value for c in explorer.results.children if isinstance(getattr(c, "value", None), str))
    assert links.count('download="') == 7  # three tables, four charts and 'download="release_times.csv"' in links


def test_columns_are_guessed_by_name_and_each_serves_one_role():
    assert guess_columns(list(RENAMED.values())) == RENAMED
    guessed = guess_columns(["id", "step", "when"])
    assert guessed == {"declaration": "id", "milestone": "step", "timestamp": "when", "period": "", "channel": ""}
    assert len(set(guess_columns(["a", "b", "c"]).values()) - {""}) == 3


def test_an_export_with_other_column_names_is_studied(own_log):
    explorer = studied(own_log, own_log.name)
    assert {role: p.value for role, p in explorer.pickers.items()} == dict(RENAMED, mode="")  # mode: never guessed
    assert explorer.study is not None and explorer.difference is not None
    assert "rows read" in text(explorer.messages.value)
    assert "Release time per period and channel" in results_text(explorer)


def test_bad_rows_are_named_by_their_line_and_left_out(bad_log):
    explorer = studied(bad_log, "bad.csv")
    messages = text(explorer.messages.value)
    assert "1 timestamps in column timestamp cannot be read (lines 3; for example 03/03/2025 5pm)" in messages
    assert "name no milestone of the study (landing; lines 4)" in messages
    assert "mixes time zones" in messages and "(lines 5)" in messages
    assert "The log has a single period" in results_text(explorer)


def test_wrong_column_choices_are_refused_with_their_names(own_log):
    explorer = TrsExplorer(lang="en")
    explorer.use_file(own_log, own_log.name)
    explorer.pickers["timestamp"].value = "Event"
    explorer.run()
    assert "Column Event is chosen for more than one role" in text(explorer.messages.value)
    explorer.pickers["period"].value = ""
    explorer.pickers["timestamp"].value = "Phase"  # a column of words, not times
    explorer.run()
    messages = text(explorer.messages.value)
    assert "The log cannot be studied." in messages and "cannot be read (lines 2, 3, 4, 5, 6, ...;" in messages
    assert explorer.results.children == ()
    explorer.pickers["timestamp"].value = "Recorded at"  # the page stays usable
    explorer.pickers["period"].value = "Phase"
    explorer.run()
    assert "rows read" in text(explorer.messages.value)


def test_a_file_that_is_not_a_log_is_refused(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_bytes(b"\xff\xfe\x00n\x00o\x00t\x00e\x00s\n")
    explorer = TrsExplorer(lang="en")
    explorer.use_file(path, "notes.csv")
    assert explorer.study_button.disabled
    assert "a milestone log needs at least three" in text(explorer.messages.value)


def test_a_file_too_large_is_refused_before_it_is_read_and_the_work_folder_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_WORK_DIR", str(tmp_path))
    explorer = TrsExplorer(lang="en")
    explorer._on_upload({"new": ({"name": "national.csv", "size": MAX_UPLOAD_BYTES + 1, "content": memoryview(b"")},)})
    assert explorer.source is None
    assert "national.csv is 10 MB; this button takes files up to 10 MB" in text(explorer.messages.value)
    assert f"your work folder ({tmp_path})" in text(explorer.messages.value)


def test_a_log_too_large_to_upload_is_studied_from_the_work_folder(tmp_path, monkeypatch, own_log):
    monkeypatch.setenv("COURSE_WORK_DIR", str(tmp_path))
    (tmp_path / "logs").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "cache.csv").write_text("a,b\n", encoding="utf-8")
    national = tmp_path / "logs" / "national.csv"
    national.write_bytes(own_log.read_bytes())
    explorer = TrsExplorer(lang="en")
    assert explorer.work_files_found() == [national]
    labels = [label for label, _value in explorer.work_files.options]
    assert labels[1].startswith("logs/national.csv (") and len(labels) == 2
    explorer.work_files.value = str(national)
    assert explorer.source == national and explorer._temporary is None
    explorer.run()
    assert "rows read" in text(explorer.messages.value) and explorer.results.children
    # A file added later shows after "Look again"; the chosen one stays chosen.
    (tmp_path / "second.csv").write_bytes(own_log.read_bytes())
    explorer.work_refresh.click()
    assert len(explorer.work_files.options) == 3 and explorer.work_files.value == str(national)


def test_an_upload_is_written_to_a_temporary_file_and_studied(own_log):
    explorer = TrsExplorer(lang="en")
    data = own_log.read_bytes()
    explorer._on_upload({"new": ({"name": "export.csv", "size": len(data), "content": memoryview(data)},)})
    temporary = explorer._temporary
    assert temporary is not None and temporary.read_bytes() == data
    explorer.run()
    assert "rows read" in text(explorer.messages.value)
    explorer._on_upload({"new": ({"name": "again.csv", "size": len(data), "content": memoryview(data)},)})
    assert not temporary.exists()  # one upload on disk at a time
    explorer._forget_temporary()


def test_a_kernel_that_ends_takes_its_upload_with_it(own_log, tmp_path):
    # A closed tab or a culled dashboard ends its kernel: no copy of the upload stays behind.
    script = tmp_path / "page.py"
    script.write_text(
        "import sys\n"
        "from pathlib import Path\n"
        "from course.module05_facilitation_monitoring.explorer import TrsExplorer\n"
        "data = Path(sys.argv[1]).read_bytes()\n"
        "page = TrsExplorer(lang='en')\n"
        "page._on_upload({'new': ({'name': 'x.csv', 'size': len(data), 'content': memoryview(data)},)})\n"
        "print(page._temporary)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(own_log)], capture_output=True, text=True, check=True)
    left = Path(done.stdout.strip().splitlines()[-1])
    assert left.name.startswith("trs-upload-") and not left.exists()


def test_the_language_switch_redraws_messages_and_results(bad_log):
    explorer = studied(dataset.folder() / "milestones.csv", "milestones.csv")
    explorer.set_language("zh_Hans")
    assert _("Cleaning report", "zh_Hans") in results_text(explorer)
    assert _("{rows} rows read.", "zh_Hans", rows="37,341") in text(explorer.messages.value)
    assert "Cleaning report" not in results_text(explorer)


def test_a_corridor_upload_is_checked_and_drawn():
    explorer = TrsExplorer(lang="en")
    bad = b"leg,distance\nroad,12\n"
    explorer._on_corridor({"new": ({"name": "c.csv", "size": len(bad), "content": memoryview(bad)},)})
    assert "lacks the column(s) kind, distance_km, time_hours, cost_usd" in text(explorer.corridor_note.value)
    good = dataset.corridor().assign(time_hours=lambda t: t["time_hours"] / 2).to_csv(index=False).encode()
    explorer._on_corridor({"new": ({"name": "c.csv", "size": len(good), "content": memoryview(good)},)})
    shown = " ".join(text(c.value) for c in explorer.corridor_view.children if isinstance(getattr(c, "value", None), str))
    assert "136.5" in shown  # half of the 273 hours from Thimphu to Singapore


# --- in the browser ------------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(support.chromium() is None, reason=support.INSTALL_HINT)


@needs_chromium
def test_trs_explorer_in_the_browser_with_an_upload(own_log, bad_log):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "voila-trs-explorer.log"
    with support.voila(paths.root() / "dashboards" / "trs_explorer.ipynb", env={"COURSE_LANG": "en"}, log=log) as server, \
            sync_playwright() as playwright:
        browser = support.launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.set_default_timeout(90_000)
        try:
            page.goto(server.url + "/")
            support.wait_interactive(page)
            page.locator(".ptc-current", has_text="No log chosen yet.").wait_for()

            with page.expect_file_chooser() as chooser:
                page.locator("button.widget-upload").first.click()
            chooser.value.set_files(str(own_log))
            page.locator(".ptc-current", has_text=own_log.name).wait_for()
            page.select_option(".ptc-column-timestamp select", "Recorded at")
            page.locator("button.ptc-study").click()
            page.locator(".ptc-messages", has_text="rows read.").wait_for()
            page.locator(".ptc-results", has_text="Cleaning report").wait_for()
            page.locator(".ptc-results", has_text="The difference is real").wait_for()
            page.locator(".ptc-results img").nth(3).wait_for()  # the results arrive section by section
            assert page.locator(".ptc-results a.ptc-download[download='release_times.png']").count() == 1
            assert page.locator(".ptc-results img").count() == 4
            assert page.locator(".ptc-corridor img").count() == 1
            page.screenshot(path=str(ARTIFACTS / "trs_explorer.png"), full_page=True)

            with page.expect_file_chooser() as chooser:
                page.locator("button.widget-upload").first.click()
            chooser.value.set_files(str(bad_log))
            page.locator(".ptc-current", has_text="bad.csv").wait_for()
            page.locator("button.ptc-study").click()
            message = page.locator(".ptc-messages", has_text="cannot be read (lines 3")
            message.wait_for()
            assert "03/03/2025 5pm" in message.inner_text()
            page.locator(".ptc-results", has_text="single period").wait_for()

            page.locator(".ptc-language button", has_text="中文").click()
            page.locator(".ptc-results", has_text=_("Cleaning report", "zh_Hans")).wait_for()
            page.screenshot(path=str(ARTIFACTS / "trs_explorer-zh.png"), full_page=True)
        finally:
            page.close(run_before_unload=True)
            browser.close()
