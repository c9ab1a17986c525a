"""A PKI made at test time for the signature tests: a root, a recognised issuer, signers."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from course.signatures import TrustedIssuer, TrustList, sign
from course.signatures import pki

SAMPLE = Path(__file__).resolve().parents[1] / "datasets" / "samples" / "eco" / "valid-1-item.xml"
ECO = "urn:paperless-trade-course:eco:1"
DS = "http://www.w3.org/2000/09/xmldsig#"
SIGNED_AT = pki.utc("2026-03-16T09:00:00")


@dataclass
class TestPki:
    root: tuple
    issuer: tuple
    other_issuer: tuple
    signer: tuple
    expired: tuple
    revoked: tuple
    stranger: tuple
    trust: TrustList

    def sign(self, document=None, who=None, **options) -> bytes:
        cert, key = who or self.signer
        chain = [cert] + [c for c, _k in (self.issuer, self.other_issuer) if c.subject == cert.issuer]
        return sign(document or SAMPLE.read_bytes(), key, chain, signing_time=options.pop("signing_time", SIGNED_AT), **options)


def make_pki(weak_bits: int | None = None) -> TestPki:
    def authority(cn, issuer=None, serial=1):
        key = pki.new_key()
        cert = pki.certificate(pki.name(cn, "Test PKI", "MV"), key, issuer=issuer[0] if issuer else None,
                               issuer_key=issuer[1] if issuer else None, valid_from="2024-01-01",
                               valid_until="2035-01-01", serial=serial, ca=True)
        return cert, key

    def person(cn, issuer, serial, start="2026-01-01", end="2027-12-31", bits=2048):
        key = pki.new_key(bits)
        cert = pki.certificate(pki.name(cn, "Test PKI", "MV"), key, issuer=issuer[0] if issuer else None,
                               issuer_key=issuer[1] if issuer else None, valid_from=start, valid_until=end, serial=serial)
        return cert, key

    root = authority("Test root")
    issuer = authority("Test issuer", root, 2)
    other = authority("Test other issuer", root, 3)
    crl = pki.revocation_list(issuer[0], issuer[1], [(12, "2026-02-15")], last_update="2026-03-01", next_update="2026-09-01")
    trust = TrustList("Test customs", "2026-01-01", [TrustedIssuer("Test issuer", "MV", issuer[0])], [crl])
    return TestPki(root, issuer, other, person("Signer", issuer, 10),
                   person("Expired signer", issuer, 11, "2025-01-01", "2025-12-31"),
                   person("Revoked signer", issuer, 12), person("Stranger", other, 13), trust)


def tree(data: bytes):
    return etree.fromstring(data)


def text(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
