"""A small public-key infrastructure for teaching and testing, made with ``cryptography``.

Keys made here are generated for the course; no real party's key is ever used.
"""
from __future__ import annotations

from datetime import datetime, timezone

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


def utc(text: str) -> datetime:
    """'2026-03-01' or '2026-03-01T10:00:00' as an aware UTC moment."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def new_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def key_pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def name(common: str, organisation: str = "", country: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, country)] if country else []
    parts += [x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation)] if organisation else []
    return x509.Name(parts + [x509.NameAttribute(NameOID.COMMON_NAME, common)])


def certificate(subject: x509.Name, key, *, issuer: x509.Certificate | None = None, issuer_key=None,
                valid_from: str, valid_until: str, serial: int, ca: bool = False,
                digest: str = "sha256") -> x509.Certificate:
    """A certificate for ``key``'s public half; self-signed when no issuer is given."""
    builder = (x509.CertificateBuilder()
               .subject_name(subject)
               .issuer_name(issuer.subject if issuer is not None else subject)
               .public_key(key.public_key())
               .serial_number(serial)
               .not_valid_before(utc(valid_from))
               .not_valid_after(utc(valid_until))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                                            crl_sign=ca, encipher_only=False, decipher_only=False), critical=True))
    algorithm = hashes.SHA1() if digest == "sha1" else hashes.SHA256()
    return builder.sign(issuer_key if issuer is not None else key, algorithm)


def revocation_list(issuer: x509.Certificate, issuer_key, revoked: list[tuple[int, str]], *,
                    last_update: str, next_update: str) -> x509.CertificateRevocationList:
    """A CRL by ``issuer`` listing ``(serial, revocation date)`` pairs (reason: key compromise)."""
    builder = (x509.CertificateRevocationListBuilder().issuer_name(issuer.subject)
               .last_update(utc(last_update)).next_update(utc(next_update)))
    for serial, when in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(utc(when))
            .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False).build())
    return builder.sign(issuer_key, hashes.SHA256())


def crl_pem(crl: x509.CertificateRevocationList) -> bytes:
    return crl.public_bytes(serialization.Encoding.PEM)
