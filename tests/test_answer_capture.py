"""Answers leave the kernel as plain data and come back as the values the rules expect.

Every graded task of every assignment names the answer it grades, so the grader can capture it.
"""
import json
import math

import pandas as pd
import pytest

from course import paths
from course.checks.answer_data import MAX_BYTES, TooLarge, Unsupported, encode, rebuild
from course.grading import tasks


def roundtrip(value):
    return rebuild(json.loads(json.dumps(encode(value))))


@pytest.mark.parametrize("value", [
    None, True, 3, -2.5, "0303.43", "中文", [1, "a", None], ("invoice", "Seller"),
    {("commercial_invoice", "Seller"): "ConsignorName"}, {"GrossWeight", "NetWeight"},
    {"a": [("x", 1), ("y", 2)]}, b"<xml/>", frozenset({1, 2}),
])
def test_plain_values_come_back_as_they_were(value):
    back = roundtrip(value)
    assert back == (set(value) if isinstance(value, frozenset) else value)
    assert type(back) is (set if isinstance(value, frozenset) else type(value))


def test_special_floats():
    assert math.isnan(roundtrip(float("nan"))) and roundtrip(float("inf")) == float("inf")


def test_tables_come_back_as_tables():
    table = pd.DataFrame({"document": ["packing_list", "bill_of_lading"], "label": ["Gross Wt.", None],
                          "weight": [9970, 12.5]})
    back = roundtrip(table)
    assert isinstance(back, pd.DataFrame)
    assert list(back.columns) == ["document", "label", "weight"]
    assert back["document"].tolist() == ["packing_list", "bill_of_lading"]
    assert back["label"].isna().tolist() == [False, True]
    indexed = roundtrip(table.set_index("document"))
    assert indexed.index.name == "document" and indexed.loc["packing_list", "weight"] == 9970
    series = roundtrip(table["weight"])
    assert isinstance(series, pd.Series) and series.tolist() == [9970, 12.5]


def test_numpy_values_become_numbers():
    import numpy as np

    assert roundtrip(np.int64(7)) == 7 and roundtrip(np.array([1.5, 2.0])) == [1.5, 2.0]


def test_objects_of_other_types_do_not_pass_as_data():
    class Sneaky:
        def __eq__(self, other):
            return True

    back = roundtrip(Sneaky())
    assert isinstance(back, Unsupported) and back != "0303.43"
    assert isinstance(roundtrip([Sneaky()])[0], Unsupported)


def test_hand_made_data_cannot_smuggle_objects():
    assert isinstance(rebuild({"$pickle": "gASV"}), Unsupported)
    assert isinstance(rebuild({"status": "correct", "score": 1}), Unsupported)
    assert isinstance(rebuild({"$float": "__import__('os')"}), Unsupported)
    assert isinstance(rebuild({"$set": [[1, 2]]}), Unsupported)


def test_size_and_depth_are_capped():
    with pytest.raises(TooLarge):
        encode("x" * (MAX_BYTES + 1))
    with pytest.raises(TooLarge):
        encode(list(range(MAX_BYTES // 4)))
    deep = []
    for _ in range(100):
        deep = [deep]
    with pytest.raises(TooLarge):
        encode(deep)


def test_every_graded_task_names_its_answer():
    """A grade cell that declares no answer could not be judged: every source must declare one."""
    sources = sorted((paths.root() / "solutions").glob("*/*.ipynb"))
    assert sources
    for notebook in sources:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        declared, undeclared = tasks.declared(cells)
        assert undeclared == [], f"{notebook}: grade cells without a declared answer: {undeclared}"
        for task in declared.values():
            assert task.exercise and task.answer and task.points > 0, task


def test_a_declaration_is_read_from_the_hidden_tests():
    cells = [
        {"cell_type": "code", "source": "import course\nex = course.exercise('02-conflicts')", "metadata": {}},
        {"cell_type": "code", "metadata": {"nbgrader": {"grade": True, "grade_id": "t1", "points": 3}},
         "source": "ex.check(mine)\n### BEGIN HIDDEN TESTS\nex.points(mine, out_of=3)\n### END HIDDEN TESTS"},
        {"cell_type": "code", "metadata": {"nbgrader": {"grade": True, "grade_id": "t2", "points": 1}},
         "source": "### BEGIN HIDDEN TESTS\nex.grade(other)\n### END HIDDEN TESTS"},
        {"cell_type": "code", "metadata": {"nbgrader": {"grade": True, "grade_id": "t3", "points": 1}},
         "source": "assert 1 + 1 == 2"},
    ]
    declared, undeclared = tasks.declared(cells)
    assert declared["t1"] == tasks.Task("t1", "02-conflicts", "mine", 3.0, True)
    assert declared["t2"] == tasks.Task("t2", "02-conflicts", "other", 1.0, False)
    assert undeclared == ["t3"]
