"""The document verifier dashboard: the same verify() as the lessons, without code; in a browser too."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from course import paths
from course.module04_cross_border_recognition import dataset
from course.module04_cross_border_recognition.verifier import DocumentVerifier, examples
from course.signatures import verify

ROOT = paths.root()
sys.path.insert(0, str(ROOT / "tests"))
import browser_support as support  # noqa: E402

ARTIFACTS = ROOT / "test-artifacts"
DASHBOARD = ROOT / "dashboards" / "document_verifier.ipynb"
HOSTILE = (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
           b'<CertificateOfOrigin xmlns="urn:paperless-trade-course:eco:1">&e;</CertificateOfOrigin>\n')


def test_the_examples_offered_are_the_lessons_examples_and_the_certificate_to_sign():
    assert sorted(examples()) == ["examples/partly-signed.xml", "examples/signed.xml", "examples/tampered.xml",
                                  "to-sign/certificate-of-origin.xml"]


def test_the_dashboard_answers_exactly_what_verify_answers():
    board = DocumentVerifier(lang="en")
    for name, data in examples().items():
        board.choose(name, data)
        shown = board.run_verify()
        expected = verify(data, dataset.trust_list(), lang="en")
        assert (shown.verdict, shown.codes()) == (expected.verdict, expected.codes()), name
        assert f"data-verdict='{expected.verdict}'" in board.verdict.value
        for finding in expected.findings:
            assert finding.message.replace("'", "&#x27;") in board.findings.value


def test_the_summary_says_who_signed_whether_trusted_and_what_is_covered():
    board = DocumentVerifier(lang="en")
    board.choose("partly", examples()["examples/partly-signed.xml"])
    board.run_verify()
    assert "Aishath Rasheed" in board.summary.value
    assert "✔ Maldives Chamber of Trade (training)" in board.summary.value
    assert "only part of the document" in board.summary.value
    assert "2026-02-17T11:30:00+00:00" in board.summary.value


def test_an_issuers_copy_shows_what_changed():
    board = DocumentVerifier(lang="en")
    board.choose("tampered.xml", examples()["examples/tampered.xml"])
    board.original = examples()["examples/signed.xml"]
    board.run_verify()
    assert "&#x27;500&#x27; became &#x27;550&#x27;" in board.findings.value


def test_a_trainers_own_trust_list_is_used_and_a_broken_one_is_refused():
    board = DocumentVerifier(lang="en")
    board.choose("signed.xml", examples()["examples/signed.xml"])
    board.load_own_trust({"empty.xml": b'<TrustList xmlns="urn:paperless-trade-course:trust-list:1"/>'})
    assert "0 recognised issuer(s)" in board.trust_note.value
    assert board.run_verify().verdict == "untrusted"
    receiver = dataset.folder() / "receiver"
    board.load_own_trust({"trust-list.xml": (receiver / "trust-list.xml").read_bytes(),
                          "origin-ca.crl": (receiver / "origin-ca.crl").read_bytes()})
    assert "1 recognised issuer(s), 1 revocation list(s)" in board.trust_note.value
    assert board.run_verify().verdict == "valid"
    board.load_own_trust({"x.xml": b"not xml"})
    assert "cannot be used" in board.trust_note.value
    assert board.run_verify() is None and "Load your trust list first" in board.verdict.value


def test_the_language_switch_redraws_the_result():
    board = DocumentVerifier(lang="en")
    board.choose("tampered.xml", examples()["examples/tampered.xml"])
    board.run_verify()
    board.set_language("zh")
    assert verify(examples()["examples/tampered.xml"], dataset.trust_list(), lang="zh").summary() in board.verdict.value


# --- in a browser, served by Voila ---------------------------------------------------------

needs_chromium = pytest.mark.skipif(support.chromium() is None, reason=support.INSTALL_HINT)


def _upload(page, button_class: str, path: Path) -> None:
    with page.expect_file_chooser() as chooser:  # the widget's <input type=file> is never in the page
        page.locator(f".{button_class} button.widget-upload, button.widget-upload.{button_class}").first.click()
    chooser.value.set_files(str(path))


@needs_chromium
def test_document_verifier_in_the_browser(chrome, tmp_path):
    with support.voila(DASHBOARD, env={"COURSE_LANG": "en"}, log=ARTIFACTS / "voila-document-verifier.log") as server:
        page = chrome.new_page(viewport={"width": 1280, "height": 1000})
        page.set_default_timeout(60_000)
        try:
            page.goto(server.url + "/")
            support.wait_interactive(page)
            page.select_option(".ptc-example select", "examples/partly-signed.xml")
            page.locator(".ptc-current", has_text="partly-signed.xml").wait_for()
            page.locator("button.ptc-verify").click()
            page.locator(".ptc-verdict[data-verdict='not-covering']").wait_for()
            page.locator(".ptc-signature-summary", has_text="Aishath Rasheed").wait_for()
            summary = page.locator(".ptc-signature-summary").inner_text()
            assert "only part of the document" in summary and "Maldives Chamber of Trade (training)" in summary
            page.locator(".ptc-findings", has_text="Not covered by the signature: Exporter.").wait_for()
            page.screenshot(path=str(ARTIFACTS / "document_verifier.png"), full_page=True)

            signed = tmp_path / "received.xml"
            signed.write_bytes(examples()["examples/tampered.xml"])
            _upload(page, "ptc-upload-document", signed)
            page.locator(".ptc-current", has_text="received.xml").wait_for()
            page.locator("button.ptc-verify").click()
            page.locator(".ptc-verdict[data-verdict='tampered']").wait_for()
            expected = verify(signed.read_bytes(), dataset.trust_list(), lang="en")
            page.locator(".ptc-findings", has_text=expected.errors[0].message).wait_for()

            hostile = tmp_path / "hostile.xml"
            hostile.write_bytes(HOSTILE)
            _upload(page, "ptc-upload-document", hostile)
            page.locator(".ptc-current", has_text="hostile.xml").wait_for()
            page.locator("button.ptc-verify").click()
            page.locator(".ptc-verdict[data-verdict='unreadable']").wait_for()

            page.locator(".ptc-language button", has_text="中文").click()
            chinese = verify(HOSTILE, dataset.trust_list(), lang="zh")
            page.locator(".ptc-result", has_text=chinese.summary()).wait_for()
            page.locator(".ptc-findings", has_text=chinese.findings[0].message).wait_for()
            page.screenshot(path=str(ARTIFACTS / "document_verifier-zh.png"), full_page=True)
        finally:
            page.close(run_before_unload=True)
