"""Answers as plain data: how a graded answer leaves the learner's kernel and is rebuilt for judging.

In the kernel, :func:`emit` turns the value of the answer variable into JSON-safe data (text,
numbers, booleans, lists, dicts, tables as records), capped in size and depth, and publishes it
as one display output of a private MIME type. The grader reads that output as JSON text, never
unpickles or evaluates anything, and :func:`rebuild` turns it back into the plain Python values
(and DataFrames) the problem's rules expect, in a process where no learner code runs.

Tags keep the shapes JSON lacks: ``{"$tuple": [...]}``, ``{"$set": [...]}``,
``{"$dict": [[key, value], ...]}`` (keys of any plain type), ``{"$bytes": base64}``,
``{"$float": "nan"}``, ``{"$table": {...}}``, ``{"$series": {...}}``; anything else becomes
``{"$other": type name}``, which no rule accepts.
"""
from __future__ import annotations

import base64
import math

MIME = "application/vnd.paperless-course.answer+json"
MAX_BYTES = 4 * 1024 * 1024  # an answer larger than this is not captured
MAX_DEPTH = 40


class TooLarge(Exception):
    pass


class Unsupported:
    """An answer of a type that cannot leave the kernel as data; no rule accepts it."""

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


class _Budget:
    def __init__(self, limit: int):
        self.left = limit

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise TooLarge


def _float(value: float):
    return value if math.isfinite(value) else {"$float": repr(value)}


def encode(value, limit: int = MAX_BYTES):
    """``value`` as JSON-safe data; raises :class:`TooLarge` past ``limit`` (roughly, in bytes)."""
    return _encode(value, _Budget(limit), 0)


def _encode(value, budget: _Budget, depth: int):
    if depth > MAX_DEPTH:
        raise TooLarge
    budget.spend(8)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) > 10 ** 300:
            raise TooLarge
        return int(value)
    if isinstance(value, float):
        return _float(float(value))
    if isinstance(value, str):
        budget.spend(len(value))
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        budget.spend(len(value) * 4 // 3)
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, list):
        return [_encode(item, budget, depth + 1) for item in value]
    if isinstance(value, tuple):
        return {"$tuple": [_encode(item, budget, depth + 1) for item in value]}
    if isinstance(value, (set, frozenset)):
        return {"$set": [_encode(item, budget, depth + 1) for item in value]}
    if isinstance(value, dict):
        return {"$dict": [[_encode(k, budget, depth + 1), _encode(v, budget, depth + 1)] for k, v in value.items()]}
    return _encode_library(value, budget, depth)


def _encode_library(value, budget: _Budget, depth: int):
    """numpy and pandas values, recognised by their module without importing either."""
    module = type(value).__module__.split(".")[0]
    if module == "numpy":
        if hasattr(value, "tolist"):
            return _encode(value.tolist(), budget, depth + 1)
    if module == "pandas":
        name = type(value).__name__
        if name == "DataFrame":
            return {"$table": {
                "columns": [_encode(c, budget, depth + 1) for c in value.columns.tolist()],
                "records": [_encode(row, budget, depth + 1) for row in value.itertuples(index=False, name=None)],
                "index": None if _default_index(value.index) else _encode(value.index.tolist(), budget, depth + 1),
                "index_name": _encode(value.index.name, budget, depth + 1)}}
        if name == "Series":
            return {"$series": {"name": _encode(value.name, budget, depth + 1),
                                "index": _encode(value.index.tolist(), budget, depth + 1),
                                "values": _encode(value.tolist(), budget, depth + 1)}}
        if name in ("Timestamp", "Timedelta"):
            return str(value)
        if value is getattr(__import__("pandas"), "NA", object()) or name == "NaTType":
            return None
    return {"$other": f"{type(value).__module__}.{type(value).__qualname__}"[:100]}


def _default_index(index) -> bool:
    return type(index).__name__ == "RangeIndex" and index.start == 0 and index.step == 1


def emit(task: str, name: str, namespace: dict, limit: int = MAX_BYTES) -> None:
    """Publish the value of ``name`` in ``namespace`` for the grader (runs in the learner's kernel)."""
    from IPython.display import publish_display_data

    if name not in namespace:
        payload = {"task": task, "missing": True}
    else:
        try:
            payload = {"task": task, "answer": encode(namespace[name], limit)}
        except (TooLarge, RecursionError):
            payload = {"task": task, "too_large": True}
    publish_display_data({MIME: payload, "text/plain": f"answer to {task} handed to the grader"})


def rebuild(data):
    """Plain Python values (and pandas tables) from data made by :func:`encode`."""
    if isinstance(data, list):
        return [rebuild(item) for item in data]
    if not isinstance(data, dict):
        return data
    if len(data) != 1:
        return Unsupported("object")
    (tag, body), = data.items()
    if tag == "$tuple":
        return tuple(rebuild(item) for item in body)
    if tag == "$set":
        items = [rebuild(item) for item in body]
        try:
            return set(items)
        except TypeError:  # an unhashable item: the answer was not a set of plain values
            return Unsupported("set")
    if tag == "$dict":
        try:
            return {rebuild(k): rebuild(v) for k, v in body}
        except (TypeError, ValueError):
            return Unsupported("dict")
    if tag == "$bytes":
        return base64.b64decode(body)
    if tag == "$float":
        return float(body) if body in ("nan", "inf", "-inf") else Unsupported("float")
    if tag == "$table":
        return _table(body)
    if tag == "$series":
        import pandas as pd

        return pd.Series([rebuild(v) for v in body["values"]], index=[rebuild(i) for i in body["index"]],
                         name=rebuild(body["name"]), dtype=object if not body["values"] else None)
    if tag == "$other":
        return Unsupported(str(body))
    return Unsupported("object")


def _table(body: dict):
    import pandas as pd

    columns = [rebuild(c) for c in body["columns"]]
    records = [rebuild(row) for row in body["records"]]
    rows = [list(row) if isinstance(row, (list, tuple)) else [row] for row in records]
    table = pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)
    if body.get("index") is not None:
        table.index = pd.Index([rebuild(i) for i in body["index"]], name=rebuild(body.get("index_name")))
    return table
