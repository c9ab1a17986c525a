"""A throwaway nbgrader course: release an assignment, submit notebooks, autograde them.

Used to prove that solutions earn full marks and untouched exercises earn nothing, and to
rehearse a workshop before it happens. Everything lives under one temporary folder with
its own SQLite gradebook; the real course is never touched.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook
from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory

from .. import paths
from . import config as course_config


@dataclass
class TaskResult:
    task: str
    score: float
    max_score: float
    output: str  # what the grade cell printed or raised, as the learner will see it


@dataclass
class GradedSubmission:
    student: str
    assignment: str
    tasks: list[TaskResult] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(t.score for t in self.tasks)

    @property
    def max_score(self) -> float:
        return sum(t.max_score for t in self.tasks)

    def task(self, name: str) -> TaskResult:
        return next(t for t in self.tasks if t.task == name)


def _cell_text(cell: dict) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append("".join(output.get("text", "")))
        elif output.get("output_type") == "error":
            parts.append(f"{output.get('ename')}: {output.get('evalue')}")
        elif "text/plain" in output.get("data", {}):
            parts.append("".join(output["data"]["text/plain"]))
    return "\n".join(parts)


class TrialCourse:
    def __init__(self, root: Path, course_root: Path | None = None):
        self.root = Path(root)
        self.source_root = Path(course_root or paths.root())
        (self.root / "solutions").mkdir(parents=True, exist_ok=True)
        shutil.copy(self.source_root / course_config.CONFIG_FILE, self.root / course_config.CONFIG_FILE)
        (self.root / "workshop").mkdir(exist_ok=True)
        # The same configuration file as the real course: every command reads it the same way.
        self.config = course_config.load(self.root)
        self.coursedir = CourseDirectory(config=self.config)
        self.api = NbGraderAPI(coursedir=self.coursedir, config=self.config)

    def release(self, assignment: str) -> Path:
        shutil.copytree(self.source_root / "solutions" / assignment, self.root / "solutions" / assignment,
                        dirs_exist_ok=True)
        result = self.api.generate_assignment(assignment, force=True, create=True)
        if not result.get("success"):
            raise RuntimeError(f"release of {assignment} failed:\n{result.get('log')}\n{result.get('error')}")
        return self.root / "exercises" / assignment

    def submit(self, student: str, assignment: str, notebooks: dict[str, Path | dict]) -> Path:
        """Hand in notebooks (name -> path or notebook JSON) as ``student``."""
        folder = Path(self.coursedir.format_path(self.coursedir.submitted_directory, student, assignment))
        folder.mkdir(parents=True, exist_ok=True)
        for name, notebook in notebooks.items():
            target = folder / name
            if isinstance(notebook, dict):
                target.write_text(json.dumps(notebook), encoding="utf-8")
            else:
                shutil.copy(notebook, target)
        (folder / "timestamp.txt").write_text("2026-03-16 09:00:00.000000 UTC")
        return folder

    def autograde(self, student: str, assignment: str) -> GradedSubmission:
        """Grade one submission as ``course grade`` does (sandbox, judge) and read the result back."""
        from .grade import GRADED, grade

        status = grade(assignment, self.root, participants=[student], workers=1, force=True, progress=False)[0]
        if status.status != GRADED:
            raise RuntimeError(f"autograde of {student} failed: {status.reason}")
        graded = GradedSubmission(student, assignment)
        autograded = Path(self.coursedir.format_path(self.coursedir.autograded_directory, student, assignment))
        with Gradebook(self.config.CourseDirectory.db_url) as gradebook:
            for notebook in sorted(autograded.glob("*.ipynb")):
                cells = {c["metadata"].get("nbgrader", {}).get("grade_id"): c
                         for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]}
                submitted = gradebook.find_submission_notebook(notebook.stem, assignment, student)
                for entry in sorted(submitted.grades, key=lambda g: g.name):
                    graded.tasks.append(TaskResult(entry.name, float(entry.score), float(entry.max_score),
                                                   _cell_text(cells.get(entry.name, {}))))
        return graded
