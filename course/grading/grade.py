"""``course grade``: autograde every participant in parallel, safely and honestly.

Work is split by participant: one worker process grades one participant at a time, so no
two workers ever touch the same participant; the SQLite gradebook is opened with a long
busy timeout and a grade is retried if the database stays locked. Each participant ends
with a status that says what happened, stored beside the grades so a re-run resumes
where the last one stopped.
"""
from __future__ import annotations

import json
import os
import re
import signal
import sys
import threading
import time
import warnings
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory

from . import config as course_config
from . import preflight, sandbox
from .execute import default_scratch
from .sandbox import Limits

GRADED, NOT_GRADED = "graded", "not graded"
LOCK_RETRIES = 3


@dataclass
class Status:
    participant: str
    status: str  # "graded" or "not graded"
    reason: str = ""  # why not graded
    notes: list[str] = field(default_factory=list)  # what was recovered or restored
    score: float = 0.0
    max_score: float = 0.0
    seconds: float = 0.0
    submitted_at: str = ""


def status_file(course_root: Path, assignment: str) -> Path:
    return Path(course_root) / "workshop" / "grading" / assignment / "status.json"


def load_statuses(course_root: Path, assignment: str) -> dict[str, Status]:
    path = status_file(course_root, assignment)
    if not path.exists():
        return {}
    return {s["participant"]: Status(**s) for s in json.loads(path.read_text(encoding="utf-8"))}


def save_statuses(course_root: Path, assignment: str, statuses: dict[str, Status]) -> None:
    path = status_file(course_root, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [asdict(statuses[p]) for p in sorted(statuses)]
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def participant_language(course_root: Path, participant: str) -> str | None:
    """A participant's language from ``workshop/participants.csv`` (columns id, lang), if set."""
    import csv

    path = Path(course_root) / "workshop" / "participants.csv"
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row.get("id") == participant:
                return row.get("lang") or None
    return None


def _course(course_root: Path, db_url: str | None):
    """The course's configuration (read once) and its folders."""
    cfg = course_config.load(course_root, **({"CourseDirectory": {"db_url": db_url}} if db_url else {}))
    return cfg, CourseDirectory(config=cfg)


def _submitted_at(coursedir: CourseDirectory, participant: str, assignment: str) -> str:
    stamp = Path(coursedir.format_path(coursedir.submitted_directory, participant, assignment)) / "timestamp.txt"
    return stamp.read_text().strip() if stamp.exists() else ""


def _autograde_config(cfg, limits: Limits, scratch: Path, unsandboxed: bool):
    """``cfg`` (which already autogrades in the sandbox, see ``config.course_defaults``) with this run's limits."""
    url = cfg.CourseDirectory.db_url
    if url.startswith("sqlite") and "timeout=" not in url:
        cfg.CourseDirectory.db_url = url + ("&" if "?" in url else "?") + "timeout=60"
    cfg.SandboxedExecute.limits = dict(vars(limits))
    cfg.SandboxedExecute.scratch = str(scratch)
    cfg.SandboxedExecute.unsandboxed = unsandboxed
    return cfg


class SandboxUnavailable(RuntimeError):
    """Learner code would run without the sandbox, and the trainer did not allow it."""


def require_sandbox(unsandboxed: bool) -> None:
    reason = sandbox.unavailable()
    if reason and not unsandboxed:
        raise SandboxUnavailable(
            f"Submissions were not graded: {reason}. Learner code runs only in the sandbox; to grade "
            "without it on a machine you trust, pass --without-sandbox.")


def quiet_gradebook_warnings() -> None:
    """nbgrader's gradebook emits harmless SQLAlchemy session warnings on every write."""
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)


def grade_participant(course_root: str, assignment: str, participant: str, limits: dict | None = None,
                      db_url: str | None = None, scratch: str | None = None, unsandboxed: bool = False) -> dict:
    """Grade one participant (runs in a worker process); returns a :class:`Status` as a dict."""
    started = time.monotonic()
    quiet_gradebook_warnings()
    course_root = Path(course_root)
    limits = Limits(**(limits or {}))
    cfg, coursedir = _course(course_root, db_url)
    submission = Path(coursedir.format_path(coursedir.submitted_directory, participant, assignment))
    release = Path(coursedir.format_path(coursedir.release_directory, ".", assignment))
    source = Path(coursedir.format_path(coursedir.source_directory, ".", assignment))
    status = Status(participant, NOT_GRADED, submitted_at=_submitted_at(coursedir, participant, assignment))
    try:
        status.notes = preflight.check(submission, release, source).notes
    except preflight.NotGradable as exc:
        status.reason = str(exc)
        status.seconds = round(time.monotonic() - started, 2)
        return asdict(status)
    lang = participant_language(course_root, participant)
    if lang:
        os.environ["COURSE_LANG"] = lang
    else:
        os.environ.pop("COURSE_LANG", None)
    cfg = _autograde_config(cfg, limits, Path(scratch) if scratch else default_scratch(), unsandboxed)
    from .execute import SandboxedExecute

    result = None
    budget = limits.notebook_seconds * max(1, len(list(release.glob("*.ipynb")))) + 120
    with _deadline(budget):
        for attempt in range(LOCK_RETRIES):
            api = NbGraderAPI(coursedir=CourseDirectory(config=cfg), config=cfg)
            result = api.autograde(assignment, participant, force=True, create=True)
            if result.get("success") or "database is locked" not in (result.get("log", "") + result.get("error", "")):
                break
            time.sleep(1 + attempt)
    if result is None:
        result = {"success": False, "log": f"GradingTimeout: grading took longer than {budget} s and was abandoned"}
    if SandboxedExecute.problem or not result.get("success"):
        status.reason = SandboxedExecute.problem or _first_error(result)
    else:
        status.status = GRADED
        status.score, status.max_score = _scores(cfg.CourseDirectory.db_url, assignment, participant)
    status.seconds = round(time.monotonic() - started, 2)
    return asdict(status)


class GradingTimeout(Exception):
    pass


@contextmanager
def _deadline(seconds: int):
    """Abandon the grading of one participant that takes far too long (a hung kernel start).

    Uses SIGALRM, so only in a process's main thread (worker processes); elsewhere (Dask
    threads) the per-notebook limits alone apply.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise GradingTimeout(f"grading took longer than {seconds} s and was abandoned")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    except GradingTimeout:
        pass
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _first_error(result: dict) -> str:
    lines = (result.get("log", "") + "\n" + result.get("error", "")).splitlines()
    for line in lines:
        if "NotebookStopped" in line:
            return line.split("NotebookStopped:", 1)[-1].strip()
    errors = [line.strip() for line in lines if re.match(r"\s*[\w.]+(Error|Exception): ", line)]
    detail = f": {errors[0][:200]}" if errors else " (see the grading log)"
    return f"the grader could not run this submission{detail}"


def _scores(db_url: str, assignment: str, participant: str) -> tuple[float, float]:
    with Gradebook(db_url) as gradebook:
        try:
            submission = gradebook.find_submission(assignment, participant)
        except MissingEntry:
            return 0.0, 0.0
        return float(submission.score), float(submission.max_score)


class Progress:
    """One line on the terminal: done/total, failures so far, elapsed and ETA."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.failed, self.stream = total, 0, 0, stream
        self.started = time.monotonic()

    def update(self, status: Status) -> None:
        self.done += 1
        self.failed += status.status != GRADED
        elapsed = time.monotonic() - self.started
        eta = elapsed / self.done * (self.total - self.done)
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} graded"
                          f"  not graded: {self.failed}  elapsed {elapsed:4.0f}s  eta {eta:4.0f}s")
        if self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()


def submitted_participants(coursedir: CourseDirectory, assignment: str) -> list[str]:
    folder = Path(coursedir.root) / coursedir.submitted_directory
    return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir()) if folder.is_dir() else []


def grade(assignment: str, course_root: Path, participants: list[str] | None = None, workers: int | None = None,
          force: bool = False, scheduler: str | None = None, limits: Limits | None = None,
          db_url: str | None = None, progress: bool = True, unsandboxed: bool = False) -> list[Status]:
    """Grade ``participants`` (default: everyone who submitted). Finished ones are skipped unless ``force``.

    Raises :class:`SandboxUnavailable` when the sandbox cannot run here, unless ``unsandboxed``.
    """
    require_sandbox(unsandboxed)
    course_root = Path(course_root)
    _cfg, coursedir = _course(course_root, db_url)
    everyone = participants or submitted_participants(coursedir, assignment)
    statuses = load_statuses(course_root, assignment)
    todo = [p for p in everyone if force or p not in statuses or statuses[p].status != GRADED
            or statuses[p].submitted_at != _submitted_at(coursedir, p, assignment)]
    bar = Progress(len(todo)) if progress and todo else None
    args = dict(limits=vars(limits or Limits()), db_url=db_url, unsandboxed=unsandboxed)
    for record in _run(todo, course_root, assignment, args, workers, scheduler):
        status = Status(**record)
        statuses[status.participant] = status
        save_statuses(course_root, assignment, statuses)  # after each one: an interrupted run resumes
        if bar:
            bar.update(status)
    return [statuses[p] for p in everyone if p in statuses]


def _run(todo, course_root, assignment, args, workers, scheduler):
    if not todo:
        return
    if scheduler:
        from distributed import Client, as_completed as dask_completed

        with Client(scheduler) as client:
            futures = [client.submit(grade_participant, str(course_root), assignment, p, pure=False, **args)
                       for p in todo]
            for future in dask_completed(futures):
                yield future.result()
        return
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(grade_participant, str(course_root), assignment, p, **args): p for p in todo}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # a worker itself died: say so, keep going
                yield asdict(Status(futures[future], NOT_GRADED, reason=f"the grading worker failed: {exc}"))


def table(statuses: list[Status]) -> str:
    """The final table: every participant, status, score and what happened."""
    rows = [("PARTICIPANT", "STATUS", "SCORE", "DETAILS")]
    for s in statuses:
        score = f"{s.score:g}/{s.max_score:g}" if s.status == GRADED else "-"
        details = s.reason if s.status != GRADED else "; ".join(s.notes)
        rows.append((s.participant, s.status, score, details))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return "\n".join(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]}".rstrip() for r in rows)
