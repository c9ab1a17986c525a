"""Warm-up exercises of the getting-started lesson."""
from __future__ import annotations

import re

from .. import paths
from ..checks.catalog import register
from ..checks.outcome import CORRECT, INCORRECT
from ..checks.problem import Problem, XmlDocumentProblem
from ..i18n import N_


@register
class HsSubheading(Problem):
    """Classify frozen skipjack tuna at the 6-digit HS subheading level."""

    id = "00-hs-subheading"
    title = N_("HS subheading of frozen skipjack tuna")
    hints = (
        N_("Fish is in HS chapter 03; frozen fish (not fillets) is heading 03.03."),
        N_("Within heading 03.03, tunas are grouped together; skipjack has its own subheading."),
    )
    solution = 'answer = "030343"  # HS 0303.43: skipjack or stripe-bellied bonito, frozen'
    expected = "030343"

    expects = N_("the code as text in quotes, for example \"123456\"")

    def judge(self, answer, lang, key):
        if not isinstance(answer, str):
            return self.outcome(INCORRECT, N_("Give the code as text in quotes, for example \"123456\", so leading zeros are kept."), lang)
        digits = re.sub(r"[\s.\-]", "", answer)
        if not digits.isdigit():
            return self.outcome(INCORRECT, N_("An HS code has only digits (dots and spaces are ignored)."), lang)
        if digits == self.expected:
            return self.outcome(CORRECT, N_("Right: 0303.43 is frozen skipjack tuna."), lang)
        if len(digits) < 6:
            return self.outcome(INCORRECT, N_("That is only {n} digits; the harmonized subheading has 6."), lang,
                                params={"n": len(digits)})
        if digits.startswith(self.expected):
            return self.outcome(CORRECT, N_("Right: 0303.43 is frozen skipjack tuna; the extra digits are national."), lang)
        if digits[:4] == "0303":
            return self.outcome(INCORRECT, N_("The heading 03.03 (frozen fish) is right, but not the subheading."), lang)
        if digits[:4] == "1604":
            return self.outcome(INCORRECT, N_("Heading 16.04 is prepared or preserved fish (canned tuna); this tuna is only frozen."), lang)
        return self.outcome(INCORRECT, N_("That is not the subheading for frozen skipjack tuna."), lang)


@register
class FirstCertificate(XmlDocumentProblem):
    """Write an electronic certificate of origin that passes the schema and the business rules."""

    id = "00-eco-document"
    title = N_("A valid electronic certificate of origin")
    schema = "eco"
    hints = (
        N_("Start from the skeleton in the lesson: the root element is CertificateOfOrigin in the namespace urn:paperless-trade-course:eco:1."),
        N_("Read the first finding only, fix it, and check again: one mistake often causes several findings."),
        N_("Weights need a unit: <GrossWeight unitCode=\"KGM\">12500</GrossWeight>."),
    )

    @property
    def solution(self) -> str:
        return (paths.datasets() / "samples" / "eco" / "valid-1-item.xml").read_text(encoding="utf-8")
