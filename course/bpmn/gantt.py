"""The time-procedure chart: the steps of a procedure as bars in time, Gantt style (matplotlib, offline).

One row per step in the order of the procedure, a bar from its start for its duration, coloured by
the actor who does it; the steps of the critical path are outlined and their names set in bold;
the part of a step spent waiting (in a queue, for an appointment, for a document) is hatched and
comes first in its bar. Time runs in hours from the start of the procedure, ticked in days once
the procedure lasts more than a day and a half.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .. import charts
from ..i18n import N_, _
from .schedule import Schedule, ScheduleError
from .text import wrap

ACTOR_COLOURS = ("#35618f", "#2e7d32", "#d4a017", "#7b1fa2", "#00897b", "#ef6c00", "#6d4c41", "#c2185b",
                 "#455a64", "#9e9d24")
CRITICAL_INK = "#b3261e"
BAD_HOURS = N_("Step {step}: {field} is {value}; give a number of hours, 0 or more.")
WAITING_TOO_LONG = N_("Step {step} waits {waiting} hours but lasts only {duration}: the waiting is part of "
                      "the step's duration, so it cannot be longer.")
MISSING_FIELD = N_("A step has no {field}: give each step an id, a name, an actor, a start hour and a duration "
                   "in hours.")


@dataclass(frozen=True)
class Step:
    id: str
    name: str
    actor: str
    start: float
    duration: float
    waiting: float = 0.0

    @property
    def finish(self) -> float:
        return self.start + self.duration


def _hours(value, step: str, field: str, lang: str | None) -> float:
    try:
        hours = float(value)
    except (TypeError, ValueError):
        hours = math.nan
    if isinstance(value, bool) or not math.isfinite(hours) or hours < 0:
        raise ScheduleError(_(BAD_HOURS, lang, step=step, field=field, value=repr(value)))
    return hours


def steps_of(rows, lang: str | None = None) -> list[Step]:
    """Steps from rows: dicts (``id, name, actor, start_hour, duration_hours``, optional
    ``waiting_hours``), tuples in that order, objects with those attributes, or a pandas DataFrame."""
    if hasattr(rows, "to_dict") and not isinstance(rows, Mapping):
        rows = rows.to_dict("records")
    fields = ("id", "name", "actor", "start_hour", "duration_hours", "waiting_hours")
    steps = []
    for row in rows:
        if isinstance(row, Mapping):
            values = {f: row.get(f) for f in fields}
        elif isinstance(row, (tuple, list)):
            values = dict(zip(fields, row))
        else:
            values = {f: getattr(row, f, None) for f in fields}
        for field in fields[:5]:
            if values.get(field) is None:
                raise ScheduleError(_(MISSING_FIELD, lang, field=field))
        step = str(values["id"])
        waiting = values.get("waiting_hours")
        waiting = 0.0 if waiting is None or (isinstance(waiting, float) and math.isnan(waiting)) else waiting
        item = Step(step, str(values["name"]), str(values["actor"]),
                    _hours(values["start_hour"], step, "start_hour", lang),
                    _hours(values["duration_hours"], step, "duration_hours", lang),
                    _hours(waiting, step, "waiting_hours", lang))
        if item.waiting > item.duration + 1e-9:
            waiting, duration = format(item.waiting, "g"), format(item.duration, "g")
            raise ScheduleError(_(WAITING_TOO_LONG, lang, step=step, waiting=waiting, duration=duration))
        steps.append(item)
    return steps


def _lighter(colour: str, share: float = 0.55) -> tuple[float, float, float]:
    r, g, b = to_rgb(colour)
    return r + (1 - r) * share, g + (1 - g) * share, b + (1 - b) * share


def _time_axis(ax, total: float, lang: str | None) -> None:
    """Ticks in hours for a short procedure, in days (with hours as minor ticks) for a longer one."""
    if total <= 36:
        step = next(s for s in (1, 2, 4, 6, 12) if total / s <= 12)
        ax.set_xticks([h * step for h in range(int(total // step) + 2)])
        ax.set_xticklabels([_("{hours} h", lang, hours=int(h * step)) for h in range(int(total // step) + 2)])
        ax.set_xlabel(_("hours from the start of the procedure", lang))
        return
    days = math.ceil(total / 24)
    every = next(d for d in (1, 2, 7, 14, 30, 90) if days / d <= 14)
    ticks = list(range(0, (days // every + 1) * every + 1, every))
    ax.set_xticks([d * 24 for d in ticks])
    ax.set_xticklabels([_("{days} d", lang, days=d) for d in ticks])
    minor = 6 if days <= 10 else 24 if every <= 2 else None
    if minor:
        ax.set_xticks([h for h in range(0, ticks[-1] * 24 + 1, minor) if h % (every * 24)], minor=True)
        ax.set_xlabel(_("days from the start of the procedure (small ticks every {hours} hours)", lang, hours=minor))
    else:
        ax.set_xlabel(_("days from the start of the procedure", lang))


def time_procedure_chart(steps, *, critical=(), lang: str | None = None, title: str | None = None) -> Figure:
    """The time-procedure chart of ``steps`` (see :func:`steps_of`), in the procedure's order.

    ``critical``: the ids of the steps on the critical path, or a :class:`~course.bpmn.schedule.Schedule`.
    Each step is one bar (``gid`` ``step:<id>``); its waiting part is a hatched bar over it
    (``gid`` ``waiting:<id>``).
    """
    items = steps_of(steps, lang)
    on_path = set(critical.critical_path if isinstance(critical, Schedule) else
                  ([critical] if isinstance(critical, str) else critical or ()))
    fig = charts.figure(10, max(3.0, 0.45 * len(items) + 2.0))
    ax = fig.subplots()
    if not items:
        ax.text(0.5, 0.5, _("No step to show.", lang), ha="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig

    actors = list(dict.fromkeys(s.actor for s in items))
    colour = {a: ACTOR_COLOURS[i % len(ACTOR_COLOURS)] for i, a in enumerate(actors)}
    rows = range(len(items))
    bars = ax.barh(rows, [s.duration for s in items], left=[s.start for s in items], height=0.62,
                   color=[colour[s.actor] for s in items],
                   edgecolor=[CRITICAL_INK if s.id in on_path else colour[s.actor] for s in items],
                   linewidth=[2.4 if s.id in on_path else 0.6 for s in items])
    for bar, step in zip(bars, items):
        bar.set_gid(f"step:{step.id}")
    for row, step in zip(rows, items):
        if step.waiting > 0:
            (wait,) = ax.barh(row, step.waiting, left=step.start, height=0.62, color=_lighter(colour[step.actor]),
                              hatch="///", edgecolor="#555555", linewidth=0)
            wait.set_gid(f"waiting:{step.id}")
        if step.duration == 0:   # a milestone (a document arrives, a decision is taken): a diamond
            ax.plot([step.start], [row], marker="D", markersize=7, color=colour[step.actor],
                    markeredgecolor=CRITICAL_INK if step.id in on_path else colour[step.actor])
        ax.annotate(_("{hours} h", lang, hours=format(step.duration, "g")), (step.finish, row), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=8, color="#333333")

    labels = ["\n".join(wrap(s.name, 34, 2)) for s in items]
    ax.set_yticks(list(rows), labels, fontsize=9)
    for tick, step in zip(ax.get_yticklabels(), items):
        if step.id in on_path:
            tick.set_fontweight("bold")
            tick.set_color(CRITICAL_INK)
    ax.invert_yaxis()   # the first step on top, as in the procedure
    start, total = min(s.start for s in items), max(s.finish for s in items)
    _time_axis(ax, total, lang)
    ax.set_xlim(min(0.0, start), total * 1.08 + 0.5)
    ax.grid(axis="x", alpha=0.3)
    ax.grid(axis="x", which="minor", alpha=0.12)
    ax.set_axisbelow(True)

    handles = [Patch(facecolor=colour[a], label=a or _("(no actor)", lang)) for a in actors]
    if on_path:
        handles.append(Patch(facecolor="white", edgecolor=CRITICAL_INK, linewidth=2.4, label=_("critical path", lang)))
    if any(s.waiting > 0 for s in items):
        handles.append(Patch(facecolor="#dddddd", hatch="///", edgecolor="#555555", linewidth=0,
                             label=_("waiting", lang)))
    fig.legend(handles=handles, loc="outside lower center", ncols=min(4, len(handles)), fontsize=8, frameon=False)
    hours, days = format(total - start, "g"), format((total - start) / 24, ".1f")
    ax.set_title(title or _("Time-procedure chart: {steps} steps, {hours} hours ({days} days) from start to end", lang,
                            steps=len(items), hours=hours, days=days))
    return fig
