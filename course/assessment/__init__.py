"""Pre- and post-assessment: a short quiz per module, its releases, learning gain, and the feedback survey.

- :mod:`course.assessment.items`: the kinds of quiz item (single choice, multiple choice,
  short answer), checked through the same API as every exercise (``course.exercise(id)``).
- :mod:`course.assessment.quiz`: a module's quiz declaration, found by module discovery.
- :mod:`course.assessment.sources`: the nbgrader sources of the two releases, written from it.
- :mod:`course.assessment.gain`: pre/post scores to learning gain, per objective and participant.
- :mod:`course.assessment.survey`: the anonymous feedback survey and its summary.
"""
from .items import RECORDED, MultipleChoice, QuizItem, ShortAnswer, SingleChoice
from .quiz import Objective, Quiz

__all__ = ["RECORDED", "MultipleChoice", "QuizItem", "ShortAnswer", "SingleChoice", "Objective", "Quiz"]
