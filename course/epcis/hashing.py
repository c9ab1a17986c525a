"""The EPCIS event hash (GS1's algorithm for a unique, content-based event ID), offline.

The hash is computed by PyPI's ``epcis-event-hash-generator``. That package would fetch an
unknown JSON-LD context from the web; here the document is read first (only the shipped
contexts are accepted, see :mod:`course.epcis.reading`) and pyld's loader is the course's
offline one, so nothing is ever fetched.
"""
from __future__ import annotations

import copy
import logging

from .contexts import document_loader
from .reading import Source, read

ALGORITHMS = ("sha256", "sha3-256", "sha384", "sha512")


def _library():
    from epcis_event_hash_generator import hash_generator, json_to_py  # sets pyld's global loader on import
    from pyld import jsonld

    jsonld.set_document_loader(document_loader)  # replace the package's loader, which falls back to the web
    return hash_generator, json_to_py


def event_hashes(source: Source, algorithm: str = "sha256") -> list[str]:
    """One ``ni:///sha-256;...?ver=CBV2.0`` hash per event of the document, in its order."""
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown hash algorithm {algorithm!r}; use one of {', '.join(ALGORITHMS)}")
    document = copy.deepcopy(read(source))
    hash_generator, json_to_py = _library()
    logging.getLogger().disabled, before = True, logging.getLogger().disabled  # the package logs every event
    try:
        events = json_to_py.event_list_from_epcis_document_json(document)
        return hash_generator.epcis_hashes_from_events(events, algorithm)
    finally:
        logging.getLogger().disabled = before


def prehashes(source: Source) -> list[str]:
    """The canonical text of each event that the hash is computed from (to see why two hashes differ)."""
    document = copy.deepcopy(read(source))
    hash_generator, json_to_py = _library()
    return hash_generator.derive_prehashes_from_events(json_to_py.event_list_from_epcis_document_json(document))
