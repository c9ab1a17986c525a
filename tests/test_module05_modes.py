"""Module 05 segmented by transport mode: the engine's grouping on a tiny log with known medians,
the scenario's mode column (its own random stream, realistic differences), the chart and the
TRS explorer's optional mode column."""
from __future__ import annotations

import importlib.util
import random
import re

import pandas as pd
import pytest

from course import paths
from course.module05_facilitation_monitoring import charts, dataset, trs
from course.module05_facilitation_monitoring.explorer import TrsExplorer

# declaration: (mode as a system might write it, release time in hours)
TINY = {"R1": ("road", 2), "R2": (" Road", 4), "R3": ("ROAD ", 9), "C1": ("courier", 1), "C2": ("courier", 3),
        "W1": ("rail", 10)}


def tiny_log() -> pd.DataFrame:
    """Each declaration arrives at 09:00, is lodged and accepted at once and released ``hours`` later."""
    rows = []
    for declaration, (mode, hours) in TINY.items():
        for milestone, at in (("arrival", 0), ("lodgement", 0), ("acceptance", 0), ("release", hours)):
            stamp = pd.Timestamp("2025-03-03 09:00:00") + pd.Timedelta(hours=at)
            rows.append({"declaration": declaration, "milestone": milestone, "timestamp": f"{stamp:%Y-%m-%d %H:%M:%S}",
                         "conveyance": mode})
    return pd.DataFrame(rows)


def tiny_study(mode: str | None = "conveyance") -> trs.Study:
    return trs.study(tiny_log(), trs.Columns(period=None, channel=None, mode=mode))


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- the engine ---------------------------------------------------------------------------------

def test_statistics_by_mode_give_the_known_medians_in_the_usual_order():
    stats = tiny_study().statistics(by=("mode",))
    assert stats["mode"].tolist() == ["road", "rail", "courier"]  # written ' Road' and 'ROAD ' count as road
    assert stats["n"].tolist() == [3, 1, 2]
    assert stats["median"].tolist() == pytest.approx([4.0, 10.0, 2.0])
    assert stats["mean"].tolist() == pytest.approx([5.0, 10.0, 2.0])


def test_values_and_groups_of_one_mode():
    study = tiny_study()
    assert sorted(study.values(mode="courier")) == pytest.approx([1.0, 3.0])
    assert sorted(study.values(mode="road")) == pytest.approx([2.0, 4.0, 9.0])
    assert study.groups("mode") == ["road", "rail", "courier"]
    assert study.intervals().set_index("declaration").loc["R2", "mode"] == "road"


def test_a_log_without_a_mode_column_is_one_mode():
    stats = tiny_study(mode=None).statistics(by=("mode",))
    assert stats["mode"].tolist() == ["all"] and stats["n"].tolist() == [6]
    assert stats["median"].iloc[0] == pytest.approx(3.5)


def test_grouping_by_an_unknown_column_is_named():
    with pytest.raises(KeyError, match="cannot group by 'agency'; group by any of: period, channel, mode"):
        tiny_study().statistics(by=("period", "agency"))
    with pytest.raises(KeyError, match="per channel or per mode"):
        charts.distribution(tiny_study(), by="agency")


def test_a_mapped_mode_column_that_is_absent_is_refused_with_the_columns():
    with pytest.raises(trs.LogError) as refused:
        trs.study(tiny_log(), trs.Columns(period=None, channel=None, mode="mode"))
    assert refused.value.issues[0].column == "mode" and "conveyance" in refused.value.issues[0].values


# --- the scenario -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def study() -> trs.Study:
    return trs.study(dataset.log(), trs.Columns(mode="mode"))


def test_every_declaration_has_one_mode_of_a_land_border(study):
    modes = dataset.log().groupby("declaration")["mode"].agg(["nunique", "first"])
    assert (modes["nunique"] == 1).all()
    shares = modes["first"].value_counts(normalize=True)
    assert set(shares.index) == {"road", "courier", "passenger"}
    assert 0.8 < shares["road"] < 0.92 and 0.06 < shares["courier"] < 0.14 and 0.02 < shares["passenger"] < 0.07


def test_courier_and_passengers_goods_are_released_faster_than_trucks(study):
    medians = study.statistics(by=("period", "mode")).set_index(["period", "mode"])["median"]
    for period in ("before", "after"):
        assert medians[period, "courier"] < 0.8 * medians[period, "road"]
        assert medians[period, "passenger"] < 0.8 * medians[period, "road"]
    assert medians["after", "road"] < medians["before", "road"] / 3  # the reform shows within a mode too


def test_mapping_the_mode_changes_no_other_figure(study):
    plain = trs.study(dataset.log())
    assert study.decisions() == plain.decisions()
    pd.testing.assert_frame_equal(study.statistics(), plain.statistics())


def test_the_modes_come_from_a_stream_of_their_own():
    """The generator rebuilds the published log exactly, and its other columns do not depend on the modes."""
    spec = importlib.util.spec_from_file_location("border_post_make", paths.root() / "solutions" / "05-facilitation-monitoring" / "keys" / "scenario" / "make_dataset.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    rows, _intended = generator.build_log(random.Random(2025))
    published = dataset.log()
    assert list(published.columns) == generator.LOG_COLUMNS
    assert pd.DataFrame(rows, columns=generator.LOG_COLUMNS).equals(published)
    generator.MODE_SEED = "another stream"  # other modes, every other value as it was
    other, _intended = generator.build_log(random.Random(2025))
    other = pd.DataFrame(other, columns=generator.LOG_COLUMNS)
    assert not other["mode"].equals(published["mode"])
    assert other.drop(columns="mode").equals(published.drop(columns="mode"))


# --- the chart and the explorer ----------------------------------------------------------------

def test_the_distribution_chart_per_mode_has_a_box_per_period_and_mode(study):
    figure = charts.distribution(study, by="mode", lang="en")
    ax = figure.axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert len(ticks) == 6 and "after the reform\ncourier" in ticks and "before the reform\nroad (trucks)" in ticks
    assert "per transport mode" in ax.get_title()


def test_the_explorer_shows_modes_only_once_the_column_is_chosen(tmp_path):
    path = tmp_path / "export.csv"
    tiny_log().to_csv(path, index=False)
    explorer = TrsExplorer(lang="en")
    explorer.use_file(path, "export.csv")
    assert explorer.pickers["mode"].value == ""  # optional and never guessed
    assert ("conveyance", "conveyance") in explorer.pickers["mode"].options
    explorer.run()
    shown = " ".join(text(c.value) for c in explorer.results.children if isinstance(getattr(c, "value", None), str))
    assert "transport mode" not in shown
    explorer.pickers["mode"].value = "conveyance"
    explorer.run()
    shown = " ".join(text(c.value) for c in explorer.results.children if isinstance(getattr(c, "value", None), str))
    assert "Release time per period and transport mode (hours)" in shown
    assert "all road 3 4.0 " in shown and "all courier 2 2.0 " in shown and "all rail 1 10.0 " in shown
    links = " ".join(c.value for c in explorer.results.children if isinstance(getattr(c, "value", None), str))
    assert 'download="release_times_by_mode.csv"' in links and 'download="release_times_by_mode.png"' in links
    images = [c for c in explorer.results.children if type(c).__name__ == "Image"]
    assert len(images) == 2 and all(image.value[:8] == b"\x89PNG\r\n\x1a\n" for image in images)


def test_the_explorer_refuses_the_mode_column_chosen_twice(tmp_path):
    path = tmp_path / "export.csv"
    tiny_log().to_csv(path, index=False)
    explorer = TrsExplorer(lang="en")
    explorer.use_file(path, "export.csv")
    explorer.pickers["mode"].value = "milestone"
    explorer.run()
    assert "Column milestone is chosen for more than one role" in text(explorer.messages.value)
    assert explorer.study is None


def test_the_explorer_names_the_modes_in_chinese(tmp_path):
    path = tmp_path / "export.csv"
    tiny_log().to_csv(path, index=False)
    explorer = TrsExplorer(lang="zh_Hans")
    explorer.use_file(path, "export.csv")
    explorer.pickers["mode"].value = "conveyance"
    explorer.run()
    labels = [text(w.value) for w in explorer.picker_labels.values()]
    assert "运输方式" in " ".join(labels)
    shown = " ".join(text(c.value) for c in explorer.results.children if isinstance(getattr(c, "value", None), str))
    assert "运输方式" in shown and "transport mode" not in shown
