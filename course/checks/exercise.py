"""The view a learner uses in a notebook: ``ex.check(answer)``, ``ex.hint()``, ``ex.solution()``."""
from __future__ import annotations

import os

from ..i18n import _
from ..render import Note
from ..settings import solutions_enabled
from . import catalog
from .outcome import Outcome


def validating() -> bool:
    """True while nbgrader's Validate runs the notebook (it sets this for the kernel it starts)."""
    return os.environ.get("NBGRADER_VALIDATING") == "1"


class TaskNotDone(AssertionError):
    """A self-check's verdict while Validate runs: this task is unanswered or not yet right.

    Validate counts a grade cell as passed unless it raises, so an unanswered task must fail
    there, with the check's own words rather than a traceback.
    """

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return [str(self)]


class Exercise:
    def __init__(self, exercise_id: str, lang: str | None = None):
        self.problem = catalog.get(exercise_id)
        self.lang = lang
        self._hints_shown = 0

    @property
    def id(self) -> str:
        return self.problem.id

    @property
    def title(self) -> str:
        return _(self.problem.title, self.lang)

    def check(self, answer) -> Outcome:
        """Check ``answer`` and return the outcome (Jupyter displays it).

        Under nbgrader's Validate an answer that is not right fails the cell and names the task.
        """
        outcome = self.problem.check(answer, self.lang)
        if validating() and not outcome.correct:
            raise TaskNotDone(_("Not finished: {title}", self.lang, title=self.title) + "\n" + str(outcome))
        return outcome

    def grade(self, answer, key=None) -> Outcome:
        """For hidden tests: the same check, raising AssertionError unless correct.

        The error carries only the learner-facing outcome, never test source.
        """
        outcome = self.problem.check(answer, self.lang, key)
        if outcome.points(1, partial=False) is None:
            raise AssertionError(str(outcome))
        return outcome

    def points(self, answer, out_of: float, key=None) -> float:
        """For hidden tests with partial credit: print the outcome, return the points earned.

        nbgrader takes a number as a test cell's last value for partial credit. An answer
        not attempted raises AssertionError, so the cell shows why it earned nothing.
        """
        outcome = self.problem.check(answer, self.lang, key)
        earned = outcome.points(out_of)
        if earned is None:
            raise AssertionError(str(outcome))
        print(outcome)
        return earned

    def hint(self, number: int | None = None) -> Note:
        """The next hint (or hint ``number``, counting from 1)."""
        hints = self.problem.hints
        if not hints:
            return Note("info", _("Hint", self.lang), _("There is no hint for this exercise.", self.lang))
        if number is None:
            index = min(self._hints_shown, len(hints) - 1)
            self._hints_shown += 1
        else:
            index = max(1, min(number, len(hints))) - 1
        title = _("Hint {n} of {total}", self.lang, n=index + 1, total=len(hints))
        return Note("info", title, _(hints[index], self.lang))

    def solution(self) -> Note:
        if not solutions_enabled():
            return Note("warning", _("Solution", self.lang),
                        _("Your trainer has turned solutions off for this workshop. Ask for a hint instead.", self.lang))
        return Note("ok", _("Solution", self.lang), self.problem.solution, code=True)

    def __repr__(self) -> str:
        return f"<Exercise {self.id}: {self.title}>"


def exercise(exercise_id: str, lang: str | None = None) -> Exercise:
    """The exercise ``exercise_id`` with its check, hints and solution."""
    return Exercise(exercise_id, lang)
