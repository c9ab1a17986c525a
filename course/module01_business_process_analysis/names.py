"""Names as people write them, brought to the scenario's names: activities, actors and documents.

Activities go through the scenario's public synonyms (``synonyms.json``); actors and documents
through the short names traders use in the interviews ("the phyto", "the PL", "the broker").
Anything else is matched to the closest spelling by :class:`course.bpmn.compare.Names`.
"""
from __future__ import annotations

from functools import lru_cache

from ..bpmn.compare import Names
from . import dataset

ACTORS = {
    "Exporter": ["rice mill", "seller", "the exporter", "exporter's export office", "mill"],
    "Freight forwarder / customs broker": ["freight forwarder", "forwarder", "customs broker", "broker",
                                           "forwarder and broker", "freight forwarder and customs broker",
                                           "forwarder / broker"],
    "Chamber of commerce": ["chamber", "chamber of commerce and industry"],
    "Plant quarantine": ["plant quarantine agency", "plant quarantine office", "quarantine", "plant protection",
                         "NPPO", "plant protection office"],
    "Customs": ["customs administration", "customs office", "customs department"],
    "Bank": ["exporter's bank", "advising bank", "negotiating bank"],
    "Port and terminal operator": ["port", "terminal", "terminal operator", "port operator", "port authority"],
    "Carrier": ["shipping line", "line", "ocean carrier", "shipping line agency"],
    "Single Window": ["national single window", "SW"],
}

DOCUMENTS = {
    "Phytosanitary certificate": ["phyto", "phytosanitary", "PC"],
    "Phytosanitary certificate application": ["phyto application", "application for the phytosanitary certificate",
                                              "phytosanitary application"],
    "Fumigation certificate": ["fumi", "fumigation", "fumigation cert"],
    "Packing list": ["PL"],
    "Commercial invoice": ["invoice"],
    "Certificate of origin (ATIGA Form D)": ["Form D", "certificate of origin", "CO", "ATIGA Form D"],
    "Form D application": ["application for the Form D", "certificate of origin application", "CO application"],
    "Bill of lading": ["B/L", "BL"],
    "Letter of credit": ["L/C", "LC"],
    "Export declaration": ["declaration", "customs declaration", "SAD", "ASYCUDA declaration"],
    "Shipping instructions": ["SI"],
    "Verified gross mass declaration": ["VGM"],
    "Equipment interchange receipt": ["EIR"],
}


@lru_cache(maxsize=None)
def activities() -> Names:
    return Names(dataset.synonyms())


@lru_cache(maxsize=None)
def actors() -> Names:
    return Names(ACTORS)


@lru_cache(maxsize=None)
def documents() -> Names:
    return Names(DOCUMENTS)


def pair(names: Names, wanted: list[str], offered: list[str]) -> dict[int, int]:
    """Index in ``wanted`` -> index in ``offered``, one to one, by name, synonyms and spelling."""
    found = names.match([(str(i), w) for i, w in enumerate(wanted)], [(str(j), o) for j, o in enumerate(offered)])
    return {int(w): int(o) for w, (o, _spelling) in found.items()}
