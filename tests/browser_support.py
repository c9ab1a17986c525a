"""Helpers for the dashboard tests and benchmark: gradebooks, a Voila server, Chromium.

- :func:`build_gradebook` writes a real nbgrader gradebook through nbgrader's own API
  (assignment, notebook, grade cells, participants, submissions, scores), fast enough for
  500 participants.
- :class:`Server` starts ``voila`` (or JupyterLab) on a free loopback port, waits until the
  port answers, fails fast if the process dies, and stops it.
- :func:`chromium` finds Debian's Chromium; :func:`launch` starts it headless through
  Playwright with the flags that keep it off the network.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VOILA_CONFIG = "deploy/voila"   # the course's settings for a standalone voila, as the dashboards README says
VENV_BIN = Path(sys.executable).parent
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INSTALL_HINT = ("Chromium is not installed: the browser tests need Debian's chromium "
                "(as root: apt-get install -y chromium).")

ASSIGNMENT = "02-data-harmonization"
NOTEBOOK = "02-harmonization-exercises"
TASKS = [("capture-inventory", 2.0), ("data-dictionary", 3.0), ("synonyms", 3.0), ("conflicts", 2.0),
         ("mapping", 4.0), ("instance-swds", 3.0), ("packing-list-xsd", 3.0)]
START = datetime(2026, 3, 16, 9, 0, 0)


# --- gradebooks ------------------------------------------------------------------------------

@dataclass
class BuiltGradebook:
    db_url: str
    path: Path
    scores: dict[str, list[float]]  # participant -> score per task (TASKS order)
    timestamps: dict[str, datetime]

    @property
    def max_total(self) -> float:
        return sum(m for _t, m in TASKS)

    @property
    def mean_total(self) -> float:
        totals = [sum(s) for s in self.scores.values()]
        return sum(totals) / len(totals)


def build_gradebook(path: Path, participants: int = 3, scores: dict[str, list[float]] | None = None,
                    seed: int = 2, course_id: str = "paperless-trade", absent: tuple[str, ...] = ()) -> BuiltGradebook:
    """A gradebook with one assignment, one notebook, the TASKS as grade cells and scored submissions.

    ``absent`` participants are registered but have not submitted anything.
    """
    from nbgrader.api import Gradebook

    from course.grading.config import tools_on_path

    tools_on_path()  # nbgrader runs `alembic` by name when it creates a gradebook
    path = Path(path)
    db_url = f"sqlite:///{path}"
    rng = random.Random(seed)
    if scores is None:
        scores = {f"p{i:03d}": [float(rng.choice([0, maximum / 2, maximum, maximum])) for _t, maximum in TASKS]
                  for i in range(1, participants + 1)}
    timestamps = {student: START + timedelta(minutes=7 * i + rng.randrange(5))
                  for i, student in enumerate(scores)}
    with warnings.catch_warnings(), Gradebook(db_url, course_id=course_id) as gradebook:
        warnings.simplefilter("ignore")  # SQLAlchemy "not in session" noise from nbgrader's add_submission
        engine = gradebook.engine
        with engine.connect() as connection:  # a throwaway file: skip fsync
            connection.exec_driver_sql("PRAGMA synchronous=OFF")
        gradebook.add_assignment(ASSIGNMENT, course_id=course_id)
        gradebook.add_notebook(NOTEBOOK, ASSIGNMENT)
        for task, maximum in TASKS:
            gradebook.add_grade_cell(task, NOTEBOOK, ASSIGNMENT, max_score=maximum, cell_type="code")
        for i, student in enumerate([*scores, *absent]):
            gradebook.add_student(student, first_name=f"Participant {i + 1}", last_name="Demo")
        gradebook.db.commit()
        for student, points in scores.items():
            submission = gradebook.add_submission(ASSIGNMENT, student, timestamp=timestamps[student].isoformat())
            by_name = {grade.cell.name: grade for grade in submission.notebooks[0].grades}
            for (task, _maximum), score in zip(TASKS, points):
                by_name[task].auto_score = score
                by_name[task].needs_manual_grade = False
        gradebook.db.commit()
    return BuiltGradebook(db_url, path, scores, timestamps)


def add_submission(built: BuiltGradebook, student: str, points: list[float], when: datetime,
                   course_id: str = "paperless-trade") -> None:
    """Hand in and score one more submission (as a later autograde would)."""
    from nbgrader.api import Gradebook

    with warnings.catch_warnings(), Gradebook(built.db_url, course_id=course_id) as gradebook:
        warnings.simplefilter("ignore")
        submission = gradebook.add_submission(ASSIGNMENT, student, timestamp=when.isoformat())
        by_name = {grade.cell.name: grade for grade in submission.notebooks[0].grades}
        for (task, _maximum), score in zip(TASKS, points):
            by_name[task].auto_score = score
            by_name[task].needs_manual_grade = False
        gradebook.db.commit()
    built.scores[student] = list(points)
    built.timestamps[student] = when


# --- servers ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerDied(RuntimeError):
    pass


class Server:
    """A process listening on 127.0.0.1:port, stopped on exit (with its children)."""

    def __init__(self, command: list[str], port: int, env: dict[str, str] | None = None, cwd: Path = ROOT,
                 log: Path | None = None):
        self.command, self.port, self.cwd = command, port, cwd
        self.env = {**os.environ, **(env or {})}
        self.log = log
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> "Server":
        out = open(self.log, "wb") if self.log else subprocess.DEVNULL
        self.process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, stdout=out,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = f"; see {self.log}:\n{self.log.read_text(errors='replace')[-3000:]}" if self.log else ""
                raise ServerDied(f"{self.command[0]} exited with {self.process.returncode}{tail}")
            with socket.socket() as s:
                s.settimeout(0.5)
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.1)
        self.stop()
        raise ServerDied(f"{self.command[0]} did not listen on port {self.port} within {timeout} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        except ProcessLookupError:
            pass

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def voila(notebook: Path, env: dict[str, str] | None = None, log: Path | None = None) -> Server:
    """``voila NOTEBOOK`` exactly as the dashboards README says, on a free loopback port."""
    port = free_port()
    command = [str(VENV_BIN / "voila"), str(notebook), "--no-browser", f"--port={port}",
               "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", f"--Voila.config_file_paths={VOILA_CONFIG}"]
    return Server(command, port, env=env, log=log)


def jupyterlab(token: str, env: dict[str, str] | None = None, log: Path | None = None) -> Server:
    """The workshop's JupyterLab (``course serve``'s command and Lab settings) with a known token.

    Its Lab settings and workspaces are its own (a new folder), so that servers of tests running
    at the same time, in other languages, never change each other's.
    """
    import tempfile

    from course.serve import lab_command, lab_environment

    port = free_port()
    command = lab_command(port) + [f"--IdentityProvider.token={token}"]
    lab = Path(tempfile.mkdtemp(prefix="lab-"))
    return Server(command, port, env={**lab_environment((env or {}).get("COURSE_LANG"), lab), **(env or {})}, log=log)


# --- the browser -----------------------------------------------------------------------------

def chromium() -> str | None:
    found = next((c for c in CHROMIUM_CANDIDATES if os.access(c, os.X_OK)), None)
    return found or shutil.which("chromium")


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS, headless=True)


def wait_interactive(page, timeout: float = 60_000) -> None:
    """Until the first button or drop-down of the page's widgets can be used."""
    page.wait_for_selector("button.jupyter-button:enabled, .widget-dropdown select:enabled",
                           state="visible", timeout=timeout)
