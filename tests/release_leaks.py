"""What a released assignment must not contain: the solution code and hidden tests of its sources.

Shared by the modules' grading tests: each checks that no line of its sources' solution or
hidden-test regions appears anywhere in what participants receive.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

REGION = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", re.S)


def hidden_lines(source: Path, shortest: int = 25) -> list[str]:
    """Every line (of ``shortest`` characters or more) of solution code and hidden tests in the
    source notebooks of ``source``; shorter lines are too common to tell a leak."""
    lines = []
    for notebook in source.glob("*.ipynb"):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for _kind, body in REGION.findall("".join(cell["source"])):
                lines += [line.strip() for line in body.splitlines() if len(line.strip()) >= shortest]
    return lines


def released_text(released: Path) -> str:
    """Everything participants receive of an assignment, as one text."""
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in released.rglob("*") if p.is_file())
