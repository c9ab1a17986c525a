"""The harmonization workbench: module 02's reconcile step without writing code.

Every field printed on the six documents of the tuna scenario gets a drop-down list of the
reference model's elements (or "none"). Check runs ``course.exercise("02-mapping").check``
on the same table a coder would build (columns document, label, element), so both get the
same answer. That check knows only the lessons' worked examples and says so; the grade comes
from the trainer's grading of the notebook. Answers are saved as JSON files and can be reloaded later.

The functions above :class:`HarmonizationWorkbench` work without widgets (the tests use them).
"""
from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from html import escape
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from .. import paths
from ..i18n import N_, _
from ..widgets.common import Dashboard, html_table, tag
from . import dataset

EXERCISE = "02-mapping"
NOT_CHOSEN = ""  # a field the participant has not decided yet: left out of the answer
NONE = "none"  # no reference element fits
DEFAULT_NAME = "my-mapping"

DOCUMENT_TITLES = {
    "commercial_invoice": N_("Commercial invoice"),
    "packing_list": N_("Packing list"),
    "certificate_of_origin": N_("Certificate of origin"),
    "health_certificate": N_("Health certificate"),
    "export_declaration": N_("Export declaration"),
    "bill_of_lading": N_("Bill of lading"),
}


# --- data, without widgets ---------------------------------------------------------------

def fields_table() -> pd.DataFrame:
    """One row per printed field: document, label and an example value from the forms."""
    rows = []
    for name in dataset.DOCUMENTS:
        table = dataset.document(name)
        for label in table.columns:
            if label == dataset.JOIN_COLUMN:
                continue
            values = [v for v in table[label] if str(v).strip()]
            rows.append((name, label, values[0] if values else ""))
    return pd.DataFrame(rows, columns=["document", "label", "example"])


def element_choices() -> list[str]:
    """The reference model's elements, in the model's order, then "none"."""
    return list(dataset.reference_elements()["element"]) + [NONE]


def mapping_frame(choices: dict[tuple[str, str], str]) -> pd.DataFrame:
    """The answer as a coder writes it: columns document, label, element; undecided fields left out."""
    rows = [(document, label, element) for (document, label), element in choices.items()
            if element and element != NOT_CHOSEN]
    return pd.DataFrame(rows, columns=["document", "label", "element"])


def check_mapping(choices: dict[tuple[str, str], str], lang: str | None = None):
    """Exactly the graded notebook's self-check, on the table above."""
    from ..checks import exercise

    return exercise(EXERCISE, lang).check(mapping_frame(choices))


def answers_folder() -> Path:
    """Where answers are saved: ``COURSE_ANSWERS_DIR``, else the course's ``workshop/answers``
    when the course folder is writable, else ``~/.paperless-trade/answers``."""
    override = os.environ.get("COURSE_ANSWERS_DIR")
    if override:
        return Path(override).expanduser() / EXERCISE
    if os.access(paths.root(), os.W_OK):
        return paths.root() / "workshop" / "answers" / EXERCISE
    return Path.home() / ".paperless-trade" / "answers" / EXERCISE


def safe_name(name: str | None) -> str:
    """A file name made of letters, digits, '-' and '_' (the participant's choice, tidied)."""
    cleaned = re.sub(r"[^\w-]+", "-", (name or "").strip(), flags=re.UNICODE).strip("-_.")[:60]
    return cleaned or DEFAULT_NAME


def saved_names(folder: Path | None = None) -> list[str]:
    folder = folder or answers_folder()
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


def save_answers(choices: dict[tuple[str, str], str], name: str | None = None, folder: Path | None = None) -> Path:
    folder = folder or answers_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{safe_name(name)}.json"
    answer = mapping_frame(choices)
    payload = {"exercise": EXERCISE, "saved": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "mapping": answer.to_dict(orient="records")}
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.replace(path)  # never leave a half-written file behind
    return path


class AnswersUnreadable(Exception):
    """A saved answer file is missing or not in the expected form."""


def load_answers(name: str | None = None, folder: Path | None = None) -> tuple[dict[tuple[str, str], str], int]:
    """The saved choices and how many saved entries were ignored (unknown fields or elements)."""
    path = (folder or answers_folder()) / f"{safe_name(name)}.json"
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        rows = payload["mapping"]
        if not isinstance(rows, list):
            raise TypeError("mapping is not a list")
    except FileNotFoundError:
        raise AnswersUnreadable("missing") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AnswersUnreadable(str(exc)) from None
    known = set(dataset.printed_fields())
    allowed = set(element_choices())
    choices, ignored = {}, 0
    for row in rows:
        try:
            field, element = (str(row["document"]), str(row["label"])), str(row["element"])
        except (KeyError, TypeError):
            ignored += 1
            continue
        if field in known and element in allowed:
            choices[field] = element
        else:
            ignored += 1
    return choices, ignored


# --- the dashboard -----------------------------------------------------------------------

class HarmonizationWorkbench(Dashboard):
    """Choose a reference element for every printed field, check, save and reload."""

    title = N_("Harmonization workbench")
    intro = N_("Module 02, reconcile: for every field printed on the six documents, choose the element of the "
               "reference data model it carries, or 'none'. Check is the graded notebook's self-check: it applies "
               "the task's rules and knows only the lessons' worked examples. Your grade comes from your "
               "trainer's grading of the notebook, which checks every field.")

    def __init__(self, lang: str | None = None):
        self.fields = fields_table()
        self.elements = element_choices()
        self.definitions = dataset.reference_elements()[["element", "definition"]]
        self.choices: dict[tuple[str, str], str] = {}
        self.rows: dict[str, widgets.Widget] = {}  # one grid per document, built when first shown
        self.dropdowns: dict[tuple[str, str], widgets.Dropdown] = {}
        self.outcome = None
        self._quiet = False
        self._shared = {"row": widgets.Layout(align_items="center"), "text": widgets.Layout(width="590px"),
                        "text_style": widgets.widget_string.HTMLStyle(), "dropdown": widgets.Layout(width="260px"),
                        "dropdown_style": widgets.widget_description.DescriptionStyle()}
        super().__init__(lang)

    def build(self) -> widgets.Widget:
        self.document_label = widgets.HTML()
        self.document = widgets.Dropdown(layout=widgets.Layout(width="320px"))
        self.document.add_class("ptc-document-filter")
        self.document.observe(lambda change: self._show_page(), names="value")
        self.previous = widgets.Button(icon="arrow-left", layout=widgets.Layout(width="auto"))
        self.next = widgets.Button(icon="arrow-right", layout=widgets.Layout(width="auto"))
        self.previous.on_click(lambda _b: self._turn(-1))
        self.next.on_click(lambda _b: self._turn(1))
        self.only_open = widgets.Checkbox(value=False, indent=False)
        self.only_open.observe(lambda change: self._show_page(), names="value")
        self.progress = widgets.HTML()
        self.page = widgets.VBox()
        self.reference = widgets.HTML()
        self.reference_box = widgets.Accordion(children=[self.reference], selected_index=None)
        self.check_button = widgets.Button(button_style="primary", icon="check")
        self.check_button.add_class("ptc-check")
        self.check_button.on_click(lambda _b: self.run_check())
        self.outcome_view = widgets.HTML()
        self.outcome_view.add_class("ptc-outcome")
        self.name_label = widgets.HTML()
        self.name = widgets.Text(value=DEFAULT_NAME, layout=widgets.Layout(width="220px"))
        self.name.add_class("ptc-answer-name")
        self.save_button = widgets.Button(icon="save")
        self.save_button.add_class("ptc-save")
        self.save_button.on_click(lambda _b: self.save())
        self.load_button = widgets.Button(icon="folder-open")
        self.load_button.add_class("ptc-load")
        self.load_button.on_click(lambda _b: self.load())
        self.file_status = widgets.HTML()
        self.file_status.add_class("ptc-file-status")
        navigation = widgets.HBox([self.document_label, self.document, self.previous, self.next, self.only_open],
                                  layout=widgets.Layout(align_items="center", flex_flow="row wrap"))
        files = widgets.HBox([self.name_label, self.name, self.save_button, self.load_button],
                             layout=widgets.Layout(align_items="center", flex_flow="row wrap"))
        return widgets.VBox([navigation, self.progress, self.page, self.reference_box,
                             widgets.HBox([self.check_button]), self.outcome_view, files, self.file_status])

    def relabel(self) -> None:
        super().relabel()
        lang = self.lang
        self.document_label.value = tag("b", _("Document", lang), after="&nbsp;")
        self.previous.tooltip = _("Previous document", lang)
        self.next.tooltip = _("Next document", lang)
        self.only_open.description = _("Only fields not chosen yet", lang)
        self.check_button.description = _("Check", lang)
        self.check_button.tooltip = _("Check the mapping with the exercise's own check", lang)
        self.name_label.value = tag("b", _("Save as", lang), after="&nbsp;")
        self.save_button.description = _("Save", lang)
        self.load_button.description = _("Load", lang)
        self.reference_box.titles = (_("The reference data model: elements and definitions", lang),)
        self.reference.value = "<div class='ptc-scroll'>" + html_table(
            [_("Element", lang), _("Definition", lang)], self.definitions.itertuples(index=False)) + "</div>"
        for (document, label), dropdown in self.dropdowns.items():
            self._quiet = True
            try:
                value = dropdown.value
                dropdown.options = self._options()
                dropdown.value = value
            finally:
                self._quiet = False
        self._document_options()
        self._show_page()
        self._progress()
        if self.outcome is not None:
            self.run_check()

    # --- pages -------------------------------------------------------------------------------

    def _options(self) -> list[tuple[str, str]]:
        lang = self.lang
        return ([(_("(choose)", lang), NOT_CHOSEN)] + [(e, e) for e in self.elements if e != NONE]
                + [(_("none (no reference element)", lang), NONE)])

    def _document_options(self) -> None:
        options = []
        for name in dataset.DOCUMENTS:
            labels = self.fields[self.fields["document"] == name]["label"]
            done = sum(1 for label in labels if self.choices.get((name, label)))
            title = _(DOCUMENT_TITLES[name], self.lang)
            options.append((f"{title} ({done}/{len(labels)})", name))
        current = self.document.value or dataset.DOCUMENTS[0]
        self._quiet = True
        try:
            self.document.options = options
            self.document.value = current
        finally:
            self._quiet = False

    def _grid(self, name: str) -> list[tuple[tuple[str, str], widgets.Widget]]:
        """The rows of one document's page (built once; layouts and styles are shared, which
        keeps the number of widget models, and so the page's start-up time, low)."""
        if name not in self.rows:
            shared = self._shared
            rows = []
            for row in self.fields[self.fields["document"] == name].itertuples(index=False):
                field = (row.document, row.label)
                dropdown = widgets.Dropdown(options=self._options(), value=self.choices.get(field, NOT_CHOSEN),
                                            layout=shared["dropdown"], style=shared["dropdown_style"])
                dropdown.add_class("ptc-element")
                dropdown.observe(lambda change, field=field: self._chosen(field, change["new"]), names="value")
                self.dropdowns[field] = dropdown
                text = widgets.HTML(
                    f"<div style='display:flex'><b class='ptc-field-label' style='width:230px;flex:none'>"
                    f"{escape(row.label)}</b><span class='ptc-muted'>{escape(str(row.example)[:80])}</span></div>",
                    layout=shared["text"], style=shared["text_style"])
                rows.append((field, widgets.HBox([text, dropdown], layout=shared["row"])))
            self.rows[name] = rows
        return self.rows[name]

    def _show_page(self) -> None:
        if self._quiet or self.document.value is None:
            return
        rows = self._grid(self.document.value)
        if self.only_open.value:
            rows = [(f, box) for f, box in rows if not self.choices.get(f)]
        columns = (_("Printed label", self.lang), _("Example value (consignment C01)", self.lang),
                   _("Reference element", self.lang))
        header = widgets.HTML(
            "<div style='display:flex;font-weight:600;color:#555'><span style='width:230px'>{}</span>"
            "<span style='width:360px'>{}</span><span>{}</span></div>".format(*map(escape, columns)))
        self.page.children = [header] + [box for _f, box in rows]

    def _turn(self, step: int) -> None:
        names = list(dataset.DOCUMENTS)
        index = (names.index(self.document.value) + step) % len(names)
        self.document.value = names[index]

    def _chosen(self, field: tuple[str, str], element: str) -> None:
        if self._quiet:
            return
        if element:
            self.choices[field] = element
        else:
            self.choices.pop(field, None)
        self._document_options()
        self._progress()

    def _progress(self) -> None:
        self.progress.value = "<span class='ptc-muted ptc-chosen-count'>{}</span>".format(escape(_(
            "{done} of {total} fields chosen", self.lang, done=len(self.choices), total=len(self.fields))))

    def set_choices(self, choices: dict[tuple[str, str], str]) -> None:
        """Replace every choice (after loading, or from code and tests)."""
        self.choices = {f: e for f, e in choices.items() if e}
        self._quiet = True
        try:
            for field, dropdown in self.dropdowns.items():
                dropdown.value = self.choices.get(field, NOT_CHOSEN)
        finally:
            self._quiet = False
        self._document_options()
        self._progress()
        self._show_page()

    # --- check, save, load -------------------------------------------------------------------

    def run_check(self):
        self.outcome = check_mapping(self.choices, self.lang)
        code = 'course.exercise("' + EXERCISE + '").check(mapping)'
        same = _("The graded notebook's self-check ({code}); not a grade: your trainer's grading checks every "
                 "field against the full answer key.", self.lang, code=code)
        extra = ""
        if not self.outcome.attempted:  # the check speaks to coders; say what that means here
            extra = tag("div", _("In this workbench: choose a reference element for some fields first, "
                                 "then press Check.", self.lang))
        self.outcome_view.value = (f"<div class='ptc-outcome-status' data-status='{self.outcome.status}'>"
                                   f"{self.outcome._repr_html_()}</div>{extra}"
                                   f"<div class='ptc-muted'>{escape(same)}</div>")
        return self.outcome

    def save(self) -> Path | None:
        try:
            path = save_answers(self.choices, self.name.value)
        except OSError as exc:
            self.file_status.value = self._status("error", _("Could not save your answers: {detail}", self.lang,
                                                               detail=exc.strerror or str(exc)))
            return None
        self.name.value = path.stem
        self.file_status.value = self._status("ok", _("Saved {n} choice(s) to {path}.", self.lang,
                                                        n=len(self.choices), path=str(path)))
        return path

    def load(self) -> bool:
        name = safe_name(self.name.value)
        try:
            choices, ignored = load_answers(name)
        except AnswersUnreadable as exc:
            if str(exc) == "missing":
                saved = ", ".join(saved_names()) or _("none yet", self.lang)
                message = _("No saved answers named '{name}'. Saved answers: {saved}.", self.lang,
                            name=name, saved=saved)
            else:
                message = _("The saved answers '{name}' cannot be read: {detail}", self.lang,
                            name=name, detail=str(exc))
            self.file_status.value = self._status("error", message)
            return False
        self.set_choices(choices)
        message = _("Loaded {n} choice(s) from '{name}'.", self.lang, n=len(choices), name=name)
        if ignored:
            message += " " + _(
                "{n} saved entries were ignored: they name a field or element the exercise does not have.",
                self.lang, n=ignored)
        self.file_status.value = self._status("ok", message)
        return True

    @staticmethod
    def _status(kind: str, message: str) -> str:
        colour = "#1b7f3b" if kind == "ok" else "#b3261e"
        return f"<div data-kind='{kind}' style='color:{colour}'>{escape(message)}</div>"
