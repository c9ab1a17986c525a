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
class MappingScore:
    """Precision and recall of (field -> element) pairs against the key."""

    precision: float
    recall: float
    correct: list[Field] = field(default_factory=list)
    wrong: list[tuple[Field, str, str]] = field(default_factory=list)  # (field, given, expected)
    missing: list[tuple[Field, str]] = field(default_factory=list)  # (field, expected)
    unknown: list[tuple[Field, str]] = field(default_factory=list)  # fields the key does not have

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 0.0 if total == 0 else 2 * self.precision * self.recall / total


def score_mapping(answer: dict[Field, str], key: dict[Field, str]) -> MappingScore:
    """Compare field -> element mappings. ``none`` in the key means "no reference element"."""
    given = {f: e for f, e in answer.items() if normalize_text(e) not in ("", "none")}
    expected = {f: e for f, e in key.items() if normalize_text(e) != "none"}
    correct = [f for f, e in given.items() if f in expected and normalize_text(expected[f]) == normalize_text(e)]
    wrong = [(f, e, key[f]) for f, e in given.items() if f in key and f not in correct]
    unknown = [(f, e) for f, e in given.items() if f not in key]
    missing = [(f, e) for f, e in expected.items() if f not in given]
    precision = len(correct) / len(given) if given else 0.0
    recall = len(correct) / len(expected) if expected else 1.0
    return MappingScore(precision, recall, sorted(correct), sorted(wrong), sorted(missing), sorted(unknown))


@dataclass
class GroupingScore:
    """Pairwise precision and recall of a grouping (which fields mean the same thing)."""

    precision: float
    recall: float
    wrongly_joined: list[tuple[Field, Field]] = field(default_factory=list)
    missed: list[tuple[Field, Field]] = field(default_factory=list)

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 0.0 if total == 0 else 2 * self.precision * self.recall / total


def _pairs(groups) -> set[tuple[Field, Field]]:
    found = set()
    for members in groups:
        for a, b in combinations(sorted(set(members)), 2):
            found.add((a, b))
    return found


def score_grouping(answer: list[list[Field]], key: list[list[Field]]) -> GroupingScore:
    """Two fields grouped together in the answer should be together in the key, and vice versa."""
    given, expected = _pairs(answer), _pairs(key)
    right = given & expected
    precision = len(right) / len(given) if given else 0.0
    recall = len(right) / len(expected) if expected else 1.0
    return GroupingScore(precision, recall, sorted(given - expected), sorted(expected - given))


@dataclass
class SetScore:
    precision: float
    recall: float
    extra: list = field(default_factory=list)
    missing: list = field(default_factory=list)

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 0.0 if total == 0 else 2 * self.precision * self.recall / total


def score_set(answer, key) -> SetScore:
    given, expected = set(answer), set(key)
    right = given & expected
    precision = len(right) / len(given) if given else 0.0
    recall = len(right) / len(expected) if expected else 1.0
    return SetScore(precision, recall, sorted(given - expected), sorted(expected - given))


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
