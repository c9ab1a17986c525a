"""Scoring an answer against a key with partial credit: sets, groupings, mappings and tables.

Every scorer returns the share of credit earned (0 to 1) and the specific items that are
wrong, missing or extra, so a check can say exactly what to look at again. Items may be
anything hashable (a name, a ``(document, label)`` pair); lists of items come back sorted.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Callable, Hashable


def normalize_text(value) -> str:
    """Lower case, single spaces: how two labels, names or codes are compared. None is empty."""
    return " ".join(str(value).split()).casefold() if value is not None else ""


def same_text(given, expected) -> bool:
    return normalize_text(given) == normalize_text(expected)


def _sorted(items) -> list:
    """Sorted, or in a stable order when the items cannot be compared (mixed types)."""
    items = list(items)
    try:
        return sorted(items)
    except TypeError:
        return sorted(items, key=repr)


@dataclass
class PrecisionRecall:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 0.0 if total == 0 else 2 * self.precision * self.recall / total


def _ratios(right: int, given: int, expected: int) -> tuple[float, float]:
    """Precision and recall; an empty key is fully recalled, an empty answer is never precise."""
    return (right / given if given else 0.0), (right / expected if expected else 1.0)


@dataclass
class SetScore(PrecisionRecall):
    extra: list = field(default_factory=list)
    missing: list = field(default_factory=list)


def score_set(answer, key) -> SetScore:
    """Which items of the answer are in the key (precision) and which of the key's are given (recall)."""
    given, expected = set(answer), set(key)
    right = given & expected
    return SetScore(*_ratios(len(right), len(given), len(expected)), _sorted(given - expected), _sorted(expected - given))


class GroupingScore(SetScore):
    """Pairwise precision and recall of a grouping (which items belong together)."""

    @property
    def wrongly_joined(self) -> list[tuple]:
        return self.extra

    @property
    def missed(self) -> list[tuple]:
        return self.missing


def _pairs(groups) -> set[tuple]:
    return {pair for members in groups for pair in combinations(_sorted(set(members)), 2)}


def score_grouping(answer, key) -> GroupingScore:
    """Two items grouped together in the answer should be together in the key, and vice versa.

    ``answer`` and ``key`` are iterables of groups, each an iterable of items.
    """
    return GroupingScore(**vars(score_set(_pairs(answer), _pairs(key))))


NO_VALUE = "none"  # in a mapping: the key says "nothing fits", the answer leaves it out


@dataclass
class MappingScore(PrecisionRecall):
    """Precision and recall of (item -> value) pairs against the key."""

    correct: list = field(default_factory=list)
    wrong: list[tuple] = field(default_factory=list)  # (item, given, expected)
    missing: list[tuple] = field(default_factory=list)  # (item, expected)
    unknown: list[tuple] = field(default_factory=list)  # (item, given) for items the key does not have


def score_mapping(answer: dict[Hashable, str], key: dict[Hashable, str]) -> MappingScore:
    """Compare item -> value mappings; values are compared as text (case and spacing do not matter).

    A value ``none`` in the key means "nothing fits": the item earns nothing when left out,
    and costs precision when given a value.
    """
    given = {f: e for f, e in answer.items() if normalize_text(e) not in ("", NO_VALUE)}
    expected = {f: e for f, e in key.items() if normalize_text(e) != NO_VALUE}
    correct = [f for f, e in given.items() if f in expected and same_text(e, expected[f])]
    wrong = [(f, e, key[f]) for f, e in given.items() if f in key and f not in correct]
    unknown = [(f, e) for f, e in given.items() if f not in key]
    missing = [(f, e) for f, e in expected.items() if f not in given]
    return MappingScore(*_ratios(len(correct), len(given), len(expected)),
                        _sorted(correct), _sorted(wrong), _sorted(missing), _sorted(unknown))


@dataclass
class TableScore:
    """Cell-by-cell comparison of a table with the key's rows (matched on a row id)."""

    earned: int
    possible: int
    mistakes: list[tuple[str, str, str, str]] = field(default_factory=list)  # (row, column, given, expected)
    missing_rows: list = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.earned / self.possible if self.possible else 0.0


Same = Callable[[str, object, object], bool]


def score_table(rows: dict[Hashable, dict[str, object]], key: dict[Hashable, dict[str, object]], columns: list[str],
                same: Same = lambda column, given, expected: same_text(given, expected)) -> TableScore:
    """One point per (key row, column) whose value the answer gives right; ``same`` decides "right"."""
    earned, mistakes, missing = 0, [], []
    for row_id, expected_row in key.items():
        given_row = rows.get(row_id)
        if given_row is None:
            missing.append(row_id)
            continue
        for column in columns:
            given = given_row.get(column, "")
            if same(column, given, expected_row[column]):
                earned += 1
            else:
                mistakes.append((row_id, column, str(given), str(expected_row[column])))
    return TableScore(earned, len(key) * len(columns), mistakes, missing)


def alternatives(given, expected) -> bool:
    """True when ``given`` is one of the alternatives a key cell allows, written ``text|code``."""
    return normalize_text(given) in [normalize_text(e) for e in str(expected).split("|")]
