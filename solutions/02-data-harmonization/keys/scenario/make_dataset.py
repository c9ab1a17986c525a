"""Generate the tuna export scenario of module 02 (data harmonization and modelling).

Twelve consignments of frozen and canned tuna travel by sea from Malé, Maldives, to
Laem Chabang or Bangkok, Thailand. Each consignment is described by six trade documents,
and each document prints the same facts under its own labels and in its own formats.
This script writes, from one set of definitions, into ``datasets/tuna/``:

- ``documents/*.csv``: one file per document type, one row per goods line, the column
  headers exactly as the form prints its labels;
- ``codelists/*.csv``: the code lists the scenario needs;
- ``reference_elements.csv``: the harmonized Single Window dataset (the reference model);
- the answer keys in ``solutions/02-data-harmonization/keys/`` (field mapping, synonyms,
  format conflicts, deliberate discrepancies), which are never given to participants;
- and, through ``datasets/schemas/swds/make_swds.py``, the ``swds`` XML schema and its
  sample instances.

The script stays with the keys: its definitions say which label is which element and which
discrepancies are planted, so participants never receive it either.

The output is the same on every run: the only randomness comes from
``random.Random(2026)``, and no timestamp is written. Country and currency names come
from the installed pycountry package.

Usage (from the repository root):

    .venv/bin/python solutions/02-data-harmonization/keys/scenario/make_dataset.py [--data DIR] [--keys DIR]

``--data`` and ``--keys`` write elsewhere (to check that a run gives the committed files); the
schema and its samples are then left alone, since they are made from the course's own data.
"""
from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[4]
DATA_DIR = REPO / "datasets" / "tuna"
KEYS_DIR = REPO / "solutions" / "02-data-harmonization" / "keys"
SWDS_DIR = REPO / "datasets" / "schemas" / "swds"

SEED = 2026
USD_TO_MVR = Decimal("15.42")  # fixed customs exchange rate used for the statistical value

# ---------------------------------------------------------------------------------------
# The reference model: the harmonized Single Window dataset for this flow
# ---------------------------------------------------------------------------------------

REFERENCE_COLUMNS = ["element", "definition", "data_type", "format", "code_list",
                     "mandatory", "ccl_bie", "tded"]


@dataclass(frozen=True)
class Element:
    element: str
    definition: str
    data_type: str  # text, code, decimal, integer, date, identifier
    format: str
    code_list: str
    mandatory: str  # yes / no
    ccl_bie: str  # path of element names in the CII D22B reusable ABIE schema, or ""
    tded: str  # UN/TDED number, or ""


_DOC_REF = "AssociatedReferencedDocument"
_CERT_REF = "SpecifiedTradeProduct/CertificationEvidenceReferenceReferencedDocument"
_DELIVERY = "SpecifiedLineTradeDelivery"
_PACKAGING = "SpecifiedLineTradeDelivery/IncludedSupplyChainPackaging"

REFERENCE_ELEMENTS: list[Element] = [
    # Declaration, certificates and commercial references
    Element("DeclarationNumber",
            "The reference number that customs gives the export goods declaration when it is lodged.",
            "identifier", "up to 35 characters", "", "yes",
            f"{_DOC_REF}/IssuerAssignedID", "1004"),
    Element("DeclarantName",
            "The name of the person or company that lodges the export declaration, usually a licensed customs broker acting for the exporter.",
            "text", "up to 256 characters", "", "no",
            "CustomsExportAgentTradeParty/Name", "3036"),
    Element("CertificateNumber",
            "The reference number of the certificate of origin issued for the consignment.",
            "identifier", "up to 35 characters, e.g. MV-2026-000123", "", "no",
            f"{_CERT_REF}/IssuerAssignedID", "1004"),
    Element("CertificateIssueDate",
            "The date on which the certificate of origin was issued.",
            "date", "YYYY-MM-DD", "", "no",
            f"{_CERT_REF}/FormattedIssueDateTime", "2380"),
    Element("HealthCertificateNumber",
            "The reference number of the fish health (sanitary) certificate issued for the consignment.",
            "identifier", "up to 35 characters", "", "no",
            f"{_CERT_REF}/IssuerAssignedID", "1004"),
    Element("HealthCertificateIssueDate",
            "The date on which the competent authority signed the fish health certificate.",
            "date", "YYYY-MM-DD", "", "no",
            f"{_CERT_REF}/FormattedIssueDateTime", "2380"),
    Element("InvoiceNumber",
            "The number the seller gives the commercial invoice that covers the consignment.",
            "identifier", "up to 35 characters", "", "yes",
            "InvoiceReferencedDocument/IssuerAssignedID", "1004"),
    Element("InvoiceDate",
            "The date of issue of the commercial invoice.",
            "date", "YYYY-MM-DD", "", "yes",
            "InvoiceReferencedDocument/FormattedIssueDateTime", "2380"),
    Element("InvoiceCurrency",
            "The currency in which the amounts of the commercial invoice are expressed.",
            "code", "3 letters", "ISO 4217", "yes",
            "InvoiceCurrencyCode", "6345"),
    Element("DeliveryTermsCode",
            "The Incoterms rule agreed between seller and buyer, without the named place.",
            "code", "3 letters", "Incoterms 2020", "no",
            "ApplicableTradeDeliveryTerms/DeliveryTypeCode", "4053"),
    Element("TransportDocumentNumber",
            "The number of the bill of lading or other transport document issued by the carrier.",
            "identifier", "up to 35 characters", "", "yes",
            "TransportContractReferencedDocument/IssuerAssignedID", "1004"),
    # Parties
    Element("ConsignorName",
            "The name of the party that sends the goods; in this flow the exporter and seller.",
            "text", "up to 256 characters", "", "yes",
            "ConsignorTradeParty/Name", "3036"),
    Element("ConsignorAddress",
            "The street, building and city lines of the consignor's postal address, without the country.",
            "text", "up to 256 characters", "", "no",
            "ConsignorTradeParty/PostalTradeAddress/LineOne", ""),
    Element("ConsignorCountry",
            "The country of the consignor's address.",
            "code", "2 letters", "ISO 3166-1 alpha-2", "yes",
            "ConsignorTradeParty/PostalTradeAddress/CountryID", "3207"),
    Element("ConsigneeName",
            "The name of the party to which the goods are sent; in this flow the importer and buyer.",
            "text", "up to 256 characters", "", "yes",
            "ConsigneeTradeParty/Name", "3036"),
    Element("ConsigneeAddress",
            "The street, building and city lines of the consignee's postal address, without the country.",
            "text", "up to 256 characters", "", "no",
            "ConsigneeTradeParty/PostalTradeAddress/LineOne", ""),
    Element("ConsigneeCountry",
            "The country of the consignee's address.",
            "code", "2 letters", "ISO 3166-1 alpha-2", "yes",
            "ConsigneeTradeParty/PostalTradeAddress/CountryID", "3207"),
    # Transport
    Element("TransportMode",
            "The mode of transport by which the goods leave the exporting country.",
            "code", "1 digit, 1 to 9", "UN/ECE Rec 19", "yes",
            "SpecifiedLogisticsTransportMovement/ModeCode", "8067"),
    Element("VesselName",
            "The name of the sea-going vessel that carries the goods, without the voyage number.",
            "text", "up to 35 characters", "", "no",
            "SpecifiedLogisticsTransportMovement/UsedLogisticsTransportMeans/Name", "8212"),
    Element("LoadingPort",
            "The seaport where the goods are loaded on the vessel in the exporting country.",
            "code", "UN/LOCODE 5 letters", "UN/LOCODE", "yes",
            "", "3225"),
    Element("DischargePort",
            "The seaport where the goods are unloaded from the vessel in the country of destination.",
            "code", "UN/LOCODE 5 letters", "UN/LOCODE", "yes",
            "", "3225"),
    Element("DestinationCountry",
            "The country to which the goods are exported, as declared to customs.",
            "code", "2 letters", "ISO 3166-1 alpha-2", "yes",
            "", "3207"),
    # Goods items
    Element("SequenceNumber",
            "The number of the goods item within the consignment, counting from 1.",
            "integer", "1, 2, 3 and so on", "", "yes",
            "AssociatedDocumentLineDocument/LineID", "1082"),
    Element("HSCode",
            "The tariff classification of the goods: the HS subheading, optionally followed by national tariff digits.",
            "code", "[0-9]{6,10}", "HS", "yes",
            "SpecifiedTradeProduct/DesignatedProductClassification/ClassCode", "7357"),
    Element("GoodsDescription",
            "A plain-language description of the goods, precise enough for customs and the inspection authority to identify them.",
            "text", "up to 512 characters", "", "yes",
            "SpecifiedTradeProduct/Name", "7008"),
    Element("ScientificName",
            "The scientific name (genus and species) of the fish, as the fish health authority requires it.",
            "text", "Genus species, e.g. Katsuwonus pelamis", "", "no",
            "", ""),
    Element("OriginCountry",
            "The country in which the goods were wholly obtained or last substantially transformed.",
            "code", "2 letters", "ISO 3166-1 alpha-2", "yes",
            "SpecifiedTradeProduct/OriginTradeCountry/ID", "3207"),
    Element("PackageCount",
            "The number of packages of the goods item, counted at the outermost level of packing.",
            "integer", "positive whole number", "", "yes",
            f"{_DELIVERY}/PackageQuantity", "7224"),
    Element("PackageType",
            "The kind of package counted in PackageCount.",
            "code", "2 characters", "UN/ECE Rec 21", "yes",
            f"{_PACKAGING}/TypeCode", "7065"),
    Element("GrossWeight",
            "The weight of the goods item including all packaging but excluding the container.",
            "decimal", "decimal, kg", "", "yes",
            f"{_DELIVERY}/GrossWeightMeasure", ""),
    Element("NetWeight",
            "The weight of the goods item without any packaging.",
            "decimal", "decimal, kg", "", "yes",
            f"{_DELIVERY}/NetWeightMeasure", ""),
    Element("InvoiceAmount",
            "The invoiced value of the goods item, in the invoice currency.",
            "decimal", "decimal, 2 decimal places", "", "yes",
            "SpecifiedLineTradeSettlement/SpecifiedTradeSettlementLineMonetarySummation/LineTotalAmount", "5004"),
    Element("ShippingMarks",
            "The marks and numbers written on the packages, which identify them in transport and storage.",
            "text", "up to 512 characters", "", "no",
            f"{_PACKAGING}/SpecifiedPackagingMarking/Content", "7102"),
    Element("ContainerNumber",
            "The identification of the freight container in which the goods item travels.",
            "identifier", "ISO 6346: 4 letters and 7 digits, e.g. LGLU1234565", "", "no",
            "UtilizedLogisticsTransportEquipment/ID", "8260"),
]
ELEMENT_NAMES = [e.element for e in REFERENCE_ELEMENTS]

# ---------------------------------------------------------------------------------------
# Scenario: parties, products, ports
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    key: str
    name: str  # as on the party's own letterhead
    legal_name: str  # full legal form, as on official certificates
    dotted_name: str  # the abbreviated form with full stops
    address: str  # street, building and city lines, without the country
    city: str
    country: str  # ISO 3166-1 alpha-2
    customs_code: str = ""
    mark: str = ""  # short code used in shipping marks
    producer: str = ""  # text printed in the Producer box of the certificate of origin


EXPORTERS = [
    Party("BRS", "Blue Reef Seafoods Pvt Ltd", "Blue Reef Seafoods Private Limited",
          "Blue Reef Seafoods Pvt. Ltd.",
          "M. Fehi Ruh, Boduthakurufaanu Magu, Malé 20094", "Malé", "MV",
          customs_code="MV00123", mark="BRS",
          producer="Maldivian pole-and-line fishing vessels supplying Blue Reef Seafoods"),
    Party("RPL", "Raalhu Pole & Line Fisheries Pvt Ltd", "Raalhu Pole & Line Fisheries Private Limited",
          "Raalhu Pole & Line Fisheries Pvt. Ltd.",
          "H. Kandumas, Ameenee Magu, Malé 20187", "Malé", "MV",
          customs_code="MV00457", mark="RPL", producer="SAME AS EXPORTER"),
    Party("ACE", "Atoll Catch Exports Pvt Ltd", "Atoll Catch Exports Private Limited",
          "Atoll Catch Exports Pvt. Ltd.",
          "Lot 10417, Nirolhu Magu, Hulhumalé 23000", "Hulhumalé", "MV",
          customs_code="MV00871", mark="ACE",
          producer="Atoll Catch Exports Pvt Ltd, cannery at Thinadhoo, Gaafu Dhaalu Atoll"),
]

IMPORTERS = [
    Party("SOC", "Siam Ocean Canning Co., Ltd.", "Siam Ocean Canning Company Limited",
          "SIAM OCEAN CANNING CO.,LTD.",
          "88/8 Moo 2, Rama II Road, Tha Chin, Mueang Samut Sakhon, Samut Sakhon 74000",
          "Samut Sakhon", "TH", mark="SOC"),
    Party("GST", "Gulf Star Tuna Products Co., Ltd.", "Gulf Star Tuna Products Company Limited",
          "GULF STAR TUNA PRODUCTS CO.,LTD.",
          "55 Moo 5, Sukhumvit Road, Thung Sukhla, Si Racha, Chon Buri 20230",
          "Si Racha", "TH", mark="GST"),
    Party("CPM", "Chao Phraya Marine Foods Co., Ltd.", "Chao Phraya Marine Foods Company Limited",
          "CHAO PHRAYA MARINE FOODS CO.,LTD.",
          "1219 Charoen Krung Road, Bang Kho Laem, Bangkok 10120",
          "Bangkok", "TH", mark="CPM"),
]

BROKER = Party("SCM", "Swift Clearance Maldives Pvt Ltd", "Swift Clearance Maldives Private Limited",
               "Swift Clearance Maldives Pvt. Ltd.", "G. Dhoores, Marine Drive, Malé 20026",
               "Malé", "MV", customs_code="CB0419")
CARRIER_NAME = "Lagoon Line Shipping Pvt Ltd"
CARRIER_PREFIX = "LGL"
CONTAINER_OWNER = "LGLU"
VESSELS = ["LAGOON PIONEER", "LAGOON SPIRIT"]
LC_BANK = "ANDAMAN TRADE BANK PCL"


@dataclass(frozen=True)
class Port:
    locode: str
    name: str  # as on the certificate of origin
    bl_name: str  # as on the bill of lading
    hc_name: str  # as on the health certificate


MALE = Port("MVMLE", "Malé", "MALE, MALDIVES", "Malé Commercial Harbour, Maldives")
LAEM_CHABANG = Port("THLCH", "Laem Chabang", "LAEM CHABANG, THAILAND", "Laem Chabang Port, Thailand")
BANGKOK = Port("THBKK", "Bangkok", "BANGKOK, THAILAND", "Bangkok Port (Khlong Toei), Thailand")

# UN/LOCODE excerpt: the ports of the scenario and a few neighbours on the same routes.
UNLOCODE_EXCERPT = [
    ("MVMLE", "Male", "MV"),
    ("THLCH", "Laem Chabang", "TH"),
    ("THBKK", "Bangkok", "TH"),
    ("LKCMB", "Colombo", "LK"),
    ("INCOK", "Cochin", "IN"),
    ("INMAA", "Chennai", "IN"),
    ("SGSIN", "Singapore", "SG"),
    ("MYPKG", "Port Klang", "MY"),
]

# Harmonized System 2022 excerpt: (code, level, description)
HS_EXCERPT = [
    ("03", "chapter", "Fish and crustaceans, molluscs and other aquatic invertebrates"),
    ("0303", "heading", "Fish, frozen, excluding fish fillets and other fish meat of heading 03.04"),
    ("030341", "subheading", "Albacore or longfinned tunas (Thunnus alalunga)"),
    ("030342", "subheading", "Yellowfin tunas (Thunnus albacares)"),
    ("030343", "subheading", "Skipjack tuna (stripe-bellied bonito) (Katsuwonus pelamis)"),
    ("030344", "subheading", "Bigeye tunas (Thunnus obesus)"),
    ("030349", "subheading", "Other tunas (of the genus Thunnus)"),
    ("16", "chapter", "Preparations of meat, of fish, of crustaceans, molluscs or other aquatic invertebrates, or of insects"),
    ("1604", "heading", "Prepared or preserved fish; caviar and caviar substitutes prepared from fish eggs"),
    ("160414", "subheading", "Tunas, skipjack tuna and bonito (Sarda spp.), whole or in pieces, but not minced"),
]


@dataclass(frozen=True)
class Product:
    key: str
    hs6: str
    species: str
    commercial: str  # invoice wording
    plain: str  # plain description (harmonized value, packing list, certificate of origin)
    nature: str  # "Nature of Commodity" on the health certificate
    treatment: str
    package: str  # UN/ECE Rec 21 code
    net_per_package: Decimal  # kg
    tare_per_package: Decimal  # kg
    cbm_per_package: Decimal
    count_range: tuple[int, int]
    price_range: tuple[int, int, int]  # in US cents: start, stop, step
    priced_per: str  # "MT" or "CT"
    mark: str
    frozen: bool


PRODUCTS = {
    "SJ": Product("SJ", "030343", "Katsuwonus pelamis",
                  "Frozen Skipjack Tuna W/R 1.8-3.4 kg", "Frozen skipjack tuna, whole round",
                  "Whole fish, frozen, for canning (human consumption)", "Frozen",
                  "CT", Decimal(15), Decimal("0.85"), Decimal("0.045"), (480, 900),
                  (155000, 190000, 500), "MT", "SJ", True),
    "YF": Product("YF", "030342", "Thunnus albacares",
                  "Frozen Yellowfin Tuna W/R 10 kg up", "Frozen yellowfin tuna, whole round",
                  "Whole fish, frozen, for canning (human consumption)", "Frozen",
                  "BG", Decimal(25), Decimal("0.45"), Decimal("0.060"), (200, 420),
                  (290000, 340000, 500), "MT", "YF", True),
    "BE": Product("BE", "030344", "Thunnus obesus",
                  "Frozen Bigeye Tuna W/R 10 kg up", "Frozen bigeye tuna, whole round",
                  "Whole fish, frozen, for canning (human consumption)", "Frozen",
                  "BG", Decimal(25), Decimal("0.45"), Decimal("0.060"), (120, 260),
                  (330000, 390000, 500), "MT", "BE", True),
    "CS": Product("CS", "160414", "Katsuwonus pelamis",
                  "Skipjack Tuna Chunks in Brine 48 x 185 g", "Canned skipjack tuna chunks in brine",
                  "Canned fish in hermetically sealed containers (human consumption)",
                  "Canned (commercially sterile)",
                  "CT", Decimal("8.88"), Decimal("1.57"), Decimal("0.022"), (600, 1400),
                  (3850, 4400, 25), "CT", "CS", False),
    "CY": Product("CY", "160414", "Thunnus albacares",
                  "Yellowfin Tuna Solid in Sunflower Oil 24 x 160 g",
                  "Canned yellowfin tuna, solid, in sunflower oil",
                  "Canned fish in hermetically sealed containers (human consumption)",
                  "Canned (commercially sterile)",
                  "CT", Decimal("3.84"), Decimal("0.96"), Decimal("0.012"), (800, 1600),
                  (2900, 3400, 25), "CT", "CY", False),
}
PACKAGE_NAMES = {"CT": ("Cartons", "CARTONS"), "BG": ("Bags", "BAGS")}

# ---------------------------------------------------------------------------------------
# Consignments
# ---------------------------------------------------------------------------------------


@dataclass
class Line:
    seq: int
    product: Product
    packages: int
    net_kg: int
    gross_kg: int
    unit_price: Decimal  # USD per MT or per carton
    amount: Decimal  # USD
    container: str
    seal: str
    marks: str
    cbm: Decimal


@dataclass
class Consignment:
    cid: str
    exporter: Party
    importer: Party
    discharge: Port
    invoice_no: str
    packing_list_no: str
    invoice_date: date
    packing_list_date: date
    co_no: str | None
    co_date: date | None
    hc_no: str
    hc_date: date
    declaration_no: str
    declaration_date: date
    bl_no: str
    bl_date: date
    vessel: str
    voyage: str
    incoterm: str
    lc_bank: str | None
    lines: list[Line] = field(default_factory=list)

    @property
    def incoterm_place(self) -> str:
        return MALE.name if self.incoterm == "FOB" else self.discharge.name


def container_check_digit(owner_and_serial: str) -> str:
    """ISO 6346 check digit of a container number written without it (4 letters, 6 digits)."""
    values = {}
    value = 10
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if value % 11 == 0:
            value += 1
        values[letter] = value
        value += 1
    total = 0
    for position, char in enumerate(owner_and_serial):
        number = values[char] if char.isalpha() else int(char)
        total += number * 2 ** position
    return str(total % 11 % 10)


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def build_scenario() -> list[Consignment]:
    """The twelve consignments, always the same."""
    rng = random.Random(SEED)
    exporters = [EXPORTERS[0]] * 4 + [EXPORTERS[1]] * 4 + [EXPORTERS[2]] * 4
    rng.shuffle(exporters)
    invoice_counter = {p.key: rng.randint(11, 60) for p in EXPORTERS}
    co_serial = rng.randint(100, 160)
    hc_serial = rng.randint(300, 420)
    declaration_serial = rng.randint(4000, 4600)
    bl_serial = rng.randint(200, 260)
    voyage = {v: rng.randint(1, 4) for v in VESSELS}
    container_serial = rng.randint(200000, 260000)
    canned_turn = False
    day = date(2026, 1, 5)
    consignments = []
    for index, exporter in enumerate(exporters, start=1):
        cid = f"C{index:02d}"
        # Atoll Catch alternates canned tuna (to the Bangkok distributor) and frozen fish.
        canned = exporter.key == "ACE" and not canned_turn
        if exporter.key == "ACE":
            canned_turn = not canned_turn
        if canned:
            importer = IMPORTERS[2]
            discharge = BANGKOK
            product_pool = ["CS", "CY"]
        else:
            importer = IMPORTERS[rng.randrange(2)]
            discharge = LAEM_CHABANG
            product_pool = ["SJ", "SJ", "YF"] + (["BE"] if exporter.key == "RPL" else [])
        n_lines = rng.choice([1, 1, 2, 2, 3])
        n_lines = min(n_lines, len(set(product_pool)))
        keys: list[str] = []
        while len(keys) < n_lines:  # distinct products, skipjack the most frequent
            candidate = rng.choice(product_pool)
            if candidate not in keys:
                keys.append(candidate)
        day = day + timedelta(days=rng.randint(6, 10))
        invoice_date = day
        invoice_counter[exporter.key] += rng.randint(1, 4)
        k = invoice_counter[exporter.key]
        if exporter.key == "BRS":
            invoice_no, pl_no = f"BRS/INV/2026/{k:03d}", f"BRS/PL/2026/{k:03d}"
        elif exporter.key == "RPL":
            invoice_no, pl_no = f"RPL-26-{k:04d}", f"PL-26-{k:04d}"
        else:
            invoice_no, pl_no = f"ACE/EXP/{k:04d}/26", f"ACE/PL/{k:04d}/26"
        co_serial += rng.randint(3, 19)
        hc_serial += rng.randint(2, 9)
        declaration_serial += rng.randint(40, 160)
        bl_serial += rng.randint(1, 6)
        vessel = VESSELS[index % 2]
        voyage[vessel] += 1
        bl_date = invoice_date + timedelta(days=rng.randint(3, 6))
        incoterm = "CIF" if canned else rng.choice(["CFR", "CFR", "CFR", "FOB"])
        consignment = Consignment(
            cid=cid, exporter=exporter, importer=importer, discharge=discharge,
            invoice_no=invoice_no, packing_list_no=pl_no,
            invoice_date=invoice_date, packing_list_date=invoice_date,
            co_no=f"MV-2026-{co_serial:06d}",
            co_date=invoice_date + timedelta(days=rng.randint(0, 3)),
            hc_no=f"FHC/2026/{hc_serial:04d}",
            hc_date=bl_date - timedelta(days=rng.randint(0, 1)),
            declaration_no=f"EXP/2026/{declaration_serial:06d}",
            declaration_date=invoice_date + timedelta(days=rng.randint(1, 2)),
            bl_no=f"{CARRIER_PREFIX}{MALE.locode[2:]}26{bl_serial:05d}",
            bl_date=bl_date, vessel=vessel, voyage=f"26{voyage[vessel]:02d}E",
            incoterm=incoterm, lc_bank=None)
        shared_container = None
        for seq, key in enumerate(keys, start=1):
            product = PRODUCTS[key]
            price = Decimal(rng.randrange(*product.price_range)) / 100
            packages = rng.randint(*product.count_range)
            net = (product.net_per_package * packages).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            gross = net + (product.tare_per_package * packages).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            if product.priced_per == "MT":
                amount = cents(net / 1000 * price)
            else:
                amount = cents(packages * price)
            if product.frozen or shared_container is None:
                container_serial += rng.randint(7, 400)
                body = f"{CONTAINER_OWNER}{container_serial:06d}"
                container = body + container_check_digit(body)
                seal = f"LG{rng.randint(1000000, 9999999)}"
                shared_container = (container, seal)
            container, seal = shared_container
            marks = (f"{exporter.mark}/{importer.mark}/{discharge.locode[2:]}/"
                     f"{product.mark}-{seq:02d} NOS. 1-{packages}")
            consignment.lines.append(Line(
                seq=seq, product=product, packages=packages, net_kg=int(net),
                gross_kg=int(gross), unit_price=price, amount=amount,
                container=container, seal=seal, marks=marks,
                cbm=(product.cbm_per_package * packages).quantize(Decimal("0.001"))))
        consignments.append(consignment)
    apply_scenario_events(consignments)
    return consignments


def apply_scenario_events(consignments: list[Consignment]) -> None:
    """Facts of the story that are not random: payment by letter of credit, a certificate
    of origin that was not requested, a packing list prepared the day before the invoice."""
    by_id = {c.cid: c for c in consignments}
    for cid in ("C03", "C10"):  # paid by documentary credit: the B/L is made out to order
        by_id[cid].lc_bank = LC_BANK
    by_id["C06"].co_no = None  # the buyer did not ask for a certificate of origin
    by_id["C06"].co_date = None
    c09 = by_id["C09"]
    c09.packing_list_date = c09.invoice_date - timedelta(days=1)


# ---------------------------------------------------------------------------------------
# Deliberate discrepancies between documents (documented in README.md)
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Discrepancy:
    finding: str
    cid: str
    seqs: tuple[int, ...]  # goods lines concerned; () means a consignment-level element
    element: str
    document: str  # the document whose value departs from the others ("" if several)
    label: str
    value: Callable[[Consignment, Line], str] | None  # overriding value, or None
    note: str


def choose_discrepancies(consignments: list[Consignment]) -> list[Discrepancy]:
    by_id = {c.cid: c for c in consignments}
    # the last consignment after C07 with a yellowfin line gets a classification mismatch
    yf = [(c, line) for c in consignments[7:] for line in c.lines if line.product.key == "YF"]
    hs_c, hs_line = yf[-1]
    return [
        Discrepancy(
            "gross-weight-mismatch", "C04", (1,), "GrossWeight", "packing_list",
            "Gross weight (kg)", lambda c, l: str(l.gross_kg - 20),
            "The packing list was prepared before the final weighing: its gross weight is "
            "20 kg lower than on the invoice, certificate, declaration and bill of lading."),
        Discrepancy(
            "scientific-description", "C07", tuple(l.seq for l in by_id["C07"].lines),
            "GoodsDescription", "certificate_of_origin", "Description of Goods",
            lambda c, l: f"{l.product.species} ({'frozen, whole round' if l.product.frozen else 'canned'})",
            "The certificate of origin describes the goods by their scientific name while the "
            "invoice uses a commercial description."),
        Discrepancy(
            "hs-classification-mismatch", hs_c.cid, (hs_line.seq,), "HSCode",
            "commercial_invoice", "HS Code", lambda c, l: "0303.49",
            "The invoice classifies frozen yellowfin tuna as 'other tunas' (0303.49); the "
            "certificate of origin and the export declaration use 0303.42."),
        Discrepancy(
            "marks-by-reference", "C05", tuple(l.seq for l in by_id["C05"].lines),
            "ShippingMarks", "certificate_of_origin", "Marks and Numbers",
            lambda c, l: "AS PER PACKING LIST",
            "The certificate of origin refers to the packing list instead of repeating the marks."),
        Discrepancy(
            "to-order-consignee", "C03", (), "ConsigneeName", "bill_of_lading", "Consignee",
            None,
            "Paid by documentary credit: the bill of lading is made out to the order of the "
            "buyer's bank, and the buyer appears only as Notify Party."),
        Discrepancy(
            "to-order-consignee", "C10", (), "ConsigneeName", "bill_of_lading", "Consignee",
            None,
            "Paid by documentary credit: the bill of lading is made out to the order of the "
            "buyer's bank, and the buyer appears only as Notify Party."),
    ]


# ---------------------------------------------------------------------------------------
# Value formats, one per form
# ---------------------------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def d_mon_yyyy(d: date) -> str:  # 12 Mar 2026
    return f"{d.day:02d} {MONTHS[d.month - 1][:3]} {d.year}"


def iso(d: date) -> str:  # 2026-03-12
    return d.isoformat()


def dd_mm_yyyy(d: date, sep: str = "/") -> str:  # 12/03/2026
    return f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"


def month_d_yyyy(d: date) -> str:  # March 12, 2026
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def yyyymmdd(d: date) -> str:  # 20260312
    return d.strftime("%Y%m%d")


def dd_mon_yyyy_upper(d: date) -> str:  # 12-MAR-2026
    return f"{d.day:02d}-{MONTHS[d.month - 1][:3].upper()}-{d.year}"


def tonnes(kg: int) -> str:  # 12.5 MT
    text = f"{Decimal(kg) / 1000:.3f}".rstrip("0").rstrip(".")
    return f"{text} MT"


def country_name(alpha_2: str) -> str:
    import pycountry
    return pycountry.countries.get(alpha_2=alpha_2).name


def hs_dotted(hs6: str) -> str:  # 0303.43
    return f"{hs6[:4]}.{hs6[4:]}"


def route(c: Consignment) -> str:
    return f"By sea on {c.vessel} voy. {c.voyage}, {MALE.name} to {c.discharge.name}"


def ascii_upper(text: str) -> str:
    """Capitals without accents, as carriers' systems print them (Malé -> MALE)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()


def bl_party(p: Party) -> str:
    return f"{ascii_upper(p.name)}, {ascii_upper(p.city)}, {ascii_upper(country_name(p.country))}"


def bl_description(line: Line) -> str:
    p = line.product
    text = f"{line.packages} {PACKAGE_NAMES[p.package][1]} {p.plain.upper()}; HS CODE {p.hs6}"
    if p.frozen:
        text += "; CARRIED AT -18 DEG C"
    return text


def invoice_quantity(line: Line) -> str:
    if line.product.priced_per == "MT":
        return f"{Decimal(line.net_kg) / 1000:.3f} MT"
    return f"{line.packages:,} CTNS"


def health_container(line: Line) -> str:
    c = line.container
    return f"Container {c[:4]} {c[4:10]} {c[10]}, seal {line.seal}"


# ---------------------------------------------------------------------------------------
# The six documents: label as printed, reference element (None: not in the dataset),
# and the value as the form writes it
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    label: str
    element: str | None
    render: Callable[[Consignment, Line], str]


@dataclass(frozen=True)
class Document:
    key: str  # file name without .csv
    title: str
    columns: list[Column]
    applies: Callable[[Consignment], bool] = lambda c: True


DOCUMENTS: list[Document] = [
    Document("commercial_invoice", "Commercial invoice", [
        Column("Invoice No.", "InvoiceNumber", lambda c, l: c.invoice_no),
        Column("Invoice Date", "InvoiceDate", lambda c, l: d_mon_yyyy(c.invoice_date)),
        Column("Seller", "ConsignorName", lambda c, l: c.exporter.name),
        Column("Seller Address", "ConsignorAddress",
               lambda c, l: f"{c.exporter.address}, {country_name(c.exporter.country)}"),
        Column("Buyer", "ConsigneeName", lambda c, l: c.importer.name),
        Column("Buyer Address", "ConsigneeAddress",
               lambda c, l: f"{c.importer.address}, {country_name(c.importer.country)}"),
        Column("Description of Goods", "GoodsDescription", lambda c, l: l.product.commercial),
        Column("HS Code", "HSCode", lambda c, l: hs_dotted(l.product.hs6)),
        Column("Quantity", None, lambda c, l: invoice_quantity(l)),
        Column("Unit Price (USD)", None, lambda c, l: f"{l.unit_price:,.2f}"),
        Column("Amount (USD)", "InvoiceAmount", lambda c, l: f"{l.amount:,.2f}"),
        Column("Currency", "InvoiceCurrency", lambda c, l: "USD"),
        Column("Incoterms", "DeliveryTermsCode", lambda c, l: f"{c.incoterm} {c.incoterm_place}"),
        Column("Country of Origin", "OriginCountry", lambda c, l: country_name("MV")),
        Column("Gross Wt.", "GrossWeight", lambda c, l: f"{l.gross_kg:,} kg"),
        Column("Net Wt.", "NetWeight", lambda c, l: f"{l.net_kg:,} kg"),
    ]),
    Document("packing_list", "Packing list", [
        Column("Packing List No.", None, lambda c, l: c.packing_list_no),
        Column("Date", None, lambda c, l: iso(c.packing_list_date)),
        Column("Exporter", "ConsignorName", lambda c, l: c.exporter.name),
        Column("Consignee", "ConsigneeName", lambda c, l: c.importer.name),
        Column("Marks & Numbers", "ShippingMarks", lambda c, l: l.marks),
        Column("No. of Packages", "PackageCount", lambda c, l: str(l.packages)),
        Column("Kind of Packages", "PackageType", lambda c, l: PACKAGE_NAMES[l.product.package][0]),
        Column("Description", "GoodsDescription", lambda c, l: l.product.plain),
        Column("Gross weight (kg)", "GrossWeight", lambda c, l: str(l.gross_kg)),
        Column("Net weight (kg)", "NetWeight", lambda c, l: str(l.net_kg)),
        Column("Invoice Ref.", "InvoiceNumber", lambda c, l: c.invoice_no),
    ]),
    Document("certificate_of_origin", "Certificate of origin", [
        Column("Certificate No.", "CertificateNumber", lambda c, l: c.co_no),
        Column("Date of Issue", "CertificateIssueDate", lambda c, l: dd_mm_yyyy(c.co_date)),
        Column("Exporter", "ConsignorName", lambda c, l: c.exporter.legal_name),
        Column("Consignee", "ConsigneeName", lambda c, l: c.importer.legal_name),
        Column("Producer", None, lambda c, l: c.exporter.producer),
        Column("Means of Transport and Route", "VesselName", lambda c, l: route(c)),
        Column("Port of Loading", "LoadingPort", lambda c, l: MALE.name),
        Column("Port of Discharge", "DischargePort", lambda c, l: c.discharge.name),
        Column("Item No.", "SequenceNumber", lambda c, l: str(l.seq)),
        Column("Marks and Numbers", "ShippingMarks", lambda c, l: l.marks),
        Column("Number and Kind of Packages", "PackageCount",
               lambda c, l: f"{l.packages} {l.product.package}"),
        Column("Description of Goods", "GoodsDescription", lambda c, l: l.product.plain),
        Column("HS Code", "HSCode", lambda c, l: l.product.hs6),
        Column("Origin Criterion", None, lambda c, l: "WO" if l.product.frozen else "CTH"),
        Column("Gross Weight", "GrossWeight", lambda c, l: tonnes(l.gross_kg)),
        Column("Invoice Number and Date", "InvoiceNumber",
               lambda c, l: f"{c.invoice_no}, {dd_mm_yyyy(c.invoice_date, '.')}"),
        Column("Country of Origin", "OriginCountry", lambda c, l: "MV"),
    ], applies=lambda c: c.co_no is not None),
    Document("health_certificate", "Fish health certificate", [
        Column("Certificate Reference", "HealthCertificateNumber", lambda c, l: c.hc_no),
        Column("Date Signed", "HealthCertificateIssueDate", lambda c, l: month_d_yyyy(c.hc_date)),
        Column("Consignor", "ConsignorName", lambda c, l: c.exporter.dotted_name),
        Column("Consignor Country (ISO code)", "ConsignorCountry", lambda c, l: c.exporter.country),
        Column("Consignee", "ConsigneeName", lambda c, l: c.importer.dotted_name),
        Column("Consignee Country (ISO code)", "ConsigneeCountry", lambda c, l: c.importer.country),
        Column("Country of Origin", "OriginCountry", lambda c, l: country_name("MV").upper()),
        Column("Place of Loading", "LoadingPort", lambda c, l: MALE.hc_name),
        Column("Point of Entry", "DischargePort", lambda c, l: c.discharge.hc_name),
        Column("Species", "ScientificName", lambda c, l: l.product.species),
        Column("Nature of Commodity", "GoodsDescription", lambda c, l: l.product.nature),
        Column("Treatment Type", None, lambda c, l: l.product.treatment),
        Column("Number of Packages", "PackageCount", lambda c, l: str(l.packages)),
        Column("Net Weight", "NetWeight", lambda c, l: f"{l.net_kg}.0 KGS"),
        Column("Identification of Container/Seal", "ContainerNumber", lambda c, l: health_container(l)),
    ]),
    Document("export_declaration", "Export declaration (Maldives Customs)", [
        Column("Declaration No.", "DeclarationNumber", lambda c, l: c.declaration_no),
        Column("Declaration Date", None, lambda c, l: yyyymmdd(c.declaration_date)),
        Column("Exporter", "ConsignorName", lambda c, l: f"{c.exporter.customs_code} {c.exporter.name}"),
        Column("Consignee", "ConsigneeName", lambda c, l: c.importer.name),
        Column("Declarant/Broker", "DeclarantName", lambda c, l: f"{BROKER.customs_code} {BROKER.name}"),
        Column("Mode of Transport", "TransportMode", lambda c, l: "1"),
        Column("Vessel Name", "VesselName", lambda c, l: c.vessel),
        Column("Port of Loading", "LoadingPort", lambda c, l: MALE.locode),
        Column("Port of Discharge", "DischargePort", lambda c, l: c.discharge.locode),
        Column("Country of Destination", "DestinationCountry", lambda c, l: c.importer.country),
        Column("Commodity Code", "HSCode", lambda c, l: l.product.hs6 + "00"),
        Column("Goods Description", "GoodsDescription", lambda c, l: l.product.plain.upper()),
        Column("Packages", "PackageCount", lambda c, l: str(l.packages)),
        Column("Package Type", "PackageType", lambda c, l: l.product.package),
        Column("Gross Mass (kg)", "GrossWeight", lambda c, l: f"{l.gross_kg}.000"),
        Column("Net Mass (kg)", "NetWeight", lambda c, l: f"{l.net_kg}.000"),
        Column("Statistical Value (MVR)", None, lambda c, l: f"{cents(l.amount * USD_TO_MVR)}"),
        Column("Invoice No.", "InvoiceNumber", lambda c, l: c.invoice_no),
    ]),
    Document("bill_of_lading", "Bill of lading", [
        Column("B/L No.", "TransportDocumentNumber", lambda c, l: c.bl_no),
        Column("Shipped on Board Date", None, lambda c, l: dd_mon_yyyy_upper(c.bl_date)),
        Column("Shipper", "ConsignorName", lambda c, l: bl_party(c.exporter)),
        Column("Consignee", "ConsigneeName",
               lambda c, l: f"TO ORDER OF {c.lc_bank}" if c.lc_bank else bl_party(c.importer)),
        Column("Notify Party", None,
               lambda c, l: bl_party(c.importer) if c.lc_bank else "SAME AS CONSIGNEE"),
        Column("Vessel / Voyage", "VesselName", lambda c, l: f"{c.vessel} / {c.voyage}"),
        Column("Port of Loading", "LoadingPort", lambda c, l: MALE.bl_name),
        Column("Port of Discharge", "DischargePort", lambda c, l: c.discharge.bl_name),
        Column("Container No. / Seal No.", "ContainerNumber", lambda c, l: f"{l.container} / {l.seal}"),
        Column("Marks & Nos.", "ShippingMarks", lambda c, l: l.marks.upper()),
        Column("No. of Pkgs", "PackageCount", lambda c, l: str(l.packages)),
        Column("Description of Packages and Goods", "GoodsDescription", lambda c, l: bl_description(l)),
        Column("Gross Weight", "GrossWeight", lambda c, l: f"{l.gross_kg:,}.000 KGS"),
        Column("Measurement (CBM)", None, lambda c, l: f"{l.cbm}"),
        Column("Freight", None, lambda c, l: "COLLECT" if c.incoterm == "FOB" else "PREPAID"),
    ]),
]
JOIN_COLUMN = "consignment"  # added to every file for joining; not printed on the forms


def document_rows(document: Document, consignments: list[Consignment],
                  overrides: dict[tuple[str, int, str, str], str]) -> list[list[str]]:
    rows = []
    for c in consignments:
        if not document.applies(c):
            continue
        for line in c.lines:
            row = [c.cid]
            for column in document.columns:
                key = (c.cid, line.seq, document.key, column.label)
                row.append(overrides.get(key, column.render(c, line)))
            rows.append(row)
    return rows


def build_overrides(consignments: list[Consignment],
                    discrepancies: list[Discrepancy]) -> dict[tuple[str, int, str, str], str]:
    by_id = {c.cid: c for c in consignments}
    overrides = {}
    for d in discrepancies:
        if d.value is None:
            continue
        c = by_id[d.cid]
        for line in c.lines:
            if line.seq in d.seqs:
                overrides[(c.cid, line.seq, d.document, d.label)] = d.value(c, line)
    return overrides


# ---------------------------------------------------------------------------------------
# The harmonized record of a consignment (used for the swds sample instances)
# ---------------------------------------------------------------------------------------


def harmonized_record(c: Consignment) -> dict:
    """The consignment as one harmonized dataset: element name -> value, with the nested
    groups Consignor, Consignee, Transport and the list GoodsItem."""
    record: dict = {
        "DeclarationNumber": c.declaration_no,
        "DeclarantName": BROKER.name,
    }
    if c.co_no:
        record["CertificateNumber"] = c.co_no
        record["CertificateIssueDate"] = iso(c.co_date)
    record.update({
        "HealthCertificateNumber": c.hc_no,
        "HealthCertificateIssueDate": iso(c.hc_date),
        "InvoiceNumber": c.invoice_no,
        "InvoiceDate": iso(c.invoice_date),
        "InvoiceCurrency": "USD",
        "DeliveryTermsCode": c.incoterm,
        "TransportDocumentNumber": c.bl_no,
        "Consignor": {"ConsignorName": c.exporter.name, "ConsignorAddress": c.exporter.address,
                      "ConsignorCountry": c.exporter.country},
        "Consignee": {"ConsigneeName": c.importer.name, "ConsigneeAddress": c.importer.address,
                      "ConsigneeCountry": c.importer.country},
        "Transport": {"TransportMode": "1", "VesselName": c.vessel,
                      "LoadingPort": MALE.locode, "DischargePort": c.discharge.locode},
        "DestinationCountry": c.importer.country,
        "GoodsItem": [],
    })
    for line in c.lines:
        record["GoodsItem"].append({
            "SequenceNumber": str(line.seq),
            "HSCode": line.product.hs6,
            "GoodsDescription": line.product.plain,
            "ScientificName": line.product.species,
            "OriginCountry": "MV",
            "PackageCount": str(line.packages),
            "PackageType": line.product.package,
            "GrossWeight": str(line.gross_kg),
            "NetWeight": str(line.net_kg),
            "InvoiceAmount": f"{line.amount}",
            "ShippingMarks": line.marks,
            "ContainerNumber": line.container,
        })
    return record


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def write_codelists(consignments: list[Consignment], folder: Path) -> None:
    import pycountry
    used_countries = {"MV", "TH"}
    write_csv(folder / "countries.csv", ["alpha_2", "alpha_3", "name", "used_in_scenario"],
              [[c.alpha_2, c.alpha_3, c.name, "yes" if c.alpha_2 in used_countries else "no"]
               for c in sorted(pycountry.countries, key=lambda c: c.alpha_2)])
    used_currencies = {"USD", "MVR"}
    write_csv(folder / "currencies.csv", ["alpha_3", "name", "used_in_scenario"],
              [[c.alpha_3, c.name, "yes" if c.alpha_3 in used_currencies else "no"]
               for c in sorted(pycountry.currencies, key=lambda c: c.alpha_3)])
    used_ports = {MALE.locode} | {c.discharge.locode for c in consignments}
    write_csv(folder / "unlocode_excerpt.csv", ["code", "name", "country", "used_in_scenario"],
              [[code, name, country, "yes" if code in used_ports else "no"]
               for code, name, country in UNLOCODE_EXCERPT])
    used_hs = {line.product.hs6 for c in consignments for line in c.lines}
    write_csv(folder / "hs_excerpt.csv", ["code", "formatted", "level", "description", "used_in_scenario"],
              [[code, hs_dotted(code) if len(code) == 6 else code, level, text,
                "yes" if any(used.startswith(code) for used in used_hs) else "no"]
               for code, level, text in HS_EXCERPT])


def write_keys(consignments: list[Consignment], discrepancies: list[Discrepancy],
               overrides: dict[tuple[str, int, str, str], str], folder: Path) -> None:
    order = {name: i for i, name in enumerate(ELEMENT_NAMES)}
    mapping = [[d.key, col.label, col.element or "none"] for d in DOCUMENTS for col in d.columns]
    write_csv(folder / "field_mapping.csv", ["document", "label", "element"], mapping)

    by_element: dict[str, list[tuple[Document, Column]]] = {}
    for d in DOCUMENTS:
        for col in d.columns:
            if col.element:
                by_element.setdefault(col.element, []).append((d, col))
    synonyms = []
    for element in sorted(by_element, key=order.__getitem__):
        if len(by_element[element]) > 1:
            synonyms += [[element, d.key, col.label] for d, col in by_element[element]]
    write_csv(folder / "synonyms.csv", ["element", "document", "label"], synonyms)

    # Format conflicts: the same element, on the same goods line, written differently.
    # The example is the first goods line of the first consignment, as each form prints it.
    first = consignments[0]
    conflicts = []
    for element in sorted(by_element, key=order.__getitem__):
        seen = [(d, col, col.render(first, first.lines[0])) for d, col in by_element[element]]
        if len(seen) > 1 and len({value for _, _, value in seen}) > 1:
            conflicts += [[element, d.key, col.label, value] for d, col, value in seen]
    write_csv(folder / "conflicts.csv", ["element", "document", "label", "format_seen"], conflicts)

    by_id = {c.cid: c for c in consignments}
    rows = []
    for disc in discrepancies:
        c = by_id[disc.cid]
        lines = [l for l in c.lines if l.seq in disc.seqs] if disc.seqs else c.lines[:1]
        for line in lines:
            for d, col in by_element[disc.element]:
                if not d.applies(c):
                    continue
                value = overrides.get((c.cid, line.seq, d.key, col.label), col.render(c, line))
                rows.append([disc.finding, c.cid, str(line.seq) if disc.seqs else "all",
                             disc.element, d.key, col.label, value])
    write_csv(folder / "discrepancies.csv",
              ["finding", "consignment", "line", "element", "document", "label", "value"], rows)


def check_definitions() -> None:
    labels_ok = all(len({c.label for c in d.columns}) == len(d.columns) for d in DOCUMENTS)
    if not labels_ok:
        raise SystemExit("a document repeats a column label")
    unknown = {c.element for d in DOCUMENTS for c in d.columns if c.element} - set(ELEMENT_NAMES)
    if unknown:
        raise SystemExit(f"columns map to unknown reference elements: {sorted(unknown)}")
    if len(set(ELEMENT_NAMES)) != len(ELEMENT_NAMES):
        raise SystemExit("reference element names must be unique")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="where the scenario's files go")
    parser.add_argument("--keys", type=Path, default=KEYS_DIR, help="where the answer keys go")
    args = parser.parse_args(argv)
    check_definitions()
    consignments = build_scenario()
    discrepancies = choose_discrepancies(consignments)
    overrides = build_overrides(consignments, discrepancies)
    for document in DOCUMENTS:
        header = [JOIN_COLUMN] + [c.label for c in document.columns]
        write_csv(args.data / "documents" / f"{document.key}.csv", header,
                  document_rows(document, consignments, overrides))
    write_codelists(consignments, args.data / "codelists")
    write_csv(args.data / "reference_elements.csv", REFERENCE_COLUMNS,
              [[getattr(e, name) for name in REFERENCE_COLUMNS] for e in REFERENCE_ELEMENTS])
    write_keys(consignments, discrepancies, overrides, args.keys)
    print(f"{args.data}: {len(DOCUMENTS)} documents, {len(consignments)} consignments, "
          f"{sum(len(c.lines) for c in consignments)} goods lines")
    print(f"{args.keys}: answer keys written")
    if args.data.resolve() != DATA_DIR:
        return 0  # a check elsewhere: the schema is made from the course's own reference elements

    sys.dont_write_bytecode = True  # keep the data folders free of __pycache__
    sys.path.insert(0, str(SWDS_DIR))
    import make_swds
    return make_swds.main([])


if __name__ == "__main__":
    sys.exit(main())
