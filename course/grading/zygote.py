"""Warm kernels for grading: fork each sandboxed kernel from a process that has already
imported what notebooks use and compiled the reference schemas.

A fresh kernel spends most of its first second starting Python and importing pandas,
lxml, xmlschema and the course; the checks then compile schemas again. The grader runs
one *zygote* per worker that does all that once; every kernel is a fork of it, and enters
the same sandbox as a kernel started from scratch (see :mod:`course.grading.sandbox`).

Protocol: the kernel manager starts ``python -S zygote.py client SOCKET REQUEST``; the
client asks the zygote for a kernel, learns its process id, forwards interrupts to it and
exits with it. The grader removes leftovers through the kernel's pids cgroup.
This file imports only the standard library at the top: the client starts in milliseconds.
"""
from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import sys
import time

CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWPID = 0x00020000, 0x40000000, 0x20000000
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 2, 4, 8, 16384, 1 << 18
PR_SET_NO_NEW_PRIVS, PR_CAPBSET_DROP = 38, 24
# Modules notebooks of this course import; importing them once in the zygote saves it in every kernel.
PRELOAD = ["ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger", "debugpy",
           "IPython", "IPython.core.interactiveshell", "numpy", "pandas", "lxml.etree", "lxml.isoschematron", "xmlschema",
           "course", "course.harmonize.dataset", "course.xml.compare"]


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _drop_capabilities() -> None:
    libc = _libc()
    _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    for cap in range(64):
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)  # fails past the last capability: harmless

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

    header, data = Header(0x20080522, 0), (Data * 2)()  # _LINUX_CAPABILITY_VERSION_3, all zero
    _check(libc.capset(ctypes.byref(header), data), "capset")


def _become_kernel(request: dict) -> None:
    """In the forked child: enter the sandbox, then run the kernel. Never returns."""
    from course.grading import sandbox

    os.setsid()
    settings = request["settings"]
    if settings.get("cgroup"):
        with open(os.path.join(settings["cgroup"], "cgroup.procs"), "w") as handle:
            handle.write("0")
    if settings.get("isolate"):
        libc = _libc()
        _check(libc.unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID), "unshare")
        _check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "make mounts private")
        kernel = os.fork()  # the first process in the new PID namespace
        if kernel:
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(sig, lambda signum, frame: os.kill(kernel, signum))
            _pid, status = os.waitpid(kernel, 0)
            os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
        _check(libc.mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None), "mount /proc")
        sandbox._hide(settings["hide"], settings["keep"])
        _drop_capabilities()
    sandbox._limit(settings["limits"])
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = ["ipykernel_launcher", *request["args"]]
    from ipykernel.kernelapp import launch_new_instance

    try:
        launch_new_instance()
    finally:
        os._exit(0)


def serve(path: str) -> None:
    """The zygote: warm up, then fork a kernel for every request on the unix socket ``path``."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"  # no thread pools: a process with threads cannot be forked safely
    import importlib

    for module in PRELOAD:
        try:
            importlib.import_module(module)
        except ImportError:
            pass
    from course.checks import catalog
    from course.xml import registry

    catalog.all_ids()
    for name, entry in registry.ENTRIES.items():
        try:
            registry.lxml_schema(name)
            registry.xmlschema_schema(name)
            registry.schematron(name)
        except Exception:  # a schema that cannot be warmed is compiled on use, as without the zygote
            pass
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # reap kernels automatically
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(8)
    print("ready", flush=True)
    while True:
        connection, _ = server.accept()
        with connection:
            request = json.loads(connection.makefile("r").readline())
            child = os.fork()
            if child == 0:
                server.close()
                connection.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                try:
                    _become_kernel(request)
                finally:
                    os._exit(70)
            connection.sendall(f"{child}\n".encode())


def client(path: str, request_json: str) -> int:
    """Ask the zygote for a kernel, relay signals to it, and end when it ends."""
    request = json.loads(request_json)
    request.update(cwd=os.getcwd(), env=dict(os.environ))  # as the kernel manager set them for us
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(path)
        connection.sendall(json.dumps(request).encode() + b"\n")
        pid = int(connection.makefile("r").readline())
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: os.kill(pid, signum))
    while os.path.exists(f"/proc/{pid}") and not _zombie(pid):
        time.sleep(0.01)
    return 0


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


class Zygote:
    """The zygote of this grading process, started on first use and stopped at exit."""

    _instance: "Zygote | None" = None

    def __init__(self):
        import atexit
        import subprocess
        import tempfile

        self.path = os.path.join(tempfile.gettempdir(), f"course-zygote-{os.getpid()}.sock")
        if os.path.exists(self.path):
            os.unlink(self.path)
        self.process = subprocess.Popen([sys.executable, os.path.abspath(__file__), "serve", self.path],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        ready = self.process.stdout.readline().strip()
        if ready != "ready":
            raise RuntimeError("the kernel zygote did not start")
        atexit.register(self.stop)

    @classmethod
    def get(cls) -> "Zygote":
        if cls._instance is None or cls._instance.process.poll() is not None:
            cls._instance = cls()
        return cls._instance

    def command(self, kernel_cmd: list[str], settings: dict) -> list[str]:
        """The command a kernel manager runs to get a warm kernel with ``kernel_cmd``'s arguments."""
        args = kernel_cmd[kernel_cmd.index("ipykernel_launcher") + 1:]
        request = json.dumps({"settings": settings, "args": args})
        return [sys.executable, "-S", os.path.abspath(__file__), "client", self.path, request]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        if os.path.exists(self.path):
            os.unlink(self.path)


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2])
    else:
        sys.exit(client(sys.argv[2], sys.argv[3]))
