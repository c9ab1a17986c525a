"""Warm kernels and servers for a room: participants' kernels and Jupyter servers forked from
shared, warm processes.

:mod:`course.warm_kernels.forkserver` holds the server and the client. This module starts the
server (:func:`start`) and gives Jupyter servers a kernel manager that asks it for kernels
(:class:`WarmKernelManager`, chosen by :func:`course.server_settings.jupyter_server` when
``COURSE_WARM_KERNELS`` names the server's socket).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from jupyter_client.ioloop import AsyncIOLoopKernelManager

FORKSERVER = Path(__file__).resolve().parent / "forkserver.py"
SOCKET_ENV = "COURSE_WARM_KERNELS"


def forked_command(kernel_cmd: list[str], socket_path: str) -> list[str]:
    """The command that gets ``kernel_cmd``'s kernel from the warm server instead."""
    if "ipykernel_launcher" not in kernel_cmd:
        return kernel_cmd               # another kind of kernel: started as it is
    args = kernel_cmd[kernel_cmd.index("ipykernel_launcher") + 1:]
    return [kernel_cmd[0], "-S", str(FORKSERVER), "client", socket_path, "kernel", *args]


def server_command(python: str, socket_path: str) -> list[str]:
    """A participant's Jupyter server command (the hub adds the arguments), from the warm server."""
    return [python, "-S", str(FORKSERVER), "client", socket_path, "server"]


class WarmKernelManager(AsyncIOLoopKernelManager):
    """A Jupyter server's kernel manager whose Python kernels come from the warm server."""

    def format_kernel_cmd(self, extra_arguments=None):
        command = super().format_kernel_cmd(extra_arguments)
        socket_path = os.environ.get(SOCKET_ENV, "")
        return forked_command(command, socket_path) if socket_path else command


def start(socket_path: Path, python: str, env: dict[str, str], log: Path, kind: str = "kernel") -> subprocess.Popen:
    """Start the warm server of ``kind`` ("kernel" or "server") for processes run by ``python``
    with ``env``; returns once it answers."""
    socket_path.parent.mkdir(parents=True, exist_ok=True)
    socket_path.parent.chmod(0o700)
    with open(log, "ab") as errors:
        process = subprocess.Popen([python, str(FORKSERVER), "serve", str(socket_path), kind], env=env,
                                   stdout=subprocess.PIPE, stderr=errors, text=True)
    if process.stdout.readline().strip() != "ready":
        process.kill()
        process.wait()
        raise RuntimeError(f"the warm kernel server did not start: see {log}")
    return process
