"""The trainer's kit of module 02: forms, slides, run-sheet and glossary, built offline and read back."""
from __future__ import annotations

import ast
import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from pypdf import PdfReader

from course import paths
from course.i18n import glossary
from course.kit import agenda, build, forms, slides
from course.kit.declaration import Cut, FormLayout

MODULE = "02-data-harmonization"
ROOT = paths.root()
DOCUMENTS = ROOT / "datasets" / "tuna" / "documents"


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """The kit, built once; lessons are not run here (a test below runs a small one)."""
    return build.build(MODULE, tmp_path_factory.mktemp("kit"), lang="en", execute=False, out=lambda _s: None)


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def squeeze(text: str) -> str:
    """Text without whitespace: PDF extraction breaks long values over lines."""
    return re.sub(r"\s+", "", text)


def document(name: str) -> pd.DataFrame:
    return pd.read_csv(DOCUMENTS / f"{name}.csv", dtype=str, keep_default_na=False)


# --- forms ------------------------------------------------------------------------------------

def test_the_invoice_prints_the_values_as_the_csv_writes_them(kit):
    page = squeeze(pdf_pages(kit.folder / "forms" / "commercial_invoice.pdf")[0])
    for value in ("BRS/INV/2026/062", "Siam Ocean Canning Co., Ltd.", "9,970 kg", "14 Jan 2026", "FOB Malé",
                  "1. Seller", "2. Invoice No."):
        assert squeeze(value) in page


def test_every_form_has_one_page_per_consignment_with_all_its_values(kit):
    assert sorted(p.stem for p in kit.forms) == sorted(p.stem for p in DOCUMENTS.glob("*.csv"))
    for path in kit.forms:
        table = document(path.stem)
        pages = pdf_pages(path)
        consignments = sorted(table["consignment"].unique())
        assert len(pages) == len(consignments), path.name
        for text, consignment in zip(pages, consignments):
            text = squeeze(text)
            assert f"Consignment{consignment}" in text
            for _i, row in table[table["consignment"] == consignment].iterrows():
                for label, value in row.items():
                    if label != "consignment":
                        assert squeeze(label) in text and squeeze(value) in text, (path.name, consignment, label)


def test_a_layout_that_drifts_from_its_document_is_refused():
    table = document("packing_list")
    good = next(layout for layout in build.find(MODULE)[1].forms if layout.document == "packing_list")
    forms.check_layout(good, table, "consignment")
    missing = dataclasses.replace(good, columns=good.columns[:-1])
    with pytest.raises(forms.FormError, match="not placed"):
        forms.check_layout(missing, table, "consignment")
    boxed = FormLayout("packing_list", "PACKING LIST", rows=(*good.rows, ("Description",)),
                       columns=tuple(c for c in good.columns if "Description" not in str(c)))
    with pytest.raises(forms.FormError, match="differs between the goods lines"):
        forms.check_layout(boxed, table, "consignment")


# --- slides -----------------------------------------------------------------------------------

SCRIPT_OR_STYLE = re.compile(r"<(?:script|link)\b[^>]*?(?:src|href)=[\"']([^\"']+)", re.I)


def test_every_lesson_has_offline_slides(kit):
    lessons = sorted(p.stem for p in (ROOT / "modules" / MODULE).glob("[0-9][0-9]-*.ipynb")
                     if not p.name.endswith(".zh.ipynb"))
    assert len(lessons) >= 4
    assert [p.name for p in kit.slides] == [f"{name}.slides.html" for name in lessons]
    for deck in kit.slides:
        html = deck.read_text(encoding="utf-8")
        assert html.count("<section") >= 5, deck.name
        references = SCRIPT_OR_STYLE.findall(html)
        assert "reveal.js/dist/reveal.js" in references and "reveal.js/dist/reveal.css" in references
        for reference in references:
            assert not re.match(r"(https?:)?//", reference), f"{deck.name} loads {reference}"
            assert (deck.parent / reference).is_file(), f"{deck.name}: {reference} is not in the kit"
        assert "@import url(http" not in html


def test_slides_run_the_lesson_and_name_the_cell_that_fails(tmp_path):
    lesson = tmp_path / "01-sample.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Weights"),
                                         nbformat.v4.new_code_cell("print(9970 / 1000)"),
                                         nbformat.v4.new_markdown_cell("## Next"),
                                         nbformat.v4.new_markdown_cell("A note")])
    nbformat.write(nb, lesson)
    html = slides.write(lesson, tmp_path / "deck.html").read_text(encoding="utf-8")
    assert "9.97" in html and html.count("<section") >= 3
    nb.cells.append(nbformat.v4.new_code_cell("raise ValueError('no such port')"))
    nbformat.write(nb, lesson)
    with pytest.raises(slides.SlidesError, match="no such port"):
        slides.write(lesson, tmp_path / "deck.html")


# --- run-sheet --------------------------------------------------------------------------------

def test_the_run_sheet_holds_the_agenda_times_and_breaks(kit):
    rows = agenda.read(ROOT / "modules" / MODULE / "README.md")
    assert sum(r.minutes for r in rows if r.day == 1) == 390 and sum(r.minutes for r in rows if r.day == 2) == 240
    slots = agenda.timed(rows, build.find(MODULE)[1])
    html = (kit.folder / "run-sheet.html").read_text(encoding="utf-8")
    text = squeeze("".join(pdf_pages(kit.folder / "run-sheet.pdf")))
    for row in rows:  # every agenda row, with its duration, in both
        assert row.what in html.replace("&#x27;", "'")
        assert squeeze(row.what)[:40] in text
    sessions = [s for s in slots if not s.is_break]
    assert sum(s.minutes for s in sessions) == 630
    for slot in slots:
        assert f"<td class=num>{slot.start}</td><td class=num>{slot.end}</td>" in html
        assert squeeze(f"{slot.start}{slot.end}{slot.minutes}") in text
    assert any(s.is_break and s.what == "Lunch" for s in slots)
    assert "Day 1: 09:00 to 17:00, 390 min of sessions and 90 min of breaks" in html
    assert "If running late" in html and "packing list XSD can be finished after the workshop" in html
    # the break inside lesson 04 splits it: 60 minutes, the break, 60 minutes
    lesson04 = [s for s in slots if "04-model" in s.what]
    assert [(s.start, s.end) for s in lesson04] == [("09:45", "10:45"), ("11:00", "12:00")]


def test_the_chinese_run_sheet_takes_its_texts_from_the_chinese_readme(tmp_path):
    readme = ROOT / "modules" / MODULE / "README.md"
    english = agenda.read(readme)
    chinese = agenda.read(readme, readme.with_name("README.zh.md"))
    assert [(r.day, r.minutes, r.key) for r in chinese] == [(r.day, r.minutes, r.what) for r in english]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese[0].what)
    slots = agenda.timed(chinese, build.find(MODULE)[1])  # cuts and breaks still find their rows
    assert [(s.start, s.end) for s in slots] == [(s.start, s.end) for s in agenda.timed(english, build.find(MODULE)[1])]
    shifted = tmp_path / "README.zh.md"
    shifted.write_text(readme.with_name("README.zh.md").read_text(encoding="utf-8").replace("| 1 | 30 分钟 |", "| 1 | 35 分钟 |", 1),
                       encoding="utf-8")
    with pytest.raises(agenda.AgendaError, match="does not have the day and time"):
        agenda.read(readme, shifted)


def test_a_cut_or_break_naming_no_agenda_row_stops_the_build():
    rows = agenda.read(ROOT / "modules" / MODULE / "README.md")
    declared = build.find(MODULE)[1]
    drifted = dataclasses.replace(declared, cuts=(*declared.cuts, Cut("Lesson 05-not-in-the-readme", "advice")))
    with pytest.raises(agenda.AgendaError, match="matches 0 agenda rows"):
        agenda.timed(rows, drifted)
    ambiguous = dataclasses.replace(declared, cuts=(Cut("Exercise", "advice"),))
    with pytest.raises(agenda.AgendaError, match="not one"):
        agenda.timed(rows, ambiguous)


# --- glossary ---------------------------------------------------------------------------------

def test_the_glossary_is_one_page_in_english_and_chinese(kit):
    pages = pdf_pages(kit.glossary)
    assert len(pages) == 1
    terms = glossary.terms(MODULE)
    assert len(terms) >= 20
    for term in terms:
        assert term.en in pages[0] and term.zh in pages[0], term.en


# --- the command ------------------------------------------------------------------------------

def test_index_lists_everything(kit):
    index = (kit.folder / "index.html").read_text(encoding="utf-8")
    for path in kit.files():
        assert str(path.relative_to(kit.folder)) in index


def test_course_kit_says_what_is_wrong(tmp_path):
    course = str(Path(sys.executable).parent / "course")
    result = subprocess.run([course, "kit", "07-no-such-module", "--out", str(tmp_path)], capture_output=True,
                            text=True)
    assert result.returncode == 2
    assert "no course module '07-no-such-module'" in result.stderr and "02-data-harmonization" in result.stderr
    result = subprocess.run([course, "kit", "00-getting-started", "--out", str(tmp_path)], capture_output=True,
                            text=True)
    assert result.returncode == 2 and "declares no trainer's kit" in result.stderr


def test_the_platform_names_no_module():
    """The kit and assessment platforms find modules by discovery: no module package, no module id in code."""
    for folder in ("kit", "assessment"):
        for path in (ROOT / "course" / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                          if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                          and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
            for node in ast.walk(tree):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    names = [getattr(node, "module", None) or ""] + [alias.name for alias in node.names]
                    assert not any(re.search(r"module\d\d_", n) for n in names), path.name
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                    assert not re.search(r"\b\d\d-[a-z]+-[a-z]+", node.value), (path.name, node.value)
