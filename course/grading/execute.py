"""Run a submitted notebook in the sandbox, as nbgrader's Execute step, capturing graded answers.

Replaces nbgrader's ``Execute`` preprocessor in the autograde pipeline. Compared with it:
the kernel runs in the bubblewrap sandbox of :mod:`course.grading.sandbox`, in a working
copy holding only the participant's own files; no test runs in that kernel: each graded
cell's tests are replaced, for the run only, by a capture of the answer it grades
(:mod:`course.grading.tasks`), which :class:`~course.grading.judging.JudgeAnswers` then
judges elsewhere; output and wall time are capped; and when the run cannot finish,
:attr:`SandboxedExecute.problem` says why.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbgrader.preprocessors import Execute
from traitlets import Bool, Dict, Unicode, default

from . import sandbox, tasks
from .zygote import Zygote


def default_scratch() -> Path:
    """Working copies and kernel sockets; socket paths hold at most 107 bytes, so keep it short."""
    return Path(tempfile.gettempdir()) / f"course-grading-{os.getuid()}"


def use_zygote() -> bool:
    """Warm kernels unless COURSE_WARM_KERNELS=0 (they give the same results, only sooner)."""
    return os.environ.get("COURSE_WARM_KERNELS", "1") != "0"


class PromptKernelClient(AsyncKernelClient):
    """Ready as soon as the kernel answers on both channels.

    jupyter_client waits 0.2 s for the IOPub message that follows the kernel's first reply,
    and asks again if it was missed (a subscriber that joined late misses it). A warm kernel
    answers in milliseconds, so the grader asks again after 20 ms instead.
    """

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:
                    await self.iopub_channel.get_msg(timeout=0.02)
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")
        while True:  # what is left on IOPub from the repeated requests
            try:
                await self.iopub_channel.get_msg(timeout=0.02)
            except Empty:
                break


class NotebookStopped(Exception):
    """The notebook could not run to the end; the message says why, in plain words."""


class SandboxedExecute(Execute):
    scratch = Unicode("", help="folder for working copies and kernel sockets").tag(config=True)
    limits = Dict(help="sandbox.Limits fields").tag(config=True)
    unsandboxed = Bool(False, help="run learner code without the sandbox (the trainer said so)").tag(config=True)

    problem: str | None = None  # why the last notebook stopped, if it did

    def preprocess(self, nb, resources):
        SandboxedExecute.problem = None
        sandboxed = not self.unsandboxed
        refused = sandbox.unavailable() if sandboxed else None
        if refused:  # learner code runs in the sandbox or not at all, whoever asks nbgrader to grade
            SandboxedExecute.problem = f"not run: {refused} (a trainer may allow grading without it)"
            raise NotebookStopped(SandboxedExecute.problem)
        limits = sandbox.Limits(**self.limits)
        self.timeout = limits.cell_seconds
        scratch = Path(self.scratch or default_scratch())
        scratch.mkdir(parents=True, exist_ok=True)
        uid = sandbox.Slot.kernel_uid(scratch) if sandboxed else None
        zygote = Zygote.get(str(scratch), uid) if sandboxed and use_zygote() else None
        self._zygote = zygote
        # Everything of this run (files, kernel sockets, connection file) lives in one folder,
        # the only one the kernel can write to.
        run = Path(tempfile.mkdtemp(prefix="run-", dir=zygote.folder if zygote else scratch))
        workdir = run / "work"
        workdir.mkdir()
        self._run = run
        # The participant's other files (data they read), from the folder nbgrader grades.
        self._copy_own_files(resources.get("metadata", {}).get("path", ""), workdir)
        sandbox.give_to(run, uid)

        class SandboxKernelManager(AsyncKernelManager):
            @default("client_factory")
            def _prompt_client(self):
                return PromptKernelClient

            async def _async_wait(self, pollinterval: float = 0.1) -> None:
                # The kernel is killed, not asked to leave: notice its end sooner than every 0.1 s.
                await super()._async_wait(pollinterval=0.01)

            def write_connection_file(self, **kwargs):
                written = super().write_connection_file(**kwargs)
                sandbox.give_to(Path(self.connection_file), uid)  # the kernel reads it as its own uid
                return written

            def format_kernel_cmd(self, extra_arguments=None):
                command = super().format_kernel_cmd(extra_arguments)
                if zygote is not None:
                    return zygote.command(command, vars(limits))
                if not sandboxed:
                    return sandbox.limits_only(command, limits)
                return sandbox.command(command, writable=[str(run)], limits=limits, uid=uid, cwd=str(workdir))

        self.kernel_manager_class = SandboxKernelManager
        self.shutdown_kernel = "immediate"  # nothing in the kernel needs a graceful exit
        originals = self._capture_instead_of_tests(nb)
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
            if zygote is not None:
                zygote.sweep()
            shutil.rmtree(run, ignore_errors=True)

    def create_kernel_manager(self):
        # Unix sockets: the kernel has no network of its own to listen on.
        km = super().create_kernel_manager()
        km.transport = "ipc"
        km.ip = str(self._run / "kernel")
        km.connection_file = str(self._run / "kernel.json")
        return km

    @staticmethod
    def _copy_own_files(folder: str, workdir: Path) -> None:
        if not folder or not os.path.isdir(folder):
            return
        for entry in Path(folder).iterdir():
            if entry.suffix == ".ipynb" or entry.name == "timestamp.txt":
                continue
            target = workdir / entry.name
            (shutil.copytree if entry.is_dir() else shutil.copy2)(entry, target, **(
                {"symlinks": True} if entry.is_dir() else {"follow_symlinks": False}))

    @staticmethod
    def _capture_instead_of_tests(nb):
        """For this run only, every graded cell hands its answer over instead of testing it."""
        declared = tasks.declared(nb.cells)[0]
        originals = []
        for cell in nb.cells:
            if tasks.is_graded_code(cell):
                originals.append((cell, cell.source))
                grade_id = cell.metadata["nbgrader"].get("grade_id", "")
                task = declared.get(grade_id)
                cell.source = tasks.capture_source(task) if task else tasks.undeclared_source(grade_id)
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
                try:
                    os.kill(process.pid, signal.SIGKILL)
                except OSError:
                    pass
        if self._zygote is not None:
            self._zygote.sweep()  # a kernel forked by the zygote is not the process above

    def output(self, outs, msg, display_id, cell_index):
        self._output_bytes += len(json.dumps(msg.get("content", {}), default=str))
        if self._output_bytes > self._output_cap:
            self._stop(f"cell {cell_index + 1} printed more than {self._output_cap // (1024 * 1024)} MB")
            return None
        return super().output(outs, msg, display_id, cell_index)
