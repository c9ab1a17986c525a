"""A receiving system's verifier under attack: signature wrapping, external references, weak
algorithms and hostile XML. Nothing may be accepted, nothing may be fetched."""
from __future__ import annotations

import copy
import socket
import threading

import pytest
from lxml import etree

from course.signatures import verify
from course.signatures import pki as maker
from tests.signatures_support import DS, ECO, SAMPLE, make_pki, text, tree


class Canary:
    """A loopback listener that records any connection attempt."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _addr = self.sock.accept()
                self.hits += 1
                conn.close()
            except OSError:
                continue

    def url(self, name):
        return f"http://127.0.0.1:{self.port}/{name}"

    def close(self):
        self._stop.set()
        self._thread.join(1)
        self.sock.close()


@pytest.fixture(scope="module")
def pki():
    return make_pki()


@pytest.fixture()
def canary():
    listener = Canary()
    yield listener
    listener.close()


def _signed_by_id(pki) -> bytes:
    root = tree(SAMPLE.read_bytes())
    root.set("Id", "coo")
    return pki.sign(text(root), part="coo")


def _eco(root, name):
    return root.find(f"{{{ECO}}}{name}")


# --- signature wrapping ------------------------------------------------------------------

def wrap_in_object(signed: bytes) -> bytes:
    """The signed original hidden in a ds:Object; a forged copy without Id takes its place."""
    original = tree(signed)
    forged = copy.deepcopy(original)
    del forged.attrib["Id"]
    _eco(forged, "Importer").find(f"{{{ECO}}}Name").text = "Forged Importer Ltd"
    hidden = copy.deepcopy(original)
    hidden.remove(hidden.find(f"{{{DS}}}Signature"))
    etree.SubElement(forged.find(f"{{{DS}}}Signature"), f"{{{DS}}}Object").append(hidden)
    return text(forged)


def wrap_with_duplicate_id(signed: bytes) -> bytes:
    """The forged root keeps the Id, the original goes into a child element with the same Id."""
    original = tree(signed)
    forged = copy.deepcopy(original)
    _eco(forged, "Importer").find(f"{{{ECO}}}Name").text = "Forged Importer Ltd"
    hidden = copy.deepcopy(original)
    hidden.remove(hidden.find(f"{{{DS}}}Signature"))
    holder = etree.SubElement(forged, f"{{{ECO}}}Remarks")
    holder.append(hidden)
    return text(forged)


def wrap_as_child(signed: bytes) -> bytes:
    """A new root of the same name holds forged values, the signature, and the signed original below."""
    original = tree(signed)
    signature = original.find(f"{{{DS}}}Signature")
    original.remove(signature)
    forged = copy.deepcopy(original)
    del forged.attrib["Id"]
    _eco(forged, "Importer").find(f"{{{ECO}}}Name").text = "Forged Importer Ltd"
    forged.append(signature)
    forged.append(original)
    return text(forged)


def second_signature(signed: bytes) -> bytes:
    root = tree(signed)
    root.append(copy.deepcopy(root.find(f"{{{DS}}}Signature")))
    return text(root)


def moved_signature(signed: bytes) -> bytes:
    root = tree(signed)
    signature = root.find(f"{{{DS}}}Signature")
    root.remove(signature)
    _eco(root, "GoodsItem").append(signature)
    return text(root)


def xpath_transform(signed: bytes) -> bytes:
    root = tree(signed)
    transforms = root.find(f"{{{DS}}}Signature/{{{DS}}}SignedInfo/{{{DS}}}Reference/{{{DS}}}Transforms")
    xpath = etree.SubElement(transforms, f"{{{DS}}}Transform", Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116")
    etree.SubElement(xpath, f"{{{DS}}}XPath").text = "ancestor-or-self::*[local-name()='GoodsItem']"
    return text(root)


WRAPPINGS = {
    "original-in-object": (wrap_in_object, "sig.covers-part"),
    "duplicate-id": (wrap_with_duplicate_id, "sig.duplicate-id"),
    "original-as-child": (wrap_as_child, "sig.covers-part"),
    "second-signature": (second_signature, "sig.several"),
    "signature-moved": (moved_signature, "sig.misplaced"),
    "xpath-transform": (xpath_transform, "sig.transform"),
}


def test_the_untouched_id_signed_document_is_accepted(pki):
    assert verify(_signed_by_id(pki), pki.trust).verdict == "valid"


@pytest.mark.parametrize("variant", sorted(WRAPPINGS))
def test_signature_wrapping_is_rejected(pki, variant):
    attack, code = WRAPPINGS[variant]
    result = verify(attack(_signed_by_id(pki)), pki.trust)
    assert result.verdict == "not-covering", variant
    assert not result.ok
    assert code in result.codes()


def test_a_wrapped_document_says_what_the_reader_sees_instead_of_the_signed_original(pki):
    result = verify(wrap_in_object(_signed_by_id(pki)), pki.trust)
    changed = [f for f in result.findings if f.code == "sig.changed"]
    assert any("Forged Importer Ltd" in f.message and f.path.endswith("Importer[1]/Name[1]") for f in changed)


# --- references outside the document -----------------------------------------------------

def _with_reference(signed: bytes, uri: str) -> bytes:
    root = tree(signed)
    reference = root.find(f"{{{DS}}}Signature/{{{DS}}}SignedInfo/{{{DS}}}Reference")
    reference.set("URI", uri)
    return text(root)


@pytest.mark.parametrize("kind", ["http", "file", "xpointer"])
def test_an_external_reference_is_never_fetched(pki, canary, kind, tmp_path):
    secret = tmp_path / "ledger.txt"
    secret.write_text("TOP-SECRET-LEDGER")
    uri = {"http": canary.url("cert.xml"), "file": secret.as_uri(), "xpointer": "#xpointer(/)"}[kind]
    result = verify(_with_reference(pki.sign(), uri), pki.trust)
    assert result.verdict == "not-covering"
    assert "sig.external-reference" in result.codes()
    assert canary.hits == 0
    assert "TOP-SECRET-LEDGER" not in str(result)


def test_a_retrieval_method_in_key_info_is_not_followed(pki, canary):
    root = tree(pki.sign())
    key_info = root.find(f"{{{DS}}}Signature/{{{DS}}}KeyInfo")
    etree.SubElement(key_info, f"{{{DS}}}RetrievalMethod", URI=canary.url("chain.der"))
    verify(text(root), pki.trust)
    assert canary.hits == 0


# --- weak algorithms and keys ------------------------------------------------------------

def test_a_sha1_signature_is_flagged_weak(pki):
    result = verify(pki.sign(digest="sha1"), pki.trust)
    assert result.verdict == "weak"
    weak = [f for f in result.findings if f.code == "sig.weak-algorithm"]
    assert {f.params["algorithm"].rsplit("#", 1)[-1] for f in weak} >= {"rsa-sha1", "sha1"}


def test_a_short_rsa_key_is_flagged_weak(pki):
    key = maker.new_key(1024)
    cert = maker.certificate(maker.name("Short key signer", "Test PKI", "MV"), key, issuer=pki.issuer[0],
                             issuer_key=pki.issuer[1], valid_from="2026-01-01", valid_until="2027-01-01", serial=50)
    result = verify(pki.sign(who=(cert, key)), pki.trust)
    assert result.verdict == "weak"
    assert any(f.code == "sig.weak-key" and f.params["bits"] == 1024 for f in result.findings)


# --- hostile XML -------------------------------------------------------------------------

def test_hostile_documents_get_the_platform_refusals(pki, canary, tmp_path):
    secret = tmp_path / "passwd"
    secret.write_text("TOP-SECRET-LEDGER")
    signed = pki.sign().decode("utf-8").split("?>", 1)[1]
    cases = {
        "xml.external-entity": f'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "{secret.as_uri()}">]>' + signed.replace("MV-2026-000123", "&x;"),
        "xml.external-dtd": f'<?xml version="1.0"?><!DOCTYPE c SYSTEM "{canary.url("c.dtd")}">' + signed,
        "xml.xinclude": signed.replace("<CertificateID>", f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{canary.url("x.xml")}"/><CertificateID>'),
    }
    laughs = '<!ENTITY a "aaaaaaaaaa">' + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    cases["xml.entity-declaration"] = f'<?xml version="1.0"?><!DOCTYPE c [{laughs}]>' + signed.replace("MV-2026-000123", "&i;")
    for code, document in cases.items():
        result = verify(document.encode("utf-8"), pki.trust)
        assert result.verdict == "unreadable", code
        assert result.codes()[0] in (code, "xml.entity-expansion"), (code, result.codes())
        assert "TOP-SECRET-LEDGER" not in str(result)
    assert canary.hits == 0


def test_a_signature_with_thousands_of_references_is_refused_before_any_digest(pki):
    import time

    root = tree(pki.sign())
    signed_info = root.find(f"{{{DS}}}Signature/{{{DS}}}SignedInfo")
    reference = signed_info.find(f"{{{DS}}}Reference")
    for _ in range(5000):
        signed_info.append(copy.deepcopy(reference))
    started = time.perf_counter()
    result = verify(text(root), pki.trust)
    assert time.perf_counter() - started < 5
    assert result.verdict == "not-covering" and "sig.invalid" in result.codes()


def test_an_enveloping_signature_is_refused(pki):
    """The content inside the signature's ds:Object, the signature as the whole document."""
    signed = tree(_signed_by_id(pki))
    signature = signed.find(f"{{{DS}}}Signature")
    signed.remove(signature)
    etree.SubElement(signature, f"{{{DS}}}Object").append(signed)
    result = verify(text(signature), pki.trust)
    assert result.verdict == "not-covering" and "sig.enveloping" in result.codes()
