"""``course rehearse``: a whole workshop's grading, fabricated, before the real one.

Builds a throwaway course, releases the assignment, hands in N submissions made from the
solutions with realistic mistakes (wrong values, missing answers, invalid XML) and a few
hostile or broken notebooks, then grades, makes feedback and exports - as on the day.
"""
from __future__ import annotations

import copy
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import config as course_config
from .exchange import release
from .grade import grade, table
from .feedback import generate as generate_feedback
from .export import export
from .sandbox import Limits
from .trial import TrialCourse

SOLUTION = re.compile(r"### BEGIN SOLUTION\n.*?### END SOLUTION\n?", re.S)
FIRST_ASSIGNMENT = re.compile(r"^(\w+)\s*=\s*None", re.M)

# What a hostile participant puts in an answer cell (each must end with a clear status).
HOSTILE = {
    "exit": "import os\nos._exit(3)",
    "hang": "while True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        continue",
    "flood": "print('x' * (64 * 1024 * 1024))",
    "memory": "block = bytearray(20 * 1024 ** 3)",
    "fork": "import os\nfor _ in range(100000):\n    os.fork()",
    "snoop": "import os, course\nprint(os.listdir(str(course.paths.root() / 'solutions')))\nprint(open(str(course.paths.root() / 'workshop' / 'gradebook.db'), 'rb').read(64))",
    "socket": "import socket\nsocket.create_connection(('127.0.0.1', 22), timeout=2)",
}
BROKEN = ("invalid-json", "nbformat-3", "renamed", "reordered", "duplicated", "deleted-test", "edited-test")


@dataclass
class Plan:
    participant: str
    kind: str  # honest, mistakes, missing, hostile:<name>, broken:<name>


def plan(n: int, seed: int, hostile: bool = True) -> list[Plan]:
    """Who hands in what; without ``hostile``, only honest work, mistakes and missing answers."""
    rng = random.Random(seed)
    plans = []
    for i in range(n):
        roll = rng.random() if hostile else 1.0
        if roll < 0.08:
            kind = "hostile:" + rng.choice(sorted(HOSTILE))
        elif roll < 0.16:
            kind = "broken:" + rng.choice(BROKEN)
        else:
            kind = rng.choices(["honest", "mistakes", "missing"], weights=[3, 5, 2])[0]
        plans.append(Plan(f"p{i + 1:03d}", kind))
    return plans


def _answer_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")]


def fabricate(source: Path, released: Path, kind: str, rng: random.Random) -> dict[str, object]:
    """The files one participant hands in: notebook name -> notebook node or raw text."""
    files: dict[str, object] = {}
    for path in sorted(source.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        answers = _answer_cells(nb)
        if kind == "mistakes":
            for cell in rng.sample(answers, max(1, len(answers) // 2)):
                variable = FIRST_ASSIGNMENT.search(cell.source)
                if variable:
                    cell.source += (f"\nfrom course.grading.mistakes import degrade\n"
                                    f"{variable.group(1)} = degrade({variable.group(1)}, {rng.randrange(10**6)})")
        elif kind == "missing":
            stubs = {c.metadata["nbgrader"]["grade_id"]: c.source for c in _answer_cells(
                nbformat.read(released / path.name, as_version=4))}
            for cell in rng.sample(answers, max(1, len(answers) // 2)):
                cell.source = stubs.get(cell.metadata["nbgrader"]["grade_id"], cell.source)
        elif kind.startswith("hostile:") and answers:
            answers[0].source += "\n" + HOSTILE[kind.split(":", 1)[1]]
        files[path.name] = nb
    if kind.startswith("broken:"):
        _break(files, kind.split(":", 1)[1], rng)
    return files


def _break(files: dict, how: str, rng: random.Random) -> None:
    name = sorted(files)[0]
    nb = files[name]
    graded = [i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade")]
    if how == "invalid-json":
        files[name] = nbformat.writes(nb)[:-200]
    elif how == "nbformat-3":
        files[name] = nbformat.writes(nbformat.convert(copy.deepcopy(nb), 3), version=3)
    elif how == "renamed":
        files[name.replace(".ipynb", " (1).ipynb")] = files.pop(name)
    elif how == "reordered":
        nb.cells.reverse()
    elif how == "duplicated":
        nb.cells.insert(graded[0], copy.deepcopy(nb.cells[graded[0] - 1]))
    elif how == "deleted-test":
        del nb.cells[graded[0]]
    elif how == "edited-test":
        nb.cells[graded[0]].source = "pass  # changed by the participant"


def _submit(trial: TrialCourse, participant: str, assignment: str, files: dict) -> None:
    folder = trial.submit(participant, assignment, {})
    for name, content in files.items():
        text = content if isinstance(content, str) else nbformat.writes(content)
        (folder / name).write_text(text, encoding="utf-8")


def prepare(assignment: str, participants: int, seed: int, root: Path, hostile: bool = True) -> TrialCourse:
    """A throwaway course in ``root`` with the assignment released and the cohort's work handed in."""
    trial = TrialCourse(root)
    trial.release(assignment)  # copies the sources and builds the release
    source = trial.root / "solutions" / assignment
    released = trial.root / "exercises" / assignment
    rng = random.Random(seed)
    plans = plan(participants, seed, hostile)
    for p in plans:
        _submit(trial, p.participant, assignment, fabricate(source, released, p.kind, rng))
    (trial.root / "workshop" / "rehearsal-plan.json").write_text(
        json.dumps([vars(p) for p in plans], indent=1), encoding="utf-8")
    return trial


def rehearse(assignment: str, participants: int, seed: int, root: Path, workers: int | None = None,
             limits: Limits | None = None, out=print) -> dict:
    """Run the rehearsal in ``root`` (a new folder); returns the export summary."""
    trial = prepare(assignment, participants, seed, root)
    out(release(assignment, trial.root))
    out(f"{participants} submissions handed in; grading...")
    statuses = grade(assignment, trial.root, workers=workers, limits=limits)
    generate_feedback(assignment, trial.root)
    paths = export(assignment, trial.root)
    out(table(statuses))
    summary = json.loads(paths[-1].read_text(encoding="utf-8"))
    out("\nPer task: mean / max, most common failing check")
    for task in summary["tasks"]:
        common = task["failing_checks"][0]["message"] if task["failing_checks"] else "-"
        out(f"  {task['task']:<24} {task['mean']:5.2f} / {task['max_score']:g}   {shorten(common, 90)}")
    out(f"\nExports: {', '.join(str(p) for p in paths)}")
    out(next_steps(trial.root))
    return summary


def shorten(text: str, width: int) -> str:
    """``text`` on one line, cut at a word with "…" when longer than ``width``."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[:width - 1].rsplit(" ", 1)[0] if " " in text[:width - 1] else text[:width - 1]
    return cut.rstrip(" ,;:.") + "…"


def next_steps(root: Path) -> str:
    """How to look at the rehearsal's results: the cohort dashboard and the feedback pages."""
    folders = course_config.load(root).CourseDirectory
    gradebook = folders.db_url.removeprefix("sqlite:///")
    return (f"\nOpen the results in the cohort dashboard (from the course folder):\n"
            f"  COURSE_GRADEBOOK={gradebook} .venv/bin/voila dashboards/trainer_cohort.ipynb "
            "--Voila.config_file_paths=deploy/voila\n"
            f"Feedback pages, one per participant and assignment: "
            f"{root / folders.feedback_directory}/<participant>/<assignment>/")
