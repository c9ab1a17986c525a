"""Is a before/after difference real? A bootstrap confidence interval for a difference of medians.

Release times have long tails, so the study compares medians, and the uncertainty of a
median has no simple formula: the bootstrap resamples each period's declarations with
replacement many times and reads the interval off the spread of the recomputed differences.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RESAMPLES = 2000
SEED = 5
SAMPLE_CAP = 20_000  # larger groups are subsampled first: the interval is then a little wider, never narrower


@dataclass(frozen=True)
class Difference:
    before_median: float
    after_median: float
    difference: float  # after minus before, hours
    ci_low: float
    ci_high: float
    level: float

    @property
    def real(self) -> bool:
        """True when the confidence interval leaves out zero."""
        return self.ci_high < 0 or self.ci_low > 0

    def as_dict(self) -> dict:
        return {"before_median": self.before_median, "after_median": self.after_median,
                "difference": self.difference, "ci_low": self.ci_low, "ci_high": self.ci_high, "real": self.real}


def _capped(values, rng) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if len(values) == 0:
        raise ValueError("a period has no declaration with this interval: nothing to compare")
    return rng.choice(values, SAMPLE_CAP, replace=False) if len(values) > SAMPLE_CAP else values


def median_difference(before, after, level: float = 0.95, resamples: int = RESAMPLES, seed: int = SEED) -> Difference:
    """The median of ``after`` minus the median of ``before``, with a percentile bootstrap interval."""
    rng = np.random.default_rng(seed)
    b, a = _capped(before, rng), _capped(after, rng)
    diffs = np.empty(resamples)
    for i in range(resamples):
        diffs[i] = np.median(rng.choice(a, len(a))) - np.median(rng.choice(b, len(b)))
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(diffs, [tail, 100 - tail])
    before_median, after_median = float(np.median(before)), float(np.median(after))
    return Difference(before_median, after_median, after_median - before_median, float(low), float(high), level)
