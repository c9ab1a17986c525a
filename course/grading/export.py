"""``course export``: grades as nbgrader's CSV, a Moodle grade-import CSV, and a JSON summary.

The summary gives, per task: the mean, every score (for a distribution chart) and the most
common reasons the checks gave for missing points, read from the autograded notebooks.
"""
from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from statistics import mean

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory

from . import config as course_config
from .grade import GRADED, load_statuses
from .outputs import failing_checks

TOP_CHECKS = 10


def export_folder(course_root: Path) -> Path:
    folder = Path(course_root) / "workshop" / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def summary(assignment: str, course_root: Path) -> dict:
    cfg = course_config.load(course_root)
    coursedir = CourseDirectory(config=cfg)
    statuses = load_statuses(course_root, assignment)
    tasks: dict[str, dict] = {}
    with Gradebook(cfg.CourseDirectory.db_url) as gradebook:
        for participant, status in sorted(statuses.items()):
            if status.status != GRADED:
                continue
            autograded = Path(coursedir.format_path(coursedir.autograded_directory, participant, assignment))
            for path in sorted(autograded.glob("*.ipynb")):
                cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c
                         for c in nbformat.read(path, as_version=4).cells}
                try:
                    notebook = gradebook.find_submission_notebook(path.stem, assignment, participant)
                except MissingEntry:
                    continue
                for grade in notebook.grades:
                    task = tasks.setdefault(grade.name, {"task": grade.name, "notebook": path.stem,
                                                          "max_score": float(grade.max_score), "scores": [],
                                                          "checks": Counter()})
                    task["scores"].append(float(grade.score))
                    if grade.score < grade.max_score and grade.name in cells:
                        task["checks"].update(failing_checks(cells[grade.name]))
    return {"assignment": assignment,
            "participants": len(statuses),
            "graded": sum(s.status == GRADED for s in statuses.values()),
            "not_graded": [{"participant": s.participant, "reason": s.reason}
                           for s in statuses.values() if s.status != GRADED],
            "tasks": [{"task": t["task"], "notebook": t["notebook"], "max_score": t["max_score"],
                       "mean": round(mean(t["scores"]), 3) if t["scores"] else 0.0,
                       "distribution": t["scores"],
                       "failing_checks": [{"message": m, "count": c} for m, c in t["checks"].most_common(TOP_CHECKS)]}
                      for t in sorted(tasks.values(), key=lambda t: (t["notebook"], t["task"]))]}


def _participants(course_root: Path) -> dict[str, dict]:
    path = Path(course_root) / "workshop" / "participants.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def export(assignment: str, course_root: Path) -> list[Path]:
    """Write the three exports; returns their paths."""
    folder = export_folder(course_root)
    data = summary(assignment, course_root)
    statuses = load_statuses(course_root, assignment)
    people = _participants(course_root)
    summary_path = folder / f"{assignment}-summary.json"
    summary_path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")

    nbgrader_path = folder / f"{assignment}-grades.csv"
    cfg = course_config.load(course_root)
    with Gradebook(cfg.CourseDirectory.db_url) as gradebook, nbgrader_path.open("w", newline="", encoding="utf-8") as out:
        # The columns of `nbgrader export` (its CSV plugin), for this assignment.
        writer = csv.writer(out)
        writer.writerow(["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name",
                         "email", "raw_score", "late_submission_penalty", "score", "max_score"])
        assignment_row = gradebook.find_assignment(assignment)
        for student in gradebook.students:
            try:
                sub = gradebook.find_submission(assignment, student.id)
            except MissingEntry:
                continue
            writer.writerow([assignment, assignment_row.duedate or "", sub.timestamp or "", student.id,
                             student.last_name or "", student.first_name or "", student.email or "",
                             sub.score, sub.late_submission_penalty, sub.score - sub.late_submission_penalty,
                             sub.max_score])

    moodle_path = folder / f"{assignment}-moodle.csv"
    with moodle_path.open("w", newline="", encoding="utf-8") as out:
        # Moodle's grade import maps the identifier column to a user field and each other
        # column to a grade item; participants not graded get no grade (left empty).
        writer = csv.writer(out)
        writer.writerow(["ID number", "Email address", assignment])
        for participant, status in sorted(statuses.items()):
            score = f"{status.score:g}" if status.status == GRADED else ""
            writer.writerow([participant, people.get(participant, {}).get("email", ""), score])
    return [nbgrader_path, moodle_path, summary_path]
