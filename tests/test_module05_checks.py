"""Module 05's graded checks and study engine: realistic wrong answers earn the credit and the
messages intended, numbers are judged with their stated tolerances, and the engine cleans and
measures a log as the lessons teach by hand.

The full answer keys are used here, as the grader's hidden tests use them.
"""
import pandas as pd
import pytest

import course
from course.checks import CORRECT, INCORRECT, NOT_ATTEMPTED, keys
from course.module05_facilitation_monitoring import corridor, dataset, recommendations, trs, uncertainty

TASKS = ["05-cleaning", "05-channel-statistics", "05-bottleneck", "05-before-after", "05-corridor-figures",
         "05-worst-legs", "05-recommendation"]


@pytest.fixture(autouse=True, scope="module")
def full_keys():
    with keys.grading():  # these tests play the grader's judge
        yield


@pytest.fixture(scope="module")
def study():
    return trs.study(dataset.log())


def judged(exercise_id, answer):
    ex = course.exercise(exercise_id, lang="en")
    return ex.problem.check(answer, "en", ex.problem.answer_key())


@pytest.fixture(scope="module")
def right(study):
    legs = dataset.corridor()
    difference = uncertainty.median_difference(study.values(period="before"), study.values(period="after"))
    parts = study.components().set_index("period").loc["after", list(trs.COMPONENTS)]
    return {
        "05-cleaning": study.decisions(),
        "05-channel-statistics": study.statistics()[["period", "channel", "n", "median", "p90"]],
        "05-bottleneck": {"interval": parts.idxmax(), "share": parts.max() / parts.sum()},
        "05-before-after": difference.as_dict(),
        "05-corridor-figures": corridor.figures(legs)[["leg", "cumulative_km", "cumulative_hours", "cumulative_usd"]],
        "05-worst-legs": corridor.worst_legs(legs),
        "05-recommendation": {"effect_is_real": True, "bottleneck": parts.idxmax(), "measure": "office-hours",
                              "indicator": "median-p90", "repeat": "quarterly"},
    }


# --- every task ------------------------------------------------------------------------------

@pytest.mark.parametrize("exercise_id", TASKS)
def test_a_blank_answer_is_not_attempted(exercise_id):
    ex = course.exercise(exercise_id)
    assert ex.check(None).status == NOT_ATTEMPTED
    with pytest.raises(AssertionError, match="Not attempted"):
        ex.points(None, out_of=3, key=ex.problem.answer_key())


@pytest.mark.parametrize("exercise_id", TASKS)
def test_the_right_answer_earns_full_credit_with_the_full_key(exercise_id, right):
    outcome = judged(exercise_id, right[exercise_id])
    assert outcome.status == CORRECT and outcome.score == 1.0, str(outcome)


@pytest.mark.parametrize("exercise_id", TASKS)
def test_the_self_check_never_claims_more_than_it_can_see(exercise_id, right):
    outcome = course.exercise(exercise_id, lang="en").problem.check(right[exercise_id], "en")  # the public key
    assert outcome.status == CORRECT
    assert "Your trainer's grading checks the rest" in outcome.message


def test_the_keys_are_what_the_engine_computes_from_the_published_log(study, right):
    """The keys in solutions/ are in step with the data (make_dataset.py writes both)."""
    key = course.exercise("05-cleaning").problem.answer_key().data
    assert key == study.decisions()
    assert len(key) > 500 and set(key.values()) == set(trs.ACTIONS)


# --- task 1: cleaning -----------------------------------------------------------------------

def test_forgetting_the_time_zones_loses_a_quarter_and_names_the_class(right):
    decisions = {d: a for d, a in right["05-cleaning"].items() if a != "convert time zone"}
    outcome = judged("05-cleaning", decisions)
    assert outcome.status == INCORRECT and outcome.score == pytest.approx(0.75, abs=0.001)
    assert any(r.startswith("convert time zone: 0 of") for r in outcome.reasons), outcome.reasons


def test_treating_a_missing_exit_as_incomplete_costs_precision_only(study, right):
    intervals = study.intervals()
    no_exit = intervals.loc[intervals["release_to_exit"].isna(), "declaration"].tolist()
    assert len(no_exit) >= 20
    decisions = dict(right["05-cleaning"], **{d: "drop incomplete" for d in no_exit})
    outcome = judged("05-cleaning", decisions)
    assert 0.85 < outcome.score < 1
    assert any(f"{no_exit[0]} does not need 'drop incomplete'" in r for r in outcome.reasons), outcome.reasons


def test_flagging_pre_arrival_lodgement_as_out_of_order_is_heavily_penalised(study, right):
    """The lessons' trap: checking that lodgement follows arrival throws away the reform."""
    intervals = study.intervals()
    pre_arrival = intervals.loc[intervals["pre_arrival"], "declaration"].tolist()
    decisions = dict(right["05-cleaning"], **{d: "drop out of order" for d in pre_arrival})
    outcome = judged("05-cleaning", decisions)
    assert 0.7 < outcome.score < 0.8  # the out-of-order class drowns, the other three stay right


def test_an_unknown_action_is_named(right):
    decisions = dict(right["05-cleaning"])
    decisions[next(iter(decisions))] = "fix it"
    outcome = judged("05-cleaning", decisions)
    assert outcome.score < 1 and any("'fix it' is not an action" in r for r in outcome.reasons)


def test_cleaning_as_a_table_is_accepted(right):
    table = pd.DataFrame(list(right["05-cleaning"].items()), columns=["declaration", "action"])
    assert judged("05-cleaning", table).correct


def test_the_hand_cleaning_of_the_lesson_agrees_with_the_engine(study):
    """Lesson 02 and the task 1 solution clean with pandas; the engine must give the same decisions."""
    log = dataset.log()
    in_utc = log["timestamp"].str.endswith("Z")
    local = pd.to_datetime(log["timestamp"].str.rstrip("Z").str.replace("T", " "), format="%Y-%m-%d %H:%M:%S")
    log["time"] = local.where(~in_utc, local + pd.Timedelta(hours=6))
    times = log.pivot_table(index="declaration", columns="milestone", values="time", aggfunc="min")
    facts = log.groupby("declaration").agg(channel=("channel", "first"), converted=("timestamp", lambda s: s.str.endswith("Z").any()),
                                           repeated=("milestone", lambda s: s.duplicated().any()))
    incomplete = times[list(trs.REQUIRED)].isna().any(axis=1) | (facts["channel"].isin(["yellow", "red"]) & times["inspection"].isna())
    disorder = pd.concat([times[a] > times[b] for a, b in trs.ORDER], axis=1).any(axis=1)
    hand = {}
    for declaration in times.index:
        for action, flag in zip(trs.ACTIONS, (incomplete, disorder, facts["converted"], facts["repeated"])):
            if flag[declaration]:
                hand[declaration] = action
                break
    assert hand == study.decisions()


# --- task 2: statistics per channel ---------------------------------------------------------

def test_means_instead_of_medians_lose_the_median_cells(right):
    stats = right["05-channel-statistics"].copy()
    means = trs.study(dataset.log()).statistics()["mean"]
    stats["median"] = means.to_numpy()
    outcome = judged("05-channel-statistics", stats)
    assert outcome.score == pytest.approx(2 / 3, abs=0.06)  # n and p90 right; green after's mean is close by chance
    assert any("median" in r and "not within the tolerance" in r for r in outcome.reasons)


def test_statistics_on_the_raw_log_miss_the_counts(right):
    """Without cleaning, counts include dropped declarations and fall outside 1%."""
    stats = right["05-channel-statistics"].copy()
    stats["n"] = stats["n"] * 1.06
    outcome = judged("05-channel-statistics", stats)
    assert outcome.score == pytest.approx(2 / 3, abs=0.001)
    assert any("n = " in r for r in outcome.reasons)


def test_values_within_the_stated_tolerance_earn_full_credit(right):
    stats = right["05-channel-statistics"].copy()
    stats["median"] = stats["median"] + 0.09  # under 0.1 hour
    stats["p90"] = stats["p90"] * 1.009       # under 1%
    assert judged("05-channel-statistics", stats).correct
    stats["median"] = stats["median"] + 0.5
    assert not judged("05-channel-statistics", stats).correct


def test_a_groupby_result_with_its_index_is_read(right, study):
    intervals = study.intervals()
    stats = intervals.groupby(["period", "channel"])["arrival_to_release"].agg(
        n="count", median="median", p90=lambda s: s.quantile(0.9))
    assert judged("05-channel-statistics", stats).correct


def test_a_missing_column_is_named(right):
    outcome = judged("05-channel-statistics", right["05-channel-statistics"].drop(columns="p90"))
    assert outcome.score == 0 and "p90" in outcome.message


# --- task 3: bottleneck ---------------------------------------------------------------------

def test_the_bottleneck_of_the_wrong_period_earns_nothing_for_the_interval(study):
    parts = study.components().set_index("period").loc["before", list(trs.COMPONENTS)]
    outcome = judged("05-bottleneck", {"interval": parts.idxmax(), "share": parts.max() / parts.sum()})
    assert outcome.score == 0
    assert any("is not the largest part" in r for r in outcome.reasons)


def test_the_right_interval_with_a_wrong_share_earns_seventy_percent(right):
    outcome = judged("05-bottleneck", dict(right["05-bottleneck"], share=0.4))
    assert outcome.score == pytest.approx(0.7) and any("0.02" in r for r in outcome.reasons)


def test_the_self_check_refuses_a_name_that_is_not_a_part():
    outcome = course.exercise("05-bottleneck", lang="en").check({"interval": "waiting", "share": 0.5})
    assert outcome.status == INCORRECT and "not a part of the release time" in outcome.reasons[0]


# --- task 4: before/after -------------------------------------------------------------------

def test_means_instead_of_medians_keep_only_the_verdict(study):
    before, after = study.values(period="before"), study.values(period="after")
    answer = {"before_median": before.mean(), "after_median": after.mean(), "difference": after.mean() - before.mean(),
              "ci_low": after.mean() - before.mean() - 0.5, "ci_high": after.mean() - before.mean() + 0.5, "real": True}
    outcome = judged("05-before-after", answer)
    assert outcome.score == pytest.approx(0.2)
    assert any("before_median" in r for r in outcome.reasons)


def test_another_seed_gives_an_interval_within_tolerance(study):
    other = uncertainty.median_difference(study.values(period="before"), study.values(period="after"), seed=11)
    assert judged("05-before-after", other.as_dict()).correct


def test_a_verdict_that_contradicts_its_own_interval_is_called_out(right):
    answer = dict(right["05-before-after"], real=False)
    outcome = judged("05-before-after", answer)
    assert outcome.score == pytest.approx(0.8)
    assert any("does not match your interval" in r for r in outcome.reasons)
    self_check = course.exercise("05-before-after", lang="en").check(answer)
    assert self_check.status == INCORRECT


def test_before_minus_after_has_the_wrong_sign(right):
    answer = dict(right["05-before-after"])
    answer["difference"] = -answer["difference"]
    answer["ci_low"], answer["ci_high"] = -right["05-before-after"]["ci_high"], -right["05-before-after"]["ci_low"]
    outcome = judged("05-before-after", answer)
    assert outcome.score == pytest.approx(0.5)  # medians and the verdict only


# --- tasks 5 and 6: the corridor ------------------------------------------------------------

def test_leg_figures_instead_of_cumulative_ones_keep_only_the_first_leg():
    legs = dataset.corridor()
    answer = legs[["leg"]].assign(cumulative_km=legs["distance_km"], cumulative_hours=legs["time_hours"],
                                  cumulative_usd=legs["cost_usd"])
    outcome = judged("05-corridor-figures", answer)
    assert outcome.score == pytest.approx(0.2)
    assert any(r.startswith("Phuentsholing - Jaigaon border: cumulative_km") for r in outcome.reasons)


def test_a_missing_leg_is_named(right):
    outcome = judged("05-corridor-figures", right["05-corridor-figures"].iloc[:-1])
    assert outcome.score == pytest.approx(0.8) and "Add the row for the leg Kolkata - Singapore." in outcome.reasons


def test_the_longest_leg_is_not_the_worst_per_kilometre():
    legs = dataset.corridor()
    totals = {"hours_per_km": legs.loc[legs["time_hours"].idxmax(), "leg"], "usd_per_km": legs.loc[legs["cost_usd"].idxmax(), "leg"]}
    outcome = judged("05-worst-legs", totals)
    assert outcome.score == 0 and len(outcome.reasons) == 2


def test_one_worst_leg_right_earns_half(right):
    outcome = judged("05-worst-legs", dict(right["05-worst-legs"], usd_per_km="Port of Kolkata"))
    assert outcome.score == pytest.approx(0.5)


def test_a_leg_that_is_not_on_the_corridor_is_named():
    outcome = course.exercise("05-worst-legs", lang="en").check({"hours_per_km": "Dhaka", "usd_per_km": "Port of Kolkata"})
    assert "'Dhaka' is not a leg of the corridor" in outcome.reasons[0]


def test_the_corridor_rejects_a_table_without_its_columns():
    with pytest.raises(ValueError, match="lacks the column"):
        corridor.figures(pd.DataFrame({"leg": ["a"], "distance_km": [1]}))


# --- task 7: recommendation -----------------------------------------------------------------

def test_a_measure_that_misses_the_bottleneck_and_a_mean_indicator_lose_their_share(right):
    answer = dict(right["05-recommendation"], measure="pre-arrival", indicator="mean")
    outcome = judged("05-recommendation", answer)
    assert outcome.score == pytest.approx(0.6)
    assert "measure: 'pre-arrival' is not the best choice here." in outcome.reasons


def test_an_option_not_offered_is_named(right):
    outcome = judged("05-recommendation", dict(right["05-recommendation"], repeat="sometimes"))
    assert outcome.score == pytest.approx(0.8) and "not an option" in outcome.reasons[0]


def test_every_measure_that_acts_on_the_bottleneck_is_accepted(right):
    for measure in recommendations.TARGETS[right["05-bottleneck"]["interval"]]:
        assert judged("05-recommendation", dict(right["05-recommendation"], measure=measure)).correct


# --- the engine on bad and large input ------------------------------------------------------

def test_the_engine_names_the_rows_of_unreadable_timestamps_and_unknown_milestones():
    log = pd.DataFrame({"declaration": ["A", "A", "A", "B", "B"],
                        "milestone": ["arrival", "release", "landing", "arrival", "release"],
                        "timestamp": ["2025-03-03 09:00:00", "yesterday", "2025-03-03 10:00:00",
                                      "2025-03-03T03:00:00Z", "2025-03-03 12:00:00"]})
    study = trs.study(log, trs.Columns(period=None, channel=None))
    issues = {issue.kind: issue for issue in study.issues}
    assert issues["unparseable timestamps"].rows == [2] and issues["unparseable timestamps"].values == ["yesterday"]
    assert issues["unknown milestones"].rows == [3] and issues["unknown milestones"].values == ["landing"]
    assert issues["mixed time zones"].rows == [4]
    assert study.decisions() == {"A": "drop incomplete", "B": "drop incomplete"}  # no lodgement, no acceptance


def test_other_timestamp_shapes_and_offsets_are_read_to_the_same_instant():
    stamps = ["2025-03-03 09:00:00", "2025-03-03T03:00:00Z", "2025-03-03 03:00Z", "2025-03-03T09:00:00.250+06:00",
              "2025-03-02 22:00:00-05:00", " 2025-03-03 09:00 "]
    log = pd.DataFrame({"declaration": [str(i) for i in range(len(stamps))] * 2,
                        "milestone": ["arrival"] * len(stamps) + ["release"] * len(stamps),
                        "timestamp": stamps + ["2025-03-03 10:00:00"] * len(stamps)})
    study = trs.study(log, trs.Columns(period=None, channel=None))
    db = study.db.execute("SELECT declaration, arrival FROM declarations ORDER BY declaration").fetchall()
    assert len({arrival for _d, arrival in db}) == 1, db
    assert not [i for i in study.issues if i.kind == "unparseable timestamps"]


def test_a_log_without_the_mapped_columns_is_refused_with_its_columns():
    with pytest.raises(trs.LogError) as refused:
        trs.study(pd.DataFrame({"id": ["A"], "when": ["2025-03-03 09:00:00"]}))
    issue = refused.value.issues[0]
    assert issue.kind == "missing columns" and "declaration" in issue.column and issue.values == ["id", "when"]


@pytest.fixture(scope="module")
def large_log(tmp_path_factory):
    """About a million rows from the scenario's generator; the benchmark measures 5 million
    (benchmarks/trs_engine.py). Large enough (70 MB) that DuckDB reads it in parallel pieces."""
    import importlib.util

    from course import paths

    spec = importlib.util.spec_from_file_location("border_post_make", paths.root() / "solutions" / "05-facilitation-monitoring" / "keys" / "scenario" / "make_dataset.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    path = tmp_path_factory.mktemp("large") / "large.csv"
    generator.write_large(path, 1_000_000)
    with path.open("a", encoding="utf-8") as log:  # three rows the study cannot use, at the very end
        log.writelines(f"LATE-{i},before,green,no,landing,2025-03-03 09:00:00,customs,road\n" for i in range(3))
    return path


def test_a_large_csv_read_in_parallel_keeps_the_rows_of_the_file(large_log):
    """The issues name rows of the file as written, however DuckDB splits the reading."""
    import csv

    study = trs.Study.from_csv(large_log)
    assert study.size() >= 1_000_000 and study.statistics()["n"].sum() > 40_000
    with large_log.open(encoding="utf-8", newline="") as handle:
        zoned = [i for i, row in enumerate(csv.DictReader(handle), start=1) if row["timestamp"].strip().endswith("Z")]
    issue = next(i for i in study.issues if i.kind == "mixed time zones")
    assert issue.count == len(zoned) and issue.rows == zoned[:trs.Study.SHOWN_ROWS]
    last = study.size()
    unknown = next(i for i in study.issues if i.kind == "unknown milestones")
    assert unknown.rows == [last - 2, last - 1, last] and unknown.values == ["landing"]


def test_the_quantiles_of_the_engine_are_numpy_percentiles(large_log):
    import numpy as np

    study = trs.Study.from_csv(large_log)
    table = study.quantiles((0.05, 0.25, 0.5, 0.75, 0.95), by=("period", "channel"))
    assert list(table.columns) == ["period", "channel", "p5", "p25", "p50", "p75", "p95"] and len(table) == 6
    for row in table.itertuples(index=False):
        values = study.values(period=row.period, channel=row.channel)
        assert np.allclose(row[2:], np.percentile(values, (5, 25, 50, 75, 95)), atol=1e-9)


def test_the_generator_stays_with_the_keys():
    from course import paths

    # It knows which records it made dirty and writes the keys: participants receive neither.
    assert not (paths.datasets() / "border_post_trs" / "make_dataset.py").exists()
    assert (paths.root() / "solutions" / "05-facilitation-monitoring" / "keys" / "scenario" / "make_dataset.py").is_file()
