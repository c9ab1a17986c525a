"""Bounded lists of reasons: an outcome names the first few mistakes and counts the rest.

A learner who gets forty fields wrong needs the first ones to start with, not a page of
them; the count says how far there is to go.
"""
from __future__ import annotations

from typing import Callable, Iterable

from ..i18n import _

SHOWN = 8  # mistakes of one kind listed in one outcome


def listed(items: Iterable, lang: str | None, render: Callable[[object], str], shown: int = SHOWN) -> list[str]:
    """``render(item)`` for the first ``shown`` items, then "... and N more." if there are more."""
    items = list(items)
    reasons = [render(item) for item in items[:shown]]
    if len(items) > shown:
        reasons.append(_("... and {n} more.", lang, n=len(items) - shown))
    return reasons
