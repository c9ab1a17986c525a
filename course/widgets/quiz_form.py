"""A module's quiz as a form (``dashboards/quiz.ipynb``), for participants who do not code.

The participant picks the module and the release (before or after the module) and answers
each item with radio buttons (single choice), check boxes (multiple choice) or a text box
(short answer). **Save my answers** writes them into the participant's own copy of the
released quiz notebook (see :mod:`course.assessment.answer_notebook`), exactly as a
participant who codes would type them, so handing in and grading do not tell the two apart.
Under each item the form shows what the notebook's self-check says about the saved answer:
that it is recorded and how it reads, never whether it is right. No answer key is read here.
"""
from __future__ import annotations

import os

import ipywidgets as widgets

from ..assessment import answer_notebook as sheet
from ..assessment.items import LETTERS, AnswerShapeError
from ..assessment.quiz import POST, PRE, Quiz, quizzes
from ..checks import exercise
from ..i18n import N_, _
from .common import Dashboard, tag

RELEASES = ((PRE, N_("Before the module")), (POST, N_("After the module")))


def module_title(module_id: str) -> str:
    from .. import course_modules

    return course_modules.get(module_id).title


class ItemInput:
    """The input of one quiz item: radio buttons, check boxes or a text box."""

    def __init__(self, item, number: int, count: int):
        self.item, self.number, self.count = item(), number, count
        self.heading = widgets.HTML()
        self.check = widgets.HTML()
        self.check.add_class(f"ptc-quiz-check-{number}")
        if self.item.kind == "single":
            self.input = widgets.RadioButtons(options=[], value=None, layout=widgets.Layout(width="auto"))
            self.boxes = []
        elif self.item.kind == "multiple":
            self.boxes = [widgets.Checkbox(value=False, indent=False, layout=widgets.Layout(width="auto"))
                          for _option in self.item.options]
            self.input = widgets.VBox(self.boxes)
        else:
            self.input = widgets.Text(layout=widgets.Layout(width="320px"))
            self.boxes = []
        self.input.add_class(f"ptc-quiz-input-{number}")
        self.input.add_class(f"ptc-quiz-{self.item.kind}")
        self.root = widgets.VBox([self.heading, self.input, self.check],
                                 layout=widgets.Layout(border_bottom="1px solid #eee", padding="6px 0"))

    def relabel(self, lang: str) -> None:
        item = self.item
        self.heading.value = (tag("h3", _("Question {n} of {count}", lang, n=self.number, count=self.count))
                              + tag("div", _(item.question, lang)))
        labels = [f"({LETTERS[i]}) {_(text, lang)}" for i, text in enumerate(item.options)]
        if item.kind == "single":
            chosen = self.input.value
            self.input.options = list(zip(labels, LETTERS))
            self.input.value = chosen
        elif item.kind == "multiple":
            for box, label in zip(self.boxes, labels):
                box.description = label
        else:
            self.input.placeholder = _("Type your answer", lang)

    @property
    def value(self):
        """The answer as a participant who codes writes it: a letter, a list of letters, a text; None if none."""
        if self.item.kind == "single":
            return self.input.value
        if self.item.kind == "multiple":
            return [LETTERS[i] for i, box in enumerate(self.boxes) if box.value] or None
        return self.input.value.strip() or None

    @value.setter
    def value(self, answer) -> None:
        """Show a saved answer; one the form cannot show leaves the input empty (the notebook keeps it)."""
        try:
            read = None if answer is None else self.item.read(answer)
        except AnswerShapeError:
            read = None
        if self.item.kind == "single":
            self.input.value = read
        elif self.item.kind == "multiple":
            for letter, box in zip(LETTERS, self.boxes):
                box.value = bool(read) and letter in read
        else:
            self.input.value = answer if read is not None else ""


class QuizForm(Dashboard):
    title = N_("Quiz")
    intro = N_("Answer the quiz of a module by choosing or typing; no code is needed. Your answers are saved in "
               "your own copy of the quiz notebook, which you hand in like every exercise. The quiz shows your "
               "trainer what the workshop teaches: the form never says whether an answer is right.")

    def __init__(self, lang: str | None = None, module: str | None = None, moment: str = PRE):
        self.quizzes = {quiz.module: quiz for quiz in quizzes()}
        chosen = module or os.environ.get("COURSE_MODULE", "")
        self.initial_module = chosen if chosen in self.quizzes else next(iter(self.quizzes), None)
        self.initial_moment = moment if moment in (PRE, POST) else PRE
        self.inputs: list[ItemInput] = []
        self.cells: list[sheet.AnswerCell] = []
        self.shown: dict[str, object] = {}  # item id -> the answer the inputs showed when the copy was read
        self.problem = None  # (catalog message, params) when the copy cannot be used
        self.path = None  # the participant's copy of the chosen release
        self.notice = ("", [])  # the last message under the Save button: (css class, [(message, params)])
        super().__init__(lang)
        self.load()

    # --- layout ---------------------------------------------------------------------------------

    def build(self) -> widgets.Widget:
        self.module_label, self.release_label = widgets.HTML(), widgets.HTML()
        self.module = widgets.Dropdown(layout=widgets.Layout(width="420px"))
        self.module.add_class("ptc-quiz-module")
        self.release = widgets.ToggleButtons(options=[], style={"button_width": "160px"})
        self.release.add_class("ptc-quiz-release")
        self.file = widgets.HTML()
        self.file.add_class("ptc-quiz-file")
        self.questions = widgets.VBox()
        self.questions.add_class("ptc-quiz-questions")
        self.save_button = widgets.Button(button_style="primary", icon="save", layout=widgets.Layout(width="auto"))
        self.save_button.add_class("ptc-quiz-save")
        self.save_button.on_click(lambda _b: self.save())
        self.status = widgets.HTML()
        self.status.add_class("ptc-quiz-status")
        self._relabel_choices()
        self.module.value = self.initial_module
        self.release.value = self.initial_moment
        self.module.observe(lambda _c: self.load(), names="value")
        self.release.observe(lambda _c: self.load(), names="value")
        form = widgets.VBox([widgets.HBox([self.module_label, self.module]),
                             widgets.HBox([self.release_label, self.release]), self.file, self.questions,
                             widgets.HBox([self.save_button]), self.status])
        form.add_class("ptc-quiz-form")
        return form

    def _relabel_choices(self) -> None:
        lang = self.lang
        module, moment = self.module.value, self.release.value
        self.module.options = [(f"{m}: {_(module_title(m), lang)}", m) for m in self.quizzes]
        self.release.options = [(_(text, lang), key) for key, text in RELEASES]
        if module:
            self.module.value = module
        if moment:
            self.release.value = moment

    def relabel(self) -> None:
        super().relabel()
        lang = self.lang
        self._relabel_choices()
        if self.path is not None and not self.path.exists():
            self._locate()  # no copy yet: it will be created in the language now chosen
        self.module_label.value = tag("b", _("Module", lang), after="&nbsp;")
        self.release_label.value = tag("b", _("Quiz", lang), after="&nbsp;")
        self.save_button.description = _("Save my answers", lang)
        for entry in self.inputs:
            entry.relabel(lang)
        self.show_copy()
        self.show_checks()
        self.show_notice()

    # --- the copy ---------------------------------------------------------------------------------

    @property
    def quiz(self) -> Quiz | None:
        return self.quizzes.get(self.module.value)

    def _locate(self) -> None:
        """The copy to read and write; kept while it exists, so switching language never switches files."""
        self.path = sheet.participant_copy(self.quiz, self.release.value, self.lang) if self.quiz else None

    def load(self) -> None:
        """Build the items of the chosen quiz and show the answers saved in the participant's copy."""
        quiz = self.quiz
        self.notify("", [])
        if quiz is None:
            self.inputs, self.questions.children, self.path = [], (), None
            self.save_button.disabled = True
            self.notify("ptc-verdict ptc-unusable", [(N_("No module of this course has a quiz."), {})])
            return
        if not self.inputs or self.inputs[0].item.quiz is not quiz:
            self.inputs = [ItemInput(item, n, len(quiz.items)) for n, item in enumerate(quiz.items, 1)]
            self.questions.children = [entry.root for entry in self.inputs]
            for entry in self.inputs:
                entry.relabel(self.lang)
        self.problem = None
        self._locate()
        try:
            self.cells = sheet.read_answers(self.path, quiz)
        except sheet.QuizFileError as error:
            self.cells, self.problem = [], (error.message, error.params)
        by_id = {cell.item_id: cell for cell in self.cells}
        for entry in self.inputs:
            entry.value = by_id[entry.item.id].value if entry.item.id in by_id else None
        self.shown = {entry.item.id: entry.value for entry in self.inputs}
        self.save_button.disabled = self.problem is not None
        self.show_copy()
        self.show_checks()

    def show_copy(self) -> None:
        lang = self.lang
        if self.path is None:
            self.file.value = ""
        elif self.problem:
            message, params = self.problem
            self.file.value = tag("div", _(message, lang, **params), "ptc-verdict ptc-bad")
        elif self.path.exists():
            self.file.value = tag("div", _("Your copy of the quiz: {path}", lang, path=str(self.path)), "ptc-muted")
        else:
            self.file.value = tag("div", _("No copy of this quiz yet: saving creates {path}.", lang,
                                           path=str(self.path)), "ptc-muted")

    def show_checks(self) -> None:
        """Under each item, what the notebook's self-check says about the answer saved in the copy."""
        lang = self.lang
        by_id = {cell.item_id: cell for cell in self.cells}
        for entry in self.inputs:
            cell = by_id.get(entry.item.id)
            if cell is not None and cell.state == sheet.UNREADABLE:
                entry.check.value = tag("div", _(
                    "In your notebook this answer was changed into code the form cannot read ({code}). The form "
                    "keeps it as it is. To answer here instead, write the answer in the notebook as the question "
                    "says, or ask your trainer for help.", lang, code=cell.code), "ptc-verdict ptc-unusable")
            elif cell is not None and cell.state == sheet.ANSWERED:
                outcome = exercise(entry.item.id, lang).check(cell.value)
                entry.check.value = tag("div", f"{outcome.label}: {outcome.message}", "ptc-muted")
            else:
                entry.check.value = tag("div", _("Not answered yet.", lang), "ptc-muted")

    def save(self):
        """Write the answers changed in the form into the copy; returns the report, or None on failure."""
        quiz = self.quiz
        if quiz is None:
            return None
        path = self.path
        answers = {entry.item.id: entry.value for entry in self.inputs
                   if entry.value != self.shown.get(entry.item.id) or not path.exists()}
        try:
            report = sheet.save_answers(path, quiz, path.parent.name, answers)
        except sheet.QuizFileError as error:
            self.notify("ptc-verdict ptc-bad", [(error.message, error.params)])
            return None
        except OSError as error:
            self.notify("ptc-verdict ptc-bad", [(N_("Your answers could not be saved ({error}). Please tell your "
                                                    "trainer."), {"error": type(error).__name__})])
            return None
        self.load()
        answered = sum(cell.state == sheet.ANSWERED for cell in self.cells)
        messages = [(N_("Saved. Your copy holds {answered} of {count} answers: {path}. Hand in this notebook as "
                        "usual."), {"answered": answered, "count": len(quiz.items), "path": str(path)})]
        if report.kept:
            messages.append((N_("Answers changed into code in the notebook were kept as they are: question "
                                "{numbers}."), {"numbers": ", ".join(str(cell.number) for cell in report.kept)}))
        self.notify("ptc-verdict ptc-ok", messages)
        return report

    def notify(self, css: str, messages: list[tuple[str, dict]]) -> None:
        """Show catalog messages under the Save button; they follow later language switches."""
        self.notice = (css, messages)
        self.show_notice()

    def show_notice(self) -> None:
        css, messages = self.notice
        text = " ".join(_(message, self.lang, **params) for message, params in messages)
        self.status.value = tag("div", text, css) if text else ""
