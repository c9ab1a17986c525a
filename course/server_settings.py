"""Settings every course server shares: the laptop's JupyterLab, a hub's single-user
servers and a standalone ``voila`` (through ``deploy/voila/voila.py``).

- Pages load nothing from the internet: the course's Voila template (``course.offline``)
  and the MathJax that JupyterLab bundles rather than a CDN's.
- Kernels go away: a dashboard's kernel is shut down when its tab closes (Voila's request
  carries the ``_xsrf`` cookie only if the page set one, which Voila's page does not, so
  the hook below sets it), and kernels left idle are culled.
- No news feed pop-up: only ``None`` disables JupyterLab's feed (an empty string does not).
- On a hub where everyone shares an account, participants' kernels (and their servers) fork
  from warm processes (:mod:`course.warm_kernels`).
"""
from __future__ import annotations

import os

from . import offline, warm_kernels

# A kernel idle this long is shut down (seconds). Lessons keep theirs while a tab is open;
# a dashboard's kernel holds nothing a participant would lose, so it goes even then
# (course.kernel_culling).
IDLE_KERNEL_SECONDS = 30 * 60
CULL_EVERY_SECONDS = 5 * 60
# "null" for both makes Voila's page use JupyterLab's bundled MathJax instead of cdnjs.
LOCAL_MATHJAX = {"mathjax_url": "null", "mathjax_config": "null"}


def set_xsrf_cookie(handler, notebook=None, cwd=None):
    """Voila's prelaunch hook: reading the token makes tornado set the ``_xsrf`` cookie, which
    the page's shutdown request on tab close must carry."""
    handler.xsrf_token  # noqa: B018 (the property sets the cookie)
    return None


def _voila(c) -> None:
    if offline.install() is not None:
        c.VoilaConfiguration.template = offline.TEMPLATE
    c.VoilaConfiguration.prelaunch_hook = set_xsrf_cookie
    c.MappingKernelManager.cull_idle_timeout = IDLE_KERNEL_SECONDS
    c.MappingKernelManager.cull_interval = CULL_EVERY_SECONDS


def jupyter_server(c) -> None:
    """For a Jupyter server (JupyterLab with Voila's server extension)."""
    _voila(c)
    c.ServerApp.kernel_manager_class = "course.kernel_culling.CourseKernelManager"
    if os.environ.get(warm_kernels.SOCKET_ENV):   # a hub's participants: kernels from the warm server
        c.MappingKernelManager.kernel_manager_class = "course.warm_kernels.WarmKernelManager"
    c.ServerApp.tornado_settings = {**c.ServerApp.get("tornado_settings", {}), **LOCAL_MATHJAX}
    c.LabApp.news_url = None
    c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"


def standalone_voila(c) -> None:
    """For ``voila NOTEBOOK``: only dashboards run there, so connected kernels are culled too."""
    _voila(c)
    c.MappingKernelManager.cull_connected = True
