"""Module 05, trade facilitation monitoring: the rules of its graded tasks, one problem per task.

Numbers are judged with the tolerances the statements give (:data:`TOLERANCES`), so a
learner who computes a median another correct way earns the credit. In a learner's
self-check, tasks without worked examples check what can be checked without the key (the
names used, the ranges, the consistency of the figures); the grader uses the full key of
``solutions/05-facilitation-monitoring/keys``, which participants never receive.
"""
from __future__ import annotations

import math

from ..checks.catalog import register
from ..checks.keyed import KeyedProblem
from ..checks.keys import Key
from ..checks.outcome import INCORRECT
from ..checks.reasons import listed
from ..checks.scoring import alternatives, score_set, score_table
from ..checks.shapes import as_mapping, as_table, cell_text, missing_columns
from ..i18n import N_, _
from . import dataset, recommendations, trs

# (absolute, relative): a number is right when it is within either of the expected value.
TOLERANCES = {
    "n": (0, 0.01),              # counts of declarations: 1%
    "hours": (0.1, 0.01),        # medians, percentiles, differences: 6 minutes or 1%
    "ci": (0.5, 0.02),           # bootstrap bounds vary with the resamples: 30 minutes or 2%
    "share": (0.02, 0.0),        # a share of the release time: 2 points
    "corridor": (0.5, 0.005),    # cumulative km, hours, USD: 0.5 or 0.5%
}


def number(value) -> float | None:
    """A number from an answer cell (int, float or numeric text); None when it is not one."""
    if isinstance(value, bool):
        return None
    try:
        result = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(result) else result


def within(given, expected, tolerance: str) -> bool:
    """True when ``given`` is a number within the named tolerance of ``expected``."""
    value, target = number(given), float(expected)
    if value is None:
        return False
    absolute, relative = TOLERANCES[tolerance]
    return abs(value - target) <= max(absolute, relative * abs(target)) + 1e-9


def truth(value) -> bool | None:
    """True or False from a boolean or its usual spellings; None for anything else."""
    if isinstance(value, bool):
        return value
    text = cell_text(value).strip().lower()
    return {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}.get(text)


def _table(answer, columns):
    """A table with ``columns``, taking them from a (multi-)index when a groupby left them there."""
    table = as_table(answer)
    if missing_columns(table, columns) and any(name in columns for name in table.index.names if name):
        table = table.reset_index()
    return table


def _dict(answer) -> dict:
    if not isinstance(answer, dict):
        raise TypeError(f"a dict was expected, not {type(answer).__name__}")
    return answer


@register
class CleaningDecisions(KeyedProblem):
    id = "05-cleaning"
    title = N_("Clean the log: which declarations to repair and which to drop")
    expects = N_("a dict from declaration number to one of the actions 'drop incomplete', 'drop out of order', "
                 "'convert time zone', 'deduplicate' (only the declarations that need one)")
    hints = (
        N_("Work per declaration: group the log by declaration and look at the milestones each one has."),
        N_("Timestamps ending in Z are in UTC; the others are local time (UTC+06:00). Convert before you compare them."),
        N_("A lodgement before the arrival is not an error after the reform: that is pre-arrival processing. "
           "A missing exit does not stop you from measuring the release time either."),
    )
    solution = "decisions = trs.study(log).decisions()  # or by hand: see the solution notebook"

    def load_key(self):
        return {row["declaration"]: row["action"] for _i, row in dataset.key_table("decisions.csv").iterrows()}

    def public_key(self) -> Key:
        return Key({"PLG25-00004": "drop out of order", "PLG25-00153": "deduplicate",
                    "PLG25-01531": "convert time zone", "PLG25-00167": "drop incomplete"}, complete=False)

    def judge(self, answer, lang, key):
        given = {k[0]: v.strip().lower() for k, v in as_mapping(answer, ("declaration",), "action").items()
                 if v.strip().lower() not in ("", "keep")}
        reasons = listed(sorted({v for v in given.values() if v not in trs.ACTIONS}), lang, lambda v: _(
            "'{action}' is not an action; use one of: {allowed}.", lang, action=v, allowed=", ".join(trs.ACTIONS)))
        if not key.complete:  # judge only the worked examples
            given = {d: a for d, a in given.items() if d in key.data}
        shares = []
        for action in trs.ACTIONS:
            expected = {d for d, a in key.data.items() if a == action}
            score = score_set({d for d, a in given.items() if a == action}, expected)
            shares.append(score.f1)
            if score.missing or score.extra:
                reasons.append(_("{action}: {right} of {expected} found, {extra} listed that should not be.", lang,
                                 action=action, right=len(expected) - len(score.missing), expected=len(expected),
                                 extra=len(score.extra)))
                reasons += listed(score.missing, lang, lambda d, a=action: _(
                    "{declaration} needs '{action}'.", lang, declaration=d, action=a), shown=3)
                reasons += listed(score.extra, lang, lambda d, a=action: _(
                    "{declaration} does not need '{action}'.", lang, declaration=d, action=a), shown=3)
        share = sum(shares) / len(shares)
        return self.graded(share, key, lang, reasons,
                           N_("Every declaration that needs cleaning gets the right action."),
                           N_("Your cleaning is {percent}% right (the four kinds of records count equally)."))


@register
class ChannelStatistics(KeyedProblem):
    id = "05-channel-statistics"
    title = N_("Release time per period and risk channel: count, median and 90th percentile")
    expects = N_("a table (DataFrame) with the columns period, channel, n, median and p90, one row per period and channel")
    hints = (
        N_("Clean first: the statistics are computed on the declarations your cleaning keeps."),
        N_("The release time is from arrival to release, in hours. groupby(['period', 'channel']) then "
           ".agg(n='count', median='median', p90=lambda s: s.quantile(0.9))."),
        N_("Medians, not means: a few declarations that waited over a weekend pull the mean up."),
    )
    solution = "stats = trs.study(log).statistics()[['period', 'channel', 'n', 'median', 'p90']]"
    columns = ["n", "median", "p90"]

    def load_key(self):
        table = dataset.key_table("channel_statistics.csv")
        return {(row["period"], row["channel"]): {c: row[c] for c in self.columns} for _i, row in table.iterrows()}

    def public_key(self) -> Key:
        return Key({("before", "green"): {"n": "1256", "median": "23.018", "p90": "57.168"}}, complete=False)

    def judge(self, answer, lang, key):
        table = _table(answer, ["period", "channel", *self.columns])
        lacking = missing_columns(table, ["period", "channel", *self.columns])
        if lacking:
            return self.outcome(INCORRECT, N_("Your table lacks the column(s): {columns}."), lang,
                                params={"columns": ", ".join(lacking)})
        rows = {(cell_text(r["period"]).strip().lower(), cell_text(r["channel"]).strip().lower()):
                {c: r[c] for c in self.columns} for _i, r in table.iterrows()}
        score = score_table(rows, key.data, self.columns,
                            lambda column, given, expected: within(given, expected, "n" if column == "n" else "hours"))
        reasons = listed(score.missing_rows, lang, lambda r: _("Add the row for {period} / {channel}.", lang,
                                                                 period=r[0], channel=r[1]))
        reasons += listed(score.mistakes, lang, lambda m: _(
            "{period} / {channel}: {column} = {given} is not within the tolerance.", lang,
            period=m[0][0], channel=m[0][1], column=m[1], given=m[2]))
        return self.graded(score.share, key, lang, reasons,
                           N_("Every count, median and 90th percentile is right."),
                           N_("{percent}% of the figures are right (medians and percentiles within 0.1 hour or 1%, "
                              "counts within 1%)."))


@register
class Bottleneck(KeyedProblem):
    id = "05-bottleneck"
    title = N_("The bottleneck after the reform: which part of the release time is the largest")
    expects = N_("a dict with 'interval' (one of the three parts of the release time) and 'share' (a number from 0 to 1)")
    hints = (
        N_("The three parts add up to the release time: compare their means over the declarations of the after period."),
        N_("The share is the part's mean divided by the mean release time (arrival to release)."),
    )
    solution = ("parts = study.components().set_index('period').loc['after']\n"
                "bottleneck = {'interval': ..., 'share': ...}  # the largest part and its share")

    def load_key(self):
        row = dataset.key_table("bottleneck.csv").iloc[0]
        return {"interval": row["interval"], "share": float(row["share"])}

    def public_key(self) -> Key:
        return Key(None, complete=False)

    def judge(self, answer, lang, key):
        answer = _dict(answer)
        interval = cell_text(answer.get("interval")).strip()
        share = number(answer.get("share"))
        reasons = []
        if interval not in trs.COMPONENTS:
            reasons.append(_("'{interval}' is not a part of the release time; use one of: {allowed}.", lang,
                             interval=interval, allowed=", ".join(trs.COMPONENTS)))
        if share is None or not 0 < share <= 1:
            reasons.append(_("The share should be a number above 0 and at most 1.", lang))
        if key.data is None:  # the self-check: names and ranges only
            return self.graded(0.5 if reasons else 1.0, key, lang, reasons, "", N_("Not yet: see the reasons below."))
        earned = 0.0
        if interval == key.data["interval"]:
            earned += 0.7
        elif interval in trs.COMPONENTS:
            reasons.append(_("{interval} is not the largest part of the release time after the reform.", lang,
                             interval=interval))
        if share is not None and within(share, key.data["share"], "share"):
            earned += 0.3
        elif share is not None:
            reasons.append(_("The share {share} is not within 0.02 of the bottleneck's share.", lang, share=share))
        return self.graded(earned, key, lang, reasons, N_("You found the bottleneck and its share."),
                           N_("{percent}% of the credit: the interval counts 70%, its share 30%."))


@register
class BeforeAfter(KeyedProblem):
    id = "05-before-after"
    title = N_("Before and after the reform: the difference in median release time, with a confidence interval")
    expects = N_("a dict with before_median, after_median, difference, ci_low, ci_high (hours) and real (True or False)")
    hints = (
        N_("difference is after_median minus before_median: a reform that saves time gives a negative number."),
        N_("uncertainty.median_difference(before, after) resamples each period 2,000 times and returns the 95% interval."),
        N_("The difference is real when the confidence interval leaves out zero."),
    )
    solution = "before_after = uncertainty.median_difference(before, after).as_dict()"
    weights = {"before_median": 0.15, "after_median": 0.15, "difference": 0.2, "ci_low": 0.15, "ci_high": 0.15}

    def load_key(self):
        return dataset.key_json("before_after.json")

    def public_key(self) -> Key:
        return Key(None, complete=False)

    def judge(self, answer, lang, key):
        answer = _dict(answer)
        values = {name: number(answer.get(name)) for name in self.weights}
        real = truth(answer.get("real"))
        reasons = [_("{name} should be a number of hours.", lang, name=n) for n, v in values.items() if v is None]
        if real is None:
            reasons.append(_("real should be True or False.", lang))
        low, high, diff = values["ci_low"], values["ci_high"], values["difference"]
        consistent = None not in (low, high, diff) and low <= diff <= high
        if None not in (low, high, diff) and not consistent:
            reasons.append(_("The difference should lie inside its confidence interval (ci_low <= difference <= ci_high).", lang))
        if None not in (low, high) and real is not None and real != (high < 0 or low > 0):
            reasons.append(_("real should say whether the interval leaves out zero; yours does not match your interval.", lang))
        if key.data is None:
            return self.graded(0.5 if reasons else 1.0, key, lang, reasons, "", N_("Not yet: see the reasons below."))
        earned = 0.0
        for name, weight in self.weights.items():
            if values[name] is not None and within(values[name], key.data[name], "ci" if name.startswith("ci") else "hours"):
                earned += weight
            elif values[name] is not None:
                reasons.append(_("{name} = {given} is not within the tolerance.", lang, name=name, given=round(values[name], 3)))
        if real is not None and real == bool(key.data["real"]):
            earned += 0.2
        elif real is not None:
            reasons.append(_("Look again at whether the difference is real.", lang))
        return self.graded(earned, key, lang, reasons,
                           N_("Your before/after comparison and its confidence interval are right."),
                           N_("{percent}% of the credit (medians and difference within 0.1 hour or 1%, "
                              "interval bounds within 0.5 hour or 2%)."))


@register
class CorridorFigures(KeyedProblem):
    id = "05-corridor-figures"
    title = N_("Time-cost-distance: cumulative distance, time and cost at the end of each leg")
    expects = N_("a table (DataFrame) with the columns leg, cumulative_km, cumulative_hours and cumulative_usd, one row per leg")
    hints = (
        N_("Cumulative means the running total from the start of the corridor: cumsum()."),
        N_("Keep the legs in the corridor's order, from Thimphu to Singapore."),
    )
    solution = "figures = corridor.figures(legs)[['leg', 'cumulative_km', 'cumulative_hours', 'cumulative_usd']]"
    columns = ["cumulative_km", "cumulative_hours", "cumulative_usd"]

    def load_key(self):
        table = dataset.key_table("corridor_figures.csv")
        return {row["leg"]: {c: row[c] for c in self.columns} for _i, row in table.iterrows()}

    def public_key(self) -> Key:
        return Key({"Thimphu - Phuentsholing": {"cumulative_km": "175", "cumulative_hours": "7", "cumulative_usd": "240"}},
                   complete=False)

    def judge(self, answer, lang, key):
        table = _table(answer, ["leg", *self.columns])
        lacking = missing_columns(table, ["leg", *self.columns])
        if lacking:
            return self.outcome(INCORRECT, N_("Your table lacks the column(s): {columns}."), lang,
                                params={"columns": ", ".join(lacking)})
        rows = {cell_text(r["leg"]).strip(): {c: r[c] for c in self.columns} for _i, r in table.iterrows()}
        score = score_table(rows, key.data, self.columns, lambda _c, given, expected: within(given, expected, "corridor"))
        reasons = listed(score.missing_rows, lang, lambda leg: _("Add the row for the leg {leg}.", lang, leg=leg))
        reasons += listed(score.mistakes, lang, lambda m: _("{leg}: {column} = {given} is not right.", lang,
                                                            leg=m[0], column=m[1], given=m[2]))
        return self.graded(score.share, key, lang, reasons, N_("Every cumulative figure of the corridor is right."),
                           N_("{percent}% of the cumulative figures are right (within 0.5 or 0.5%)."))


@register
class WorstLegs(KeyedProblem):
    id = "05-worst-legs"
    title = N_("Time-cost-distance: the worst leg per kilometre, for time and for cost")
    expects = N_("a dict with 'hours_per_km' and 'usd_per_km', each the name of a leg")
    hints = (
        N_("Divide each leg's time and cost by its own distance, not by the cumulative distance."),
        N_("The worst leg is the steepest step of the chart, not the longest leg."),
    )
    solution = "worst = corridor.worst_legs(legs)"

    def load_key(self):
        return dataset.key_json("worst_legs.json")

    def public_key(self) -> Key:
        return Key(None, complete=False)

    def judge(self, answer, lang, key):
        answer = _dict(answer)
        legs = set(dataset.corridor()["leg"])
        reasons, earned = [], 0.0
        for measure in ("hours_per_km", "usd_per_km"):
            given = cell_text(answer.get(measure)).strip()
            if given not in legs:
                reasons.append(_("{measure}: '{leg}' is not a leg of the corridor.", lang, measure=measure, leg=given))
            elif key.data is None or given == key.data[measure]:
                earned += 0.5
            else:
                reasons.append(_("{measure}: {leg} is not the worst leg per kilometre.", lang, measure=measure, leg=given))
        return self.graded(earned, key, lang, reasons, N_("You found the worst leg for time and for cost."),
                           N_("{percent}% of the credit: each measure counts half."))


@register
class Recommendation(KeyedProblem):
    id = "05-recommendation"
    title = N_("From numbers to a recommendation for the ministry")
    expects = N_("a dict with effect_is_real (True or False), bottleneck, measure, indicator and repeat, "
                 "each value one of the options listed in the statement")
    hints = (
        N_("Take effect_is_real and bottleneck from your earlier answers."),
        N_("The measure must act on the bottleneck: see recommendations.TARGETS."),
        N_("A monitoring mechanism repeats the study with the same method; a ministry needs figures that long waits do not distort."),
    )
    solution = "recommendation = {'effect_is_real': True, 'bottleneck': ..., 'measure': ..., 'indicator': ..., 'repeat': ...}"
    options = {"bottleneck": trs.COMPONENTS, "measure": tuple(recommendations.MEASURES),
               "indicator": tuple(recommendations.INDICATORS), "repeat": tuple(recommendations.REPEATS)}

    def load_key(self):
        return dataset.key_json("recommendation.json")

    def public_key(self) -> Key:
        return Key(None, complete=False)

    def judge(self, answer, lang, key):
        answer = _dict(answer)
        reasons, earned = [], 0.0
        real = truth(answer.get("effect_is_real"))
        if real is None:
            reasons.append(_("effect_is_real should be True or False.", lang))
        elif key.data is None or real == (key.data["effect_is_real"] == "true"):
            earned += 0.2
        else:
            reasons.append(_("effect_is_real: look again at the confidence interval.", lang))
        for name, allowed in self.options.items():
            given = cell_text(answer.get(name)).strip()
            if given not in allowed:
                reasons.append(_("{name}: '{given}' is not an option; use one of: {allowed}.", lang,
                                 name=name, given=given, allowed=", ".join(allowed)))
            elif key.data is None or alternatives(given, key.data[name]):
                earned += 0.2
            else:
                reasons.append(_("{name}: '{given}' is not the best choice here.", lang, name=name, given=given))
        if key.data is None and reasons:
            earned = min(earned, 0.5)
        return self.graded(earned, key, lang, reasons, N_("Your recommendation holds together and follows from the study."),
                           N_("{percent}% of the recommendation is right (each of the five choices counts 20%)."))
