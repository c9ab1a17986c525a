"""Module 02, data harmonization and modelling: the tuna export scenario, from six paper
forms to one harmonized dataset, its XML schema and its business rules.

- :mod:`.dataset`: the scenario's documents, reference model, code lists and answer keys;
- :mod:`.vocabulary`: the data types and format codes of a data dictionary;
- :mod:`.conversions`: dates, weights, ports and codes to the harmonized formats (lessons
  and checks share them);
- :mod:`.problems` and :mod:`.xml_problems`: the rules of the graded tasks;
  :mod:`.practice`: the lessons' practice questions; :mod:`.assessment`: the quiz before and
  after the module; :mod:`.kit`: how the trainer's kit prints the forms and times the agenda;
- :mod:`.workbench`: the reconcile step as a dashboard (``dashboards/harmonization_workbench.ipynb``).
"""
from ..course_modules import CourseModule
from ..i18n import N_

MODULE = CourseModule(
    id="02-data-harmonization",
    title=N_("Data harmonization and modelling"),
    package=__name__,
    problems=("problems", "xml_problems", "practice", "assessment"),
    preload=("dataset", "conversions"),
    dashboards=("harmonization_workbench.ipynb", "quiz.ipynb"),
    assignments=("02-data-harmonization", "02-data-harmonization-pre", "02-data-harmonization-post"),
)
