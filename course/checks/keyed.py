"""Problems judged against an answer key, with partial credit.

The learner's self-check judges with the problem's public key (the worked examples a lesson
shows); the grader passes the full key, which only a grading process can read (see
:mod:`course.checks.keys`). An answer that is right on everything the public key covers is
not called correct outright: the learner is told that the grader checks the rest.
"""
from __future__ import annotations

from ..i18n import N_
from .keys import Key
from .outcome import CORRECT, INCORRECT, Outcome
from .problem import Problem

PERFECT = 0.999  # a share of credit this close to 1 is full credit (floating-point sums)


class KeyedProblem(Problem):
    """A problem with an answer key. Subclasses define :meth:`public_key`, :meth:`load_key` and
    :meth:`judge`, and finish judging with :meth:`graded`."""

    def public_key(self) -> Key:
        raise NotImplementedError(f"{type(self).__name__} must define public_key(): the worked examples "
                                  "a learner's self-check judges against")

    def load_key(self):
        """Read the full key's data through :func:`course.checks.keys.path` (grading processes only)."""
        raise NotImplementedError(f"{type(self).__name__} must define load_key(): how to read its full key "
                                  "with course.checks.keys.path(assignment, name)")

    def graded(self, score: float, key: Key, lang, reasons: list[str], perfect: str, partial: str,
               params: dict | None = None) -> Outcome:
        """The outcome for ``score`` (0 to 1): ``perfect`` or ``partial`` (catalog strings).

        ``partial`` may use ``{percent}``, the score rounded down (99.7% is not "100%").
        A perfect score on an incomplete key gets the "checked here" message instead.
        """
        params = dict(params or {}, percent=int(100 * score))
        if score >= PERFECT:
            message = perfect if key.complete else N_(
                "Everything that can be checked here is right. Your trainer's grading checks the rest.")
            return self.outcome(CORRECT, message, lang, score=1.0, params=params)
        return self.outcome(INCORRECT, partial, lang, score=score, params=params, reasons=reasons)
