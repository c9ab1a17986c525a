"""What every module's grading test does with its assignment's notebooks: read the sources,
count their points, apply realistic mistakes and cheats to the solutions, and look for
solutions or hidden tests in what participants receive."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from course import paths

ROOT = paths.root()
REGION = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", re.S)


def sources(assignment: str) -> dict[str, Path]:
    return {p.name: p for p in sorted((ROOT / "solutions" / assignment).glob("*.ipynb"))}


def points(folder: Path) -> dict[str, float]:
    found = {}
    for notebook in folder.glob("*.ipynb"):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if meta.get("grade"):
                found[meta["grade_id"]] = meta["points"]
    return found


def released_text(assignment: str) -> str:
    released = ROOT / "exercises" / assignment
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in released.rglob("*") if p.is_file())


def _cells(assignment: str):
    return [cell for path in sources(assignment).values()
            for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]]


def leaked_lines(assignment: str, at_least: int = 1) -> list[str]:
    """Lines of solutions and hidden tests (25 characters or more) found in the release, other
    than those the statements print anyway. Fails when the sources hold fewer than ``at_least``
    such lines, since the search would then prove little."""
    released = released_text(assignment)
    lines = [line.strip() for cell in _cells(assignment)
             for _kind, body in REGION.findall("".join(cell["source"])) for line in body.splitlines()
             if len(line.strip()) >= 25]
    statements = "\n".join("".join(c["source"]) for c in _cells(assignment) if c["cell_type"] == "markdown")
    assert len(lines) >= at_least, f"{assignment} has {len(lines)} lines of solutions and hidden tests to look for"
    leaked = [line for line in lines if line in released and line not in statements]
    leaked += [marker for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "answer_key", "keys/")
               if marker in released]
    return leaked


@dataclass
class Edits:
    """Realistic mistakes ``(text in the solution, replacement, task, words of the reason)`` and
    cheats ``{answer variable: code that replaces the solution}`` for one assignment."""

    assignment: str
    mistakes: list = field(default_factory=list)
    cheats: dict = field(default_factory=dict)

    def edited(self, replace) -> dict[str, dict]:
        """The solution notebooks with ``replace(cell source, cell) -> new source`` applied to every cell."""
        notebooks = {}
        for name, path in sources(self.assignment).items():
            notebook = json.loads(path.read_text(encoding="utf-8"))
            for cell in notebook["cells"]:
                cell["source"] = replace("".join(cell["source"]), cell)
            notebooks[name] = notebook
        return notebooks

    def mistaken(self, text: str, _cell=None) -> str:
        for old, new, _task, _reason in self.mistakes:
            text = text.replace(old, new)
        return text

    def cheating(self, text: str, _cell=None) -> str:
        match = re.match(r"(\w+) = None\n### BEGIN SOLUTION", text)
        if not match or match.group(1) not in self.cheats:
            return text
        return f"{match.group(1)} = None\n{self.cheats[match.group(1)]}"

    def check_they_apply(self) -> None:
        """Each mistake must find its text and each answer variable have a cheat, or the tests
        that grade them would prove nothing."""
        text = "\n".join(c["source"] for nb in self.edited(lambda t, c: t).values() for c in nb["cells"])
        for old, _new, _task, _reason in self.mistakes:
            assert old in text, old
        answered = {re.match(r"(\w+) = None", "".join(c["source"])).group(1)
                    for nb in self.edited(lambda t, c: t).values() for c in nb["cells"]
                    if c["metadata"].get("nbgrader", {}).get("solution")}
        assert answered == set(self.cheats)
