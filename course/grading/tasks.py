"""Which answer each graded task of a notebook grades, read from the notebook's own cells.

Authoring stays nbgrader's: a grade cell's hidden tests call ``EX.points(ANSWER, out_of=N)``
(partial credit) or ``EX.grade(ANSWER)`` (all or nothing), where ``EX = course.exercise("id")``
was set in an earlier cell. Cell metadata ``{"course": {"exercise": ..., "answer": ...}}`` can
say the same explicitly. The grader never runs those tests in the learner's kernel: it runs
:func:`capture_source` in their place, and judges the captured value elsewhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)
EXERCISE = re.compile(r"""^\s*(\w+)\s*=\s*course\.exercise\(\s*["']([\w-]+)["']""", re.M)
CALL = re.compile(r"\b(\w+)\.(points|grade)\(\s*(\w+)\s*(?:,\s*out_of\s*=\s*([0-9.]+))?")


@dataclass(frozen=True)
class Task:
    grade_id: str
    exercise: str
    answer: str  # the variable the task grades
    points: float
    partial: bool  # points(): a share of the points; grade(): all or nothing


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def is_graded_code(cell) -> bool:
    return cell.get("cell_type") == "code" and bool(_nbgrader(cell).get("grade")) and not _nbgrader(cell).get("solution")


def declared(cells) -> tuple[dict[str, Task], list[str]]:
    """The task of every graded code cell, and the grade ids of those that declare none."""
    exercises: dict[str, str] = {}
    tasks: dict[str, Task] = {}
    undeclared: list[str] = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = _source(cell)
        exercises.update(EXERCISE.findall(source))
        if not is_graded_code(cell):
            continue
        meta = _nbgrader(cell)
        task = _task(cell, source, exercises, meta)
        if task is None:
            undeclared.append(meta.get("grade_id", "?"))
        else:
            tasks[task.grade_id] = task
    return tasks, undeclared


def _task(cell, source: str, exercises: dict[str, str], meta: dict) -> Task | None:
    grade_id, points = meta.get("grade_id", ""), float(meta.get("points", 0) or 0)
    explicit = cell.get("metadata", {}).get("course", {}) or {}
    if explicit.get("exercise") and explicit.get("answer"):
        return Task(grade_id, explicit["exercise"], explicit["answer"], points, explicit.get("partial", True))
    hidden = HIDDEN.search(source)
    for ex_var, method, answer, out_of in CALL.findall(hidden.group(1) if hidden else source):
        if ex_var in exercises:
            return Task(grade_id, exercises[ex_var], answer, float(out_of) if out_of else points, method == "points")
    return None


def capture_source(task: Task) -> str:
    """The code run in the learner's kernel instead of the task's tests: hand its answer over as data."""
    return (f"__import__('course.checks.answer_data', fromlist=['emit']).emit("
            f"{task.grade_id!r}, {task.answer!r}, globals())")


def undeclared_source(grade_id: str) -> str:
    return f"# {grade_id}: this task names no answer the grader can capture"
