"""The recognition scenario's files (``datasets/recognition/``): trust list, CRL, certificates, batch.

The answer keys of the graded tasks are read from ``solutions/04-cross-border-recognition/keys``
through :func:`course.checks.keys.path`, in a grading process only.
"""
from __future__ import annotations

import csv
import hashlib
from functools import lru_cache
from pathlib import Path

from lxml import etree

from .. import paths
from ..checks import keys
from ..signatures import TrustList, load_certificate, load_folder
from ..xml.safe import parse_document

ASSIGNMENT = "04-cross-border-recognition"
ECO = "urn:paperless-trade-course:eco:1"
DS = "http://www.w3.org/2000/09/xmldsig#"
VERDICTS = ("valid", "tampered", "untrusted", "expired", "revoked", "not-covering", "unsigned")


def folder() -> Path:
    return paths.root() / "datasets" / "recognition"


def trust_list() -> TrustList:
    """Thai customs' trust list with the issuing authority's local revocation list."""
    return load_folder(folder() / "receiver")


def certificate(name: str):
    """A certificate of the scenario by file name without '.pem' ('origin-ca', 'participant', ...)."""
    found = folder() / "certificates" / f"{name}.pem"
    return load_certificate(found if found.exists() else folder() / "participant" / f"{name}.pem")


def participant_signer() -> tuple[Path, list[Path]]:
    """The training signer's private key file and its certificate chain (signer, issuer)."""
    base = folder()
    return base / "participant" / "participant-key.pem", [base / "participant" / "participant.pem",
                                                          base / "certificates" / "origin-ca.pem"]


def to_sign() -> Path:
    return folder() / "to-sign" / "certificate-of-origin.xml"


def batch_files() -> list[str]:
    return sorted(p.name for p in (folder() / "batch").glob("*.xml"))


def example(name: str) -> Path:
    return folder() / "examples" / name


def sha256_file(path) -> str:
    """The SHA-256 digest of a file's bytes, as lower-case hex (what the lessons compute)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def without_signature(document) -> bytes:
    """The document's canonical form with its signatures and identifiers left out: its content."""
    root = etree.fromstring(etree.tostring(parse_document(document).getroot()))
    for signature in root.findall(f".//{{{DS}}}Signature"):
        signature.getparent().remove(signature)
    for element in root.iter(etree.Element):
        for name in ("Id", "ID", "id"):
            element.attrib.pop(name, None)
    for element in root.iter(etree.Element):
        if element.text is not None and not element.text.strip():
            element.text = None
        if element.tail is not None and not element.tail.strip():
            element.tail = None
    return etree.tostring(root, method="c14n")


@lru_cache(maxsize=1)
def batch_key() -> dict[str, tuple[str, str]]:
    """file -> (verdict, reason), from the full key (grading processes only)."""
    with keys.path(ASSIGNMENT, "batch.csv").open(encoding="utf-8") as handle:
        return {row["file"]: (row["verdict"], row["reason"]) for row in csv.DictReader(handle)}


def top_level_labels(root) -> list[str]:
    """The root's children as 'Name', or 'Name[n]' for names that repeat (GoodsItem[1], GoodsItem[2])."""
    children = [c for c in root.iterchildren(etree.Element) if c.tag != f"{{{DS}}}Signature"]
    names = [etree.QName(c).localname for c in children]
    counts: dict[str, int] = {}
    labels = []
    for name in names:
        counts[name] = counts.get(name, 0) + 1
        labels.append(f"{name}[{counts[name]}]" if names.count(name) > 1 else name)
    return labels
