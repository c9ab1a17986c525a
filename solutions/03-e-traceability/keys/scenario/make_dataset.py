"""Generate the mango chain scenario of module 03 (e-traceability for agrifood trade).

Fresh mangoes (Keo Romeat) grown by smallholders in Cambodia travel to retailers in Thailand:
farms harvest lots; a cooperative's collection centres gather them; a packhouse that is also
the exporter grades and packs them into 10 kg cartons (a transformation: farm lots in, serialised
cartons out) and stacks the cartons on pallets; the plant protection service inspects the
consignment; three trucks cross the land border at Poipet / Aranyaprathet, where Thai plant
quarantine inspects them; an importer in Bangkok receives and unpacks the pallets and sends
cartons to six retail stores. Every step is recorded as a GS1 EPCIS 2.0 event (JSON-LD) with
CBV business steps and dispositions; every identifier is a GS1 key with a valid check digit.

The records hold deliberate defects, as real ones do (``DEFECTS`` below names them):
a missing event (a pallet unpacked at the importer that was never received there), a lot that
appears from nowhere (an input of a packing run that no farm harvested), an aggregation that
does not add up (a pallet unpacked with fewer cartons than were packed on it), a packing run
whose output exceeds its input (mass balance), and an electronic phytosanitary certificate
that disagrees with the events (net weight and one pallet).

This script writes, from ``random.Random(2026)`` (the same output on every run):

- ``events.jsonld``: the EPCIS 2.0 document of the chain;
- ``parties.csv`` and ``products.csv``: the master data (who and where each GLN is; each GTIN);
- ``ephyto/*.xml``: one electronic phytosanitary certificate per consignment, modelled on the
  UN/CEFACT SPS certificate;
- ``broken_events.jsonld``: a short event file with typical mistakes, for the repair exercise;
- ``forms/packing_record.csv``: four packing runs as the packhouse's paper records, for the
  trainer's kit;
- the answer keys in ``solutions/03-e-traceability/keys/``, from the facts the script built.

All companies, people, farms and references are invented; authorities appear by their function.

Usage (from the repository root):
    .venv/bin/python solutions/03-e-traceability/keys/scenario/make_dataset.py [--data DIR] [--keys DIR]

It lives with the answer keys, in the trainer's copy, because it plants the defects the
participants are asked to find.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

# This script lives with the answer keys, in the trainer's copy: it knows every planted defect.
REPO = Path(__file__).resolve().parents[4]
HERE = REPO / "datasets" / "mango_trace"
sys.path.insert(0, str(REPO))
from course.epcis.identifiers import gln, gtin, lgtin_uri, sgln_uri, sgtin_uri, sscc, sscc_uri  # noqa: E402

KEYS_DIR = REPO / "solutions" / "03-e-traceability" / "keys"
CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
OFFSET = "+07:00"  # Cambodia and Thailand share UTC+07:00
CARTON_KG = 10
CARTONS_PER_PALLET = 40
SEED = 2026

# GS1 company prefixes (7 digits, invented within the GS1 Cambodia 884 and GS1 Thailand 885 ranges).
COOP, PACKER, NPPO_KH, NPPO_TH, IMPORTER, RETAIL = "8841234", "8845678", "8840017", "8850021", "8859012", "8853456"
PREFIX_LENGTH = 7
MANGO_BULK = gtin(COOP, "00011")                # fresh mango, bulk crates from the farm, per kg
MANGO_CARTON = gtin(PACKER, "00101", indicator="1")  # fresh mango Keo Romeat, carton of 10 kg net

PROVINCES = ("Kampong Speu", "Takeo", "Kampot")
FARMERS = ("Sok Dara", "Chea Sophea", "Keo Vanna", "Lim Srey Pov", "Meas Sokha", "Nuon Bopha",
           "Pich Rith", "Ros Channa", "Seng Malis", "Touch Vuthy", "Vong Sothea", "Yim Kosal")
RETAILERS = ("Sukhumvit", "Lat Phrao", "Bang Na", "Nonthaburi", "Rangsit", "Samut Prakan")
DEFECTS = {
    "missing_event": "a pallet unpacked at the importer's warehouse that was never received there",
    "lot_from_nowhere": "an input lot of a packing run that no farm harvested",
    "aggregation_mismatch": "a pallet unpacked with fewer cartons than were packed on it",
    "mass_balance": "a packing run that put out more mango than went in",
    "certificate_mismatch": "a phytosanitary certificate whose net weight and pallets disagree with the shipment",
}


class Chain:
    """The scenario as it is built: events in time order and the facts the keys are taken from."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.events: list[dict] = []
        self.parties: list[dict] = []
        self.facts: dict = {}

    def uid(self) -> str:
        return f"urn:uuid:{uuid.UUID(int=self.rng.getrandbits(128), version=4)}"

    def party(self, prefix: str, reference: str, name: str, role: str, country: str, place: str) -> str:
        code = gln(prefix, reference)
        uri = sgln_uri(code, PREFIX_LENGTH)
        self.parties.append({"gln": code, "sgln": uri, "name": name, "role": role, "country": country, "place": place})
        return uri

    def location(self, role: str) -> str:
        return next(row["sgln"] for row in self.parties if row["role"] == role)

    def event(self, kind: str, when: datetime, body: dict) -> dict:
        event = {"type": kind, "eventTime": when.strftime("%Y-%m-%dT%H:%M:%S.000") + OFFSET,
                 "eventTimeZoneOffset": OFFSET, "eventID": self.uid(), **body}
        self.events.append(event)
        return event


def at(day: int, hour: float) -> datetime:
    return datetime(2026, 5, day) + timedelta(minutes=round(hour * 60))


def where(location: str) -> dict:
    return {"readPoint": {"id": location}, "bizLocation": {"id": location}}


def moved(source_party: str, source: str, destination_party: str, destination: str) -> dict:
    return {"sourceList": [{"type": "owning_party", "source": source_party}, {"type": "location", "source": source}],
            "destinationList": [{"type": "owning_party", "destination": destination_party},
                                {"type": "location", "destination": destination}]}


def build(rng: random.Random) -> Chain:
    chain = Chain(rng)
    farms = [chain.party(COOP, f"1{i:04d}", f"Farm of {name}", "farm", "KH", PROVINCES[(i - 1) % 3])
             for i, name in enumerate(FARMERS, start=1)]
    coop = chain.party(COOP, "00001", "Kampong Speu Mango Growers' Cooperative", "cooperative", "KH", "Kampong Speu")
    centres = [chain.party(COOP, f"0{i:04d}", f"Collection centre {p}", "collection centre", "KH", p)
               for i, p in enumerate(PROVINCES[:2], start=2)]
    packer = chain.party(PACKER, "00001", "Mekong Fresh Export Co., Ltd.", "exporter", "KH", "Phnom Penh")
    packhouse = chain.party(PACKER, "00002", "Mekong Fresh packhouse", "packhouse", "KH", "Kandal")
    nppo_kh = chain.party(NPPO_KH, "00001", "Plant protection service (export inspection)", "export inspection", "KH", "Phnom Penh")
    border = chain.party(NPPO_TH, "00001", "Plant quarantine station, Aranyaprathet", "import inspection", "TH", "Sa Kaeo")
    importer = chain.party(IMPORTER, "00001", "Siam Orchard Trading Co., Ltd.", "importer", "TH", "Bangkok")
    warehouse = chain.party(IMPORTER, "00002", "Siam Orchard warehouse", "importer warehouse", "TH", "Bangkok")
    retail_company = chain.party(RETAIL, "00001", "Golden Basket Markets Co., Ltd.", "retailer", "TH", "Bangkok")
    stores = [chain.party(RETAIL, f"1{i:04d}", f"Golden Basket {name}", "store", "TH", name)
              for i, name in enumerate(RETAILERS, start=1)]

    # 1. Harvest: 14 lots from 12 farms (two farms pick twice), commissioned at the farm.
    lots = []
    for n, farm_index in enumerate(list(range(12)) + [2, 7]):
        day = 4 + n // 7
        second = "-2" if n >= 12 else ""  # a farm's second pick gets a lot number of its own
        lot_no = f"{('KS', 'TK', 'KP')[farm_index % 3]}2605{day:02d}-F{farm_index + 1:02d}{second}"
        kg = rng.randrange(600, 1120, 10)
        lot = {"epc": lgtin_uri(MANGO_BULK, PREFIX_LENGTH, lot_no), "kg": kg, "farm": farms[farm_index],
               "centre": centres[farm_index % 2], "day": day}
        lots.append(lot)
        chain.event("ObjectEvent", at(day, 6 + rng.random() * 3), {
            "action": "ADD", "bizStep": "commissioning", "disposition": "active",
            "quantityList": [{"epcClass": lot["epc"], "quantity": kg, "uom": "KGM"}],
            **where(lot["farm"]), "ilmd": {"cbvmda:countryOfOrigin": "KH"}})
    # 2. Farm to collection centre to packhouse: shipping and receiving.
    for lot in lots:
        quantity = [{"epcClass": lot["epc"], "quantity": lot["kg"], "uom": "KGM"}]
        for leg, (src, dst, hour) in enumerate(((lot["farm"], lot["centre"], 10), (lot["centre"], packhouse, 14))):
            ship = at(lot["day"], hour + rng.random())
            chain.event("ObjectEvent", ship, {"action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
                                              "quantityList": quantity, **where(src),
                                              **moved(coop, src, coop if leg == 0 else packer, dst)})
            chain.event("ObjectEvent", ship + timedelta(minutes=rng.randrange(50, 150)), {
                "action": "OBSERVE", "bizStep": "receiving", "disposition": "in_progress", "quantityList": quantity,
                **where(dst), **moved(coop, src, coop if leg == 0 else packer, dst)})

    # 3. Packing runs: farm lots in, serialised 10 kg cartons out (after grading out 8 to 15%).
    stray = {"epc": lgtin_uri(MANGO_BULK, PREFIX_LENGTH, "KS260505-F13"), "kg": 780, "farm": None}
    groups = [[0, 1], [2, 3, 4], [5, 6], [7, 8, 14 - 1], [9, 10], [11, 12]]
    runs, cartons_all, serial = [], {}, 1000
    for r, members in enumerate(groups, start=1):
        inputs = [lots[i] for i in members] + ([stray] if r == 4 else [])
        kg_in = sum(x["kg"] for x in inputs)
        cartons_out = (int(kg_in * 1.18) // CARTON_KG + 1) if r == 5 else int(kg_in * rng.uniform(0.85, 0.92)) // CARTON_KG
        cartons = [sgtin_uri(MANGO_CARTON, PREFIX_LENGTH, str(serial + k)) for k in range(cartons_out)]
        serial += cartons_out
        run_id = f"urn:epc:id:gdti:{PACKER}.00001.2605060{r:02d}"
        chain.event("TransformationEvent", at(6, 7 + r * 1.2), {
            "inputQuantityList": [{"epcClass": x["epc"], "quantity": x["kg"], "uom": "KGM"} for x in inputs],
            "outputEPCList": cartons, "transformationID": run_id, "bizStep": "commissioning",
            "disposition": "active", **where(packhouse),
            "ilmd": {"cbvmda:countryOfOrigin": "KH", "cbvmda:bestBeforeDate": "2026-05-20"}})
        runs.append({"id": run_id, "inputs": inputs, "cartons": cartons, "kg_in": kg_in})
        for c in cartons:
            cartons_all[c] = run_id

    # 4. Palletising: 40 cartons per pallet, a run's remainder on a pallet of its own.
    pallets, pallet_serial = [], 1
    for run in runs:
        for start in range(0, len(run["cartons"]), CARTONS_PER_PALLET):
            sscc18 = sscc(PACKER, f"{260500000 + pallet_serial:09d}")
            pallet = {"epc": sscc_uri(sscc18, PREFIX_LENGTH), "sscc": sscc18, "run": run["id"],
                      "cartons": run["cartons"][start:start + CARTONS_PER_PALLET]}
            pallets.append(pallet)
            pallet_serial += 1
            chain.event("AggregationEvent", at(6, 15 + pallet_serial * 0.05), {
                "parentID": pallet["epc"], "childEPCs": pallet["cartons"], "action": "ADD", "bizStep": "packing",
                "disposition": "container_closed", **where(packhouse)})

    # 5. Three consignments, loaded in packing order: a run's pallets may straddle two trucks.
    consignments = []
    for k, (first, last) in enumerate(((0, 10), (10, 20), (20, len(pallets)))):
        loads = pallets[first:last]
        number = f"KH-PC-2026-{4471 + k:06d}"
        consignments.append({"number": number, "invoice": f"MFE-INV-2026-{318 + k}", "pallets": loads,
                             "truck": f"PP-3{rng.randrange(100, 999)}", "kg": sum(len(p["cartons"]) for p in loads) * CARTON_KG})
    for k, cons in enumerate(consignments):
        epcs = [p["epc"] for p in cons["pallets"]]
        bt = [{"type": "po", "bizTransaction": f"urn:epcglobal:cbv:bt:{gln(IMPORTER, '00001')}:SOT-PO-{8812 + k}"},
              {"type": "inv", "bizTransaction": f"urn:epcglobal:cbv:bt:{gln(PACKER, '00001')}:{cons['invoice']}"}]
        cons["biz_transactions"] = [b["bizTransaction"] for b in bt]
        chain.event("ObjectEvent", at(7, 6 + k * 0.7), {
            "action": "OBSERVE", "bizStep": "inspecting", "disposition": "conformant", "epcList": epcs, **where(packhouse),
            "bizTransactionList": [{"type": "inv", "bizTransaction": bt[1]["bizTransaction"]}],
            "sourceList": [{"type": "owning_party", "source": nppo_kh}]})
        chain.event("TransactionEvent", at(7, 7 + k * 0.7), {
            "action": "ADD", "bizStep": "shipping", "disposition": "in_transit", "epcList": epcs,
            "bizTransactionList": bt, **where(packhouse), **moved(packer, packhouse, importer, warehouse)})
        chain.event("ObjectEvent", at(7, 7.25 + k * 0.7), {
            "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit", "epcList": epcs,
            "bizTransactionList": bt, **where(packhouse), **moved(packer, packhouse, importer, warehouse)})
        chain.event("ObjectEvent", at(7, 12 + k * 0.7 + rng.random()), {
            "action": "OBSERVE", "bizStep": "inspecting", "disposition": "conformant", "epcList": epcs, **where(border)})
        received = epcs if k != 1 else epcs[:2] + epcs[3:]  # the missing event: one pallet never scanned in
        if k == 1:
            chain.facts["missing_event"] = epcs[2]
        chain.event("ObjectEvent", at(7, 17 + k * 0.7 + rng.random()), {
            "action": "OBSERVE", "bizStep": "receiving", "disposition": "in_progress", "epcList": received,
            "bizTransactionList": bt, **where(warehouse), **moved(packer, packhouse, importer, warehouse)})

    # 6. The importer unpacks every pallet and sends each pallet's cartons to one store.
    short = consignments[2]["pallets"][1]
    lost = short["cartons"][-2:]
    chain.facts["aggregation_mismatch"] = {"pallet": short["epc"], "missing": lost}
    store_of = {}
    for n, pallet in enumerate(sorted(pallets, key=lambda p: p["epc"])):
        children = [c for c in pallet["cartons"] if c not in lost]
        chain.event("AggregationEvent", at(8, 5 + n * 0.04), {
            "parentID": pallet["epc"], "childEPCs": children, "action": "DELETE", "bizStep": "unpacking",
            "disposition": "container_open", **where(warehouse)})
        store_of[pallet["epc"]] = stores[rng.randrange(len(stores))]
    for s, store in enumerate(stores):
        cartons = [c for p in pallets if store_of[p["epc"]] == store for c in p["cartons"] if c not in lost]
        if not cartons:
            continue
        ship = at(8, 8 + s * 0.5)
        desadv = [{"type": "desadv", "bizTransaction": f"urn:epcglobal:cbv:bt:{gln(IMPORTER, '00001')}:SOT-DN-{5501 + s}"}]
        chain.event("ObjectEvent", ship, {"action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
                                          "epcList": cartons, "bizTransactionList": desadv, **where(warehouse),
                                          **moved(importer, warehouse, retail_company, store)})
        chain.event("ObjectEvent", ship + timedelta(minutes=rng.randrange(60, 180)), {
            "action": "OBSERVE", "bizStep": "receiving", "disposition": "sellable_accessible", "epcList": cartons,
            "bizTransactionList": desadv, **where(store), **moved(importer, warehouse, retail_company, store)})

    chain.events.sort(key=lambda e: e["eventTime"])
    chain.facts.update(lots=lots, runs=runs, pallets=pallets, consignments=consignments, store_of=store_of,
                       stray=stray["epc"], mass_balance=runs[4]["id"], farms=farms, stores=stores)
    chain.facts["certificate_mismatch"] = consignments[2]["number"]
    return chain


def document(events: list[dict], created: str) -> dict:
    return {"@context": [CONTEXT], "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": created,
            "epcisBody": {"eventList": events}}


def certificate(cons: dict, chain: Chain, wrong: bool) -> str:
    """An ePhyto modelled on the UN/CEFACT SPS certificate; ``wrong`` makes it disagree with the events."""
    facts = chain.facts
    pallets = [p["sscc"] for p in cons["pallets"]]
    kg = cons["kg"]
    if wrong:  # issued from the packing plan: a pallet of another truck, and the planned weight
        other = facts["consignments"][0]["pallets"][0]["sscc"]
        pallets = pallets[:-1] + [other]
        kg = kg + 400
    farms = sorted({lot["farm"] for p in cons["pallets"] for lot in _inputs(facts, p["run"]) if lot["farm"]})
    places = sorted({row["place"] for row in chain.parties if row["sgln"] in farms})
    packages = "\n".join(f"        <PhysicalSPSPackage><LevelCode>1</LevelCode><TypeCode>PX</TypeCode>"
                         f"<ItemQuantity>1</ItemQuantity><ID schemeID=\"SSCC\">{s}</ID></PhysicalSPSPackage>"
                         for s in pallets)
    origins = "\n".join(f"        <OriginSPSLocation><Name>{escape(p)}, Cambodia</Name></OriginSPSLocation>"
                        for p in places)
    cartons = sum(len(p["cartons"]) for p in cons["pallets"])
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<SPSCertificate xmlns="urn:paperless-trade-course:ephyto:1">
  <SPSExchangedDocument>
    <ID>{cons['number']}</ID>
    <TypeCode>851</TypeCode>
    <StatusCode>70</StatusCode>
    <IssueDateTime>2026-05-07T06:30:00+07:00</IssueDateTime>
    <IssuerSPSParty><Name>Plant protection service, Cambodia</Name><ID schemeID="GLN">{gln(NPPO_KH, '00001')}</ID></IssuerSPSParty>
    <ReferenceSPSReferencedDocument><TypeCode>380</TypeCode><ID>{cons['invoice']}</ID></ReferenceSPSReferencedDocument>
  </SPSExchangedDocument>
  <SPSConsignment>
    <ConsignorSPSParty><Name>Mekong Fresh Export Co., Ltd.</Name><ID schemeID="GLN">{gln(PACKER, '00001')}</ID></ConsignorSPSParty>
    <ConsigneeSPSParty><Name>Siam Orchard Trading Co., Ltd.</Name><ID schemeID="GLN">{gln(IMPORTER, '00001')}</ID></ConsigneeSPSParty>
    <ExportSPSCountry><ID>KH</ID></ExportSPSCountry>
    <ImportSPSCountry><ID>TH</ID></ImportSPSCountry>
    <UnloadingBaseportSPSLocation><Name>Aranyaprathet</Name></UnloadingBaseportSPSLocation>
    <MainCarriageSPSTransportMovement><ModeCode>3</ModeCode><UsedSPSTransportMeans><Name>{cons['truck']}</Name></UsedSPSTransportMeans></MainCarriageSPSTransportMovement>
    <IncludedSPSConsignmentItem>
      <IncludedSPSTradeLineItem>
        <SequenceNumeric>1</SequenceNumeric>
        <Description>Fresh mangoes, Keo Romeat, in cartons of 10 kg</Description>
        <CommonName>Mango</CommonName>
        <ScientificName>Mangifera indica</ScientificName>
        <IntendedUse>Consumption</IntendedUse>
        <ClassificationCode listID="HS">080450</ClassificationCode>
        <ProductID schemeID="GTIN">{MANGO_CARTON}</ProductID>
        <NetWeightMeasure unitCode="KGM">{kg}</NetWeightMeasure>
        <PackageQuantity unitCode="CT">{cartons}</PackageQuantity>
{packages}
{origins}
      </IncludedSPSTradeLineItem>
    </IncludedSPSConsignmentItem>
  </SPSConsignment>
  <SPSCertifyingDeclaration>
    <Text>Inspected by the official procedure on the date below; found free of the quarantine pests that Thailand regulates for fresh mango.</Text>
    <InspectionDateTime>2026-05-07T06:00:00+07:00</InspectionDateTime>
  </SPSCertifyingDeclaration>
</SPSCertificate>
"""


def _inputs(facts: dict, run_id: str) -> list[dict]:
    return next(r["inputs"] for r in facts["runs"] if r["id"] == run_id)


def broken(chain: Chain) -> dict:
    """Five events with the mistakes participants learn to spot and repair."""
    facts = chain.facts
    lot, pallet = facts["lots"][0], facts["pallets"][0]
    link = f"https://id.gs1.org/01/{MANGO_CARTON[:-1]}{(int(MANGO_CARTON[-1]) + 3) % 10}/21/1000"
    events = [
        {"type": "ObjectEvent", "eventTime": "2026-05-04T07:10:00.000+07:00", "eventTimeZoneOffset": "+07:00",
         "action": "ADDED", "bizStep": "commissioning", "disposition": "active",
         "quantityList": [{"epcClass": lot["epc"], "quantity": str(lot["kg"]), "uom": "KGM"}], **where(lot["farm"])},
        {"type": "ObjectEvent", "eventTime": "2026-05-04T10:30:00.000", "eventTimeZoneOffset": "+07:00",
         "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
         "quantityList": [{"epcClass": lot["epc"], "quantity": lot["kg"], "uom": "KGM"}], **where(lot["farm"])},
        {"type": "AggregationEvent", "eventTime": "2026-05-06T16:00:00.000+07:00", "eventTimeZoneOffset": "+07:00",
         "parentID": pallet["epc"], "childEPCs": [link, *pallet["cartons"][1:3]], "action": "ADD",
         "bizStep": "packing", "disposition": "container_closed", **where(chain.facts["farms"][0])},
        {"type": "ObjectEvent", "eventTime": "2026-05-07T07:15:00.000+07:00", "eventTimeZoneOffset": "+07:00",
         "action": "OBSERVE", "bizStep": "shiping", "disposition": "in_transit", "epcList": [pallet["epc"]],
         **where(chain.location("packhouse"))},
        {"type": "ObjectEvent", "eventTime": "2026-05-07T05:40:00.000+07:00", "eventTimeZoneOffset": "+07:00",
         "action": "OBSERVE", "bizStep": "receiving", "disposition": "in_progress", "epcList": [pallet["epc"]],
         **where(chain.location("importer warehouse"))},
    ]
    return document(events, "2026-05-07T18:00:00.000+07:00")


def keys(chain: Chain) -> dict[str, object]:
    facts = chain.facts
    runs = {r["id"]: r for r in facts["runs"]}
    # Trace back from a carton sold at a store, whose packing run took the stray lot.
    run4 = facts["runs"][3]
    carton = next(c for c in run4["cartons"] if c not in facts["aggregation_mismatch"]["missing"])
    back_lots = sorted(x["epc"] for x in run4["inputs"])
    back = {"carton": carton, "lots": back_lots,
            "farms": sorted({x["farm"] for x in run4["inputs"] if x["farm"]}), "unknown_origin": [facts["stray"]]}
    # Trace forward from a farm lot found with a pesticide residue above the limit.
    lot = facts["lots"][5]
    run_ids = [r["id"] for r in facts["runs"] if any(x["epc"] == lot["epc"] for x in r["inputs"])]
    pallets = [p for p in facts["pallets"] if p["run"] in run_ids]
    forward = {"lot": lot["epc"], "runs": run_ids,
               "pallets": sorted(p["epc"] for p in pallets),
               "consignments": sorted(c["number"] for c in facts["consignments"]
                                      if any(p in c["pallets"] for p in pallets)),
               "stores": sorted({facts["store_of"][p["epc"]] for p in pallets}),
               "cartons": sum(len(runs[r]["cartons"]) for r in run_ids)}
    balance = [{"run": r["id"], "input_kg": r["kg_in"], "output_kg": len(r["cartons"]) * CARTON_KG,
                "inconsistent": len(r["cartons"]) * CARTON_KG > r["kg_in"]} for r in facts["runs"]]
    defects = {"missing_event": facts["missing_event"], "lot_from_nowhere": facts["stray"],
               "aggregation_mismatch": facts["aggregation_mismatch"], "mass_balance": facts["mass_balance"],
               "certificate_mismatch": facts["certificate_mismatch"]}
    shipments = {c["number"]: {"net_kg": c["kg"], "pallets": sorted(p["sscc"] for p in c["pallets"]),
                               "cartons": sum(len(p["cartons"]) for p in c["pallets"]), "invoice": c["invoice"]}
                 for c in facts["consignments"]}
    return {"trace_back.json": back, "trace_forward.json": forward, "mass_balance.json": balance,
            "defects.json": defects, "shipments.json": shipments}


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# The packing runs printed for the kit's paper exercise: those that balance. Run 4 (the lot
# from nowhere) and run 5 (more out than in) are for the lessons and the assignment to find.
PRINTED_RUNS = (1, 2, 3, 6)
RECORD_COLUMNS = ["sheet", "Packing Run No.", "Date", "Packhouse", "Product", "Line", "Lot or Cartons",
                  "Grown by", "Kilograms"]


def packing_records(chain: Chain) -> list[dict]:
    """The packhouse's paper record of each printed run: the farm lots weighed in, the cartons packed."""
    names = {row["sgln"]: row["name"] for row in chain.parties}
    when = {e["transformationID"]: e["eventTime"][:10] for e in chain.events if e["type"] == "TransformationEvent"}
    rows = []
    for number in PRINTED_RUNS:
        run = chain.facts["runs"][number - 1]
        head = {"sheet": f"R{number:02d}", "Packing Run No.": run["id"].rsplit(".", 1)[1], "Date": when[run["id"]],
                "Packhouse": "Mekong Fresh packhouse, Kandal", "Product": "Fresh mango Keo Romeat"}
        for lot in run["inputs"]:
            rows.append({**head, "Line": "in", "Lot or Cartons": lot["epc"].rsplit(".", 1)[1],
                         "Grown by": names[lot["farm"]], "Kilograms": lot["kg"]})
        first, last = (c.rsplit(".", 1)[1] for c in (run["cartons"][0], run["cartons"][-1]))
        rows.append({**head, "Line": "out", "Lot or Cartons": f"cartons {first} to {last} ({len(run['cartons'])} x {CARTON_KG} kg)",
                     "Grown by": "", "Kilograms": len(run["cartons"]) * CARTON_KG})
    return rows


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE, help="where the scenario goes (default: datasets/mango_trace)")
    parser.add_argument("--keys", type=Path, default=KEYS_DIR, help="where the answer keys go")
    args = parser.parse_args(argv)
    data, keys_dir = args.data, args.keys
    data.mkdir(parents=True, exist_ok=True)
    chain = build(random.Random(SEED))
    write_json(data / "events.jsonld", document(chain.events, "2026-05-08T20:00:00.000+07:00"))
    write_json(data / "broken_events.jsonld", broken(chain))
    write_csv(data / "parties.csv", chain.parties, ["gln", "sgln", "name", "role", "country", "place"])
    write_csv(data / "products.csv", [
        {"gtin": MANGO_BULK, "description": "Fresh mango, bulk from the farm", "unit": "KGM", "net_kg": ""},
        {"gtin": MANGO_CARTON, "description": "Fresh mango Keo Romeat, carton", "unit": "carton", "net_kg": CARTON_KG}],
        ["gtin", "description", "unit", "net_kg"])
    (data / "forms").mkdir(exist_ok=True)
    write_csv(data / "forms" / "packing_record.csv", packing_records(chain), RECORD_COLUMNS)
    (data / "ephyto").mkdir(exist_ok=True)
    for cons in chain.facts["consignments"]:
        text = certificate(cons, chain, wrong=cons["number"] == chain.facts["certificate_mismatch"])
        (data / "ephyto" / f"{cons['number']}.xml").write_text(text, encoding="utf-8")
    keys_dir.mkdir(parents=True, exist_ok=True)
    for name, data in keys(chain).items():
        # One line per key file: an indented key would share lines (a lone identifier) with the public
        # events, and the participants' bundle refuses any file that holds a line of a key.
        (keys_dir / name).write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(chain.events)} events, {len(chain.facts['pallets'])} pallets, "
          f"{sum(len(r['cartons']) for r in chain.facts['runs'])} cartons; keys in {keys_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
