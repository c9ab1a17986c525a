"""Signing a document as an issuing authority does: an enveloped XAdES signature with signxml.

The signing time is stated inside the signed properties, so the receiver can judge the
certificates as they stood when the document was signed. Given a signing time, the output
is the same bytes every time (RSA PKCS#1 v1.5 signatures are deterministic, and the
signature's identifiers are derived from the content instead of drawn at random).
"""
from __future__ import annotations

import hashlib
from datetime import datetime

from cryptography.hazmat.primitives import serialization
from lxml import etree
from signxml import DigestAlgorithm, SignatureMethod, SignatureReference
from signxml.xades import XAdESSigner

from ..xml.safe import Source, parse_document
from .certificates import load_certificate


class _CourseSigner(XAdESSigner):
    """signxml's XAdES signer with a fixed signing time and identifiers derived from the content."""

    def __init__(self, signing_time: datetime | None, seed: bytes, allow_weak: bool = False, **kwargs):
        self._allow_weak = allow_weak
        super().__init__(**kwargs)
        self._signing_time = signing_time
        self._seed = seed
        self._tokens = 0

    def check_deprecated_methods(self):
        # The course signs with SHA-1 only to show that the verifier flags it.
        if self._allow_weak is False:
            super().check_deprecated_methods()

    def _get_token(self, length=4):
        self._tokens += 1
        return hashlib.sha256(self._seed + str(self._tokens).encode()).hexdigest()[:length * 2]

    def add_signing_time(self, signed_signature_properties, sig_root, signing_settings):
        super().add_signing_time(signed_signature_properties, sig_root, signing_settings)
        if self._signing_time is not None:
            signed_signature_properties[-1].text = self._signing_time.isoformat(timespec="seconds")


def load_private_key(source, password: bytes | None = None):
    """A private key from a PEM file path or PEM bytes."""
    if not isinstance(source, bytes):
        with open(source, "rb") as handle:
            source = handle.read()
    return serialization.load_pem_private_key(source, password=password)


def sign(document: Source, key, certificates, *, signing_time: datetime | None = None,
         part: str | list[str] | None = None,
         digest: str = "sha256") -> bytes:
    """``document`` signed with ``key`` (a private key or its PEM file), showing ``certificates`` (signer first).

    ``part`` is the identifier of the element to sign instead of the whole document, or a list
    of them (the course uses it to make a signature that covers too little). ``digest`` "sha1" makes a
    weak signature for the same reason.
    """
    tree = parse_document(document)
    if not hasattr(key, "sign"):
        key = load_private_key(key)
    certs = [load_certificate(c) for c in (certificates if isinstance(certificates, (list, tuple)) else [certificates])]
    method = SignatureMethod.RSA_SHA1 if digest == "sha1" else SignatureMethod.RSA_SHA256
    algorithm = DigestAlgorithm.SHA1 if digest == "sha1" else DigestAlgorithm.SHA256
    seed = etree.tostring(tree, method="c14n")
    signer = _CourseSigner(signing_time, seed, digest == "sha1", signature_algorithm=method, digest_algorithm=algorithm)
    parts = [part] if isinstance(part, str) else list(part or ())
    reference = [SignatureReference(URI=f"#{p}") for p in parts] or None
    signed = signer.sign(tree.getroot(), key=key, cert=certs, reference_uri=reference)
    return etree.tostring(signed, xml_declaration=True, encoding="UTF-8") + b"\n"
