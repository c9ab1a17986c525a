"""Time-cost-distance along a corridor: where time and money pile up.

Each leg of a corridor (a road, a border crossing, a port, a sea passage) has a distance, a
time and a cost. Plotted cumulatively against distance, legs that move goods are gentle
slopes; border crossings and ports, which add time and cost over almost no distance, are
the steep or vertical steps.
"""
from __future__ import annotations

import pandas as pd

COLUMNS = ("leg", "kind", "distance_km", "time_hours", "cost_usd")


def check_legs(legs: pd.DataFrame) -> pd.DataFrame:
    """The legs with numeric distance, time and cost; a clear error for a table that is not a corridor."""
    absent = [c for c in COLUMNS if c not in legs.columns]
    if absent:
        raise ValueError(f"the corridor table lacks the column(s) {', '.join(absent)}; it needs {', '.join(COLUMNS)}")
    table = legs[list(COLUMNS)].copy()
    for column in ("distance_km", "time_hours", "cost_usd"):
        table[column] = pd.to_numeric(table[column], errors="raise")
        if (table[column] < 0).any():
            raise ValueError(f"{column} cannot be negative (legs: {', '.join(table.loc[table[column] < 0, 'leg'])})")
    return table.reset_index(drop=True)


def figures(legs: pd.DataFrame) -> pd.DataFrame:
    """Per leg: the cumulative distance, time and cost at its end, and its time and cost per km."""
    table = check_legs(legs)
    table["cumulative_km"] = table["distance_km"].cumsum()
    table["cumulative_hours"] = table["time_hours"].cumsum()
    table["cumulative_usd"] = table["cost_usd"].cumsum()
    km = table["distance_km"].where(table["distance_km"] > 0)
    table["hours_per_km"] = table["time_hours"] / km
    table["usd_per_km"] = table["cost_usd"] / km
    return table


def worst_legs(legs: pd.DataFrame) -> dict[str, str]:
    """The leg with the most hours per km and the one with the most US dollars per km."""
    table = figures(legs)
    return {"hours_per_km": table.loc[table["hours_per_km"].idxmax(), "leg"],
            "usd_per_km": table.loc[table["usd_per_km"].idxmax(), "leg"]}
