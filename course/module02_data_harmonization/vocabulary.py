"""The words a data dictionary uses: data types and the formats printed on forms.

Learners describe each form field with these codes, so their dictionaries can be compared
field by field; the descriptions are shown to them in their language.
"""
from __future__ import annotations

from ..i18n import N_

DATA_TYPES = {
    "text": N_("free text: names, descriptions, addresses"),
    "identifier": N_("a reference that identifies something: invoice or certificate number"),
    "code": N_("a value from a code list: country, port, package type"),
    "date": N_("a calendar date"),
    "integer": N_("a whole number: counts"),
    "decimal": N_("a number that may have decimals: weights, amounts"),
}

FORMATS = {
    "free-text": N_("free text"),
    "date-iso": N_("date as YYYY-MM-DD (2026-01-14)"),
    "date-dmy-slash": N_("date as DD/MM/YYYY (14/01/2026)"),
    "date-dmy-dot": N_("date as DD.MM.YYYY (14.01.2026)"),
    "date-d-mon-yyyy": N_("date as D Mon YYYY (14 Jan 2026)"),
    "date-month-d-yyyy": N_("date as Month D, YYYY (January 14, 2026)"),
    "date-dd-mon-yyyy": N_("date as DD-MON-YYYY (14-JAN-2026)"),
    "date-yyyymmdd": N_("date as YYYYMMDD (20260114)"),
    "number": N_("plain number (9970 or 9435.0)"),
    "number-grouped": N_("number with thousands separators (1,890.00)"),
    "number-unit": N_("number followed by its unit (9,970 kg, 9.97 MT, 9435.0 KGS)"),
    "count-kind": N_("count and package code together (629 CT)"),
    "hs-dotted": N_("HS code with a dot (0303.43)"),
    "hs-6": N_("HS code, 6 digits (030343)"),
    "hs-national": N_("national tariff code, 8 digits (03034300)"),
    "country-name": N_("country name (Maldives)"),
    "country-alpha2": N_("ISO 3166 two-letter country code (MV)"),
    "port-name": N_("port name (Malé)"),
    "unlocode": N_("UN/LOCODE (MVMLE)"),
    "package-code": N_("package type code (CT)"),
    "package-name": N_("package type in words (Cartons)"),
    "composite": N_("several data elements in one box (number and date)"),
}
