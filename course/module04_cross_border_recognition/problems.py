"""Module 04, cross-border recognition: the rules of its graded tasks, one problem per task.

The batch and the checklist are judged against keys that only the grader reads
(``solutions/04-cross-border-recognition/keys``); the other tasks are judged against the
scenario's public files (the trust list, the certificates, the document to sign), and the
signed answer is verified by the same :func:`course.signatures.verify` a receiving agency uses.
"""
from __future__ import annotations

import json
import re

from ..checks import keys
from ..checks.catalog import register
from ..checks.keyed import KeyedProblem
from ..checks.keys import Key
from ..checks.outcome import CORRECT, INCORRECT
from ..checks.problem import Problem
from ..checks.reasons import listed
from ..checks.scoring import normalize_text, score_set
from ..checks.shapes import cell_text, is_table
from ..i18n import N_, _
from ..signatures import fingerprint, verify
from ..signatures.structure import layout
from ..signatures.certificates import common_name, country, normal_fingerprint, organisation
from ..xml.safe import DocumentRefused, parse_document
from . import dataset

DIGEST_FILES = ("batch/doc-01.xml", "batch/doc-05.xml", "to-sign/certificate-of-origin.xml")
HEX = re.compile(r"[0-9a-f]+")
OTHER_DIGESTS = {32: "MD5", 40: "SHA-1", 128: "SHA-512"}


@register
class Digests(Problem):
    id = "04-digests"
    title = N_("Hashes: the SHA-256 digest of three documents")
    expects = N_("a dict from each file name (as listed in the task) to its SHA-256 digest in hexadecimal")
    hints = (
        N_("Read the file as bytes (open(path, 'rb')), not as text: a digest is computed over bytes."),
        N_("hashlib.sha256(data).hexdigest() gives 64 hexadecimal characters."),
        N_("Use the names exactly as the task lists them, e.g. 'batch/doc-01.xml'."),
    )
    solution = "digests = {name: hashlib.sha256((DATA / name).read_bytes()).hexdigest() for name in FILES}"

    def judge(self, answer, lang, key):
        if not isinstance(answer, dict):
            raise TypeError("the answer is not a dict")
        reasons, right = [], 0
        for name in DIGEST_FILES:
            given = normal_fingerprint(answer.get(name, ""))
            expected = dataset.sha256_file(dataset.folder() / name)
            if not given:
                reasons.append(_("No digest for {file}.", lang, file=name))
            elif given == expected:
                right += 1
            elif len(given) in OTHER_DIGESTS:
                reasons.append(_("{file}: this looks like a {algorithm} digest; the task asks for SHA-256.", lang,
                                 file=name, algorithm=OTHER_DIGESTS[len(given)]))
            else:
                reasons.append(_("{file}: not the SHA-256 of the file's bytes. Did you hash the text after reading it, or another file?",
                                 lang, file=name))
        extra = sorted(set(answer) - set(DIGEST_FILES))
        reasons += [_("'{file}' is not one of the three files of the task.", lang, file=f) for f in extra[:3]]
        if right == len(DIGEST_FILES):
            return self.outcome(CORRECT, N_("All three digests are right."), lang)
        return self.outcome(INCORRECT, N_("{right} of {total} digests are right."), lang, score=right / len(DIGEST_FILES),
                            params={"right": right, "total": len(DIGEST_FILES)}, reasons=reasons)


@register
class SignCertificate(Problem):
    id = "04-sign-certificate"
    title = N_("Sign the certificate of origin so that the receiving side accepts it")
    expects = N_("the signed XML document as text (a string or bytes)")
    hints = (
        N_("Sign the file to-sign/certificate-of-origin.xml unchanged, with the training signer's key and certificates (participant_signer())."),
        N_("Sign the whole document (no part=...): a signature over one element leaves the rest open to change."),
        N_("Check your result with verify(signed, trust_list()) before you answer: the verdict must be 'valid'."),
    )
    solution = "key, chain = participant_signer()\nsigned = sign(to_sign().read_bytes(), key, chain)"
    solution_language = "python"
    # shares of the credit: the receiver accepts it, signed by the training signer, over the whole document
    ACCEPTED, SIGNER, COVERAGE = 0.6, 0.2, 0.2

    def judge(self, answer, lang, key):
        if not isinstance(answer, (str, bytes)):
            return self.outcome(INCORRECT, N_("The answer should be the signed XML document as text (a string or bytes)."), lang)
        try:
            content = dataset.without_signature(answer)
        except DocumentRefused as refused:
            return self.outcome(INCORRECT, N_("Your document cannot be read: {problem}"), lang,
                                params={"problem": refused.finding.in_language(lang).message})
        if content != dataset.without_signature(dataset.to_sign()):
            return self.outcome(INCORRECT, N_("This is not the certificate of origin you were asked to sign (to-sign/certificate-of-origin.xml, unchanged)."),
                                lang, reasons=[_("Sign that file as it is; do not edit it or answer with another document.", lang)])
        result = verify(answer, dataset.trust_list(), lang=lang)
        if result.verdict in ("unsigned", "tampered", "unreadable"):
            # no credit for parts of a signature that does not hold (a forged or broken one)
            return self.outcome(INCORRECT, N_("The receiving verifier says: {summary}"), lang,
                                params={"summary": result.summary()}, reasons=[f.message for f in result.errors[:3]])
        score, reasons = 0.0, []
        if result.ok:
            score += self.ACCEPTED
        else:
            reasons.append(_("The receiving verifier says: {summary}", lang, summary=result.summary()))
            reasons += [f.message for f in result.errors[:3]]
        if result.signer is not None and fingerprint(result.signer) == fingerprint(dataset.certificate("participant")):
            score += self.SIGNER
        elif result.signer is not None:
            reasons.append(_("Signed with the certificate of {signer}, not the training signer's.", lang, signer=result.signer_name))
        if result.covers == "document" and result.signing_time is not None:
            score += self.COVERAGE
        elif result.covers != "document":
            reasons.append(_("The signature does not cover the whole document.", lang))
        if score >= 0.999:
            return self.outcome(CORRECT, N_("The receiving side accepts your certificate: signed by the training signer, over the whole document, unchanged."), lang)
        return self.outcome(INCORRECT, N_("Not accepted yet: {percent}% of the credit."), lang, score=score,
                            params={"percent": int(100 * score)}, reasons=reasons)


def _batch_rows(answer) -> dict[str, tuple[str, str]]:
    """file -> (verdict, reason) from a dict of verdicts, of (verdict, reason) pairs or of dicts, or from a table."""
    if is_table(answer):
        return {cell_text(f): (cell_text(v), cell_text(r))
                for f, v, r in zip(answer["file"], answer["verdict"], answer["reason"] if "reason" in answer else [""] * len(answer))}
    if not isinstance(answer, dict):
        raise TypeError("the answer is not a dict or a table")
    rows = {}
    for name, value in answer.items():
        if isinstance(value, dict):
            rows[str(name)] = (cell_text(value.get("verdict")), cell_text(value.get("reason")))
        elif isinstance(value, (list, tuple)):
            rows[str(name)] = (cell_text(value[0]) if value else "", cell_text(value[1]) if len(value) > 1 else "")
        else:
            rows[str(name)] = (cell_text(value), "")
    return rows


def _explained(reason: str) -> bool:
    """A reason says something: three words, or four Chinese characters."""
    return len(reason.split()) >= 3 or sum("\u4e00" <= ch <= "\u9fff" for ch in reason) >= 4


@register
class ClassifyBatch(KeyedProblem):
    id = "04-classify-batch"
    title = N_("Sort the received batch: a verdict and a reason for each document")
    expects = N_("a dict from each file name of the batch to a pair (verdict, reason); the verdicts are valid, tampered, untrusted, expired, revoked, not-covering and unsigned")
    hints = (
        N_("Verify each document with the trust list, then read the findings marked as errors: they say why."),
        N_("A document can fail several checks; give the verdict of the first check it fails, in the order of lesson 4."),
        N_("The reason is a short sentence of your own: what the check found (which value changed, whose certificate, which date)."),
    )
    solution = "batch = {name: (verify(BATCH / name, trust).verdict, '...') for name in batch_files()}"
    REASON_SHARE = 0.25  # of each document's credit

    def load_key(self):
        return dataset.batch_key()

    def public_key(self) -> Key:
        return Key({"doc-01.xml": ("valid", ""), "doc-08.xml": ("unsigned", "")}, complete=False)

    def judge(self, answer, lang, key):
        rows = _batch_rows(answer)
        unknown = sorted({v for v, _r in rows.values() if v and v not in dataset.VERDICTS})
        reasons = [_("'{verdict}' is not a verdict; use one of: {verdicts}.", lang, verdict=v,
                     verdicts=", ".join(dataset.VERDICTS)) for v in unknown]
        files = dataset.batch_files() if key.complete else sorted(key.data)
        earned = 0.0
        wrong, unexplained, missing = [], [], []
        for name in files:
            verdict, reason = rows.get(name, ("", ""))
            if not verdict:
                missing.append(name)
                continue
            expected = key.data[name][0]
            if verdict != expected:
                wrong.append((name, verdict))
                continue
            if _explained(reason):
                earned += 1
            else:
                earned += 1 - self.REASON_SHARE
                unexplained.append(name)
        reasons += listed(wrong, lang, lambda w: _("{file}: '{verdict}' is not the right verdict.", lang, file=w[0], verdict=w[1]))
        reasons += listed(missing, lang, lambda m: _("{file}: no verdict yet.", lang, file=m))
        reasons += listed(unexplained, lang, lambda m: _("{file}: the verdict is right; say why in a short sentence.", lang, file=m))
        if not key.complete:
            others = [n for n in dataset.batch_files() if n not in key.data and not rows.get(n, ("", ""))[0]]
            reasons += listed(others, lang, lambda m: _("{file}: no verdict yet.", lang, file=m))
            if others:
                earned = min(earned, 0.99 * len(files))  # right so far, but not done
        return self.graded(earned / len(files), key, lang, reasons, N_("Every document of the batch is sorted right, with a reason."),
                           N_("{percent}% of the batch is sorted right."))


@register
class TrustListEntry(Problem):
    id = "04-trust-list-entry"
    title = N_("A trust list entry for a newly recognised issuer")
    expects = N_("a dict with the keys name, country, document_types, status and fingerprint")
    hints = (
        N_("Read the name and the country from the issuer's certificate (certificates/colombo-ca.pem): subject, organisation and country."),
        N_("The fingerprint is the SHA-256 of the certificate (fingerprint(load_certificate(...)))."),
        N_("A recognised issuer has the status 'granted'; the document it issues here is a 'certificate-of-origin'."),
    )
    solution = ("entry = {'name': 'Lanka Chamber of Exports (training)', 'country': 'LK',\n"
                "         'document_types': ['certificate-of-origin'], 'status': 'granted',\n"
                "         'fingerprint': fingerprint(load_certificate(DATA / 'certificates/colombo-ca.pem'))}")
    PARTS = {"fingerprint": 0.4, "name": 0.2, "country": 0.2, "status": 0.1, "document_types": 0.1}

    def judge(self, answer, lang, key):
        if not isinstance(answer, dict):
            raise TypeError("the answer is not a dict")
        cert = dataset.certificate("colombo-ca")
        expected = {"fingerprint": fingerprint(cert), "country": country(cert.subject), "name": organisation(cert.subject)}
        given_fp = normal_fingerprint(answer.get("fingerprint", ""))
        kinds = answer.get("document_types", [])
        kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
        checks = {
            "fingerprint": given_fp == expected["fingerprint"],
            "name": normalize_text(answer.get("name")) in {normalize_text(expected["name"]), normalize_text(cert.subject.rfc4514_string())}
                    or normalize_text(answer.get("name")) == normalize_text(common_name(cert.subject)),
            "country": normalize_text(answer.get("country")) == normalize_text(expected["country"]),
            "status": normalize_text(answer.get("status")) == "granted",
            "document_types": "certificate-of-origin" in {normalize_text(k) for k in kinds},
        }
        reasons = []
        if not checks["fingerprint"]:
            other = next((n for n in ("origin-ca", "fisheries-ca", "root", "participant", "officer-valid")
                          if given_fp and given_fp == fingerprint(dataset.certificate(n))), None)
            reasons.append(_("The fingerprint is that of {other}, not of the Colombo issuing office.", lang, other=other + ".pem")
                           if other else _("The fingerprint is not the SHA-256 of certificates/colombo-ca.pem.", lang))
        if not checks["name"]:
            reasons.append(_("The name should be the issuer's name as its certificate states it.", lang))
        if not checks["country"]:
            reasons.append(_("The country should be the two-letter code in the certificate.", lang))
        if not checks["status"]:
            reasons.append(_("A recognised issuer's status is 'granted'.", lang))
        if not checks["document_types"]:
            reasons.append(_("List the document it is recognised for: 'certificate-of-origin'.", lang))
        score = sum(self.PARTS[k] for k, ok in checks.items() if ok)
        if score >= 0.999:
            return self.outcome(CORRECT, N_("The entry identifies the issuer exactly and recognises it for certificates of origin."), lang)
        return self.outcome(INCORRECT, N_("{percent}% of the entry is right."), lang, score=score,
                            params={"percent": int(100 * score)}, reasons=reasons)


def coverage_of(document) -> tuple[set[str], set[str]]:
    """The top-level parts of a document its signature covers, and those it does not (labels as in the lessons)."""
    tree = parse_document(document)
    root = tree.getroot()
    lay = layout(tree)
    labels = dataset.top_level_labels(root)
    children = [c for c in root.iterchildren() if isinstance(c.tag, str) and c.tag != f"{{{dataset.DS}}}Signature"]
    if any(r.kind == "document" for r in lay.references):
        return set(labels), set()
    targets = {id(r.target) for r in lay.references if r.kind == "part"}
    covered = {label for label, child in zip(labels, children) if id(child) in targets}
    return covered, set(labels) - covered


@register
class SignatureCoverage(Problem):
    id = "04-coverage"
    title = N_("What does this signature cover?")
    expects = N_("a dict with two lists of element names, 'covered' and 'not_covered' (GoodsItem[1], GoodsItem[2] for repeated names)")
    hints = (
        N_("Look at each ds:Reference URI in SignedInfo: '' is the whole document, '#x' is the element whose Id is x."),
        N_("An element is covered only if a reference points at it (or at an element that contains it)."),
        N_("Name repeated elements by position: the first GoodsItem is GoodsItem[1]."),
    )
    solution = "coverage = {'covered': ['IssuingAuthority', 'GoodsItem[1]'], 'not_covered': [...]}"

    def judge(self, answer, lang, key):
        if not isinstance(answer, dict):
            raise TypeError("the answer is not a dict")
        covered, not_covered = coverage_of(dataset.example("partly-signed.xml"))
        given_in = {str(x).strip() for x in answer.get("covered", [])}
        given_out = {str(x).strip() for x in answer.get("not_covered", [])}
        inside, outside = score_set(given_in, covered), score_set(given_out, not_covered)
        reasons = [_("{element} is covered by the signature.", lang, element=e) for e in inside.missing]
        reasons += [_("{element} is not covered by the signature.", lang, element=e) for e in inside.extra]
        reasons += listed(outside.missing, lang, lambda e: _("{element} is left out of the signature too.", lang, element=e))
        score = (inside.f1 + outside.f1) / 2
        if score >= 0.999:
            return self.outcome(CORRECT, N_("Right: the signature covers only those parts; anyone could change the rest."), lang)
        return self.outcome(INCORRECT, N_("{percent}% right."), lang, score=score, params={"percent": int(100 * score)},
                            reasons=reasons)


CHECKS = ("safe-parsing", "signature-present", "coverage", "integrity", "trust", "validity", "revocation", "algorithms")
THREATS = ("hostile-xml", "unsigned-document", "signature-wrapping", "tampering", "impostor",
           "expired-certificate", "compromised-key", "broken-cryptography")


def _checklist(answer) -> list[tuple[str, str]]:
    if is_table(answer):
        return [(normalize_text(c), normalize_text(t)) for c, t in zip(answer["check"], answer["protects_against"])]
    if isinstance(answer, (str, bytes, dict)):
        raise TypeError("the answer is not a list of steps")
    steps = []
    for step in answer:
        if isinstance(step, dict):
            steps.append((normalize_text(step.get("check")), normalize_text(step.get("protects_against"))))
        else:
            check, threat = step
            steps.append((normalize_text(check), normalize_text(threat)))
    return steps


@register
class ReceivingChecklist(KeyedProblem):
    id = "04-checklist"
    title = N_("A receiving agency's checklist: the checks in order, and what each protects against")
    expects = N_("a list of (check, protects_against) pairs, in the order the agency runs them")
    hints = (
        N_("The checks are: safe-parsing, signature-present, coverage, integrity, trust, validity, revocation, algorithms."),
        N_("Nothing else is worth doing on a document that cannot be read safely: that check comes first."),
        N_("Each check protects against one threat: hostile-xml, unsigned-document, signature-wrapping, tampering, impostor, expired-certificate, compromised-key, broken-cryptography."),
    )
    solution = "checklist = [('safe-parsing', 'hostile-xml'), ('signature-present', 'unsigned-document'), ...]"
    SHARES = {"checks": 0.4, "threats": 0.4, "order": 0.2}

    def load_key(self):
        with keys.path(dataset.ASSIGNMENT, "checklist.json").open(encoding="utf-8") as handle:
            data = json.load(handle)
        return {"steps": [tuple(s) for s in data["steps"]], "before": [tuple(p) for p in data["before"]]}

    def public_key(self) -> Key:
        return Key({"steps": [("safe-parsing", "hostile-xml"), ("integrity", "tampering")],
                    "before": [("safe-parsing", "integrity")]}, complete=False)

    def judge(self, answer, lang, key):
        steps = _checklist(answer)
        unknown = sorted({c for c, _t in steps if c not in CHECKS})
        reasons = [_("'{check}' is not one of the checks: {checks}.", lang, check=c, checks=", ".join(CHECKS)) for c in unknown]
        threat_of = {c: t for c, t in steps}
        expected = dict(key.data["steps"])
        checks = score_set(set(threat_of) & set(CHECKS), set(expected))
        reasons += listed(checks.missing, lang, lambda c: _("The checklist misses the check '{check}'.", lang, check=c))
        right_threats = [c for c in expected if threat_of.get(c) == expected[c]]
        reasons += listed([c for c in expected if c in threat_of and threat_of[c] != expected[c]], lang,
                          lambda c: _("'{check}' does not protect against '{threat}'.", lang, check=c, threat=threat_of[c]))
        position = {c: i for i, (c, _t) in enumerate(steps)}
        pairs = key.data["before"]
        in_order = [p for p in pairs if p[0] in position and p[1] in position and position[p[0]] < position[p[1]]]
        reasons += listed([p for p in pairs if p not in in_order], lang,
                          lambda p: _("'{first}' should come before '{second}'.", lang, first=p[0], second=p[1]))
        score = (self.SHARES["checks"] * checks.recall * (1 if not unknown else 0.9)
                 + self.SHARES["threats"] * len(right_threats) / len(expected)
                 + self.SHARES["order"] * (len(in_order) / len(pairs) if pairs else 1))
        return self.graded(score, key, lang, reasons, N_("Your checklist has every check, in a sound order, each with what it protects against."),
                           N_("Your checklist is {percent}% right."))
