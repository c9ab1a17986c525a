"""Learning gain and survey data for the trainer dashboard, read from what the cohort already has.

The quiz of a module is released twice (``<module>-pre`` and ``<module>-post``, each also in its
Chinese edition, which counts the same); each of its
grade cells is named after a quiz item, so the gradebook's scores of the two releases line up
item by item, and the quiz declaration says which objective each item tests. Plain pandas, no
widgets (see :mod:`course.assessment.gain` for what the figures mean).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..assessment import gain, survey
from ..assessment.quiz import POST, PRE, Quiz, quiz_of_assignment, quizzes
from . import cohort_data as data


def module_of(assignment: str | None) -> str | None:
    """The course module an assignment belongs to (its quiz releases or its declared assignments)."""
    if not assignment:
        return None
    found = quiz_of_assignment(assignment)
    if found:
        return found[0].module
    from .. import course_modules

    for module in course_modules.discover():
        if assignment in module.assignments:
            return module.id
    return None


def quiz_of_module(module: str | None) -> Quiz | None:
    return next((q for q in quizzes() if q.module == module), None)


def quiz_scores(cohort: data.Cohort, quiz: Quiz) -> pd.DataFrame:
    """The graded quiz items of both releases as rows (participant, moment, item, score, max_score)."""
    frames = []
    for moment in (PRE, POST):
        grades = cohort.grades[cohort.grades["assignment"].isin(quiz.releases(moment)) & cohort.grades["graded"]
                               & cohort.grades["cell"].isin(quiz.item_ids)]
        frames.append(pd.DataFrame({"participant": grades["student"], "moment": moment, "item": grades["cell"],
                                    "score": grades["score"].astype(float),
                                    "max_score": grades["max_score"].astype(float)}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=gain.SCORE_COLUMNS)


@dataclass
class Gains:
    quiz: Quiz
    took_pre: int
    took_post: int
    paired: int
    pre_percent: float
    post_percent: float
    gain: float
    objectives: pd.DataFrame  # gain.OBJECTIVE_COLUMNS
    participants: pd.DataFrame  # gain.PARTICIPANT_COLUMNS


def gains(cohort: data.Cohort, quiz: Quiz) -> Gains:
    scores = quiz_scores(cohort, quiz)
    took = scores.groupby("moment")["participant"].nunique()
    paired, pre, post, class_gain = gain.class_gain(scores)
    return Gains(quiz, int(took.get(PRE, 0)), int(took.get(POST, 0)), paired, pre, post, class_gain,
                 gain.by_objective(scores, quiz.objective_of(), quiz.objective_ids),
                 gain.by_participant(scores))


def survey_summary(module: str | None) -> survey.Summary | None:
    return survey.summarise(module) if module else None
