"""The receiving side's list of recognised foreign issuers, and its local revocation lists.

The trust list's XML follows the shape of ETSI TS 119 612 trusted lists, much simplified for
teaching: a scheme operator and one ``TrustedIssuer`` per recognised issuing authority, with
the documents it is recognised for, its status and its certificate::

    <TrustList xmlns="urn:paperless-trade-course:trust-list:1">
      <SchemeOperator>Customs Department, TH</SchemeOperator>
      <IssueDate>2026-01-15</IssueDate>
      <TrustedIssuer>
        <Name>Origin Certification Authority</Name>
        <Country>MV</Country>
        <DocumentType>certificate-of-origin</DocumentType>
        <Status>granted</Status>
        <Certificate>MIID...</Certificate>
      </TrustedIssuer>
    </TrustList>
"""
from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from ..xml.safe import DocumentRefused, parse_document
from .certificates import fingerprint, load_certificate, load_crl

NS = "urn:paperless-trade-course:trust-list:1"
GRANTED, WITHDRAWN = "granted", "withdrawn"
STATUSES = (GRANTED, WITHDRAWN)


class TrustListError(ValueError):
    """A trust list or an entry that cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class TrustedIssuer:
    name: str
    country: str
    certificate: x509.Certificate
    document_types: tuple[str, ...] = ("certificate-of-origin",)
    status: str = GRANTED

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.certificate)

    def as_dict(self) -> dict:
        return {"name": self.name, "country": self.country, "document_types": list(self.document_types),
                "status": self.status, "fingerprint": self.fingerprint}


@dataclass
class TrustList:
    operator: str = ""
    issue_date: str = ""
    issuers: list[TrustedIssuer] = field(default_factory=list)
    crls: list[x509.CertificateRevocationList] = field(default_factory=list)

    def find(self, cert: x509.Certificate) -> TrustedIssuer | None:
        """The entry whose certificate is ``cert`` (compared by fingerprint), if any."""
        wanted = fingerprint(cert)
        return next((issuer for issuer in self.issuers if issuer.fingerprint == wanted), None)

    def certificates(self) -> list[x509.Certificate]:
        return [issuer.certificate for issuer in self.issuers]

    def with_crls(self, *sources) -> "TrustList":
        return TrustList(self.operator, self.issue_date, list(self.issuers), self.crls + [load_crl(s) for s in sources])

    def to_xml(self) -> bytes:
        root = etree.Element(f"{{{NS}}}TrustList", nsmap={None: NS})
        etree.SubElement(root, f"{{{NS}}}SchemeOperator").text = self.operator
        etree.SubElement(root, f"{{{NS}}}IssueDate").text = self.issue_date
        for issuer in self.issuers:
            entry = etree.SubElement(root, f"{{{NS}}}TrustedIssuer")
            etree.SubElement(entry, f"{{{NS}}}Name").text = issuer.name
            etree.SubElement(entry, f"{{{NS}}}Country").text = issuer.country
            for kind in issuer.document_types:
                etree.SubElement(entry, f"{{{NS}}}DocumentType").text = kind
            etree.SubElement(entry, f"{{{NS}}}Status").text = issuer.status
            der = issuer.certificate.public_bytes(Encoding.DER)
            etree.SubElement(entry, f"{{{NS}}}Certificate").text = base64.b64encode(der).decode("ascii")
        etree.indent(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _text(element, name: str) -> str:
    found = element.find(f"{{{NS}}}{name}")
    return (found.text or "").strip() if found is not None else ""


def load_trust_list(source, crls=()) -> TrustList:
    """A trust list from its XML (path, bytes or text) and the local CRL files ``crls``.

    A :class:`TrustList` passes through (with ``crls`` added). Raises :class:`TrustListError`
    saying what is wrong.
    """
    if isinstance(source, TrustList):
        return source.with_crls(*crls) if crls else source
    try:
        root = parse_document(source).getroot()
    except DocumentRefused as refused:
        raise TrustListError(refused.finding.message) from None
    if root.tag != f"{{{NS}}}TrustList":
        raise TrustListError(f"the root element is {etree.QName(root).localname}, not TrustList in {NS}")
    issuers = []
    for number, entry in enumerate(root.iterfind(f"{{{NS}}}TrustedIssuer"), start=1):
        status = _text(entry, "Status") or GRANTED
        if status not in STATUSES:
            raise TrustListError(f"TrustedIssuer {number}: status {status!r} is not one of {', '.join(STATUSES)}")
        try:
            cert = load_certificate(_text(entry, "Certificate"))
        except ValueError as exc:
            raise TrustListError(f"TrustedIssuer {number}: its Certificate is not a base64 X.509 certificate ({exc})") from None
        kinds = tuple(k.text.strip() for k in entry.iterfind(f"{{{NS}}}DocumentType") if k.text and k.text.strip())
        issuers.append(TrustedIssuer(_text(entry, "Name"), _text(entry, "Country"), cert,
                                     kinds or ("certificate-of-origin",), status))
    try:
        loaded = [load_crl(c) for c in crls]
    except (OSError, ValueError) as exc:
        raise TrustListError(f"a revocation list cannot be read: {exc}") from None
    return TrustList(_text(root, "SchemeOperator"), _text(root, "IssueDate"), issuers, loaded)


def load_folder(folder) -> TrustList:
    """``trust-list.xml`` and every ``*.crl`` beside it in ``folder``."""
    folder = Path(folder)
    return load_trust_list(folder / "trust-list.xml", sorted(folder.glob("*.crl")))
