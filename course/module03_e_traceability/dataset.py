"""The mango chain scenario of module 03: its events, master data, certificates and (trainer only) keys."""
from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path

from .. import paths
from ..checks import keys
from ..epcis import identifiers
from ..xml.safe import parse_document

ASSIGNMENT = "03-e-traceability"
EPHYTO_NS = "urn:paperless-trade-course:ephyto:1"


def folder() -> Path:
    return paths.datasets() / "mango_trace"


def events_path() -> Path:
    return folder() / "events.jsonld"


@lru_cache(maxsize=None)
def _text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def document() -> dict:
    """The scenario's EPCIS 2.0 document (a fresh copy each call)."""
    return json.loads(_text(str(events_path())))


def broken_document() -> dict:
    return json.loads(_text(str(folder() / "broken_events.jsonld")))


def parties() -> list[dict]:
    with (folder() / "parties.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def unit_kg() -> dict[str, float]:
    """Net kilograms per item of each GTIN sold by the item (the carton), for the mass balance."""
    with (folder() / "products.csv").open(encoding="utf-8") as f:
        return {row["gtin"]: float(row["net_kg"]) for row in csv.DictReader(f) if row["net_kg"]}


def location(role: str) -> str:
    """The SGLN of the first party with ``role`` (farm, packhouse, importer warehouse, store, ...)."""
    return next(row["sgln"] for row in parties() if row["role"] == role)


def gln_of(value) -> str:
    """A GLN-13 from an SGLN URI, a GS1 Digital Link or a GLN itself; the text unchanged otherwise."""
    text = str(value).strip()
    if text.isdigit():
        return text
    try:
        return identifiers.parse(text).key
    except identifiers.IdentifierError:
        return text


def certificates() -> dict[str, dict]:
    """The scenario's phytosanitary certificates by number: invoice, net weight, cartons, pallets."""
    found = {}
    for path in sorted((folder() / "ephyto").glob("*.xml")):
        found[path.stem] = certificate_facts(path.read_bytes())
    return found


def certificate_facts(source) -> dict:
    """What a certificate says about its consignment (raises DocumentRefused on unreadable XML)."""
    root = parse_document(source).getroot()
    ns = {"e": EPHYTO_NS}

    def text(path):
        found = root.find(path, ns)
        return found.text.strip() if found is not None and found.text else ""

    return {"number": text("e:SPSExchangedDocument/e:ID"),
            "invoice": text("e:SPSExchangedDocument/e:ReferenceSPSReferencedDocument/e:ID"),
            "consignor": text("e:SPSConsignment/e:ConsignorSPSParty/e:ID"),
            "consignee": text("e:SPSConsignment/e:ConsigneeSPSParty/e:ID"),
            "net_kg": text(".//e:IncludedSPSTradeLineItem/e:NetWeightMeasure"),
            "cartons": text(".//e:IncludedSPSTradeLineItem/e:PackageQuantity"),
            "pallets": sorted(p.text.strip() for p in root.iterfind(".//e:PhysicalSPSPackage/e:ID", ns) if p.text)}


def certificate_by_invoice() -> dict[str, str]:
    """Invoice number -> certificate number, to name a consignment found through its invoice."""
    return {facts["invoice"]: number for number, facts in certificates().items()}


def key(name: str) -> Path:
    """An answer key file of this module's assignment (grading processes only)."""
    return keys.path(ASSIGNMENT, name)


def key_json(name: str):
    return json.loads(key(name).read_text(encoding="utf-8"))
