"""Answer-shape converters: the forms a learner may give an answer in, brought to one shape.

A learner may answer with a pandas table, a dict, a list of tuples or a list of lists; the
grader hands a problem the same shapes rebuilt from plain data (a table comes back as a
table, a set as a set, a tuple as a tuple, while lists may stand where tuples were
written). Every converter accepts all of them and returns text values, so rules compare
like with like. A shape that cannot be read raises ``TypeError`` or ``ValueError`` with a
short English reason; :meth:`course.checks.problem.Problem.check` turns that into an
outcome that says what the check expects.
"""
from __future__ import annotations

import math
from typing import Sequence


def is_table(value) -> bool:
    """True for a pandas DataFrame (recognised without importing pandas)."""
    return type(value).__name__ == "DataFrame" and type(value).__module__.split(".")[0] == "pandas"


def cell_text(value) -> str:
    """A cell as text; empty for None and for the blanks of a table (NaN, pandas' NA)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if type(value).__name__ in ("NAType", "NaTType"):
        return ""
    return str(value)


def _require_columns(table, columns: Sequence[str]) -> None:
    missing = missing_columns(table, columns)
    if missing:
        raise KeyError(f"the table has no column(s) {', '.join(missing)}")


def _refuse_text(answer, wanted: str) -> None:
    if isinstance(answer, (str, bytes)):
        raise TypeError(f"a single text was given where {wanted} was expected")


def as_rows(answer, columns: Sequence[str]) -> list[tuple[str, ...]]:
    """Rows of ``len(columns)`` text values: from a table (those columns) or from tuples or lists."""
    if is_table(answer):
        _require_columns(answer, columns)
        return [tuple(cell_text(v) for v in row) for row in zip(*(answer[c] for c in columns))]
    _refuse_text(answer, f"rows of ({', '.join(columns)})")
    rows = []
    for row in answer:
        if isinstance(row, (str, bytes)) or not hasattr(row, "__len__") or len(row) != len(columns):
            raise ValueError(f"each row should hold {len(columns)} values ({', '.join(columns)}), not {str(row)[:60]}")
        rows.append(tuple(cell_text(v) for v in row))
    return rows


def _key(key, key_columns: Sequence[str]) -> tuple[str, ...]:
    if len(key_columns) == 1 and (isinstance(key, str) or not hasattr(key, "__len__")):
        key = (key,)
    return as_rows([key], key_columns)[0]


def as_mapping(answer, key_columns: Sequence[str], value_column: str) -> dict[tuple[str, ...], str]:
    """``{(key values): value}``: from a table, from a dict keyed by tuples, or from rows ``(*key, value)``
    or ``(key, value)``."""
    if is_table(answer):
        rows = as_rows(answer, [*key_columns, value_column])
        return {row[:-1]: row[-1] for row in rows}
    if isinstance(answer, dict):
        return {_key(key, key_columns): cell_text(value) for key, value in answer.items()}
    _refuse_text(answer, "a mapping")
    mapping = {}
    for row in answer:
        if not isinstance(row, (str, bytes)) and hasattr(row, "__len__") and len(row) == len(key_columns) + 1:
            *key, value = row
        elif not isinstance(row, (str, bytes)) and hasattr(row, "__len__") and len(row) == 2:
            key, value = row
        else:
            raise ValueError(f"each entry should be ({', '.join(key_columns)}, {value_column}), not {str(row)[:60]}")
        mapping[_key(key, key_columns)] = cell_text(value)
    return mapping


def as_groups(answer, group_column: str, member_columns: Sequence[str]) -> list[list[tuple[str, ...]]]:
    """Groups of members: from a table with a group column, or from a dict ``{group: [members]}``."""
    if is_table(answer):
        _require_columns(answer, [group_column])
        return [as_rows(rows, member_columns) for _group, rows in answer.groupby(group_column, sort=True)]
    _refuse_text(answer, "groups")
    return [as_rows(members, member_columns) for members in dict(answer).values()]


def as_names(answer) -> set[str]:
    """A set of names: from a set, list or tuple of them, or from a table of one column."""
    if is_table(answer):
        if len(answer.columns) != 1:
            raise ValueError(f"a table of one column was expected, not {len(answer.columns)}")
        answer = answer.iloc[:, 0]
    _refuse_text(answer, "a set of names")
    if isinstance(answer, dict):
        raise TypeError("a dict was given where a set of names was expected")
    return {cell_text(name) for name in answer} - {""}


def as_table(answer):
    """A pandas table from a table, a list of records (dicts) or a dict of columns."""
    import pandas as pd

    if is_table(answer):
        return answer
    _refuse_text(answer, "a table")
    return pd.DataFrame(answer)


def missing_columns(table, columns: Sequence[str]) -> list[str]:
    return [c for c in columns if c not in table.columns]


def rows_by(table, id_column: str, columns: Sequence[str]) -> dict[str, dict[str, str]]:
    """``{id: {column: text}}``, one entry per row of the table, keyed by the text of ``id_column``."""
    _require_columns(table, [id_column, *columns])
    return {cell_text(row[id_column]): {c: cell_text(row[c]) for c in columns} for _i, row in table.iterrows()}
