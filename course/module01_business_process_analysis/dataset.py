"""The rice export scenario of module 01: what participants read, and (trainer only) the keys.

Public: the interviews, the synonyms of activity names, the options of the recommendation, and
the worked examples (``examples.json``, the letter of credit model and its steps). The
procedure tables, the documents and the reference models are answers of the graded tasks:
they are read only through :func:`key`, which answers only in a grading process.
"""
from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from pathlib import Path

from .. import paths
from ..checks import keys

ASSIGNMENT = "01-business-process-analysis"
# The decision on customs' risk channel and the two paths every process must complete.
INSPECTION_DECISION = "Inspection required?"
PATHS = ("inspection required", "green channel")
INSPECTION_ACTIVITY = "Inspect the containers (inspection channel)"
EXAMPLE_DECISION = "Amendment needed?"


def folder() -> Path:
    return paths.datasets() / "rice_export"


@lru_cache(maxsize=None)
def _text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def _json(path: Path):
    return json.loads(_text(str(path)))


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def interview(name: str) -> str:
    """The notes of one interview (``"06_bank.md"``...)."""
    return _text(str(folder() / "interviews" / name))


def interviews() -> dict[str, str]:
    return {p.name: interview(p.name) for p in sorted((folder() / "interviews").glob("*.md"))}


def synonyms() -> dict[str, list[str]]:
    """``{canonical activity name: [other names people give it]}``."""
    return _json(folder() / "synonyms.json")


def recommendation_options() -> dict[str, str]:
    return _json(folder() / "recommendation_options.json")


def examples() -> dict:
    return _json(folder() / "examples.json")


def example_model_path(layout: bool = True) -> Path:
    name = "example_letter_of_credit.bpmn" if layout else "example_letter_of_credit_no_layout.bpmn"
    return folder() / "models" / name


def example_model() -> str:
    """The worked example model (the letter of credit, exporter and bank) as BPMN XML text."""
    return _text(str(example_model_path()))


def example_procedures() -> list[dict]:
    """The worked example's steps, with lists for predecessors and documents and numbers for hours."""
    return [_step(row) for row in _rows(_text(str(folder() / "example_procedures.csv")))]


def _step(row: dict) -> dict:
    numbers = ("min_hours", "likely_hours", "max_hours", "waiting_hours", "cost_usd")
    lists = {"predecessors": " ", "documents_in": "; ", "documents_out": "; "}
    step = dict(row)
    for name in numbers:
        if name in step:
            step[name] = float(step[name])
    for name, separator in lists.items():
        if name in step:
            step[name] = [item for item in step[name].split(separator) if item]
    return step


# --- the keys: grading processes only ------------------------------------------------------

def key(name: str) -> Path:
    """An answer key file of this module's assignment (grading processes only)."""
    return keys.path(ASSIGNMENT, name)


def key_text(name: str) -> str:
    return key(name).read_text(encoding="utf-8")


def key_json(name: str):
    return json.loads(key_text(name))


def key_procedures(name: str = "procedures.csv") -> list[dict]:
    """The as-is (or, with ``procedures_to_be.csv``, the to-be) steps of the key."""
    return [_step(row) for row in _rows(key_text(name))]


def key_documents() -> list[dict]:
    return _rows(key_text("documents.csv"))
