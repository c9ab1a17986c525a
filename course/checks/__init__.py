"""The learner API: exercises with checks, hints and solutions, and their outcomes."""
from . import keys
from .catalog import all_ids, register
from .exercise import Exercise, exercise
from .outcome import CORRECT, INCORRECT, NOT_ATTEMPTED, Outcome
from .problem import Problem, XmlDocumentProblem

__all__ = ["keys", "all_ids", "register", "Exercise", "exercise", "CORRECT", "INCORRECT", "NOT_ATTEMPTED",
           "Outcome", "Problem", "XmlDocumentProblem"]
