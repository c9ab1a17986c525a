"""Limits for the code a participant hands in, applied to the kernel that runs it.

The grader starts every kernel through this module. Before the process becomes the
kernel it:

- caps address space (memory), CPU seconds, file size, open files and core dumps;
- when the grader runs as root on Linux (a hub or a grading server) and ``unshare``/
  ``setpriv`` exist: runs in new mount, network and PID namespaces - no network at all
  (the kernel talks to the grader over unix sockets), no view of other processes - hides
  the course's private folders (solutions and answer keys, the gradebook, every other
  submission) under empty mounts, joins a pids cgroup that caps processes and threads,
  and drops every capability, so the hiding cannot be undone.

:func:`enforced` says what applies on this machine. What is never enforced: code in the
kernel can still replace the course's check functions in its own memory before the
hidden tests run; the grader compares scores with the self-check only by re-running.
"""
from __future__ import annotations

import ctypes
import json
import os
import resource
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

PIDS_CGROUP = Path("/sys/fs/cgroup/pids")
MS_RDONLY, MS_REMOUNT, MS_BIND = 1, 32, 4096


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 3072  # address space of the kernel (pandas alone reserves ~1 GB)
    cpu_seconds: int = 300  # CPU time of the kernel over the whole notebook
    processes: int = 256  # processes and threads of one kernel
    file_mb: int = 64  # largest file the kernel may write
    open_files: int = 512
    cell_seconds: int = 30  # wall time per cell (the grader interrupts the cell)
    notebook_seconds: int = 300  # wall time per notebook (the grader stops the kernel)
    output_mb: int = 8  # output kept per notebook; more stops the kernel

    def to_json(self) -> str:
        return json.dumps(asdict(self))


def isolation_available() -> bool:
    return (sys.platform.startswith("linux") and os.geteuid() == 0
            and bool(shutil.which("unshare")) and bool(shutil.which("setpriv")))


def enforced() -> dict[str, bool]:
    """Which protections this machine and user can enforce."""
    isolated = isolation_available()
    return {"memory": True, "CPU time": True, "file size": True, "open files": True,
            "wall time per cell and notebook": True, "output size": True,
            "processes (pids cgroup)": isolated and PIDS_CGROUP.is_dir(),
            "no network": isolated, "private folders hidden": isolated, "other processes hidden": isolated}


def kernel_command(kernel_cmd: list[str], limits: Limits, hide: list[str], keep: list[str],
                   cgroup: str | None) -> list[str]:
    """The command that starts ``kernel_cmd`` inside the sandbox."""
    # Run this file by path with -S: only the standard library is needed, and importing the
    # course package (lxml, xmlschema...) would slow every kernel start.
    inner = [sys.executable, "-S", str(Path(__file__).resolve()),
             json.dumps({"limits": asdict(limits), "hide": hide, "keep": keep, "cgroup": cgroup}), "--"]
    if not isolation_available():
        return inner + kernel_cmd
    return (["unshare", "--mount", "--net", "--pid", "--fork", "--kill-child", "--mount-proc",
             "--propagation", "private", "--"] + inner
            + ["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--no-new-privs", "--"] + kernel_cmd)


def new_cgroup(name: str, limits: Limits) -> str | None:
    """A pids cgroup for one kernel (root only); remove it with :func:`remove_cgroup`."""
    if not isolation_available() or not PIDS_CGROUP.is_dir():
        return None
    group = PIDS_CGROUP / name
    try:
        group.mkdir(exist_ok=True)
        (group / "pids.max").write_text(str(limits.processes))
    except OSError:
        return None
    return str(group)


def kill_cgroup(group: str | None) -> None:
    """Stop every process left in a kernel's cgroup (kernels forked by the zygote, their children)."""
    if not group:
        return
    try:
        pids = [int(p) for p in Path(group, "cgroup.procs").read_text().split()]
    except OSError:
        return
    for pid in pids:
        try:
            os.kill(pid, 9)
        except OSError:
            pass


def remove_cgroup(group: str | None) -> None:
    if not group:
        return
    kill_cgroup(group)
    for _attempt in range(20):
        try:
            os.rmdir(group)
            return
        except OSError:
            time.sleep(0.005)  # processes still exiting; the name is unique, nothing is reused


def _mount(source: str, target: str, fstype: str | None, flags: int, data: str | None) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.mount(source.encode(), target.encode(), fstype.encode() if fstype else None, flags,
                  data.encode() if data else None) != 0:
        raise OSError(ctypes.get_errno(), f"mount {target}: {os.strerror(ctypes.get_errno())}")


def _hide(hide: list[str], keep: list[str]) -> None:
    """Cover each folder in ``hide`` with an empty read-only mount, keeping the ``keep`` folders."""
    kept = {path: os.open(path, os.O_PATH) for path in keep if os.path.isdir(path)}
    # Only the outermost folders: covering a parent already hides what is inside it.
    outermost = [p for p in sorted(set(hide)) if not any(p.startswith(q.rstrip("/") + "/") for q in hide if q != p)]
    covered = [path for path in outermost if os.path.isdir(path)]
    for path in covered:
        _mount("tmpfs", path, "tmpfs", 0, "size=64k,mode=0755")
    for path, fd in kept.items():
        if any(path.startswith(c.rstrip("/") + "/") for c in covered):
            # Recreate the folder inside the empty mount and bring its content back through
            # the descriptor opened before hiding.
            os.makedirs(path, exist_ok=True)
            _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND, None)
    for path in covered:
        _mount("none", path, None, MS_REMOUNT | MS_RDONLY, None)


def _limit(limits: dict) -> None:
    mb = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limits["memory_mb"] * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_CPU, (limits["cpu_seconds"], limits["cpu_seconds"] + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["file_mb"] * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits["open_files"],) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv: list[str]) -> None:
    """``python -m course.grading.sandbox SETTINGS_JSON -- COMMAND...`` (run by the grader)."""
    settings = json.loads(argv[0])
    command = argv[argv.index("--") + 1:]
    if settings.get("cgroup"):
        Path(settings["cgroup"], "cgroup.procs").write_text("0")
    if os.geteuid() == 0 and command and command[0] == "setpriv":
        _hide(settings["hide"], settings["keep"])
    _limit(settings["limits"])
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
