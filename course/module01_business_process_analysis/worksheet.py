"""The analysis worksheet: module 01's four answer tasks with forms, for people who do not code.

The inventory, the time-procedure figures, the bottlenecks and redundant documents, and the
recommendation are filled in with tables, lists and check boxes; each section's "Check" button
runs exactly the graded notebook's self-check, ``course.exercise("<id>").check(answer)``, and
shows its verdict, score and reasons. Names are suggested from the public data only: the
procedures of ``synonyms.json``, the organizations interviewed, the document names the course
publishes and the recommendation's options. The page never reads an answer key.
The functions above :class:`BpaWorksheet` work without widgets (the tests use them).
"""
from __future__ import annotations

import threading
from html import escape

import ipywidgets as widgets

from ..i18n import N_, _
from ..widgets.common import Dashboard, tag
from . import dataset, names
from .checker import _warm_up

INVENTORY, TIMES, BOTTLENECKS, RECOMMENDATION = ("01-inventory", "01-time-procedure", "01-bottlenecks",
                                                 "01-recommendation")
NO_ACTOR = ""
# The Single Window exists only in the to-be: it was not interviewed.
NOT_INTERVIEWED = ("Single Window",)


# --- the public names the page suggests ------------------------------------------------------

def procedure_names() -> list[str]:
    return list(dataset.synonyms())


def actor_names() -> list[str]:
    return [actor for actor in names.ACTORS if actor not in NOT_INTERVIEWED]


def document_names() -> list[str]:
    """The documents the course names in public: the usual names, and those of the worked examples."""
    found = list(names.DOCUMENTS)
    for row in dataset.examples()["inventory_from_the_bank_interview"]["procedures"]:
        found += row["documents_in"] + row["documents_out"]
    for step in dataset.example_procedures():
        found += step["documents_in"] + step["documents_out"]
    found += list(dataset.examples().get("data_elements_of_the_example", {}))
    return sorted(dict.fromkeys(found), key=str.casefold)


def split_names(text: str) -> list[str]:
    """Names typed in one box, separated by ';'."""
    return [part.strip() for part in (text or "").split(";") if part.strip()]


class BadInput(ValueError):
    """What the participant must correct before the check can run (a translated message)."""


def hours(text: str, lang: str | None) -> float:
    """The total hours typed, or :class:`BadInput` saying what to type."""
    cleaned = (text or "").strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise BadInput(_("The total time must be a number of hours, such as 96 or 130.5: '{value}' is not a "
                         "number.", lang, value=text or "")) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise BadInput(_("The total time must be a number of hours, such as 96 or 130.5: '{value}' is not a "
                         "number.", lang, value=text))
    return value


def self_check(exercise_id: str, answer, lang: str | None = None):
    """Exactly the graded notebook's self-check of ``exercise_id``."""
    from ..checks import exercise

    return exercise(exercise_id, lang).check(answer)


def outcome_html(outcome, lang: str | None) -> str:
    """The verdict, the score and the reasons, as the notebook shows them, with the score spelt out."""
    score = tag("div", _("Score: {percent}% of this task's credit.", lang, percent=int(100 * outcome.score)),
                "ptc-muted ptc-score")
    return outcome._repr_html_() + score


def problem_html(message: str) -> str:
    return tag("div", message, "ptc-verdict ptc-unusable")


# --- the widgets -----------------------------------------------------------------------------

class NameList:
    """An ordered list of names: pick or type one in a box with suggestions, add it; remove a tag
    with its cross, drag tags to reorder them."""

    def __init__(self, options: list[str], css: str):
        self.box = widgets.Combobox(options=options, ensure_option=False, layout=widgets.Layout(width="420px"))
        self.add = widgets.Button(icon="plus", layout=widgets.Layout(width="auto"))
        self.add.on_click(lambda _b: self.append(self.box.value))
        self.box.on_submit(lambda _w: self.append(self.box.value))
        self.tags = widgets.TagsInput(allow_duplicates=False, layout=widgets.Layout(width="auto"))
        self.widget = widgets.VBox([widgets.HBox([self.box, self.add]), self.tags])
        self.widget.add_class(css)

    def append(self, name: str) -> None:
        name = (name or "").strip()
        if name and name not in self.tags.value:
            self.tags.value = list(self.tags.value) + [name]
        self.box.value = ""

    @property
    def value(self) -> list[str]:
        return list(self.tags.value)

    def relabel(self, lang: str | None, placeholder: str) -> None:
        self.box.placeholder = placeholder
        self.add.description = _("Add", lang)
        self.tags.placeholder = _("nothing yet", lang)


class InventoryRow:
    """One step: the procedure, its actor, the documents it needs and those it produces."""

    def __init__(self, procedures: list[str], actors: list[str], documents: list[str], on_remove):
        wide = widgets.Layout(width="300px")
        self.procedure = widgets.Combobox(options=procedures, ensure_option=False, layout=wide)
        self.actor = widgets.Dropdown(options=[("", NO_ACTOR)] + [(a, a) for a in actors], value=NO_ACTOR,
                                      layout=widgets.Layout(width="230px"))
        self.documents_in = widgets.Combobox(options=documents, ensure_option=False, layout=wide)
        self.documents_out = widgets.Combobox(options=documents, ensure_option=False, layout=wide)
        self.remove = widgets.Button(icon="trash", layout=widgets.Layout(width="auto"))
        self.remove.on_click(lambda _b: on_remove(self))
        self.widget = widgets.HBox([self.procedure, self.actor, self.documents_in, self.documents_out, self.remove])
        self.widget.add_class("ptc-inventory-row")

    def fill(self, procedure: str = "", actor: str = NO_ACTOR, documents_in=(), documents_out=()) -> None:
        self.procedure.value = procedure
        if actor and actor not in self.actor.options:
            self.actor.options = list(self.actor.options) + [(actor, actor)]
        self.actor.value = actor or NO_ACTOR
        self.documents_in.value = "; ".join(documents_in)
        self.documents_out.value = "; ".join(documents_out)

    def is_empty(self) -> bool:
        return not (self.procedure.value.strip() or self.actor.value or self.documents_in.value.strip()
                    or self.documents_out.value.strip())

    def as_dict(self) -> dict:
        return {"procedure": self.procedure.value.strip(), "actor": self.actor.value,
                "documents_in": split_names(self.documents_in.value),
                "documents_out": split_names(self.documents_out.value)}

    def relabel(self, lang: str | None) -> None:
        self.procedure.placeholder = _("the step, such as 'Advise the letter of credit'", lang)
        self.documents_in.placeholder = self.documents_out.placeholder = _("documents, separated by ';'", lang)
        self.remove.tooltip = _("Remove this row", lang)


class Section:
    """A task's form, its "Check" button and its result area."""

    def __init__(self, key: str, exercise: str, body: list[widgets.Widget], answer, title: str):
        self.exercise, self.answer, self.title = exercise, answer, title
        self.heading = widgets.HTML()
        self.intro = widgets.HTML()
        self.button = widgets.Button(button_style="primary", icon="check",
                                     layout=widgets.Layout(width="auto", align_self="flex-start", margin="6px 0"))
        self.button.add_class(f"ptc-check-{key}")
        self.result = widgets.HTML()
        self.result.add_class(f"ptc-result-{key}")
        self.shown = False   # checked once: checked again when the language changes
        self.widget = widgets.VBox([self.heading, self.intro, *body, self.button, self.result])
        self.widget.add_class(f"ptc-section-{key}")


class BpaWorksheet(Dashboard):
    """Module 01's inventory, time-procedure figures, bottlenecks and recommendation, with forms."""

    title = N_("Business process analysis worksheet")
    intro = N_("Answer module 01's analysis tasks with forms instead of code: the inventory, the time-procedure "
               "figures, the bottlenecks and redundant documents, and the recommendation. Each \"Check\" runs "
               "the graded notebook's own self-check; your trainer's grading checks the rest. Nothing leaves "
               "this computer.")

    def __init__(self, lang: str | None = None):
        self.procedures, self.actors, self.documents = procedure_names(), actor_names(), document_names()
        self.options = dataset.recommendation_options()
        self.rows: list[InventoryRow] = []
        super().__init__(lang)
        threading.Thread(target=_warm_up, daemon=True).start()

    # --- building --------------------------------------------------------------------------

    def build(self) -> widgets.Widget:
        self.sections = {
            "inventory": Section("inventory", INVENTORY, self._inventory(), self.inventory_answer,
                                 N_("1. The inventory")),
            "times": Section("times", TIMES, self._times(), self.times_answer, N_("2. The time-procedure figures")),
            "bottlenecks": Section("bottlenecks", BOTTLENECKS, self._bottlenecks(), self.bottlenecks_answer,
                                   N_("3. Bottlenecks and redundant documents")),
            "recommendation": Section("recommendation", RECOMMENDATION, self._recommendation(),
                                      self.recommendation_answer, N_("4. The recommendation")),
        }
        for name, section in self.sections.items():
            section.button.on_click(lambda _b, name=name: self.check(name))
        return widgets.VBox([s.widget for s in self.sections.values()])

    def _inventory(self) -> list[widgets.Widget]:
        self.columns = widgets.HTML()
        self.table = widgets.VBox()
        self.table.add_class("ptc-inventory")
        self.add_row_button = widgets.Button(icon="plus", layout=widgets.Layout(width="auto"))
        self.add_row_button.add_class("ptc-add-row")
        self.add_row_button.on_click(lambda _b: self.add_row())
        self.add_row()
        return [self.columns, self.table, self.add_row_button]

    def _times(self) -> list[widgets.Widget]:
        self.total = widgets.Text(layout=widgets.Layout(width="160px"))
        self.total.add_class("ptc-total-hours")
        self.total_label, self.path_label, self.wait_label = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.critical = NameList(self.procedures, "ptc-critical-path")
        self.longest = widgets.Combobox(options=self.procedures, ensure_option=False,
                                        layout=widgets.Layout(width="420px"))
        self.longest.add_class("ptc-longest-wait")
        return [self.total_label, self.total, self.path_label, self.critical.widget, self.wait_label, self.longest]

    def _bottlenecks(self) -> list[widgets.Widget]:
        self.steps_label, self.redundant_label = widgets.HTML(), widgets.HTML()
        self.bottleneck_list = NameList(self.procedures, "ptc-bottleneck-list")
        self.redundant_list = NameList(self.documents, "ptc-redundant-list")
        return [self.steps_label, self.bottleneck_list.widget, self.redundant_label, self.redundant_list.widget]

    def _recommendation(self) -> list[widgets.Widget]:
        self.choices, self.reasons = {}, {}
        lines = []
        for letter, text in self.options.items():
            box = widgets.Checkbox(value=False, description=f"{letter}. {text}", indent=False,
                                   layout=widgets.Layout(width="auto"))
            box.add_class(f"ptc-option-{letter}")
            reason = widgets.Text(layout=widgets.Layout(width="640px", margin="0 0 6px 24px", display="none"))
            reason.add_class(f"ptc-reason-{letter}")
            box.observe(lambda change, reason=reason: setattr(reason.layout, "display", "" if change["new"] else "none"),
                        names="value")
            self.choices[letter], self.reasons[letter] = box, reason
            lines += [box, reason]
        return lines

    # --- the inventory's rows --------------------------------------------------------------

    def add_row(self) -> InventoryRow:
        row = InventoryRow(self.procedures, self.actors, self.documents, self.remove_row)
        row.relabel(self.lang)
        self.rows.append(row)
        self.table.children = [r.widget for r in self.rows]
        return row

    def remove_row(self, row: InventoryRow) -> None:
        self.rows.remove(row)
        self.table.children = [r.widget for r in self.rows]

    # --- the answers, as the notebook's cells build them -----------------------------------

    def inventory_answer(self) -> dict:
        rows = [r for r in self.rows if not r.is_empty()]
        if not rows:
            raise BadInput(_("The table has no step yet: add a row for each step (\"Add a row\"), fill in its "
                             "procedure and actor, then check again.", self.lang))
        unnamed = [i for i, r in enumerate(self.rows, 1) if not r.is_empty() and not r.procedure.value.strip()]
        if unnamed:
            raise BadInput(_("Row {rows} has no procedure: name the step, or remove the row.", self.lang,
                             rows=", ".join(map(str, unnamed))))
        return {"procedures": [r.as_dict() for r in rows]}

    def times_answer(self) -> dict:
        if not (self.total.value or "").strip():
            raise BadInput(_("Type the total time in hours first, such as 96 or 130.5.", self.lang))
        return {"total_hours": hours(self.total.value, self.lang), "critical_path": self.critical.value,
                "longest_wait": self.longest.value.strip()}

    def bottlenecks_answer(self) -> dict:
        return {"bottlenecks": self.bottleneck_list.value, "redundant": self.redundant_list.value}

    def recommendation_answer(self) -> dict:
        chosen = [letter for letter, box in self.choices.items() if box.value]
        if not chosen:
            raise BadInput(_("Tick at least one option, and give its reason, then check again.", self.lang))
        return {"options": chosen, "reasons": [self.reasons[letter].value.strip() for letter in chosen]}

    # --- checking --------------------------------------------------------------------------

    def check(self, name: str):
        """Build the section's answer and run the notebook's self-check on it; show what it says."""
        section = self.sections[name]
        try:
            answer = section.answer()
        except BadInput as bad:
            section.shown = True
            section.result.value = problem_html(str(bad))
            return None
        section.shown = True
        section.result.value = tag("div", _("Checking…", self.lang), "ptc-muted")
        outcome = self_check(section.exercise, answer, self.lang)
        section.result.value = outcome_html(outcome, self.lang)
        return outcome

    # --- the language ----------------------------------------------------------------------

    def relabel(self) -> None:
        super().relabel()
        lang = self.lang
        for section in self.sections.values():
            section.heading.value = tag("h3", _(section.title, lang))
            section.button.description = _("Check", lang)
        self.sections["inventory"].intro.value = tag("div", _(
            "One row per step of the as-is export: the procedure, the organization that does it, the documents it "
            "needs and those it produces (several documents separated by ';'). Pick a suggested name or type your "
            "own.", lang), "ptc-muted")
        heads = (_("Procedure", lang), _("Actor", lang), _("Documents in", lang), _("Documents out", lang))
        widths = (300, 230, 300, 300)
        self.columns.value = "".join(f'<span style="display:inline-block;width:{w}px;font-weight:600">'
                                     f"{escape(h)}</span>" for h, w in zip(heads, widths))
        self.add_row_button.description = _("Add a row", lang)
        for row in self.rows:
            row.relabel(lang)
        self.sections["times"].intro.value = tag("div", _(
            "The figures of the path where customs inspects the containers, in elapsed hours.", lang), "ptc-muted")
        self.total_label.value = tag("b", _("Total time from start to end (hours)", lang))
        self.total.placeholder = _("a number, such as 96", lang)
        self.path_label.value = tag("b", _("The critical path, step by step in order", lang))
        self.critical.relabel(lang, _("a step of the critical path", lang))
        self.wait_label.value = tag("b", _("The step that waits longest", lang))
        self.longest.placeholder = _("a step of the procedure", lang)
        self.sections["bottlenecks"].intro.value = tag("div", _(
            "The steps that hold the procedure up, and the documents that carry data already submitted.", lang),
            "ptc-muted")
        self.steps_label.value = tag("b", _("Bottlenecks (steps)", lang))
        self.bottleneck_list.relabel(lang, _("a step of the procedure", lang))
        self.redundant_label.value = tag("b", _("Redundant documents", lang))
        self.redundant_list.relabel(lang, _("a document", lang))
        self.sections["recommendation"].intro.value = tag("div", _(
            "Tick the changes you recommend and say, for each, which bottleneck it removes.", lang), "ptc-muted")
        for reason in self.reasons.values():
            reason.placeholder = _("the bottleneck this option removes", lang)
        for name, section in self.sections.items():   # the results in the new language
            if section.shown:
                self.check(name)
