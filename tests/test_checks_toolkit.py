"""The shared checking toolkit on its own: scoring, answer shapes, bounded reasons, keyed problems."""
import pandas as pd
import pytest

from course.checks import CORRECT, INCORRECT, keys
from course.checks.keyed import KeyedProblem
from course.checks.keys import Key
from course.checks.reasons import SHOWN, listed
from course.checks.scoring import alternatives, score_grouping, score_mapping, score_set, score_table
from course.checks.shapes import (as_groups, as_mapping, as_names, as_rows, as_table, cell_text, missing_columns,
                                  rows_by)

INV, PL, BL = "commercial_invoice", "packing_list", "bill_of_lading"
KEY = {(INV, "Seller"): "ConsignorName", (PL, "Exporter"): "ConsignorName", (BL, "Shipper"): "ConsignorName",
       (INV, "Gross Wt."): "GrossWeight", (PL, "Date"): "none"}


def test_a_perfect_mapping():
    score = score_mapping(dict(KEY), KEY)
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)
    assert score.wrong == score.missing == score.unknown == []


def test_wrong_missing_and_unknown_mappings_are_listed():
    answer = {(INV, "Seller"): "ConsignorName", (PL, "Exporter"): "ConsigneeName",
              (INV, "Gross Wt."): "grossweight", (BL, "Freight"): "FreightCharge"}
    score = score_mapping(answer, KEY)
    assert score.correct == [(INV, "Gross Wt."), (INV, "Seller")]  # case and spacing do not matter
    assert score.wrong == [((PL, "Exporter"), "ConsigneeName", "ConsignorName")]
    assert score.missing == [((BL, "Shipper"), "ConsignorName")]
    assert score.unknown == [((BL, "Freight"), "FreightCharge")]
    assert score.precision == pytest.approx(2 / 4) and score.recall == pytest.approx(2 / 4)


def test_mapping_a_field_the_key_leaves_unmapped_costs_precision():
    answer = dict(KEY) | {(PL, "Date"): "InvoiceDate"}
    score = score_mapping(answer, KEY)
    assert score.recall == 1.0 and score.precision == pytest.approx(4 / 5)
    assert score.wrong == [((PL, "Date"), "InvoiceDate", "none")]


def test_an_empty_mapping_scores_zero():
    assert score_mapping({}, KEY).f1 == 0.0


def test_grouping_is_scored_by_pairs():
    key = [[(INV, "Seller"), (PL, "Exporter"), (BL, "Shipper")], [(INV, "Buyer"), (PL, "Consignee")]]
    assert score_grouping(key, key).f1 == 1.0
    partial = score_grouping([[(INV, "Seller"), (PL, "Exporter")], [(BL, "Shipper"), (INV, "Buyer")]], key)
    assert partial.precision == pytest.approx(1 / 2) and partial.recall == pytest.approx(1 / 4)
    assert partial.wrongly_joined == [((BL, "Shipper"), (INV, "Buyer"))]
    assert ((INV, "Buyer"), (PL, "Consignee")) in partial.missed


def test_set_score():
    score = score_set({"a", "b", "x"}, {"a", "b", "c"})
    assert score.extra == ["x"] and score.missing == ["c"]
    assert score.f1 == pytest.approx(2 / 3)


def test_table_is_scored_field_by_field():
    key = {"Date": {"data_type": "date", "format": "YYYY-MM-DD"}, "Exporter": {"data_type": "text", "format": "free text"}}
    rows = {"Date": {"data_type": "Date", "format": "DD/MM/YYYY"}}
    score = score_table(rows, key, ["data_type", "format"])
    assert (score.earned, score.possible) == (1, 4)
    assert score.mistakes == [("Date", "format", "DD/MM/YYYY", "YYYY-MM-DD")]
    assert score.missing_rows == ["Exporter"]


def test_items_that_cannot_be_compared_are_still_listed():
    score = score_set({1, "a", (2, 3)}, {"a"})
    assert len(score.extra) == 2 and score.missing == []


def test_table_cells_may_allow_alternatives():
    key = {"Date": {"data_type": "date|text"}}
    assert score_table({"Date": {"data_type": " Text "}}, key, ["data_type"],
                       lambda _c, given, expected: alternatives(given, expected)).share == 1.0
    assert score_table({"Date": {"data_type": "code"}}, key, ["data_type"],
                       lambda _c, given, expected: alternatives(given, expected)).share == 0.0


# --- answer shapes --------------------------------------------------------------------------

FIELDS = [(INV, "Seller"), (PL, "Exporter")]


@pytest.mark.parametrize("answer", [
    pd.DataFrame(FIELDS, columns=["document", "label"]),
    FIELDS,
    [list(f) for f in FIELDS],            # the grader may hand lists where tuples were written
    set(FIELDS),
])
def test_rows_from_every_shape(answer):
    assert sorted(as_rows(answer, ["document", "label"])) == sorted(FIELDS)


@pytest.mark.parametrize("answer, error", [
    ("Seller", TypeError),
    ([("commercial_invoice",)], ValueError),
    ([("commercial_invoice", "Seller", "extra")], ValueError),
    (pd.DataFrame({"doc": ["x"], "label": ["y"]}), KeyError),
])
def test_rows_of_the_wrong_shape_say_what_is_wrong(answer, error):
    with pytest.raises(error):
        as_rows(answer, ["document", "label"])


@pytest.mark.parametrize("answer", [
    pd.DataFrame([(INV, "Seller", "ConsignorName"), (PL, "Exporter", "ConsignorName")],
                 columns=["document", "label", "element"]),
    {(INV, "Seller"): "ConsignorName", (PL, "Exporter"): "ConsignorName"},
    [((INV, "Seller"), "ConsignorName"), ([PL, "Exporter"], "ConsignorName")],
    [[INV, "Seller", "ConsignorName"], (PL, "Exporter", "ConsignorName")],
])
def test_mapping_from_every_shape(answer):
    assert as_mapping(answer, ["document", "label"], "element") == {
        (INV, "Seller"): "ConsignorName", (PL, "Exporter"): "ConsignorName"}


def test_blank_cells_of_a_table_are_empty_text():
    table = pd.DataFrame({"document": [INV, PL], "label": ["Seller", "Exporter"], "element": [None, float("nan")]})
    assert as_mapping(table, ["document", "label"], "element") == {(INV, "Seller"): "", (PL, "Exporter"): ""}
    assert [cell_text(v) for v in (None, float("nan"), pd.NA, 3, "x")] == ["", "", "", "3", "x"]


def test_groups_from_a_table_or_a_dict():
    table = pd.DataFrame([("g1", INV, "Seller"), ("g1", PL, "Exporter"), ("g2", BL, "Shipper")],
                         columns=["group", "document", "label"])
    as_dict = {"g1": [(INV, "Seller"), [PL, "Exporter"]], "g2": [(BL, "Shipper")]}
    expected = [[(INV, "Seller"), (PL, "Exporter")], [(BL, "Shipper")]]
    assert as_groups(table, "group", ["document", "label"]) == expected
    assert as_groups(as_dict, "group", ["document", "label"]) == expected
    with pytest.raises((TypeError, ValueError)):
        as_groups("g1", "group", ["document", "label"])


def test_names_from_a_set_a_list_or_one_column():
    assert as_names({"GrossWeight", "HSCode"}) == as_names(["HSCode", "GrossWeight", ""]) == {"GrossWeight", "HSCode"}
    assert as_names(pd.DataFrame({"element": ["HSCode"]})) == {"HSCode"}
    with pytest.raises(TypeError):
        as_names("GrossWeight")   # one text is not a set of names (it would be a set of letters)


def test_a_table_from_records_and_its_rows_by_id():
    table = as_table([{"label": "Date", "format": "date-iso"}, {"label": "Marks", "format": None}])
    assert missing_columns(table, ["label", "format", "unit"]) == ["unit"]
    assert rows_by(table, "label", ["format"]) == {"Date": {"format": "date-iso"}, "Marks": {"format": ""}}


# --- bounded reasons ------------------------------------------------------------------------

def test_reasons_are_bounded_and_the_rest_counted():
    reasons = listed(range(20), "en", lambda n: f"item {n}")
    assert reasons[:2] == ["item 0", "item 1"] and len(reasons) == SHOWN + 1
    assert reasons[-1] == f"... and {20 - SHOWN} more."
    assert listed(range(3), "en", str) == ["0", "1", "2"]
    chinese = listed(range(20), "zh", str)[-1]
    assert chinese != reasons[-1] and str(20 - SHOWN) in chinese


# --- keyed problems -------------------------------------------------------------------------

class Colours(KeyedProblem):
    id = "toolkit-colours"
    expects = "a set of colours"

    def public_key(self):
        return Key({"red"}, complete=False)

    def load_key(self):
        return {"red", "green", "blue"}

    def judge(self, answer, lang, key):
        score = score_set(as_names(answer), key.data)
        return self.graded(score.f1, key, lang, [f"missing {m}" for m in score.missing],
                           "All colours.", "{percent}% of the colours.")


def test_keyed_problem_gives_partial_credit_with_the_full_key():
    problem = Colours()
    full = Key(problem.load_key(), complete=True)
    outcome = problem.check({"red", "green"}, "en", full)
    assert outcome.status == INCORRECT and outcome.score == pytest.approx(0.8)
    assert outcome.message == "80% of the colours." and outcome.reasons == ["missing blue"]
    assert problem.check({"red", "green", "blue"}, "en", full).message == "All colours."


def test_keyed_problem_never_says_all_right_on_the_public_key_alone():
    outcome = Colours().check({"red"}, "en")
    assert outcome.status == CORRECT
    assert outcome.message == "Everything that can be checked here is right. Your trainer's grading checks the rest."


def test_keyed_problem_reads_no_full_key_outside_a_grading_process(monkeypatch):
    monkeypatch.delenv("COURSE_FULL_KEYS", raising=False)
    monkeypatch.setattr(keys, "_enabled", False)
    assert Colours().answer_key() is None
    monkeypatch.setenv("COURSE_FULL_KEYS", "1")
    assert Colours().answer_key().data == {"red", "green", "blue"}


def test_a_keyed_problem_must_say_how_to_read_its_keys():
    class Unfinished(KeyedProblem):
        id = "toolkit-unfinished"

    with pytest.raises(NotImplementedError, match="public_key"):
        Unfinished().check("anything")
    with pytest.raises(NotImplementedError, match="keys.path"):
        Unfinished().load_key()
