"""The one way the course reads an XML document it did not write itself.

Every document (a learner's answer, an upload, a file on the command line) is treated as
hostile: no DTD is loaded, no entity is expanded, nothing is fetched from the network or
the file system, XInclude is never processed, and size and depth are limited. A document
that breaks one of these rules is refused with a :class:`Finding` that says why.
"""
from __future__ import annotations

import io
import os
import re
import stat
import threading
from pathlib import Path
from typing import Union

from lxml import etree

from ..i18n import N_, Text
from .findings import Finding

Source = Union[str, bytes, os.PathLike, io.IOBase]

MAX_BYTES = 20 * 1024 * 1024
# libxml2 refuses nesting deeper than this unless "huge tree" mode is on (it stays off).
MAX_DEPTH = 256
XINCLUDE_NS = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

_MAGIC = [(b"%PDF", N_("a PDF file")), (b"PK\x03\x04", N_("a ZIP archive or an Office document")),
          (b"\x89PNG", N_("a PNG image")), (b"\xff\xd8\xff", N_("a JPEG image")),
          (b"{", N_("JSON data")), (b"[", N_("JSON data"))]


class DocumentRefused(Exception):
    """Raised when a document cannot or must not be read; ``finding`` says why."""

    def __init__(self, finding: Finding):
        super().__init__(finding.code)
        self.finding = finding


class _NoFetching(etree.Resolver):
    """Answers every request to load an external resource with nothing."""

    def resolve(self, url, pubid, context):
        return self.resolve_string("", context)


_local = threading.local()


def _parser() -> etree.XMLParser:
    # lxml parsers are not thread-safe; keep one per thread.
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False, load_dtd=False, no_network=True, dtd_validation=False,
            huge_tree=False, remove_blank_text=False)
        parser.resolvers.add(_NoFetching())
        _local.parser = parser
    return parser


def _human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def _refuse(code: str, line: int | None = None, **params) -> DocumentRefused:
    return DocumentRefused(Finding(code, line=line, params=params))


# The encoding named in an XML declaration; text handed over as a Python str is already
# decoded, so the course re-encodes it as UTF-8 and says so in the declaration.
_DECLARED_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")


def _text_bytes(text: str) -> bytes:
    return _DECLARED_ENCODING.sub(r"\1\2UTF-8\2", text, count=1).encode("utf-8")


def _file_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise _refuse("xml.unreadable", detail=f"{path}: not a regular file")
        if info.st_size > max_bytes:
            raise _refuse("xml.too-large", size=_human_size(info.st_size), limit=_human_size(max_bytes))
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)  # the file may grow between stat and read
    except OSError as exc:
        raise _refuse("xml.unreadable", detail=f"{path}: {exc.strerror or exc}") from None


def read_bytes(source: Source, max_bytes: int = MAX_BYTES) -> bytes:
    """The document's bytes.

    A ``str`` is XML text when it is blank or starts with ``<``, otherwise a file path.
    """
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str) and (not source.strip() or source.lstrip().startswith("<")):
        data = _text_bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        data = _file_bytes(Path(source), max_bytes)
    elif hasattr(source, "read"):
        data = source.read(max_bytes + 1)
        if isinstance(data, str):
            data = _text_bytes(data)
    else:
        raise TypeError(f"cannot read an XML document from {type(source).__name__}")
    if len(data) > max_bytes:
        raise _refuse("xml.too-large", size=_human_size(len(data)), limit=_human_size(max_bytes))
    return data


def _syntax_refusal(exc: etree.XMLSyntaxError) -> DocumentRefused:
    detail = str(exc.msg or exc).strip()
    line = exc.lineno or None
    if "Excessive depth" in detail or "exceeds maximum depth" in detail:
        return _refuse("xml.too-deep", line=line, limit=MAX_DEPTH)
    lowered = detail.lower()
    if "amplification" in lowered or "entity" in lowered and "loop" in lowered:
        return _refuse("xml.entity-expansion", line=line)
    if "utf-8" in lowered or "encoding" in lowered or "invalid char" in lowered or "bytes:" in lowered:
        return _refuse("xml.encoding", line=line, detail=detail)
    return _refuse("xml.not-well-formed", line=line, detail=detail)


def _check_doctype(tree: etree._ElementTree) -> None:
    info = tree.docinfo
    dtd = info.internalDTD
    for entity in (dtd.iterentities() if dtd is not None else ()):
        if entity.system_url:
            raise _refuse("xml.external-entity", line=1, name=entity.name, location=entity.system_url)
    for entity in (dtd.iterentities() if dtd is not None else ()):
        raise _refuse("xml.entity-declaration", line=1, name=entity.name)
    if info.system_url or info.public_id:
        raise _refuse("xml.external-dtd", line=1, location=info.system_url or info.public_id)
    if info.doctype:
        raise _refuse("xml.doctype", line=1)


def _check_xinclude(data: bytes, root: etree._Element) -> None:
    # The namespace name is ASCII: absent from an ASCII-compatible document, no element can
    # be in it, and the tree walk is skipped. UTF-16/32 documents (NUL bytes) are walked.
    if b"XInclude" not in data and b"\x00" not in data[:4]:
        return
    for include in root.iter(*(f"{{{ns}}}include" for ns in XINCLUDE_NS)):
        raise _refuse("xml.xinclude", line=include.sourceline, location=include.get("href", "?"))


def parse_document(source: Source, max_bytes: int = MAX_BYTES) -> etree._ElementTree:
    """Parse an untrusted XML document, or raise :class:`DocumentRefused` saying why not."""
    data = read_bytes(source, max_bytes)
    head = data[:1024].lstrip()[:8]
    if not head and not data.strip():
        raise _refuse("xml.empty")
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise _refuse("xml.not-xml", kind=Text(kind))
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        raise _syntax_refusal(exc) from None
    _check_doctype(tree)
    _check_xinclude(data, tree.getroot())
    return tree


def schema_location_hint(root: etree._Element) -> str | None:
    """The schema location a document names for itself (never followed)."""
    return root.get(f"{{{XSI_NS}}}schemaLocation") or root.get(f"{{{XSI_NS}}}noNamespaceSchemaLocation")
