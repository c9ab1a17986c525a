"""Participants' kernels forked from the room's warm server behave as ordinary kernels.

A real warm server and jupyter_client's kernel manager (the one a participant's Jupyter
server uses, with the course's warm kernel manager): the kernel runs in the folder and with
the environment it was started with, is a fork of the warm server, is interrupted, shut down
and killed like any kernel, and without a server the kernel starts the ordinary way.
"""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from pathlib import Path

import pytest

from course import warm_kernels
from course.warm_kernels import forkserver

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the warm server uses Linux's /proc and SO_PEERCRED")


@pytest.fixture(scope="module")
def warm_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warm")
    path = folder / "sockets" / "kernels.sock"
    process = warm_kernels.start(path, sys.executable, dict(os.environ), folder / "warm.log")
    yield process, path
    process.kill()
    process.wait()


async def run(client, code: str, timeout: float = 30) -> tuple[str, str | None]:
    """Execute ``code``; what it printed and the name of the error it raised, if any."""
    return await outcome(client, client.execute(code), timeout)


async def outcome(client, sent: str, timeout: float = 30) -> tuple[str, str | None]:
    """What the execution ``sent`` printed and the name of its error, once the kernel is idle again."""
    printed, error = "", None
    while True:
        message = await client.get_iopub_msg(timeout=timeout)
        kind, content = message["msg_type"], message["content"]
        if message["parent_header"].get("msg_id") != sent:
            continue                    # what an earlier, interrupted execution still says
        if kind == "stream":
            printed += content["text"]
        elif kind == "error":
            error = content["ename"]
        elif kind == "status" and content["execution_state"] == "idle":
            return printed, error


async def started(socket_path: Path | None, cwd: Path, monkeypatch):
    if socket_path is None:
        monkeypatch.delenv(warm_kernels.SOCKET_ENV, raising=False)
    else:
        monkeypatch.setenv(warm_kernels.SOCKET_ENV, str(socket_path))
    manager = warm_kernels.WarmKernelManager()
    await manager.start_kernel(cwd=str(cwd), env={**os.environ, "COURSE_PROBE": "from-the-participant"})
    client = manager.client()
    client.start_channels()
    await client.wait_for_ready(timeout=60)
    return manager, client


def gone(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not Path(f"/proc/{pid}").exists() or forkserver._zombie(pid):
            return True
        time.sleep(0.1)
    return False


def test_a_warm_kernel_is_a_fork_that_takes_over_folder_and_environment(warm_server, tmp_path, monkeypatch):
    server, path = warm_server

    async def scenario():
        manager, client = await started(path, tmp_path, monkeypatch)
        try:
            printed, error = await run(client, "import os, sys\nprint(os.getcwd(), os.getppid(), "
                                               "os.environ['COURSE_PROBE'], os.getpid(), sys.path[0] == '')")
            assert error is None
            cwd, parent, probe, pid, first_path = printed.split()
            assert Path(cwd) == tmp_path and probe == "from-the-participant" and first_path == "True"
            assert int(parent) == server.pid                     # forked by the warm server
            assert manager.provisioner.process.pid != int(pid)   # the client the server manages is not the kernel

            sleeping = client.execute("import time; time.sleep(30)")
            await asyncio.sleep(1)
            await manager.interrupt_kernel()
            assert (await outcome(client, sleeping))[1] == "KeyboardInterrupt"
            printed, error = await run(client, "print('after the interrupt')")
            assert printed.strip() == "after the interrupt"

            await manager.shutdown_kernel(now=False)
            assert gone(int(pid), within=10)
        finally:
            client.stop_channels()
            if await manager.is_alive():
                await manager.shutdown_kernel(now=True)

    asyncio.run(scenario())


def test_a_kernel_whose_client_is_killed_ends_too(warm_server, tmp_path, monkeypatch):
    _server, path = warm_server

    async def scenario():
        manager, client = await started(path, tmp_path, monkeypatch)
        printed, _ = await run(client, "import os; print(os.getpid())")
        os.kill(manager.provisioner.process.pid, signal.SIGKILL)  # a server restart kills the client outright
        assert gone(int(printed), within=10)
        client.stop_channels()
        await manager.shutdown_kernel(now=True)

    asyncio.run(scenario())


def test_without_a_warm_server_the_kernel_starts_the_ordinary_way(tmp_path, monkeypatch):
    async def scenario():
        manager, client = await started(tmp_path / "no-server.sock", tmp_path, monkeypatch)
        try:
            printed, error = await run(client, "import os; print(os.getppid())")
            assert error is None and int(printed) == os.getpid()   # the client became the kernel itself
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)

    asyncio.run(scenario())


def test_other_kernels_are_left_alone():
    command = ["/usr/bin/R", "--slave", "-e", "IRkernel::main()", "--args", "{connection_file}"]
    assert warm_kernels.forked_command(command, "/tmp/x.sock") == command
    python = [sys.executable, "-m", "ipykernel_launcher", "-f", "/run/k.json"]
    assert warm_kernels.forked_command(python, "/tmp/x.sock") == [
        sys.executable, "-S", str(warm_kernels.FORKSERVER), "client", "/tmp/x.sock", "kernel", "-f", "/run/k.json"]


def test_only_the_servers_own_account_may_ask(monkeypatch):
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with ours, theirs:
        assert forkserver._same_account(ours)
        monkeypatch.setattr(os, "getuid", lambda: os.geteuid() + 1)   # as if the asker were another account
        assert not forkserver._same_account(ours)
