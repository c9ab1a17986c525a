"""Module 01, business process analysis: a Cambodian rice export to Manila analysed as the UNNExT
guide does it, from interviews to an inventory, the as-is process in BPMN 2.0, the
time-procedure chart, the bottlenecks and a to-be process with a Single Window.

- :mod:`.dataset`: the scenario's interviews and worked examples, and (trainer only) the keys;
- :mod:`.names`: activity, actor and document names as people write them, brought to one name;
- :mod:`.process_checks`: what the model tasks ask of a BPMN file apart from the key;
- :mod:`.problems`: the rules of the graded tasks; :mod:`.practice`: the lessons' questions.
- :mod:`.checker`: the process checker, the dashboard twin of the model tasks;
- :mod:`.worksheet`: the analysis worksheet, the dashboard twin of the four other tasks;
- :mod:`.kit`: the trainer's kit (the field forms and the day's clock).

Reading, checking, running, comparing and drawing BPMN models are the platform's (:mod:`course.bpmn`).
"""
from ..course_modules import CourseModule
from ..i18n import N_

MODULE = CourseModule(
    id="01-business-process-analysis",
    title=N_("Business process analysis"),
    package=__name__,
    problems=("problems", "practice"),
    preload=("dataset",),
    dashboards=("process_checker.ipynb", "bpa_worksheet.ipynb"),
    assignments=("01-business-process-analysis",),
)
