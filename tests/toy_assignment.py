"""A small graded assignment for grading tests: two tasks, one keyless and one with a full key."""
import json
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course.grading.trial import TrialCourse

ASSIGNMENT = "toy"
HIDDEN_MARK = "hidden-check-7f3a"  # appears only in the hidden tests


def _meta(grade_id, **flags):
    base = {"grade_id": grade_id, "solution": False, "grade": False, "locked": False, "schema_version": 3}
    return {"nbgrader": base | flags}


def source_notebook():
    return new_notebook(cells=[
        new_markdown_cell("# A small assignment", metadata=_meta("intro", locked=True)),
        new_code_cell("import course\nex_hs = course.exercise('00-hs-subheading')\n"
                      "ex_conflicts = course.exercise('02-conflicts')", metadata=_meta("setup", locked=True)),
        new_code_cell("answer = None\n### BEGIN SOLUTION\nanswer = '030343'\n### END SOLUTION",
                      metadata=_meta("answer", solution=True)),
        new_code_cell(f"ex_hs.check(answer)\n### BEGIN HIDDEN TESTS\n# {HIDDEN_MARK}\n"
                      "assert ex_hs.check('0303.43').correct\nex_hs.points(answer, out_of=2)\n### END HIDDEN TESTS",
                      metadata=_meta("00-hs-subheading", grade=True, locked=True, points=2)),
        new_code_cell("conflicts = None\n### BEGIN SOLUTION\nimport pandas as pd\nfrom course.module02_data_harmonization import dataset\n"
                      "conflicts = set(pd.read_csv(dataset.key('conflicts.csv'))['element'])\n### END SOLUTION",
                      metadata=_meta("conflicts", solution=True)),
        new_code_cell(f"ex_conflicts.check(conflicts)\n### BEGIN HIDDEN TESTS\n# {HIDDEN_MARK}\n"
                      "ex_conflicts.points(conflicts, out_of=2, key=ex_conflicts.problem.answer_key())\n"
                      "### END HIDDEN TESTS", metadata=_meta("02-conflicts", grade=True, locked=True, points=2)),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def solved(answer_code: str | None = None):
    nb = source_notebook()
    # The key is read in the *solution*, so a participant's copy solves it without the key file.
    conflicts = sorted(json.loads(json.dumps(list(_conflicts()))))
    nb.cells[4].source = f"conflicts = set({conflicts!r})"
    if answer_code is not None:
        nb.cells[2].source += "\n" + answer_code
    return nb


def _conflicts():
    from course.checks import keys
    from course.module02_data_harmonization import dataset

    with keys.grading():  # this test process plays the trainer
        return set(dataset.key_table("conflicts.csv")["element"])


def key_elements() -> set[str]:
    """The full key of the conflicts task: text no participant output may ever contain."""
    return _conflicts()


def new_trial(source_root: Path, course_root: Path) -> TrialCourse:
    """A throwaway course with the toy assignment released."""
    (source_root / "solutions" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(source_notebook(), source_root / "solutions" / ASSIGNMENT / "toy.ipynb")
    (source_root / "nbgrader_config.py").write_text((Path(__file__).parents[1] / "nbgrader_config.py").read_text())
    course = TrialCourse(course_root, course_root=source_root)
    course.release(ASSIGNMENT)
    return course


def hand_in(trial, participant, nb):
    folder = trial.submit(participant, ASSIGNMENT, {})
    text = nb if isinstance(nb, str) else nbformat.writes(nb)
    (folder / ("toy.ipynb" if not isinstance(nb, tuple) else nb[0])).write_text(text, encoding="utf-8")
