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
