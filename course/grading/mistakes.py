"""Realistic mistakes for fabricated submissions (imported by the rehearsal's notebooks).

Kept apart from the rehearsal itself so that a kernel importing it loads nothing heavy.
"""
from __future__ import annotations

import random
import re


def degrade(value, seed: int = 0):
    """A realistic mistake in an answer: part of a table, a dropped entry, a broken XML text."""
    rng = random.Random(seed)
    try:
        import pandas as pd

        if isinstance(value, pd.DataFrame) and len(value):
            return value.drop(index=rng.sample(list(value.index), max(1, len(value) // 5)))
    except ImportError:
        pass
    if isinstance(value, dict) and value:
        return {k: v for k, v in value.items() if k != rng.choice(sorted(value, key=str))}
    if isinstance(value, (set, frozenset)) and value:
        return set(value) - {rng.choice(sorted(value, key=str))}
    if isinstance(value, str) and value.strip().startswith("<"):
        if rng.random() < 0.5:
            return value[: len(value) // 2]  # cut off: not well-formed
        return re.sub(r">(\d)", lambda m: ">" + str((int(m.group(1)) + 1) % 10), value, count=3)
    if isinstance(value, list) and value:
        return value[:-1]
    return value
