"""How fast is ``course grade`` compared with plain serial nbgrader, and with the floor?

One rehearsal cohort (default 40 participants, module 02: two notebooks each; honest work,
mistakes and missing answers - no hostile notebooks, because plain nbgrader has no sandbox)
is copied twice. Side by side in one run:

  (a) ``course grade``: parallel workers, each notebook in the sandbox;
  (b) plain serial ``nbgrader autograde ASSIGNMENT`` on the identical copy, as nbgrader comes:
      the course's own grading steps removed from that copy's configuration, hidden tests run
      in the kernel with the full keys (``COURSE_FULL_KEYS=1``), no sandbox;
  (c) the fresh-kernel floor: an empty notebook executed with a new kernel, timed, times
      the number of notebooks, divided by the number of workers.

Prints both times, the speed-up (b / a), the ratio to the floor (a / c) and the peak memory
of each run (all processes of the run, sampled from /proc). Targets on a 2-core machine:
speed-up >= 2.5, ratio to floor <= 1.3. Always exits 0: a measurement, not a test.

    .venv/bin/python benchmarks/grading_speed.py [--participants N] [--workers W]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from course.grading.processes import descendants

from course.grading import rehearse
from course.grading.exchange import release
from course.grading.grade import GRADED, grade
from course.grading.sandbox import Limits

RESULTS = Path(__file__).resolve().parent / "results" / "grading_speed.json"
PAGE = os.sysconf("SC_PAGE_SIZE")
ASSIGNMENT = "02-data-harmonization"


class PeakMemory:
    """Peak resident memory of this process and all its descendants, sampled every 0.2 s."""

    def __init__(self):
        self.peak, self._stop = 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _tree_rss(self) -> int:
        total = 0
        for pid in [os.getpid(), *descendants(os.getpid())]:
            try:
                total += int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[21]) * PAGE
            except (OSError, IndexError, ValueError):
                continue
        return total

    def _run(self):
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, self._tree_rss())

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def fresh_kernel_seconds(repeats: int = 5) -> float:
    timings = []
    for _ in range(repeats):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
        started = time.perf_counter()
        NotebookClient(nb, kernel_name="python3").execute()
        timings.append(time.perf_counter() - started)
    return sorted(timings)[len(timings) // 2]


def plain_nbgrader(config: Path) -> None:
    """The course's configuration without its own grading steps: nbgrader's autograde as it comes."""
    text = config.read_text(encoding="utf-8")
    config.write_text(text.split("from course.grading.config import course_defaults")[0], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="grading-bench-"))
    trial = rehearse.prepare(ASSIGNMENT, args.participants, args.seed, scratch / "a", hostile=False)
    release(ASSIGNMENT, trial.root)
    shutil.copytree(scratch / "a", scratch / "b", symlinks=True)
    plain_nbgrader(scratch / "b" / "nbgrader_config.py")
    notebooks = len(list((trial.root / "exercises" / ASSIGNMENT).glob("*.ipynb"))) * args.participants

    with PeakMemory() as memory_a:
        started = time.perf_counter()
        statuses = grade(ASSIGNMENT, scratch / "a", workers=args.workers, limits=Limits(), progress=True)
        course_seconds = time.perf_counter() - started
    graded = sum(s.status == GRADED for s in statuses)

    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
               COURSE_FULL_KEYS="1")
    with PeakMemory() as memory_b:
        started = time.perf_counter()
        plain = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "autograde", ASSIGNMENT, "--force"],
                               cwd=scratch / "b", env=env, capture_output=True, text=True)
        nbgrader_seconds = time.perf_counter() - started

    kernel = fresh_kernel_seconds()
    floor = kernel * notebooks / args.workers
    figures = {
        "participants": args.participants, "notebooks": notebooks, "workers": args.workers,
        "course_grade_seconds": round(course_seconds, 1), "graded": graded,
        "nbgrader_serial_seconds": round(nbgrader_seconds, 1), "nbgrader_exit_status": plain.returncode,
        "fresh_kernel_seconds": round(kernel, 3), "floor_seconds": round(floor, 1),
        "speed_up": round(nbgrader_seconds / course_seconds, 2),
        "ratio_to_floor": round(course_seconds / floor, 2),
        "peak_memory_mb_course": round(memory_a.peak / 2**20), "peak_memory_mb_nbgrader": round(memory_b.peak / 2**20),
        "targets": {"speed_up": 2.5, "ratio_to_floor": 1.3},
    }
    print(f"\n{args.participants} participants, {notebooks} notebooks, {args.workers} workers")
    print(f"  course grade          {course_seconds:7.1f} s  ({graded} graded)  peak {figures['peak_memory_mb_course']} MB")
    print(f"  serial nbgrader       {nbgrader_seconds:7.1f} s  (exit {plain.returncode})  peak {figures['peak_memory_mb_nbgrader']} MB")
    print(f"  fresh-kernel floor    {floor:7.1f} s  ({kernel:.2f} s per empty notebook)")
    print(f"  speed-up {figures['speed_up']} (target >= 2.5); ratio to floor {figures['ratio_to_floor']} (target <= 1.3)")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=1))
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
