"""The anonymous feedback survey as a form (``dashboards/feedback_survey.ipynb``).

No name and no participant id is asked or stored: see :mod:`course.assessment.survey`. After
a response is sent the form clears itself, so the next participant at a shared computer starts
from a blank form.
"""
from __future__ import annotations

import os

import ipywidgets as widgets

from ..assessment import survey
from ..i18n import N_, _
from .common import Dashboard, tag


def modules() -> list[tuple[str, str]]:
    """(module id, title catalog message) of every course module."""
    from .. import course_modules

    return [(m.id, m.title) for m in course_modules.discover()]


class FeedbackSurvey(Dashboard):
    title = N_("Workshop feedback")
    intro = N_("Tell the trainers what worked and what did not. Your answers are anonymous: the form asks for "
               "no name, and nothing that identifies you is stored.")

    def __init__(self, lang: str | None = None, module: str | None = None):
        self.modules = modules()
        ids = [m for m, _t in self.modules]
        chosen = module or os.environ.get("COURSE_MODULE", "")
        self.initial_module = chosen if chosen in ids else (ids[-1] if ids else None)
        super().__init__(lang)

    def build(self) -> widgets.Widget:
        self.module_label = widgets.HTML()
        self.module = widgets.Dropdown(layout=widgets.Layout(width="420px"))
        self.module.add_class("ptc-survey-module")
        self.statement_labels = {}
        self.ratings = {}
        rows = []
        for key, _text in survey.STATEMENTS:
            label = widgets.HTML(layout=widgets.Layout(width="420px"))
            choice = widgets.RadioButtons(options=[], layout=widgets.Layout(width="auto"))
            choice.add_class(f"ptc-rating-{key}")
            self.statement_labels[key], self.ratings[key] = label, choice
            rows.append(widgets.HBox([label, choice], layout=widgets.Layout(border_bottom="1px solid #eee",
                                                                            padding="4px 0")))
        self.comment_label = widgets.HTML()
        self.comment = widgets.Textarea(layout=widgets.Layout(width="720px", height="110px"))
        self.comment.add_class("ptc-comment")
        self.send_button = widgets.Button(button_style="primary", icon="paper-plane")
        self.send_button.add_class("ptc-send")
        self.send_button.on_click(lambda _b: self.send())
        self.status = widgets.HTML()
        self.status.add_class("ptc-survey-status")
        form = widgets.VBox([widgets.HBox([self.module_label, self.module]), *rows, self.comment_label,
                             self.comment, self.send_button, self.status])
        form.add_class("ptc-survey-form")
        return form

    def relabel(self) -> None:
        super().relabel()
        lang = self.lang
        current = self.module.value or self.initial_module
        self.module.options = [(f"{m}: {_(title, lang)}", m) for m, title in self.modules]
        self.module.value = current
        self.module_label.value = tag("b", _("Module", lang), after="&nbsp;")
        scale = [(f"{n} {_(text, lang)}", n) for n, text in enumerate(survey.SCALE, 1)]
        for key, text in survey.STATEMENTS:
            self.statement_labels[key].value = tag("span", _(text, lang))
            chosen = self.ratings[key].value
            self.ratings[key].options = scale
            self.ratings[key].value = chosen
        self.comment_label.value = tag("b", _(survey.COMMENT_QUESTION, lang))
        self.send_button.description = _("Send", lang)

    def send(self):
        """Store the response; returns the file written, or None when nothing was stored."""
        lang = self.lang
        ratings = {key: choice.value for key, choice in self.ratings.items()}
        try:
            path = survey.save(self.module.value, ratings, self.comment.value, lang)
        except survey.SurveyError:
            self.status.value = tag("div", _("Rate at least one statement or write a comment, then press Send.", lang),
                                    "ptc-verdict ptc-unusable")
            return None
        except OSError as exc:
            self.status.value = tag("div", _("Your answers could not be saved ({error}). Please tell your trainer.", lang,
                                             error=type(exc).__name__), "ptc-verdict ptc-bad")
            return None
        for choice in self.ratings.values():
            choice.value = None
        self.comment.value = ""
        self.status.value = tag("div", _("Thank you. Your answers are saved, without your name.", lang),
                                "ptc-verdict ptc-ok")
        return path
