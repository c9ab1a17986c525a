"""What a module declares about its trainer's kit, in ``<module package>/kit.py``::

    KIT = Kit(documents="tuna/documents", group_by="consignment", forms=(FormLayout(...), ...),
              schedule=Schedule(...), cuts=(Cut(...), ...))

Everything else comes from the module's own files: the lessons from ``modules/<id>/``, the
agenda from the module README, the glossary from :mod:`course.i18n.glossary`. The forms'
texts (titles, labels, values) stay as the documents print them, in their own language.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Field:
    """One printed field; ``weight`` is its share of the width of its row or table."""

    label: str
    weight: float = 1.0


def _fields(items) -> tuple[Field, ...]:
    return tuple(item if isinstance(item, Field) else Field(*item) if isinstance(item, tuple) else Field(item)
                 for item in items)


@dataclass(frozen=True)
class FormLayout:
    """How one document is printed: numbered boxes in rows for what is the same on every goods line,
    a table of goods lines for the rest. Rows and columns take labels or ``(label, weight)``."""

    document: str  # the CSV file name without .csv
    title: str
    subtitle: str = ""
    rows: tuple = ()
    columns: tuple = ()

    @property
    def box_rows(self) -> tuple[tuple[Field, ...], ...]:
        return tuple(_fields(row) for row in self.rows)

    @property
    def table(self) -> tuple[Field, ...]:
        return _fields(self.columns)

    @property
    def labels(self) -> list[str]:
        return [f.label for row in self.box_rows for f in row] + [f.label for f in self.table]


@dataclass(frozen=True)
class Break:
    """A pause after the agenda row whose text contains ``after`` (the first ``minutes_into`` minutes of
    that row, when set: a break inside a long lesson)."""

    day: int
    after: str
    minutes: int
    label: str  # a catalog message, e.g. N_("Coffee break")
    minutes_into: int | None = None


@dataclass(frozen=True)
class Cut:
    """What to shorten or drop when running late, for the agenda row whose text contains ``row``."""

    row: str
    advice: str  # a catalog message


@dataclass(frozen=True)
class Schedule:
    starts: dict  # day -> "HH:MM"
    breaks: tuple[Break, ...] = ()


@dataclass(frozen=True)
class Kit:
    documents: str  # folder of the scenario's CSV documents, relative to datasets/
    group_by: str  # the column that says which consignment a row belongs to (printed on no form)
    forms: tuple[FormLayout, ...] = ()
    schedule: Schedule | None = None
    cuts: tuple[Cut, ...] = ()
    notes: tuple[str, ...] = field(default=())  # catalog messages printed under the run-sheet
