"""From numbers to a recommendation: the structured choices a study's conclusion is made of.

A ministry needs a short answer to four questions: did the reform work (is the difference
real), where does the time go now (the bottleneck), what to do next (a measure aimed at that
interval), and how to keep watching (which statistic to report and how often to repeat the
study). Each question has a fixed set of options, so a recommendation can be graded.
"""
from __future__ import annotations

from ..i18n import N_

MEASURES = {
    "pre-arrival": N_("Extend pre-arrival processing: lodge and accept declarations before the truck arrives"),
    "office-hours": N_("Open the customs office for longer hours, including weekends, for inspections and release"),
    "selectivity": N_("Refine risk selectivity so that fewer consignments go to the yellow and red channels"),
    "joint-inspection": N_("Inspect jointly with the other border agencies, at one appointment"),
    "e-sps": N_("Exchange SPS certificates electronically with the plant and animal health agency"),
    "e-payment": N_("Accept electronic payment of duties and fees at any hour"),
    "more-lanes": N_("Build more truck lanes at the gate"),
}
# Which measures act on which part of the release time.
TARGETS = {
    "arrival_to_acceptance": ("pre-arrival",),
    "acceptance_to_inspection": ("selectivity", "office-hours", "joint-inspection"),
    "inspection_to_release": ("e-sps", "e-payment", "office-hours"),
}
INDICATORS = {
    "median-p90": N_("The median and the 90th percentile of the release time, per channel"),
    "mean": N_("The mean release time of all declarations"),
    "max": N_("The longest release time of the period"),
}
REPEATS = {
    "once": N_("Once: the study has answered the question"),
    "yearly": N_("Every year, with the same method and milestones"),
    "quarterly": N_("Every quarter, from the system's logs, with the same method"),
}
FIELDS = ("effect_is_real", "bottleneck", "measure", "indicator", "repeat")


def reference(bottleneck: str, real: bool) -> dict[str, str]:
    """The reference answer; ``a|b`` allows either option."""
    return {"effect_is_real": str(bool(real)).lower(), "bottleneck": bottleneck,
            "measure": "|".join(TARGETS[bottleneck]), "indicator": "median-p90", "repeat": "yearly|quarterly"}
