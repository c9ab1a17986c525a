"""The Chinese edition of the course, generated from the English sources and po catalogs.

    python -m course.i18n.editions update   # extract units from the sources into the catalogs
    python -m course.i18n.editions check    # list untranslated, fuzzy and broken entries
    python -m course.i18n.editions build    # write the Chinese editions (``course build`` does it too)

English notebooks and READMEs stay the only source. Each source has one catalog,
``course/i18n/content/zh_Hans/<source path>.po``, kept in one tree beside the message
catalogs so that translators find every file in one place, participants' copies of
``modules/`` carry no translation files, and a catalog whose source is gone is noticed.
See :mod:`course.i18n.units` for what a unit (catalog entry) is.

Where an edition lives:
- a lesson or README ``X/name.ext`` -> ``X/name.zh.ext`` beside it, so relative paths in
  code and links work unchanged;
- a graded assignment ``solutions/A/`` -> ``solutions/A-zh/``, its own nbgrader assignment
  (nbgrader expects every notebook of an assignment to be submitted); ``course build``
  generates ``exercises/A-zh/`` from it. Cells keep their nbgrader metadata and code, so a
  Chinese exercise is graded exactly like the English one; answer keys stay with the
  problems and are never copied.
"""
from __future__ import annotations

import ast
import copy
import json
import posixpath
import re
import sys
from collections import Counter
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from .. import paths
from . import LANGUAGES
from .catalog import FIXED_DATE, describe
from .glossary import mismatches as glossary_mismatches
from .units import CODE_SPAN, LINK_TARGET, Unit, join, split_code, split_markdown, units

LANG = "zh_Hans"
SUFFIX = "zh"                    # README.zh.md, 01-why-harmonize.zh.ipynb, solutions/A-zh/
CATALOGS = Path(__file__).parent / "content"
# The English sources that have a Chinese edition (paths relative to the course root).
SOURCES = (
    "modules/README.md", "modules/*/README.md", "modules/*/*.ipynb",
    "solutions/*/README.md", "solutions/*/*.ipynb",
    "exercises/README.md",
    "datasets/README.md", "datasets/*/README.md", "datasets/samples/*/README.md",
    "datasets/schemas/*/samples/README.md",
)
BRACES = re.compile(r"\{[^{}]*\}")


class EditionError(Exception):
    pass


def is_edition(relative: str) -> bool:
    parts = relative.split("/")
    return f".{SUFFIX}." in parts[-1] or (parts[0] in ("solutions", "exercises") and len(parts) > 2
                                          and parts[1].endswith(f"-{SUFFIX}"))


def sources(root: Path | None = None) -> list[str]:
    root = Path(root or paths.root())
    found = set()
    for pattern in SOURCES:
        for path in root.glob(pattern):
            relative = path.relative_to(root).as_posix()
            if path.is_file() and ".ipynb_checkpoints" not in relative and not is_edition(relative):
                found.add(relative)
    return sorted(found)


def assignment_edition(assignment: str) -> str:
    return f"{assignment}-{SUFFIX}"


def edition_path(source: str) -> str:
    """Where the Chinese edition of ``source`` (a path relative to the course root) lives."""
    folder, name = posixpath.split(source)
    parts = source.split("/")
    if parts[0] == "solutions" and len(parts) == 3:
        return f"solutions/{assignment_edition(parts[1])}/{name}"
    stem, ext = posixpath.splitext(name)
    return posixpath.join(folder, f"{stem}.{SUFFIX}{ext}")


def catalog_path(source: str) -> Path:
    return CATALOGS / LANG / f"{source}.po"


# --- extraction -----------------------------------------------------------------------

def _notebook_parts(notebook: dict) -> list[tuple[int, list]]:
    """(cell index, parts) for every markdown and code cell."""
    found = []
    for index, cell in enumerate(notebook["cells"]):
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            found.append((index, split_markdown(text)))
        elif cell["cell_type"] == "code":
            found.append((index, split_code(text)))
    return found


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise EditionError(f"{path}: not a readable notebook ({error}); fix or restore the file") from error


def extract(source: str, root: Path | None = None) -> list[tuple[Unit, str]]:
    """(unit, location) for every unit of one source, in order."""
    path = Path(root or paths.root()) / source
    if source.endswith(".ipynb"):
        return [(unit, f"cell{index + 1}:{unit.line}") for index, parts in _notebook_parts(_read_json(path))
                for unit in units(parts)]
    return [(unit, f"line:{unit.line}") for unit in units(split_markdown(path.read_text(encoding="utf-8")))]


def _note(unit: Unit) -> str:
    if unit.kind == "string":
        return (f"Python string: keep {{placeholders}}, and do not use {unit.quote[0]} or a backslash"
                if unit.quote else "Python string")
    if unit.kind == "table row":
        return "table row: keep the | between cells"
    return unit.kind


def template(source: str, root: Path | None = None) -> Catalog:
    catalog = Catalog(locale="zh", domain="content", project="paperless-trade-course",
                      creation_date=FIXED_DATE, revision_date=FIXED_DATE)
    for unit, location in extract(source, root):
        where, line = location.rsplit(":", 1)
        existing = catalog.get(unit.text)
        if existing is None:
            catalog.add(unit.text, locations=[(where, int(line))], auto_comments=[_note(unit)])
        else:
            existing.locations.append((where, int(line)))
    return catalog


def read_catalog(source: str) -> Catalog | None:
    path = catalog_path(source)
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle, locale="zh", domain="content")


def _write_catalog(source: str, catalog: Catalog) -> None:
    describe(catalog, f"{LANGUAGES[LANG]} edition of {source}")
    path = catalog_path(source)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, include_previous=True)


def update(root: Path | None = None) -> list[str]:
    """Merge every source's units into its catalog; a changed unit keeps its old translation
    marked fuzzy, for a translator to review. Catalogs of removed sources are deleted."""
    known = sources(root)
    for source in known:
        catalog = read_catalog(source) or Catalog(locale="zh", domain="content")
        catalog.update(template(source, root))
        catalog.obsolete.clear()
        _write_catalog(source, catalog)
    removed = []
    for path in sorted((CATALOGS / LANG).rglob("*.po")):
        source = path.relative_to(CATALOGS / LANG).as_posix()[:-len(".po")]
        if source not in known:
            path.unlink()
            removed.append(source)
    return removed


# --- translation and rendering --------------------------------------------------------

def translations(source: str) -> dict[str, str]:
    catalog = read_catalog(source)
    if catalog is None:
        return {}
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def _relink(text: str, source: str, known: set[str], assignments: set[str]) -> str:
    """Point relative links at Chinese editions where they exist, from the edition's folder."""
    source_dir = posixpath.dirname(source)
    edition_dir = posixpath.dirname(edition_path(source))

    def replace(match: re.Match) -> str:
        target = match.group(1)
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^/", target):
            return match.group(0)
        path, anchor = (target.split("#", 1) + [""])[:2]
        trailing = "/" if path.endswith("/") else ""
        resolved = posixpath.normpath(posixpath.join(source_dir, path))
        if resolved in known:
            resolved = edition_path(resolved)
        else:
            parts = resolved.split("/")
            if len(parts) >= 2 and parts[0] in ("solutions", "exercises") and parts[1] in assignments:
                parts[1] = assignment_edition(parts[1])
                resolved = "/".join(parts)
        relative = posixpath.relpath(resolved, edition_dir) + trailing
        if anchor:
            relative += "#" + anchor
        return match.group(0).replace(f"({target}", f"({relative}", 1)

    return LINK_TARGET.sub(replace, text)


class _Translator:
    def __init__(self, source: str, root: Path):
        self.source = source
        self.found = translations(source)
        self.known = set(sources(root))
        self.assignments = {s.split("/")[1] for s in self.known if s.startswith("solutions/") and s.count("/") == 2}

    def __call__(self, unit: Unit) -> str:
        text = self.found.get(unit.text, unit.text)
        if unit.kind == "string" or unit.kind == "comment":
            return text
        return _relink(text, self.source, self.known, self.assignments)


def render(source: str, root: Path | None = None) -> str:
    """The text of the Chinese edition of ``source``."""
    root = Path(root or paths.root())
    translate = _Translator(source, root)
    if not source.endswith(".ipynb"):
        return join(split_markdown((root / source).read_text(encoding="utf-8")), translate)
    notebook = _read_json(root / source)
    edition = copy.deepcopy(notebook)
    for index, parts in _notebook_parts(notebook):
        text = join(parts, translate)
        written_as_text = isinstance(notebook["cells"][index]["source"], str)
        edition["cells"][index]["source"] = text if written_as_text else text.splitlines(keepends=True)
    edition.setdefault("metadata", {})["course_edition"] = {"language": LANG, "source": source}
    return json.dumps(edition, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def build(root: Path | None = None) -> list[str]:
    """Write every Chinese edition; returns their paths."""
    root = Path(root or paths.root())
    written = []
    for source in sources(root):
        target = root / edition_path(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = render(source, root)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(edition_path(source))
    for orphan in orphans(root):
        (root / orphan).unlink()
    return written


def editions_on_disk(root: Path | None = None) -> list[str]:
    root = Path(root or paths.root())
    found = []
    for folder in ("modules", "solutions", "exercises", "datasets", "dashboards"):
        for path in (root / folder).rglob("*"):
            relative = path.relative_to(root).as_posix()
            if path.is_file() and is_edition(relative) and ".ipynb_checkpoints" not in relative:
                found.append(relative)
    return sorted(found)


def orphans(root: Path | None = None) -> list[str]:
    """Chinese edition files (outside exercises/) that no source produces any more."""
    expected = {edition_path(s) for s in sources(root)}
    return [p for p in editions_on_disk(root) if p not in expected and not p.startswith("exercises/")]


def differences(root: Path | None = None) -> list[str]:
    """Editions that are missing, out of step with their source and catalog, or orphaned."""
    root = Path(root or paths.root())
    found = []
    for source in sources(root):
        target = root / edition_path(source)
        if not target.exists():
            found.append(f"{edition_path(source)} is missing")
        elif target.read_text(encoding="utf-8") != render(source, root):
            found.append(f"{edition_path(source)} is out of step with {source} and its catalog")
    found += [f"{p} has no source any more" for p in orphans(root)]
    return found


# --- checks ---------------------------------------------------------------------------

def _entry_problems(unit: Unit, text: str) -> list[str]:
    found = []
    if Counter(m.group(2) for m in CODE_SPAN.finditer(unit.text)) != \
            Counter(m.group(2) for m in CODE_SPAN.finditer(text)) and unit.kind != "comment":
        found.append("code spans differ (copy every `code` unchanged)")
    if sorted(LINK_TARGET.findall(unit.text)) != sorted(LINK_TARGET.findall(text)):
        found.append("link targets differ (keep every (target) unchanged)")
    if "\n" in text:
        found.append("the translation has a line break (write it on one line)")
    if unit.kind == "table row" and unit.text.count("|") != text.count("|"):
        found.append("the number of table cells differs (keep the | separators)")
    if unit.kind == "string":
        if Counter(BRACES.findall(unit.text)) != Counter(BRACES.findall(text)):
            found.append("{placeholders} differ")
        if unit.quote and (unit.quote[0] in text or "\\" in text and "\\" not in unit.text):
            found.append(f"the translation uses {unit.quote[0]} or a backslash, which ends the Python string")
    return found


def problems(root: Path | None = None) -> list[str]:
    """Untranslated, fuzzy (the source changed since) and malformed entries, per source."""
    root = Path(root or paths.root())
    found = []
    for source in sources(root):
        catalog = read_catalog(source)
        if catalog is None:
            found.append(f"{source}: no catalog; run `make translations`")
            continue
        seen = set()
        for unit, location in extract(source, root):
            if unit.text in seen:
                continue
            seen.add(unit.text)
            message = catalog.get(unit.text)
            where = f"{source} {location}"
            if message is None or not message.string:
                found.append(f"{where}: untranslated: {unit.text[:70]!r}")
            elif message.fuzzy:
                found.append(f"{where}: fuzzy (the English changed; review the translation): {unit.text[:70]!r}")
            else:
                found += [f"{where}: {p}: {unit.text[:50]!r}" for p in _entry_problems(unit, message.string)]
        if source.endswith(".ipynb"):
            found += _code_problems(source, root)
    return found


def _code_problems(source: str, root: Path) -> list[str]:
    """Code cells of the edition must still be Python."""
    found = []
    edition = json.loads(render(source, root))
    for index, cell in enumerate(edition["cells"]):
        if cell["cell_type"] == "code":
            try:
                ast.parse("".join(cell["source"]))
            except SyntaxError as error:
                found.append(f"{source} cell{index + 1}: the translated code does not parse ({error.msg})")
    return found


def pairs(root: Path | None = None):
    """(source, unit, translation) for every translated unit."""
    for source in sources(root):
        found = translations(source)
        for unit, _location in extract(source, root):
            if unit.text in found:
                yield source, unit, found[unit.text]


def _without_code(text: str) -> str:
    return LINK_TARGET.sub("]", CODE_SPAN.sub(" ", text))


def glossary_problems(root: Path | None = None) -> list[str]:
    """Translations where an English glossary term is not rendered by its Chinese term."""
    return glossary_mismatches((source, _without_code(unit.text), text) for source, unit, text in pairs(root))


def main(argv: list[str]) -> int:
    command = argv[:1]
    if command == ["update"]:
        removed = update()
        print(f"catalogs updated for {len(sources())} sources" + (f"; removed {removed}" if removed else ""))
        return 0
    if command == ["check"]:
        found = problems() + glossary_problems()
        print("\n".join(found) or "the Chinese edition is complete")
        return 1 if found else 0
    if command == ["build"]:
        print("\n".join(build()))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
