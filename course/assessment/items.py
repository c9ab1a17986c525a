"""Quiz items: single choice, multiple choice and short answer, checked like any other exercise.

An item is a :class:`~course.checks.Problem`. Its options are public; which of them is right
lives only in the quiz's answer key (``solutions/<assignment>/keys/quiz.json``), read through
:func:`course.checks.keys.path` in a grading process. A participant's self-check therefore
cannot say whether an answer is right: it says whether the answer can be read, and that it is
recorded. The grader judges the same answer with the key, by the same rules.
"""
from __future__ import annotations

import re
import string
import unicodedata

from ..checks.outcome import CORRECT, INCORRECT, Outcome
from ..checks.problem import Problem
from ..i18n import N_, _

RECORDED = "recorded"
LETTERS = string.ascii_uppercase


class RecordedOutcome(Outcome):
    """A readable answer, kept for the grader; says nothing about whether it is right."""

    @property
    def label(self) -> str:
        return _("Answer recorded", self.lang)


class AnswerShapeError(ValueError):
    """The answer cannot be read as this item's kind of answer; the message is a catalog string."""

    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message, self.params = message, params


class QuizItem(Problem):
    """One question of a module's quiz, tied to one of the module's learning objectives.

    Subclasses (declared in a module's ``assessment.py``) set ``id``, ``objective``,
    ``question`` and, for choices, ``options``; the quiz they belong to is set when
    :meth:`~course.assessment.quiz.Quiz.item` registers them.
    """

    objective: str = ""
    question: str = ""
    options: tuple[str, ...] = ()
    kind: str = ""
    quiz = None  # the Quiz this item belongs to
    # A quiz measures what a participant knows: its hint and solution reveal nothing.
    hints = (N_("Answer with what you know now. The quiz shows your trainer what the workshop teaches; "
                "it is not part of your grade."),)
    solution = "# The answers are discussed with the trainer after the quiz at the end of the module."

    @property
    def title(self) -> str:  # a quiz item is known by its question
        return self.question

    def load_key(self):
        return self.quiz.key_data()[self.id]

    def read(self, answer):
        """The answer in the comparable form of this kind; raises :class:`AnswerShapeError`."""
        raise NotImplementedError

    def shown(self, value) -> str:
        """A read answer as the participant would recognise it."""
        return str(value)

    def matches(self, value, key_data) -> bool:
        raise NotImplementedError

    def judge(self, answer, lang, key) -> Outcome:
        try:
            value = self.read(answer)
        except AnswerShapeError as problem:
            return self.outcome(INCORRECT, problem.message, lang, params=problem.params)
        if key is None:  # a participant's self-check: no key, no verdict
            return RecordedOutcome(exercise=self.id, status=RECORDED, lang=lang, score=0.0, message=_(
                "Your answer is {answer}. You can change it until you hand in; the trainer's grading says "
                "whether it is right.", lang, answer=self.shown(value)))
        if self.matches(value, key.data):
            return self.outcome(CORRECT, N_("Right."), lang)
        return self.outcome(INCORRECT, N_("Not the expected answer."), lang)


def _letter(text, count: int) -> str:
    cleaned = re.sub(r"[\s().:\]\[]", "", str(text)).upper()
    if len(cleaned) != 1 or cleaned not in LETTERS[:count]:
        raise AnswerShapeError(N_("{answer} is not one of the options {letters}. Write the letter of an option in "
                                  "quotes, for example \"B\"."), answer=repr(text), letters=", ".join(LETTERS[:count]))
    return cleaned


class SingleChoice(QuizItem):
    """Exactly one option is right; the answer is its letter."""

    kind = "single"
    expects = N_("the letter of one option in quotes, for example \"B\"")

    def read(self, answer):
        if not isinstance(answer, str):
            raise AnswerShapeError(N_("Write the letter of your option in quotes, for example \"B\"."))
        return _letter(answer, len(self.options))

    def matches(self, value, key_data) -> bool:
        return value == str(key_data).upper()


class MultipleChoice(QuizItem):
    """Any number of options may be right; the answer is the list of their letters (all or nothing)."""

    kind = "multiple"
    expects = N_("a list of option letters, for example [\"A\", \"C\"]")

    def read(self, answer):
        if isinstance(answer, str):
            parts = [p for p in re.split(r"[\s,;]+", answer) if p]
        elif isinstance(answer, (list, tuple, set, frozenset)):
            parts = list(answer)
        else:
            raise AnswerShapeError(N_("Write a list of the letters you choose, for example [\"A\", \"C\"]."))
        letters = {_letter(part, len(self.options)) for part in parts}
        if not letters:
            raise AnswerShapeError(N_("Choose at least one option."))
        return frozenset(letters)

    def shown(self, value) -> str:
        return ", ".join(sorted(value))

    def matches(self, value, key_data) -> bool:
        return value == {str(letter).upper() for letter in key_data}


def normalize_short(text: str) -> str:
    """Case, accents, spaces and surrounding punctuation do not matter in a short answer."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(text.casefold().split())
    return text.strip(" .,;:'\"()")


class ShortAnswer(QuizItem):
    """A few words or a code; the key lists the accepted variants."""

    kind = "short"
    expects = N_("a short text in quotes, for example \"KGM\"")
    max_length = 200

    def read(self, answer):
        if not isinstance(answer, str):
            raise AnswerShapeError(N_("Write your answer as text in quotes, for example \"KGM\"."))
        if len(answer) > self.max_length:
            raise AnswerShapeError(N_("Keep the answer short: at most {n} characters."), n=self.max_length)
        value = normalize_short(answer)
        if not value:
            raise AnswerShapeError(N_("Write your answer as text in quotes, for example \"KGM\"."))
        return value

    def shown(self, value) -> str:
        return f'"{value}"'

    def matches(self, value, key_data) -> bool:
        variants = [key_data] if isinstance(key_data, str) else list(key_data)
        return value in {normalize_short(v) for v in variants}
