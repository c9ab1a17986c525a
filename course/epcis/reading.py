"""Reading an EPCIS 2.0 JSON-LD document safely: size, syntax and nesting limits, known contexts.

Whatever goes wrong comes back as a :class:`DocumentRefused` holding one finding, never as a
traceback: a file that is too large, not JSON, nested deeper than events ever are, or that
names a JSON-LD context the course does not ship (nothing is fetched).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Union

from ..xml.findings import Finding
from ..xml.safe import DocumentRefused, _human_size
from . import contexts

MAX_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 32   # an EPCIS document needs about 8 levels (document, body, list, event, list, item, ...)
Source = Union[str, bytes, os.PathLike, dict]


def _refuse(code: str, path: str | None = None, **params) -> DocumentRefused:
    return DocumentRefused(Finding(code, path=path, params=params))


def _text(source: Source, max_bytes: int) -> str:
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str) and source.lstrip()[:1] in ("{", "[", ""):
        data = source.encode("utf-8")
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            if path.stat().st_size > max_bytes:
                raise _refuse("epcis.too-large", size=_human_size(path.stat().st_size), limit=_human_size(max_bytes))
            data = path.read_bytes()
        except OSError as exc:
            raise DocumentRefused(Finding("xml.unreadable", params={"detail": f"{path}: {exc.strerror or exc}"})) from None
    else:
        raise TypeError(f"cannot read an EPCIS document from {type(source).__name__}")
    if not data.strip():
        raise _refuse("epcis.empty")
    if len(data) > max_bytes:
        raise _refuse("epcis.too-large", size=_human_size(len(data)), limit=_human_size(max_bytes))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse("epcis.not-json", detail=f"byte {exc.start} is not UTF-8 text") from None


def depth(value: Any) -> int:
    """How deeply objects and lists nest in ``value`` (iteratively: no recursion limit to hit)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def read(source: Source, max_bytes: int = MAX_BYTES) -> dict:
    """The EPCIS document in ``source`` (a path, JSON text, bytes, or an already parsed dict)."""
    if isinstance(source, dict):
        document = source
    else:
        text = _text(source, max_bytes)
        try:
            document = json.loads(text)
        except RecursionError:
            raise _refuse("epcis.too-deep", limit=MAX_DEPTH) from None
        except json.JSONDecodeError as exc:
            raise _refuse("epcis.not-json", detail=f"{exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    if depth(document) > MAX_DEPTH:
        raise _refuse("epcis.too-deep", limit=MAX_DEPTH)
    if not isinstance(document, dict):
        raise _refuse("epcis.not-json", detail="the document should be one JSON object, {...}")
    if "@context" not in document:
        raise _refuse("epcis.no-context", path="$")
    unknown = contexts.unknown_contexts(document["@context"])
    if unknown:
        raise _refuse("epcis.unknown-context", path="$['@context']", url=unknown[0])
    broken = contexts.context_error(document["@context"])
    if broken:
        raise _refuse("epcis.bad-context", path="$['@context']", detail=broken)
    return document


def events(document: dict) -> list:
    """The event list of a document (empty when it has none or it has the wrong shape)."""
    body = document.get("epcisBody")
    found = body.get("eventList") if isinstance(body, dict) else None
    return found if isinstance(found, list) else []
