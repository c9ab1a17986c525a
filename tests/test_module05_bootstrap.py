"""The bootstrap of a difference of medians for national-size periods: medians of resamples drawn
by their ranks must follow exactly the law of medians of resamples drawn one value at a time."""
import collections
import itertools

import numpy as np
import pytest

from course.module05_facilitation_monitoring import uncertainty
from course.module05_facilitation_monitoring.uncertainty import median_difference, resampled_medians


@pytest.mark.parametrize("values", [[1.0, 2.0, 5.0, 9.0], [1.0, 2.0, 2.0, 7.0, 30.0], [3.0, 1.0, 4.0, 1.0, 5.0, 9.0]])
def test_medians_by_ranks_have_the_exact_law_of_resampled_medians(values):
    # Every resample of a small set, enumerated: the exact law. Odd and even sizes, ties.
    n = len(values)
    exact = collections.Counter(float(np.median([values[i] for i in combo]))
                                for combo in itertools.product(range(n), repeat=n))
    draws = resampled_medians(values, 200_000, np.random.default_rng(0))
    seen = collections.Counter(draws.tolist())
    assert set(seen) <= set(exact)
    for value, count in exact.items():
        assert abs(seen[value] / 200_000 - count / n ** n) < 0.004, value


def test_a_national_size_interval_agrees_with_plain_resampling():
    rng = np.random.default_rng(1)
    before, after = rng.gamma(2, 12, 50_000).round(2), rng.gamma(2, 10, 60_000).round(2)
    fast = median_difference(before, after)
    plain = np.random.default_rng(7)
    diffs = [np.median(plain.choice(after, len(after))) - np.median(plain.choice(before, len(before)))
             for _ in range(400)]
    low, high = np.percentile(diffs, [2.5, 97.5])
    width = high - low
    assert abs(fast.ci_low - low) < 0.1 * width and abs(fast.ci_high - high) < 0.1 * width
    assert fast.difference == pytest.approx(np.median(after) - np.median(before))
    assert fast.real


def test_periods_of_the_scenarios_size_are_resampled_as_before():
    # The course's results were computed this way: the same seed gives the same interval.
    rng = np.random.default_rng(3)
    before, after = rng.gamma(2, 12, 3000), rng.gamma(2, 11, 2500)
    assert len(before) <= uncertainty.LARGE
    again = np.random.default_rng(uncertainty.SEED)
    diffs = [np.median(again.choice(after, len(after))) - np.median(again.choice(before, len(before)))
             for _ in range(uncertainty.RESAMPLES)]
    result = median_difference(before, after)
    tail = (1 - 0.95) / 2 * 100
    assert (result.ci_low, result.ci_high) == tuple(np.percentile(diffs, [tail, 100 - tail]))
