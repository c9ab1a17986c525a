"""Switches a trainer sets for a workshop, read from the environment.

``COURSE_SOLUTIONS=off`` stops ``ex.solution()`` from revealing answers (set it in the
hub's or the laptop's environment before participants start).
"""
from __future__ import annotations

import os

OFF = ("0", "off", "no", "false", "hidden")


def solutions_enabled() -> bool:
    return os.environ.get("COURSE_SOLUTIONS", "on").strip().lower() not in OFF
