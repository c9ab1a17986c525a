"""Processes below a process, read from /proc (Linux), for tests and benchmarks that measure them."""
from __future__ import annotations

from pathlib import Path


def children() -> dict[int, list[int]]:
    """Parent pid -> child pids, for every process visible now."""
    found: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            found.setdefault(ppid, []).append(int(entry.name))
    return found


def descendants(pid: int, table: dict[int, list[int]] | None = None) -> list[int]:
    """Every process below ``pid`` (not ``pid`` itself)."""
    table = table if table is not None else children()
    found, todo = [], [pid]
    while todo:
        for child in table.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found
