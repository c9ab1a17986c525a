"""Reading X.509 certificates and revocation lists, and naming them for people."""
from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

def load_certificate(source) -> x509.Certificate:
    """A certificate from an object, PEM or DER bytes, base64 text (as in X509Data) or a file."""
    if isinstance(source, x509.Certificate):
        return source
    if isinstance(source, os.PathLike) or (isinstance(source, str) and not _looks_encoded(source)):
        source = Path(source).read_bytes()
    if isinstance(source, str):
        source = source.encode("ascii")
    if b"-----BEGIN" in source:
        return x509.load_pem_x509_certificate(source)
    try:
        return x509.load_der_x509_certificate(source)
    except ValueError:
        return x509.load_der_x509_certificate(base64.b64decode(b"".join(source.split())))


_BASE64 = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n \t")


def _looks_encoded(text: str) -> bool:
    """PEM text, or base64 DER as inside X509Data (far longer than any file name)."""
    return "-----BEGIN" in text or (len(text) > 300 and set(text) <= _BASE64)


def load_crl(source) -> x509.CertificateRevocationList:
    """A revocation list from an object, PEM or DER bytes, or a file."""
    if isinstance(source, x509.CertificateRevocationList):
        return source
    if isinstance(source, (str, os.PathLike)):
        source = Path(source).read_bytes()
    if b"-----BEGIN" in source:
        return x509.load_pem_x509_crl(source)
    return x509.load_der_x509_crl(source)


def fingerprint(cert: x509.Certificate) -> str:
    """The certificate's SHA-256 fingerprint, lower-case hex without separators."""
    return cert.fingerprint(hashes.SHA256()).hex()


def normal_fingerprint(text: str) -> str:
    """A fingerprint as people write it ('AB:CD:...', spaces, upper case) in the form of :func:`fingerprint`."""
    return "".join(ch for ch in str(text).lower() if ch in "0123456789abcdef")


def _attribute(name: x509.Name, oid) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def organisation(name: x509.Name) -> str:
    return _attribute(name, NameOID.ORGANIZATION_NAME)


def country(name: x509.Name) -> str:
    return _attribute(name, NameOID.COUNTRY_NAME)


def common_name(name: x509.Name) -> str:
    return _attribute(name, NameOID.COMMON_NAME)


def describe(name: x509.Name) -> str:
    """'Common name (Organisation, CC)' or whatever parts the name has."""
    cn, org, cc = common_name(name), organisation(name), country(name)
    extra = ", ".join(part for part in (org if org != cn else "", cc) if part)
    return f"{cn} ({extra})" if cn and extra else cn or extra or name.rfc4514_string()


def is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """True when ``issuer``'s key signed ``cert`` (names match and the signature verifies)."""
    if cert.issuer != issuer.subject:
        return False
    try:
        cert.verify_directly_issued_by(issuer)
        return True
    except Exception:  # InvalidSignature, and key types that cannot verify, alike
        return False


def rsa_bits(cert: x509.Certificate) -> int | None:
    """The RSA key size of ``cert``, or None for other kinds of keys."""
    key = cert.public_key()
    return key.key_size if isinstance(key, rsa.RSAPublicKey) else None
