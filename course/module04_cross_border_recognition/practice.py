"""Module 04: the practice questions of the lessons' "Try it" cells.

These are not graded. Each one is about the lessons' own material (the revoked officer's
certificate, the three worked examples), never about the graded batch, so a learner can
check, ask for hints and see the solution freely. The expected answers come from the
scenario's files through :func:`course.signatures.verify`, the same rules as the lessons.
"""
from __future__ import annotations

from ..checks.catalog import register
from ..checks.outcome import CORRECT, INCORRECT
from ..checks.problem import Problem
from ..checks.scoring import normalize_text
from ..i18n import N_, _
from ..signatures import load_crl, verify
from . import dataset

DECISIONS = ("accept", "refuse")
# The first of a receiving agency's checks that each verdict fails (lesson 04's order).
FIRST_FAILING = {"valid": "none", "unreadable": "safe-parsing", "unsigned": "signature-present",
                 "not-covering": "coverage", "tampered": "integrity", "untrusted": "trust",
                 "expired": "validity", "revoked": "revocation", "weak": "algorithms"}
EXAMPLES = ("signed.xml", "tampered.xml", "partly-signed.xml")


class _DictQuestion(Problem):
    """A question answered by a dict whose values start as None in the lesson's cell."""

    def is_blank(self, answer) -> bool:
        return super().is_blank(answer) or (isinstance(answer, dict) and all(
            v is None or v is Ellipsis or (isinstance(v, str) and not v.strip()) for v in answer.values()))


def _answers(answer, names) -> dict[str, str]:
    if not isinstance(answer, dict):
        raise TypeError("the answer is not a dict")
    return {name: normalize_text(answer.get(name, "")) for name in names}


@register
class RevocationDate(_DictQuestion):
    """Lesson 02: a revocation counts from its date."""

    id = "04-practice-revocation-date"
    title = N_("Signed before or after the revocation?")
    expects = N_("a dict with the keys '2026-02-01' and '2026-03-10', each 'accept' or 'refuse'")
    hints = (
        N_("Find the serial number of officer-revoked.pem in the local CRL, and the date it was revoked."),
        N_("A revocation counts from its date: a signature made before it stays valid."),
    )
    solution = "answer = {'2026-02-01': 'accept', '2026-03-10': 'refuse'}"
    SIGNED = ("2026-02-01", "2026-03-10")

    def judge(self, answer, lang, key):
        given = _answers(answer, self.SIGNED)
        revoked = dataset.certificate("officer-revoked").serial_number
        entry = load_crl(dataset.folder() / "receiver" / "origin-ca.crl").get_revoked_certificate_by_serial_number(revoked)
        revoked_on = entry.revocation_date_utc.date().isoformat()
        expected = {day: "refuse" if day >= revoked_on else "accept" for day in self.SIGNED}
        reasons = [_("'{value}' is not accept or refuse.", lang, value=v) for v in given.values() if v and v not in DECISIONS]
        wrong = [day for day in self.SIGNED if given[day] in DECISIONS and given[day] != expected[day]]
        reasons += [_("Signed on {day}: look at the revocation date again.", lang, day=day) for day in wrong]
        if not reasons and all(given[day] == expected[day] for day in self.SIGNED):
            return self.outcome(CORRECT, N_("Right: the certificate was revoked on {date}; only the document signed after that is refused."),
                                lang, params={"date": revoked_on})
        return self.outcome(INCORRECT, N_("Not yet."), lang, reasons=reasons)


@register
class FirstFailingCheck(_DictQuestion):
    """Lesson 04: the first check each worked example fails."""

    id = "04-practice-first-failing-check"
    title = N_("Which check fails first for each example?")
    expects = N_("a dict from 'signed.xml', 'tampered.xml' and 'partly-signed.xml' to the first check that fails ('none' when all pass)")
    hints = (
        N_("Verify each example with verify(DATA / 'examples' / name, trust) and look at its verdict."),
        N_("The checks are, in order: safe-parsing, signature-present, coverage, integrity, trust, validity, revocation, algorithms."),
    )
    solution = "answer = {'signed.xml': 'none', 'tampered.xml': 'integrity', 'partly-signed.xml': 'coverage'}"

    def judge(self, answer, lang, key):
        given = _answers(answer, EXAMPLES)
        trust = dataset.trust_list()
        expected = {name: FIRST_FAILING[verify(dataset.example(name), trust).verdict] for name in EXAMPLES}
        wrong = [name for name in EXAMPLES if given[name] != expected[name]]
        if not wrong:
            return self.outcome(CORRECT, N_("Right: each example stops at the first check it fails."), lang)
        reasons = [_("{file}: not '{check}'.", lang, file=name, check=given[name] or "?") for name in wrong]
        return self.outcome(INCORRECT, N_("{right} of {total} right."), lang, score=(3 - len(wrong)) / 3,
                            params={"right": 3 - len(wrong), "total": 3}, reasons=reasons)
