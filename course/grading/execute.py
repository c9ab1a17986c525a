"""Run a submitted notebook in the sandbox, as nbgrader's Execute step.

Replaces nbgrader's ``Execute`` preprocessor in the autograde pipeline. Compared with it:
the kernel runs in a working copy holding only the participant's own files, under the
limits of :mod:`course.grading.sandbox`; hidden tests receive their answer keys at
execution time only (the sources saved afterwards never contain them); output and wall
time are capped; and when the run cannot finish, :attr:`SandboxedExecute.problem` says why.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import tempfile
import threading
import uuid
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbgrader.preprocessors import Execute
from traitlets import Dict, List, Unicode

from ..checks import catalog, keys
from . import sandbox
from .zygote import Zygote

HIDDEN = re.compile(r"(### BEGIN HIDDEN TESTS\n)")
EXERCISE = re.compile(r"""(\w+)\s*=\s*course\.exercise\(\s*["']([\w-]+)["']""")
USES_KEY = re.compile(r"(\w+)\.problem\.answer_key\(\)")


def use_zygote(cgroup: str | None) -> bool:
    """Warm kernels need the full sandbox (a cgroup to clean up after them); COURSE_WARM_KERNELS=0 turns them off."""
    return cgroup is not None and sandbox.isolation_available() and os.environ.get("COURSE_WARM_KERNELS", "1") != "0"


class NotebookStopped(Exception):
    """The notebook could not run to the end; the message says why, in plain words."""


def _keys_for(nb) -> dict[str, str]:
    """For each hidden test, the packed keys of the exercises it grades."""
    names = {var: exercise_id for cell in nb.cells if cell.cell_type == "code"
             for var, exercise_id in EXERCISE.findall(cell.source)}
    packed = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or "### BEGIN HIDDEN TESTS" not in cell.source:
            continue
        needed = {names[var] for var in USES_KEY.findall(cell.source) if var in names}
        found = {}
        for exercise_id in sorted(needed):
            key = catalog.get(exercise_id).answer_key()
            if key is not None:
                found[exercise_id] = key
        if found:
            packed[cell.metadata.get("nbgrader", {}).get("grade_id", "")] = keys.pack(found)
    return packed


class SandboxedExecute(Execute):
    scratch = Unicode("", help="folder for working copies and kernel sockets").tag(config=True)
    submission = Unicode("", help="the participant's submitted folder (files copied to the working copy)").tag(config=True)
    hide = List(Unicode(), help="folders the kernel must not see").tag(config=True)
    limits = Dict(help="sandbox.Limits fields").tag(config=True)

    problem: str | None = None  # why the last notebook stopped, if it did

    def preprocess(self, nb, resources):
        SandboxedExecute.problem = None
        limits = sandbox.Limits(**self.limits)
        self.timeout = limits.cell_seconds
        scratch = Path(self.scratch or tempfile.gettempdir())
        scratch.mkdir(parents=True, exist_ok=True)
        # Everything of this run (files, kernel sockets, connection file) lives in one folder;
        # the kernel sees that folder and not the runs of other participants beside it.
        run = Path(tempfile.mkdtemp(prefix="run-", dir=scratch))
        workdir = run / "work"
        workdir.mkdir()
        self._run = run
        self._copy_own_files(workdir)
        cgroup = sandbox.new_cgroup(f"course-{uuid.uuid4().hex[:12]}", limits)
        self._cgroup = cgroup
        hide = [*self.hide, str(scratch)]

        zygote = Zygote.get() if use_zygote(cgroup) else None

        class SandboxKernelManager(AsyncKernelManager):
            async def _async_wait(self, pollinterval: float = 0.1) -> None:
                # The kernel is killed, not asked to leave: notice its end sooner than every 0.1 s.
                await super()._async_wait(pollinterval=0.01)

            def format_kernel_cmd(self, extra_arguments=None):
                command = super().format_kernel_cmd(extra_arguments)
                if zygote is not None:
                    return zygote.command(command, {"limits": vars(limits), "hide": hide, "keep": [str(run)],
                                                    "cgroup": cgroup, "isolate": True})
                return sandbox.kernel_command(command, limits, hide=hide, keep=[str(run)], cgroup=cgroup)

        self.kernel_manager_class = SandboxKernelManager
        # Nothing in the kernel needs a graceful exit: its cgroup is emptied afterwards anyway.
        self.shutdown_kernel = "immediate" if cgroup else "graceful"
        originals = self._inject_keys(nb)
        resources.setdefault("metadata", {})["path"] = str(workdir)
        self._output_bytes, self._cell = 0, None
        self._output_cap = limits.output_mb * 1024 * 1024
        self.on_cell_start = self._note_cell
        watchdog = threading.Timer(limits.notebook_seconds, self._stop, args=(
            f"the notebook ran longer than {limits.notebook_seconds} s and was stopped",))
        watchdog.start()
        try:
            return super().preprocess(nb, resources)
        except CellTimeoutError:
            if SandboxedExecute.problem is None:
                SandboxedExecute.problem = (f"cell {self._cell_label()} did not finish within {limits.cell_seconds} s "
                                            "and ignored the interrupt")
            raise NotebookStopped(SandboxedExecute.problem) from None
        except DeadKernelError:
            if SandboxedExecute.problem is None:
                SandboxedExecute.problem = f"the kernel died in cell {self._cell_label()}"
            raise NotebookStopped(SandboxedExecute.problem) from None
        finally:
            watchdog.cancel()
            for cell, source in originals:
                cell.source = source
            shutil.rmtree(run, ignore_errors=True)
            sandbox.remove_cgroup(cgroup)

    def create_kernel_manager(self):
        # Unix sockets: the kernel has no network of its own to listen on.
        km = super().create_kernel_manager()
        km.transport = "ipc"
        km.ip = str(self._run / "kernel")
        km.connection_file = str(self._run / "kernel.json")
        return km

    def _copy_own_files(self, workdir: Path) -> None:
        if not self.submission or not os.path.isdir(self.submission):
            return
        for entry in Path(self.submission).iterdir():
            if entry.suffix == ".ipynb" or entry.name == "timestamp.txt":
                continue
            target = workdir / entry.name
            (shutil.copytree if entry.is_dir() else shutil.copy2)(entry, target)

    def _inject_keys(self, nb):
        originals = []
        packed = _keys_for(nb)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in packed:
                originals.append((cell, cell.source))
                line = f"__import__('course.checks.keys').checks.keys.install('{packed[grade_id]}')\n"
                cell.source = HIDDEN.sub(lambda m: m.group(1) + line, cell.source, count=1)
        return originals

    def _note_cell(self, cell, cell_index, **kwargs):
        self._cell = cell_index

    def _cell_label(self) -> str:
        return str(self._cell + 1) if self._cell is not None else "?"

    def _stop(self, reason: str) -> None:
        """Stop the kernel for good (it may ignore interrupts)."""
        if SandboxedExecute.problem is None:
            SandboxedExecute.problem = reason
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        sandbox.kill_cgroup(self._cgroup)  # a kernel forked by the zygote is not in that group

    def output(self, outs, msg, display_id, cell_index):
        self._output_bytes += len(json.dumps(msg.get("content", {}), default=str))
        if self._output_bytes > self._output_cap:
            self._stop(f"cell {cell_index + 1} printed more than {self._output_cap // (1024 * 1024)} MB")
            return None
        return super().output(outs, msg, display_id, cell_index)
