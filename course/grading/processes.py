"""Processes as /proc shows them (Linux): trees, and the members of a PID namespace.

Used by the grader to find and stop what a sandboxed kernel started, and by tests and
benchmarks that measure process trees.
"""
from __future__ import annotations

import os
import signal
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


def pid_namespace(pid: int) -> str | None:
    try:
        return os.readlink(f"/proc/{pid}/ns/pid")
    except OSError:
        return None


def namespace_pids(pid: int) -> list[int]:
    """The pids of process ``pid`` from the outermost namespace inwards (``NSpid`` in /proc)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("NSpid:"):
                return [int(p) for p in line.split()[1:]]
    except (OSError, ValueError):
        pass
    return []


def members(namespace: str) -> dict[int, int]:
    """Host pid -> pid inside, for every process of the PID namespace ``namespace``."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and pid_namespace(int(entry.name)) == namespace:
            inner = namespace_pids(int(entry.name))
            if inner:
                found[int(entry.name)] = inner[-1]
    return found


def kill(pids) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
