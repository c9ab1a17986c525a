"""Scoring a learner's analysis against an answer key, with partial credit.

Every scorer returns the share of credit earned (0 to 1) and the specific items that are
wrong, missing or extra, so a check can say exactly what to look at again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

Field = tuple[str, str]  # (document, label as printed on the form)


def normalize_text(value) -> str:
    return " ".join(str(value).split()).casefold() if value is not None else ""


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
class MappingScore(PrecisionRecall):
    """Precision and recall of (field -> element) pairs against the key."""

    correct: list[Field] = field(default_factory=list)
    wrong: list[tuple[Field, str, str]] = field(default_factory=list)  # (field, given, expected)
    missing: list[tuple[Field, str]] = field(default_factory=list)  # (field, expected)
    unknown: list[tuple[Field, str]] = field(default_factory=list)  # fields the key does not have


def score_mapping(answer: dict[Field, str], key: dict[Field, str]) -> MappingScore:
    """Compare field -> element mappings. ``none`` in the key means "no reference element"."""
    given = {f: e for f, e in answer.items() if normalize_text(e) not in ("", "none")}
    expected = {f: e for f, e in key.items() if normalize_text(e) != "none"}
    correct = [f for f, e in given.items() if f in expected and normalize_text(expected[f]) == normalize_text(e)]
    wrong = [(f, e, key[f]) for f, e in given.items() if f in key and f not in correct]
    unknown = [(f, e) for f, e in given.items() if f not in key]
    missing = [(f, e) for f, e in expected.items() if f not in given]
    return MappingScore(*_ratios(len(correct), len(given), len(expected)),
                        sorted(correct), sorted(wrong), sorted(missing), sorted(unknown))


@dataclass
class SetScore(PrecisionRecall):
    extra: list = field(default_factory=list)
    missing: list = field(default_factory=list)


def score_set(answer, key) -> SetScore:
    given, expected = set(answer), set(key)
    right = given & expected
    return SetScore(*_ratios(len(right), len(given), len(expected)), sorted(given - expected), sorted(expected - given))


class GroupingScore(SetScore):
    """Pairwise precision and recall of a grouping (which fields mean the same thing)."""

    @property
    def wrongly_joined(self) -> list[tuple[Field, Field]]:
        return self.extra

    @property
    def missed(self) -> list[tuple[Field, Field]]:
        return self.missing


def _pairs(groups) -> set[tuple[Field, Field]]:
    return {pair for members in groups for pair in combinations(sorted(set(members)), 2)}


def score_grouping(answer: list[list[Field]], key: list[list[Field]]) -> GroupingScore:
    """Two fields grouped together in the answer should be together in the key, and vice versa."""
    return GroupingScore(**vars(score_set(_pairs(answer), _pairs(key))))


@dataclass
class TableScore:
    """Field-by-field comparison of a table with the key's rows (matched on an id column)."""

    earned: int
    possible: int
    mistakes: list[tuple[str, str, str, str]] = field(default_factory=list)  # (row, column, given, expected)
    missing_rows: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.earned / self.possible if self.possible else 0.0


def score_table(rows: dict[str, dict[str, str]], key: dict[str, dict[str, str]], columns: list[str],
                same=lambda column, given, expected: normalize_text(given) == normalize_text(expected)) -> TableScore:
    """One point per (key row, column) whose value the answer gives right."""
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
