"""Answer keys: the public part a learner's self-check uses, the full one only the grader uses.

Full keys live with the graded sources, in ``solutions/<assignment>/keys/``, which
participants never receive. :func:`path` is the one place that knows this. It answers only
in a grading process: the course's judge calls :func:`enable` before it loads any key; a
trainer who grades with plain nbgrader sets ``COURSE_FULL_KEYS=1``. Everywhere else (a
participant's kernel, a dashboard) a problem's ``answer_key()`` is ``None`` and nothing is
read from disk.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import paths

_enabled = False


@dataclass(frozen=True)
class Key:
    """Expected answers. ``complete`` is False for the worked examples a learner may see."""

    data: Any
    complete: bool


class KeyUnavailable(FileNotFoundError):
    """A full key was asked for where none may be read."""


def enable() -> None:
    """Allow full keys in this process (the judge calls this; learner code never runs there)."""
    global _enabled
    _enabled = True


@contextmanager
def grading():
    """Full keys for the length of a block only (a test or a tool that plays the grader)."""
    global _enabled
    before, _enabled = _enabled, True
    try:
        yield
    finally:
        _enabled = before


def enabled() -> bool:
    return _enabled or os.environ.get("COURSE_FULL_KEYS", "") == "1"


def folder(assignment: str) -> Path:
    """Where the keys of ``assignment`` live in the trainer's copy of the course."""
    return paths.root() / "solutions" / assignment / "keys"


def path(assignment: str, name: str) -> Path:
    """The key file ``name`` of ``assignment``; only in a grading process, and only if it exists."""
    if not enabled():
        raise KeyUnavailable(f"answer keys are read only by the grader, not here (key {name} of {assignment})")
    found = folder(assignment) / name
    if not found.exists():
        raise KeyUnavailable(f"answer key {name} not found at {found}; keys exist only in the trainer's copy")
    return found
