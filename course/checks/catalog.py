"""Every exercise by id. Problem modules register themselves when imported.

The course modules declare their problem modules (see :mod:`course.course_modules`); they
are imported on the first lookup.
"""
from __future__ import annotations

import importlib

from .. import course_modules
from .problem import Problem

_PROBLEMS: dict[str, Problem] = {}
_loaded = False


def register(problem_class: type[Problem]) -> type[Problem]:
    """Class decorator: make a problem available as ``course.exercise(id)``."""
    problem = problem_class()
    if not problem.id:
        raise ValueError(f"{problem_class.__name__} has no id")
    if problem.id in _PROBLEMS and type(_PROBLEMS[problem.id]) is not problem_class:
        raise ValueError(f"two problems share the id {problem.id!r}")
    _PROBLEMS[problem.id] = problem
    return problem_class


def _load() -> None:
    global _loaded
    if not _loaded:
        for module in course_modules.problem_modules():
            importlib.import_module(module)
        _loaded = True


def get(exercise_id: str) -> Problem:
    _load()
    try:
        return _PROBLEMS[exercise_id]
    except KeyError:
        raise KeyError(f"no exercise {exercise_id!r}; known: {', '.join(sorted(_PROBLEMS))}") from None


def all_ids() -> list[str]:
    _load()
    return sorted(_PROBLEMS)
