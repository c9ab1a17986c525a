"""Module 05's charts on a log of known shape: the boxes show the engine's percentiles, and the
before/after curve of a large period is drawn from fewer points without moving its median."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from course.module05_facilitation_monitoring import charts, trs, uncertainty

# Release times in hours, more per period than charts.CURVE_POINTS so that the curves are thinned.
# Before: an odd count whose middle value stands alone between two plateaus, so that a median taken
# from the thinned points (an even number of them) would land between the plateaus instead.
HOURS = {"before": np.array([1.0] * 3000 + [50.0] + [100.0] * 3000), "after": np.arange(1, 6001) * 0.5}


@pytest.fixture(scope="module")
def study() -> trs.Study:
    rows = []
    start = pd.Timestamp("2025-03-03 09:00:00")
    for period, hours in HOURS.items():
        for i, h in enumerate(hours):
            release = start + pd.Timedelta(hours=float(h))
            for milestone, at in (("arrival", start), ("lodgement", start), ("acceptance", start), ("release", release)):
                rows.append({"declaration": f"{period}-{i}", "milestone": milestone, "timestamp": f"{at:%Y-%m-%d %H:%M:%S}",
                             "period": period, "channel": "green"})
    return trs.study(pd.DataFrame(rows))


def test_the_boxes_are_the_fifth_quartiles_and_ninety_fifth_percentiles(study):
    ax = charts.distribution(study, lang="en").axes[0]
    boxes = dict(zip(study.groups("period"), ax.patches))
    for period, box in boxes.items():
        expected = np.percentile(HOURS[period], (5, 25, 50, 75, 95))
        heights = box.get_path().vertices[:, 1]  # the box is drawn in data coordinates
        assert (heights.min(), heights.max()) == pytest.approx(expected[[1, 3]], rel=1e-6), period
    whiskers = sorted(max(line.get_ydata()) for line in ax.lines if len(set(line.get_xdata())) == 1)
    assert whiskers[-1] == pytest.approx(max(np.percentile(h, 95) for h in HOURS.values()))


def test_the_curve_of_a_large_period_is_thinned_but_its_median_is_of_every_value(study):
    difference = uncertainty.median_difference(study.values(period="before"), study.values(period="after"))
    ax = charts.before_after(study, difference, lang="en").axes[0]
    curves = [line for line in ax.lines if len(line.get_xdata()) > 2]
    assert len(curves) == 2
    for curve in curves:
        x = np.asarray(curve.get_xdata())
        assert len(x) <= charts.CURVE_POINTS < min(map(len, HOURS.values()))
        assert x[0] == pytest.approx(x.min()) and np.all(np.diff(x) >= 0)  # still a rising curve
    legend = {re.sub(r":.*", "", t.get_text()): t.get_text() for t in ax.get_legend().get_texts()}
    assert "median 50.0 h" in legend["before the reform"]  # of every value; the points drawn would say 50.5
    assert "median 1500.2 h" in legend["after the reform"]  # 1500.25, rounded to even
    assert max(max(curve.get_xdata()) for curve in curves) == pytest.approx(3000)  # the longest is kept
