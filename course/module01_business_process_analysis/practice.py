"""Module 01, business process analysis: the practice questions of the lessons' "Try it" cells.

These are not graded. Each one is about what the lesson itself works through (the rule that
turns what people say into hours, the worked example of the letter of credit), never about the
graded tasks, so a learner can check, ask for hints and see the solution freely.
"""
from __future__ import annotations

from ..bpmn.schedule import schedule
from ..checks.catalog import register
from ..checks.outcome import CORRECT, INCORRECT
from ..checks.problem import Problem
from ..i18n import N_
from . import dataset


def _number(answer) -> float:
    if isinstance(answer, bool) or not isinstance(answer, (int, float, str)):
        raise TypeError(f"a number was expected, not {type(answer).__name__}")
    return float(str(answer).strip())


@register
class ReadingADuration(Problem):
    """Lesson 02: turn a duration said in working days into elapsed hours."""

    id = "01-practice-reading-a-duration"
    title = N_("A clerk says checking a file takes 'three to five working days, four usually': how many hours?")
    expects = N_("a dict with 'min', 'likely' and 'max', in hours")
    hints = (
        N_("The work is done by someone during office hours: the rule counts a working day as 8 hours."),
        N_("Three working days are 3 × 8 hours."),
    )
    solution = "answer = {'min': 3 * 8, 'likely': 4 * 8, 'max': 5 * 8}"
    expected = {"min": 24.0, "likely": 32.0, "max": 40.0}

    def judge(self, answer, lang, key):
        if not isinstance(answer, dict):
            raise TypeError(f"a dict was expected, not {type(answer).__name__}")
        given = {name: _number(answer.get(name)) if answer.get(name) is not None else None for name in self.expected}
        if given == self.expected:
            return self.outcome(CORRECT, N_("Right: working days of work count 8 hours each: 24, 32 and 40 hours."), lang)
        if given == {name: value * 3 for name, value in self.expected.items()}:
            return self.outcome(INCORRECT, N_("Those are days of waiting (24 hours). Checking a file is work: a working "
                                              "day counts 8 hours."), lang)
        return self.outcome(INCORRECT, N_("Not yet: multiply each number of working days by 8."), lang)


@register
class AmendedPath(Problem):
    """Lesson 04: the total time of the letter of credit when the credit must be amended."""

    id = "01-practice-amended-path"
    title = N_("The letter of credit with an amendment of 72 hours: how many hours from the advice to the payment?")
    expects = N_("a number of hours, for example 100")
    hints = (
        N_("The amendment comes after the advice, and the invoice waits for it: it is on the critical path."),
        N_("Add 72 hours to the total of the path without amendment, or schedule the steps with the amendment."),
    )
    solution = "answer = amended.total   # lesson 04's schedule with the step 'LA'"
    AMENDMENT_HOURS = 72.0

    def expected(self) -> float:
        steps = dataset.example_procedures()
        hours = {s["id"]: s["likely_hours"] for s in steps} | {"LA": self.AMENDMENT_HOURS}
        before = {s["id"]: s["predecessors"] for s in steps} | {"LA": ["L1"], "L2": ["LA"]}
        return schedule(hours, before).total

    def judge(self, answer, lang, key):
        given, expected = _number(answer), self.expected()
        if abs(given - expected) < 0.5:
            return self.outcome(CORRECT, N_("Right: {hours:g} hours; the amendment is on the critical path, so all of "
                                            "it adds to the total."), lang, params={"hours": expected})
        if abs(given - (expected - self.AMENDMENT_HOURS)) < 0.5:
            return self.outcome(INCORRECT, N_("That is the path without the amendment: the invoice waits for the "
                                              "amended credit."), lang)
        return self.outcome(INCORRECT, N_("Not yet: schedule the steps with the amendment between the advice and the "
                                          "invoice, as lesson 04 does."), lang)
