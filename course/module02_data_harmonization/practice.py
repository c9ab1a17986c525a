"""Module 02, data harmonization: the practice questions of the lessons' "Your turn" cells.

These are not graded. Each one is about a form or a consignment that the lesson itself
works through (consignments C01 to C03, the bill of lading, the consignor party), never
about the graded tasks of the module's exercises, so a learner can check, ask for hints
and see the solution freely.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from ..checks.catalog import register
from ..checks.outcome import CORRECT, INCORRECT
from ..checks.problem import Problem
from ..checks.scoring import same_text
from ..i18n import N_, _
from ..xml.compare import compare_schemas
from . import dataset
from .conversions import DATE_PATTERNS, UNLOCODE
from .vocabulary import FORMATS


@register
class NetWeightCount(Problem):
    """Lesson 01: count the forms of consignment C01 on which the net weight is typed."""

    id = "02-practice-net-weight-count"
    title = N_("On how many forms of consignment C01 is the net weight typed?")
    expects = N_("a whole number, for example 3")
    hints = (
        N_("Net weight is the weight of the goods without packaging. Look at the labels of each of the six forms."),
        N_("The label changes from form to form: look for 'Net' together with 'Wt.', 'weight' or 'Mass'."),
        N_("Gross weight does not count. The certificate of origin and the bill of lading print only the gross weight."),
    )
    solution = ("answer = 4  # commercial invoice 'Net Wt.', packing list 'Net weight (kg)',\n"
                "            # health certificate 'Net Weight', export declaration 'Net Mass (kg)'")
    # The printed fields holding the net weight (checked against the documents by the tests).
    fields = (("commercial_invoice", "Net Wt."), ("packing_list", "Net weight (kg)"),
              ("health_certificate", "Net Weight"), ("export_declaration", "Net Mass (kg)"))

    def judge(self, answer, lang, key):
        if isinstance(answer, bool) or not isinstance(answer, (int, float, str)):
            return self.outcome(INCORRECT, N_("Give a whole number, for example 3."), lang)
        try:
            count = float(str(answer).strip())
        except ValueError:
            return self.outcome(INCORRECT, N_("Give a whole number, for example 3."), lang)
        expected = len(self.fields)
        labels = ", ".join(f"'{label}'" for _document, label in self.fields)
        if count == expected:
            return self.outcome(CORRECT, N_("Right: the net weight is typed {n} times, under {n} different labels: {labels}."),
                                lang, params={"n": expected, "labels": labels})
        if count > expected:
            return self.outcome(INCORRECT, N_("Too many. The certificate of origin and the bill of lading give the gross weight only, and the invoice's Quantity is the quantity billed, another data element even when it equals the net weight."), lang)
        return self.outcome(INCORRECT, N_("Too few. Some forms use another word: the export declaration calls it 'Net Mass (kg)'."), lang)


DATE_FORMATS = tuple(DATE_PATTERNS)  # the format codes of dates, in the order FORMATS lists them


@register
class BillOfLadingDateFormat(Problem):
    """Lesson 02: the format code of the bill of lading's date."""

    id = "02-practice-date-format"
    title = N_("The format code of the bill of lading's 'Shipped on Board Date'")
    expects = N_("a format code from FORMATS as text, for example \"date-iso\"")
    hints = (
        N_("Print a few values of the column 'Shipped on Board Date' of the bill of lading."),
        N_("Run the lesson's guess_format on that column, or compare the values with the examples in FORMATS."),
        N_("The month is written as three capital letters, with hyphens between day, month and year."),
    )
    solution = ('answer = "date-dd-mon-yyyy"  # 19-JAN-2026\n'
                'guess_format(documents["bill_of_lading"]["Shipped on Board Date"])  # the helper agrees')
    expected = "date-dd-mon-yyyy"

    def judge(self, answer, lang, key):
        if not isinstance(answer, str):
            return self.outcome(INCORRECT, N_("Give the format code as text in quotes, for example \"date-iso\"."), lang)
        code = answer.strip().lower()
        if code not in FORMATS:
            return self.outcome(INCORRECT, N_("'{value}' is not a format code. The date formats are: {codes}."), lang,
                                params={"value": answer.strip(), "codes": ", ".join(DATE_FORMATS)})
        if code == self.expected:
            return self.outcome(CORRECT, N_("Right: 19-JAN-2026 is a two-digit day, the month in three capital letters and the year, joined by hyphens."), lang)
        if code == "date-d-mon-yyyy":
            return self.outcome(INCORRECT, N_("Close: that is the invoice's format, 14 Jan 2026, with spaces. The bill of lading joins the parts with hyphens."), lang)
        if code in DATE_FORMATS:
            return self.outcome(INCORRECT, N_("That code means {meaning}; the bill of lading writes its dates like 19-JAN-2026."), lang,
                                params={"meaning": _(FORMATS[code], lang)})
        return self.outcome(INCORRECT, N_("That code is not a date format; 'Shipped on Board Date' holds dates."), lang)


@register
class IsoDate(Problem):
    """Lesson 03: write a bill of lading date in the harmonized format."""

    id = "02-practice-iso-date"
    title = N_("Write the bill of lading date 12-MAR-2026 in the harmonized format")
    expects = N_("the date as text in quotes, for example \"2026-01-31\"")
    hints = (
        N_("The harmonized dataset writes every date as YYYY-MM-DD: year, month, day, with hyphens."),
        N_("MAR is the third month, so the month is written 03."),
        N_("Try the lesson's to_iso_date(\"12-MAR-2026\") and compare with your own answer."),
    )
    solution = 'answer = "2026-03-12"  # or: to_iso_date("12-MAR-2026")'
    expected = date(2026, 3, 12)

    def judge(self, answer, lang, key):
        if isinstance(answer, datetime):
            answer = answer.date()
        if isinstance(answer, date):
            if answer == self.expected:
                return self.outcome(CORRECT, N_("Right: 12 March 2026 is written 2026-03-12."), lang)
            return self.outcome(INCORRECT, N_("That is another day; the bill of lading says 12 March 2026."), lang)
        if not isinstance(answer, str):
            return self.outcome(INCORRECT, N_("Give the date as text in quotes, for example \"2026-01-31\"."), lang)
        text = answer.strip()
        found = re.fullmatch(DATE_PATTERNS["date-iso"], text)
        if not found:
            return self.outcome(INCORRECT, N_("'{value}' is not written YYYY-MM-DD: four digits for the year, then two for the month and two for the day, joined by hyphens."),
                                lang, params={"value": text})
        year, month, day = (int(found[part]) for part in "ymd")
        if (year, month, day) == (2026, 3, 12):
            return self.outcome(CORRECT, N_("Right: 12 March 2026 is written 2026-03-12."), lang)
        if (year, month, day) == (2026, 12, 3):
            return self.outcome(INCORRECT, N_("Day and month are swapped: YYYY-MM-DD puts the month before the day."), lang)
        return self.outcome(INCORRECT, N_("The form is right, but that is another day; the bill of lading says 12 March 2026."), lang)


@register
class BuyerOnBillOfLading(Problem):
    """Lesson 03: the homonym "Consignee" on a bill of lading made out to order of a bank."""

    id = "02-practice-homonym"
    title = N_("Where the bill of lading of C03 names the buyer")
    expects = N_("a label of the bill of lading as text, for example \"Shipper\"")
    hints = (
        N_("Print the bill of lading's row of consignment C03 and read every party box."),
        N_("In C03 the 'Consignee' box holds the order of the bank that finances the sale, not the buyer."),
        N_("The carrier must tell the buyer when the goods arrive: which box says whom to tell?"),
    )
    solution = 'answer = "Notify Party"  # in C03 and C10 the Consignee box reads TO ORDER OF ANDAMAN TRADE BANK PCL'
    expected = "Notify Party"

    def judge(self, answer, lang, key):
        if not isinstance(answer, str):
            return self.outcome(INCORRECT, N_("Give the label as text in quotes, for example \"Shipper\"."), lang)
        labels = [label for document, label in dataset.printed_fields() if document == "bill_of_lading"]
        given = next((label for label in labels if same_text(label, answer)), None)
        if given is None:
            return self.outcome(INCORRECT, N_("'{value}' is not a label of the bill of lading. Its labels are: {labels}."), lang,
                                params={"value": answer.strip(), "labels": ", ".join(labels)})
        if given == self.expected:
            return self.outcome(CORRECT, N_("Right: the buyer appears only as the Notify Party. The Consignee box is a homonym here: it holds the bank's order."), lang)
        if given == "Consignee":
            return self.outcome(INCORRECT, N_("Not in C03: there the Consignee box reads TO ORDER OF ANDAMAN TRADE BANK PCL. The same label holds a different party."), lang)
        if given == "Shipper":
            return self.outcome(INCORRECT, N_("The shipper is the exporter, Blue Reef Seafoods, not the buyer."), lang)
        return self.outcome(INCORRECT, N_("The box '{label}' does not name the buyer in C03. Read that row again."), lang,
                            params={"label": given})


@register
class DischargePort(Problem):
    """Lesson 03: reconcile the bill of lading's port of discharge (consignment C01)."""

    id = "02-practice-discharge-port"
    title = N_("Reconcile the bill of lading's 'Port of Discharge' of consignment C01")
    expects = N_("a pair (reference element, harmonized value) such as (\"VesselName\", \"LAGOON SPIRIT\")")
    hints = (
        N_("Find the element whose definition speaks of unloading the goods in the country of destination."),
        N_("Look at the element's format and code list: the harmonized dataset writes a port as a code, not as its name."),
        N_("The codes are in datasets/tuna/codelists/unlocode_excerpt.csv, or use the lesson's to_locode()."),
    )
    solution = 'answer = ("DischargePort", "THLCH")  # LAEM CHABANG, THAILAND is UN/LOCODE THLCH'
    element, value = "DischargePort", "THLCH"

    def judge(self, answer, lang, key):
        if isinstance(answer, dict):
            answer = (answer.get("element", ""), answer.get("value", ""))
        if isinstance(answer, (str, bytes)) or len(answer) != 2:
            return self.outcome(INCORRECT, N_("Give two values in brackets: the element name and the value, for example (\"VesselName\", \"LAGOON SPIRIT\")."), lang)
        element, value = (str(part).strip() for part in answer)
        reasons = []
        if element not in dataset.element_names():
            reasons.append(_("'{element}' is not a reference element; copy its name from reference_elements().", lang, element=element))
        elif element == "LoadingPort":
            reasons.append(_("LoadingPort is where the goods are loaded, in the Maldives; the port of discharge is where they are unloaded.", lang))
        elif element == "DestinationCountry":
            reasons.append(_("DestinationCountry is a country; the form names a port.", lang))
        elif element != self.element:
            reasons.append(_("{element} is not the port where the goods are unloaded.", lang, element=element))
        code = value.upper()
        if code == "THBKK":
            reasons.append(_("THBKK is Bangkok, where the canned tuna is discharged; C01 is discharged at Laem Chabang.", lang))
        elif not re.fullmatch(UNLOCODE, code):
            reasons.append(_("'{value}' is not a UN/LOCODE: the harmonized value is the 5-letter code, not the port's name.", lang, value=value))
        elif code != self.value:
            reasons.append(_("{value} is not the UN/LOCODE of Laem Chabang.", lang, value=code))
        elif value != code:
            reasons.append(_("Write the UN/LOCODE in capital letters.", lang))
        if reasons:
            return self.outcome(INCORRECT, N_("Not yet: see below."), lang, reasons=reasons)
        return self.outcome(CORRECT, N_("Right: the field maps to DischargePort, and LAEM CHABANG, THAILAND becomes THLCH."), lang)


CONSIGNEE_REFERENCE = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           targetNamespace="urn:paperless-trade-course:swds:1"
           elementFormDefault="qualified">
  <xs:element name="Consignee">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="ConsigneeName">
          <xs:simpleType>
            <xs:restriction base="xs:token">
              <xs:minLength value="1"/>
              <xs:maxLength value="256"/>
            </xs:restriction>
          </xs:simpleType>
        </xs:element>
        <xs:element name="ConsigneeAddress" minOccurs="0">
          <xs:simpleType>
            <xs:restriction base="xs:token">
              <xs:minLength value="1"/>
              <xs:maxLength value="256"/>
            </xs:restriction>
          </xs:simpleType>
        </xs:element>
        <xs:element name="ConsigneeCountry">
          <xs:simpleType>
            <xs:restriction base="xs:token">
              <xs:pattern value="[A-Z]{2}"/>
            </xs:restriction>
          </xs:simpleType>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""


@register
class ConsigneeSchema(Problem):
    """Lesson 04: a small XSD for the consignee party, compared with a reference fragment."""

    id = "02-practice-consignee-xsd"
    title = N_("A small XSD for the consignee party")
    expects = N_("the XSD as text (a string)")
    solution_language = "xml"
    hints = (
        N_("Start from the corrected consignor schema of the lesson and rename Consignor to Consignee everywhere."),
        N_("The consignee's address may be left out (minOccurs=\"0\"); its name and country may not."),
        N_("Read each finding: it names the element, what your schema says and what the reference says."),
    )
    solution = CONSIGNEE_REFERENCE

    def judge(self, answer, lang, key):
        if not isinstance(answer, (str, bytes)):
            return self.outcome(INCORRECT, N_("The answer should be the XSD as text (a string)."), lang)
        comparison = compare_schemas(answer, CONSIGNEE_REFERENCE, lang=lang)
        if not comparison.usable:
            return self.outcome(INCORRECT, N_("This is not a usable XSD yet."), lang, findings=comparison.findings)
        if comparison.identical:
            return self.outcome(CORRECT, N_("Your schema declares the consignee exactly as the reference fragment does."), lang,
                                findings=comparison.findings)
        return self.outcome(INCORRECT, N_("Your schema is {percent}% like the reference fragment; each difference is explained below."),
                            lang, score=comparison.score, params={"percent": round(100 * comparison.score)},
                            findings=comparison.findings)
