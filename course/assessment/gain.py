"""Learning gain from the quiz asked before and after a module.

Input: one row per participant, moment (``pre`` or ``post``) and item, with the points earned
and available. Only participants who took both quizzes count towards a gain ("paired").

- Per participant: the pre and post scores in percent, the change in points, and the
  normalised gain ``g = (post - pre) / (100 - pre)`` (percentages): the share of what the
  participant did not know before that they learned. It is undefined (shown as a dash) for a
  participant who already had full marks before.
- Per objective: the mean pre and post percentages over paired participants, and the class
  normalised gain ``<g> = (mean post - mean pre) / (100 - mean pre)`` computed from those means
  (Hake's average gain), which is steadier than averaging individual gains on a short quiz.
"""
from __future__ import annotations

import math

import pandas as pd

SCORE_COLUMNS = ["participant", "moment", "item", "score", "max_score"]
PARTICIPANT_COLUMNS = ["participant", "pre_percent", "post_percent", "change", "gain"]
OBJECTIVE_COLUMNS = ["objective", "items", "paired", "pre_percent", "post_percent", "gain"]


def normalised_gain(pre_percent: float, post_percent: float) -> float:
    """``(post - pre) / (100 - pre)``; NaN when either is missing or pre is already 100%."""
    if pre_percent is None or post_percent is None or math.isnan(pre_percent) or math.isnan(post_percent):
        return math.nan
    if pre_percent >= 100 - 1e-9:
        return math.nan
    return (post_percent - pre_percent) / (100 - pre_percent)


def _percent(points: float, maximum: float) -> float:
    return 100 * points / maximum if maximum else math.nan


def _totals(scores: pd.DataFrame) -> pd.DataFrame:
    """Points and maximum per participant and moment."""
    return scores.groupby(["participant", "moment"])[["score", "max_score"]].sum()


def paired(scores: pd.DataFrame) -> list[str]:
    """Participants who took both quizzes."""
    moments = scores.groupby("participant")["moment"].agg(set)
    return sorted(p for p, seen in moments.items() if {"pre", "post"} <= seen)


def by_participant(scores: pd.DataFrame) -> pd.DataFrame:
    """One row per participant who took either quiz; the change and gain only for paired ones."""
    totals = _totals(scores)
    rows = []
    for participant in sorted(scores["participant"].unique()):
        pre = post = math.nan
        if (participant, "pre") in totals.index:
            pre = _percent(*totals.loc[(participant, "pre")])
        if (participant, "post") in totals.index:
            post = _percent(*totals.loc[(participant, "post")])
        change = math.nan
        if not (math.isnan(pre) or math.isnan(post)):
            change = float(totals.loc[(participant, "post"), "score"] - totals.loc[(participant, "pre"), "score"])
        rows.append((participant, pre, post, change, normalised_gain(pre, post)))
    return pd.DataFrame(rows, columns=PARTICIPANT_COLUMNS)


def by_objective(scores: pd.DataFrame, objective_of: dict[str, str], objectives: list[str]) -> pd.DataFrame:
    """One row per objective (in the order given): mean pre and post percentages of paired participants."""
    both = scores[scores["participant"].isin(paired(scores))]
    rows = []
    for objective in objectives:
        items = [item for item, of in objective_of.items() if of == objective]
        part = both[both["item"].isin(items)]
        pre, post = (part[part["moment"] == m] for m in ("pre", "post"))
        pre_percent = _percent(pre["score"].sum(), pre["max_score"].sum()) if len(pre) else math.nan
        post_percent = _percent(post["score"].sum(), post["max_score"].sum()) if len(post) else math.nan
        rows.append((objective, len(items), part["participant"].nunique(), pre_percent, post_percent,
                     normalised_gain(pre_percent, post_percent)))
    return pd.DataFrame(rows, columns=OBJECTIVE_COLUMNS)


def class_gain(scores: pd.DataFrame) -> tuple[int, float, float, float]:
    """(paired participants, mean pre %, mean post %, class normalised gain) over the whole quiz."""
    table = by_participant(scores)
    table = table[table["participant"].isin(paired(scores))]
    if table.empty:
        return 0, math.nan, math.nan, math.nan
    pre, post = float(table["pre_percent"].mean()), float(table["post_percent"].mean())
    return len(table), pre, post, normalised_gain(pre, post)
