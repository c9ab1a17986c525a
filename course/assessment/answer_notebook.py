"""A participant's copy of a released quiz notebook, read and written as plain answers.

The form of ``dashboards/quiz.ipynb`` answers the quiz in the same notebook a participant who
codes would fill in, so that nbgrader's submit and collect and ``course grade`` treat both the
same. In the released notebook the answer to question N is the cell ``qN-answer``::

    answer_N = None
    # YOUR CODE HERE

Saving an answer replaces exactly the ``# YOUR CODE HERE`` line with ``answer_N = <literal>``
(a string or a list of strings, written as Python literals); nothing else in the notebook
changes. A cell that already holds an answer gets its last ``answer_N = ...`` line replaced.
A cell edited by hand into anything but ``answer_N = <literal>`` lines is never overwritten:
it is reported, so nothing typed in it is lost.

Where the copy lives (:func:`work_folder`): ``COURSE_WORK_DIR`` when set; on JupyterHub the
participant's home folder, where nbgrader's Assignment List fetches ``<assignment>/quiz.ipynb``;
elsewhere (a laptop) ``workshop/quizzes/`` in the course folder. A missing copy is created from
``exercises/<assignment>/quiz.ipynb``, which itself is never written.
"""
from __future__ import annotations

import ast
import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import paths
from ..i18n import N_
from ..i18n.editions import assignment_edition
from .quiz import Quiz

NOTEBOOK = "quiz.ipynb"
STUB = "# YOUR CODE HERE"
ANSWER_CELL = "q{n}-answer"
CHECKED = re.compile(r"\banswer_(\d+)\b")
CHINESE = "zh_Hans"

BLANK, ANSWERED, UNREADABLE = "blank", "answered", "unreadable"


class QuizFileError(ValueError):
    """The notebook cannot be used as this quiz; ``message`` is a catalog string, ``params`` fill it."""

    def __init__(self, message: str, **params):
        super().__init__(message.format(**params))
        self.message, self.params = message, params


@dataclass
class AnswerCell:
    """Question ``number``'s answer cell: its state, and the answer it holds (a literal) when answered."""

    item_id: str
    number: int
    index: int  # position of the cell in the notebook
    state: str
    value: object = None
    code: str = ""  # the line the form cannot read, for an unreadable cell


@dataclass
class SaveReport:
    path: Path
    created: bool = False
    written: list[str] = field(default_factory=list)   # item ids whose answer was written or cleared
    kept: list[AnswerCell] = field(default_factory=list)  # hand-edited cells left untouched


# --- where the copy is ------------------------------------------------------------------------

def work_folder() -> Path:
    """The folder holding the participant's ``<assignment>/quiz.ipynb``."""
    return paths.work_folder("quizzes")


def released(assignment: str) -> Path:
    return paths.root() / "exercises" / assignment / NOTEBOOK


def editions(quiz: Quiz, moment: str, lang: str) -> list[str]:
    """The release's assignments, the one in ``lang`` first."""
    english = quiz.assignment(moment)
    chinese = assignment_edition(english)
    return [chinese, english] if lang == CHINESE else [english, chinese]


def participant_copy(quiz: Quiz, moment: str, lang: str, folder: Path | None = None) -> Path:
    """The participant's copy of the release: the existing one (in ``lang`` if both exist), else where
    the one in ``lang`` would be created."""
    folder = Path(folder or work_folder())
    candidates = [folder / assignment / NOTEBOOK for assignment in editions(quiz, moment, lang)]
    return next((path for path in candidates if path.exists()), candidates[0])


# --- reading ------------------------------------------------------------------------------------

def literal(value) -> str:
    """``value`` (a string or a list of strings) as Python source, in double quotes like the instructions."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        if ast.literal_eval(text) == value:
            return text
    except (ValueError, SyntaxError):
        pass
    return repr(value)


def _statements(source: str, number: int) -> list[ast.Assign] | str:
    """The cell's ``answer_N = <literal>`` statements, or the first piece of code that is something else."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        line = source.splitlines()[error.lineno - 1] if error.lineno and source.splitlines() else source
        return line.strip() or source.strip()
    name = f"answer_{number}"
    found = []
    for statement in tree.body:
        snippet = ast.get_source_segment(source, statement) or ""
        if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Name) and statement.targets[0].id == name):
            return snippet.splitlines()[0] if snippet else name
        try:
            ast.literal_eval(statement.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return snippet.splitlines()[0]
        found.append(statement)
    return found


def _read_cell(source: str, item_id: str, number: int, index: int) -> AnswerCell:
    statements = _statements(source, number)
    if isinstance(statements, str):
        return AnswerCell(item_id, number, index, UNREADABLE, code=statements)
    value = ast.literal_eval(statements[-1].value) if statements else None
    return AnswerCell(item_id, number, index, BLANK if value is None else ANSWERED, value)


def _load(path: Path):
    try:
        return nbformat.read(path, as_version=4)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:  # not JSON, not a notebook
        raise QuizFileError(N_("{path} cannot be read as a notebook ({error}). The form changes nothing in it: "
                               "move or rename it, then open the form again to start a fresh copy."),
                            path=str(path), error=type(error).__name__) from error


def answer_cells(nb, quiz: Quiz, path: Path | str = "") -> list[AnswerCell]:
    """Each item's answer cell, in the quiz's order; :class:`QuizFileError` when one is missing."""
    by_grade_id = {}
    for index, cell in enumerate(nb.cells):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id:
            by_grade_id[grade_id] = (index, cell)
    found = []
    for position, item in enumerate(quiz.items, 1):
        graded = by_grade_id.get(item.id)
        number = CHECKED.search(graded[1].source) if graded and graded[1].cell_type == "code" else None
        answer = by_grade_id.get(ANSWER_CELL.format(n=number.group(1))) if number else None
        if answer is None or answer[1].cell_type != "code" \
                or not answer[1].metadata["nbgrader"].get("solution"):
            raise QuizFileError(N_("{path} is not the quiz of module {module}: it has no answer cell for question "
                                   "{n}. The form changes nothing in it: move or rename it, then open the form again "
                                   "to start a fresh copy."), path=str(path), module=quiz.module[:2], n=position)
        index, cell = answer
        found.append(_read_cell(cell.source, item.id, int(number.group(1)), index))
    return found


def read_answers(path: Path, quiz: Quiz) -> list[AnswerCell]:
    """The answers held by the notebook at ``path`` (an empty list when there is no such file yet)."""
    path = Path(path)
    if not path.exists():
        return []
    return answer_cells(_load(path), quiz, path)


# --- writing ------------------------------------------------------------------------------------

def _replace_lines(source: str, first: int, last: int, text: str) -> str:
    lines = source.split("\n")
    return "\n".join(lines[:first - 1] + text.split("\n") + lines[last:])


def _insert_after(source: str, line: int, text: str) -> str:
    lines = source.split("\n")
    return "\n".join(lines[:line] + text.split("\n") + lines[line:])


def answered_source(source: str, number: int, value) -> str:
    """The answer cell's source holding ``value`` (None: back to the released stub)."""
    name = f"answer_{number}"
    statements = _statements(source, number)
    if isinstance(statements, str):
        raise ValueError(f"cell of {name} is not made of literal assignments")
    unanswered = not statements or ast.literal_eval(statements[-1].value) is None
    if STUB in source and unanswered:
        return source if value is None else source.replace(STUB, f"{name} = {literal(value)}", 1)
    if not statements:
        return f"{name} = None\n{STUB}" if value is None else f"{name} = None\n{name} = {literal(value)}"
    last = statements[-1]
    # A cell holding only `answer_N = None` (the stub line deleted) keeps it, as released.
    only_none = len(statements) == 1 and ast.literal_eval(last.value) is None
    if value is None:
        if only_none:
            return source
        return _replace_lines(source, last.lineno, last.end_lineno,
                              STUB if len(statements) > 1 else f"{name} = None\n{STUB}")
    if only_none:
        return _insert_after(source, last.end_lineno, f"{name} = {literal(value)}")
    return _replace_lines(source, last.lineno, last.end_lineno, f"{name} = {literal(value)}")


def _write(nb, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.saving")
    nbformat.write(nb, temporary, version=4)
    temporary.replace(path)  # a reader never sees half a notebook


def save_answers(path: Path, quiz: Quiz, assignment: str, answers: dict[str, object]) -> SaveReport:
    """Write ``answers`` (item id -> a string, a list of strings, or None for no answer) into the copy.

    Creates the copy from the released notebook of ``assignment`` when it does not exist. Items not
    in ``answers`` are left as they are; so are cells edited by hand into code (listed in ``kept``).
    """
    path = Path(path)
    report = SaveReport(path)
    if path.exists():
        nb = _load(path)
    else:
        source = released(assignment)
        if not source.exists():
            raise QuizFileError(N_("The released quiz {path} is missing, so the form cannot start your copy. "
                                   "Ask your trainer to release the quiz."), path=str(source))
        nb = _load(source)
        report.created = True
    cells = answer_cells(nb, quiz, path if path.exists() else released(assignment))
    before = copy.deepcopy(nb)
    for cell in cells:
        if cell.item_id not in answers:
            continue
        value = answers[cell.item_id]
        if cell.state == UNREADABLE:
            report.kept.append(cell)
            continue
        if value == cell.value:
            continue
        nb.cells[cell.index].source = answered_source(nb.cells[cell.index].source, cell.number, value)
        report.written.append(cell.item_id)
    if report.created or nb != before:
        _write(nb, path)
    return report
