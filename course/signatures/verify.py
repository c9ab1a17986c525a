"""``verify(document, trust_list)``: what a receiving agency must check about a signed document, in order.

1. the document is safe to read (the platform's hostile-XML refusals);
2. it carries exactly one enveloped signature, valid against the W3C XML Signature schema
   (the registry's ``xmldsig``) and its XAdES properties against the XAdES schema, and shaped
   so that it cannot be wrapped;
3. the signature covers the whole document (and its signed properties);
4. the content and the signature are unchanged since signing (digests and signature value);
5. the signer's certificate leads to an issuer on the trust list;
6. every certificate in that chain was valid, and not revoked (local CRLs), at the signing time;
7. the algorithms and keys are strong enough.

Every step adds findings in the platform's style; the first step that fails sets the verdict.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from datetime import datetime, timezone
from html import escape

import signxml
from cryptography import x509
from lxml import etree
from signxml import exceptions as signxml_errors

from ..i18n import N_, _
from ..render import badge, box
from ..xml import registry
from ..xml.findings import Finding
from ..xml.safe import DocumentRefused, Source, parse_document
from . import messages  # noqa: F401  (registers the sig.* finding codes)
from .certificates import describe, load_certificate
from .chain import examine
from .changes import differences
from .structure import NS, label, layout, uncovered
from .trust import TrustedIssuer, TrustList, load_trust_list

VERDICTS = {
    "valid": N_("Accepted: signed by a recognised issuer, unchanged, with certificates valid at the signing time."),
    "unreadable": N_("Refused: the document cannot be read safely."),
    "unsigned": N_("Refused: the document is not signed."),
    "not-covering": N_("Refused: the signature does not cover the document as it is shown."),
    "tampered": N_("Refused: the document was changed after it was signed."),
    "untrusted": N_("Refused: the signer is not a recognised issuer."),
    "revoked": N_("Refused: a certificate was revoked before the signing time."),
    "expired": N_("Refused: a certificate was not valid at the signing time."),
    "weak": N_("Refused: the signature uses weak algorithms or keys."),
}
WEAK_ALGORITHMS = re.compile(r"sha1|md5|ripemd", re.IGNORECASE)


@dataclass(repr=False)
class Verification:
    """The answer to "can we recognise this signed document?"."""

    verdict: str
    findings: list[Finding] = field(default_factory=list)
    signer: x509.Certificate | None = None
    chain: list[x509.Certificate] = field(default_factory=list)
    issuer: TrustedIssuer | None = None
    signing_time: datetime | None = None
    covers: str = "none"  # "document", "part" or "none"
    lang: str | None = None

    @property
    def ok(self) -> bool:
        return self.verdict == "valid"

    @property
    def signer_name(self) -> str:
        return describe(self.signer.subject) if self.signer is not None else ""

    @property
    def trusted(self) -> bool:
        return self.issuer is not None and any(f.code == "sig.trusted" for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def summary(self) -> str:
        return _(VERDICTS[self.verdict], self.lang)

    def in_language(self, lang: str | None) -> "Verification":
        return replace(self, lang=lang, findings=[f.in_language(lang) for f in self.findings])

    def as_dict(self) -> dict:
        return {"verdict": self.verdict, "ok": self.ok, "summary": self.summary(), "signer": self.signer_name,
                "issuer": self.issuer.name if self.issuer else "", "trusted": self.trusted,
                "signing_time": self.signing_time.isoformat() if self.signing_time else None,
                "covers": self.covers, "findings": [f.as_dict() for f in self.findings]}

    def __str__(self) -> str:
        return "\n".join([self.summary(), *(str(f) for f in self.findings)])

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        rows = "".join(
            "<li>{} {}{}<br><em>{}: {}</em></li>".format(
                badge(f.severity, f.severity), f"<code>{escape(f.where())}</code> " if f.where() else "",
                escape(f.message), escape(_("Hint", self.lang)), escape(f.hint))
            for f in self.findings)
        return box("ok" if self.ok else "error", f"<strong>{escape(self.summary())}</strong>",
                   f"<ul style='margin:4px 0'>{rows}</ul>" if rows else "")


def _signer_and_offered(signature) -> tuple[x509.Certificate | None, list[x509.Certificate]]:
    offered = []
    for element in signature.iterfind("ds:KeyInfo/ds:X509Data/ds:X509Certificate", NS):
        try:
            offered.append(load_certificate((element.text or "").strip()))
        except ValueError:
            continue
    issuers = {c.subject for c in offered for other in offered if other is not c and other.issuer == c.subject}
    leaves = [c for c in offered if c.subject not in issuers]
    return (leaves[0] if leaves else offered[0] if offered else None), offered


def _claimed_signing_time(signature) -> datetime | None:
    found = signature.find(".//xades:SignedProperties//xades:SigningTime", NS)
    if found is None or not (found.text or "").strip():
        return None
    try:
        moment = datetime.fromisoformat(found.text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _integrity(tree, signer, references) -> list[Finding]:
    """Digests and the signature value, checked by signxml with every algorithm allowed (weak ones are flagged later)."""
    config = signxml.SignatureConfiguration(
        expect_references=True, signature_methods=frozenset(signxml.SignatureMethod),
        digest_algorithms=frozenset(signxml.DigestAlgorithm),
        # validity dates are judged by the chain step at the signing time, not here
        verification_time=signer.not_valid_before_utc + (signer.not_valid_after_utc - signer.not_valid_before_utc) / 2)
    try:
        signxml.XMLVerifier().verify(etree.tostring(tree), x509_cert=signer, expect_config=config)
    except signxml_errors.InvalidDigest as exc:
        index = re.search(r"reference (\d+)", str(exc))
        ref = references[int(index.group(1))] if index and int(index.group(1)) < len(references) else None
        return [Finding("sig.properties-changed" if ref is not None and ref.kind == "properties" else "sig.digest-mismatch")]
    except signxml_errors.InvalidSignature as exc:
        if "Digest mismatch" in str(exc):
            return [Finding("sig.digest-mismatch")]
        return [Finding("sig.signature-mismatch")]
    except (signxml_errors.SignXMLException, ValueError, TypeError) as exc:
        return [Finding("sig.invalid", params={"detail": str(exc)[:200]})]
    return []


@lru_cache(maxsize=1)
def _xades_schema() -> etree.XMLSchema:
    """ETSI XAdES 1.3.2, as signxml ships it (its import of XML Signature resolves inside signxml)."""
    return registry.compile_lxml(Path(signxml.__file__).parent / "xades" / "schemas" / "XAdES01903v132-201601.xsd")


def _against_schema(signature) -> list[Finding]:
    """The signature checked against the registry's W3C XML Signature schema, and its XAdES
    properties against the XAdES schema (both from signxml)."""
    parts = [(signature, registry.lxml_schema("xmldsig"))]
    parts += [(p, _xades_schema()) for p in signature.iterfind("ds:Object/xades:QualifyingProperties", NS)]
    for element, schema in parts:
        if not schema.validate(etree.fromstring(etree.tostring(element))):
            error = schema.error_log.last_error
            return [Finding("sig.invalid", line=element.sourceline, params={"detail": error.message if error else "?"})]
    return []


def _weak_algorithms(signature) -> list[Finding]:
    found = []
    methods = list(signature.iterfind("ds:SignedInfo/ds:SignatureMethod", NS))
    methods += signature.iterfind("ds:SignedInfo/ds:Reference/ds:DigestMethod", NS)
    for element in methods:
        algorithm = element.get("Algorithm", "")
        if WEAK_ALGORITHMS.search(algorithm.rsplit("#", 1)[-1]) and algorithm not in {f.params["algorithm"] for f in found}:
            found.append(Finding("sig.weak-algorithm", line=element.sourceline, params={"algorithm": algorithm}))
    return found


def _coverage(root, lay) -> tuple[str, list[Finding]]:
    kinds = {r.kind for r in lay.references}
    found = []
    if "document" in kinds:
        found.append(Finding("sig.covers-document", "info", params={"root": etree.QName(root).localname}))
    if "properties" in kinds:
        found.append(Finding("sig.covers-properties", "info"))
    parts = [r.target for r in lay.references if r.kind == "part"]
    for part in parts:
        found.append(Finding("sig.covers-part", line=part.sourceline,
                             params={"element": label(part), "target_line": part.sourceline or "?"}))
    if "document" in kinds:
        return "document", found
    if not parts:
        return "none", found
    for element in uncovered(root, parts):
        found.append(Finding("sig.not-covered", line=element.sourceline, params={"element": label(element)}))
    # A signed part with the root's own name is the signed original, wrapped: show what the reader sees instead.
    for part in parts:
        if part.tag == root.tag:
            found += differences(part, root)
    return "part", found


def verify(document: Source, trust_list, *, original: Source | None = None, at: datetime | None = None,
           lang: str | None = None) -> Verification:
    """Verify a signed XML ``document`` against ``trust_list`` (a :class:`TrustList`, or the trust list's XML).

    ``original`` (optional) is the issuer's copy of the document: when the content changed,
    the findings name what changed. ``at`` is the moment certificates are judged at when the
    signature states no signing time (default: now). Nothing is fetched from the network.
    """
    trust: TrustList = load_trust_list(trust_list)
    try:
        tree = parse_document(document)
    except DocumentRefused as refused:
        return Verification("unreadable", [refused.finding]).in_language(lang)
    root = tree.getroot()
    lay = layout(tree)
    if lay.signature is None:
        return Verification("unsigned", [Finding("sig.unsigned")]).in_language(lang)
    signature = lay.signature
    covers, coverage = _coverage(root, lay)
    signer, offered = _signer_and_offered(signature)
    findings: list[Finding] = []
    if signer is not None:
        findings.append(Finding("sig.signer", "info", params={
            "subject": describe(signer.subject), "issuer": describe(signer.issuer), "serial": str(signer.serial_number)}))
    result = Verification("valid", findings, signer=signer, covers=covers)
    findings += lay.problems + coverage
    malformed = _against_schema(signature) if not lay.problems else []
    findings += malformed
    if malformed:
        result.verdict = "tampered"  # a damaged signature proves nothing about the content
        return result.in_language(lang)
    if lay.problems:
        result.verdict = "not-covering"
        return result.in_language(lang)
    if signer is None:
        findings.append(Finding("sig.no-certificate"))
        result.verdict = "untrusted"
        return result.in_language(lang)
    broken = _integrity(tree, signer, lay.references)
    findings += broken
    if broken and original is not None:
        try:
            findings += differences(parse_document(original).getroot(), root)
        except DocumentRefused as refused:
            findings.append(refused.finding)
    claimed = _claimed_signing_time(signature)
    if claimed is not None and "properties" in {r.kind for r in lay.references}:
        result.signing_time = claimed
        findings.append(Finding("sig.signing-time", "info", params={"time": claimed.isoformat()}))
    moment = result.signing_time or at or datetime.now(timezone.utc)
    if result.signing_time is None:
        findings.append(Finding("sig.no-signing-time", "warning", params={"time": moment.isoformat(timespec="seconds")}))
    report = examine(signer, offered, trust, moment)
    result.chain, result.issuer = report.chain, report.issuer_entry
    findings += report.findings
    weak = _weak_algorithms(signature)
    findings += weak
    result.verdict = ("not-covering" if covers != "document" else "tampered" if broken
                      else "untrusted" if not report.trusted else "revoked" if report.revoked
                      else "expired" if report.expired else "weak" if weak or report.weak else "valid")
    if result.ok:
        findings.append(Finding("sig.valid", "info", params={"issuer": report.issuer_entry.name}))
    return result.in_language(lang)


def timestamp(text: str) -> datetime:
    """An ISO date or date-time as an aware UTC moment (for ``at=``)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)

