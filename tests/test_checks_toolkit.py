"""The shared checking toolkit on its own: scoring, answer shapes, bounded reasons, keyed problems."""
import pytest

from course.checks.scoring import score_grouping, score_mapping, score_set, score_table

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
