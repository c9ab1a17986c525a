"""Module 04's graded rules with the full keys: right answers, realistic mistakes, cheats."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest
from lxml import etree

import course
from course import paths
from course.checks import keys
from course.module04_cross_border_recognition import dataset, problems
from course.signatures import fingerprint, load_folder, sign, verify
from course.signatures import pki as maker

DATA = dataset.folder()
KEYS = paths.root() / "solutions" / dataset.ASSIGNMENT / "keys"


def judged(exercise_id, answer, lang=None):
    problem = course.exercise(exercise_id).problem
    with keys.grading():
        key = problem.answer_key()
    return problem.check(answer, lang, key)


def batch_answer():
    trust = dataset.trust_list()
    return {name: (verify(DATA / "batch" / name, trust).verdict, "what the verifier reported first")
            for name in dataset.batch_files()}


def signed_for_task(**options) -> bytes:
    key, chain = dataset.participant_signer()
    return sign(dataset.to_sign().read_bytes(), key, chain, **options)


# --- the scenario --------------------------------------------------------------------------

def test_the_batch_key_is_what_the_verifier_concludes():
    with keys.grading():
        key = dataset.batch_key()
    assert sorted(key) == dataset.batch_files()
    assert {verdict for verdict, _reason in key.values()} == set(dataset.VERDICTS)
    trust = dataset.trust_list()
    assert {name: verify(DATA / "batch" / name, trust).verdict for name in key} == {n: v for n, (v, _r) in key.items()}


def test_regenerating_the_scenario_gives_the_same_files(tmp_path):
    import shutil
    keys_copy = tmp_path / "keys"
    shutil.copytree(KEYS, keys_copy)
    shutil.copytree(DATA / "participant", tmp_path / "data" / "participant")
    script = KEYS / "scenario" / "make_dataset.py"
    subprocess.run([sys.executable, str(script), "--data", str(tmp_path / "data"), "--keys", str(keys_copy)], check=True)
    for folder in ("batch", "examples", "receiver", "to-sign", "certificates"):
        for original in (DATA / folder).iterdir():
            assert (tmp_path / "data" / folder / original.name).read_bytes() == original.read_bytes(), original.name
    assert (keys_copy / "batch.csv").read_bytes() == (KEYS / "batch.csv").read_bytes()


def test_only_the_training_signer_key_is_given_to_participants():
    given = [p for folder in ("datasets", "modules", "exercises", "dashboards")
             for p in (paths.root() / folder).rglob("*") if p.is_file() and p.suffix in (".pem", ".key", ".xml", ".ipynb", ".md")
             and b"PRIVATE KEY" in p.read_bytes()]
    assert [p.relative_to(paths.root()).as_posix() for p in given] == ["datasets/recognition/participant/participant-key.pem"]
    assert len(list((KEYS / "pki").glob("*-key.pem"))) == 9


# --- task 1: digests -----------------------------------------------------------------------

def test_digests_right_and_with_realistic_mistakes():
    right = {name: dataset.sha256_file(DATA / name) for name in problems.DIGEST_FILES}
    assert judged("04-digests", right).correct
    upper = {name: value.upper() for name, value in right.items()}
    assert judged("04-digests", upper).correct  # the case of hexadecimal digits does not matter
    text_read = dict(right)
    name = "to-sign/certificate-of-origin.xml"
    text_read[name] = hashlib.sha256((DATA / name).read_text(encoding="utf-8").replace("\n", "\r\n").encode()).hexdigest()
    outcome = judged("04-digests", text_read)
    assert outcome.score == pytest.approx(2 / 3)
    assert any("not the SHA-256" in reason for reason in outcome.reasons)
    sha1 = {n: hashlib.sha1((DATA / n).read_bytes()).hexdigest() for n in problems.DIGEST_FILES}
    outcome = judged("04-digests", sha1)
    assert outcome.score == 0 and "SHA-1" in outcome.reasons[0]


# --- task 2: the signed certificate --------------------------------------------------------

def test_the_signed_certificate_is_accepted():
    outcome = judged("04-sign-certificate", signed_for_task())
    assert outcome.correct, outcome
    assert judged("04-sign-certificate", signed_for_task().decode("utf-8")).correct


def test_cheat_a_copy_of_a_batch_document_earns_nothing():
    outcome = judged("04-sign-certificate", (DATA / "batch" / "doc-01.xml").read_bytes())
    assert outcome.score == 0 and "not the certificate of origin you were asked to sign" in outcome.message


def test_cheat_an_edited_certificate_earns_nothing():
    edited = dataset.to_sign().read_bytes().replace(b"MV-2026-000777", b"MV-2026-000778")
    key, chain = dataset.participant_signer()
    assert judged("04-sign-certificate", sign(edited, key, chain)).score == 0


def test_cheat_a_self_signed_certificate_earns_only_the_coverage_share():
    key = maker.new_key()
    cert = maker.certificate(maker.name("Course participant, certifying officer (training)",
                                        "Maldives Chamber of Trade (training)", "MV"), key,
                             valid_from="2026-01-01", valid_until="2030-01-01", serial=110)
    outcome = judged("04-sign-certificate", sign(dataset.to_sign().read_bytes(), key, [cert]))
    assert outcome.score == pytest.approx(problems.SignCertificate.COVERAGE)
    assert any("not the training signer" in r for r in outcome.reasons)
    assert any("not a recognised issuer" in r for r in outcome.reasons)


def test_cheat_the_training_certificate_shown_with_another_key_earns_nothing():
    key = maker.new_key()
    _real_key, chain = dataset.participant_signer()
    outcome = judged("04-sign-certificate", sign(dataset.to_sign().read_bytes(), key, chain))
    assert outcome.score == 0


def test_a_signature_over_the_wrong_part_earns_only_the_signer_share():
    root = etree.fromstring(dataset.to_sign().read_bytes())
    root.find(f"{{{dataset.ECO}}}GoodsItem").set("Id", "goods-1")
    key, chain = dataset.participant_signer()
    outcome = judged("04-sign-certificate", sign(etree.tostring(root), key, chain, part="goods-1"))
    assert outcome.score == pytest.approx(problems.SignCertificate.SIGNER)
    assert any("does not cover the whole document" in r for r in outcome.reasons)


def test_a_sha1_signature_is_not_accepted():
    outcome = judged("04-sign-certificate", signed_for_task(digest="sha1"))
    assert 0 < outcome.score < 1 and any("weak" in r for r in outcome.reasons)


def test_pathological_signed_answers_are_refused_with_a_reason():
    for answer in (b"<a>" * 300 + b"</a>" * 300, b"%PDF-1.4 nothing", "not xml at all <", 12345):
        outcome = judged("04-sign-certificate", answer)
        assert outcome.score == 0 and outcome.attempted


# --- task 3: the batch ---------------------------------------------------------------------

def test_the_batch_right_with_reasons_is_full_credit_and_without_reasons_three_quarters():
    assert judged("04-classify-batch", batch_answer()).correct
    bare = {name: verdict for name, (verdict, _r) in batch_answer().items()}
    outcome = judged("04-classify-batch", bare)
    assert outcome.score == pytest.approx(0.75)
    assert any("say why" in r for r in outcome.reasons)


def test_the_batch_is_graded_per_document():
    answer = batch_answer()
    answer["doc-10.xml"] = ("valid", "the signature verifies")  # fooled by the wrapping
    answer["doc-04.xml"] = ("valid", "the certificate is fine")  # judged today instead of at signing? no: missed expiry
    outcome = judged("04-classify-batch", answer)
    assert outcome.score == pytest.approx(9 / 11)
    assert any("doc-10.xml" in r for r in outcome.reasons) and any("doc-04.xml" in r for r in outcome.reasons)
    answer["doc-03.xml"] = ("trusted", "on the list")
    outcome = judged("04-classify-batch", answer)
    assert any("'trusted' is not a verdict" in r for r in outcome.reasons)


def test_the_batch_self_check_judges_only_the_worked_examples():
    problem = course.exercise("04-classify-batch").problem
    answer = {"doc-01.xml": ("valid", "the signature holds and the issuer is recognised"),
              "doc-08.xml": ("unsigned", "there is no signature element")}
    outcome = problem.check(answer)
    assert not outcome.correct and outcome.score < 1
    assert any("doc-02.xml: no verdict yet" in r for r in outcome.reasons)
    assert problem.check(batch_answer()).correct  # "checked here" message
    assert "Your trainer's grading checks the rest" in problem.check(batch_answer()).message


def test_the_batch_accepts_a_table():
    import pandas as pd
    rows = [(name, verdict, reason) for name, (verdict, reason) in batch_answer().items()]
    assert judged("04-classify-batch", pd.DataFrame(rows, columns=["file", "verdict", "reason"])).correct


# --- task 4: trust list entry --------------------------------------------------------------

def good_entry():
    cert = dataset.certificate("colombo-ca")
    return {"name": "Lanka Chamber of Exports (training)", "country": "LK", "document_types": ["certificate-of-origin"],
            "status": "granted", "fingerprint": ":".join(fingerprint(cert)[i:i + 2] for i in range(0, 64, 2)).upper()}


def test_a_trust_list_entry_right_and_with_mistakes():
    assert judged("04-trust-list-entry", good_entry()).correct
    wrong = dict(good_entry(), fingerprint=fingerprint(dataset.certificate("origin-ca")))
    outcome = judged("04-trust-list-entry", wrong)
    assert outcome.score == pytest.approx(0.6) and "origin-ca.pem" in outcome.reasons[0]
    outcome = judged("04-trust-list-entry", dict(good_entry(), country="Sri Lanka", status="withdrawn"))
    assert outcome.score == pytest.approx(0.7)


# --- task 5: coverage ----------------------------------------------------------------------

def test_coverage_right_and_the_repeated_goods_item_mistake():
    covered, not_covered = problems.coverage_of(dataset.example("partly-signed.xml"))
    assert covered == {"IssuingAuthority", "GoodsItem[1]"}
    assert judged("04-coverage", {"covered": sorted(covered), "not_covered": sorted(not_covered)}).correct
    outcome = judged("04-coverage", {"covered": ["IssuingAuthority", "GoodsItem[1]", "GoodsItem[2]"],
                                     "not_covered": sorted(not_covered - {"GoodsItem[2]"})})
    assert 0.5 < outcome.score < 1
    assert "GoodsItem[2] is not covered by the signature." in outcome.reasons


# --- task 6: checklist ---------------------------------------------------------------------

def full_checklist():
    return [tuple(step) for step in json.loads((KEYS / "checklist.json").read_text())["steps"]]


def test_the_checklist_right_reordered_and_with_wrong_threats():
    assert judged("04-checklist", full_checklist()).correct
    backwards = judged("04-checklist", full_checklist()[::-1])
    assert backwards.score == pytest.approx(0.8)
    swapped = full_checklist()
    swapped[5], swapped[6] = ("validity", "compromised-key"), ("revocation", "expired-certificate")
    outcome = judged("04-checklist", swapped)
    assert outcome.score == pytest.approx(1 - 0.4 * 2 / 8)
    assert "'validity' does not protect against 'compromised-key'." in outcome.reasons
    short = judged("04-checklist", full_checklist()[:4])
    assert short.score < 0.7 and any("misses the check 'trust'" in r for r in short.reasons)


def test_messages_follow_the_language():
    outcome = judged("04-checklist", full_checklist()[:4], lang="zh")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in outcome.message)


# --- the lessons' practice questions -------------------------------------------------------

def test_practice_revocation_date():
    practice = course.exercise("04-practice-revocation-date").problem
    assert not practice.check({"2026-02-01": None, "2026-03-10": None}).attempted
    assert practice.check({"2026-02-01": "accept", "2026-03-10": "refuse"}).correct
    outcome = practice.check({"2026-02-01": "refuse", "2026-03-10": "refuse"})
    assert not outcome.correct and outcome.reasons == ["Signed on 2026-02-01: look at the revocation date again."]
    assert "'maybe' is not accept or refuse." in practice.check({"2026-02-01": "maybe", "2026-03-10": "refuse"}).reasons


def test_practice_first_failing_check_follows_the_verifier():
    practice = course.exercise("04-practice-first-failing-check").problem
    right = {"signed.xml": "none", "tampered.xml": "integrity", "partly-signed.xml": "coverage"}
    assert practice.check(right).correct
    outcome = practice.check(dict(right, **{"tampered.xml": "trust"}))
    assert outcome.score == pytest.approx(2 / 3) and outcome.reasons == ["tampered.xml: not 'trust'."]
