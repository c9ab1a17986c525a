"""The process checker: a BPMN model checked as the lessons check it, for people who do not code.

A participant uploads a BPMN 2.0 file exported from any modeller (bpmn.io, Camunda Modeler,
Signavio), or takes the course's example, and sees:

- the diagram (:mod:`course.bpmn.diagram`), with the elements that have errors in the warning colour;
- what the schema and the modelling rules found (:func:`course.bpmn.check_model`), in plain language;
- whether the process completes on each customs path ("inspection required", "green channel"),
  every pool run by the BPMN engine (:func:`course.bpmn.run_every_pool`);
- the time-procedure chart, when the model's tasks match steps whose durations are public (the
  example's steps): the model's own order, the steps' most likely durations;
- the comparison with the reference: the graded notebook's self-check,
  ``course.exercise("01-as-is-model").check(text)``, so that both give the same answer.

Everything runs on this computer; a file that is not XML, hostile XML, a file too large, an image
or JSON is refused with the finding that says why, and the page stays usable.
The functions above :class:`ProcessChecker` work without widgets (the tests use them).
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from html import escape

import ipywidgets as widgets

from .. import charts
from ..bpmn import BpmnRefused, PathRun, check_model, read_model, run_every_pool
from ..bpmn.diagram import diagram_html
from ..bpmn.gantt import time_procedure_chart
from ..bpmn.model import ProcessModel
from ..bpmn.reading import MAX_BYTES
from ..bpmn.schedule import ScheduleError, schedule
from ..i18n import N_, _
from ..widgets.common import Dashboard, html_table, tag
from ..xml.findings import Finding
from . import dataset, names
from .process_checks import BRANCHES, activity_precedence

EXERCISE = "01-as-is-model"
MAX_SHOWN_FINDINGS = 100
MIN_CHART_STEPS = 2                   # one step is no chart
PATH_LABELS = {"inspection required": N_("Inspection required"), "green channel": N_("Green channel")}


# --- the analysis, without widgets ---------------------------------------------------------

@dataclass
class Report:
    """Everything the page shows about one file, in one language."""

    name: str
    size: int
    findings: list[Finding]
    model: ProcessModel | None = None
    runs: dict[str, dict[str, PathRun]] = field(default_factory=dict)   # path -> pool -> run
    chart_rows: list[dict] = field(default_factory=list)
    critical: tuple[str, ...] = ()
    chart_note: str = ""
    outcome: object = None   # the self-check's Outcome

    @property
    def usable(self) -> bool:
        return self.model is not None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def completes(self, path: str) -> bool:
        runs = self.runs.get(path) or {}
        return bool(runs) and all(run.completed for run in runs.values())


def chart_of(model: ProcessModel, lang: str | None) -> tuple[list[dict], tuple[str, ...], str]:
    """The chart's rows, the critical path and a note, for the model's tasks that match steps with
    public durations (the example's steps). The order is the model's own, its other activities
    take no time: the arithmetic the graded to-be model is timed with."""
    steps = dataset.example_procedures()
    tasks = [(node.id, node.name) for node in model.tasks() if node.name]
    matched = {node: step for step, (node, _spelling) in
               names.activities().match([(s["id"], s["procedure"]) for s in steps], tasks).items()}
    if len(matched) < MIN_CHART_STEPS:
        return [], (), _("The time-procedure chart needs durations: only {count} of the model's tasks match the "
                         "steps whose durations the course publishes (the example's steps). Chart the full "
                         "process in lesson 04's way once you have your own durations.", lang,
                         count=len(matched))
    by_id = {s["id"]: s for s in steps}
    step = {node: by_id[matched[node]] for node in matched}
    order = activity_precedence(model)
    try:
        plan = schedule({a: float(step[a]["likely_hours"]) if a in step else 0.0 for a in order}, order, lang=lang)
    except ScheduleError as exc:
        return [], (), _("The time-procedure chart cannot be drawn: {reason}", lang, reason=str(exc))
    rows = [row for row in plan.rows({a: model.nodes[a].name for a in step}, {a: step[a]["actor"] for a in step},
                                     {a: float(step[a].get("waiting_hours") or 0) for a in step})
            if row["id"] in step]
    note = _("{matched} of the model's {tasks} tasks match steps of the example, charted with their most likely "
             "durations in the order of your model: {hours} hours from start to end.", lang,
             matched=len(matched), tasks=len(tasks), hours=format(plan.total, "g"))
    return rows, tuple(a for a in plan.critical_path if a in step), note


def path_choices(path: str) -> dict:
    """The branches one customs path takes: at customs' decision, and at any decision worded otherwise."""
    return {dataset.INSPECTION_DECISION: BRANCHES[path][0], "*": BRANCHES[path]}


def analyse(content: bytes, name: str, lang: str | None = None) -> Report:
    """Check one file as the page does: refused with a finding when it cannot be read at all
    (not XML, hostile, beyond the reader's size limit, not BPMN)."""
    findings = check_model(content, lang)
    try:
        model = read_model(content)
    except BpmnRefused as refused:
        return Report(name, len(content), findings or [refused.finding.in_language(lang)])
    report = Report(name, len(content), findings, model)
    report.runs = {path: run_every_pool(model, path_choices(path), lang=lang) for path in dataset.PATHS}
    report.chart_rows, report.critical, report.chart_note = chart_of(model, lang)
    report.outcome = self_check(content.decode("utf-8", errors="replace"), lang)
    return report


def self_check(text: str, lang: str | None = None):
    """Exactly the graded notebook's self-check of the as-is model."""
    from ..checks import exercise

    return exercise(EXERCISE, lang).check(text)


def _warm_up() -> None:
    """Load the exercise catalog (every module's problems: seconds) while the participant picks a file."""
    from ..checks import catalog

    try:
        catalog.get(EXERCISE)
    except Exception:  # the check itself will say what is wrong, in the page
        logging.getLogger(__name__).info("loading the exercise catalog failed", exc_info=True)


# --- the page ------------------------------------------------------------------------------

def findings_html(findings: list[Finding], lang: str | None) -> str:
    shown = [f for f in findings if f.severity != "info"] + [f for f in findings if f.severity == "info"]
    if not [f for f in shown if f.severity != "info"]:
        ok = tag("div", _("The schema and the modelling rules find nothing to correct.", lang), "ptc-verdict ptc-ok")
        return ok + "".join(_finding(f, lang) for f in shown[:MAX_SHOWN_FINDINGS])
    items = "".join(_finding(f, lang) for f in shown[:MAX_SHOWN_FINDINGS])
    more = len(shown) - MAX_SHOWN_FINDINGS
    if more > 0:
        items += tag("div", _("{count} more findings are not shown.", lang, count=more), "ptc-muted")
    return items


def _finding(finding: Finding, lang: str | None) -> str:
    shown = finding.in_language(lang)
    where = f"<code>{escape(shown.where())}</code> " if shown.where() else ""
    hint = f"<br><em>{escape(shown.hint)}</em>" if shown.hint else ""
    return f'<div class="ptc-finding ptc-{shown.severity}">{where}{escape(shown.message)}{hint}</div>'


def runs_html(report: Report, lang: str | None) -> str:
    rows = []
    for path, runs in report.runs.items():
        label = _(PATH_LABELS.get(path, path), lang)
        if report.completes(path):
            rows.append((label, _("completes in every pool", lang), ""))
            continue
        for pool, run in runs.items():
            if run.completed:
                continue
            why = "; ".join(f.in_language(lang).message for f in run.findings) or _("it stops before an end event", lang)
            where = pool or _("the model", lang)
            rows.append((label, _("does not complete: {pool}", lang, pool=where), why))
    table = html_table([_("Path", lang), _("Run by the BPMN engine", lang), _("Why", lang)], rows)
    return table.replace("<td>", '<td class="ptc-wrap">')


class ProcessChecker(Dashboard):
    """Upload a BPMN model (or take the example); see its diagram, findings, paths, chart and comparison."""

    title = N_("Process checker")
    intro = N_("Check a BPMN 2.0 process model exported from any modeller (bpmn.io, Camunda Modeler, Signavio): "
               "upload the file or take the course's example. Nothing leaves this computer.")

    def __init__(self, lang: str | None = None):
        self.content: tuple[str, bytes] | None = None
        self.report: Report | None = None
        super().__init__(lang)
        threading.Thread(target=_warm_up, daemon=True).start()

    def build(self) -> widgets.Widget:
        self.upload = widgets.FileUpload(accept=".bpmn,.xml,text/xml,application/xml", multiple=False)
        self.upload.observe(self._on_upload, names="value")
        self.example_button = widgets.Button(icon="sitemap", layout=widgets.Layout(width="auto"))
        self.example_button.add_class("ptc-example-model")
        self.example_button.on_click(lambda _b: self.load(dataset.example_model_path().read_bytes(),
                                                          dataset.example_model_path().name))
        self.upload_note = widgets.HTML()
        self.status = widgets.HTML()
        self.status.add_class("ptc-status")
        self.diagram = widgets.HTML()
        self.diagram.add_class("ptc-diagram")
        self.checks = widgets.HTML()
        self.checks.add_class("ptc-findings")
        self.paths = widgets.HTML()
        self.paths.add_class("ptc-paths")
        self.chart_note = widgets.HTML()
        self.chart_note.add_class("ptc-chart-note")
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="900px", display="none"))
        self.chart.add_class("ptc-chart")
        self.comparison = widgets.HTML()
        self.comparison.add_class("ptc-comparison")
        self.labels = {name: widgets.HTML() for name in ("source", "diagram", "checks", "paths", "chart", "compare")}
        self.results = widgets.VBox([self.labels["diagram"], self.diagram, self.labels["checks"], self.checks,
                                     self.labels["paths"], self.paths, self.labels["chart"], self.chart_note,
                                     self.chart, self.labels["compare"], self.comparison],
                                    layout=widgets.Layout(display="none"))
        return widgets.VBox([self.labels["source"],
                             widgets.HBox([self.upload, self.example_button, self.upload_note],
                                          layout=widgets.Layout(align_items="center")),
                             self.status, self.results])

    def relabel(self) -> None:
        super().relabel()
        lang = self.lang
        self.upload.description = _("Upload a BPMN file", lang)
        self.example_button.description = _("Use the example model", lang)
        self.upload_note.value = tag("span", _("A .bpmn or .xml file up to {size} MB.", lang,
                                               size=MAX_BYTES // (1024 * 1024)), "ptc-muted")
        self.labels["source"].value = tag("h3", _("1. The model", lang))
        self.labels["diagram"].value = tag("h3", _("2. The diagram", lang))
        self.labels["checks"].value = tag("h3", _("3. What the schema and the modelling rules found", lang))
        self.labels["paths"].value = tag("h3", _("4. Does the process complete on each customs path?", lang))
        self.labels["chart"].value = tag("h3", _("5. The time-procedure chart", lang))
        self.labels["compare"].value = tag("h3", _("6. Compared with the reference", lang)) + tag(
            "div", _("The self-check of the graded as-is model: here it knows only the course's example; your "
                     "trainer's grading compares with the full reference process.", lang), "ptc-muted")
        if self.content is not None:
            self.load(self.content[1], self.content[0])   # every text of the report in the new language

    # --- loading ---------------------------------------------------------------------------

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0] if isinstance(files, (list, tuple)) else next(iter(files.values()))
        self.load(bytes(item["content"]), item.get("name", "model.bpmn"))
        self.upload.value = ()   # the same file can be uploaded again (after an edit in the modeller, say)

    def load(self, content: bytes, name: str) -> Report:
        """Check ``content`` and show everything about it."""
        self.content = (name, content)
        lang = self.lang
        self.status.value = tag("div", _("Checking {name}…", lang, name=name), "ptc-muted")
        report = self.report = analyse(content, name, lang)
        if not report.usable:
            self.status.value = (tag("div", _("{name} cannot be checked.", lang, name=name), "ptc-verdict ptc-unusable")
                                 + findings_html(report.findings, lang))
            self.results.layout.display = "none"
            self.diagram.value = self.checks.value = self.paths.value = self.comparison.value = ""
            self.chart_note.value = ""
            self._set_chart(b"")
            return report
        model = report.model
        errors = len(report.errors)
        summary = _("{name}: {pools} pools, {tasks} tasks, {flows} message flows.", lang, name=name,
                    pools=len(model.pools), tasks=len(model.tasks()), flows=len(model.message_flows()))
        verdict = (_("No error.", lang) if not errors else _("{count} errors to correct.", lang, count=errors))
        self.status.value = tag("div", f"{summary} {verdict}", f"ptc-verdict {'ptc-bad' if errors else 'ptc-ok'}")
        highlight = [f.path for f in report.errors if f.path]
        self.diagram.value = str(diagram_html(model, lang=lang, highlight=highlight))
        self.checks.value = findings_html(report.findings, lang)
        self.paths.value = runs_html(report, lang)
        self.chart_note.value = tag("div", report.chart_note, "ptc-muted")
        self._set_chart(self._draw(report) if report.chart_rows else b"")
        self.comparison.value = report.outcome._repr_html_() if report.outcome is not None else ""
        self.results.layout.display = ""
        return report

    def _draw(self, report: Report) -> bytes:
        figure = time_procedure_chart(report.chart_rows, critical=report.critical, lang=self.lang)
        return charts.png(figure)

    def _set_chart(self, png: bytes) -> None:
        """Show the chart, or hide the image altogether (an empty image shows as a broken one)."""
        self.chart.value = png
        self.chart.layout.display = "" if png else "none"
