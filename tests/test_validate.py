"""nbgrader's Validate tells the truth about a released exercise.

``nbgrader validate`` (what Lab's Validate button runs) on the participants' copy of an
exercise, as it is released: untouched, with half the tasks answered, and finished with the
solutions' answers. An unanswered task fails and is named; answered ones pass.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "02-data-harmonization"
NOTEBOOK = "01-capture-define-analyse.ipynb"
SOLUTION_MARKERS = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$\n?", re.M)


def answers() -> dict[str, str]:
    """The solutions' answer cells by grade id, without nbgrader's solution markers."""
    source = nbformat.read(ROOT / "solutions" / ASSIGNMENT / NOTEBOOK, as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: SOLUTION_MARKERS.sub("", c.source)
            for c in source.cells if c.metadata.get("nbgrader", {}).get("solution")}


def titles() -> dict[str, str]:
    """Each graded task's title, as the self-check names it."""
    from course.checks import catalog

    released = nbformat.read(ROOT / "exercises" / ASSIGNMENT / NOTEBOOK, as_version=4)
    found = {}
    for cell in released.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            found[meta["grade_id"]] = str(catalog.get(meta["grade_id"]).title)
    return found


def validate(tmp_path: Path, answered: set[str]) -> str:
    """Answer the tasks whose answer cells are in ``answered``, then run nbgrader validate."""
    folder = tmp_path / ASSIGNMENT
    shutil.copytree(ROOT / "exercises" / ASSIGNMENT, folder)
    notebook = nbformat.read(folder / NOTEBOOK, as_version=4)
    solutions = answers()
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answered:
            cell.source = solutions[grade_id]
    nbformat.write(notebook, folder / NOTEBOOK)
    result = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "validate", str(folder / NOTEBOOK)],
                            cwd=folder, capture_output=True, text=True, timeout=600,
                            env={**__import__("os").environ, "COURSE_LANG": "en"})
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def tasks():
    names = titles()
    assert len(names) >= 4, names
    return names


def test_untouched_exercise_fails_and_names_every_task(tmp_path, tasks):
    report = validate(tmp_path, answered=set())
    assert "Success! Your notebook passes all the tests." not in report
    assert f"VALIDATION FAILED ON {len(tasks)} CELL(S)" in report, report
    for title in tasks.values():
        assert f"Not finished: {title[:50]}" in report   # nbgrader cuts lines at 90 characters
    assert "Not attempted" in report


def test_partly_done_exercise_fails_on_the_rest_only(tmp_path, tasks):
    all_answers = list(answers())   # in the notebook's order: later answers may build on earlier ones
    done = set(all_answers[: len(all_answers) // 2])
    report = validate(tmp_path, answered=done)
    failing = len(all_answers) - len(done)
    assert f"VALIDATION FAILED ON {failing} CELL(S)" in report, report
    assert report.count("Not finished: ") == failing


def test_finished_exercise_passes(tmp_path, tasks):
    report = validate(tmp_path, answered=set(answers()))
    assert "Success! Your notebook passes all the tests." in report, report
    assert "Not finished" not in report
