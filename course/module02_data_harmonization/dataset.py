"""The tuna scenario of module 02: its documents, reference model and (trainer only) keys."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import paths
from ..checks import keys

DOCUMENTS = ("commercial_invoice", "packing_list", "certificate_of_origin", "health_certificate",
             "export_declaration", "bill_of_lading")
JOIN_COLUMN = "consignment"  # added to every file to join documents; no form prints it
ASSIGNMENT = "02-data-harmonization"
Field = tuple[str, str]  # (document, label as printed on the form)


def folder() -> Path:
    return paths.datasets() / "tuna"


@lru_cache(maxsize=None)
def _read(path: str) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def document(name: str) -> pd.DataFrame:
    """One document type as the forms print it, one row per goods line (a copy)."""
    if name not in DOCUMENTS:
        raise KeyError(f"no document {name!r}; the documents are: {', '.join(DOCUMENTS)}")
    return _read(str(folder() / "documents" / f"{name}.csv")).copy()


def documents() -> dict[str, pd.DataFrame]:
    return {name: document(name) for name in DOCUMENTS}


def printed_fields() -> list[Field]:
    """Every (document, label) the forms print, in document order."""
    return [(name, label) for name in DOCUMENTS for label in document(name).columns if label != JOIN_COLUMN]


def codelist(name: str) -> pd.DataFrame:
    """A code list excerpt of the scenario: ``countries`` or ``unlocode_excerpt`` (a copy)."""
    path = folder() / "codelists" / f"{name}.csv"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in path.parent.glob("*.csv")))
        raise KeyError(f"no code list {name!r}; the code lists are: {known}")
    return _read(str(path)).copy()


def reference_elements() -> pd.DataFrame:
    return _read(str(folder() / "reference_elements.csv")).copy()


def element_names() -> set[str]:
    return set(reference_elements()["element"])


def key(name: str) -> Path:
    """An answer key file of this module's assignment (grading processes only)."""
    return keys.path(ASSIGNMENT, name)


def key_table(name: str) -> pd.DataFrame:
    return _read(str(key(name))).copy()
