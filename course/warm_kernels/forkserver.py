"""Participants' kernels and Jupyter servers forked from warm processes, so that a room's
processes share what they import (Python, Jupyter Server and Lab, nbgrader, Voila, pandas,
lxml, xmlschema, the course and its compiled schemas) instead of each holding its own copy.

Two servers of this file run in a room: one forks kernels (``serve SOCKET kernel``), one
forks participants' Jupyter servers (``serve SOCKET server``). ``benchmarks/capacity.py``
measures what each participant then adds, side by side with ordinary processes.

Protocol. A client runs ``python -S forkserver.py client SOCKET KIND ARGS...`` where the
process would have been started (a kernel: ``python -m ipykernel_launcher ARGS``; a
server: ``python -m jupyterhub.singleuser ARGS``). It sends its arguments, working folder,
environment and standard streams; the server forks a child that takes all of them over; the
client relays signals to it and ends with it, and a child whose client is gone (killed) ends
too. Only the server's own account may connect. Without an answering server the client
becomes the ordinary process. This file imports only the standard library at the top: the
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


# What each kind of child imports, done once in its server (the kernels' list comes from the
# grading zygote's, which course modules extend).
SERVER_PRELOAD = ["jupyter_server.serverapp", "jupyterlab.labapp", "notebook.app", "jupyter_lsp",
                  "jupyter_server_terminals", "nbgrader.server_extensions.assignment_list",
                  "nbgrader.server_extensions.validate_assignment", "nbgrader.server_extensions.course_list",
                  "voila.server_extension", "course.server_settings", "course.kernel_culling"]
ORDINARY = {"kernel": "ipykernel_launcher", "server": "jupyterhub.singleuser"}


def _become(request: dict, streams: list[int]) -> None:
    """In the forked child: take over the request's streams, folder, environment and arguments,
    then run as a kernel or a server. Never returns."""
    os.setsid()
    for target, stream in enumerate(streams[:3]):
        os.dup2(stream, target)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    kind = request["kind"]
    sys.argv = [ORDINARY[kind], *request["args"]]
    import random

    random.seed()                       # a fork would otherwise repeat its siblings' random numbers
    try:
        import numpy

        numpy.random.seed()
    except ImportError:
        pass
    client = int(request["client"])

    def follow_client() -> None:        # a client killed outright cannot pass the signal on
        while not _zombie(client):      # gone, or dead and not yet collected by its parent
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=follow_client, daemon=True).start()
    try:
        if kind == "kernel":
            from ipykernel.kernelapp import launch_new_instance

            launch_new_instance()
        else:
            from jupyterhub.singleuser import main

            main()
    finally:
        os._exit(0)


def _read_request(connection: socket.socket) -> tuple[dict, list[int]]:
    """The request (one JSON line) and the standard streams sent with its first bytes."""
    data, streams, _flags, _address = socket.recv_fds(connection, 65536, 3)
    while not data.endswith(b"\n"):
        more = connection.recv(65536)
        if not more:
            raise ValueError("the request ended early")
        data += more
    return json.loads(data), list(streams)


def _same_account(connection: socket.socket) -> bool:
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return uid == os.getuid()


def serve(path: str, kind: str) -> None:
    """Warm up for ``kind`` ("kernel" or "server"), then fork one for every request on ``path``."""
    import gc

    from course.grading.warm import single_threaded, warm_up
    from course.grading.zygote import preload_imports

    single_threaded()
    warm_up(preload_imports() if kind == "kernel" else SERVER_PRELOAD, checks=kind == "kernel")
    # Children see their working folder first, as a process started with -m does; only now,
    # so that nothing in the hub's folder stands in for a package while warming up.
    sys.path[0] = ""
    gc.collect()
    gc.freeze()                         # the collector would otherwise touch, and so copy, shared pages
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically
    parent = os.getppid()
    if os.path.exists(path):
        os.unlink(path)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    os.chmod(path, 0o600)
    server.listen(16)
    server.settimeout(1.0)
    print("ready", flush=True)
    os.dup2(2, 1)                       # nobody reads the starter's pipe any more
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
                request, streams = _read_request(connection)
            except (OSError, ValueError):
                continue
            if request.get("kind") != kind:
                continue
            child = os.fork()
            if child == 0:
                server.close()
                connection.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                try:
                    _become(request, streams)
                finally:
                    os._exit(70)
            for stream in streams:
                os.close(stream)
            try:
                connection.sendall(f"{child}\n".encode())
            except OSError:
                os.kill(child, signal.SIGKILL)


def _ordinary(kind: str, args: list[str]) -> None:
    os.execv(sys.executable, [sys.executable, "-m", ORDINARY[kind], *args])


def client(path: str, kind: str, args: list[str]) -> int:
    """Ask the server for a ``kind`` child, relay signals to it, and end when it ends."""
    request = {"kind": kind, "args": args, "cwd": os.getcwd(), "env": dict(os.environ), "client": os.getpid()}
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(30)
            connection.connect(path)
            socket.send_fds(connection, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
            pid = int(connection.makefile("r").readline())
    except (OSError, ValueError):
        _ordinary(kind, args)           # no warm server here: start as the process always did
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
        serve(sys.argv[2], sys.argv[3])
    else:
        sys.exit(client(sys.argv[2], sys.argv[3], sys.argv[4:]))
