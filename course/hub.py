"""Run JupyterHub for a workshop room: `course hub` and `make hub`.

The settings live in ``deploy/hub/jupyterhub_config.py`` (read it: the options are listed
at its top); this only adds where to listen and where the hub keeps its state.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from . import paths


def config_file() -> Path:
    return paths.root() / "deploy" / "hub" / "jupyterhub_config.py"


def state_dir() -> Path:
    return Path(os.environ.get("COURSE_HUB_DIR") or paths.root() / "workshop" / "hub")


def hub_command(port: int = 8000, ip: str = "0.0.0.0", config: Path | None = None) -> list[str]:
    return [sys.executable, "-m", "jupyterhub", "-f", str(config or config_file()),
            f"--JupyterHub.bind_url=http://{ip}:{port}"]


def hub(port: int = 8000, ip: str = "0.0.0.0") -> int:
    """Start the hub in the foreground; Ctrl-C stops it and every server it started."""
    state = state_dir()
    state.mkdir(parents=True, exist_ok=True)
    where = "this machine only" if ip.startswith("127.") else "every network interface of this machine"
    print(f"Starting JupyterHub on http://{ip}:{port}/ ({where}). Ctrl-C stops it.\n"
          f"Participants log in with any name and the room password in {state / 'room-password.txt'}; "
          f"trainers with the password in {state / 'trainer-password.txt'} "
          "(both files are created on the first start).", flush=True)
    env = {**os.environ, "COURSE_HUB_DIR": str(state)}
    try:
        return subprocess.call(hub_command(port, ip), cwd=state, env=env)
    except KeyboardInterrupt:
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="course hub", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    parser.add_argument("--ip", default="0.0.0.0",
                        help="address to listen on (default 0.0.0.0: the room; 127.0.0.1: this machine only)")
    args = parser.parse_args(argv)
    return hub(port=args.port, ip=args.ip)


if __name__ == "__main__":
    sys.exit(main())
