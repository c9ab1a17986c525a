"""Run JupyterLab for a workshop on one machine: loopback only, the course open.

The settings live in ``deploy/laptop/jupyter_server_config.py``; this only adds the
course root, the port, whether to open a browser, and the language: the workshop's
(``--lang``, else ``COURSE_LANG``, else the locale) picks the page JupyterLab opens (the
Chinese edition's start page for Chinese), the language of messages, exercises and
dashboards, and JupyterLab's own interface language. Lab settings and workspaces of a workshop
are kept in ``workshop/lab/`` so that they never change the machine's own.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from . import my_work, paths
from .i18n import choice, resolve


def lab_command(port: int, open_browser: bool = False, lang: str | None = None) -> list[str]:
    root = paths.root()
    return [
        sys.executable, "-m", "jupyter", "lab",
        f"--config={root / 'deploy' / 'laptop' / 'jupyter_server_config.py'}",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.port={port}",
        f"--ServerApp.open_browser={open_browser}",
        f"--LabApp.default_url=/lab/tree/{choice.landing(lang)}",
        # Containers and CI machines often run as root; Jupyter refuses that unless told.
        *(["--ServerApp.allow_root=True"] if os.geteuid() == 0 else []),
    ]


def lab_environment(lang: str | None = None, lab: Path | None = None) -> dict[str, str]:
    """The server's environment: the course language, and Lab settings and workspaces kept in
    ``lab`` (default: the workshop's ``workshop/lab``)."""
    lab = Path(lab) if lab else paths.root() / "workshop" / "lab"
    choice.write_lab_settings(lab / "user-settings", lang)
    return {**os.environ, **choice.environment(lang), "JUPYTERLAB_SETTINGS_DIR": str(lab / "user-settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(lab / "workspaces")}


def serve(port: int = 8888, open_browser: bool = False, lang: str | None = None) -> int:
    try:
        lang = resolve(lang)
    except ValueError as error:   # an unknown language (argument or COURSE_LANG)
        print(error, file=sys.stderr)
        return 2
    print(f"Starting JupyterLab on http://127.0.0.1:{port}/ - the address with its access token "
          "follows below. Ctrl-C stops it.", flush=True)
    (paths.root() / "workshop").mkdir(exist_ok=True)  # gradebook and submissions (not versioned)
    work = my_work.start_all()
    print(f"Your own copies of the exercises are in {work} (answers there survive any rebuild).", flush=True)
    try:
        return subprocess.call(lab_command(port, open_browser, lang), cwd=paths.root(),
                               env=lab_environment(lang))
    except KeyboardInterrupt:
        return 0
