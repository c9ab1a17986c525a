"""Participants' work lives outside the course's sources and survives the trainer's commands.

On a copy of the course (so that the real exercises/ is never rebuilt under other tests), a
participant answers a task in their own copy (workshop/my-work/), and someone has also typed
into exercises/ directly, the old habit. Then `course release`, `course build` and the
in-step check that `make test` runs: the participant's copy is unchanged byte for byte, the
answer typed into exercises/ is kept under workshop/kept/, and exercises/ is in step again.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course import my_work

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "02-data-harmonization"
NOTEBOOK = "01-capture-define-analyse.ipynb"
ANSWER = "inventory = {'commercial_invoice': ['Invoice No.']}   # my first try\n"


def answer_first_task(path: Path, text: str) -> None:
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "capture-answer")
    cell.source = text
    nbformat.write(notebook, path)


def course(course_root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COURSE_ROOT": str(course_root)}
    env.pop("COURSE_WORK_DIR", None)
    # Not run from inside the copy: its course/i18n folder would shadow the package.
    run = subprocess.run([sys.executable, "-m", "course", *args], cwd=course_root.parent, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return run


@pytest.fixture
def laptop(tmp_path):
    """A copy of the course with what building and releasing module 02 reads."""
    root = tmp_path / "trainer-laptop"
    for part in ("solutions/" + ASSIGNMENT, "exercises/" + ASSIGNMENT, "course/i18n/content"):
        shutil.copytree(ROOT / part, root / part)
    shutil.copy2(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    return root


def test_start_copies_what_is_missing_and_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_WORK_DIR", raising=False)
    target, copied = my_work.start(ASSIGNMENT, into=tmp_path)
    assert target == tmp_path / ASSIGNMENT and NOTEBOOK in copied
    answer_first_task(target / NOTEBOOK, ANSWER)
    mine = (target / NOTEBOOK).read_bytes()
    again, copied_again = my_work.start(ASSIGNMENT, into=tmp_path)
    assert again == target and copied_again == []
    assert (target / NOTEBOOK).read_bytes() == mine
    (target / "README.md").unlink()                     # a lost file comes back, nothing else
    assert my_work.start(ASSIGNMENT, into=tmp_path)[1] == ["README.md"]


def test_start_refuses_an_unknown_exercise_and_says_which_exist(tmp_path):
    with pytest.raises(FileNotFoundError, match=ASSIGNMENT):
        my_work.start("02-data-harmonisation", into=tmp_path)


def test_quizzes_are_not_copied_here():
    assert ASSIGNMENT in my_work.released()
    assert not any(name.endswith(("-pre", "-post")) for name in my_work.released())


def test_work_folder_is_outside_the_sources(monkeypatch):
    monkeypatch.delenv("COURSE_WORK_DIR", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    assert my_work.folder() == ROOT / "workshop" / "my-work"
    assert "/workshop/" in (ROOT / ".gitignore").read_text() + "\n"


def test_answers_survive_release_build_and_the_in_step_check(laptop):
    run = course(laptop, "start", ASSIGNMENT)
    mine = laptop / "workshop" / "my-work" / ASSIGNMENT / NOTEBOOK
    assert str(mine.parent) in run.stdout
    answer_first_task(mine, ANSWER)
    answer_first_task(laptop / "exercises" / ASSIGNMENT / NOTEBOOK, "inventory = 'typed into exercises/'\n")
    before = mine.read_bytes()

    released = course(laptop, "release", ASSIGNMENT, "--course", str(laptop))
    assert f"workshop/my-work/{ASSIGNMENT}/" in released.stdout
    built = course(laptop, "build", ASSIGNMENT)
    assert "nothing is lost" in built.stdout
    check = course(laptop, "build", ASSIGNMENT, "--check")
    assert "in step" in check.stdout

    assert mine.read_bytes() == before                                   # the participant's copy
    kept = list((laptop / "workshop" / "kept").rglob(NOTEBOOK))
    assert len(kept) == 1 and "typed into exercises/" in kept[0].read_text()   # the in-place answer
    assert str(kept[0]) in built.stdout
    rebuilt = (laptop / "exercises" / ASSIGNMENT / NOTEBOOK).read_text()
    assert "typed into exercises/" not in rebuilt and "# YOUR CODE HERE" in rebuilt
