"""The anonymous feedback survey: a few statements rated 1 to 5 and one free-text question.

A response is stored as one small JSON file with a random name in the survey folder of its
module: no participant id, no name, no time of day (only the date), so responses cannot be
matched to people or to the order in which they were given. The folder is
``COURSE_SURVEY_DIR`` when set (on a hub: a folder every participant may write to and only the
trainer may read, such as one beside the nbgrader exchange), else ``workshop/survey/``.
The summary shows free-text answers only once at least :data:`MIN_FOR_COMMENTS` responses
exist, in alphabetical order, so a comment in a small group does not point at its author.
"""
from __future__ import annotations

import json
import math
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import paths
from ..i18n import N_

STATEMENTS = (
    ("objectives", N_("The workshop met the objectives it announced.")),
    ("pace", N_("The pace of the workshop was right for me.")),
    ("exercises", N_("The exercises helped me understand the method.")),
    ("apply", N_("I can apply what I learned in my work.")),
    ("recommend", N_("I would recommend this workshop to a colleague.")),
)
SCALE = (N_("Strongly disagree"), N_("Disagree"), N_("Neither agree nor disagree"), N_("Agree"),
         N_("Strongly agree"))
COMMENT_QUESTION = N_("What should the trainers keep, and what should they change?")
MAX_COMMENT = 2000
MIN_FOR_COMMENTS = 3
MODULE_ID = re.compile(r"\d{2}-[a-z0-9-]+")


class SurveyError(ValueError):
    pass


def folder(module: str) -> Path:
    if not MODULE_ID.fullmatch(module or ""):
        raise SurveyError(f"not a module id: {module!r} (two digits, a dash and a name in small letters)")
    base = os.environ.get("COURSE_SURVEY_DIR", "").strip()
    return (Path(base).expanduser() if base else paths.root() / "workshop" / "survey") / module


def save(module: str, ratings: dict[str, int | None], comment: str = "", lang: str | None = None) -> Path:
    """Store one response; ratings are 1-5 (or None: not answered). Returns the file written."""
    known = {key for key, _text in STATEMENTS}
    unknown = set(ratings) - known
    if unknown:
        raise SurveyError(f"unknown survey statements: {', '.join(sorted(unknown))}")
    clean = {}
    for key, value in ratings.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= len(SCALE):
            raise SurveyError(f"rating of {key!r} must be a whole number from 1 to {len(SCALE)}, not {value!r}")
        clean[key] = value
    comment = (comment or "").strip()[:MAX_COMMENT]
    if not clean and not comment:
        raise SurveyError("an empty response is not stored")
    target = folder(module)
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{secrets.token_hex(8)}.json"
    record = {"module": module, "date": date.today().isoformat(), "ratings": clean, "comment": comment,
              "lang": lang or ""}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    tmp.replace(path)
    return path


@dataclass
class StatementSummary:
    key: str
    text: str
    answers: int
    mean: float
    counts: list[int]  # how many chose 1, 2, ... 5


@dataclass
class Summary:
    module: str
    responses: int
    statements: list[StatementSummary] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # empty while fewer than MIN_FOR_COMMENTS responses
    unreadable: int = 0  # files that could not be read as a response


def responses(module: str) -> tuple[list[dict], int]:
    """The stored responses of a module and how many files could not be read."""
    found, unreadable = [], 0
    target = folder(module)
    if not target.is_dir():
        return [], 0
    for path in sorted(target.glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(record, dict) or not isinstance(record.get("ratings", {}), dict):
                raise ValueError("not a response")
        except (OSError, ValueError):
            unreadable += 1
            continue
        found.append(record)
    return found, unreadable


def summarise(module: str) -> Summary:
    records, unreadable = responses(module)
    summary = Summary(module, len(records), unreadable=unreadable)
    for key, text in STATEMENTS:
        values = [r["ratings"][key] for r in records
                  if isinstance(r["ratings"].get(key), int) and 1 <= r["ratings"][key] <= len(SCALE)]
        counts = [values.count(n) for n in range(1, len(SCALE) + 1)]
        mean = sum(values) / len(values) if values else math.nan
        summary.statements.append(StatementSummary(key, text, len(values), mean, counts))
    if len(records) >= MIN_FOR_COMMENTS:
        summary.comments = sorted(str(r.get("comment", "")).strip() for r in records
                                  if str(r.get("comment", "")).strip())
    return summary
