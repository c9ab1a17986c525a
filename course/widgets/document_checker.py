"""The document checker: is this XML document right for that reference schema, and if not, why?

A participant uploads a document (or picks one of the course's samples), chooses a schema
from the registry and gets the verdict of :func:`course.xml.validate`, every finding in
plain language with its line and location and a hint, and the document itself with the
offending lines highlighted. Hostile or non-XML files get the same refusals as
``course validate`` because they come from the same function.

The functions above :class:`DocumentChecker` work without widgets (the tests use them).
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

import ipywidgets as widgets

from .. import paths
from ..i18n import N_, _
from ..xml import registry
from ..xml.findings import SEVERITIES, SEVERITY_LABELS, ValidationResult
from .common import Dashboard, tag

SHORT_DOCUMENT = 30  # shorter documents are always shown whole
CONTEXT_LINES = 4  # otherwise: the lines around each finding, unless the whole document is asked for
FULL_VIEW_LINES = 2000  # the most lines shown when the whole document is asked for
MAX_SHOWN_LINES = 600
MAX_LINE_CHARS = 300
LARGE_FILE = 1024 * 1024  # from this size on, the progress bar is worth showing
MAX_SHOWN_FINDINGS = 200  # a page with thousands of findings helps nobody; the count says how many there are



@dataclass(frozen=True)
class Sample:
    label: str  # e.g. "eco/valid-1-item.xml"
    path: Path
    schema: str  # the registry schema the sample is written for


def samples() -> list[Sample]:
    """The course's sample documents, each with the schema it is meant for."""
    folders = [("eco", paths.datasets() / "samples" / "eco"), ("swds", paths.schemas() / "swds" / "samples")]
    found = []
    for schema, folder in folders:
        for path in sorted(folder.glob("*.xml")):
            found.append(Sample(f"{schema}/{path.name}", path, schema))
    return found


def check(document: bytes, schema: str, lang: str | None = None) -> ValidationResult:
    """The check behind the dashboard: exactly ``course.xml.validate``."""
    from ..xml import validate

    return validate(document, schema, lang=lang)


def human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def document_text(data: bytes) -> str | None:
    """The document as text for display, or None when it is not text (a PDF, an image...)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    else:
        declared = _DECLARED.match(data[:200])
        encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    if b"\x00" in data[:4096] and encoding != "utf-16":
        return None
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:  # an encoding Python does not know
        text = data.decode("utf-8", errors="replace")
    sample = text[:20000]
    if sample and sample.count("\ufffd") > len(sample) / 20:
        return None
    return text


def marked_lines(result: ValidationResult) -> dict[int, str]:
    """Line number -> the most serious severity found on it."""
    marks: dict[int, str] = {}
    for finding in result.findings:
        if finding.line:
            current = marks.get(finding.line)
            if current is None or SEVERITIES.index(finding.severity) < SEVERITIES.index(current):
                marks[finding.line] = finding.severity
    return marks


def shown_lines(total: int, marks: dict[int, str], whole: bool = False) -> list[int]:
    """Which line numbers (1-based) to show: a short document whole; a longer one around its
    findings (or its beginning, when no finding has a line); with ``whole``, its first
    FULL_VIEW_LINES lines and the lines around findings further down."""
    if total <= SHORT_DOCUMENT or (whole and total <= FULL_VIEW_LINES):
        return list(range(1, total + 1))
    start = FULL_VIEW_LINES if whole else (0 if marks else SHORT_DOCUMENT)
    wanted = set(range(1, start + 1))
    for line in sorted(marks):
        wanted.update(range(max(1, line - CONTEXT_LINES), min(total, line + CONTEXT_LINES) + 1))
    return sorted(wanted)[:start + MAX_SHOWN_LINES]


def render_document(text: str, marks: dict[int, str], lang: str | None = None, whole: bool = False) -> str:
    """The document with line numbers; lines with findings are highlighted."""
    lines = text.splitlines() or [""]
    show = shown_lines(len(lines), marks, whole)
    parts, previous = [], 0
    for number in show:
        if number != previous + 1:
            parts.append(tag("div", "… " + _("{n} lines not shown", lang, n=number - previous - 1), "ptc-gap"))
        content = lines[number - 1]
        if len(content) > MAX_LINE_CHARS:
            content = content[:MAX_LINE_CHARS] + " …"
        severity = marks.get(number)
        klass = f"ptc-line ptc-{severity}" if severity else "ptc-line"
        parts.append(f"<div class='{klass}' id='ptc-line-{number}' data-line='{number}'>"
                     f"<span class='ptc-lineno'>{number}</span>{escape(content)}</div>")
        previous = number
    if previous < len(lines):
        parts.append(tag("div", "… " + _("{n} lines not shown", lang, n=len(lines) - previous), "ptc-gap"))
    return "<div class='ptc-doc'>" + "".join(parts) + "</div>"


def render_verdict(result: ValidationResult) -> str:
    kind = "unusable" if not result.usable else ("ok" if result.ok else "bad")
    mark = {"ok": "✔", "bad": "✘", "unusable": "⚠"}[kind]
    return f"<div class='ptc-verdict ptc-{kind}' data-verdict='{kind}'>{mark} {escape(result.summary())}</div>"


def render_findings(result: ValidationResult) -> str:
    """Every finding: severity, line and location, the message and its hint."""
    lang = result.lang
    if not result.findings:
        return tag("p", _("Nothing to report: every check passed.", lang))
    items = []
    hint = _("Hint", lang)
    for number, finding in enumerate(result.findings[:MAX_SHOWN_FINDINGS], 1):
        severity = _(SEVERITY_LABELS[finding.severity], lang)
        where = []
        if finding.line:
            where.append(_("line {line}", lang, line=finding.line))
        if finding.path:
            where.append(finding.path)
        location = f" <code>{escape(', '.join(where))}</code>" if where else ""
        items.append(
            f"<div class='ptc-finding ptc-{finding.severity}' data-code='{escape(finding.code)}'"
            f" data-line='{finding.line or ''}'>"
            f"<strong>{number}. {escape(severity)}</strong>{location}"
            f"<div>{escape(finding.message)}</div>"
            f"<div><em>{escape(hint)}:</em> {escape(finding.hint)}</div></div>")
    hidden = len(result.findings) - MAX_SHOWN_FINDINGS
    if hidden > 0:
        items.append(tag("p", _("… and {n} more findings: correct the ones above first, then check again.", lang,
                                n=hidden), "ptc-muted"))
    return "".join(items)


class DocumentChecker(Dashboard):
    """Upload or pick an XML document, choose a reference schema, see what is wrong and where."""

    title = N_("Document checker")
    intro = N_("Check a trade document against a reference schema: upload an XML file or pick a sample, "
               "choose the schema, then press Check.")

    def __init__(self, lang: str | None = None, schema: str = "eco"):
        self._default_schema = schema if schema in registry.ENTRIES else next(iter(registry.ENTRIES))
        self.document: tuple[str, bytes] | None = None
        self.result: ValidationResult | None = None
        self._quiet = False  # set while the code itself changes a widget
        super().__init__(lang)

    # --- layout ----------------------------------------------------------------------------

    def build(self) -> widgets.Widget:
        wide = widgets.Layout(width="460px")
        self.samples = samples()
        self.upload_label = widgets.HTML()
        self.upload = widgets.FileUpload(accept=".xml,text/xml,application/xml", multiple=False,
                                         layout=widgets.Layout(width="240px"))
        self.upload.observe(self._on_upload, names="value")
        self.sample_label = widgets.HTML()
        self.sample = widgets.Dropdown(layout=wide)
        self.sample.add_class("ptc-sample")
        self.sample.observe(self._on_sample, names="value")
        self.schema_label = widgets.HTML()
        self.schema = widgets.Dropdown(layout=wide)
        self.schema.add_class("ptc-schema")
        self.check_button = widgets.Button(button_style="primary", icon="check", disabled=True)
        self.check_button.add_class("ptc-check")
        self.check_button.on_click(lambda _button: self.run_check())
        self.current = widgets.HTML()
        self.progress = widgets.IntProgress(min=0, max=3, value=0, layout=widgets.Layout(display="none"))
        self.progress_label = widgets.HTML()
        self.verdict = widgets.HTML()
        self.verdict.add_class("ptc-result")
        self.findings_heading = widgets.HTML()
        self.findings = widgets.HTML()
        self.findings.add_class("ptc-findings")
        self.document_heading = widgets.HTML()
        self.whole = widgets.Checkbox(value=False, indent=False, layout=widgets.Layout(display="none"))
        self.whole.add_class("ptc-whole")
        self.whole.observe(lambda change: self._render() if self.result is not None else None, names="value")
        self.document_view = widgets.HTML()
        self.document_view.add_class("ptc-document")
        self.upload_note = widgets.HTML()
        upload = widgets.HBox([self.upload, self.upload_note], layout=widgets.Layout(align_items="center"))
        choose = widgets.GridBox(
            [self.upload_label, upload, self.sample_label, self.sample, self.schema_label, self.schema],
            layout=widgets.Layout(grid_template_columns="200px auto", grid_gap="6px 12px", align_items="center"))
        return widgets.VBox([choose, widgets.HBox([self.check_button, self.current]),
                             widgets.HBox([self.progress, self.progress_label]), self.verdict,
                             self.findings_heading, self.findings, self.document_heading, self.whole,
                             self.document_view])

    def relabel(self) -> None:
        super().relabel()
        lang = self.lang
        self.upload_label.value = tag("b", _("Your document", lang))
        # larger uploads exceed what the browser connection carries in one message
        self.upload_note.value = tag("span", _("Files up to 10 MB; check larger ones with the course validate command.",
                                               lang), "ptc-muted")
        self.upload.description = _("Upload an XML file", lang)
        self.sample_label.value = tag("b", _("or a sample document", lang))
        self.schema_label.value = tag("b", _("Reference schema", lang))
        self.check_button.description = _("Check", lang)
        self.check_button.tooltip = _("Check the document against the reference schema", lang)
        self.whole.description = _("Show the whole document", lang)
        self._quiet = True
        try:
            picked = self.sample.value or ""
            self.sample.options = [(_("(choose a sample)", lang), "")] + [(s.label, s.label) for s in self.samples]
            self.sample.value = picked
            chosen = self.schema.value or self._default_schema
            self.schema.options = [(f"{e.name}: {e.title_in(lang)}", e.name) for e in registry.ENTRIES.values()]
            self.schema.value = chosen
        finally:
            self._quiet = False
        self._show_current()
        if self.result is not None:
            self.result = self.result.in_language(lang)
            self._render()

    # --- events ----------------------------------------------------------------------------

    def _on_upload(self, change) -> None:
        files = change["new"]
        if self._quiet or not files:
            return
        upload = files[0]
        self.choose(upload["name"], bytes(upload["content"]))
        self._quiet = True
        try:
            self.sample.value = ""
            self.upload.value = ()  # the same file can be uploaded again (after an edit, say)
        finally:
            self._quiet = False

    def _on_sample(self, change) -> None:
        if self._quiet or not change["new"]:
            return
        sample = next(s for s in self.samples if s.label == change["new"])
        self.choose(sample.label, sample.path.read_bytes())
        self.schema.value = sample.schema

    def choose(self, name: str, data: bytes) -> None:
        """Make ``data`` the document to check (the previous result no longer applies)."""
        self.document = (name, data)
        self.result = None
        self.check_button.disabled = False
        self.verdict.value = self.findings_heading.value = self.findings.value = ""
        self.document_heading.value = self.document_view.value = ""
        self.whole.layout.display = "none"
        self._show_current()

    def _show_current(self) -> None:
        if self.document is None:
            self.current.value = tag("span", _("No document chosen yet.", self.lang), "ptc-muted")
        else:
            name, data = self.document
            label = _("Document", self.lang)
            self.current.value = (f"<span class='ptc-current'>{escape(label)}: "
                                  f"<b>{escape(name)}</b> ({escape(human_size(len(data)))})</span>")

    def _step(self, value: int, message: str) -> None:
        self.progress.layout.display = "" if value < self.progress.max else "none"
        self.progress.value = value
        self.progress_label.value = f"<span class='ptc-muted ptc-progress'>{escape(message)}</span>" if message else ""

    # --- the check -------------------------------------------------------------------------

    def run_check(self) -> ValidationResult | None:
        if self.document is None:
            self.verdict.value = tag("p", _("Upload a file or pick a sample first.", self.lang))
            return None
        name, data = self.document
        schema = self.schema.value
        self.check_button.disabled = True
        try:
            self._step(1, _("Reading {name} ({size})…", self.lang, name=name, size=human_size(len(data))))
            self._step(2, _("Checking against the schema '{schema}'…", self.lang, schema=schema))
            try:
                self.result = check(data, schema, self.lang)
            except registry.SchemaError as exc:  # the schema itself is unusable (a missing package)
                self._step(3, "")
                self.result = None
                self.verdict.value = tag("div", _("This schema cannot be used here: {detail}", self.lang,
                                                  detail=str(exc)), "ptc-verdict ptc-unusable")
                return None
            if len(data) >= LARGE_FILE:
                self._step(3, _("Preparing the report…", self.lang))
            self._render()
            self._step(3, "")
        finally:
            self.check_button.disabled = False
        return self.result

    def _render(self) -> None:
        result = self.result
        lang = self.lang
        self.verdict.value = render_verdict(result)
        counts = [sum(1 for f in result.findings if f.severity == s) for s in SEVERITIES]
        self.findings_heading.value = "<h3>{}</h3>".format(escape(_(
            "Findings: {errors} error(s), {warnings} warning(s), {notes} note(s)", lang,
            errors=counts[0], warnings=counts[1], notes=counts[2])))
        self.findings.value = render_findings(result)
        text = document_text(self.document[1]) if self.document else None
        if text is None:
            self.document_heading.value = ""
            self.document_view.value = ""
            self.whole.layout.display = "none"
            return
        marks = marked_lines(result)
        if marks:
            legend = _("The document, with the lines that have findings highlighted", lang)
        else:
            legend = _("The document", lang)
        self.document_heading.value = f"<h3>{escape(legend)}</h3>"
        long = text.count("\n") + 1 > SHORT_DOCUMENT
        self.whole.layout.display = "" if long else "none"
        self.document_view.value = render_document(text, marks, lang, whole=self.whole.value)
