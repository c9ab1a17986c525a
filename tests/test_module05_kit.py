"""Module 05's trainer's kit: the printed time release records and the run-sheet of the one-day agenda."""
import re

import pandas as pd
import pytest
from pypdf import PdfReader

from course import paths
from course.kit import build

import module_kit

MODULE = "05-facilitation-monitoring"


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    return build.build(MODULE, tmp_path_factory.mktemp("kit"), lang="en", execute=False, out=lambda _s: None)


def test_the_records_print_one_declaration_per_page_with_every_milestone(kit):
    records = pd.read_csv(paths.datasets() / "border_post_trs" / "forms" / "time_release_record.csv", dtype=str)
    pages = [page.extract_text() for page in PdfReader(kit.folder / "forms" / "time_release_record.pdf").pages]
    assert len(pages) == records["sheet"].nunique() == 12
    for page, (_sheet, rows) in zip(pages, records.groupby("sheet", sort=True)):
        squeezed = re.sub(r"\s+", "", page)
        assert rows["Declaration No."].iloc[0] in page and "TIME RELEASE RECORD" in page
        for stamp in rows["Date and Time"]:
            assert re.sub(r"\s+", "", stamp) in squeezed


def test_the_records_hold_each_kind_of_dirt_the_lessons_teach():
    records = pd.read_csv(paths.datasets() / "border_post_trs" / "forms" / "time_release_record.csv", dtype=str)
    assert records["Date and Time"].str.endswith("Z").any()                              # a UTC gate stamp
    assert records.duplicated().any()                                                    # a message sent twice
    per_sheet = records.groupby("sheet")["Milestone"].apply(set)
    assert any("release" not in m or "acceptance" not in m for m in per_sheet)           # a missing milestone


def test_the_run_sheet_times_the_day_and_the_readme_states_the_same_breaks(kit):
    breaks, stated, day = module_kit.clock(MODULE)
    assert breaks == stated[:3] == [("10:20", "10:35"), ("12:15", "13:15"), ("14:50", "15:05")]
    assert day == ("09:00", "17:10") == stated[3]
    html = (kit.folder / "run-sheet.html").read_text(encoding="utf-8")
    assert "Day 1: 09:00 to 17:10, 400 min of sessions and 90 min of breaks" in html
    assert "If running late" in html and "leave the what-if for the evening" in html


def test_the_chinese_run_sheet_keeps_the_english_times():
    english, chinese, rows = module_kit.chinese_clock(MODULE)
    assert chinese == english and any("清洗" in row.what for row in rows)
