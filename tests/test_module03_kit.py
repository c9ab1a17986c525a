"""Module 03's trainer's kit: the printed packing records and the run-sheet of the one-day agenda."""
import re

import pandas as pd
import pytest
from pypdf import PdfReader

from course import paths
from course.kit import build
from course.module03_e_traceability import dataset

import module_kit

MODULE = "03-e-traceability"
RECORDS = paths.datasets() / "mango_trace" / "forms" / "packing_record.csv"


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    return build.build(MODULE, tmp_path_factory.mktemp("kit"), lang="en", execute=False, out=lambda _s: None)


def test_the_records_print_one_packing_run_per_page_with_every_line(kit):
    records = pd.read_csv(RECORDS, dtype=str)
    pages = [page.extract_text() for page in PdfReader(kit.folder / "forms" / "packing_record.pdf").pages]
    assert len(pages) == records["sheet"].nunique() == 4
    for page, (_sheet, rows) in zip(pages, records.groupby("sheet", sort=True)):
        squeezed = re.sub(r"\s+", "", page)
        assert "PACKING RECORD" in page and rows["Packing Run No."].iloc[0] in page
        for lot, kg in zip(rows["Lot or Cartons"], rows["Kilograms"]):
            assert re.sub(r"\s+", "", lot) in squeezed and kg in page


def test_the_printed_runs_agree_with_the_events_and_all_balance():
    records = pd.read_csv(RECORDS)
    runs = {e["transformationID"].rsplit(".", 1)[1]: e for e in dataset.document()["epcisBody"]["eventList"]
            if e["type"] == "TransformationEvent"}
    for number, rows in records.groupby("Packing Run No."):
        event = runs[str(number)]
        weighed_in = rows[rows["Line"] == "in"]
        assert sorted(weighed_in["Kilograms"]) == sorted(q["quantity"] for q in event["inputQuantityList"])
        packed = rows[rows["Line"] == "out"]["Kilograms"].sum()
        assert packed == 10 * len(event["outputEPCList"])
        assert packed < weighed_in["Kilograms"].sum()  # the printed runs balance: the lessons find the one that does not
    assert len(runs) == 6 and records["Packing Run No."].nunique() == 4


def test_the_run_sheet_times_the_day_and_the_readme_states_the_same_breaks(kit):
    breaks, stated, day = module_kit.clock(MODULE)
    assert breaks == stated[:3] == [("10:10", "10:25"), ("12:15", "13:15"), ("15:20", "15:35")]
    assert day == ("09:00", "17:05") == stated[3]
    html = (kit.folder / "run-sheet.html").read_text(encoding="utf-8")
    assert "Day 1: 09:00 to 17:05, 395 min of sessions and 90 min of breaks" in html
    assert "If running late" in html and "go straight to the chain on the board" in html


def test_the_chinese_run_sheet_keeps_the_english_times():
    english, chinese, rows = module_kit.chinese_clock(MODULE)
    assert chinese == english and any("追溯" in row.what for row in rows)
