"""Where the course's files are.

The package is installed in editable mode from a checkout, so the repository root is the
parent of this package. ``COURSE_ROOT`` overrides it (a hub may keep content elsewhere).
"""
from __future__ import annotations

import os
from pathlib import Path


def root() -> Path:
    override = os.environ.get("COURSE_ROOT")
    if override:
        return Path(override).resolve()
    return Path(__file__).resolve().parent.parent


def datasets() -> Path:
    return root() / "datasets"


def schemas() -> Path:
    return datasets() / "schemas"


def work_folder(laptop_folder: str) -> Path:
    """Where a participant's own copies live, never inside the course's sources.

    ``COURSE_WORK_DIR`` when set; on JupyterHub the participant's home folder (where
    nbgrader's Assignment List fetches); on a laptop ``workshop/<laptop_folder>/`` in the
    course folder, which git ignores and no build or test writes.
    """
    override = os.environ.get("COURSE_WORK_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    if os.environ.get("JUPYTERHUB_USER"):
        return Path.home()
    return root() / "workshop" / laptop_folder
