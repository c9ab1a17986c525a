"""The field forms of module 01's trainer's kit, one sheet per organization interviewed.

- ``forms/interview_record.csv``: the interview record sheet an analyst fills in during an
  interview: who was met, when and where, and a numbered row per step the interviewee describes
  (documents, the time as said, in hours, waiting, cost, what it comes after);
- ``forms/time_procedure_worksheet.csv``: the time-procedure worksheet of the same organization:
  its steps with predecessors, the three durations, the waiting, the earliest start and finish,
  the slack and whether the step is on the critical path.

Only the header of each sheet is filled in, from the public interview notes (the organization,
the person, the date and place, the consignment discussed); the rows are left for the analyst, so
the forms give away nothing the graded inventory asks for. ``make_dataset.py`` calls :func:`write`
after it has written the interviews.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

SHEET = "sheet"   # the kit prints one page per sheet
RECORD_ROWS = 14
WORKSHEET_ROWS = 14
UNITS = "elapsed hours: a day of waiting counts 24, a working day of work 8"
RECORD_COLUMNS = [SHEET, "Organization", "Interview Notes", "Interviewee and Role", "Date and Place",
                  "Consignment Discussed", "Interviewer", "No.", "Step, in the interviewee's words",
                  "Documents Received", "Documents Produced", "Time as Said", "Min / Likely / Max Hours",
                  "Waiting Hours", "Cost (USD)", "Comes After Step"]
WORKSHEET_COLUMNS = [SHEET, "Actor", "Organization", "Units of Time", "Prepared by", "No.", "Step ID", "Procedure",
                     "Predecessors", "Min / Likely / Max h", "Waiting h", "Earliest Start h", "Earliest Finish h",
                     "Slack h", "Critical?"]
FIELD = re.compile(r"^- \*\*(?P<label>[^*]+):\*\* (?P<value>.+)$", re.M)


def interview_header(path: Path) -> dict[str, str]:
    """The title and the header fields of one interview's notes."""
    text = path.read_text(encoding="utf-8")
    title = re.search(r"^# Interview: (.+)$", text, re.M)
    if title is None:
        raise ValueError(f"{path} has no '# Interview: ...' title")
    fields = {m["label"].strip(): m["value"].strip() for m in FIELD.finditer(text)}
    missing = [k for k in ("Organization", "Interviewee", "Date and place", "Consignment discussed") if k not in fields]
    if missing:
        raise ValueError(f"{path} lacks the header fields {missing}")
    return {"actor": title.group(1).strip(), **fields}


def _sheet(number: str, consignment: str) -> str:
    """The sheet's name, printed under its page after the word 'Consignment'."""
    invoice = re.search(r"invoice (\S+?),", consignment)
    return f"{invoice.group(1) if invoice else consignment[:30]}, interview {number}"


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write(here: Path) -> list[Path]:
    """Write both forms into ``here/forms`` from the interviews in ``here/interviews``."""
    notes = sorted((here / "interviews").glob("[0-9][0-9]_*.md"))
    if not notes:
        raise ValueError(f"no interview notes in {here / 'interviews'}: write the interviews first")
    records, worksheets = [], []
    for path in notes:
        head = interview_header(path)
        number = path.name[:2]
        sheet = _sheet(number, head["Consignment discussed"])
        actor = head["actor"][0].upper() + head["actor"][1:]
        common = {SHEET: sheet, "Organization": head["Organization"]}
        records += [{**common, "Interview Notes": f"interviews/{path.name}",
                     "Interviewee and Role": head["Interviewee"], "Date and Place": head["Date and place"],
                     "Consignment Discussed": head["Consignment discussed"], "Interviewer": "", "No.": str(row)}
                    for row in range(1, RECORD_ROWS + 1)]
        worksheets += [{**common, "Actor": actor, "Units of Time": UNITS, "Prepared by": "", "No.": str(row)}
                       for row in range(1, WORKSHEET_ROWS + 1)]
    folder = here / "forms"
    folder.mkdir(exist_ok=True)
    targets = [folder / "interview_record.csv", folder / "time_procedure_worksheet.csv"]
    _write(targets[0], RECORD_COLUMNS, records)
    _write(targets[1], WORKSHEET_COLUMNS, worksheets)
    return targets


if __name__ == "__main__":
    for written in write(Path(__file__).resolve().parent):
        print(written)
