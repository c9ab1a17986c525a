"""Is a before/after difference real? A bootstrap confidence interval for a difference of medians.

Release times have long tails, so the study compares medians, and the uncertainty of a
median has no simple formula: the bootstrap resamples each period's declarations with
replacement many times and reads the interval off the spread of the recomputed differences.

A national study has hundreds of thousands of declarations per period, and resampling them
2,000 times takes long. Above ``LARGE`` values a period's resampled medians are drawn without
drawing the resamples (:func:`resampled_medians`): the rank of a resample's median follows from
a few binomial draws, exactly as if the resample had been drawn. Smaller periods (every one of
the course's scenario) are resampled the plain way.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RESAMPLES = 2000
SEED = 5
LARGE = 20_000  # above this many values, medians of resamples are drawn by their ranks


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


def _values(values) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if len(values) == 0:
        raise ValueError("a period has no declaration with this interval: nothing to compare")
    return values


def _order_statistic(n: int, k: np.ndarray, rng) -> tuple[np.ndarray, np.ndarray]:
    """For resamples of ``n`` indices drawn uniformly from 0..n-1 (one per entry of ``k``): the
    index of each one's ``k``-th smallest draw (1-based), and how many draws lie below it.

    A binary search over the indices: the number of draws in the lower half of the range
    is binomial, which says which half holds the k-th; about log2(n) steps, all resamples at once.
    """
    lo, hi = np.zeros(len(k), dtype=np.int64), np.full(len(k), n - 1, dtype=np.int64)
    inside, below, k = np.full(len(k), n, dtype=np.int64), np.zeros(len(k), dtype=np.int64), k.copy()
    while np.any(lo < hi):
        mid = (lo + hi) // 2
        lower = rng.binomial(inside, (mid - lo + 1) / (hi - lo + 1))
        left = lower >= k
        hi, lo = np.where(left, mid, hi), np.where(left, lo, mid + 1)
        k, below = np.where(left, k, k - lower), np.where(left, below, below + lower)
        inside = np.where(left, lower, inside - lower)
    return lo, below + inside   # at the end the range is one index; "inside" counts the draws on it


def resampled_medians(values, resamples: int, rng) -> np.ndarray:
    """The medians of ``resamples`` bootstrap resamples of ``values`` (each of their size), drawn by ranks."""
    ordered = np.sort(np.asarray(values, dtype=float))
    n = len(ordered)
    lower_rank = np.full(resamples, (n + 1) // 2, dtype=np.int64)
    index, at_or_below = _order_statistic(n, lower_rank, rng)
    if n % 2:
        return ordered[index]
    # An even size: the median also needs the next order statistic, which is on the same index
    # when enough draws fell there, else the smallest draw above it (the minimum of the draws
    # left, uniform over the indices above: drawn by inverting its distribution).
    above, span = n - at_or_below, n - 1 - index
    step = np.floor(span * (1 - rng.random(resamples) ** (1 / np.maximum(above, 1)))).astype(np.int64)
    upper = np.where(at_or_below >= lower_rank + 1, index, index + 1 + np.minimum(step, np.maximum(span - 1, 0)))
    return (ordered[index] + ordered[upper]) / 2


def _medians(values: np.ndarray, resamples: int, rng) -> np.ndarray:
    if len(values) > LARGE:
        return resampled_medians(values, resamples, rng)
    return np.array([np.median(rng.choice(values, len(values))) for _ in range(resamples)])


def median_difference(before, after, level: float = 0.95, resamples: int = RESAMPLES, seed: int = SEED) -> Difference:
    """The median of ``after`` minus the median of ``before``, with a percentile bootstrap interval."""
    rng = np.random.default_rng(seed)
    b, a = _values(before), _values(after)
    if len(a) > LARGE or len(b) > LARGE:
        diffs = _medians(a, resamples, rng) - _medians(b, resamples, rng)
    else:  # the order of draws the course's published results were computed with
        diffs = np.empty(resamples)
        for i in range(resamples):
            diffs[i] = np.median(rng.choice(a, len(a))) - np.median(rng.choice(b, len(b)))
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(diffs, [tail, 100 - tail])
    before_median, after_median = float(np.median(before)), float(np.median(after))
    return Difference(before_median, after_median, after_median - before_median, float(low), float(high), level)
