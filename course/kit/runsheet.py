"""The facilitator's run-sheet: the day by the clock, breaks included, and what to cut when late.

Written as HTML (to keep open beside the slides) and as a PDF (to print), from the same slots.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from ..i18n import N_, _
from . import pdf
from .agenda import Slot

COLUMNS = (N_("Start"), N_("End"), N_("Minutes"), N_("What"), N_("Step"), N_("If running late"))
STYLE = """
body { font-family: sans-serif; margin: 24px; color: #1f2933; }
table { border-collapse: collapse; width: 100%; margin-bottom: 18px; }
th, td { border: 1px solid #cbd2d9; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
tr.break td { background: #fdf3d8; font-style: italic; }
td.num { text-align: right; white-space: nowrap; }
"""


def _days(slots: list[Slot]) -> dict[int, list[Slot]]:
    days: dict[int, list[Slot]] = {}
    for slot in slots:
        days.setdefault(slot.day, []).append(slot)
    return days


def _total(slots: list[Slot], breaks: bool) -> int:
    return sum(s.minutes for s in slots if s.is_break == breaks)


def _cells(slot: Slot, lang: str) -> list[str]:
    what = _(slot.what, lang) if slot.is_break else slot.what
    return [slot.start, slot.end, str(slot.minutes), what, slot.step, _(slot.cut, lang) if slot.cut else ""]


def _day_title(day: int, slots: list[Slot], lang: str) -> str:
    return _("Day {day}: {start} to {end}, {work} min of sessions and {pause} min of breaks", lang, day=day,
             start=slots[0].start, end=slots[-1].end, work=_total(slots, False), pause=_total(slots, True))


def html(title: str, slots: list[Slot], notes: list[str], lang: str) -> str:
    parts = [f"<!DOCTYPE html><html lang='{'zh' if lang.startswith('zh') else 'en'}'><head><meta charset='utf-8'>"
             f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>", f"<h1>{escape(title)}</h1>"]
    for day, day_slots in _days(slots).items():
        parts.append(f"<h2>{escape(_day_title(day, day_slots, lang))}</h2><table><thead><tr>")
        parts += [f"<th>{escape(_(c, lang))}</th>" for c in COLUMNS]
        parts.append("</tr></thead><tbody>")
        for slot in day_slots:
            cells = _cells(slot, lang)
            row = "".join(f"<td{' class=num' if i < 3 else ''}>{escape(c)}</td>" for i, c in enumerate(cells))
            parts.append(f"<tr{' class=break' if slot.is_break else ''}>{row}</tr>")
        parts.append("</tbody></table>")
    if notes:
        parts.append("<ul>" + "".join(f"<li>{escape(_(n, lang))}</li>" for n in notes) + "</ul>")
    parts.append("</body></html>")
    return "".join(parts)


def write_pdf(target: Path, title: str, slots: list[Slot], notes: list[str], lang: str) -> None:
    doc = pdf.document(target, title, title + " | {page}", wide=True)
    weights = (0.55, 0.55, 0.6, 4.2, 1.4, 3.4)
    widths = [doc.width * w / sum(weights) for w in weights]
    story = [pdf.mixed(title, 15, leading=19), Spacer(1, 4 * mm)]
    for day, day_slots in _days(slots).items():
        story += [pdf.mixed(_day_title(day, day_slots, lang), 11, leading=15), Spacer(1, 2 * mm)]
        rows = [[pdf.mixed(_(c, lang), 8) for c in COLUMNS]]
        rows += [[pdf.mixed(c, 8.5) for c in _cells(slot, lang)] for slot in day_slots]
        table = Table(rows, colWidths=widths, repeatRows=1)
        commands = [("GRID", (0, 0), (-1, -1), 0.4, pdf.RULE), ("BACKGROUND", (0, 0), (-1, 0), pdf.SHADE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP")]
        commands += [("BACKGROUND", (0, i), (-1, i), colors.HexColor("#fdf3d8"))
                     for i, slot in enumerate(day_slots, 1) if slot.is_break]
        table.setStyle(TableStyle(commands))
        story += [table, Spacer(1, 5 * mm)]
    story += [pdf.mixed("- " + _(n, lang), 9) for n in notes]
    pdf.build(doc, story)
