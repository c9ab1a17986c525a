"""Run JupyterLab for a workshop on one machine: loopback only, the course open.

The settings live in ``deploy/laptop/jupyter_server_config.py``; this only adds the
course root, the port and whether to open a browser.
"""
from __future__ import annotations

import os
import subprocess
import sys

from . import paths


def lab_command(port: int, open_browser: bool = False) -> list[str]:
    root = paths.root()
    return [
        sys.executable, "-m", "jupyter", "lab",
        f"--config={root / 'deploy' / 'laptop' / 'jupyter_server_config.py'}",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.port={port}",
        f"--ServerApp.open_browser={open_browser}",
        # Containers and CI machines often run as root; Jupyter refuses that unless told.
        *(["--ServerApp.allow_root=True"] if os.geteuid() == 0 else []),
    ]


def serve(port: int = 8888, open_browser: bool = False) -> int:
    print(f"Starting JupyterLab on http://127.0.0.1:{port}/ - the address with its access token "
          "follows below. Ctrl-C stops it.", flush=True)
    (paths.root() / "workshop").mkdir(exist_ok=True)  # gradebook and submissions (not versioned)
    try:
        return subprocess.call(lab_command(port, open_browser), cwd=paths.root())
    except KeyboardInterrupt:
        return 0
