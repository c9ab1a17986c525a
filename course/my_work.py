"""A participant's own copies of the graded exercises, outside the course's sources.

``exercises/`` is generated from ``solutions/`` and committed: ``course build`` rewrites it
and a test checks it is in step. Participants therefore never work there. On a laptop,
``course serve`` gives the participant a copy of every exercise in ``workshop/my-work/``
(see :func:`course.paths.work_folder`); an existing copy is never overwritten, so answers
survive ``course build``, ``course release`` and ``make test``. On a hub, nbgrader's
Assignment List fetches the copies into each participant's home instead.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from . import paths

LAPTOP_FOLDER = "my-work"
QUIZ_NOTEBOOK = "quiz.ipynb"   # quizzes have their own copies, made by the quiz form


def folder() -> Path:
    return paths.work_folder(LAPTOP_FOLDER)


def released(course_root: Path | None = None) -> list[str]:
    """The released graded exercises (quizzes excepted), by assignment name."""
    exercises = Path(course_root or paths.root()) / "exercises"
    return sorted(p.name for p in exercises.iterdir()
                  if p.is_dir() and any(p.glob("*.ipynb")) and not (p / QUIZ_NOTEBOOK).exists())


def start(assignment: str, into: Path | None = None) -> tuple[Path, list[str]]:
    """Copy the files of ``exercises/<assignment>`` that the participant's copy lacks.

    Returns the copy's folder and the files copied. Files already there are the
    participant's work and are left exactly as they are.
    """
    source = paths.root() / "exercises" / assignment
    if not source.is_dir():
        raise FileNotFoundError(f"There is no released exercise {assignment!r} in {source.parent}: "
                                f"choose one of {', '.join(released())}.")
    target = Path(into or folder()) / assignment
    copied = []
    for item in sorted(source.rglob("*")):
        if item.is_dir() or ".ipynb_checkpoints" in item.parts:
            continue
        destination = target / item.relative_to(source)
        if destination.exists():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(item, destination)
        copied.append(str(item.relative_to(source)))
    return target, copied


def start_all(into: Path | None = None) -> Path:
    """A copy of every released exercise (missing files only); the folder holding them."""
    for assignment in released():
        start(assignment, into)
    return Path(into or folder())
