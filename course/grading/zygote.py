"""Warm kernels for grading: fork each kernel from a sandboxed process that has already imported
what notebooks use and compiled the reference schemas.

A fresh kernel spends most of its first second starting Python and importing pandas, lxml,
xmlschema and the course; the checks then compile schemas again. Each grading worker runs
one *zygote* that does all that once, inside the same bubblewrap sandbox a kernel gets
(:mod:`course.grading.sandbox`): read-only allow-list, no network, its own PID namespace,
an unprivileged uid, and as its only writable place the worker's own folder, where the
working copy of the notebook being graded lives. Every kernel is a fork of the zygote and
sets its own resource limits. A worker grades one notebook at a time, and after each one
:meth:`Zygote.sweep` stops whatever the kernel left running, so nothing of one participant
meets the next; if something will not stop, the whole sandbox is replaced.

Protocol: the kernel manager starts ``python -S zygote.py client SOCKET NAMESPACE REQUEST``
outside the sandbox; the client asks the zygote for a kernel, finds the kernel's process
among the namespace's members, forwards interrupts to it and exits with it.
This file imports only the standard library at the top: the client starts in milliseconds.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import sys
import time

# What every kernel imports, and what the platform's checks use; course modules declare the rest.
KERNEL_PRELOAD = ["ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger", "debugpy",
                  "IPython", "IPython.core.interactiveshell"]
COURSE_PRELOAD = ["numpy", "pandas", "lxml.etree", "lxml.isoschematron", "xmlschema", "course", "course.xml.compare"]


def preload_imports() -> list[str]:
    """Modules imported once in the zygote instead of in every kernel."""
    from course import course_modules

    return KERNEL_PRELOAD + COURSE_PRELOAD + course_modules.preload_imports()


def _become_kernel(request: dict) -> None:
    """In the forked child: set the kernel's limits, then run it. Never returns."""
    from course.grading import sandbox

    os.setsid()
    settings = request["settings"]
    sandbox.limit(settings["limits"], sandboxed=True)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(sandbox.kernel_env(request["env"]))
    sys.argv = ["ipykernel_launcher", *request["args"]]
    from ipykernel.kernelapp import launch_new_instance

    try:
        launch_new_instance()
    finally:
        os._exit(0)


def serve(path: str) -> None:
    """The zygote (in the sandbox): warm up, then fork a kernel for every request on the unix socket ``path``."""
    from course.grading.warm import single_threaded, warm_up

    single_threaded()
    warm_up(preload_imports())
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


def client(path: str, namespace: str, request_json: str) -> int:
    """Ask the zygote for a kernel, relay signals to it, and end when it ends."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import processes

    request = json.loads(request_json)
    request.update(cwd=os.getcwd(), env=dict(os.environ))  # as the kernel manager set them for us
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(path)
        connection.sendall(json.dumps(request).encode() + b"\n")
        inner = int(connection.makefile("r").readline())
    pid = None
    for _attempt in range(200):
        pid = next((host for host, pid_inside in processes.members(namespace).items() if pid_inside == inner), None)
        if pid is not None:
            break
        time.sleep(0.005)
    if pid is None:
        return 1
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
    """The zygote of this grading worker, started on first use and stopped at exit.

    One per thread: a worker with several threads (Dask) grades one notebook per thread at a
    time, and two participants' kernels never share a sandbox.
    """

    _instances: "dict[int, Zygote]" = {}

    def __init__(self, scratch: str, uid: int | None):
        import atexit
        import subprocess
        import tempfile
        import threading
        from pathlib import Path

        from . import processes, sandbox

        self.folder = Path(scratch) / f"z{os.getpid()}-{threading.get_ident() % 100000}"
        self.folder.mkdir(parents=True, exist_ok=True)
        sandbox.give_to(self.folder, uid)
        self.uid = uid
        self.path = str(self.folder / "zygote.sock")
        if os.path.exists(self.path):
            os.unlink(self.path)
        command = sandbox.command([sys.executable, os.path.abspath(__file__), "serve", self.path],
                                  writable=[str(self.folder)], limits=None, uid=uid)
        errors = tempfile.TemporaryFile()  # read only if the start fails, to say why
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)
        if self.process.stdout.readline().strip() != "ready":
            self.process.kill()
            self.process.wait()
            errors.seek(0)
            said = errors.read().decode(errors="replace").strip().splitlines()[-3:]
            raise RuntimeError("the kernel zygote did not start in the sandbox: " + " / ".join(said))
        errors.close()
        inside = processes.descendants(self.process.pid)
        self.init = next(p for p in inside if processes.namespace_pids(p)[-1:] == [1])
        self.zygote = next(p for p in inside if p != self.init)
        self.namespace = processes.pid_namespace(self.zygote)
        atexit.register(self.stop)

    @classmethod
    def get(cls, scratch: str, uid: int | None) -> "Zygote":
        import threading
        from pathlib import Path

        thread = threading.get_ident()
        found = cls._instances.get(thread)
        if found is None or found.process.poll() is not None or found.folder.parent != Path(scratch):
            if found is not None:
                found.stop()
            cls._instances[thread] = found = cls(scratch, uid)
        return found

    def command(self, kernel_cmd: list[str], limits: dict) -> list[str]:
        """The command a kernel manager runs to get a warm kernel with ``kernel_cmd``'s arguments."""
        args = kernel_cmd[kernel_cmd.index("ipykernel_launcher") + 1:]
        request = json.dumps({"settings": {"limits": limits}, "args": args})
        return [sys.executable, "-S", os.path.abspath(__file__), "client", self.path, self.namespace, request]

    def sweep(self) -> None:
        """Stop everything in the sandbox but the zygote; replace the sandbox if something will not stop."""
        from . import processes

        for _attempt in range(5):
            left = [p for p in processes.descendants(self.process.pid) if p not in (self.init, self.zygote)]
            if not left:
                return
            processes.kill(left)
            time.sleep(0.01)
        self.stop()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()  # bubblewrap's --die-with-parent takes the whole namespace down with it
            self.process.wait()
        for thread, zygote in list(type(self)._instances.items()):
            if zygote is self:
                del type(self)._instances[thread]


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2])
    else:
        sys.exit(client(sys.argv[2], sys.argv[3], sys.argv[4]))
