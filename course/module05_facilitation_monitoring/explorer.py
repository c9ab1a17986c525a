"""The TRS explorer: the module's time release study as a dashboard, for people who do not code.

A participant uploads a milestone log (CSV) or takes the course's sample, says which column
holds what, and sees the cleaning report, the release time per channel (and per transport mode
when the log has a mode column and it is chosen), the before/after
comparison with its confidence interval and the time-cost-distance chart of a corridor. Every
chart downloads as PNG and every table as CSV. The computation is the module's study engine
(:mod:`.trs`), the one the lessons and the graded keys use.

Bad input never breaks the page: a file that is too large, has other columns, unreadable
timestamps or mixed time zones gets a message that names the columns and the first rows.
The upload goes to a temporary file that DuckDB reads within a fixed memory limit.
"""
from __future__ import annotations

import base64
import io
import os
import tempfile
import weakref
from html import escape
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from .. import my_work
from ..i18n import N_, _
from ..widgets.common import Dashboard, html_table, tag
from . import charts, corridor, dataset, trs, uncertainty

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # what one browser message carries; larger logs: from the work folder
MAX_LISTED = 200                       # CSV files offered from the work folder
NONE = ""  # the drop-down choice "this log has no such column"
ROLES = (("declaration", N_("Declaration number")), ("milestone", N_("Milestone name")),
         ("timestamp", N_("Timestamp")), ("period", N_("Period (before/after)")), ("channel", N_("Risk channel")),
         ("mode", N_("Transport mode")))
OPTIONAL = ("period", "channel", "mode")
ISSUES = {
    "missing columns": N_("The file has no column {column}. Its columns are: {values}. Choose the right columns above."),
    "unreadable": N_("The file cannot be read as CSV ({values}). Save it as CSV (comma-separated, UTF-8) and upload it again."),
    "unparseable timestamps": N_("{count} timestamps in column {column} cannot be read (lines {rows}; for example {values}). "
                                 "Write them as 2025-03-03 09:15:00, with an optional Z or +06:00. These rows are left out."),
    "empty timestamps": N_("{count} rows have no timestamp in column {column} (lines {rows}). They are left out."),
    "unknown milestones": N_("{count} rows of column {column} name no milestone of the study ({values}; lines {rows}). "
                             "The milestones are: {milestones}. These rows are left out."),
    "empty declaration ids": N_("{count} rows have no declaration number in column {column} (lines {rows}). They are left out."),
    "mixed time zones": N_("Column {column} mixes time zones: {count} timestamps carry an offset (lines {rows}), the others "
                           "none. Those without one are read as local time, {values}; the others are converted to it."),
    "nothing to study": N_("No row of the file could be used: check the column choices and the timestamps."),
}


def issue_text(issue: trs.Issue, lang: str | None) -> str:
    rows = ", ".join(str(r + 1) for r in issue.rows)  # lines of the file: the header is line 1
    if issue.count > len(issue.rows):
        rows += ", ..."
    return _(ISSUES[issue.kind], lang, column=issue.column, count=issue.count, rows=rows,
             values=", ".join(issue.values), milestones=", ".join(trs.MILESTONES))


def download_link(data: bytes, filename: str, mime: str, text: str) -> str:
    """An offline download: the file travels inside the link (tables and charts are small)."""
    encoded = base64.b64encode(data).decode("ascii")
    return (f'<a class="ptc-download" download="{escape(filename)}" href="data:{mime};base64,{encoded}">'
            f"{escape(text)}</a>")


def guess_columns(header: list[str]) -> dict[str, str]:
    """The column most likely to hold each role, by name; each column serves one role at most.
    The transport mode is never guessed: its results appear only once a participant chooses the column."""
    hints = {"declaration": ("declaration", "decl", "id", "number"), "milestone": ("milestone", "event", "step"),
             "timestamp": ("timestamp", "time", "date", "when"), "period": ("period", "phase"),
             "channel": ("channel", "lane", "risk")}
    found, taken = {}, set()
    for role, words in hints.items():
        free = [h for h in header if h not in taken]
        exact = [h for h in free if h.lower() in words]
        partial = [h for h in free if any(w in h.lower() for w in words)]
        fallback = [NONE] if role in OPTIONAL else free[:1] or [NONE]
        found[role] = (exact or partial or fallback)[0]
        taken.add(found[role])
    return found


def read_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", errors="replace") as f:
        line = f.readline()
    return [h.strip().strip('"') for h in line.rstrip("\r\n").split(",")] if line.strip() else []


class TrsExplorer(Dashboard):
    """Upload a milestone log, map its columns, study it: cleaning, channels, before/after, corridor."""

    title = N_("TRS explorer")
    intro = N_("Measure release times from a border post's milestone log: upload a CSV file or take the sample, "
               "say which column holds what, then press Study.")

    def __init__(self, lang: str | None = None):
        self.source: Path | None = None
        self.source_name = ""
        self.study: trs.Study | None = None
        self.difference: uncertainty.Difference | None = None
        self.fatal: list[trs.Issue] = []
        self.legs = dataset.corridor()
        self._temporary: Path | None = None
        super().__init__(lang)

    # --- layout ----------------------------------------------------------------------------

    def build(self) -> widgets.Widget:
        self.upload = widgets.FileUpload(accept=".csv,text/csv", multiple=False)
        self.upload.observe(self._on_upload, names="value")
        self.sample_button = widgets.Button(icon="table")
        self.sample_button.add_class("ptc-sample-log")
        self.sample_button.on_click(lambda _b: self.use_file(dataset.folder() / "milestones.csv", "milestones.csv"))
        self.current = widgets.HTML()
        self.current.add_class("ptc-current")
        # A national log (hundreds of MB) cannot go through a browser message: the participant
        # puts it in the work folder (JupyterLab's file browser uploads big files in pieces).
        self.work_files = widgets.Dropdown(options=[], layout=widgets.Layout(width="420px"))
        self.work_files.add_class("ptc-work-file")
        self.work_files.observe(self._on_work_file, names="value")
        self.work_refresh = widgets.Button(icon="refresh", layout=widgets.Layout(width="auto"))
        self.work_refresh.add_class("ptc-work-refresh")
        self.work_refresh.on_click(lambda _b: self._list_work_files())
        self.work_note = widgets.HTML()
        self.mapping_heading = widgets.HTML()
        self.pickers = {role: widgets.Dropdown(layout=widgets.Layout(width="260px")) for role, _label in ROLES}
        for role, picker in self.pickers.items():
            picker.add_class(f"ptc-column-{role}")
        self.picker_labels = {role: widgets.HTML() for role, _label in ROLES}
        self.offset = widgets.BoundedFloatText(value=trs.LOCAL_OFFSET_HOURS, min=-12, max=14, step=0.5,
                                               layout=widgets.Layout(width="100px"))
        self.offset_label = widgets.HTML()
        grid = [w for role, _l in ROLES for w in (self.picker_labels[role], self.pickers[role])]
        self.mapping = widgets.GridBox(grid + [self.offset_label, self.offset], layout=widgets.Layout(
            grid_template_columns="220px auto", grid_gap="4px 12px", align_items="center"))
        self.study_button = widgets.Button(button_style="primary", icon="play", disabled=True)
        self.study_button.add_class("ptc-study")
        self.study_button.on_click(lambda _b: self.run())
        self.messages = widgets.HTML()
        self.messages.add_class("ptc-messages")
        self.results = widgets.VBox()
        self.results.add_class("ptc-results")
        self.corridor_upload = widgets.FileUpload(accept=".csv,text/csv", multiple=False)
        self.corridor_upload.observe(self._on_corridor, names="value")
        self.corridor_heading = widgets.HTML()
        self.corridor_note = widgets.HTML()
        self.corridor_view = widgets.VBox()
        self.corridor_view.add_class("ptc-corridor")
        source = widgets.HBox([self.upload, self.sample_button, self.current],
                              layout=widgets.Layout(align_items="center", grid_gap="8px"))
        from_folder = widgets.HBox([self.work_files, self.work_refresh, self.work_note],
                                   layout=widgets.Layout(align_items="center", grid_gap="8px"))
        return widgets.VBox([source, from_folder, self.mapping_heading, self.mapping, self.study_button, self.messages,
                             self.results, self.corridor_heading,
                             widgets.HBox([self.corridor_upload, self.corridor_note],
                                          layout=widgets.Layout(align_items="center")),
                             self.corridor_view])

    def relabel(self) -> None:
        super().relabel()
        lang = self.lang
        self.upload.description = _("Upload a log (CSV)", lang)
        self.sample_button.description = _("Use the sample log", lang)
        self.work_refresh.description = _("Look again", lang)
        self.work_note.value = tag("span", _("Or a log in your work folder, {folder}: put large logs there with the file "
                                             "browser, which uploads big files in pieces.", lang,
                                             folder=str(my_work.folder())), "ptc-muted")
        self._list_work_files()
        self.mapping_heading.value = tag("h3", _("Which column holds what", lang))
        for role, label in ROLES:
            self.picker_labels[role].value = tag("b", _(label, lang))
        self.offset_label.value = tag("b", _("Local time (hours from UTC)", lang))
        self.study_button.description = _("Study", lang)
        self.corridor_heading.value = tag("h3", _("Time-cost-distance of a corridor", lang))
        self.corridor_upload.description = _("Upload a corridor (CSV)", lang)
        self.corridor_note.value = tag("span", _("Columns: {columns}. Without an upload, the course's corridor is shown.",
                                                 lang, columns=", ".join(corridor.COLUMNS)), "ptc-muted")
        self._fill_pickers()
        self._show_current()
        self._render()
        self._render_corridor()

    def _fill_pickers(self) -> None:
        header = read_header(self.source) if self.source else []
        for role, picker in self.pickers.items():
            chosen = picker.value if picker.value in header else None
            none = [(_("(none)", self.lang), NONE)] if role in OPTIONAL else []
            picker.options = none + [(h, h) for h in header]
            if header:
                wanted = chosen if chosen is not None else guess_columns(header).get(role, NONE)
                picker.value = wanted if wanted in [value for _label, value in picker.options] else None

    def work_files_found(self) -> list[Path]:
        """The CSV files of the participant's work folder (hidden folders left out), by name."""
        folder = my_work.folder()
        if not folder.is_dir():
            return []
        found = (p for p in folder.rglob("*.csv")
                 if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))
        return sorted(found)[:MAX_LISTED]

    def _list_work_files(self) -> None:
        folder, chosen = my_work.folder(), self.work_files.value
        options = [(_("(a log in the work folder)", self.lang), "")]
        options += [(f"{p.relative_to(folder)} ({p.stat().st_size / 1024 / 1024:.1f} MB)", str(p))
                    for p in self.work_files_found()]
        self.work_files.options = options
        self.work_files.value = chosen if chosen in [value for _label, value in options] else ""

    def _on_work_file(self, change) -> None:
        if change["new"]:
            path = Path(change["new"])
            self._forget_temporary()
            self.use_file(path, path.name)

    def _show_current(self) -> None:
        if self.source is None:
            self.current.value = tag("span", _("No log chosen yet.", self.lang), "ptc-muted")
        else:
            size = self.source.stat().st_size / 1024 / 1024
            self.current.value = tag("span", _("Log: {name} ({size:.1f} MB)", self.lang, name=self.source_name, size=size))

    # --- input -----------------------------------------------------------------------------

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        self.upload.value = ()  # the same file can be uploaded again after an edit
        if upload["size"] > MAX_UPLOAD_BYTES:
            self._fail(_("The file {name} is {size:.0f} MB; this button takes files up to {limit} MB. Put a larger log in "
                         "your work folder ({folder}) with the file browser, which uploads big files in pieces, then "
                         "choose it in the list below the button.", self.lang, name=upload["name"],
                         size=upload["size"] / 1024 / 1024, limit=MAX_UPLOAD_BYTES // 1024 // 1024,
                         folder=str(my_work.folder())))
            return
        self._forget_temporary()
        handle, name = tempfile.mkstemp(suffix=".csv", prefix="trs-upload-")
        with os.fdopen(handle, "wb") as f:
            f.write(bytes(upload["content"]))
        self._temporary = Path(name)
        # Gone with the page too: a closed tab or a culled kernel leaves no copy of the upload behind.
        weakref.finalize(self, Path(name).unlink, missing_ok=True)
        self.use_file(self._temporary, upload["name"])

    def use_file(self, path: Path, name: str) -> None:
        """Make the CSV at ``path`` the log to study (the previous results no longer apply)."""
        self.source, self.source_name = Path(path), name
        self.study, self.difference, self.fatal = None, None, []
        header = read_header(self.source)
        self.study_button.disabled = len(header) < 3
        self.messages.value = ""
        self._fill_pickers()
        self._show_current()
        self._render()
        if len(header) < 3:
            self._fail(_("{name} has {n} column(s) ({columns}); a milestone log needs at least three: declaration "
                         "number, milestone name and timestamp, separated by commas.", self.lang, name=name,
                         n=len(header), columns=", ".join(header)[:200] or "-"))

    def columns(self) -> trs.Columns:
        picked = {role: (picker.value or None) for role, picker in self.pickers.items()}
        return trs.Columns(**picked)

    def _fail(self, message: str) -> None:
        self.messages.value = tag("div", message, "ptc-verdict ptc-bad")

    def _forget_temporary(self) -> None:
        if self._temporary is not None:
            self._temporary.unlink(missing_ok=True)
            self._temporary = None

    # --- the study -------------------------------------------------------------------------

    def run(self) -> None:
        """Study the chosen log with the chosen columns; messages instead of errors."""
        if self.source is None:
            return
        self.study, self.difference, self.fatal = None, None, []
        self.messages.value = tag("div", _("Studying the log...", self.lang), "ptc-muted")
        columns = self.columns()
        chosen = [v for v in vars(columns).values() if v]
        twice = sorted({v for v in chosen if chosen.count(v) > 1})
        if twice or not all((columns.declaration, columns.milestone, columns.timestamp)):
            self._fail(_("Column {columns} is chosen for more than one role. Choose a different column for each: "
                         "declaration number, milestone name and timestamp are needed.", self.lang,
                         columns=", ".join(twice) or "-"))
            return
        try:
            self.study = trs.Study.from_csv(self.source, columns, local_offset=float(self.offset.value))
        except trs.LogError as exc:
            self.fatal = exc.issues
        if self.study is not None and not any(i.fatal for i in self.study.issues):
            periods = self.study.groups("period")
            if len(periods) >= 2:
                first, second = periods[:2]
                try:
                    self.difference = uncertainty.median_difference(self.study.values(period=first),
                                                                    self.study.values(period=second))
                except ValueError:
                    self.difference = None
        self._render()

    def _render(self) -> None:
        lang = self.lang
        issues = self.fatal + (self.study.issues if self.study else [])
        if self.source is not None and (issues or self.study):
            items = "".join(f"<li class='ptc-issue'>{escape(issue_text(i, lang))}</li>" for i in issues)
            if self.fatal or any(i.fatal for i in self.study.issues):
                verdict = tag("div", _("The log cannot be studied.", lang), "ptc-verdict ptc-bad")
            else:
                rows = "{:,}".format(self.study.size())
                verdict = tag("div", _("{rows} rows read.", lang, rows=rows), "ptc-verdict ptc-ok")
            self.messages.value = verdict + (f"<ul>{items}</ul>" if items else "")
        if self.study is None or any(i.fatal for i in self.study.issues):
            self.results.children = ()
            return
        # Section by section, so that the cleaning report and the tables show while the charts are drawn.
        self.results.children = ()
        for section in (self._cleaning, self._channels, self._modes, self._before_after):
            self.results.children += tuple(section())

    def _table_block(self, title: str, table: pd.DataFrame, filename: str, numeric_from: int = 1) -> list[widgets.Widget]:
        shown = table.round(2)
        html = html_table(list(shown.columns), shown.itertuples(index=False), numeric=range(numeric_from, len(shown.columns)))
        link = download_link(table.to_csv(index=False).encode("utf-8"), filename, "text/csv",
                             _("Download the table (CSV)", self.lang))
        return [widgets.HTML(tag("h3", title)), widgets.HTML(html + f"<div>{link}</div>")]

    def _chart_block(self, figure, filename: str) -> list[widgets.Widget]:
        data = charts.png(figure)
        link = download_link(data, filename, "image/png", _("Download the chart (PNG)", self.lang))
        image = widgets.Image(value=data, format="png", layout=widgets.Layout(max_width="900px"))
        image.add_class("ptc-chart")
        return [image, widgets.HTML(f"<div>{link}</div>")]

    def _cleaning(self) -> list[widgets.Widget]:
        report = self.study.cleaning_report()
        report["action"] = report["action"].map(lambda a: _(ACTION_LABELS.get(a, a), self.lang))
        report.columns = [_("action", self.lang), _("declarations", self.lang), _("rows", self.lang)]
        return self._table_block(_("Cleaning report", self.lang), report, "cleaning_report.csv")

    def _channels(self) -> list[widgets.Widget]:
        stats = self.study.statistics()
        return (self._table_block(_("Release time per period and channel (hours)", self.lang), stats, "release_times.csv", 2)
                + self._chart_block(charts.distribution(self.study, lang=self.lang), "release_times.png"))

    def _modes(self) -> list[widgets.Widget]:
        if not self.study.columns.mode:
            return []
        stats = self.study.statistics(by=("period", "mode"))
        return (self._table_block(_("Release time per period and transport mode (hours)", self.lang), stats,
                                  "release_times_by_mode.csv", 2)
                + self._chart_block(charts.distribution(self.study, lang=self.lang, by="mode"),
                                    "release_times_by_mode.png"))

    def _before_after(self) -> list[widgets.Widget]:
        if self.difference is None:
            return [widgets.HTML(tag("p", _("The log has a single period: there is nothing to compare. Map a period "
                                            "column whose values are, for example, before and after.", self.lang),
                                     "ptc-muted"))]
        d = self.difference
        verdict = (_("The difference is real: the 95% interval leaves out zero.", self.lang) if d.real else
                   _("The data cannot tell: the 95% interval includes zero.", self.lang))
        table = pd.DataFrame([d.as_dict()]).drop(columns="real")
        blocks = self._table_block(_("Before and after: difference of the median release times (hours)", self.lang),
                                   table, "before_after.csv", 0)
        blocks.append(widgets.HTML(tag("div", verdict, "ptc-verdict " + ("ptc-ok" if d.real else "ptc-unusable"))))
        blocks += self._chart_block(charts.before_after(self.study, d, lang=self.lang), "before_after.png")
        for period in self.study.groups("period")[:2]:
            blocks += self._chart_block(charts.waterfall(self.study, period, lang=self.lang), f"waterfall_{period}.png")
        return blocks

    # --- the corridor ----------------------------------------------------------------------

    def _on_corridor(self, change) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        self.corridor_upload.value = ()
        if upload["size"] > MAX_UPLOAD_BYTES:
            self.corridor_note.value = tag("span", _("A corridor file is a few lines; this one is too large.", self.lang),
                                           "ptc-verdict ptc-bad")
            return
        try:
            legs = pd.read_csv(io.BytesIO(bytes(upload["content"])))
            corridor.check_legs(legs)
        except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
            self.corridor_note.value = tag("span", _("The corridor cannot be read: {error}", self.lang, error=str(exc)[:300]),
                                           "ptc-verdict ptc-bad")
            return
        self.legs = legs
        self._render_corridor()

    def _render_corridor(self) -> None:
        figures = corridor.figures(self.legs)
        table = figures[["leg", "kind", "distance_km", "time_hours", "cost_usd", "cumulative_km", "cumulative_hours",
                         "cumulative_usd", "hours_per_km", "usd_per_km"]]
        self.corridor_view.children = (self._table_block(_("Legs and cumulative figures", self.lang), table,
                                                         "corridor.csv", 2)
                                       + self._chart_block(charts.staircase(figures, lang=self.lang),
                                                           "time_cost_distance.png"))


ACTION_LABELS = {"drop incomplete": N_("drop incomplete"), "drop out of order": N_("drop out of order"),
                 "convert time zone": N_("convert time zone"), "deduplicate": N_("deduplicate"), "keep": N_("keep")}
