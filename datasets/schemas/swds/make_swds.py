"""Generate swds.xsd and the sample instances of the harmonized Single Window dataset.

The harmonized dataset of module 02 is defined once, in
``datasets/tuna/reference_elements.csv`` (written by the tuna scenario's generator, which is
kept with module 02's answer keys).
This script turns it into the XML schema ``swds.xsd``:

- every element of the CSV becomes exactly one element declaration, named as in the CSV,
  with minOccurs 1 when the CSV says ``mandatory = yes`` and 0 otherwise;
- its documentation is written from the CSV row (definition, data type, format, code list
  and the reference-model mapping), so the schema and the dataset cannot drift apart;
- the structure (which group an element belongs to, in which order, and which simple
  type it has) is declared below in ``STRUCTURE`` and ``ELEMENT_TYPES``.

The ISO 3166-1 alpha-2 enumeration is produced by the function that also maintains
``datasets/schemas/eco/eco.xsd`` (``eco/make_country_codes.py``); the ISO 4217 currency
enumeration comes from the same pycountry package.

It then writes, into ``samples/``, one valid instance per consignment of the tuna
scenario and a set of invalid instances, each with a single deliberate mistake, and a
README listing the expected verdict of every file.

Usage (from the repository root):  .venv/bin/python datasets/schemas/swds/make_swds.py
(``solutions/02-data-harmonization/keys/scenario/make_dataset.py`` runs it too, after writing the CSV files;
both run in the trainer's copy only, since the samples are made from the scenario's consignments.)
"""
from __future__ import annotations

import copy
import csv
import importlib.util
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import metadata
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

from lxml import etree

sys.dont_write_bytecode = True  # the scripts imported below must not leave __pycache__ in datasets/

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
TUNA_DIR = REPO / "datasets" / "tuna"
SCENARIO_DIR = REPO / "solutions" / "02-data-harmonization" / "keys" / "scenario"  # the tuna generator
REFERENCE_CSV = TUNA_DIR / "reference_elements.csv"
ECO_COUNTRY_SCRIPT = REPO / "datasets" / "schemas" / "eco" / "make_country_codes.py"
XSD_PATH = HERE / "swds.xsd"
SAMPLES_DIR = HERE / "samples"
# Only these consignments are published as worked examples; the harmonized instances of the
# others answer module 02's exercises and are written with the solutions' answer keys.
PUBLIC_CONSIGNMENTS = ("C01", "C02")
ANSWERS_DIR = HERE.parents[2] / "solutions" / "02-data-harmonization" / "keys" / "instances"

NS = "urn:paperless-trade-course:swds:1"
ROOT = "ExportConsignment"

# ---------------------------------------------------------------------------------------
# Structure: groups and their elements, in document order
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """A structural wrapper: not a data element of the dataset, just a container."""
    name: str
    type_name: str
    documentation: str
    children: tuple[str, ...]  # element names from the CSV, or other group names
    max_occurs: str = "1"


GROUPS = {g.name: g for g in [
    Group(ROOT, "ExportConsignmentType",
          "One export consignment as the trader lodges it once with the Single Window: the "
          "references of the declaration and of the supporting documents, the parties, the "
          "transport and one or more goods items.",
          ("DeclarationNumber", "DeclarantName", "CertificateNumber", "CertificateIssueDate",
           "HealthCertificateNumber", "HealthCertificateIssueDate", "InvoiceNumber",
           "InvoiceDate", "InvoiceCurrency", "DeliveryTermsCode", "TransportDocumentNumber",
           "Consignor", "Consignee", "Transport", "DestinationCountry", "GoodsItem")),
    Group("Consignor", "ConsignorType",
          "The party that sends the goods (exporter, seller, shipper). Comparable to the "
          "UN/CEFACT ConsignorTradeParty of a supply chain consignment.",
          ("ConsignorName", "ConsignorAddress", "ConsignorCountry")),
    Group("Consignee", "ConsigneeType",
          "The party to which the goods are sent (importer, buyer). Comparable to the "
          "UN/CEFACT ConsigneeTradeParty of a supply chain consignment.",
          ("ConsigneeName", "ConsigneeAddress", "ConsigneeCountry")),
    Group("Transport", "TransportType",
          "The main carriage of the consignment: mode, vessel and ports. Comparable to the "
          "UN/CEFACT SpecifiedLogisticsTransportMovement of a supply chain consignment.",
          ("TransportMode", "VesselName", "LoadingPort", "DischargePort")),
    Group("GoodsItem", "GoodsItemType",
          "One goods item: goods of one kind and one tariff classification, with their "
          "packages, weights and value. Comparable to a UN/CEFACT SupplyChainTradeLineItem "
          "(or SupplyChainConsignmentItem).",
          ("SequenceNumber", "HSCode", "GoodsDescription", "ScientificName", "OriginCountry",
           "PackageCount", "PackageType", "GrossWeight", "NetWeight", "InvoiceAmount",
           "ShippingMarks", "ContainerNumber"),
          max_occurs="unbounded"),
]}

ELEMENT_TYPES = {
    "DeclarationNumber": "IdentifierType",
    "DeclarantName": "NameType",
    "CertificateNumber": "IdentifierType",
    "CertificateIssueDate": "DateType",
    "HealthCertificateNumber": "IdentifierType",
    "HealthCertificateIssueDate": "DateType",
    "InvoiceNumber": "IdentifierType",
    "InvoiceDate": "DateType",
    "InvoiceCurrency": "CurrencyCodeType",
    "DeliveryTermsCode": "DeliveryTermsCodeType",
    "TransportDocumentNumber": "IdentifierType",
    "ConsignorName": "NameType",
    "ConsignorAddress": "NameType",
    "ConsignorCountry": "CountryCodeType",
    "ConsigneeName": "NameType",
    "ConsigneeAddress": "NameType",
    "ConsigneeCountry": "CountryCodeType",
    "TransportMode": "TransportModeCodeType",
    "VesselName": "ShortNameType",
    "LoadingPort": "LocodeType",
    "DischargePort": "LocodeType",
    "DestinationCountry": "CountryCodeType",
    "SequenceNumber": "SequenceNumberType",
    "HSCode": "HSCodeType",
    "GoodsDescription": "DescriptionType",
    "ScientificName": "ScientificNameType",
    "OriginCountry": "CountryCodeType",
    "PackageCount": "PackageCountType",
    "PackageType": "PackageTypeCodeType",
    "GrossWeight": "WeightType",
    "NetWeight": "WeightType",
    "InvoiceAmount": "AmountType",
    "ShippingMarks": "DescriptionType",
    "ContainerNumber": "ContainerNumberType",
}

# The XSD types that may carry each data type of the CSV.
DATA_TYPE_TYPES = {
    "identifier": {"IdentifierType", "ContainerNumberType"},
    "text": {"NameType", "ShortNameType", "DescriptionType", "ScientificNameType"},
    "code": {"CountryCodeType", "CurrencyCodeType", "DeliveryTermsCodeType",
             "TransportModeCodeType", "LocodeType", "HSCodeType", "PackageTypeCodeType"},
    "date": {"DateType"},
    "integer": {"SequenceNumberType", "PackageCountType"},
    "decimal": {"WeightType", "AmountType"},
}

# ---------------------------------------------------------------------------------------
# Simple types
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SimpleType:
    name: str
    documentation: str
    base: str
    facets: tuple[tuple[str, str], ...] = ()  # (facet, value)
    enumeration: tuple[tuple[str, str], ...] = ()  # (code, meaning)
    generated: str = ""  # "countries" or "currencies"


SIMPLE_TYPES = [
    SimpleType("IdentifierType",
               "A reference number or identifier of 1 to 35 characters, the usual length of "
               "references in UN/EDIFACT; leading, trailing and repeated spaces are ignored.",
               "xs:token", (("minLength", "1"), ("maxLength", "35"))),
    SimpleType("NameType",
               "A name or address line of 1 to 256 characters; leading, trailing and repeated "
               "spaces are ignored.",
               "xs:token", (("minLength", "1"), ("maxLength", "256"))),
    SimpleType("ShortNameType",
               "A short name of 1 to 35 characters, such as the name of a vessel.",
               "xs:token", (("minLength", "1"), ("maxLength", "35"))),
    SimpleType("DescriptionType",
               "Free text of 1 to 512 characters.",
               "xs:string", (("minLength", "1"), ("maxLength", "512"))),
    SimpleType("ScientificNameType",
               "A scientific species name: the genus with a capital letter, the species (and "
               "optionally the subspecies) in small letters, separated by single spaces, "
               "e.g. Katsuwonus pelamis.",
               "xs:token", (("pattern", "[A-Z][a-z]+ [a-z]+( [a-z]+)?"),)),
    SimpleType("DateType",
               "A calendar date written YYYY-MM-DD, without a time zone (an xs:date "
               "restricted to this form so that business rules can compare dates as numbers).",
               "xs:date", (("pattern", "[0-9]{4}-[0-9]{2}-[0-9]{2}"),)),
    SimpleType("SequenceNumberType",
               "A goods item number: a positive whole number written with digits only, "
               "without sign or leading zeros.",
               "xs:positiveInteger", (("pattern", "[1-9][0-9]*"),)),
    SimpleType("PackageCountType",
               "A number of packages: a positive whole number written with digits only, "
               "without sign, leading zeros or thousands separator (850, not 850 CT).",
               "xs:positiveInteger", (("pattern", "[1-9][0-9]*"),)),
    SimpleType("HSCodeType",
               "A Harmonized System code: the six-digit HS subheading, optionally extended by "
               "national tariff digits, written as 6 to 10 digits without dots or spaces "
               "(030343 or 03034300, not 0303.43).",
               "xs:token", (("pattern", "[0-9]{6,10}"),)),
    SimpleType("LocodeType",
               "A UN/LOCODE (UN/ECE Recommendation 16): the two-letter ISO 3166-1 country code "
               "followed by three letters or digits 2 to 9 for the place, e.g. MVMLE (Male) or "
               "THLCH (Laem Chabang).",
               "xs:token", (("pattern", "[A-Z]{2}[A-Z2-9]{3}"),)),
    SimpleType("ContainerNumberType",
               "A freight container number under ISO 6346: a three-letter owner code, the "
               "equipment category letter U, J or Z, a six-digit serial number and a check "
               "digit, written without spaces, e.g. LGLU2047318. The check digit itself is not "
               "verified by the schema.",
               "xs:token", (("pattern", "[A-Z]{3}[UJZ][0-9]{7}"),)),
    SimpleType("WeightValueType",
               "The number part of a weight: zero or more, written with digits and an optional "
               "decimal point (no sign, exponent, thousands separator or unit), e.g. 12500 or "
               "12500.5. The restriction lets XPath 1.0 rules compare weights as numbers.",
               "xs:decimal", (("minInclusive", "0"), ("pattern", r"[0-9]+(\.[0-9]+)?"))),
    SimpleType("AmountType",
               "A monetary amount in the invoice currency: zero or more, with at most two "
               "decimal places, written with digits and an optional decimal point (no sign, "
               "thousands separator or currency), e.g. 19470.00.",
               "xs:decimal", (("minInclusive", "0"), ("pattern", r"[0-9]+(\.[0-9]{1,2})?"))),
    SimpleType("WeightUnitCodeType",
               "The unit of a weight, from UN/ECE Recommendation 20. The harmonized dataset "
               "records all weights in kilograms, so KGM is the only value allowed.",
               "xs:token", enumeration=(("KGM", "Kilogram."),)),
    SimpleType("CountryCodeType",
               "A country code from ISO 3166-1 alpha-2 (two capital letters, e.g. MV, TH), "
               "limited to the codes currently assigned.",
               "xs:token", generated="countries"),
    SimpleType("CurrencyCodeType",
               "A currency code from ISO 4217 (three capital letters, e.g. USD, MVR).",
               "xs:token", generated="currencies"),
    SimpleType("DeliveryTermsCodeType",
               "An Incoterms 2020 rule, as its three-letter abbreviation (the named place is "
               "not part of the code).",
               "xs:token", enumeration=(
                   ("EXW", "Ex Works."), ("FCA", "Free Carrier."), ("CPT", "Carriage Paid To."),
                   ("CIP", "Carriage and Insurance Paid To."), ("DAP", "Delivered at Place."),
                   ("DPU", "Delivered at Place Unloaded."), ("DDP", "Delivered Duty Paid."),
                   ("FAS", "Free Alongside Ship."), ("FOB", "Free on Board."),
                   ("CFR", "Cost and Freight."), ("CIF", "Cost, Insurance and Freight."))),
    SimpleType("TransportModeCodeType",
               "A mode of transport code from UN/ECE Recommendation 19 (Codes for Modes of "
               "Transport), one-digit level. Code 0 (mode not specified) is left out: an "
               "export declaration must say how the goods leave.",
               "xs:token", enumeration=(
                   ("1", "Maritime transport."), ("2", "Rail transport."),
                   ("3", "Road transport."), ("4", "Air transport."), ("5", "Mail."),
                   ("6", "Multimodal transport."),
                   ("7", "Fixed transport installation, such as a pipeline or power line."),
                   ("8", "Inland water transport."), ("9", "Transport mode not applicable."))),
    SimpleType("PackageTypeCodeType",
               "A package type code from UN/ECE Recommendation 21 (Codes for Passengers, Types "
               "of Cargo, Packages and Packaging Materials), limited to the kinds of package "
               "common in this trade. A pallet is PX.",
               "xs:token", enumeration=(
                   ("BG", "Bag."), ("BX", "Box."), ("CS", "Case."), ("CT", "Carton."),
                   ("PK", "Package."), ("PX", "Pallet."))),
]

# ---------------------------------------------------------------------------------------
# Reading and checking the reference model
# ---------------------------------------------------------------------------------------


def read_reference(path: Path = REFERENCE_CSV) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {row["element"]: row for row in rows}


def check_model(reference: dict[str, dict[str, str]]) -> None:
    placed = [child for g in GROUPS.values() for child in g.children if child not in GROUPS]
    problems = []
    for name in sorted(set(placed)):
        if placed.count(name) != 1:
            problems.append(f"{name} is placed {placed.count(name)} times")
    if set(placed) != set(reference):
        problems.append(f"placed but not in the CSV: {sorted(set(placed) - set(reference))}")
        problems.append(f"in the CSV but not placed: {sorted(set(reference) - set(placed))}")
    if set(ELEMENT_TYPES) != set(reference):
        problems.append("ELEMENT_TYPES does not list exactly the elements of the CSV")
    for name, row in reference.items():
        type_name = ELEMENT_TYPES.get(name)
        if type_name not in DATA_TYPE_TYPES.get(row["data_type"], set()):
            problems.append(f"{name}: data type {row['data_type']} cannot use {type_name}")
        if row["mandatory"] not in ("yes", "no"):
            problems.append(f"{name}: mandatory must be yes or no")
    if problems:
        raise SystemExit("reference_elements.csv and make_swds.py disagree:\n  " + "\n  ".join(problems))


# ---------------------------------------------------------------------------------------
# Writing the schema
# ---------------------------------------------------------------------------------------


def element_documentation(row: dict[str, str]) -> str:
    parts = [row["definition"],
             f"Data type: {row['data_type']}.",
             f"Format: {row['format']}.",
             f"Code list: {row['code_list'] or 'none'}.",
             f"Mandatory: {row['mandatory']}.",
             "Reference model: UN/CEFACT Cross Industry Invoice D22B "
             + (f"{row['ccl_bie']}" if row["ccl_bie"] else "has no matching entity")
             + "; UN/TDED " + (row["tded"] if row["tded"] else "number not given") + "."]
    return " ".join(parts)


def annotation(indent: str, text: str) -> list[str]:
    return [f"{indent}<xs:annotation>",
            f"{indent}  <xs:documentation>{escape(text)}</xs:documentation>",
            f"{indent}</xs:annotation>"]


def load_country_enumeration() -> Callable[[str], list[str]]:
    spec = importlib.util.spec_from_file_location("eco_make_country_codes", ECO_COUNTRY_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.enumeration_lines


def currency_lines(indent: str) -> list[str]:
    import pycountry
    currencies = sorted(pycountry.currencies, key=lambda c: c.alpha_3)
    lines = [f"{indent}<!-- {len(currencies)} codes from pycountry {metadata.version('pycountry')} -->"]
    for currency in currencies:
        lines.append(
            f'{indent}<xs:enumeration value="{currency.alpha_3}">'
            f"<xs:annotation><xs:documentation>{escape(currency.name)}</xs:documentation>"
            f"</xs:annotation></xs:enumeration>")
    return lines


def simple_type_lines(t: SimpleType) -> list[str]:
    lines = [f'  <xs:simpleType name="{t.name}">']
    lines += annotation("    ", t.documentation)
    lines.append(f'    <xs:restriction base="{t.base}">')
    for facet, value in t.facets:
        lines.append(f'      <xs:{facet} value="{escape(value)}"/>')
    for code, meaning in t.enumeration:
        lines.append(f'      <xs:enumeration value="{code}">')
        lines.append(f"        <xs:annotation><xs:documentation>{escape(meaning)}</xs:documentation></xs:annotation>")
        lines.append("      </xs:enumeration>")
    if t.generated == "countries":
        indent = "      "
        lines.append(f"{indent}<!-- BEGIN ISO 3166-1 alpha-2 codes (generated by make_swds.py) -->")
        lines += load_country_enumeration()(indent)
        lines.append(f"{indent}<!-- END ISO 3166-1 alpha-2 codes -->")
    elif t.generated == "currencies":
        indent = "      "
        lines.append(f"{indent}<!-- BEGIN ISO 4217 currency codes (generated by make_swds.py) -->")
        lines += currency_lines(indent)
        lines.append(f"{indent}<!-- END ISO 4217 currency codes -->")
    lines.append("    </xs:restriction>")
    lines.append("  </xs:simpleType>")
    return lines


def complex_type_lines(group: Group, reference: dict[str, dict[str, str]]) -> list[str]:
    lines = [f'  <xs:complexType name="{group.type_name}">']
    lines += annotation("    ", group.documentation)
    lines.append("    <xs:sequence>")
    for child in group.children:
        if child in GROUPS:
            sub = GROUPS[child]
            occurs = f' maxOccurs="{sub.max_occurs}"' if sub.max_occurs != "1" else ""
            lines.append(f'      <xs:element name="{child}" type="sw:{sub.type_name}"{occurs}>')
            lines += annotation("        ", sub.documentation)
        else:
            row = reference[child]
            occurs = "" if row["mandatory"] == "yes" else ' minOccurs="0"'
            lines.append(f'      <xs:element name="{child}" type="sw:{ELEMENT_TYPES[child]}"{occurs}>')
            lines += annotation("        ", element_documentation(row))
        lines.append("      </xs:element>")
    lines.append("    </xs:sequence>")
    lines.append("  </xs:complexType>")
    return lines


def section(title: str) -> list[str]:
    bar = "  <!-- " + "=" * 64 + " -->"
    return ["", bar, f"  <!-- {title:<64} -->", bar, ""]


def schema_text(reference: dict[str, dict[str, str]]) -> str:
    root = GROUPS[ROOT]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<!--",
        "  swds.xsd - the harmonized Single Window dataset for the export of tuna from the",
        "  Maldives to Thailand (module 02, data harmonization and modelling).",
        "",
        "  Part of the paperless trade course; licensed under the Apache License 2.0.",
        "  Generated by make_swds.py from datasets/tuna/reference_elements.csv: do not edit",
        "  by hand. The business rules that a schema cannot express are in swds.sch.",
        "-->",
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"',
        f'           xmlns:sw="{NS}"',
        f'           targetNamespace="{NS}"',
        '           elementFormDefault="qualified"',
        '           attributeFormDefault="unqualified"',
        '           version="1.0"',
        '           xml:lang="en">',
        "",
    ]
    lines += annotation("  ", (
        "The harmonized dataset of an export consignment, derived from six trade documents "
        "(commercial invoice, packing list, certificate of origin, fish health certificate, "
        "export declaration and bill of lading). Each data element is declared once, with "
        "the name, definition, format and code list of the reference dataset, and with its "
        "mapping to the UN/CEFACT Cross Industry Invoice D22B business information entities "
        "and to the UN Trade Data Elements Directory (UN/TDED). The CII paths start from the "
        "aggregate that holds them (a supply chain consignment, a trade line item or the "
        "header trade settlement or agreement); they are orientation aids, not formal "
        "mappings. All weights are in kilograms."))
    lines += section("Root element")
    lines.append(f'  <xs:element name="{ROOT}" type="sw:{root.type_name}">')
    lines += annotation("    ", root.documentation)
    lines.append("  </xs:element>")
    lines += section("Aggregate types")
    for group in GROUPS.values():
        lines += complex_type_lines(group, reference)
        lines.append("")
    lines += [
        '  <xs:complexType name="WeightType">',
        *annotation("    ", "A weight in kilograms: a non-negative decimal number with a mandatory "
                    "unitCode attribute whose only allowed value is KGM. Comparable to the "
                    "UN/CEFACT WeightUnitMeasureType with its unitCode attribute."),
        "    <xs:simpleContent>",
        '      <xs:extension base="sw:WeightValueType">',
        '        <xs:attribute name="unitCode" type="sw:WeightUnitCodeType" use="required">',
        *annotation("          ", "The unit in which the weight is expressed: KGM (kilogram), "
                    "from UN/ECE Recommendation 20. UN/TDED 6411 (measurement unit code)."),
        "        </xs:attribute>",
        "      </xs:extension>",
        "    </xs:simpleContent>",
        "  </xs:complexType>",
    ]
    lines += section("Simple types and code lists")
    for t in SIMPLE_TYPES:
        lines += simple_type_lines(t)
        lines.append("")
    lines.append("</xs:schema>")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# Instances
# ---------------------------------------------------------------------------------------


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


def build_instance(record: dict) -> etree._Element:
    """Serialize a harmonized record (see make_dataset.harmonized_record) in schema order."""
    def fill(parent: etree._Element, group: Group, values: dict) -> None:
        for child in group.children:
            if child not in values:
                continue
            if child in GROUPS:
                items = values[child] if GROUPS[child].max_occurs != "1" else [values[child]]
                for item in items:
                    fill(etree.SubElement(parent, q(child)), GROUPS[child], item)
            else:
                element = etree.SubElement(parent, q(child))
                element.text = values[child]
                if ELEMENT_TYPES[child] == "WeightType":
                    element.set("unitCode", "KGM")
    root = etree.Element(q(ROOT), nsmap={None: NS})
    fill(root, GROUPS[ROOT], record)
    return root


def instance_bytes(root: etree._Element, comment: str) -> bytes:
    etree.indent(root, space="  ")
    root.addprevious(etree.Comment(f" {comment} "))
    body = etree.tostring(root.getroottree(), encoding="UTF-8", pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def find(root: etree._Element, name: str, index: int = 0) -> etree._Element:
    return root.findall(f".//{q(name)}")[index]


def set_text(name: str, value: str, index: int = 0) -> Callable[[etree._Element], None]:
    def mutate(root: etree._Element) -> None:
        find(root, name, index).text = value
    return mutate


def remove(name: str) -> Callable[[etree._Element], None]:
    def mutate(root: etree._Element) -> None:
        for element in root.findall(f".//{q(name)}"):
            element.getparent().remove(element)
    return mutate


def rename(name: str, new_name: str) -> Callable[[etree._Element], None]:
    def mutate(root: etree._Element) -> None:
        find(root, name).tag = q(new_name)
    return mutate


def swap_net_and_gross(root: etree._Element) -> None:
    gross, net = find(root, "GrossWeight"), find(root, "NetWeight")
    gross.addprevious(net)


def set_unit(value: str) -> Callable[[etree._Element], None]:
    def mutate(root: etree._Element) -> None:
        find(root, "GrossWeight").set("unitCode", value)
    return mutate


@dataclass(frozen=True)
class Broken:
    slug: str
    expected: str  # "structure" or a Schematron assert id
    explanation: str
    mutate: Callable[[etree._Element], None]

    @property
    def file_name(self) -> str:
        kind = "structure" if self.expected == "structure" else "rules"
        return f"invalid-{kind}-{self.slug}.xml"


def broken_samples(base: dict, forms: dict[str, str]) -> list[Broken]:
    """Each sample changes one thing of the base consignment; ``forms`` holds values of
    that consignment as the paper forms write them."""
    item = base["GoodsItem"][0]
    invoice_date = date.fromisoformat(base["InvoiceDate"])
    early = (invoice_date - timedelta(days=3)).isoformat()
    heavier = str(int(item["GrossWeight"]) + 150)
    return [
        Broken("missing-invoice-number", "structure",
               "InvoiceNumber is missing; it is mandatory.", remove("InvoiceNumber")),
        Broken("no-goods-item", "structure",
               "The consignment has no GoodsItem; at least one is required.", remove("GoodsItem")),
        Broken("misspelt-element", "structure",
               "HSCode is spelt HsCode; element names are case-sensitive.", rename("HSCode", "HsCode")),
        Broken("wrong-order", "structure",
               "NetWeight comes before GrossWeight; the schema fixes the order of elements.",
               swap_net_and_gross),
        Broken("format-date", "structure",
               f"InvoiceDate is copied from the invoice as {forms['invoice_date']}; dates must be "
               f"YYYY-MM-DD ({base['InvoiceDate']}).",
               set_text("InvoiceDate", forms["invoice_date"])),
        Broken("format-hs-code", "structure",
               f"HSCode is copied from the invoice as {forms['hs_code']}; it must be digits only "
               f"({item['HSCode']}).",
               set_text("HSCode", forms["hs_code"])),
        Broken("format-locode", "structure",
               f"LoadingPort is copied from the bill of lading as {forms['loading_port']}; it must "
               f"be the UN/LOCODE {base['Transport']['LoadingPort']}.",
               set_text("LoadingPort", forms["loading_port"])),
        Broken("format-weight", "structure",
               f"GrossWeight is copied from the bill of lading as {forms['gross_weight']}; it must "
               f"be a plain number ({item['GrossWeight']}), the unit goes in unitCode.",
               set_text("GrossWeight", forms["gross_weight"])),
        Broken("code-list-country", "structure",
               "ConsigneeCountry is THA (ISO 3166-1 alpha-3); the schema wants the alpha-2 code TH.",
               set_text("ConsigneeCountry", "THA")),
        Broken("code-list-package-type", "structure",
               f"PackageType is copied from the packing list as {forms['package_kind']}; it must be "
               f"the UN/ECE Recommendation 21 code {item['PackageType']}.",
               set_text("PackageType", forms["package_kind"])),
        Broken("code-list-transport-mode", "structure",
               "TransportMode is Sea; it must be the UN/ECE Recommendation 19 code 1.",
               set_text("TransportMode", "Sea")),
        Broken("unit-code", "structure",
               "GrossWeight has unitCode KGS, as bills of lading abbreviate it; the code is KGM.",
               set_unit("KGS")),
        Broken("net-exceeds-gross", "swds-net-le-gross",
               f"The first goods item has net weight {heavier} kg, more than its gross weight "
               f"{item['GrossWeight']} kg.",
               set_text("NetWeight", heavier)),
        Broken("certificate-before-invoice", "swds-certificate-after-invoice",
               f"The certificate of origin is dated {early}, before the invoice of {base['InvoiceDate']}.",
               set_text("CertificateIssueDate", early)),
        Broken("destination-port-mismatch", "swds-destination-matches-port",
               "The port of discharge is LKCMB (Colombo, where the goods could be transhipped) "
               "while the destination country is TH.",
               set_text("DischargePort", "LKCMB")),
        Broken("same-country", "swds-consignor-not-consignee-country",
               "The consignee's country is MV, the same as the consignor's.",
               set_text("ConsigneeCountry", "MV")),
        Broken("sequence", "swds-sequence",
               "The second goods item is numbered 3 instead of 2.",
               set_text("SequenceNumber", "3", index=1)),
    ]


def load_scenario():
    if not (SCENARIO_DIR / "make_dataset.py").is_file():
        sys.exit(f"The tuna scenario's generator is not here ({SCENARIO_DIR}): it is kept with the answer keys, in "
                 "the trainer's copy of the course. Run this script there; participants' copies carry its output only.")
    sys.path.insert(0, str(SCENARIO_DIR))
    import make_dataset
    return make_dataset


def write_samples() -> list[tuple[str, str, str]]:
    md = load_scenario()
    consignments = md.build_scenario()
    SAMPLES_DIR.mkdir(parents=True, exist_ok=True)
    ANSWERS_DIR.mkdir(parents=True, exist_ok=True)
    for old in [*SAMPLES_DIR.glob("valid-*.xml"), *SAMPLES_DIR.glob("invalid-*.xml"), *ANSWERS_DIR.glob("*.xml")]:
        old.unlink()
    table = []
    for c in consignments:
        record = md.harmonized_record(c)
        folder = SAMPLES_DIR if c.cid in PUBLIC_CONSIGNMENTS else ANSWERS_DIR
        (folder / f"valid-{c.cid}.xml").write_bytes(instance_bytes(
            build_instance(record),
            f"Harmonized dataset of consignment {c.cid} of the tuna scenario, for the paperless "
            f"trade course; generated by make_swds.py. Expected: valid."))
        if c.cid not in PUBLIC_CONSIGNMENTS:
            continue
        goods = "; ".join(f"{line.product.plain} ({line.product.hs6})" for line in c.lines)
        note = "" if c.co_no else " No certificate of origin (the optional elements are absent)."
        table.append((f"valid-{c.cid}.xml", "valid",
                      f"{c.cid}: {c.exporter.name} to {c.importer.name}, "
                      f"{len(c.lines)} goods item{'s' if len(c.lines) > 1 else ''}: {goods}.{note}"))
    base_c = next(c for c in consignments if len(c.lines) >= 2 and c.co_no)
    base = md.harmonized_record(base_c)
    line = base_c.lines[0]
    forms = {
        "invoice_date": md.d_mon_yyyy(base_c.invoice_date),
        "hs_code": md.hs_dotted(line.product.hs6),
        "loading_port": md.MALE.bl_name,
        "gross_weight": f"{line.gross_kg:,}.000 KGS",
        "package_kind": md.PACKAGE_NAMES[line.product.package][0],
    }
    for broken in broken_samples(base, forms):
        root = build_instance(copy.deepcopy(base))
        broken.mutate(root)
        verdict = "fails swds.xsd" if broken.expected == "structure" else f"fails swds.sch: `{broken.expected}`"
        (SAMPLES_DIR / broken.file_name).write_bytes(instance_bytes(
            root,
            f"Consignment {base_c.cid} of the tuna scenario with one deliberate mistake, for the "
            f"paperless trade course; generated by make_swds.py. Expected: {verdict.replace('`', '')}."))
        table.append((broken.file_name, verdict, broken.explanation))
    write_samples_readme(table, base_c.cid)
    return table


def write_samples_readme(table: list[tuple[str, str, str]], base_id: str) -> None:
    lines = [
        "# Sample instances of the harmonized dataset (`swds`)",
        "",
        "Documents for the schema in `datasets/schemas/swds/` (swds.xsd for the structure,",
        "swds.sch for the business rules), built from the tuna export scenario in",
        "`datasets/tuna/`: one valid `ExportConsignment` per consignment of the scenario,",
        "with the values as the harmonized dataset writes them (ISO dates, UN/LOCODEs, plain",
        "kilograms, HS codes without dots).",
        "",
        f"Every invalid sample is consignment {base_id} with a single mistake, most of them",
        "values copied as a paper form prints them. The `invalid-structure-*` files fail the",
        "XML Schema; the `invalid-rules-*` files pass the XML Schema and break one Schematron",
        "rule, named in the table by its assert id.",
        "",
        "These files are generated: do not edit them by hand. Run",
        "`.venv/bin/python solutions/02-data-harmonization/keys/scenario/make_dataset.py` (or, if only the schema changed,",
        "`.venv/bin/python datasets/schemas/swds/make_swds.py`) from the repository root of the",
        "trainer's copy; the output is the same every time.",
        "",
        "| File | Expected result | What it shows |",
        "|---|---|---|",
    ]
    lines += [f"| `{name}` | {verdict} | {text} |" for name, verdict, text in table]
    (SAMPLES_DIR / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    load_scenario()  # outside the trainer's copy it stops here, before anything is written
    reference = read_reference()
    check_model(reference)
    text = schema_text(reference)
    XSD_PATH.write_text(text, encoding="utf-8", newline="\n")
    print(f"{XSD_PATH.relative_to(REPO)}: written from {REFERENCE_CSV.relative_to(REPO)}")
    table = write_samples()
    print(f"{SAMPLES_DIR.relative_to(REPO)}: {len(table)} samples written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
