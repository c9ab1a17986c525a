"""``course release`` and ``course collect``: the assignment's way out and the submissions' way in.

Releasing records the assignment in the gradebook (autograding needs its cells) and, when
an nbgrader exchange is configured (a hub), puts it there for participants to fetch.
Collecting copies the submissions from the exchange into ``workshop/submitted``.
"""
from __future__ import annotations

from pathlib import Path

from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory

from . import build
from . import config as course_config


class ExchangeError(Exception):
    pass


def _api(course_root: Path, **overrides) -> tuple[NbGraderAPI, object]:
    cfg = course_config.load(course_root, **overrides)
    Path(course_root, "workshop").mkdir(exist_ok=True)
    return NbGraderAPI(coursedir=CourseDirectory(config=cfg), config=cfg), cfg


def _exchange_configured(cfg) -> bool:
    root = cfg.get("Exchange", {}).get("root")
    return bool(root) and Path(root).is_dir()


def release(assignment: str, course_root: Path) -> str:
    # Generate into a scratch release folder: exercises/ is the committed build and is never
    # rewritten here; the scratch copy equals it when `course build` is current.
    scratch = Path(course_root) / "workshop" / "release"
    api, cfg = _api(course_root, CourseDirectory={"release_directory": str(scratch)})
    result = api.generate_assignment(assignment, force=True, create=True)
    if not result.get("success"):
        raise ExchangeError(f"could not release {assignment}:\n{result.get('log')}")
    build.normalize(scratch / assignment)
    if not _exchange_configured(cfg):
        return (f"{assignment} is recorded in the gradebook. No exchange is configured (one laptop): "
                f"participants work on their own copies in workshop/my-work/{assignment}/, which "
                f"`course serve` makes (or `course start {assignment}`).")
    result = api.release_assignment(assignment)
    if not result.get("success"):
        raise ExchangeError(f"could not put {assignment} in the exchange:\n{result.get('log')}")
    return f"{assignment} is in the exchange; participants can fetch it."


def collect(assignment: str, course_root: Path) -> str:
    api, cfg = _api(course_root)
    if not _exchange_configured(cfg):
        return ("No exchange is configured (one laptop): put each participant's notebooks in "
                f"workshop/submitted/<participant>/{assignment}/ and run `course grade {assignment}`.")
    result = api.collect(assignment)
    if not result.get("success"):
        raise ExchangeError(f"could not collect {assignment}:\n{result.get('log')}")
    return f"Collected the submissions of {assignment} into workshop/submitted/."
