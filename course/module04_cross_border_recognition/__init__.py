"""Module 04, cross-border recognition of electronic documents: signed certificates of origin
from the Maldives, received by Thai customs with its trust list.

- :mod:`.dataset`: the scenario's files (trust list, CRL, certificates, the received batch);
- :mod:`.problems`: the rules of the graded tasks; :mod:`.practice`: the lessons' practice
  questions; :mod:`.kit`: the trainer's kit;
- :mod:`.verifier`: the document verifier dashboard (``dashboards/document_verifier.ipynb``).

The verification itself is the platform's :mod:`course.signatures`.
"""
from ..course_modules import CourseModule
from ..i18n import N_

MODULE = CourseModule(
    id="04-cross-border-recognition",
    title=N_("Cross-border recognition of electronic documents"),
    package=__name__,
    problems=("problems", "practice"),
    preload=("dataset",),
    dashboards=("document_verifier.ipynb",),
    assignments=("04-cross-border-recognition",),
)
