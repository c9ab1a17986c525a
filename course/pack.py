"""``course pack participants``: the course as participants may have it, and nothing more.

Lessons, exercises, datasets, dashboards and the course package, for nbgitpuller, a USB stick
or a room without a hub; never the graded sources (``solutions/``), answer keys, hidden
instances, the gradebook or anyone's work. The bundle runs as it is: ``make workshop`` in it,
or ``COURSE_ROOT=<bundle> PYTHONPATH=<bundle>`` for a Python that has the dependencies.

Before it finishes, :func:`pack_participants` reads back every file it wrote and refuses the
bundle if any of them holds solution or hidden-test regions, or a line of an answer key.
"""
from __future__ import annotations

import fnmatch
import json
import re
import shutil
from pathlib import Path

from . import paths

# Participants' content from a course folder, when present there.
CONTENT = ("modules", "exercises", "datasets", "dashboards", "README.md", "LICENSE", "Makefile",
           "pyproject.toml", "environment.yml", "deploy/laptop")
NEVER = ["solutions", "keys", "hidden", "*.key.*", "workshop", ".git", "__pycache__", "*.pyc",
         ".ipynb_checkpoints", ".venv", "*.egg-info"]
# A region as nbgrader marks it: the markers on lines of their own (a mention in prose is not one).
REGION = re.compile(r"^\s*(###|<!--) BEGIN (SOLUTION|HIDDEN TESTS)\b.*?^\s*(###|<!--) END \2", re.M | re.S)
KEY_LINE_CHARS = 30  # key lines at least this long are distinctive enough to look for
KEY_TABLES = (".csv", ".json")  # answer tables; schemas and instances hold public boilerplate and values


class PackRefused(RuntimeError):
    """The bundle would have carried something participants must not have."""


def _ignored(folder: str, names: list[str]) -> set[str]:
    return {name for name in names if any(fnmatch.fnmatch(name, pattern) for pattern in NEVER)}


def _key_lines(source: Path) -> set[str]:
    lines = set()
    for keys in (source / "solutions").glob("*/keys"):
        for path in keys.rglob("*"):
            if path.is_file() and path.suffix in KEY_TABLES:
                text = path.read_text(encoding="utf-8", errors="ignore")
                lines.update(line.strip() for line in text.splitlines() if len(line.strip()) >= KEY_LINE_CHARS)
    return lines


def _sources(path: Path, text: str) -> str:
    """A notebook's cell sources as plain text (in its JSON a marker never starts a line)."""
    if path.suffix != ".ipynb":
        return text
    try:
        cells = json.loads(text).get("cells", [])
    except ValueError:
        return text
    return "\n".join("".join(c.get("source", "")) for c in cells)


def leaks(bundle: Path, source: Path) -> list[str]:
    """Files of ``bundle`` that carry what participants must not have, and why."""
    key_lines = _key_lines(source)
    found = []
    for path in sorted(bundle.rglob("*")):
        relative = path.relative_to(bundle)
        if any(fnmatch.fnmatch(part, pattern) for part in relative.parts for pattern in NEVER):
            found.append(f"{relative}: a private file or folder")
            continue
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if path.suffix != ".py" and REGION.search(_sources(path, text)):  # the grader's code names the markers
            found.append(f"{relative}: holds a solution or hidden-test region")
        elif key_lines and any(line in text for line in key_lines):
            found.append(f"{relative}: holds a line of an answer key")
    return found


def pack_participants(into: Path, source: Path | None = None) -> Path:
    """Write the participants' bundle into ``into`` (a new or empty folder) and check it."""
    source = Path(source or paths.root()).resolve()
    into = Path(into).resolve()
    if into.exists() and any(into.iterdir()):
        raise PackRefused(f"{into} is not empty: give a new folder (nothing in it is overwritten)")
    if into == source or source in into.parents:
        raise PackRefused(f"{into} is inside the course itself: give a folder outside {source}")
    into.mkdir(parents=True, exist_ok=True)
    package = Path(__file__).resolve().parent
    shutil.copytree(package, into / "course", ignore=_ignored, dirs_exist_ok=True)
    for name in CONTENT:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, into / name, ignore=_ignored, dirs_exist_ok=True)
        elif src.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, into / name)
    problems = leaks(into, source)
    if problems:
        shutil.rmtree(into, ignore_errors=True)
        raise PackRefused("the bundle was not written, because it would carry: " + "; ".join(problems[:10]))
    return into
