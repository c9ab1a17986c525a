"""verify(): who signed, whether they are trusted, certificates at signing time, coverage, changes."""
from __future__ import annotations

import pytest

from course.signatures import VERDICTS, load_trust_list, verify
from course.signatures.pki import utc
from tests.signatures_support import ECO, SAMPLE, make_pki, text, tree


@pytest.fixture(scope="module")
def pki():
    return make_pki()


def test_a_document_signed_by_a_recognised_issuer_is_accepted(pki):
    result = verify(pki.sign(), pki.trust)
    assert result.verdict == "valid" and result.ok and result.trusted
    assert result.covers == "document"
    assert result.signer_name.startswith("Signer")
    assert result.issuer.name == "Test issuer"
    assert result.signing_time == utc("2026-03-16T09:00:00")
    assert {"sig.signer", "sig.covers-document", "sig.covers-properties", "sig.trusted", "sig.valid"} <= set(result.codes())
    assert not result.errors


def test_one_changed_value_is_tampering_and_the_original_shows_what_changed(pki):
    signed = pki.sign()
    changed = signed.replace(b"<NetWeight unitCode=\"KGM\">10000<", b"<NetWeight unitCode=\"KGM\">10001<")
    assert changed != signed
    result = verify(changed, pki.trust, original=SAMPLE.read_bytes())
    assert result.verdict == "tampered"
    assert "sig.digest-mismatch" in result.codes()
    change = next(f for f in result.findings if f.code == "sig.changed")
    assert change.path.endswith("NetWeight[1]") and "10000" in change.message and "10001" in change.message


def test_a_changed_signing_time_breaks_the_signed_properties(pki):
    changed = pki.sign().replace(b"2026-03-16T09:00:00+00:00", b"2026-01-16T09:00:00+00:00")
    result = verify(changed, pki.trust)
    assert result.verdict == "tampered"
    assert "sig.properties-changed" in result.codes()


def test_a_signer_under_an_issuer_not_on_the_trust_list_is_untrusted(pki):
    result = verify(pki.sign(who=pki.stranger), pki.trust)
    assert result.verdict == "untrusted" and not result.trusted
    assert "sig.untrusted" in result.codes()


def test_a_self_made_certificate_is_untrusted(pki):
    from course.signatures import pki as maker, sign
    key = maker.new_key()
    cert = maker.certificate(maker.name("Test issuer", "Test PKI", "MV"), key, valid_from="2026-01-01",
                             valid_until="2027-01-01", serial=2, ca=True)  # same name as the trusted issuer
    result = verify(sign(SAMPLE.read_bytes(), key, [cert], signing_time=utc("2026-03-16")), pki.trust)
    assert result.verdict == "untrusted"


def test_an_issuer_certificate_with_the_trusted_name_but_another_key_is_a_broken_chain(pki):
    from course.signatures import pki as maker
    fake_key = maker.new_key()
    fake_issuer = maker.certificate(pki.issuer[0].subject, fake_key, issuer=pki.root[0], issuer_key=fake_key,
                                    valid_from="2024-01-01", valid_until="2035-01-01", serial=2, ca=True)
    signer_key = maker.new_key()
    signer = maker.certificate(maker.name("Impostor", "Test PKI", "MV"), signer_key, issuer=fake_issuer,
                               issuer_key=fake_key, valid_from="2026-01-01", valid_until="2027-01-01", serial=99)
    from course.signatures import sign
    # the forged issuer's certificate leads nowhere; without it the chain meets the real issuer, whose key did not sign
    with_fake = verify(sign(SAMPLE.read_bytes(), signer_key, [signer, fake_issuer], signing_time=utc("2026-03-16")), pki.trust)
    assert with_fake.verdict == "untrusted" and "sig.untrusted" in with_fake.codes()
    alone = verify(sign(SAMPLE.read_bytes(), signer_key, [signer], signing_time=utc("2026-03-16")), pki.trust)
    assert alone.verdict == "untrusted" and not alone.trusted
    assert "sig.bad-chain" in alone.codes()


def test_an_expired_certificate_at_signing_time_is_refused(pki):
    result = verify(pki.sign(who=pki.expired), pki.trust)
    assert result.verdict == "expired"
    assert "sig.expired" in result.codes()


def test_a_certificate_is_judged_at_the_signing_time_not_today(pki):
    signed = pki.sign(who=pki.expired, signing_time=utc("2025-06-01T10:00:00"))
    assert verify(signed, pki.trust).verdict == "valid"


def test_a_certificate_revoked_before_signing_is_refused_and_after_signing_is_not(pki):
    assert verify(pki.sign(who=pki.revoked), pki.trust).verdict == "revoked"
    before = verify(pki.sign(who=pki.revoked, signing_time=utc("2026-02-01T09:00:00")), pki.trust)
    assert before.verdict == "valid"


def test_without_a_local_crl_revocation_is_reported_unchecked(pki):
    from course.signatures import TrustList
    bare = TrustList("x", "", pki.trust.issuers, [])
    result = verify(pki.sign(who=pki.revoked), bare)
    assert result.verdict == "valid"
    assert any(f.code == "sig.no-crl" and f.severity == "warning" for f in result.findings)


def test_a_withdrawn_issuer_is_no_longer_recognised(pki):
    from dataclasses import replace

    from course.signatures import TrustList
    withdrawn = TrustList("x", "", [replace(pki.trust.issuers[0], status="withdrawn")], pki.trust.crls)
    result = verify(pki.sign(), withdrawn)
    assert result.verdict == "untrusted" and "sig.withdrawn" in result.codes()


def test_an_unsigned_document_is_refused(pki):
    result = verify(SAMPLE.read_bytes(), pki.trust)
    assert result.verdict == "unsigned" and result.codes() == ["sig.unsigned"]


def test_a_signature_over_one_element_covers_only_that_element(pki):
    root = tree(SAMPLE.read_bytes())
    root.find(f"{{{ECO}}}GoodsItem").set("Id", "goods")
    result = verify(pki.sign(text(root), part="goods"), pki.trust)
    assert result.verdict == "not-covering" and result.covers == "part"
    assert "sig.covers-part" in result.codes()
    uncovered = [f.params["element"] for f in result.findings if f.code == "sig.not-covered"]
    assert "Exporter" in uncovered and "GoodsItem" not in uncovered


def test_the_trust_list_round_trips_through_its_xml(pki):
    again = load_trust_list(pki.trust.to_xml())
    assert [i.as_dict() for i in again.issuers] == [i.as_dict() for i in pki.trust.issuers]
    assert verify(pki.sign(), again.with_crls(*pki.trust.crls)).verdict == "valid"



def test_every_verdict_and_finding_speaks_english_and_chinese(pki):
    result = verify(pki.sign(who=pki.revoked), pki.trust, lang="zh")
    assert set(VERDICTS) >= {"valid", "tampered", "untrusted", "expired", "revoked", "not-covering", "unsigned"}
    assert result.summary() != verify(pki.sign(who=pki.revoked), pki.trust, lang="en").summary()
    for finding in result.findings:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in finding.message), finding.code


def test_a_signature_that_breaks_the_xmldsig_schema_is_refused(pki):
    from lxml import etree
    root = tree(pki.sign())
    signed_info = root.find("{http://www.w3.org/2000/09/xmldsig#}Signature/{http://www.w3.org/2000/09/xmldsig#}SignedInfo")
    etree.SubElement(signed_info, "{http://www.w3.org/2000/09/xmldsig#}Surprise").text = "x"
    result = verify(text(root), pki.trust)
    assert result.verdict == "tampered" and not result.ok
    assert any(f.code == "sig.invalid" and "Surprise" in f.message for f in result.findings)


def test_xades_properties_that_break_the_xades_schema_are_refused(pki):
    root = tree(pki.sign())
    signing_time = root.find(".//{http://uri.etsi.org/01903/v1.3.2#}SigningTime")
    signing_time.text = "the sixteenth of March"
    result = verify(text(root), pki.trust)
    assert result.verdict == "tampered"
    assert any(f.code == "sig.invalid" and "SigningTime" in f.message for f in result.findings)
