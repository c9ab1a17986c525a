"""A one-page glossary of a module's terms, English and Chinese side by side.

The terms come from the course glossary (:func:`course.i18n.glossary.terms`), so the page
uses exactly the Chinese terms the translated lessons use. Definitions are printed when they
fit on the page; the type gets smaller before anything is left out.
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from ..i18n import _
from . import pdf

SIZES = (8.5, 8, 7.5, 7, 6.5, 6)


def terms(module: str) -> list:
    from ..i18n import glossary

    return glossary.terms(module)


def _table(items, width: float, size: float, definitions: bool, lang: str) -> Table:
    header = [_("English", lang), "中文"] + ([_("Definition", lang)] if definitions else [])
    rows = [[pdf.mixed(h, size) for h in header]]
    for term in items:
        row = [pdf.text(term.en, size, bold=True), pdf.mixed(term.zh, size)]
        if definitions:
            row.append(pdf.mixed(term.definition_zh if lang.startswith("zh") and term.definition_zh
                                 else term.definition_en, size - 0.5))
        rows.append(row)
    weights = (1.3, 1.0, 4.6) if definitions else (1, 1)
    table = Table(rows, colWidths=[width * w / sum(weights) for w in weights], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, pdf.RULE), ("BACKGROUND", (0, 0), (-1, 0), pdf.SHADE),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    return table


def write(target: Path, module: str, title: str, lang: str) -> int:
    """Write the page; returns the number of terms on it."""
    items = terms(module)
    if not items:
        raise ValueError(f"the glossary has no terms for {module}")
    doc = pdf.document(target, title, _("Glossary", lang) + " | " + title + " | {page}")
    heading = pdf.mixed(_("Glossary: {title}", lang, title=title), 13, leading=16)
    room = doc.height - heading.wrap(doc.width, doc.height)[1] - 4 * mm
    chosen = None
    for definitions in (True, False):
        for size in SIZES:
            table = _table(items, doc.width, size, definitions, lang)
            if table.wrap(doc.width, doc.height)[1] <= room:
                chosen = table
                break
        if chosen is not None:
            break
    if chosen is None:
        raise ValueError(f"the {len(items)} terms of {module} do not fit on one page, even without definitions")
    pdf.build(doc, [heading, Spacer(1, 4 * mm), chosen])
    return len(items)

