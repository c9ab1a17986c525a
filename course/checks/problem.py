"""A ``Problem`` holds the rules for one exercise; subclasses say how to judge an answer."""
from __future__ import annotations

from ..i18n import N_, _
from ..xml import validate
from . import keys
from .outcome import CORRECT, INCORRECT, NOT_ATTEMPTED, Outcome


class Problem:
    """One exercise's rules.

    Subclasses set ``id``, ``title``, ``hints``, ``solution`` and ``expects`` and implement
    :meth:`judge`, which returns an :class:`Outcome` for an attempted answer. The same
    object serves the learner's self-check and the grader's hidden tests, so both apply
    exactly the same rules.

    Problems graded against an answer key judge with :meth:`public_key` in the learner's
    self-check (worked examples only); the grader's hidden tests pass the full key, which
    lives with the solutions and is never shipped to participants. Hidden tests add
    cases, never rules.
    """

    id: str = ""
    title: str = ""
    hints: tuple[str, ...] = ()
    solution: str = ""
    solution_language: str = "python"
    expects: str = N_("an answer")

    def public_key(self):
        """The part of the answer key a learner may see (worked examples); None if keyless."""
        return None

    def load_key(self):
        """Read the full key's data (through :func:`keys.path`); None when the problem needs no key."""
        return None

    def answer_key(self):
        """The full key, in a grading process only (see :mod:`course.checks.keys`); otherwise None."""
        if not keys.enabled():
            return None
        data = self.load_key()
        return None if data is None else keys.Key(data, complete=True)

    def is_blank(self, answer) -> bool:
        if answer is None or answer is Ellipsis:
            return True
        if isinstance(answer, str):
            return answer.strip() in ("", "...")
        try:
            return len(answer) == 0
        except TypeError:
            return False

    def check(self, answer, lang: str | None = None, key=None) -> Outcome:
        if self.is_blank(answer):
            return self.outcome(NOT_ATTEMPTED, N_("Write your answer in the cell above, run it, then check again."), lang)
        try:
            return self.judge(answer, lang, key if key is not None else self.public_key())
        except (TypeError, ValueError, KeyError, AttributeError, IndexError) as exc:
            # An answer of an unexpected shape: say what was expected instead of a traceback.
            return self.outcome(INCORRECT, N_("The check could not read your answer ({error}). It expects {expects}."),
                                lang, params={"error": f"{type(exc).__name__}: {str(exc)[:120]}",
                                              "expects": _(self.expects, lang)})

    def judge(self, answer, lang: str | None, key) -> Outcome:
        raise NotImplementedError

    def outcome(self, status: str, message: str, lang: str | None, score: float | None = None,
                params: dict | None = None, **fields) -> Outcome:
        """An outcome whose ``message`` (a catalog string) is translated and filled with ``params``."""
        if score is None:
            score = 1.0 if status == CORRECT else 0.0
        return Outcome(exercise=self.id, status=status, message=_(message, lang, **(params or {})),
                       score=score, lang=lang, **fields)


class XmlDocumentProblem(Problem):
    """The answer is an XML document that must be valid against a registry schema (and its rules)."""

    schema: str = ""
    solution_language = "xml"
    expects = N_("the XML document as text (a string)")

    def judge(self, answer, lang, key):
        if not isinstance(answer, (str, bytes)):
            return self.outcome(INCORRECT, N_("The answer should be the XML document as text (a string)."), lang)
        result = validate(answer, self.schema, lang=lang)
        if result.ok:
            return self.outcome(CORRECT, N_("Your document is valid against the schema and its business rules."),
                                lang, findings=result.findings)
        return self.outcome(INCORRECT, result.summary(), lang, findings=result.findings)
