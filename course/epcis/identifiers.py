"""GS1 identifiers: check digits, and the EPC URIs and GS1 Digital Link URIs that carry them.

The GS1 check digit (modulo 10, weights 3 and 1 from the right) ends every GTIN, GLN and
SSCC. EPC URIs (``urn:epc:id:sgtin:...``) leave it out: it is computed back when the URI is
read, so a GTIN or SSCC named in an event can be printed on a label or a certificate.
GS1 Digital Link URIs (``https://id.gs1.org/01/...``) carry it, so it can be wrong there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

LENGTHS = {"GTIN": 14, "GLN": 13, "SSCC": 18}
# The digits before the check digit in each EPC scheme: prefix and reference together.
EPC_DIGITS = {"sgtin": 13, "lgtin": 13, "sscc": 17, "sgln": 12}
EPC_PATTERN = re.compile(r"^urn:epc:(?P<kind>id|class):(?P<scheme>sgtin|lgtin|sscc|sgln):"
                         r"(?P<prefix>\d{6,12})\.(?P<reference>\d*)(?:\.(?P<extra>[!-~]{1,20}))?$")
LINK_PATTERN = re.compile(r"^https?://[^/]+(?:/[^/]*)*?/(?P<ai>01|00|414)/(?P<key>\d+)"
                          r"(?:/(?P<ai2>21|10|254)/(?P<extra>[^/?#]+))?/?(?:[?#].*)?$")


def check_digit(digits: str) -> int:
    """The GS1 check digit of ``digits`` (the identifier without its last digit)."""
    if not digits.isdigit():
        raise ValueError(f"a GS1 identifier has digits only, not {digits!r}")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def with_check_digit(digits: str) -> str:
    return digits + str(check_digit(digits))


def is_valid(code: str, kind: str | None = None) -> bool:
    """True when ``code`` is all digits, has the length of ``kind`` (GTIN accepts 8, 12, 13
    and 14 digits) and ends with its right check digit."""
    code = str(code).strip()
    if not code.isdigit() or len(code) < 2:
        return False
    if kind == "GTIN" and len(code) not in (8, 12, 13, 14):
        return False
    if kind in ("GLN", "SSCC") and len(code) != LENGTHS[kind]:
        return False
    return check_digit(code[:-1]) == int(code[-1])


@dataclass(frozen=True)
class Identifier:
    """What an EPC URI or GS1 Digital Link names: the GS1 key (with its check digit) and its
    serial number, lot or extension, if any."""

    scheme: str          # sgtin, lgtin, sscc, sgln (Digital Links are read into the same schemes)
    key: str             # GTIN-14, SSCC-18 or GLN-13, with the check digit
    extra: str | None    # the serial (sgtin), lot (lgtin) or extension (sgln)

    @property
    def key_kind(self) -> str:
        return {"sgtin": "GTIN", "lgtin": "GTIN", "sscc": "SSCC", "sgln": "GLN"}[self.scheme]


class IdentifierError(ValueError):
    """An identifier that cannot be read; ``code`` names the reason for a finding."""

    def __init__(self, code: str, text: str):
        super().__init__(f"{code}: {text}")
        self.code, self.text = code, text


def parse(uri: str) -> Identifier:
    """Read an EPC URI (pure identity or class) or a GS1 Digital Link URI; raise IdentifierError."""
    uri = str(uri).strip()
    match = EPC_PATTERN.match(uri)
    if match:
        return _from_epc(match, uri)
    match = LINK_PATTERN.match(uri)
    if match:
        return _from_link(match, uri)
    raise IdentifierError("epcis.id-syntax", uri)


def _from_epc(match, uri: str) -> Identifier:
    scheme, prefix, reference, extra = match["scheme"], match["prefix"], match["reference"], match["extra"]
    if (match["kind"] == "class") != (scheme == "lgtin"):
        raise IdentifierError("epcis.id-syntax", uri)
    if len(prefix) + len(reference) != EPC_DIGITS[scheme]:
        raise IdentifierError("epcis.id-length", uri)
    if scheme == "sscc":
        if extra is not None:
            raise IdentifierError("epcis.id-syntax", uri)
        key = with_check_digit(reference[0] + prefix + reference[1:])
    elif scheme == "sgln":
        key = with_check_digit(prefix + reference)
    else:  # the indicator digit leads the item reference in the URI and the GTIN
        if extra is None:
            raise IdentifierError("epcis.id-syntax", uri)
        key = with_check_digit(reference[0] + prefix + reference[1:])
    return Identifier(scheme, key, extra)


def _from_link(match, uri: str) -> Identifier:
    ai, key, ai2, extra = match["ai"], match["key"], match["ai2"], match["extra"]
    kind = {"01": "GTIN", "00": "SSCC", "414": "GLN"}[ai]
    if kind == "GTIN":
        key = key.zfill(14) if len(key) in (8, 12, 13) else key
    if len(key) != LENGTHS[kind]:
        raise IdentifierError("epcis.id-length", uri)
    if not is_valid(key, kind):
        raise IdentifierError("epcis.id-check-digit", uri)
    scheme = {("01", "21"): "sgtin", ("01", "10"): "lgtin", ("00", None): "sscc", ("414", None): "sgln",
              ("414", "254"): "sgln"}.get((ai, ai2))
    if scheme is None:
        raise IdentifierError("epcis.id-syntax", uri)
    return Identifier(scheme, key, extra)


def gtin(prefix: str, item_reference: str, indicator: str = "0") -> str:
    """A GTIN-14 from a company prefix and an item reference (12 digits together with the indicator)."""
    return with_check_digit(indicator + prefix + item_reference)


def sgtin_uri(gtin14: str, prefix_length: int, serial: str) -> str:
    return f"urn:epc:id:sgtin:{gtin14[1:1 + prefix_length]}.{gtin14[0]}{gtin14[1 + prefix_length:13]}.{serial}"


def lgtin_uri(gtin14: str, prefix_length: int, lot: str) -> str:
    return f"urn:epc:class:lgtin:{gtin14[1:1 + prefix_length]}.{gtin14[0]}{gtin14[1 + prefix_length:13]}.{lot}"


def sscc(prefix: str, serial_reference: str, extension: str = "0") -> str:
    """An SSCC-18: extension digit, company prefix, serial reference (17 digits), check digit."""
    return with_check_digit(extension + prefix + serial_reference)


def sscc_uri(sscc18: str, prefix_length: int) -> str:
    return f"urn:epc:id:sscc:{sscc18[1:1 + prefix_length]}.{sscc18[0]}{sscc18[1 + prefix_length:17]}"


def gln(prefix: str, location_reference: str) -> str:
    return with_check_digit(prefix + location_reference)


def sgln_uri(gln13: str, prefix_length: int, extension: str = "0") -> str:
    return f"urn:epc:id:sgln:{gln13[:prefix_length]}.{gln13[prefix_length:12]}.{extension}"
