"""When each step of a procedure can start, how long the whole takes, and its critical path.

The steps and what must finish before each starts form a directed acyclic graph; a step starts
as soon as all its predecessors have finished (earliest start), the total time is the latest
finish, and the critical path is the chain of steps with no slack: make any of them longer and
the whole procedure takes longer. This is the arithmetic of the time-procedure chart.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from ..i18n import N_, _

# Times equal to within this many hours are the same (durations are often given in fractions).
TOLERANCE = 1e-9


class ScheduleError(ValueError):
    """Steps or precedence that cannot be scheduled, with a message in the learner's language."""


@dataclass(frozen=True)
class Schedule:
    start: dict[str, float]        # earliest start of each step, hours from the start of the procedure
    finish: dict[str, float]
    slack: dict[str, float]        # how much later a step could finish without delaying the whole
    total: float                   # hours from the first start to the last finish
    critical_path: tuple[str, ...]

    def rows(self, names: Mapping[str, str] | None = None, actors: Mapping[str, str] | None = None,
             waiting: Mapping[str, float] | None = None) -> list[dict]:
        """The steps as rows for :func:`course.bpmn.gantt.time_procedure_chart`, in order of start."""
        names, actors, waiting = names or {}, actors or {}, waiting or {}
        order = sorted(self.start, key=lambda s: (self.start[s], self.finish[s]))
        return [{"id": s, "name": names.get(s, s), "actor": actors.get(s, ""), "start_hour": self.start[s],
                 "duration_hours": self.finish[s] - self.start[s], "waiting_hours": float(waiting.get(s, 0.0))}
                for s in order]


def _error(message: str, lang: str | None, **values) -> ScheduleError:
    return ScheduleError(_(message, lang, **values))


NOT_A_NUMBER = N_("The duration of step {step} is {value}: give a number of hours, 0 or more.")
UNKNOWN_STEP = N_("The precedence names step {step}, which is not among the steps. Add the step or correct its id.")
CYCLE = N_("The precedence goes round in a circle ({cycle}): a step cannot wait for itself. "
           "Remove one of these links.")
NO_STEPS = N_("There are no steps to schedule: give each step an id and a duration in hours.")


def _durations(steps, lang: str | None) -> dict[str, float]:
    """``{id: hours}`` from a mapping, or from rows that are dicts, tuples (id, ..., duration) or objects."""
    if isinstance(steps, Mapping):
        pairs = list(steps.items())
    else:
        pairs = []
        for row in steps:
            if isinstance(row, Mapping):
                pairs.append((row["id"], row.get("duration_hours", row.get("duration"))))
            elif isinstance(row, (tuple, list)):
                pairs.append((row[0], row[4] if len(row) >= 5 else row[-1]))
            else:
                pairs.append((row.id, getattr(row, "duration_hours", getattr(row, "duration", None))))
    durations: dict[str, float] = {}
    for step, value in pairs:
        try:
            hours = float(value)
        except (TypeError, ValueError):
            hours = math.nan
        if isinstance(value, bool) or not math.isfinite(hours) or hours < 0:
            raise _error(NOT_A_NUMBER, lang, step=step, value=repr(value))
        durations[str(step)] = hours
    if not durations:
        raise _error(NO_STEPS, lang)
    return durations


def _links(precedence) -> list[tuple[str, str]]:
    """``(before, after)`` pairs from pairs, or from a mapping {step: its predecessors}, where the
    predecessors are a list, or one string of ids separated by spaces, commas or semicolons (as a
    table cell holds them); an empty cell means none."""
    if precedence is None:
        return []
    if isinstance(precedence, Mapping):
        return [(before, str(after)) for after, befores in precedence.items() for before in _ids(befores)]
    return [(str(before), str(after)) for before, after in precedence]


def _ids(cell) -> list[str]:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return []
    if isinstance(cell, str):
        return [part for part in re.split(r"[\s,;]+", cell) if part]
    return [str(item) for item in cell]


def schedule(steps, precedence=None, *, lang: str | None = None) -> Schedule:
    """Earliest starts, total time and critical path of steps with durations (hours).

    ``steps``: ``{id: hours}``, or rows (dicts with ``id`` and ``duration_hours``, tuples
    ``(id, name, actor, start_hour, duration_hours)``, or objects with those attributes), in the
    order of the procedure; that order breaks ties between equally long paths.
    ``precedence``: ``(before, after)`` pairs, or ``{step: [steps that must finish before it]}``
    (the list may be one string of ids, as a table's cell holds it).
    A cycle, an unknown step or a duration that is not a number of hours raises :class:`ScheduleError`.
    """
    durations = _durations(steps, lang)
    order = {step: i for i, step in enumerate(durations)}
    graph = nx.DiGraph()
    graph.add_nodes_from(durations)
    for before, after in _links(precedence):
        for step in (before, after):
            if step not in durations:
                raise _error(UNKNOWN_STEP, lang, step=step)
        graph.add_edge(before, after)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        cycle = None
    if cycle:
        path = [edge[0] for edge in cycle] + [cycle[0][0]]
        raise _error(CYCLE, lang, cycle=" → ".join(path))

    topological = list(nx.lexicographical_topological_sort(graph, key=order.__getitem__))
    start: dict[str, float] = {}
    for step in topological:
        start[step] = max((start[p] + durations[p] for p in graph.predecessors(step)), default=0.0)
    finish = {s: start[s] + durations[s] for s in durations}
    total = max(finish.values())
    latest_finish: dict[str, float] = {}
    for step in reversed(topological):
        latest_finish[step] = min((latest_finish[n] - durations[n] for n in graph.successors(step)), default=total)
    slack = {s: max(0.0, latest_finish[s] - finish[s]) for s in durations}
    slack = {s: 0.0 if v < TOLERANCE else v for s, v in slack.items()}

    # Walk back from the step that finishes last through predecessors that finish exactly when it
    # starts: the first in the procedure's order when two paths are equally long.
    def first(candidates):
        return min(candidates, key=order.__getitem__)

    step = first(s for s in durations if abs(finish[s] - total) <= TOLERANCE)
    path = [step]
    while True:
        tight = [p for p in graph.predecessors(step) if abs(finish[p] - start[step]) <= TOLERANCE]
        if not tight:
            break
        step = first(tight)
        path.append(step)
    return Schedule(start=dict(sorted(start.items(), key=lambda item: order[item[0]])), finish=finish,
                    slack=slack, total=total, critical_path=tuple(reversed(path)))
