"""Printable forms: each document of the scenario as a paper form, one consignment per page.

A form has a title band, numbered boxes (label on top, value below) for the fields that are
the same on every goods line of a consignment, and a table with one row per goods line for
the others. Labels and values are printed exactly as the document's CSV file writes them.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle

from . import pdf
from .declaration import FormLayout


class FormError(ValueError):
    pass


def read_document(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise FormError(f"no document file {path}: check the kit's documents folder")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def check_layout(layout: FormLayout, table: pd.DataFrame, group_by: str) -> None:
    """Every printed column appears exactly once in the layout, and boxes hold one value per consignment."""
    printed = [c for c in table.columns if c != group_by]
    labels = layout.labels
    missing = [c for c in printed if c not in labels]
    unknown = [c for c in labels if c not in printed]
    twice = sorted({c for c in labels if labels.count(c) > 1})
    if missing or unknown or twice:
        raise FormError(f"the layout of {layout.document} does not match its file: "
                        f"not placed {missing}, not in the file {unknown}, placed twice {twice}")
    varying = table.groupby(group_by).nunique()
    for row in layout.box_rows:
        for field in row:
            if (varying[field.label] > 1).any():
                raise FormError(f"{layout.document}: {field.label!r} differs between the goods lines of one "
                                "consignment; put it in the goods table, not in a box")


def _widths(fields, total: float) -> list[float]:
    weights = sum(f.weight for f in fields)
    return [total * f.weight / weights for f in fields]


def _box(number: int, label: str, value: str) -> list:
    return [pdf.text(f"{number}. {label}", 6.5, colour=pdf.RULE), pdf.text(value, 9.5)]


def page(layout: FormLayout, consignment: str, lines: pd.DataFrame, width: float) -> list:
    """The flowables of one consignment's form."""
    first = lines.iloc[0]
    story = []
    band = Table([[pdf.text(layout.title, 16, bold=True, colour=colors.white)],
                  [pdf.text(layout.subtitle, 8, colour=colors.white)]], colWidths=[width])
    band.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), pdf.INK), ("LEFTPADDING", (0, 0), (-1, -1), 8),
                              ("TOPPADDING", (0, 0), (-1, 0), 7), ("BOTTOMPADDING", (0, -1), (-1, -1), 7)]))
    story += [band, Spacer(1, 3 * mm)]
    number = 0
    for row in layout.box_rows:
        cells = []
        for field in row:
            number += 1
            cells.append(_box(number, field.label, first[field.label]))
        boxes = Table([cells], colWidths=_widths(row, width))
        boxes.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, pdf.RULE),
                                   ("INNERGRID", (0, 0), (-1, -1), 0.8, pdf.RULE),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 9)]))
        story.append(boxes)
    header = []
    for field in layout.table:
        number += 1
        header.append(pdf.text(f"{number}. {field.label}", 7, bold=True))
    body = [[pdf.text(line[f.label], 8.5) for f in layout.table] for _i, line in lines.iterrows()]
    goods = Table([header, *body], colWidths=_widths(layout.table, width), repeatRows=1)
    goods.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, pdf.RULE),
                               ("INNERGRID", (0, 0), (-1, -1), 0.4, pdf.RULE),
                               ("BACKGROUND", (0, 0), (-1, 0), pdf.SHADE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BOTTOMPADDING", (0, 1), (-1, -1), 10)]))
    story += [Spacer(1, 4 * mm), goods, Spacer(1, 14 * mm)]
    signature = Table([[pdf.text("Place and date", 6.5, colour=pdf.RULE),
                        pdf.text("Signature and stamp", 6.5, colour=pdf.RULE)]],
                      colWidths=[width / 2, width / 2], rowHeights=[18 * mm])
    signature.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, pdf.RULE),
                                   ("INNERGRID", (0, 0), (-1, -1), 0.8, pdf.RULE),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(KeepTogether([signature]))
    return story


def write(layout: FormLayout, table: pd.DataFrame, group_by: str, target: Path) -> int:
    """Print every consignment of one document into ``target``; returns the number of pages."""
    check_layout(layout, table, group_by)
    doc = pdf.document(target, layout.title.title(), f"{layout.title} | teaching copy, invented data | {{page}}")
    width = doc.width
    story = []
    groups = list(table.groupby(group_by, sort=True))
    for index, (consignment, lines) in enumerate(groups):
        story += page(layout, consignment, lines, width)
        story.append(pdf.text(f"Consignment {consignment}", 7, colour=pdf.RULE))
        if index < len(groups) - 1:
            story.append(PageBreak())
    pdf.build(doc, story)
    return len(groups)
