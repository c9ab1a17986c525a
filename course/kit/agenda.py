"""The agenda of a module, read from its README, timed with the module's schedule.

The README's ``## Agenda`` table (columns ``day``, ``time`` as ``NN min``, ``what``, ``step``)
is the one place durations are written. The kit's :class:`~course.kit.declaration.Schedule`
adds start times and breaks, and its cuts say what to shorten; each names an agenda row by a
piece of its text, and a name that matches no row, or more than one, is an error, so the
run-sheet cannot drift from the README.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .declaration import Kit

LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MINUTES = re.compile(r"^\s*(\d+)\s*(?:min|分钟)\s*$")


class AgendaError(ValueError):
    pass


@dataclass(frozen=True)
class Row:
    day: int
    minutes: int
    what: str
    step: str
    key: str = ""  # the English text that cuts and breaks name (``what`` when the README is English)


@dataclass(frozen=True)
class Slot:
    day: int
    start: str  # HH:MM
    end: str
    minutes: int
    what: str
    step: str
    is_break: bool = False
    cut: str = ""  # catalog message: what to cut when late


def _plain(cell: str) -> str:
    return " ".join(LINK.sub(r"\1", cell).replace("`", "").split())


def _table(readme: Path) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of the first table under the README's agenda heading."""
    text = Path(readme).read_text(encoding="utf-8")
    section = re.search(r"^## (?:Agenda|日程)[^\n]*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not section:
        raise AgendaError(f"{readme} has no '## Agenda' section")
    lines = [line.strip() for line in section.group(1).splitlines() if line.strip().startswith("|")]
    if len(lines) < 3:
        raise AgendaError(f"the agenda of {readme} has no table rows")
    split = [[c.strip() for c in line.strip("|").split("|")] for line in lines]
    return [c.lower() for c in split[0]], split[2:]


def _minutes(readme: Path, number: int, day: str, time: str) -> tuple[int, int]:
    found = MINUTES.match(time or "")
    if not found or not (day or "").isdigit():
        raise AgendaError(f"agenda row {number} of {readme}: the day must be a number and the time like "
                          f"'45 min', not {day!r} and {time!r}")
    return int(day), int(found.group(1))


def read(readme: Path, translated: Path | None = None) -> list[Row]:
    """The rows of the README's agenda table (columns day, time, what, step).

    With ``translated`` (the Chinese edition of the README), the texts come from its agenda,
    row by row; its days and durations must be the English ones.
    """
    header, cells = _table(readme)
    wanted = ("day", "time", "what", "step")
    if any(name not in header for name in wanted):
        raise AgendaError(f"the agenda table of {readme} needs the columns {', '.join(wanted)}; it has {header}")
    order = [header.index(name) for name in wanted]
    rows = []
    for number, row in enumerate(cells, 1):
        day, time, what, step = (row[i] if i < len(row) else "" for i in order)
        day_number, minutes = _minutes(readme, number, day, time)
        rows.append(Row(day_number, minutes, _plain(what), _plain(step), _plain(what)))
    if translated is None:
        return rows
    _header, other = _table(translated)
    if len(other) != len(rows):
        raise AgendaError(f"the agenda of {translated} has {len(other)} rows, the English one {len(rows)}")
    result = []
    for number, (row, cells_there) in enumerate(zip(rows, other), 1):
        day, time, what, step = (cells_there[i] if i < len(cells_there) else "" for i in order)
        if _minutes(translated, number, day, time) != (row.day, row.minutes):
            raise AgendaError(f"agenda row {number} of {translated} does not have the day and time of the English one")
        result.append(Row(row.day, row.minutes, _plain(what), _plain(step), row.key))
    return result


def _match(rows: list[Row], piece: str, day: int | None = None) -> Row:
    found = [r for r in rows if piece in (r.key or r.what) and (day is None or r.day == day)]
    if len(found) != 1:
        where = f" on day {day}" if day is not None else ""
        raise AgendaError(f"{piece!r} matches {len(found)} agenda rows{where} of the README, not one: name the "
                          "row by a piece of its text that no other row has")
    return found[0]


def _clock(start: datetime) -> str:
    return start.strftime("%H:%M")


def timed(rows: list[Row], kit: Kit) -> list[Slot]:
    """The agenda with clock times, breaks in their places and the advice of each cut."""
    schedule = kit.schedule
    if schedule is None:
        raise AgendaError("the module's kit declares no schedule (start times and breaks)")
    cuts = {}
    for cut in kit.cuts:
        cuts[_match(rows, cut.row)] = cut.advice
    breaks = {}
    for pause in schedule.breaks:
        row = _match(rows, pause.after, pause.day)
        if pause.minutes_into is not None and not 0 < pause.minutes_into < row.minutes:
            raise AgendaError(f"the break inside {pause.after!r} must start within its {row.minutes} minutes")
        breaks.setdefault(row, []).append(pause)
    slots = []
    for day in sorted({r.day for r in rows}):
        if day not in schedule.starts:
            raise AgendaError(f"the kit's schedule has no start time for day {day}")
        clock = datetime.strptime(schedule.starts[day], "%H:%M")
        for row in (r for r in rows if r.day == day):
            inside = [b for b in breaks.get(row, []) if b.minutes_into is not None]
            after = [b for b in breaks.get(row, []) if b.minutes_into is None]
            parts = [row.minutes] if not inside else [inside[0].minutes_into, row.minutes - inside[0].minutes_into]
            for index, minutes in enumerate(parts):
                end = clock + timedelta(minutes=minutes)
                slots.append(Slot(day, _clock(clock), _clock(end), minutes, row.what, row.step,
                                  cut=cuts.get(row, "") if index == 0 else ""))
                clock = end
                if index == 0 and inside:
                    end = clock + timedelta(minutes=inside[0].minutes)
                    slots.append(Slot(day, _clock(clock), _clock(end), inside[0].minutes, inside[0].label, "",
                                      is_break=True))
                    clock = end
            for pause in after:
                end = clock + timedelta(minutes=pause.minutes)
                slots.append(Slot(day, _clock(clock), _clock(end), pause.minutes, pause.label, "", is_break=True))
                clock = end
    return slots
