"""Module 05, trade facilitation monitoring: a time release study of a border post before and after
a reform, and the time-cost-distance of a corridor, from raw logs to a recommendation.

- :mod:`.trs`: the study engine (DuckDB): parsing, cleaning, intervals, statistics, for millions of rows;
- :mod:`.uncertainty`: the bootstrap interval of a difference of medians;
- :mod:`.corridor`: cumulative time, cost and distance along a corridor;
- :mod:`.recommendations`: the structured choices of a study's conclusion;
- :mod:`.dataset`: the scenario's log and corridor, and (trainer only) the keys;
- :mod:`.charts`: distributions, waterfall, before/after and the time-cost-distance staircase;
- :mod:`.problems`: the rules of the graded tasks; :mod:`.kit`: the trainer's kit;
- :mod:`.explorer`: the study as a dashboard (``dashboards/trs_explorer.ipynb``).
"""
from ..course_modules import CourseModule
from ..i18n import N_

MODULE = CourseModule(
    id="05-facilitation-monitoring",
    title=N_("Trade facilitation monitoring"),
    package=__name__,
    problems=("problems",),
    preload=("dataset", "trs", "uncertainty", "corridor"),
    dashboards=("trs_explorer.ipynb",),
    assignments=("05-facilitation-monitoring",),
)
