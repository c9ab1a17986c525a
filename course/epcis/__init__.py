"""GS1 EPCIS 2.0 traceability events: reading, checking, hashing and tracing them, offline.

- :mod:`.identifiers`: GS1 keys (GTIN, SSCC, GLN), their check digits, EPC URIs and GS1 Digital Links;
- :func:`validate`: an event document against the course's EPCIS 2.0 teaching JSON Schema, the
  CBV vocabulary of the standard JSON-LD context, identifiers and times, answered with findings;
- :func:`event_hashes`: the standard's event hash (PyPI's ``epcis-event-hash-generator``);
- :func:`expand`: JSON-LD expansion with pyld and the shipped contexts;
- :class:`Chain`: trace back and forward over a graph of the events, custody gaps, lots without
  origin, aggregations that do not add up, and the mass balance of transformations.

Only the JSON-LD contexts installed with ``epcis-event-hash-generator`` resolve: nothing a
document names is fetched.
"""
from . import messages  # noqa: F401  (registers the epcis.* and chain.* finding codes)
from .chain import Chain, Trace
from .contexts import expand
from .hashing import event_hashes
from .reading import read
from .validate import validate

__all__ = ["validate", "event_hashes", "expand", "read", "Chain", "Trace"]
