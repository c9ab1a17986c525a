"""Module 01's trainer's kit: the field forms per organization interviewed and the run-sheet of the one-day agenda."""
import re
import sys

import pandas as pd
import pytest
from pypdf import PdfReader

from course import paths
from course.kit import agenda, build

import module_kit

MODULE = "01-business-process-analysis"
README = paths.root() / "modules" / MODULE / "README.md"
SCENARIO = paths.datasets() / "rice_export"
FORMS = SCENARIO / "forms"


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    return build.build(MODULE, tmp_path_factory.mktemp("kit"), lang="en", execute=False, out=lambda _s: None)


def interviewees() -> list[str]:
    notes = sorted((SCENARIO / "interviews").glob("[0-9][0-9]_*.md"))
    return [re.search(r"\*\*Interviewee:\*\* (.+)", p.read_text(encoding="utf-8")).group(1) for p in notes]


@pytest.mark.parametrize("form, title", [("interview_record", "INTERVIEW RECORD SHEET"),
                                         ("time_procedure_worksheet", "TIME-PROCEDURE WORKSHEET")])
def test_each_form_prints_one_page_per_organization_interviewed(kit, form, title):
    table = pd.read_csv(FORMS / f"{form}.csv", dtype=str, keep_default_na=False)
    pages = [page.extract_text() for page in PdfReader(kit.folder / "forms" / f"{form}.pdf").pages]
    assert len(pages) == table["sheet"].nunique() == len(interviewees()) == 8
    for page, (_sheet, rows) in zip(pages, table.groupby("sheet", sort=True)):
        flat = " ".join(page.split())
        assert title in page and " ".join(rows["Organization"].iloc[0].split()) in flat
        assert "Critical?" in flat if form == "time_procedure_worksheet" else "Time as Said" in flat


def test_the_record_sheets_name_who_was_interviewed_and_leave_the_steps_blank():
    records = pd.read_csv(FORMS / "interview_record.csv", dtype=str, keep_default_na=False)
    assert list(records.groupby("sheet", sort=True)["Interviewee and Role"].first()) == interviewees()
    blank = [c for c in records.columns if c not in ("sheet", "Organization", "Interview Notes", "Interviewee and Role",
                                                     "Date and Place", "Consignment Discussed", "No.")]
    assert (records[blank] == "").all().all()   # the rows are the analyst's to fill in


def test_the_forms_give_away_no_step_of_the_graded_inventory():
    """No procedure name, step id or duration of the as-is steps appears on a public form."""
    from course.checks import keys

    AS_IS = pd.read_csv(keys.folder(MODULE) / "procedures.csv").to_dict("records")   # the trainer's copy
    text = "\n".join((FORMS / f"{form}.csv").read_text(encoding="utf-8")
                     for form in ("interview_record", "time_procedure_worksheet"))
    for step in AS_IS:
        assert step["procedure"] not in text and f",{step['id']}," not in text


def test_the_forms_are_written_again_byte_for_byte(tmp_path):
    sys.path.insert(0, str(SCENARIO))
    import forms as scenario_forms

    (tmp_path / "interviews").symlink_to(SCENARIO / "interviews")
    for written in scenario_forms.write(tmp_path):
        assert written.read_bytes() == (FORMS / written.name).read_bytes()


def test_the_run_sheet_times_the_day_and_the_readme_states_the_same_breaks(kit):
    breaks, stated, day = module_kit.clock(MODULE)
    assert breaks == stated[:3] == [("10:45", "11:00"), ("12:40", "13:40"), ("15:25", "15:40")]
    assert day == ("09:00", "17:15") == stated[3]
    html = (kit.folder / "run-sheet.html").read_text(encoding="utf-8")
    assert "Day 1: 09:00 to 17:15, 405 min of sessions and 90 min of breaks" in html
    assert "If running late" in html and "Leave the three-point estimates" in html


def test_a_break_named_after_no_agenda_row_stops_the_kit():
    from dataclasses import replace

    from course.kit.declaration import Break

    declared = build.find(MODULE)[1]
    drifted = replace(declared, schedule=replace(declared.schedule, breaks=(Break(1, "Lesson 06", 15, "Coffee"),)))
    with pytest.raises(agenda.AgendaError, match="Lesson 06"):
        agenda.timed(agenda.read(README), drifted)


def test_the_chinese_run_sheet_keeps_the_english_times():
    english, chinese, rows = module_kit.chinese_clock(MODULE)
    assert chinese == english and any("访谈" in row.what for row in rows)
