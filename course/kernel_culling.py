"""Kernels that go away: a dashboard's idle kernel is culled even while its tab is open.

Jupyter Server culls a kernel idle for ``cull_idle_timeout`` only when no tab is connected to
it, unless ``cull_connected`` is set. That rule suits lessons: a participant may think for
half an hour before running the next cell, and their variables live in the kernel. It does
not suit dashboards, which keep nothing a participant would lose by reloading the page, and
whose tabs are left open all day. Lab's kernels belong to a session (the notebook open in a
tab); Voila's kernels do not, and that is how they are told apart here.
"""
from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager


class CourseKernelManager(AsyncMappingKernelManager):
    async def cull_kernel_if_idle(self, kernel_id):
        if self.cull_connected or await self._in_a_session(kernel_id):
            return await super().cull_kernel_if_idle(kernel_id)
        self.cull_connected = True      # culling runs one kernel at a time: restored before the next
        try:
            return await super().cull_kernel_if_idle(kernel_id)
        finally:
            self.cull_connected = False

    async def _in_a_session(self, kernel_id: str) -> bool:
        sessions = getattr(self.parent, "session_manager", None)
        if sessions is None:
            return True                 # nothing to tell them apart by: Jupyter's own rule
        return any(session["kernel"]["id"] == kernel_id for session in await sessions.list_sessions())
