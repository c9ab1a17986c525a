"""Participants' kernels forked from one warm process, so that a room's kernels share what
they import (Python, pandas, lxml, xmlschema, the course and its compiled schemas) instead
of each holding its own copy.

A kernel started the usual way holds about 120 MB of its own after a lesson; a kernel forked
from this server holds about 50 MB, the rest staying shared with every other fork
(``benchmarks/capacity.py`` measures both). Kernels also start at once.

Protocol. The hub starts ``python forkserver.py serve SOCKET`` with the participants'
environment. A participant's Jupyter server runs ``python -S forkserver.py client SOCKET
ARGS...`` where it would run ``python -m ipykernel_launcher ARGS...``
(:class:`course.warm_kernels.WarmKernelManager`); the client sends its arguments, working
folder and environment, the server forks a kernel that takes them over, and the client
relays signals to it and ends with it. A kernel whose client is gone (killed) ends too.
Only the server's own account may connect. Without an answering server the client simply
becomes an ordinary kernel. This file imports only the standard library at the top: the
client starts in milliseconds.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import struct
import sys
import threading
import time


def _become_kernel(request: dict) -> None:
    """In the forked child: take over the request's folder, environment and arguments, then run
    the kernel. Never returns."""
    os.setsid()
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = ["ipykernel_launcher", *request["args"]]
    import random

    random.seed()                       # a fork would otherwise repeat its siblings' random numbers
    try:
        import numpy

        numpy.random.seed()
    except ImportError:
        pass
    client = int(request["client"])

    def follow_client() -> None:        # a client killed outright cannot pass the signal on
        while not _zombie(client):      # gone, or dead and not yet collected by its server
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=follow_client, daemon=True).start()
    from ipykernel.kernelapp import launch_new_instance

    try:
        launch_new_instance()
    finally:
        os._exit(0)


def _same_account(connection: socket.socket) -> bool:
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return uid == os.getuid()


def serve(path: str) -> None:
    """Warm up, then fork a kernel for every request on the unix socket ``path``."""
    import gc

    sys.path[0] = ""                    # kernels see their working folder first, as ipykernel_launcher's do
    from course.grading.warm import single_threaded, warm_up
    from course.grading.zygote import preload_imports

    single_threaded()
    warm_up(preload_imports())
    gc.collect()
    gc.freeze()                         # the collector would otherwise touch, and so copy, shared pages
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped automatically
    parent = os.getppid()
    if os.path.exists(path):
        os.unlink(path)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    os.chmod(path, 0o600)
    server.listen(16)
    server.settimeout(1.0)
    print("ready", flush=True)
    while os.getppid() == parent:       # the hub that started us is gone: so are we
        try:
            connection, _ = server.accept()
        except socket.timeout:
            continue
        with connection:
            connection.settimeout(10)
            if not _same_account(connection):
                continue
            try:
                request = json.loads(connection.makefile("r").readline())
            except (OSError, ValueError):
                continue
            child = os.fork()
            if child == 0:
                server.close()
                connection.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                try:
                    _become_kernel(request)
                finally:
                    os._exit(70)
            try:
                connection.sendall(f"{child}\n".encode())
            except OSError:
                os.kill(child, signal.SIGKILL)


def _ordinary_kernel(args: list[str]) -> None:
    os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *args])


def client(path: str, args: list[str]) -> int:
    """Ask the server for a kernel, relay signals to it, and end when it ends."""
    request = {"args": args, "cwd": os.getcwd(), "env": dict(os.environ), "client": os.getpid()}
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(30)
            connection.connect(path)
            connection.sendall(json.dumps(request).encode() + b"\n")
            pid = int(connection.makefile("r").readline())
    except (OSError, ValueError):
        _ordinary_kernel(args)          # no warm server here: start as any kernel does
        return 1
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(sig, lambda signum, frame: _relay(pid, signum))
    while os.path.exists(f"/proc/{pid}") and not _zombie(pid):
        time.sleep(0.05)
    return 0


def _relay(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2])
    else:
        sys.exit(client(sys.argv[2], sys.argv[3:]))
