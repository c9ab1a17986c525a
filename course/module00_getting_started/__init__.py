"""Module 00, getting started: running notebooks, checking a document, using self-checks.

- :mod:`.problems`: the warm-up exercises of its lesson.
"""
from ..course_modules import CourseModule
from ..i18n import N_

MODULE = CourseModule(
    id="00-getting-started",
    title=N_("Getting started: how this course checks your work"),
    package=__name__,
    problems=("problems",),
)
