"""``course quiz MODULE``: write the nbgrader sources of a module's quiz, before and after.

Both releases come from one declaration (the module's ``assessment.py``) and one key
(``quiz.json``): ``solutions/<module>-pre/quiz.ipynb`` and ``solutions/<module>-post/quiz.ipynb``
differ only in their title. ``course build`` then makes the participant versions in
``exercises/`` like every other assignment. Each item is one graded task of one point, whose
grade cell is named after the item: the visible self-check ``ex_N.check(answer_N)`` and the
hidden ``ex_N.points(answer_N, out_of=1)``.
"""
from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

import nbformat

from .. import paths
from ..checks import keys
from .quiz import POST, PRE, Quiz

TITLES = {PRE: "before the module", POST: "after the module"}
HOW_TO_ANSWER = {
    "single": 'Write the letter of the option you choose between the quotes: `answer_{n} = "?"`.',
    "multiple": ('Write the letter of every option you choose, as a list with as many letters as you choose: '
                 '`answer_{n} = ["?", "?"]`.'),
    "short": 'Write your answer between the quotes: `answer_{n} = "..."`.',
}


def _meta(grade_id: str, *, grade=False, solution=False, locked=True, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _markdown(grade_id: str, text: str) -> dict:
    return {"cell_type": "markdown", "metadata": _meta(grade_id), "source": text}


def _code(grade_id: str, text: str, **meta) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": _meta(grade_id, **meta), "outputs": [],
            "source": text}


def _solution(item, key_data) -> str:
    if item.kind == "single":
        return json.dumps(str(key_data))
    if item.kind == "multiple":
        return json.dumps(sorted(key_data))
    return json.dumps(key_data if isinstance(key_data, str) else key_data[0], ensure_ascii=False)


def notebook(quiz: Quiz, moment: str, key: dict) -> dict:
    """The source notebook of one release, with the solutions taken from ``key``."""
    count = len(quiz.items)
    intro = (
        f"# Module {quiz.module[:2]} quiz, {TITLES[moment]}\n\n"
        f"{count} short questions on what the module teaches, one or two for each of its learning "
        "objectives. The same questions are asked before the module and after it: your trainer compares the two "
        "to see what the workshop taught, question by question. It is not an exam, and it takes about ten "
        "minutes.\n\n"
        "**How to answer**\n\n"
        "- Run the setup cell first (**Shift+Enter**).\n"
        "- Under each question, replace `# YOUR CODE HERE` with your answer, written as the question says, "
        "then run the cell below it. It says that your answer is recorded and how it reads it; it does not say "
        "whether it is right. If it cannot read your answer, it says why: correct it and run it again.\n"
        "- Answer alone, without notes. If you do not know, leave the answer as it is.\n"
        "- Messages in Chinese (中文): set `COURSE_LANG=zh` before you start Jupyter.\n"
        "- When you have finished, save the notebook and hand it in.")
    setup = "import course\n\n" + "\n".join(
        f'ex_{n} = course.exercise("{item.id}")' for n, item in enumerate(quiz.items, 1))
    cells = [_markdown("intro", intro), _code("setup", setup)]
    for n, item in enumerate(quiz.items, 1):
        options = "".join(f"- **{chr(65 + i)}** {text}\n" for i, text in enumerate(item.options))
        question = f"### Question {n} of {count}\n\n{item.question}\n\n" + (options + "\n" if options else "")
        question += HOW_TO_ANSWER[item.kind].format(n=n)
        cells.append(_markdown(f"q{n}-question", question))
        cells.append(_code(f"q{n}-answer", f"answer_{n} = None\n### BEGIN SOLUTION\n"
                                           f"answer_{n} = {_solution(item, key[item.id])}\n### END SOLUTION",
                           solution=True, locked=False))
        cells.append(_code(item.id, f"ex_{n}.check(answer_{n})\n### BEGIN HIDDEN TESTS\n"
                                    f"ex_{n}.points(answer_{n}, out_of=1)\n### END HIDDEN TESTS",
                           grade=True, points=1))
    return {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                       "name": "python3"},
                                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 4}


def _text(nb: dict) -> str:
    """Written as Jupyter writes notebooks, like every other source in solutions/."""
    return nbformat.writes(nbformat.from_dict(nb), version=4) + "\n"


@contextmanager
def _trainer_keys():
    """Full keys for the time of one block: writing solutions needs the answers (the trainer's copy only)."""
    before = os.environ.get("COURSE_FULL_KEYS")
    os.environ["COURSE_FULL_KEYS"] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ["COURSE_FULL_KEYS"]
        else:
            os.environ["COURSE_FULL_KEYS"] = before


def targets(quiz: Quiz, course_root: Path | None = None) -> dict[Path, str]:
    """Each source notebook's path and content (reads the key, so only in the trainer's copy)."""
    with _trainer_keys():
        key = quiz.key_data()
    root = Path(course_root or paths.root())
    return {root / "solutions" / quiz.assignment(moment) / "quiz.ipynb": _text(notebook(quiz, moment, key))
            for moment in (PRE, POST)}


def write(quiz: Quiz, course_root: Path | None = None) -> list[Path]:
    written = []
    for path, text in targets(quiz, course_root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def differences(quiz: Quiz, course_root: Path | None = None) -> list[str]:
    """Source notebooks that differ from what the declaration and key give (empty when in step)."""
    root = Path(course_root or paths.root())
    return [str(path.relative_to(root)) for path, text in targets(quiz, course_root).items()
            if not path.exists() or path.read_text(encoding="utf-8") != text]
