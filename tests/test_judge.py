"""The judge: same rules as the self-check, full key, limits that a pathological answer cannot escape.

The judge is a real process started as the grader starts it; every answer here arrives as
the plain data a kernel's capture would hand over.
"""
import re

import pytest

from course.checks import keys
from course.checks.answer_data import encode
from course.grading.judge import REFUSED, Judge, JudgeLimits
from course.grading.judging import outputs_for
from course.grading.tasks import Task

ECO_SAMPLE = "datasets/samples/eco/invalid-rules-net-exceeds-gross.xml"


@pytest.fixture(scope="module")
def judge():
    found = Judge()
    yield found
    found.stop()


def one(judge, exercise, answer, limits=JudgeLimits()):
    return judge.judge([{"exercise": exercise, "answer": encode(answer)}], "en", limits)[0]


def test_the_judge_applies_the_full_key(judge):
    from course.module02_data_harmonization import dataset

    with keys.grading():
        full = set(dataset.key_table("conflicts.csv")["element"])
    assert one(judge, "02-conflicts", full)["status"] == "correct"
    partial = one(judge, "02-conflicts", set(sorted(full)[:3]))
    assert partial["status"] == "incorrect" and 0 < partial["score"] < 1
    assert one(judge, "02-conflicts", None)["status"] == "not_attempted"


def test_a_keyless_problem_is_judged_the_same_as_in_the_self_check(judge):
    import course

    for answer in ("030343", "0303.43", "0303", "", "tuna"):
        mine = course.exercise("00-hs-subheading", lang="en").check(answer)
        judged = one(judge, "00-hs-subheading", answer)
        assert (judged["status"], judged["score"], judged["text"]) == (mine.status, mine.score, str(mine))


def test_an_answer_of_the_wrong_shape_is_incorrect_not_a_crash(judge):
    result = one(judge, "02-conflicts", {"$other": "object"})
    assert result["status"] == "incorrect"
    assert one(judge, "02-data-dictionary", [1, 2, 3])["status"] == "incorrect"


def huge_certificate(items: int = 5000) -> str:
    """A 3 MB certificate of origin whose every goods item breaks a business rule."""
    source = open(ECO_SAMPLE, encoding="utf-8").read()
    item = re.search(r"  <GoodsItem>.*?</GoodsItem>\n", source, re.S).group(0)
    return source.replace(item, "".join(item.replace("<SequenceNumber>1<", f"<SequenceNumber>{i + 1}<")
                                        for i in range(items)))


def test_a_slow_answer_gets_a_status_and_the_batch_goes_on(judge):
    results = judge.judge([{"exercise": "00-eco-document", "answer": encode(huge_certificate())},
                           {"exercise": "00-hs-subheading", "answer": encode("030343")}], "en", JudgeLimits(seconds=1))
    assert results[0] == {"status": REFUSED, "score": 0.0, "text": "time"}
    assert results[1]["status"] == "correct"


def test_a_greedy_answer_hits_the_memory_limit(judge):
    result = one(judge, "00-eco-document", huge_certificate(), JudgeLimits(memory_mb=1))
    assert result == {"status": REFUSED, "score": 0.0, "text": "memory"}


def test_a_3mb_certificate_with_thousands_of_rule_failures_is_explained_with_a_bounded_list(judge):
    result = one(judge, "00-eco-document", huge_certificate())
    assert result["status"] == "incorrect"
    assert 1 <= result["text"].count("Net weight must not be greater than gross weight") <= 50
    assert "5000 problems found" in result["text"]  # the count stays true when the list is capped


def test_refusals_earn_nothing_and_say_why_in_the_learners_language():
    task = Task("t", "02-conflicts", "conflicts", 2.0, True)
    for reason in ("time", "memory", "crash", "too_large"):
        outputs = outputs_for({"status": REFUSED, "score": 0.0, "text": reason}, task, "zh_Hans")
        assert [o["output_type"] for o in outputs] == ["error"]
        assert re.search(r"[\u4e00-\u9fff]", outputs[0]["evalue"]), outputs[0]["evalue"]


def test_outputs_follow_nbgraders_partial_credit():
    partial = Task("t", "02-conflicts", "conflicts", 2.0, True)
    whole = Task("t", "02-conflicts", "conflicts", 2.0, False)
    half = {"status": "incorrect", "score": 0.5, "text": "Incorrect: half"}
    assert [o["output_type"] for o in outputs_for(half, partial, "en")] == ["stream", "execute_result"]
    assert outputs_for(half, partial, "en")[1]["data"]["text/plain"] == "1.0"
    assert [o["output_type"] for o in outputs_for(half, whole, "en")] == ["error"]
    right = {"status": "correct", "score": 1.0, "text": "Correct: yes"}
    assert [o["output_type"] for o in outputs_for(right, whole, "en")] == ["stream"]
    idle = {"status": "not_attempted", "score": 0.0, "text": "Not attempted: write it"}
    assert [o["output_type"] for o in outputs_for(idle, partial, "en")] == ["error"]
