"""``course kit MODULE``: build a module's trainer's kit into ``workshop/kit/<module>/``, offline.

The module is found by discovery and its kit declaration in ``<package>.kit``; the kit is made
from the module's own data and files:

- ``forms/<document>.pdf``: every document of the scenario as a printable form;
- ``slides/<lesson>.slides.html`` (with ``slides/reveal.js/``): one slide deck per lesson;
- ``run-sheet.html`` and ``run-sheet.pdf``: the agenda by the clock, breaks, what to cut;
- ``glossary.pdf``: the module's terms in English and Chinese, on one page;
- ``index.html``: what is in the kit, with links.
"""
from __future__ import annotations

import importlib
import shutil
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from .. import paths
from ..i18n import _, resolve
from . import agenda, forms, glossary_page, runsheet, slides
from .declaration import Kit


class KitError(ValueError):
    pass


@dataclass
class Built:
    folder: Path
    forms: list[Path] = field(default_factory=list)
    slides: list[Path] = field(default_factory=list)
    run_sheet: list[Path] = field(default_factory=list)
    glossary: Path | None = None

    def files(self) -> list[Path]:
        return [*self.forms, *self.slides, *self.run_sheet, *([self.glossary] if self.glossary else [])]


def find(module_id: str):
    """The module's declaration and its kit (a clear error when it has none)."""
    from .. import course_modules

    module = course_modules.get(module_id)
    try:
        declared = importlib.import_module(f"{module.package}.kit")
    except ModuleNotFoundError as missing:
        if missing.name != f"{module.package}.kit":
            raise
        raise KitError(f"the module {module_id} declares no trainer's kit (no {module.package}.kit)") from None
    kit = getattr(declared, "KIT", None)
    if not isinstance(kit, Kit):
        raise KitError(f"{module.package}.kit must define KIT = Kit(...)")
    return module, kit


def lessons(module_id: str, lang: str) -> list[Path]:
    """The module's lesson notebooks in order; the Chinese edition where there is one and lang is Chinese."""
    folder = paths.root() / "modules" / module_id
    english = sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb") if not p.name.endswith(".zh.ipynb"))
    if lang.startswith("zh"):
        return [p.with_name(p.stem + ".zh.ipynb") if p.with_name(p.stem + ".zh.ipynb").exists() else p
                for p in english]
    return english


def _forms(kit: Kit, target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for layout in kit.forms:
        table = forms.read_document(paths.datasets() / kit.documents / f"{layout.document}.csv")
        path = target / f"{layout.document}.pdf"
        forms.write(layout, table, kit.group_by, path)
        written.append(path)
    return written


def _slides(module_id: str, lang: str, target: Path, execute: bool, out) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    slides.copy_reveal(target)
    written = []
    for lesson in lessons(module_id, lang):
        out(f"slides of {lesson.name}")
        try:
            written.append(slides.write(lesson, target / f"{lesson.stem}.slides.html", execute=execute))
        except slides.SlidesError as exc:
            raise KitError(f"{lesson.name}: {exc}") from None
    return written


def _index(built: Built, title: str, lang: str) -> None:
    def items(paths_):
        return "".join(f"<li><a href='{escape(str(p.relative_to(built.folder)))}'>{escape(p.name)}</a></li>"
                       for p in paths_)

    sections = [(_("Printable forms", lang), built.forms), (_("Slides, one deck per lesson", lang), built.slides),
                (_("Run-sheet", lang), built.run_sheet),
                (_("Glossary", lang), [built.glossary] if built.glossary else [])]
    body = "".join(f"<h2>{escape(name)}</h2><ul>{items(files)}</ul>" for name, files in sections if files)
    (built.folder / "index.html").write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
        f"<body style='font-family:sans-serif;margin:24px'><h1>{escape(title)}</h1>"
        f"<p>{escape(_('Everything here works without internet. Print the forms and the glossary; open the slides in any browser.', lang))}</p>"
        f"{body}</body></html>", encoding="utf-8")


def build(module_id: str, out_root: Path | None = None, lang: str | None = None, execute: bool = True,
          out=print) -> Built:
    """Build the kit of ``module_id`` into ``out_root/<module_id>`` (default ``workshop/kit``), replacing it."""
    lang = resolve(lang)
    module, kit = find(module_id)
    folder = Path(out_root or paths.root() / "workshop" / "kit") / module_id
    readme = paths.root() / "modules" / module_id / "README.md"
    translated = readme.with_name("README.zh.md") if lang.startswith("zh") else None
    try:  # first: a drifted agenda stops the build early
        slots = agenda.timed(agenda.read(readme, translated if translated and translated.exists() else None), kit)
    except (agenda.AgendaError, OSError) as exc:
        raise KitError(f"run-sheet: {exc}") from None
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    title = f"{module_id}: {_(module.title, lang)}"
    built = Built(folder)
    out("forms")
    try:
        built.forms = _forms(kit, folder / "forms")
    except forms.FormError as exc:
        raise KitError(f"forms: {exc}") from None
    built.slides = _slides(module_id, lang, folder / "slides", execute, out)
    out("run-sheet")
    sheet_title = _("Run-sheet: {title}", lang, title=title)
    (folder / "run-sheet.html").write_text(runsheet.html(sheet_title, slots, list(kit.notes), lang), encoding="utf-8")
    runsheet.write_pdf(folder / "run-sheet.pdf", sheet_title, slots, list(kit.notes), lang)
    built.run_sheet = [folder / "run-sheet.html", folder / "run-sheet.pdf"]
    out("glossary")
    try:
        glossary_page.write(folder / "glossary.pdf", module_id, title, lang)
    except ValueError as exc:
        raise KitError(f"glossary: {exc}") from None
    built.glossary = folder / "glossary.pdf"
    _index(built, _("Trainer's kit: {title}", lang, title=title), lang)
    return built
