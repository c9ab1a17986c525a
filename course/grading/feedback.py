"""``course feedback``: one HTML page per participant and notebook, with nothing hidden leaked.

nbgrader's own feedback shows hidden tests (by design) and the traceback of a failing
hidden assert shows its source line. Here every test cell keeps only its visible part and
its learner-facing output; an error keeps its message, never its traceback.
"""
from __future__ import annotations

import copy
import re
from html import escape
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory

from ..i18n import _
from . import config as course_config
from .grade import GRADED, load_statuses, participant_language

# Scripts that would fetch from the internet (MathJax, require.js, mermaid from a CDN).
REMOTE_SCRIPT = re.compile(r"<script\b[^>]*>(?:(?!</script>).)*?https?://(?:(?!</script>).)*?</script>"
                           r"|<script\b[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>", re.I | re.S)
HIDDEN_REGION = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", re.S)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def sanitize(nb) -> nbformat.NotebookNode:
    """A copy of an autograded notebook that a participant may see."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.source = HIDDEN_REGION.sub("", cell.source).rstrip()
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                # The message is the learner-facing outcome; the traceback may quote hidden code.
                output["traceback"] = [f"{output.get('ename', 'Error')}: {ANSI.sub('', output.get('evalue', ''))}"]
    return nb


def _header(participant: str, assignment: str, notebook: str, grades: list[tuple[str, float, float]],
            note: str, lang: str | None) -> str:
    rows = "".join(f"<tr><td>{escape(task)}</td><td style='text-align:right'>{score:g} / {maximum:g}</td></tr>"
                   for task, score, maximum in grades)
    total = sum(g[1] for g in grades), sum(g[2] for g in grades)
    return (f"<section style='font-family:sans-serif;margin:1em'><h1>{escape(_('Feedback', lang))}: "
            f"{escape(assignment)} / {escape(notebook)}</h1>"
            f"<p>{escape(_('Participant', lang))}: {escape(participant)}</p>"
            + (f"<p>{escape(note)}</p>" if note else "")
            + f"<table><tr><th>{escape(_('Task', lang))}</th><th>{escape(_('Points', lang))}</th></tr>{rows}"
            f"<tr><th>{escape(_('Total', lang))}</th><th style='text-align:right'>{total[0]:g} / {total[1]:g}</th></tr>"
            "</table></section>")


def generate(assignment: str, course_root: Path, participants: list[str] | None = None) -> list[Path]:
    """Write feedback HTML for every graded participant; returns the files written."""
    cfg = course_config.load(course_root)
    coursedir = CourseDirectory(config=cfg)
    statuses = load_statuses(course_root, assignment)
    exporter = HTMLExporter(template_name="classic")
    written = []
    with Gradebook(cfg.CourseDirectory.db_url) as gradebook:
        for participant, status in sorted(statuses.items()):
            if participants and participant not in participants or status.status != GRADED:
                continue
            lang = participant_language(course_root, participant)
            autograded = Path(coursedir.format_path(coursedir.autograded_directory, participant, assignment))
            target = Path(coursedir.format_path(coursedir.feedback_directory, participant, assignment))
            target.mkdir(parents=True, exist_ok=True)
            for path in sorted(autograded.glob("*.ipynb")):
                try:
                    submitted = gradebook.find_submission_notebook(path.stem, assignment, participant)
                except MissingEntry:
                    continue
                grades = [(g.name, float(g.score), float(g.max_score)) for g in sorted(submitted.grades, key=lambda g: g.name)]
                body, _resources = exporter.from_notebook_node(sanitize(nbformat.read(path, as_version=4)))
                body = REMOTE_SCRIPT.sub("", body)  # read offline: nothing is fetched when it opens
                note = "; ".join(status.notes)
                html = body.replace("<body>", "<body>" + _header(participant, assignment, path.stem, grades, note, lang), 1)
                out = target / f"{path.stem}.html"
                out.write_text(html, encoding="utf-8")
                written.append(out)
    return written
