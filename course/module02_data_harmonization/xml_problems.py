"""Module 02, data harmonization: the rules of its graded modelling tasks, whose answers are
XML messages and schemas: the harmonized dataset of a consignment, a Cross Industry Invoice
and the XSD of the harmonized packing list.
"""
from __future__ import annotations

from lxml import etree

from ..checks.catalog import register
from ..checks.keyed import KeyedProblem
from ..checks.keys import Key
from ..checks.outcome import CORRECT, INCORRECT
from ..checks.problem import XmlDocumentProblem
from ..i18n import N_, _
from ..xml import validate
from ..xml.compare import compare_schemas
from ..xml.registry import SchemaError, compile_text
from ..xml.safe import parse_document
from . import dataset


@register
class HarmonizedInstance(XmlDocumentProblem, KeyedProblem):
    id = "02-instance-swds"
    title = N_("Model: the harmonized dataset of consignment C05 as an XML message")
    schema = "swds"
    consignment = "C05"
    hints = (
        N_("Start from the worked example datasets/schemas/swds/samples/valid-C01.xml and replace its values."),
        N_("Take each value from the form that the mapping says, and write it in the harmonized format: dates as YYYY-MM-DD, weights in kg without separators, ports as UN/LOCODE."),
        N_("One GoodsItem per line of the consignment, numbered 1, 2, 3."),
    )
    solution = "# see the solution notebook: the instance is built from the documents with lxml"
    compared = ("InvoiceNumber", "InvoiceDate", "ConsignorName", "ConsignorCountry", "ConsigneeName",
                "TransportMode", "LoadingPort", "DischargePort", "DestinationCountry", "HSCode", "PackageCount",
                "PackageType", "GrossWeight", "NetWeight", "OriginCountry")

    def load_key(self):
        return self._values(dataset.key(f"instances/valid-{self.consignment}.xml").read_bytes())

    def public_key(self) -> Key:
        invoice = dataset.document("commercial_invoice")
        number = invoice.loc[invoice["consignment"] == self.consignment, "Invoice No."].iloc[0]
        return Key({"InvoiceNumber": [number]}, complete=False)

    def _values(self, document) -> dict[str, list[str]]:
        root = etree.fromstring(document) if isinstance(document, bytes) else document
        return {name: [" ".join((e.text or "").split()) for e in root.iter(f"{{*}}{name}")] for name in self.compared}

    def judge(self, answer, lang, key):
        result = validate(answer, self.schema, lang=lang)
        if not result.ok:
            return self.outcome(INCORRECT, result.summary(), lang, findings=result.findings)
        given = self._values(parse_document(answer).getroot())
        wrong = [name for name, expected in key.data.items() if given.get(name) != expected]
        score = 1 - len(wrong) / len(key.data)
        reasons = [_("<{element}> does not hold the value of consignment {consignment}.", lang,
                     element=name, consignment=self.consignment) for name in wrong]
        return self.graded(score, key, lang, reasons,
                           N_("Valid, and every value is the one of consignment C05."),
                           N_("Valid, but {percent}% of the values checked are those of consignment C05."))


@register
class CrossIndustryInvoice(XmlDocumentProblem):
    id = "02-instance-cii"
    title = N_("Model: consignment C05's commercial invoice as a UN/CEFACT Cross Industry Invoice")
    schema = "cii-d22b"
    consignment = "C05"
    hints = (
        N_("The lesson's example invoice is valid: change its values rather than starting from nothing."),
        N_("The seller is ram:SellerTradeParty, the buyer ram:BuyerTradeParty; countries go in ram:PostalTradeAddress/ram:CountryID."),
        N_("The invoice number is rsm:ExchangedDocument/ram:ID; the currency ram:InvoiceCurrencyCode."),
    )
    solution = "# see the solution notebook: the invoice is built with lxml from the commercial invoice"
    NS = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
          "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}

    def expected(self) -> dict[str, str]:
        invoice = dataset.document("commercial_invoice")
        row = invoice[invoice["consignment"] == self.consignment].iloc[0]
        return {"rsm:ExchangedDocument/ram:ID": row["Invoice No."],
                ".//ram:SellerTradeParty/ram:Name": row["Seller"],
                ".//ram:BuyerTradeParty/ram:Name": row["Buyer"],
                ".//ram:SellerTradeParty/ram:PostalTradeAddress/ram:CountryID": "MV",
                ".//ram:BuyerTradeParty/ram:PostalTradeAddress/ram:CountryID": "TH",
                ".//ram:InvoiceCurrencyCode": row["Currency"]}

    def judge(self, answer, lang, key):
        outcome = super().judge(answer, lang, key)
        if not outcome.correct:
            return outcome
        root = parse_document(answer).getroot()
        wrong = []
        for path, value in self.expected().items():
            found = root.find(path, self.NS)
            if found is None or " ".join((found.text or "").split()) != value:
                wrong.append(_("{path} should be '{value}'.", lang, path=path.lstrip("./"), value=value))
        if wrong:
            return self.outcome(INCORRECT, N_("The invoice is valid, but some values are not those of consignment C05."),
                                lang, score=1 - len(wrong) / len(self.expected()), reasons=wrong)
        return self.outcome(CORRECT, N_("A valid Cross Industry Invoice with the values of consignment C05."), lang)


PUBLIC_PACKING_LIST = """<PackingList xmlns="urn:paperless-trade-course:packing-list:1">
  <PackingListNumber>BRS/PL/2026/062</PackingListNumber>
  <IssueDate>2026-01-14</IssueDate>
  <InvoiceNumber>BRS/INV/2026/062</InvoiceNumber>
  <ConsignorName>Blue Reef Seafoods Pvt Ltd</ConsignorName>
  <ConsigneeName>Siam Ocean Canning Co., Ltd.</ConsigneeName>
  <PackageLine>
    <ShippingMarks>BRS/SOC/LCH/SJ-01 NOS. 1-629</ShippingMarks>
    <PackageCount>629</PackageCount>
    <PackageType>CT</PackageType>
    <GoodsDescription>Frozen skipjack tuna, whole round</GoodsDescription>
    <GrossWeight>9970</GrossWeight>
    <NetWeight>9435</NetWeight>
  </PackageLine>
</PackingList>"""


@register
class PackingListSchema(KeyedProblem):
    id = "02-packing-list-xsd"
    title = N_("Model: write the XSD of the harmonized packing list message")
    expects = N_("the XSD as text (a string)")
    solution_language = "xml"
    hints = (
        N_("Begin with <xs:schema> declaring targetNamespace=\"urn:paperless-trade-course:packing-list:1\" and elementFormDefault=\"qualified\"."),
        N_("An element that may be left out needs minOccurs=\"0\"; one that may repeat needs maxOccurs=\"unbounded\"."),
        N_("Restrict PackageType with xs:enumeration, one per allowed code; dates are xs:date, counts xs:positiveInteger."),
    )
    solution = "# see the solution notebook: the reference schema of the harmonized packing list"
    weights = {"valid_xsd": 0.1, "instances": 0.4, "structure": 0.5}

    def load_key(self):
        folder = dataset.key("packing_list_instances")
        return {"reference": dataset.key("packing_list.xsd").read_bytes(),
                "valid": [p.read_bytes() for p in sorted(folder.glob("valid-*.xml"))],
                "invalid": [p.read_bytes() for p in sorted(folder.glob("invalid-*.xml"))]}

    def public_key(self) -> Key:
        """The specification's examples: what must pass and what must fail."""
        example = PUBLIC_PACKING_LIST
        second_line = example.split("  <PackageLine>")[1].replace(
            "    <ShippingMarks>BRS/SOC/LCH/SJ-01 NOS. 1-629</ShippingMarks>\n", "")
        two_lines = example.replace("</PackingList>", "  <PackageLine>" + second_line.split("</PackingList>")[0]
                                    + "</PackingList>")
        broken = [example.replace("<PackageType>CT</PackageType>", "<PackageType>Cartons</PackageType>"),
                  example.replace("<IssueDate>2026-01-14</IssueDate>", "<IssueDate>14/01/2026</IssueDate>"),
                  example.replace("  <InvoiceNumber>BRS/INV/2026/062</InvoiceNumber>\n", ""),
                  example.replace("<PackageCount>629</PackageCount>", "<PackageCount>0</PackageCount>")]
        return Key({"reference": None, "valid": [example.encode(), two_lines.encode()],
                    "invalid": [b.encode() for b in broken]}, complete=False)

    def judge(self, answer, lang, key):
        meta = validate(answer, "xsd10", lang=lang)
        if not meta.ok:
            return self.outcome(INCORRECT, N_("This is not a valid XSD yet."), lang, findings=meta.findings)
        try:
            schema = compile_text(answer)
        except SchemaError as exc:
            return self.outcome(INCORRECT, N_("The schema cannot be used: {detail}"), lang, params={"detail": str(exc)[:300]})
        reasons = []
        accepted = [schema.validate(parse_document(doc)) for doc in key.data["valid"]]
        rejected = [not schema.validate(parse_document(doc)) for doc in key.data["invalid"]]
        if not all(accepted):
            reasons.append(_("Your schema rejects {n} packing list(s) that follow the specification.", lang,
                             n=accepted.count(False)))
        if not all(rejected):
            reasons.append(_("Your schema accepts {n} packing list(s) that break the specification.", lang,
                             n=rejected.count(False)))
        # A schema that accepts nothing "rejects" every broken message for the wrong reason.
        instances = ((sum(accepted) + sum(rejected)) / (len(accepted) + len(rejected))) if any(accepted) else 0.0
        structure, findings = 1.0, []
        if key.data["reference"] is not None:
            comparison = compare_schemas(answer, key.data["reference"], lang=lang)
            structure, findings = comparison.score, comparison.findings
        score = (self.weights["valid_xsd"] + self.weights["instances"] * instances
                 + self.weights["structure"] * structure)
        outcome = self.graded(score, key, lang, reasons, N_("Your schema matches the reference model."),
                              N_("Your schema earns {percent}% of the credit."))
        outcome.findings = findings
        return outcome
