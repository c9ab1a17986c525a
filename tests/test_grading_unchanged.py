"""Judging outside the kernel changes who decides, not the grades: a rehearsal cohort of module 02
earns, task by task, exactly the points it earned when the hidden tests ran in the kernel.

``tests/data/rehearsal-02-scores.json`` holds the scores of that cohort (16 participants, seed 11,
honest work, realistic mistakes and missing answers) as graded by the earlier in-kernel pipeline.
"""
import json
from pathlib import Path

from nbgrader.api import Gradebook

from course.grading import rehearse
from course.grading.exchange import release
from course.grading.grade import GRADED, grade

BEFORE = json.loads((Path(__file__).parent / "data" / "rehearsal-02-scores.json").read_text())
ASSIGNMENT = "02-data-harmonization"


def test_a_rehearsal_cohort_earns_the_same_points_task_by_task(tmp_path):
    trial = rehearse.prepare(ASSIGNMENT, BEFORE["participants"], BEFORE["seed"], tmp_path / "course", hostile=False)
    plans = json.loads((trial.root / "workshop" / "rehearsal-plan.json").read_text())
    assert plans == BEFORE["plans"]  # the same cohort, fabricated the same way
    release(ASSIGNMENT, trial.root)
    statuses = grade(ASSIGNMENT, trial.root, workers=2, progress=False)
    assert {s.participant: s.status for s in statuses} == {p: GRADED for p in BEFORE["scores"]}
    now = {}
    with Gradebook(trial.config.CourseDirectory.db_url) as gradebook:
        for status in statuses:
            submission = gradebook.find_submission(ASSIGNMENT, status.participant)
            now[status.participant] = {g.name: float(g.score) for nb in submission.notebooks for g in nb.grades}
    before = {p: s["tasks"] for p, s in BEFORE["scores"].items()}
    assert now == before
    assert len({sum(tasks.values()) for tasks in now.values()}) > 3  # a spread of scores, not all zero or full
