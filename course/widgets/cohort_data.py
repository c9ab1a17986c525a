"""A cohort's grades as pandas tables: the data behind the trainer dashboard, without widgets.

Sources:

- the nbgrader gradebook (``nbgrader.api.Gradebook``): participants, submissions and their
  timestamps, and the score of every graded cell (a *task*). Its address is
  ``COURSE_GRADEBOOK`` (a database URL or the path of an SQLite file) or else the course's
  ``CourseDirectory.db_url``;
- when present, the grading summary JSON written by the grading pipeline
  (``COURSE_SUMMARY``, else ``workshop/exports/<assignment>-summary.json``), whose
  ``failing_checks`` give the most common messages of failed checks;
- without a summary, the autograded notebooks themselves (``COURSE_AUTOGRADED``, else the
  ``autograded`` folder beside an SQLite gradebook, else the course's autograded folder):
  the output of every grade cell that lost points, one count per participant.
"""
from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import paths
from ..grading.outputs import failing_checks as checks_in_cell

GRADE_COLUMNS = ["assignment", "student", "notebook", "cell", "task", "score", "max_score", "graded"]
TASK_COLUMNS = ["assignment", "notebook", "cell", "task", "max_score"]
SUBMISSION_COLUMNS = ["assignment", "student", "timestamp"]
STUDENT_COLUMNS = ["student", "first_name", "last_name"]
FAILING_COLUMNS = ["task", "message", "count"]


# --- where things are ----------------------------------------------------------------------

def _config():
    from ..grading import config

    return config.load()


def default_db_url() -> str:
    """``COURSE_GRADEBOOK`` (URL or SQLite file path), else the course configuration's db_url."""
    override = os.environ.get("COURSE_GRADEBOOK", "").strip()
    if override:
        return override if "://" in override else f"sqlite:///{Path(override).expanduser().resolve()}"
    return _config().CourseDirectory.db_url


def course_id() -> str:
    try:
        return _config().CourseDirectory.course_id or "default_course"
    except Exception:  # an unreadable configuration must not hide the grades
        return "default_course"


def sqlite_file(db_url: str) -> Path | None:
    """The file of an ``sqlite:///`` URL (None for other databases and in-memory SQLite)."""
    if db_url.startswith("sqlite:///") and len(db_url) > len("sqlite:///"):
        return Path(db_url[len("sqlite:///"):])
    return None


def describe_location(db_url: str) -> str:
    file = sqlite_file(db_url)
    return str(file) if file is not None else re.sub(r"//[^@/]*@", "//", db_url)  # hide credentials


def summary_path(assignment: str) -> Path:
    override = os.environ.get("COURSE_SUMMARY", "").strip()
    if override:
        return Path(override).expanduser()
    return paths.root() / "workshop" / "exports" / f"{assignment}-summary.json"


def autograded_folder(db_url: str | None = None) -> Path | None:
    """Where the autograded notebooks are, if anywhere."""
    candidates = []
    override = os.environ.get("COURSE_AUTOGRADED", "").strip()
    if override:
        candidates.append(Path(override).expanduser())
    file = sqlite_file(db_url or "")
    if file is not None:
        candidates.append(file.parent / "autograded")
    try:
        config = _config()
        candidates.append(Path(config.CourseDirectory.root) / config.CourseDirectory.autograded_directory)
    except Exception:
        pass
    return next((c for c in candidates if c.is_dir()), None)


# --- the gradebook -------------------------------------------------------------------------

@dataclass
class Cohort:
    """Everything the dashboard shows, read in one go from the gradebook."""

    db_url: str
    found: bool = True
    students: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=STUDENT_COLUMNS))
    assignment_names: list[str] = field(default_factory=list)
    tasks: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TASK_COLUMNS))
    submissions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SUBMISSION_COLUMNS))
    grades: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=GRADE_COLUMNS))

    @property
    def location(self) -> str:
        return describe_location(self.db_url)

    @property
    def empty(self) -> bool:
        return self.submissions.empty

    def default_assignment(self) -> str | None:
        """The assignment submitted most recently (else the first one)."""
        if not self.submissions.empty and self.submissions["timestamp"].notna().any():
            latest = self.submissions.sort_values("timestamp", na_position="first").iloc[-1]
            return latest["assignment"]
        return self.assignment_names[0] if self.assignment_names else None


def read_gradebook(db_url: str | None = None) -> Cohort:
    """Read the gradebook at ``db_url`` (default: :func:`default_db_url`) into a :class:`Cohort`.

    A missing SQLite file is reported as ``found=False`` and is not created.
    """
    db_url = db_url or default_db_url()
    file = sqlite_file(db_url)
    if file is not None and not file.is_file():
        return Cohort(db_url, found=False)
    from ..grading.config import tools_on_path
    from .gradebook_reader import read_rows

    tools_on_path()  # nbgrader runs `alembic` by name when the database has no tables yet
    return cohort_from_rows(db_url, read_rows(db_url, course_id()))


def cohort_from_rows(db_url: str, rows: dict) -> Cohort:
    """The tables of a :class:`Cohort` from the rows :func:`gradebook_reader.read_rows` returns."""
    cells = rows["cells"]
    # A task is a graded cell; its notebook is named too when two notebooks share a cell name.
    shared = Counter((assignment, cell) for _id, assignment, _nb, cell, _max in cells)
    by_id = {}
    for cell_id, assignment, notebook, cell, max_score in cells:
        task = f"{notebook}/{cell}" if shared[(assignment, cell)] > 1 else cell
        by_id[cell_id] = (assignment, notebook, cell, task, float(max_score or 0))
    tasks = pd.DataFrame(sorted(by_id.values()), columns=TASK_COLUMNS)
    grades = []
    for assignment, student, cell_id, score, auto, manual in rows["grades"]:
        _a, notebook, cell, task, max_score = by_id.get(cell_id, (assignment, "", cell_id, cell_id, 0.0))
        grades.append((assignment, student, notebook, cell, task, float(score or 0.0), max_score,
                       auto is not None or manual is not None))
    submissions = pd.DataFrame(rows["submissions"], columns=SUBMISSION_COLUMNS)
    submissions["timestamp"] = pd.to_datetime(submissions["timestamp"], errors="coerce")
    return Cohort(db_url, True, pd.DataFrame(rows["students"], columns=STUDENT_COLUMNS),
                  list(rows["assignment_names"]), tasks, submissions, pd.DataFrame(grades, columns=GRADE_COLUMNS))


# --- tables for one assignment -------------------------------------------------------------

def task_names(cohort: Cohort, assignment: str) -> list[str]:
    tasks = cohort.tasks[cohort.tasks["assignment"] == assignment]
    return list(tasks.sort_values(["notebook", "cell"])["task"])


def participants_table(cohort: Cohort, assignment: str) -> pd.DataFrame:
    """One row per participant: when they submitted, the score of each task, total and percent.

    Participants who have not submitted are listed too (no timestamp, no scores).
    """
    tasks = task_names(cohort, assignment)
    maximum = float(cohort.tasks[cohort.tasks["assignment"] == assignment]["max_score"].sum())
    grades = cohort.grades[cohort.grades["assignment"] == assignment]
    scores = grades.pivot_table(index="student", columns="task", values="score", aggfunc="sum") \
        if not grades.empty else pd.DataFrame()
    graded = grades.groupby("student")["graded"].any() if not grades.empty else pd.Series(dtype=bool)
    submitted = cohort.submissions[cohort.submissions["assignment"] == assignment].set_index("student")["timestamp"]
    people = cohort.students.set_index("student")
    everyone = sorted(set(people.index) | set(submitted.index))
    rows = []
    for student in everyone:
        first = people["first_name"].get(student) if student in people.index else None
        last = people["last_name"].get(student) if student in people.index else None
        name = " ".join(str(part) for part in (first, last) if part and str(part) != "nan")
        row = {"participant": student, "name": name,
               "submitted": submitted.get(student) if student in submitted.index else pd.NaT,
               "graded": bool(graded.get(student, False))}
        has_scores = student in scores.index and row["graded"]
        for task in tasks:
            value = scores.at[student, task] if has_scores and task in scores.columns else math.nan
            row[task] = value
        row["total"] = sum(row[t] for t in tasks if not pd.isna(row[t])) if has_scores else math.nan
        row["max_score"] = maximum
        row["percent"] = round(100 * row["total"] / maximum, 1) if has_scores and maximum else math.nan
        rows.append(row)
    columns = ["participant", "name", "submitted", "graded", *tasks, "total", "max_score", "percent"]
    return pd.DataFrame(rows, columns=columns)


def tasks_table(cohort: Cohort, assignment: str) -> pd.DataFrame:
    """Per task: points available, how many graded, mean, median, full marks and zero scores."""
    grades = cohort.grades[(cohort.grades["assignment"] == assignment) & cohort.grades["graded"]]
    rows = []
    for task in task_names(cohort, assignment):
        max_score = float(cohort.tasks[(cohort.tasks["assignment"] == assignment)
                                       & (cohort.tasks["task"] == task)]["max_score"].iloc[0])
        scores = grades[grades["task"] == task]["score"]
        rows.append({"task": task, "max_score": max_score, "graded": int(scores.size),
                     "mean": round(float(scores.mean()), 2) if scores.size else math.nan,
                     "median": round(float(scores.median()), 2) if scores.size else math.nan,
                     "full_marks": int((scores >= max_score - 1e-9).sum()) if max_score else 0,
                     "zero": int((scores <= 1e-9).sum())})
    return pd.DataFrame(rows, columns=["task", "max_score", "graded", "mean", "median", "full_marks", "zero"])


def completion(cohort: Cohort, assignment: str) -> pd.DataFrame:
    """Submissions over time: each timestamp with the number submitted so far."""
    times = cohort.submissions[cohort.submissions["assignment"] == assignment]["timestamp"].dropna().sort_values()
    return pd.DataFrame({"timestamp": times.to_numpy(), "submitted": range(1, len(times) + 1)})


@dataclass
class Overview:
    participants: int  # in the gradebook
    submitted: int  # of this assignment
    graded: int
    mean: float  # mean total of the graded submissions (nan when none)
    max_score: float

    @property
    def mean_percent(self) -> float:
        return 100 * self.mean / self.max_score if self.max_score and not math.isnan(self.mean) else math.nan


def overview(cohort: Cohort, assignment: str, table: pd.DataFrame | None = None) -> Overview:
    table = participants_table(cohort, assignment) if table is None else table
    graded = table[table["graded"]]
    maximum = float(cohort.tasks[cohort.tasks["assignment"] == assignment]["max_score"].sum())
    return Overview(participants=len(cohort.students), submitted=int(table["submitted"].notna().sum()),
                    graded=len(graded), mean=float(graded["total"].mean()) if len(graded) else math.nan,
                    max_score=maximum)


# --- the grading summary -------------------------------------------------------------------

@dataclass
class TaskSummary:
    task: str
    max_score: float | None = None
    mean: float | None = None
    distribution: list[float] = field(default_factory=list)
    failing_checks: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Summary:
    assignment: str | None
    tasks: list[TaskSummary]
    path: Path


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def read_summary(path: Path) -> tuple[Summary | None, str | None]:
    """The summary at ``path`` and, when it cannot be used, why (None, None: there is none).

    Read defensively: unknown keys are ignored, malformed tasks or checks are skipped.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return None, f"{type(exc).__name__}: {str(exc)[:200]}"
    if not isinstance(data, dict):
        return None, "the file does not hold a JSON object"
    assignment = data.get("assignment") if isinstance(data.get("assignment"), str) else None
    tasks = []
    for item in data.get("tasks") or []:
        if not isinstance(item, dict) or not isinstance(item.get("task"), (str, int)):
            continue
        checks = []
        for check in item.get("failing_checks") or []:
            if isinstance(check, dict) and isinstance(check.get("message"), str) and check["message"].strip():
                count = _number(check.get("count"))
                checks.append((check["message"].strip(), int(count) if count is not None else 1))
            elif isinstance(check, str) and check.strip():
                checks.append((check.strip(), 1))
        raw = item.get("distribution")
        distribution = [n for n in map(_number, raw) if n is not None] if isinstance(raw, list) else []
        tasks.append(TaskSummary(str(item["task"]), _number(item.get("max_score")), _number(item.get("mean")),
                                 distribution, checks))
    return Summary(assignment, tasks, Path(path)), None


# --- the most common failing checks ---------------------------------------------------------

def output_lines(cell: dict) -> list[str]:
    """What a grade cell said when it failed: the check's message and its reasons, one per line."""
    return checks_in_cell(cell, keep_status=False)


def failing_from_notebooks(cohort: Cohort, assignment: str, folder: Path) -> pd.DataFrame:
    """Count, per task, the lines the failed grade cells printed (each participant once)."""
    grades = cohort.grades[(cohort.grades["assignment"] == assignment) & cohort.grades["graded"]
                           & (cohort.grades["score"] < cohort.grades["max_score"] - 1e-9)]
    counts: Counter = Counter()
    for (student, notebook), failed in grades.groupby(["student", "notebook"]):
        path = folder / str(student) / assignment / f"{notebook}.ipynb"
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        wanted = dict(zip(failed["cell"], failed["task"]))
        for cell in cells:
            grade_id = (cell.get("metadata", {}).get("nbgrader") or {}).get("grade_id")
            if grade_id in wanted:
                for line in output_lines(cell):
                    counts[(wanted[grade_id], line)] += 1
    rows = [(task, message, count) for (task, message), count in counts.items()]
    return sort_failing(pd.DataFrame(rows, columns=FAILING_COLUMNS))


def failing_from_summary(summary: Summary) -> pd.DataFrame:
    rows = [(task.task, message, count) for task in summary.tasks for message, count in task.failing_checks]
    return sort_failing(pd.DataFrame(rows, columns=FAILING_COLUMNS))


def sort_failing(table: pd.DataFrame) -> pd.DataFrame:
    return table.sort_values(["count", "task", "message"], ascending=[False, True, True]).reset_index(drop=True)


def failing_checks(cohort: Cohort, assignment: str, summary: Summary | None = None,
                   folder: Path | None = None) -> tuple[pd.DataFrame, str | None]:
    """The most common failing checks and where they come from: "summary", "notebooks" or None."""
    if summary is not None and (summary.assignment in (None, assignment)):
        return failing_from_summary(summary), "summary"
    folder = folder if folder is not None else autograded_folder(cohort.db_url)
    if folder is not None and folder.is_dir():
        return failing_from_notebooks(cohort, assignment, folder), "notebooks"
    return pd.DataFrame(columns=FAILING_COLUMNS), None


def to_csv(table: pd.DataFrame) -> str:
    out = table.copy()
    if "submitted" in out.columns:
        out["submitted"] = out["submitted"].map(lambda t: "" if pd.isna(t) else pd.Timestamp(t).isoformat())
    return out.to_csv(index=False)


# --- reading in another process ------------------------------------------------------------
# nbgrader takes about two seconds of CPU to import. The dashboard's first reading runs it in
# a separate process (gradebook_reader.py as a script: nbgrader only, no pandas, no course),
# so the page's own kernel stays free to answer the browser meanwhile.

class GradebookUnreadable(RuntimeError):
    """The gradebook could not be read (a damaged or locked database, a missing driver)."""


class _Found:
    """Stands in for a reading process when there is nothing to read (no gradebook file)."""

    def __init__(self, db_url: str):
        self.db_url = db_url


def start_reading_elsewhere(db_url: str | None = None):
    """Start reading the gradebook in a fresh Python process (same environment); returns the process."""
    import subprocess
    import sys

    from ..grading.config import tools_on_path
    from . import gradebook_reader

    db_url = db_url or default_db_url()
    file = sqlite_file(db_url)
    if file is not None and not file.is_file():
        return _Found(db_url)
    tools_on_path()
    process = subprocess.Popen([sys.executable, gradebook_reader.__file__, db_url, course_id()],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONWARNINGS": "ignore"})
    process.db_url = db_url
    return process


def finish_reading_elsewhere(process, timeout: float = 300) -> Cohort:
    """The :class:`Cohort` read by the process :func:`start_reading_elsewhere` started."""
    if isinstance(process, _Found):
        return Cohort(process.db_url, found=False)
    try:
        out, err = process.communicate(timeout=timeout)
    except Exception:
        process.kill()
        process.communicate()
        raise
    if process.returncode != 0:
        lines = [line.strip() for line in err.splitlines() if line.strip()]
        errors = [line for line in lines if re.match(r"^[\w.]+(Error|Exception|Refused)\b", line)]
        raise GradebookUnreadable((errors or lines or [f"exit status {process.returncode}"])[-1][:400])
    return cohort_from_rows(process.db_url, json.loads(out))


def read_gradebook_elsewhere(db_url: str | None = None, timeout: float = 300) -> Cohort:
    """:func:`read_gradebook`, run in a fresh Python process."""
    return finish_reading_elsewhere(start_reading_elsewhere(db_url), timeout)
