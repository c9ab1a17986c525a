"""Module 02, data harmonization: the rules of its graded tasks, one problem per task.

Every problem judges the learner's answer against a :class:`Key`. The self-check uses the
public key (the worked examples of the lesson); the grader's hidden tests pass the full
key from ``solutions/02-data-harmonization/keys``, which participants never receive.
"""
from __future__ import annotations

import pandas as pd
from lxml import etree

from ..checks.catalog import register
from ..checks.keys import Key
from ..checks.outcome import CORRECT, INCORRECT
from ..checks.problem import Problem, XmlDocumentProblem
from ..harmonize import dataset
from ..harmonize.scoring import normalize_text, score_grouping, score_mapping, score_set, score_table
from ..harmonize.vocabulary import DATA_TYPES, FORMATS
from ..i18n import N_, _
from ..xml import validate
from ..xml.compare import compare_schemas

SHOWN = 8  # wrong or missing items listed in one outcome; the rest are counted


def _listed(items, lang, render) -> list[str]:
    reasons = [render(item) for item in items[:SHOWN]]
    if len(items) > SHOWN:
        reasons.append(_("... and {n} more.", lang, n=len(items) - SHOWN))
    return reasons


def _field(item) -> str:
    document, label = item
    return f"{document} / {label}"


def _cell_text(value) -> str:
    """A table cell as text; empty for None and NaN (a blank cell in pandas)."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _as_fields(answer) -> list[tuple[str, str]]:
    if isinstance(answer, pd.DataFrame):
        return [(str(d), str(l)) for d, l in zip(answer["document"], answer["label"])]
    return [(str(d), str(l)) for d, l in answer]


def _as_mapping(answer) -> dict[tuple[str, str], str]:
    if isinstance(answer, pd.DataFrame):
        return {(str(d), str(l)): str(e) for d, l, e in zip(answer["document"], answer["label"], answer["element"])}
    return {(str(d), str(l)): str(e) for (d, l), e in dict(answer).items()}


def _as_groups(answer) -> list[list[tuple[str, str]]]:
    if isinstance(answer, pd.DataFrame):
        return [_as_fields(rows) for _group, rows in answer.groupby("group", sort=True)]
    return [_as_fields(members) for members in dict(answer).values()]


class KeyedProblem(Problem):
    """A problem with an answer key, partial credit and a "checked here" caveat."""

    key_file: str = ""

    def graded(self, score: float, key: Key, lang, reasons: list[str], perfect: str, partial: str,
               params: dict | None = None):
        params = dict(params or {}, percent=int(100 * score))  # floor: 99.7% is not "100%"
        if score >= 0.999:
            message = perfect if key.complete else N_(
                "Everything that can be checked here is right. Your trainer's grading checks the rest.")
            return self.outcome(CORRECT, message, lang, score=1.0, params=params)
        return self.outcome(INCORRECT, partial, lang, score=score, params=params, reasons=reasons)


@register
class CaptureInventory(Problem):
    id = "02-capture-inventory"
    title = N_("Capture: inventory of the data elements printed on each form")
    expects = N_("a table (DataFrame) with the columns document and label, one row per printed field")
    hints = (
        N_("Each document's CSV has one column per printed field: list the columns of every document."),
        N_("Leave out the column 'consignment': it was added to join the files, no form prints it."),
        N_("pd.DataFrame([(name, column) for name, table in documents.items() for column in table.columns], columns=['document', 'label'])"),
    )
    solution = ("inventory = pd.DataFrame(\n    [(name, label) for name, table in documents.items()\n"
                "     for label in table.columns if label != 'consignment'],\n    columns=['document', 'label'])")

    def judge(self, answer, lang, key):
        score = score_set(_as_fields(answer), dataset.printed_fields())
        reasons = _listed(score.missing, lang, lambda f: _("Missing: {field}", lang, field=_field(f)))
        reasons += _listed(score.extra, lang, lambda f: _("Not printed on that form: {field}", lang, field=_field(f)))
        if score.f1 >= 0.999:
            return self.outcome(CORRECT, N_("All {n} printed fields of the six documents are in your inventory."),
                                lang, params={"n": len(dataset.printed_fields())})
        return self.outcome(INCORRECT, N_("Your inventory is {percent}% right."), lang, score=score.f1,
                            params={"percent": int(100 * score.f1)}, reasons=reasons)


@register
class PackingListDictionary(KeyedProblem):
    id = "02-data-dictionary"
    title = N_("Define: a data dictionary for the packing list")
    expects = N_("a table (DataFrame) with the columns label, definition, data_type, format and unit, one row per packing list field")
    hints = (
        N_("Use one row per column of the packing list, with the label exactly as printed."),
        N_("data_type is one of: text, identifier, code, date, integer, decimal. format is one of the codes in FORMATS."),
        N_("Look at the values, not only the label: how is the date written? Do the weights carry their unit in the value or in the label?"),
    )
    solution = "dictionary = pd.read_csv(...)  # see the solution notebook: one row per packing list field"
    columns = ["data_type", "format", "unit"]
    shown_rows = ("Date", "No. of Packages")

    def load_key(self):
        table = dataset.key_table("packing_list_dictionary.csv")
        return {row["label"]: {c: row[c] for c in self.columns} for _i, row in table.iterrows()}

    def public_key(self) -> Key:
        return Key({"Date": {"data_type": "date", "format": "date-iso", "unit": ""},
                    "No. of Packages": {"data_type": "integer", "format": "number", "unit": ""}}, complete=False)

    def judge(self, answer, lang, key):
        table = pd.DataFrame(answer)
        missing_columns = [c for c in ["label", "definition", *self.columns] if c not in table.columns]
        if missing_columns:
            return self.outcome(INCORRECT, N_("Your table lacks the column(s): {columns}."), lang,
                                params={"columns": ", ".join(missing_columns)})
        rows = {str(r["label"]): {c: _cell_text(r[c]) for c in ["definition", *self.columns]} for _i, r in table.iterrows()}
        labels = [label for _d, label in dataset.printed_fields() if _d == "packing_list"]
        reasons = [_("'{label}' is not a packing list field.", lang, label=label) for label in rows if label not in labels]
        reasons += [_("'{value}' is not a data type; use one of: {allowed}.", lang, value=row["data_type"],
                      allowed=", ".join(DATA_TYPES)) for row in rows.values() if row["data_type"] not in DATA_TYPES]
        reasons += [_("'{value}' is not a format code; use one of the codes in FORMATS.", lang, value=row["format"])
                    for row in rows.values() if row["format"] not in FORMATS]
        reasons += [_("Write a definition for '{label}'.", lang, label=label)
                    for label, row in rows.items() if len(row["definition"].split()) < 3]

        def same(column, given, expected):  # the key may allow alternatives: "text|code"
            return normalize_text(given) in [normalize_text(e) for e in str(expected).split("|")]

        score = score_table(rows, key.data, self.columns, same)
        share = score.share * (0.9 if reasons else 1.0)
        missing = [label for label in labels if label not in rows]
        reasons += [_("Add a row for '{label}'.", lang, label=label) for label in missing]
        if missing:
            share = min(share, 0.99)
        reasons += _listed(score.mistakes, lang, lambda m: _(
            "{label}: {column} should not be '{given}'.", lang, label=m[0], column=m[1], given=m[2]))
        return self.graded(share, key, lang, reasons,
                           N_("Every field of your data dictionary is right."),
                           N_("{percent}% of the dictionary's entries are right."))


@register
class Synonyms(KeyedProblem):
    id = "02-synonyms"
    title = N_("Analyse: which labels on different forms mean the same thing")
    expects = N_("a dict from a group name to a list of (document, label) pairs that mean the same data element")
    hints = (
        N_("Shipper, Exporter, Seller and Consignor may all be the same party: put them in one group."),
        N_("Compare values, not only labels: two columns holding the same values across consignments are probably synonyms."),
        N_("A label can belong to one group only. Fields that appear on a single form need no group."),
    )
    solution = "synonyms = {'InvoiceNumber': [('commercial_invoice', 'Invoice No.'), ...], ...}"

    def load_key(self):
        table = dataset.key_table("synonyms.csv")
        return [_as_fields(rows) for _e, rows in table.groupby("element", sort=True)]

    def public_key(self) -> Key:
        return Key([[("commercial_invoice", "Invoice No."), ("packing_list", "Invoice Ref."),
                     ("certificate_of_origin", "Invoice Number and Date"), ("export_declaration", "Invoice No.")]],
                   complete=False)

    def judge(self, answer, lang, key):
        groups = _as_groups(answer)
        known = set(dataset.printed_fields())
        unknown = sorted({f for g in groups for f in g if f not in known})
        if not key.complete:  # judge only the fields the worked example covers
            covered = {f for g in key.data for f in g}
            groups = [[f for f in g if f in covered] for g in groups]
        score = score_grouping(groups, key.data)
        reasons = [_("Not a printed field: {field}", lang, field=_field(f)) for f in unknown]
        reasons += _listed(score.wrongly_joined, lang, lambda p: _(
            "{a} and {b} do not mean the same thing.", lang, a=_field(p[0]), b=_field(p[1])))
        reasons += _listed(score.missed, lang, lambda p: _(
            "{a} and {b} mean the same thing.", lang, a=_field(p[0]), b=_field(p[1])))
        return self.graded(score.f1 * (0.9 if unknown else 1), key, lang, reasons,
                           N_("Your synonym groups match the reference analysis."),
                           N_("Your synonym groups are {percent}% right (pairs of labels grouped together)."))


@register
class FormatConflicts(KeyedProblem):
    id = "02-conflicts"
    title = N_("Analyse: which data elements are written in different formats on different forms")
    expects = N_("a set of reference element names, e.g. {'GrossWeight', ...}")
    hints = (
        N_("Take one consignment and put the values of each data element side by side, one column per form."),
        N_("Weights appear as '9,970 kg', '9.97 MT' and '9970': same value, different formats."),
        N_("Names count too: 'Blue Reef Seafoods Pvt Ltd' and 'BLUE REEF SEAFOODS PVT LTD, MALE, MALDIVES' are written differently."),
    )
    solution = "conflicts = {'GrossWeight', 'NetWeight', 'HSCode', ...}"

    def load_key(self):
        return set(dataset.key_table("conflicts.csv")["element"])

    def public_key(self) -> Key:
        return Key({"GrossWeight", "HSCode"}, complete=False)

    def judge(self, answer, lang, key):
        given = {str(e) for e in answer}
        not_elements = sorted(given - dataset.element_names())
        if not key.complete:
            missing = sorted(key.data - given)
            reasons = [_("{element} is not a reference element.", lang, element=e) for e in not_elements]
            reasons += [_("{element} is written in different formats too.", lang, element=e) for e in missing]
            ok = not missing and not not_elements
            return self.graded(1.0 if ok else 0.5, key, lang, reasons, "", N_("Not yet: see the reasons below."))
        score = score_set(given, key.data)
        reasons = [_("{element} is not a reference element.", lang, element=e) for e in not_elements]
        reasons += [_("{element} is written in different formats too.", lang, element=e) for e in score.missing]
        reasons += [_("{element} is not written in conflicting formats across the forms.", lang, element=e)
                    for e in score.extra if e not in not_elements]
        return self.graded(score.f1, key, lang, reasons, N_("You found every element with conflicting formats."),
                           N_("Your list of conflicting elements is {percent}% right."))


@register
class FieldMapping(KeyedProblem):
    id = "02-mapping"
    title = N_("Reconcile: map every printed field to the reference data model")
    expects = N_("a table (DataFrame) with the columns document, label and element ('none' when no element fits)")
    hints = (
        N_("Start from the synonym groups: every label of a group maps to the same element."),
        N_("Read the definitions in reference_elements.csv: 'Seller' on an export invoice is the consignor."),
        N_("Some fields have no place in the harmonized dataset (the freight terms on a bill of lading, say): map them to 'none'."),
    )
    solution = "mapping = pd.DataFrame([...], columns=['document', 'label', 'element'])"

    def load_key(self):
        return _as_mapping(dataset.key_table("field_mapping.csv"))

    def public_key(self) -> Key:
        return Key({("commercial_invoice", "Invoice No."): "InvoiceNumber",
                    ("commercial_invoice", "Invoice Date"): "InvoiceDate",
                    ("commercial_invoice", "Seller"): "ConsignorName",
                    ("commercial_invoice", "Gross Wt."): "GrossWeight"}, complete=False)

    def judge(self, answer, lang, key):
        mapping = _as_mapping(answer)
        allowed = dataset.element_names() | {"none"}
        reasons = [_("{field}: '{element}' is not a reference element (or 'none').", lang, field=_field(f), element=e)
                   for f, e in mapping.items() if e not in allowed][:SHOWN]
        if not key.complete:
            uncovered = [f for f in dataset.printed_fields() if f not in mapping]
            reasons += _listed(uncovered, lang, lambda f: _("Not mapped yet: {field}", lang, field=_field(f)))
            mapping = {f: e for f, e in mapping.items() if f in key.data}
        score = score_mapping(mapping, key.data)
        reasons += _listed(score.wrong, lang, lambda w: _(
            "{field} is mapped to {given}, which is not right.", lang, field=_field(w[0]), given=w[1]))
        reasons += _listed(score.missing, lang, lambda m: _("Not mapped: {field}", lang, field=_field(m[0])))
        share = score.f1 if not reasons or key.complete else min(score.f1, 0.99)
        return self.graded(share, key, lang, reasons, N_("Every field is mapped to the right reference element."),
                           N_("Precision {precision}%, recall {recall}%: {percent}% of the credit."),
                           params={"precision": int(100 * score.precision), "recall": int(100 * score.recall)})


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
        from ..xml.safe import parse_document

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
        from ..xml.safe import parse_document

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
        from ..xml.registry import SchemaError, compile_text

        try:
            schema = compile_text(answer)
        except SchemaError as exc:
            return self.outcome(INCORRECT, N_("The schema cannot be used: {detail}"), lang, params={"detail": str(exc)[:300]})
        from ..xml.safe import parse_document

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
