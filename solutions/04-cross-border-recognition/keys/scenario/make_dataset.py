"""Write the scenario of module 04: a tiny PKI, a trust list, local CRLs and a received batch.

The chamber's issuing authority in the Maldives (country A) signs electronic certificates of
origin; Thai customs (country B) receives them with its trust list. Every key is generated
for the course. Keys are made once and kept: the participant's training key beside the data
(participants sign with it), every other private key under
``solutions/04-cross-border-recognition/keys/pki/``, which only the trainer and the grader
hold. Run again, the script reuses those keys, and all dates and signing times are fixed,
so the output is the same bytes every time.

The script stays with the keys: it knows the verdict of every document of the batch, so
participants never receive it.

    .venv/bin/python solutions/04-cross-border-recognition/keys/scenario/make_dataset.py [--data DIR] [--keys DIR]
"""
from __future__ import annotations

import argparse
import copy
import csv
import sys
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[4]
DATA = ROOT / "datasets" / "recognition"
sys.path.insert(0, str(ROOT))

from course.signatures import TrustedIssuer, TrustList, sign  # noqa: E402
from course.signatures import pki  # noqa: E402

ECO = "urn:paperless-trade-course:eco:1"
DS = "http://www.w3.org/2000/09/xmldsig#"
SAMPLES = ROOT / "datasets" / "samples" / "eco"
KEYS = ROOT / "solutions" / "04-cross-border-recognition" / "keys"

# name, subject (common name, organisation, country), issuer, validity, serial, CA?, key bits
AUTHORITIES = [
    ("root", ("Course Trade Root CA MV (training)", "Course Trade PKI", "MV"), None, ("2024-01-01", "2036-01-01"), 1, True),
    ("origin-ca", ("Origin Certification Authority MV (training)", "Maldives Chamber of Trade (training)", "MV"),
     "root", ("2025-01-01", "2031-01-01"), 2, True),
    ("fisheries-ca", ("Fisheries Export Board CA MV (training)", "Fisheries Export Board (training)", "MV"),
     "root", ("2025-01-01", "2031-01-01"), 3, True),
    ("colombo-ca", ("Origin Issuing Office LK (training)", "Lanka Chamber of Exports (training)", "LK"),
     None, ("2025-06-01", "2032-06-01"), 4, True),
]
SIGNERS = [
    ("officer-valid", ("Aishath Rasheed, certifying officer", "Maldives Chamber of Trade (training)", "MV"),
     "origin-ca", ("2026-01-01", "2027-12-31"), 101),
    ("officer-expired", ("Hassan Naseem, certifying officer", "Maldives Chamber of Trade (training)", "MV"),
     "origin-ca", ("2025-01-01", "2025-12-31"), 102),
    ("officer-revoked", ("Mariyam Shifa, certifying officer", "Maldives Chamber of Trade (training)", "MV"),
     "origin-ca", ("2026-01-01", "2027-12-31"), 103),
    ("fisheries-officer", ("Ibrahim Zahir, export officer", "Fisheries Export Board (training)", "MV"),
     "fisheries-ca", ("2026-01-01", "2027-12-31"), 104),
    ("exporter-self", ("Kandu Reef Fisheries Pvt Ltd", "Kandu Reef Fisheries Pvt Ltd", "MV"),
     None, ("2026-01-01", "2027-12-31"), 105),
    ("participant", ("Course participant, certifying officer (training)", "Maldives Chamber of Trade (training)", "MV"),
     "origin-ca", ("2026-01-01", "2030-12-31"), 110),
]
REVOKED = [(103, "2026-02-15")]
CRL_DATES = ("2026-03-01", "2026-09-01")

# file, story, verdict, reason, how it is made
BATCH = [
    ("doc-01.xml", "valid", "signed by the chamber's certifying officer, unchanged"),
    ("doc-02.xml", "tampered", "the gross weight was raised after signing"),
    ("doc-03.xml", "untrusted", "signed by the Fisheries Export Board, an issuer not on the trust list"),
    ("doc-04.xml", "expired", "the officer's certificate expired on 2025-12-31, before the signing time"),
    ("doc-05.xml", "valid", "signed by the chamber's certifying officer, unchanged"),
    ("doc-06.xml", "not-covering", "the signature covers only the goods item, not the certificate"),
    ("doc-07.xml", "revoked", "the officer's certificate was revoked on 2026-02-15, before the signing time"),
    ("doc-08.xml", "unsigned", "the document carries no signature"),
    ("doc-09.xml", "untrusted", "signed by the exporter with a self-made certificate"),
    ("doc-10.xml", "not-covering", "signature wrapping: the signed original is hidden inside the signature"),
    ("doc-11.xml", "tampered", "the importer's name was changed after signing"),
]


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def _key(name: str, folder: Path):
    """The key ``name`` from ``folder``, made once and kept."""
    path = folder / f"{name}-key.pem"
    if not path.exists():
        _write(path, pki.key_pem(pki.new_key()))
    from course.signatures import load_private_key
    return load_private_key(path)


def make_pki(data: Path, keys: Path) -> dict:
    made: dict[str, tuple] = {}
    for name, subject, issuer, (start, end), serial, ca in AUTHORITIES:
        key = _key(name, keys / "pki")
        parent = made.get(issuer)
        cert = pki.certificate(pki.name(*subject), key, issuer=parent[0] if parent else None,
                               issuer_key=parent[1] if parent else None, valid_from=start, valid_until=end,
                               serial=serial, ca=ca)
        made[name] = (cert, key)
    for name, subject, issuer, (start, end), serial in SIGNERS:
        key = _key(name, data / "participant" if name == "participant" else keys / "pki")
        parent = made.get(issuer)
        cert = pki.certificate(pki.name(*subject), key, issuer=parent[0] if parent else None,
                               issuer_key=parent[1] if parent else None, valid_from=start, valid_until=end, serial=serial)
        made[name] = (cert, key)
    for name, (cert, _key_) in made.items():
        _write(data / ("participant" if name == "participant" else "certificates") / f"{name}.pem", pki.cert_pem(cert))
    return made


def _eco(sample: str, certificate_id: str, issue_date: str, **replace) -> etree._ElementTree:
    root = etree.parse(str(SAMPLES / sample)).getroot()
    tree = etree.ElementTree(etree.fromstring(etree.tostring(root)))  # without the sample's comment
    root = tree.getroot()
    root.find(f"{{{ECO}}}CertificateID").text = certificate_id
    root.find(f"{{{ECO}}}IssueDate").text = issue_date
    root.find(f"{{{ECO}}}IssuingAuthority/{{{ECO}}}Name").text = "Maldives Chamber of Trade (training)"
    for path, value in replace.items():
        root.find(path.format(e=f"{{{ECO}}}")).text = value
    return tree


def _bytes(tree) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"


def _signed(tree, made, who: str, when: str, part: str | None = None) -> bytes:
    cert, key = made[who]
    chain = [cert] + ([made[i][0] for i in ("origin-ca", "fisheries-ca") if made[i][0].subject == cert.issuer])
    return sign(_bytes(tree), key, chain, signing_time=pki.utc(when), part=part)


def _tamper(signed: bytes, path: str, value: str) -> bytes:
    root = etree.fromstring(signed)
    root.find(path.format(e=f"{{{ECO}}}")).text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _wrap(signed: bytes, path: str, value: str) -> bytes:
    """Signature wrapping: the signed original moves into a ds:Object, a forged copy takes its place."""
    original = etree.fromstring(signed)
    forged = copy.deepcopy(original)
    signature = forged.find(f"{{{DS}}}Signature")
    del forged.attrib["Id"]
    forged.find(path.format(e=f"{{{ECO}}}")).text = value
    hidden = copy.deepcopy(original)
    hidden.remove(hidden.find(f"{{{DS}}}Signature"))
    obj = etree.SubElement(signature, f"{{{DS}}}Object")
    obj.append(hidden)
    return etree.tostring(forged, xml_declaration=True, encoding="UTF-8") + b"\n"


def make_batch(made) -> dict[str, bytes]:
    docs: dict[str, bytes] = {}
    base = dict(GoodsItem="{e}GoodsItem/{e}GrossWeight")
    docs["doc-01.xml"] = _signed(_eco("valid-1-item.xml", "MV-2026-000201", "2026-03-02"), made, "officer-valid", "2026-03-02T09:15:00")
    docs["doc-02.xml"] = _tamper(_signed(_eco("valid-2-items.xml", "MV-2026-000202", "2026-03-03"), made, "officer-valid",
                                         "2026-03-03T10:05:00"), base["GoodsItem"], "11750")
    docs["doc-03.xml"] = _signed(_eco("valid-1-item.xml", "MV-2026-000203", "2026-03-04"), made, "fisheries-officer", "2026-03-04T08:40:00")
    docs["doc-04.xml"] = _signed(_eco("valid-3-items.xml", "MV-2026-000204", "2026-03-05"), made, "officer-expired", "2026-03-05T11:00:00")
    docs["doc-05.xml"] = _signed(_eco("valid-2-items.xml", "MV-2026-000205", "2026-03-06"), made, "officer-valid", "2026-03-06T09:30:00")
    partial = _eco("valid-1-item.xml", "MV-2026-000206", "2026-03-09")
    partial.getroot().find(f"{{{ECO}}}GoodsItem").set("Id", "goods-1")
    docs["doc-06.xml"] = _signed(partial, made, "officer-valid", "2026-03-09T14:20:00", part="goods-1")
    docs["doc-07.xml"] = _signed(_eco("valid-1-item.xml", "MV-2026-000207", "2026-03-10"), made, "officer-revoked", "2026-03-10T10:10:00")
    docs["doc-08.xml"] = _bytes(_eco("valid-2-items.xml", "MV-2026-000208", "2026-03-11"))
    docs["doc-09.xml"] = _signed(_eco("valid-1-item.xml", "MV-2026-000209", "2026-03-12"), made, "exporter-self", "2026-03-12T16:45:00")
    wrapped = _eco("valid-1-item.xml", "MV-2026-000210", "2026-03-13")
    wrapped.getroot().set("Id", "coo-210")
    docs["doc-10.xml"] = _wrap(_signed(wrapped, made, "officer-valid", "2026-03-13T09:00:00", part="coo-210"),
                               "{e}GoodsItem/{e}NetWeight", "14000")
    docs["doc-11.xml"] = _tamper(_signed(_eco("valid-3-items.xml", "MV-2026-000211", "2026-03-16"), made, "officer-valid",
                                         "2026-03-16T13:25:00"), "{e}Importer/{e}Name", "Rattanakosin Frozen Trading Co., Ltd.")
    return docs


def make_examples(made) -> dict[str, bytes]:
    """The lessons' worked examples (never part of a graded batch)."""
    docs = {"signed.xml": _signed(_eco("valid-1-item.xml", "MV-2026-000101", "2026-02-16"), made, "officer-valid",
                                  "2026-02-16T10:00:00")}
    docs["tampered.xml"] = _tamper(docs["signed.xml"], "{e}GoodsItem/{e}PackageCount", "550")
    partly = _eco("valid-2-items.xml", "MV-2026-000102", "2026-02-17")
    partly.getroot().find(f"{{{ECO}}}IssuingAuthority").set("Id", "authority")
    partly.getroot().find(f"{{{ECO}}}GoodsItem").set("Id", "goods-1")
    docs["partly-signed.xml"] = _signed(partly, made, "officer-valid", "2026-02-17T11:30:00", part=["authority", "goods-1"])
    return docs


def make_trust_list(made) -> TrustList:
    origin = made["origin-ca"][0]
    return TrustList("Customs Department, TH (training)", "2026-01-15",
                     [TrustedIssuer("Maldives Chamber of Trade (training)", "MV", origin, ("certificate-of-origin",))])


def main(data: Path = DATA, keys: Path = KEYS) -> None:
    made = make_pki(data, keys)
    trust = make_trust_list(made)
    _write(data / "receiver" / "trust-list.xml", trust.to_xml())
    origin_cert, origin_key = made["origin-ca"]
    crl = pki.revocation_list(origin_cert, origin_key, REVOKED, last_update=CRL_DATES[0], next_update=CRL_DATES[1])
    _write(data / "receiver" / "origin-ca.crl", pki.crl_pem(crl))
    for name, content in make_batch(made).items():
        _write(data / "batch" / name, content)
    for name, content in make_examples(made).items():
        _write(data / "examples" / name, content)
    _write(data / "to-sign" / "certificate-of-origin.xml",
           _bytes(_eco("valid-2-items.xml", "MV-2026-000777", "2026-11-02")))
    keys.mkdir(parents=True, exist_ok=True)
    with (keys / "batch.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "verdict", "reason"])
        writer.writerows(BATCH)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="where the scenario's files go")
    parser.add_argument("--keys", type=Path, default=KEYS, help="where the private keys and the batch's verdicts go")
    arguments = parser.parse_args()
    main(arguments.data, arguments.keys)
