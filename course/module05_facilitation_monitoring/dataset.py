"""The border post scenario of module 05: its milestone log, its corridor and (trainer only) keys."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import paths
from ..checks import keys

ASSIGNMENT = "05-facilitation-monitoring"


def folder() -> Path:
    return paths.datasets() / "border_post_trs"


@lru_cache(maxsize=None)
def _read(path: str) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def log() -> pd.DataFrame:
    """The raw milestone log, every value as text, exactly as the systems wrote it (a copy)."""
    return _read(str(folder() / "milestones.csv")).copy()


def corridor() -> pd.DataFrame:
    """The legs of the Thimphu - Singapore corridor with distance, time and cost (a copy)."""
    table = _read(str(folder() / "corridor.csv")).copy()
    for column in ("distance_km", "time_hours", "cost_usd"):
        table[column] = pd.to_numeric(table[column])
    return table


def key(name: str) -> Path:
    """An answer key file of this module's assignment (grading processes only)."""
    return keys.path(ASSIGNMENT, name)


def key_table(name: str) -> pd.DataFrame:
    return _read(str(key(name))).copy()


def key_json(name: str):
    return json.loads(key(name).read_text(encoding="utf-8"))
