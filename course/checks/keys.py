"""Answer keys: the public part a learner's self-check uses, the full one the grader uses."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Key:
    """Expected answers. ``complete`` is False for the worked examples a learner may see."""

    data: Any
    complete: bool
