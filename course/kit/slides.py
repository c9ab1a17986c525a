"""Slides of a lesson notebook: nbconvert's reveal.js output, working offline.

reveal.js comes from an installed package (``sphinx-revealjs`` ships its ``dist/`` and
``plugin/`` folders under the MIT licence) and is copied next to the slides, so the slides
open from a USB stick or a laptop without internet. The template in ``templates/offline_reveal``
loads nothing from another site.

Lessons carry no slide marks: every level-1 or level-2 heading starts a slide, and every other
text cell a sub-slide below it (reveal.js's vertical slides) with the code that follows it. The lesson is run first,
so tables and charts appear on the slides; a lesson that fails to run stops the build with
the cell that failed.
"""
from __future__ import annotations

import copy
import shutil
from pathlib import Path

import nbformat

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE = "offline_reveal"
REVEAL_FOLDER = "reveal.js"
# What the slides use from reveal.js: the core, its stylesheets, one theme with its fonts, the notes plugin.
REVEAL_FILES = ("LICENSE", "dist/reveal.js", "dist/reveal.css", "dist/reset.css", "dist/theme/white.css",
                "dist/theme/fonts/source-sans-pro", "plugin/notes/notes.js")
THEME = "white"


class SlidesError(RuntimeError):
    pass


def reveal_source() -> Path:
    """Where the installed reveal.js is."""
    try:
        import sphinx_revealjs
    except ImportError as exc:
        raise SlidesError("reveal.js comes from the sphinx-revealjs package: pip install sphinx-revealjs") from exc
    source = Path(sphinx_revealjs.__file__).parent / "_static" / "revealjs"
    if not (source / "dist" / "reveal.js").is_file():
        raise SlidesError(f"no reveal.js in {source}: reinstall sphinx-revealjs")
    return source


def copy_reveal(target: Path) -> Path:
    """Copy the parts of reveal.js the slides use to ``target/reveal.js``."""
    source, folder = reveal_source(), target / REVEAL_FOLDER
    for name in REVEAL_FILES:
        origin, destination = source / name, folder / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(origin, destination, dirs_exist_ok=True)
        else:
            shutil.copy2(origin, destination)
    return folder


def mark_slides(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose headings (level 1-2) start slides and other text cells sub-slides."""
    marked = copy.deepcopy(nb)
    for index, cell in enumerate(marked.cells):
        first = cell.source.lstrip().split("\n", 1)[0] if cell.cell_type == "markdown" else ""
        if index == 0 or first.startswith(("# ", "## ")):
            kind = "slide"
        elif cell.cell_type == "markdown":
            kind = "subslide"
        else:
            kind = "-"
        cell.metadata["slideshow"] = {"slide_type": kind}
    return marked


def run(nb: nbformat.NotebookNode, folder: Path, timeout: int) -> None:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    except CellExecutionError as exc:
        raise SlidesError(f"the lesson did not run to the end: {str(exc).strip().splitlines()[-1][:300]}") from None


def write(lesson: Path, target: Path, execute: bool = True, timeout: int = 180) -> Path:
    """The slides of ``lesson`` as ``target`` (HTML); reveal.js must be in ``target``'s folder."""
    from nbconvert.exporters import SlidesExporter

    nb = nbformat.read(lesson, as_version=4)
    if execute:
        run(nb, lesson.parent, timeout)
    exporter = SlidesExporter(template_name=TEMPLATE, extra_template_basedirs=[str(TEMPLATE_DIR)],
                              reveal_url_prefix=REVEAL_FOLDER, reveal_theme=THEME, reveal_number="c/t")
    exporter.exclude_input_prompt = exporter.exclude_output_prompt = True
    body, _resources = exporter.from_notebook_node(mark_slides(nb), resources={"metadata": {"name": lesson.stem}})
    target.write_text(body, encoding="utf-8")
    return target
