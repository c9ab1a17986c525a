"""The charts of a time release study, drawn with matplotlib (offline, no pyplot state).

Each function returns a ``matplotlib.figure.Figure``: a notebook shows it, the dashboard turns
it into a PNG with :func:`png`. Labels go through the catalog, so a chart follows the language.
"""
from __future__ import annotations

import numpy as np
from matplotlib import ticker
from matplotlib.figure import Figure

from ..charts import figure as _figure
from ..charts import png  # noqa: F401  (the dashboard's PNG download)
from ..i18n import N_, _
from . import trs
from .uncertainty import Difference

COLOURS = {"green": "#2e7d32", "yellow": "#d4a017", "red": "#c62828", "all": "#35618f",
           "before": "#8d6e63", "after": "#1565c0",
           "road": "#6d4c41", "rail": "#455a64", "courier": "#00897b", "postal": "#7b1fa2", "passenger": "#ef6c00"}
LABELS = {
    "arrival_to_acceptance": N_("arrival to acceptance"),
    "acceptance_to_inspection": N_("acceptance to end of inspection"),
    "inspection_to_release": N_("inspection to release"),
    "arrival_to_release": N_("release time (arrival to release)"),
    "release_to_exit": N_("release to exit"),
    "before": N_("before the reform"), "after": N_("after the reform"), "all": N_("all declarations"),
    "green": N_("green channel"), "yellow": N_("yellow channel"), "red": N_("red channel"),
    "road": N_("road (trucks)"), "rail": N_("rail (wagons)"), "courier": N_("courier"),
    "postal": N_("post"), "passenger": N_("passengers' goods"),
}
TITLES = {  # the distribution chart's title, per grouping
    "channel": N_("{interval}: median, quartiles and 5th-95th percentiles per channel"),
    "mode": N_("{interval}: median, quartiles and 5th-95th percentiles per transport mode"),
}


# A box: whiskers at the 5th and 95th percentiles, the box from the 1st to the 3rd quartile.
BOX_POINTS = (0.05, 0.25, 0.5, 0.75, 0.95)
# Points drawn of a before/after curve; far more than a chart's width in pixels.
CURVE_POINTS = 4000


def _hours(value: float, _position) -> str:
    return f"{value:g}"


def label(name: str, lang: str | None = None) -> str:
    return _(LABELS[name], lang) if name in LABELS else name


def distribution(study: trs.Study, interval: str = "arrival_to_release", lang: str | None = None,
                 by: str = "channel") -> Figure:
    """Box plots of an interval per channel (or per transport mode with ``by="mode"``), one group of
    boxes per period (log scale: long tails)."""
    if by not in TITLES:
        raise KeyError(f"the chart shows an interval per {' or per '.join(TITLES)}, not per {by!r}")
    fig = _figure()
    ax = fig.subplots()
    periods, groups = study.groups("period"), study.groups(by)
    # The five figures of each box come from the engine in one query: matplotlib's boxplot would want
    # every value, and would also find every outlier, which a national log makes slow.
    figures = study.quantiles(BOX_POINTS, interval, ("period", by)).set_index(["period", by])
    positions, stats, colours, ticks = [], [], [], []
    for i, period in enumerate(periods):
        for j, group in enumerate(groups):
            if (period, group) in figures.index:
                positions.append(i * (len(groups) + 1) + j)
                shown = np.clip(figures.loc[(period, group)].to_numpy(float), 0.05, None)  # a log scale has no zero
                stats.append(dict(zip(("whislo", "q1", "med", "q3", "whishi"), shown)))
                colours.append(COLOURS.get(group, COLOURS["all"]))
                ticks.append(f"{label(period, lang)}\n{label(group, lang)}")
    if not stats:
        ax.text(0.5, 0.5, _("No declaration to show.", lang), ha="center", transform=ax.transAxes)
        return fig
    boxes = ax.bxp(stats, positions=positions, widths=0.7, showfliers=False, patch_artist=True,
                   medianprops={"color": "#222"})
    for box, colour in zip(boxes["boxes"], colours):
        box.set_facecolor(colour)
        box.set_alpha(0.55)
    ax.set_xticks(positions, ticks)
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(_hours))  # 0.1, 1, 10, 100: plainer (and quicker) than 10^x
    ax.set_ylabel(_("hours (log scale)", lang))
    ax.set_title(_(TITLES[by], lang, interval=label(interval, lang)))
    ax.grid(axis="y", alpha=0.3)
    return fig


def waterfall(study: trs.Study, period: str, lang: str | None = None) -> Figure:
    """The mean release time of a period built up from its three parts."""
    parts = study.components(("period",)).set_index("period")
    fig = _figure(8, 4.2)
    ax = fig.subplots()
    if period not in parts.index:
        ax.text(0.5, 0.5, _("No declaration to show.", lang), ha="center", transform=ax.transAxes)
        return fig
    row, bottom = parts.loc[period], 0.0
    names = [label(c, lang) for c in trs.COMPONENTS] + [_("mean release time", lang)]
    for i, component in enumerate(trs.COMPONENTS):
        height = float(row[component])
        ax.bar(i, height, bottom=bottom, color="#5c8fc4")
        ax.text(i, bottom + height / 2, f"{height:.1f} h", ha="center", va="center", fontsize=9)
        bottom += height
    ax.bar(len(trs.COMPONENTS), bottom, color="#27496d")
    ax.text(len(trs.COMPONENTS), bottom, f"{bottom:.1f} h", ha="center", va="bottom", fontsize=9)
    ax.set_xticks(range(len(names)), names, fontsize=8)
    ax.set_ylabel(_("hours (mean)", lang))
    ax.set_title(_("Where the release time goes: {period} ({n} declarations)", lang,
                   period=label(period, lang), n=int(row["n"])))
    ax.grid(axis="y", alpha=0.3)
    return fig


def before_after(study: trs.Study, difference: Difference | None = None, interval: str = "arrival_to_release",
                 lang: str | None = None) -> Figure:
    """The share of declarations released within x hours, one curve per period, medians marked."""
    fig = _figure(8, 4.5)
    ax = fig.subplots()
    for period in study.groups("period"):
        values = np.sort(study.values(interval, period))
        if not len(values):
            continue
        median = np.median(values)
        share = np.arange(1, len(values) + 1) / len(values)
        if len(values) > CURVE_POINTS:  # a national log: the curve at CURVE_POINTS evenly spaced shares looks the same
            kept = np.unique(np.linspace(0, len(values) - 1, CURVE_POINTS).round().astype(int))
            values, share = values[kept], share[kept]
        colour = COLOURS.get(period, COLOURS["all"])
        ax.step(values, share, where="post", color=colour,
                label=_("{period}: median {median:.1f} h", lang, period=label(period, lang), median=median))
        ax.axvline(median, color=colour, linestyle=":", alpha=0.8)
    ax.axhline(0.5, color="#999", linewidth=0.8)
    ax.set_xscale("symlog", linthresh=1)
    ax.set_xlabel(_("hours (log scale beyond 1 hour)", lang))
    ax.set_ylabel(_("share of declarations released", lang))
    title = _("{interval} before and after", lang, interval=label(interval, lang))
    if difference is not None:
        title += "\n" + _("difference of medians {d:+.1f} h, 95% interval {low:+.1f} to {high:+.1f} h", lang,
                          d=difference.difference, low=difference.ci_low, high=difference.ci_high)
    ax.set_title(title)
    ax.legend(loc="lower right")
    ax.grid(alpha=0.3)
    return fig


def staircase(figures, lang: str | None = None) -> Figure:
    """The time-cost-distance chart: cumulative time and cost against cumulative distance."""
    fig = _figure(10, 4.5)
    axes = fig.subplots(1, 2)
    km = np.concatenate([[0.0], figures["cumulative_km"].to_numpy(float)])
    for ax, column, unit in ((axes[0], "cumulative_hours", _("hours", lang)), (axes[1], "cumulative_usd", "USD")):
        values = np.concatenate([[0.0], figures[column].to_numpy(float)])
        ax.plot(km, values, marker="o", color="#27496d")
        for i, (leg, kind) in enumerate(zip(figures["leg"], figures["kind"])):
            if kind in ("border crossing", "port"):
                ax.annotate(leg, (km[i + 1], values[i + 1]), xytext=(6, -4), textcoords="offset points", fontsize=8,
                            color="#b3261e")
        ax.set_xlabel(_("cumulative distance (km)", lang))
        ax.set_ylabel(unit)
        ax.grid(alpha=0.3)
    axes[0].set_title(_("Time against distance", lang))
    axes[1].set_title(_("Cost against distance", lang))
    return fig
