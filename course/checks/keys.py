"""Answer keys: the public part a learner's self-check uses, the full one the grader uses.

When the grader runs a notebook in its sandbox, the answer key files are out of reach of
the kernel; the grader then hands each hidden test its key inside the test itself
(:func:`install`), at execution time only.
"""
from __future__ import annotations

import base64
import pickle
from dataclasses import dataclass
from typing import Any

_installed: dict[str, "Key"] = {}


@dataclass(frozen=True)
class Key:
    """Expected answers. ``complete`` is False for the worked examples a learner may see."""

    data: Any
    complete: bool


def pack(keys: dict[str, Key]) -> str:
    """Keys as text the grader can place in a hidden test (written and read by the grader only)."""
    return base64.b64encode(pickle.dumps(keys)).decode("ascii")


def install(packed: str) -> None:
    """Make keys available to ``Problem.answer_key()`` in this kernel (grader-written code)."""
    _installed.update(pickle.loads(base64.b64decode(packed)))


def installed(exercise_id: str) -> Key | None:
    return _installed.get(exercise_id)
