"""What the kit's PDFs share: page size, fonts, paragraph styles, a document with a footer.

Latin text uses the PDF standard font Helvetica (nothing to embed). Chinese uses reportlab's
built-in CID font STSong-Light, which every PDF reader provides, so nothing is downloaded.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

LATIN, CHINESE = "Helvetica", "STSong-Light"
INK, RULE, SHADE = colors.HexColor("#1f2933"), colors.HexColor("#52606d"), colors.HexColor("#eef2f6")
MARGIN = 14 * mm


@lru_cache(maxsize=None)
def chinese_font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(CHINESE))
    return CHINESE


def style(size: float = 9, bold: bool = False, font: str | None = None, leading: float | None = None,
          colour=INK) -> ParagraphStyle:
    name = font or (f"{LATIN}-Bold" if bold else LATIN)
    return ParagraphStyle(f"{name}-{size}", fontName=name, fontSize=size, leading=leading or size * 1.22,
                          textColor=colour)


def text(value, size: float = 9, **options) -> Paragraph:
    """A paragraph of plain text (escaped: values are printed as they are)."""
    return Paragraph(escape("" if value is None else str(value)), style(size, **options))


def has_chinese(value: str) -> bool:
    return any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in value)


def mixed(value: str, size: float = 9, **options) -> Paragraph:
    """Plain text in the Chinese font when it holds Chinese characters (the font has Latin letters too)."""
    if has_chinese(value):
        return text(value, size, font=chinese_font(), **options)
    return text(value, size, **options)


def document(path: Path, title: str, footer: str, wide: bool = False) -> SimpleDocTemplate:
    """A document whose every page carries ``footer`` (may hold {page}) at the bottom."""
    size = landscape(A4) if wide else A4

    def draw_footer(canvas, doc):
        canvas.saveState()
        line = footer.format(page=doc.page)
        canvas.setFont(chinese_font() if has_chinese(line) else LATIN, 7)
        canvas.setFillColor(RULE)
        canvas.drawString(MARGIN, 8 * mm, line)
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, title=title, author="Paperless Trade course",
                            creator="course kit")
    doc.draw_footer = draw_footer
    return doc


def build(doc: SimpleDocTemplate, story: list) -> None:
    doc.build(story, onFirstPage=doc.draw_footer, onLaterPages=doc.draw_footer)
