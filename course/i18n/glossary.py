"""The course's glossary: one Chinese term for each English term, everywhere.

The terms live in ``glossary.csv`` beside this file (columns ``en``, ``zh``, ``modules``,
``variants``, ``definition_en``, ``definition_zh``). ``modules`` lists the module ids a term
belongs to, separated by ``;``; an empty ``modules`` means the term belongs to the whole
course. ``variants`` are other English forms (plurals) that take the same Chinese term.
The Chinese edition's tests check that every translation uses these terms.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SOURCE = Path(__file__).with_name("glossary.csv")


@dataclass(frozen=True)
class Term:
    en: str
    zh: str
    modules: tuple[str, ...] = ()      # empty: the whole course
    variants: tuple[str, ...] = ()
    definition_en: str = ""
    definition_zh: str = ""

    @property
    def pattern(self) -> re.Pattern:
        """Matches the English term or a variant as whole words, ignoring case."""
        forms = sorted({self.en, *self.variants}, key=len, reverse=True)
        # Not part of a longer word, nor code such as ``ex.hint()``.
        return re.compile(r"(?<![\w./-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w(/-])",
                          re.IGNORECASE)

    def found_in(self, text: str) -> bool:
        """True when ``text`` uses the term; words in capitals (printed values such as
        AS PER PACKING LIST) are data, not the term."""
        return any(not (m.group(0).isupper() and not self.en.isupper()) for m in self.pattern.finditer(text))

    def belongs_to(self, module: str) -> bool:
        return not self.modules or module in self.modules


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


@lru_cache(maxsize=1)
def _all() -> tuple[Term, ...]:
    with SOURCE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    terms = []
    for number, row in enumerate(rows, start=2):
        if not row.get("en") or not row.get("zh"):
            raise ValueError(f"{SOURCE.name} line {number}: every term needs 'en' and 'zh'")
        terms.append(Term(en=row["en"].strip(), zh=row["zh"].strip(), modules=_split(row.get("modules", "")),
                          variants=_split(row.get("variants", "")),
                          definition_en=row.get("definition_en", "").strip(),
                          definition_zh=row.get("definition_zh", "").strip()))
    return tuple(terms)


def terms(module: str | None = None) -> list[Term]:
    """Every glossary term, or those of one module (course-wide terms included), sorted by English."""
    found = [term for term in _all() if module is None or term.belongs_to(module)]
    return sorted(found, key=lambda term: term.en.casefold())


def mismatches(pairs) -> list[str]:
    """For (where, English, Chinese) pairs: each glossary term used in the English whose
    Chinese term is missing from the translation. Code in the English is the caller's to remove."""
    found = []
    every = _all()
    for where, english, chinese in pairs:
        found += [f"{where}: '{term.en}' should be '{term.zh}' in: {chinese[:60]!r}"
                  for term in every if term.found_in(english) and term.zh not in chinese]
    return found
