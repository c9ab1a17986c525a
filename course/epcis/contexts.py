"""The EPCIS 2.0 JSON-LD contexts, served offline, and the CBV vocabulary they define.

The contexts are the files shipped by the ``epcis-event-hash-generator`` package. A document
that names any other context is refused: nothing a document names is ever fetched.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

STANDARD = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
# URL -> file name in the package (the package names its files by their SHA-256).
SHIPPED = {
    STANDARD: "e532647e8eb371379b8b0e8602d8981c8566bc60f7351f22c76a5bc865962008.jsonld",
    "https://gs1.github.io/EPCIS/epcis-context.jsonld":
        "14b10c9d3e92d35f577bfc610fe5ec15aa2941124987919389d7cd9998516861.jsonld",
}


class UnknownContext(LookupError):
    def __init__(self, url: str):
        super().__init__(f"the JSON-LD context {url!r} is not shipped with the course and is never fetched")
        self.url = url


@lru_cache(maxsize=None)
def load(url: str) -> dict:
    """The context document at ``url``, from the installed package; UnknownContext otherwise."""
    if url not in SHIPPED:
        raise UnknownContext(url)
    text = resources.files("epcis_event_hash_generator").joinpath(SHIPPED[url]).read_text(encoding="utf-8")
    return json.loads(text)


def document_loader(url: str, options: dict | None = None) -> dict:
    """A pyld document loader that serves the shipped contexts and refuses every other URL."""
    from pyld.jsonld import JsonLdError

    try:
        document = load(url)
    except UnknownContext as exc:
        raise JsonLdError(str(exc), "jsonld.LoadDocumentError", code="loading document failed") from exc
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": document}


def expand(document: dict) -> list:
    """The JSON-LD expansion of ``document`` with the shipped contexts only (pyld, offline)."""
    from pyld import jsonld

    return jsonld.expand(document, {"documentLoader": document_loader})


@lru_cache(maxsize=None)
def vocabulary(term: str) -> frozenset[str]:
    """The CBV short names the standard context defines for ``term`` (bizStep, disposition, ...)."""
    return frozenset(load(STANDARD)["@context"][term]["@context"])


def context_error(context) -> str | None:
    """Why ``context`` is not a usable JSON-LD context (for example, it redefines a protected
    term of the standard context), or None. Only the shipped contexts are loaded."""
    return _context_error(json.dumps(context, sort_keys=True))


@lru_cache(maxsize=64)
def _context_error(context_json: str) -> str | None:
    from pyld.jsonld import JsonLdError

    try:
        expand({"@context": json.loads(context_json), "type": "EPCISDocument"})
    except JsonLdError as exc:
        return _first_line(exc)
    return None


def _first_line(exc: Exception) -> str:
    code = getattr(exc, "code", None)
    return f"{exc.args[0] if exc.args else exc}" + (f" ({code})" if code else "")


def unknown_contexts(context) -> list[str]:
    """The context URLs of ``context`` (a string, a list, or inline objects) that are not shipped."""
    items = context if isinstance(context, list) else [context]
    return [item for item in items if isinstance(item, str) and item not in SHIPPED]
