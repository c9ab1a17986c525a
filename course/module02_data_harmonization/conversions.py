"""Values as the forms print them, converted to the harmonized formats.

Lessons 02 to 04 teach these conversions and the checks reuse them, so they are written
once, here. Each ``to_...`` function raises ``ValueError`` on a value it does not
understand (a silent wrong value in a message is worse than a stop); pass ``default=None``
to get ``None`` instead, as the lesson 03 normalizer does when it tries every conversion.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from . import dataset

_RAISE = object()  # no default given: raise on a value that cannot be converted

MONTHS = {name: number for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}

# One pattern per date format code of the data dictionary, with named parts: day d, month m
# or month name mon (its first three letters count), year y.
DATE_PATTERNS = {
    "date-iso":          r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})",              # 2026-01-14
    "date-dmy-slash":    r"(?P<d>\d{2})/(?P<m>\d{2})/(?P<y>\d{4})",              # 14/01/2026
    "date-dmy-dot":      r"(?P<d>\d{2})\.(?P<m>\d{2})\.(?P<y>\d{4})",            # 14.01.2026
    "date-d-mon-yyyy":   r"(?P<d>\d{1,2}) (?P<mon>[A-Za-z]{3}) (?P<y>\d{4})",    # 14 Jan 2026
    "date-month-d-yyyy": r"(?P<mon>[A-Za-z]{3,9}) (?P<d>\d{1,2}), (?P<y>\d{4})",  # January 14, 2026
    "date-dd-mon-yyyy":  r"(?P<d>\d{2})-(?P<mon>[A-Za-z]{3})-(?P<y>\d{4})",      # 14-JAN-2026
    "date-yyyymmdd":     r"(?P<y>(19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})",         # 20260114
}

UNLOCODE = r"[A-Z]{2}[A-Z2-9]{3}"  # country code, then three letters or digits 2-9
WEIGHT_UNITS = {"kg": 1, "kgs": 1, "kgm": 1, "mt": 1000, "t": 1000, "tne": 1000}  # kilograms per unit


def _fail(default, message: str):
    if default is _RAISE:
        raise ValueError(message)
    return default


def read_date(value) -> tuple[str | None, date | None]:
    """(format code, date) when ``value`` is a date written in one of the formats, else (None, None).

    The first pattern that fits decides: ``31/02/2026`` fits date-dmy-slash but is no day,
    so it is not a date at all.
    """
    text = str(value).strip()
    for code, pattern in DATE_PATTERNS.items():
        found = re.fullmatch(pattern, text)
        if found:
            parts = found.groupdict()
            month = int(parts["m"]) if parts.get("m") else MONTHS.get(parts["mon"][:3].lower())
            try:
                return code, date(int(parts["y"]), month, int(parts["d"]))
            except (TypeError, ValueError):  # an impossible day, or an unknown month name
                return None, None
    return None, None


def to_iso_date(value, default=_RAISE) -> str:
    """'14/01/2026', '14 Jan 2026', 'January 18, 2026', '19-JAN-2026', '20260115' -> '2026-01-14'."""
    _code, day = read_date(value)
    return day.isoformat() if day else _fail(default, f"not a date in a known format: {value!r}")


def _plain_number(number: Decimal) -> str:
    """Digits without separators or trailing zeros: Decimal('9970.000') -> '9970'."""
    return format(number.normalize(), "f")


def to_kg(value, unit: str | None = None, default=_RAISE) -> str:
    """'9,970 kg', '9.97 MT', '9,970.000 KGS' -> '9970' (kilograms, no separators).

    A bare number such as '9970.000' is a weight only when ``unit`` says which (the label
    of its box often does: 'Gross Mass (kg)').
    """
    found = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?) ?([A-Za-z]*)", str(value).strip())
    written = (found.group(2) if found else "") or unit or ""
    if not found or written.lower() not in WEIGHT_UNITS:
        return _fail(default, f"not a weight with a known unit: {value!r}")
    return _plain_number(Decimal(found.group(1).replace(",", "")) * WEIGHT_UNITS[written.lower()])


def to_amount(value, default=_RAISE) -> str:
    """'26,243.00' -> '26243.00' (two decimals, no separators)."""
    try:
        return str(Decimal(str(value).strip().replace(",", "")).quantize(Decimal("0.01")))
    except InvalidOperation:
        return _fail(default, f"not an amount: {value!r}")


def to_hs6(value, default=_RAISE) -> str:
    """'0303.43', '030343', '03034300' -> '030343' (the international HS subheading)."""
    digits = re.sub(r"\D", "", str(value))
    return digits[:6] if len(digits) >= 6 else _fail(default, f"not an HS code of at least 6 digits: {value!r}")


def plain(text) -> str:
    """Lower case, without accents or extra spaces: ' Malé ' -> 'male'."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split()).casefold()


def to_locode(port, default=_RAISE) -> str:
    """'MALE, MALDIVES', 'Malé', 'Laem Chabang Port, Thailand' -> the UN/LOCODE of the port."""
    ports = dataset.codelist("unlocode_excerpt")
    name = plain(port).split(",")[0]
    for code, known in zip(ports["code"], ports["name"]):
        known = plain(known)
        if name == known or name.startswith(known + " "):
            return code
    return _fail(default, f"port not in the code list: {port!r}")


def to_country_code(name, default=_RAISE) -> str:
    """'Maldives', 'MALDIVES' -> 'MV' (ISO 3166 alpha-2)."""
    countries = dataset.codelist("countries")
    match = countries.loc[countries["name"].map(plain) == plain(name), "alpha_2"]
    return match.iloc[0] if not match.empty else _fail(default, f"country not in the code list: {name!r}")


def without_code(value) -> str:
    """'CB0419 Swift Clearance Maldives Pvt Ltd' -> 'Swift Clearance Maldives Pvt Ltd'."""
    return re.sub(r"^[A-Z]{2}\d+\s+", "", str(value))


def without_country(address) -> str:
    """'..., Malé 20187, Maldives' -> '..., Malé 20187' (the country is an element of its own)."""
    return str(address).rsplit(", ", 1)[0]
