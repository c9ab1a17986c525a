"""A module's quiz: its objectives, its items, and the two releases (before and after the module).

A module declares its quiz once, in ``<module package>/assessment.py``::

    QUIZ = Quiz(module="02-data-harmonization", objectives=(Objective("capture", N_("...")), ...))

    @QUIZ.item
    class Retyping(SingleChoice):
        id = "02-quiz-retyping"
        objective = "why"
        question = N_("...")
        options = (N_("..."), N_("..."))

The same items are released twice, as the assignments ``<module>-pre`` and ``<module>-post``
(:mod:`course.assessment.sources` writes both from this declaration); the grade cell of each
item is named after the item, so pre and post scores line up item by item. The answer key,
``quiz.json`` (item id -> the right letter, letters or accepted variants), lives with the
pre-test's sources in ``solutions/<module>-pre/keys/``: participants never receive it.
"""
from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field

from ..checks import keys
from ..checks.catalog import register

KEY_FILE = "quiz.json"
PRE, POST = "pre", "post"


@dataclass(frozen=True)
class Objective:
    """A learning objective; ``id`` is the short name the module README gives it."""

    id: str
    text: str  # a catalog message


@dataclass
class Quiz:
    module: str
    objectives: tuple[Objective, ...]
    items: list = field(default_factory=list)  # QuizItem classes, in the order they are asked

    def item(self, item_class):
        """Class decorator: add an item to this quiz and to the exercise catalog."""
        if item_class.objective not in self.objective_ids:
            raise ValueError(f"{item_class.__name__}: objective {item_class.objective!r} is not one of "
                             f"{', '.join(self.objective_ids)}")
        item_class.quiz = self
        register(item_class)
        self.items.append(item_class)
        return item_class

    @property
    def objective_ids(self) -> list[str]:
        return [o.id for o in self.objectives]

    def objective(self, objective_id: str) -> Objective:
        return next(o for o in self.objectives if o.id == objective_id)

    def assignment(self, moment: str) -> str:
        """The assignment that releases the quiz ``pre`` (at the start) or ``post`` (at the end)."""
        if moment not in (PRE, POST):
            raise ValueError(f"a quiz is released {PRE!r} or {POST!r}, not {moment!r}")
        return f"{self.module}-{moment}"

    @property
    def assignments(self) -> tuple[str, str]:
        return self.assignment(PRE), self.assignment(POST)

    def releases(self, moment: str) -> tuple[str, ...]:
        """Every assignment that releases the quiz at ``moment``: the English one and its Chinese edition.

        A participant may answer one edition before and the other after: both count the same.
        """
        from ..i18n.editions import assignment_edition

        name = self.assignment(moment)
        return name, assignment_edition(name)

    @property
    def item_ids(self) -> list[str]:
        return [item.id for item in self.items]

    def objective_of(self) -> dict[str, str]:
        """Item id -> objective id."""
        return {item.id: item.objective for item in self.items}

    def key_data(self) -> dict:
        """The answer key (grading processes only: :func:`course.checks.keys.path` refuses elsewhere)."""
        data = json.loads(keys.path(self.assignment(PRE), KEY_FILE).read_text(encoding="utf-8"))
        missing = [i for i in self.item_ids if i not in data]
        if missing:
            raise KeyError(f"the quiz key of {self.module} has no answer for {', '.join(missing)}")
        return data


def quizzes() -> list[Quiz]:
    """The quiz of every course module that declares one (in ``<package>.assessment``)."""
    from .. import course_modules

    found = []
    for module in course_modules.discover():
        try:
            declared = importlib.import_module(f"{module.package}.assessment")
        except ModuleNotFoundError as missing:
            if missing.name != f"{module.package}.assessment":
                raise
            continue
        quiz = getattr(declared, "QUIZ", None)
        if isinstance(quiz, Quiz):
            found.append(quiz)
    return found


def quiz_for(module_id: str) -> Quiz:
    for quiz in quizzes():
        if quiz.module == module_id:
            return quiz
    raise KeyError(f"the module {module_id!r} has no quiz; modules with one: "
                   f"{', '.join(q.module for q in quizzes()) or 'none'}")


def quiz_of_assignment(assignment: str) -> tuple[Quiz, str] | None:
    """The quiz an assignment releases (in any edition) and the moment (pre or post), or None."""
    for quiz in quizzes():
        for moment in (PRE, POST):
            if assignment in quiz.releases(moment):
                return quiz, moment
    return None
