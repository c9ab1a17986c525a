"""The signer's certificate chain: up to a recognised issuer, valid and not revoked at signing time.

Only local revocation lists are used; nothing is fetched (no OCSP, no CRL distribution point).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from cryptography import x509

from ..xml.findings import Finding
from .certificates import describe, fingerprint, is_ca, issued_by, rsa_bits
from .trust import GRANTED, TrustedIssuer, TrustList

MIN_RSA_BITS = 2048
MAX_CHAIN = 8


@dataclass
class ChainReport:
    chain: list[x509.Certificate]
    issuer_entry: TrustedIssuer | None = None
    findings: list[Finding] = field(default_factory=list)
    trusted: bool = False
    expired: bool = False
    revoked: bool = False
    weak: bool = False


def _day(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d")


def build(signer: x509.Certificate, offered: list[x509.Certificate], trust: TrustList) -> tuple[list, TrustedIssuer | None]:
    """The chain from ``signer`` upwards, stopping at the first certificate on the trust list."""
    chain = [signer]
    pool = offered + trust.certificates()
    while len(chain) < MAX_CHAIN:
        current = chain[-1]
        entry = trust.find(current)
        if entry is not None:
            return chain, entry
        candidates = [c for c in pool if c.subject == current.issuer and fingerprint(c) != fingerprint(current)]
        parent = next((c for c in candidates if issued_by(current, c)), candidates[0] if candidates else None)
        if parent is None:
            return chain, None
        chain.append(parent)
    return chain, None


def _crl_for(cert, issuer, trust: TrustList):
    for crl in trust.crls:
        if crl.issuer == cert.issuer and (issuer is None or crl.is_signature_valid(issuer.public_key())):
            return crl
    return None


def examine(signer: x509.Certificate, offered: list[x509.Certificate], trust: TrustList, at: datetime) -> ChainReport:
    chain, entry = build(signer, offered, trust)
    report = ChainReport(chain, entry)
    add = report.findings.append
    # Trust: the chain reaches a recognised issuer whose recognition stands (and every link holds, below).
    report.trusted = entry is not None and entry.status == GRANTED
    for index, cert in enumerate(chain):
        subject = describe(cert.subject)
        parent = chain[index + 1] if index + 1 < len(chain) else None
        if parent is not None and not issued_by(cert, parent):
            report.trusted = False
            add(Finding("sig.bad-chain", params={"subject": subject, "issuer": describe(parent.subject)}))
        if parent is not None and not is_ca(parent):
            report.trusted = False
            add(Finding("sig.not-a-ca", params={"subject": describe(parent.subject)}))
        if at < cert.not_valid_before_utc:
            report.expired = True
            add(Finding("sig.not-yet-valid", params={"subject": subject, "start": _day(cert.not_valid_before_utc)}))
        elif at > cert.not_valid_after_utc:
            report.expired = True
            add(Finding("sig.expired", params={"subject": subject, "end": _day(cert.not_valid_after_utc)}))
        bits = rsa_bits(cert)
        if bits is not None and bits < MIN_RSA_BITS:
            report.weak = True
            add(Finding("sig.weak-key", params={"subject": subject, "bits": bits}))
        if cert is chain[-1] and entry is not None:
            break  # the recognised issuer itself is vouched for by the trust list
        _revocation(cert, parent, trust, at, report)
    if report.trusted:
        report.findings.insert(0, Finding("sig.trusted", "info", params={"issuer": entry.name, "country": entry.country}))
    elif entry is not None and entry.status != GRANTED:
        report.findings.insert(0, Finding("sig.withdrawn", params={"issuer": entry.name}))
    elif entry is None:
        report.findings.insert(0, Finding("sig.untrusted", params={"top": describe(chain[-1].subject)}))
    return report


def _revocation(cert, parent, trust: TrustList, at: datetime, report: ChainReport) -> None:
    subject = describe(cert.subject)
    crl = _crl_for(cert, parent, trust)
    if crl is None:
        report.findings.append(Finding("sig.no-crl", "warning", params={"subject": subject, "issuer": describe(cert.issuer)}))
        return
    revoked = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    if revoked is not None and revoked.revocation_date_utc <= at:
        report.revoked = True
        try:
            reason = revoked.extensions.get_extension_for_class(x509.CRLReason).value.reason.name
        except x509.ExtensionNotFound:
            reason = "unspecified"
        report.findings.append(Finding("sig.revoked", params={"subject": subject, "date": _day(revoked.revocation_date_utc),
                                                              "reason": reason}))
    else:
        report.findings.append(Finding("sig.not-revoked", "info", params={
            "subject": subject, "issuer": describe(crl.issuer), "date": _day(crl.last_update_utc)}))
