"""Module 03, e-traceability for agrifood trade: a Cambodian mango chain recorded as GS1 EPCIS 2.0
events, traced back to its farms and forward to every consignment and store, with the mass
balance of its packhouse and electronic phytosanitary certificates that must agree with it.

- :mod:`.dataset`: the scenario's events, master data and certificates, and (trainer only) the keys;
- :mod:`.problems`: the rules of the graded tasks;
- :mod:`.explorer`: tracing and the recall as a dashboard (``dashboards/trace_explorer.ipynb``).

The event checks, hashing and tracing themselves are the platform's (:mod:`course.epcis`).
"""
from ..course_modules import CourseModule
from ..i18n import N_

MODULE = CourseModule(
    id="03-e-traceability",
    title=N_("E-traceability for agrifood trade"),
    package=__name__,
    problems=("problems",),
    preload=("dataset",),
    dashboards=("trace_explorer.ipynb",),
    assignments=("03-e-traceability",),
)
