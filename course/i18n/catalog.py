"""Keep the translation catalogs in step with the code.

    python -m course.i18n.catalog update   # extract messages, merge them into every .po
    python -m course.i18n.catalog check    # exit 1 if a message lacks a translation

Both also do the same for the Chinese edition of lessons, READMEs and assignments
(:mod:`course.i18n.editions`), and ``check`` holds every translation to the glossary.

Messages come from ``_("...")`` and ``N_("...")`` in ``course/`` and from the assertion
texts of the Schematron rules under ``datasets/schemas`` (they are shown to learners).
"""
from __future__ import annotations

import re
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po
from lxml import etree

from .. import paths
from . import DOMAIN, LANGUAGES, LOCALE_DIR, catalog_path
from .glossary import mismatches as glossary_mismatches

KEYWORDS = {"_": None, "N_": None}
SCH = "http://purl.oclc.org/dsdl/schematron"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Headers carry dates; fixed ones keep the catalogs stable between updates.
FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)


def schematron_messages() -> list[tuple[str, str]]:
    """(message, location) for every assert/report text in the teaching schemas."""
    found = []
    for sch in sorted(paths.schemas().rglob("*.sch")):
        tree = etree.parse(str(sch), etree.XMLParser(resolve_entities=False, no_network=True))
        for node in tree.iter(f"{{{SCH}}}assert", f"{{{SCH}}}report"):
            text = " ".join("".join(node.itertext()).split())
            if text:
                found.append((text, f"{sch.relative_to(paths.root())}:{node.sourceline}"))
    return found


def extract() -> Catalog:
    catalog = Catalog(domain=DOMAIN, project="paperless-trade-course", charset="utf-8",
                      creation_date=FIXED_DATE, revision_date=FIXED_DATE)
    package = Path(__file__).resolve().parent.parent
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(package), method_map=[("**.py", "python")], keywords=KEYWORDS):
        if isinstance(message, tuple):
            message = message[0]
        if message:
            catalog.add(message, locations=[(f"course/{filename}", lineno)])
    for message, location in schematron_messages():
        file, line = location.rsplit(":", 1)
        catalog.add(message, locations=[(file, int(line))])
    return catalog


def _read(lang: str) -> Catalog:
    path = catalog_path(lang)
    if not path.exists():
        return Catalog(locale=lang.replace("_Hans", ""), domain=DOMAIN, project="paperless-trade-course",
                       creation_date=FIXED_DATE, revision_date=FIXED_DATE)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang.replace("_Hans", ""), domain=DOMAIN)


def describe(catalog: Catalog, title: str) -> None:
    """The header every catalog of the course carries (fixed, so catalogs only change with their content)."""
    catalog.project, catalog.version = "paperless-trade-course", "1"
    catalog.header_comment = (f"# {title}.\n"
                              "# Edit msgstr lines only; `make translations` refreshes the rest.")
    catalog.last_translator = catalog.language_team = "Paperless Trade course"
    catalog.msgid_bugs_address = ""
    catalog.revision_date = FIXED_DATE
    catalog.fuzzy = False


def update() -> None:
    template = extract()
    LOCALE_DIR.mkdir(parents=True, exist_ok=True)
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("wb") as handle:
        write_po(handle, template, sort_output=True)
    for lang in LANGUAGES:
        catalog = _read(lang)
        catalog.update(template, no_fuzzy_matching=True)
        describe(catalog, f"{LANGUAGES[lang]} messages of the Paperless Trade course")
        catalog.obsolete.clear()
        path = catalog_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, width=0, no_location=True)


def problems(lang: str = "zh_Hans") -> list[str]:
    """Messages that are untranslated, fuzzy, or whose placeholders differ from the original."""
    catalog = _read(lang)
    issues = []
    for message_id in sorted({m.id for m in extract() if m.id}):
        message = catalog.get(message_id)
        if message is None or not message.string:
            issues.append(f"missing {lang} translation: {message_id!r}")
        elif message.fuzzy:
            issues.append(f"fuzzy {lang} translation: {message_id!r}")
        elif set(PLACEHOLDER.findall(message_id)) != set(PLACEHOLDER.findall(message.string)):
            issues.append(f"placeholders differ in {lang} translation of {message_id!r}")
    return issues


def glossary_problems(lang: str = "zh_Hans") -> list[str]:
    """Messages whose translation does not use the glossary's term for an English term
    (quoted labels, placeholders and markup in the English are left out)."""
    catalog = _read(lang)
    pairs = []
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
            english = re.sub(r"'[^']*'|\{\w+\}|<[^>]*>", " ", message.id)
            pairs.append((f"course.po {message.id[:40]!r}", english, message.string))
    return glossary_mismatches(pairs)


def main(argv: list[str]) -> int:
    from . import editions

    if argv[:1] == ["update"]:
        update()
        editions.update()
        return 0
    if argv[:1] == ["check"]:
        found = problems() + glossary_problems() + editions.problems() + editions.glossary_problems()
        print("\n".join(found) or "all messages translated")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
