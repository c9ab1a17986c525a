"""The trainer's cohort dashboard: who submitted, how each task went, what fails most often.

The data comes from :mod:`course.widgets.cohort_data`; this module only shows it. The
gradebook is read after the page is shown (nbgrader is slow to import), and again on
Refresh; switching the language or the assignment redraws from what was read.
"""
from __future__ import annotations

import base64
import io
import math
import threading
from html import escape

import ipywidgets as widgets

from ..i18n import N_, _
from . import cohort_data as data
from . import cohort_gain
from .common import Dashboard, html_table, tag

PARTICIPANT_HEADERS = {"participant": N_("Participant"), "name": N_("Name"), "submitted": N_("Submitted"),
                       "graded": N_("Graded"), "total": N_("Total"), "max_score": N_("Out of"),
                       "percent": N_("Percent")}
TASK_HEADERS = {"task": N_("Task"), "max_score": N_("Points"), "graded": N_("Graded"), "mean": N_("Mean"),
                "median": N_("Median"), "full_marks": N_("Full marks"), "zero": N_("Zero")}
MAX_FAILING_SHOWN = 15


def number(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def _png(figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def distribution_png(cohort: data.Cohort, assignment: str) -> bytes | None:
    """One histogram of scores per task (titles are task names, so no font issue in any language)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    tasks = data.tasks_table(cohort, assignment)
    grades = cohort.grades[(cohort.grades["assignment"] == assignment) & cohort.grades["graded"]]
    if tasks.empty or grades.empty:
        return None
    columns = min(4, len(tasks))
    rows = math.ceil(len(tasks) / columns)
    width, height = 3.1 * columns, 2.3 * rows
    figure = Figure(figsize=(width, height), dpi=90)
    # fixed margins: an automatic layout would take longer than the drawing itself
    figure.subplots_adjust(left=0.35 / width, right=1 - 0.1 / width, bottom=0.3 / height, top=1 - 0.3 / height,
                           wspace=0.28, hspace=0.45)
    for index, task in enumerate(tasks.itertuples(index=False)):
        axes = figure.add_subplot(rows, columns, index + 1)
        scores = grades[grades["task"] == task.task]["score"]
        top = task.max_score or max(1.0, float(scores.max() if scores.size else 1))
        bins = [top * i / 10 for i in range(11)]
        axes.hist(scores.clip(0, top), bins=bins, color="#35618f", edgecolor="white")
        if scores.size:
            axes.axvline(float(scores.mean()), color="#b3261e", linestyle="--", linewidth=1.2)
        axes.set_title(str(task.task), fontsize=10)
        axes.set_xlim(0, top)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        axes.tick_params(labelsize=8)
    return _png(figure)


def completion_png(cohort: data.Cohort, assignment: str) -> bytes | None:
    """Submissions so far against time."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    curve = data.completion(cohort, assignment)
    if curve.empty:
        return None
    figure = Figure(figsize=(7.5, 2.6), dpi=90)
    figure.subplots_adjust(left=0.07, right=0.98, bottom=0.2, top=0.95)
    axes = figure.add_subplot()
    times = list(curve["timestamp"])
    counts = list(curve["submitted"])
    axes.step([times[0]] + times, [0] + counts, where="post", color="#1b7f3b")
    axes.set_ylim(0, max(counts) * 1.08 + 0.5)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.grid(alpha=0.3)
    return _png(figure)


def stat_cards(cards) -> str:
    """A row of figures, each ``(css key, label, value)``; the value has the class ``ptc-stat-value``."""
    return "<div style='display:flex;gap:12px;flex-wrap:wrap;margin:6px 0'>" + "".join(
        f"<div class='ptc-stat ptc-stat-{key}' style='border:1px solid #ddd;border-radius:4px;padding:6px 14px;"
        f"min-width:110px'><div class='ptc-muted'>{escape(label)}</div>"
        f"<div class='ptc-stat-value' style='font-size:1.5em;font-weight:600'>{escape(value)}</div></div>"
        for key, label, value in cards) + "</div>"


def percent(value) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{number(round(value, 1))}%"


def gain_png(gains: cohort_gain.Gains) -> bytes | None:
    """Mean pre and post percentages per objective, side by side (objective ids as labels: no font issue)."""
    from matplotlib.figure import Figure

    table = gains.objectives
    if not gains.paired or table.empty:
        return None
    figure = Figure(figsize=(7.5, 2.8), dpi=90)
    figure.subplots_adjust(left=0.08, right=0.98, bottom=0.15, top=0.92)
    axes = figure.add_subplot()
    positions = range(len(table))
    axes.bar([p - 0.2 for p in positions], table["pre_percent"].fillna(0), width=0.4, color="#9db4cc", label="pre")
    axes.bar([p + 0.2 for p in positions], table["post_percent"].fillna(0), width=0.4, color="#1b7f3b", label="post")
    axes.set_xticks(list(positions), list(table["objective"]))
    axes.set_ylim(0, 105)
    axes.legend(loc="upper left", fontsize=8)
    axes.grid(axis="y", alpha=0.3)
    return _png(figure)


def csv_link(table, filename: str, label: str) -> str:
    """An HTML link that downloads ``table`` as CSV (a data: URI: nothing leaves the page)."""
    payload = base64.b64encode(data.to_csv(table).encode("utf-8")).decode("ascii")
    return (f"<a class='ptc-csv' download='{escape(filename)}' href='data:text/csv;charset=utf-8;base64,{payload}' "
            f"style='font-weight:600'>⬇ {escape(label)}</a>")


class TrainerCohort(Dashboard):
    """Scores per participant and per task, completion over time and the most common failing checks."""

    title = N_("Cohort progress")
    intro = N_("For trainers: the scores of every participant and every task, read from the nbgrader gradebook, "
               "with the checks that fail most often.")

    def __init__(self, lang: str | None = None, db_url: str | None = None, background: bool = True):
        self.db_url = db_url
        self.background = background
        self.cohort: data.Cohort | None = None
        self.summary = None
        self.summary_problem: str | None = None
        self.error: str | None = None
        self.readings = 0  # how many times the gradebook was read
        self._charts: dict[tuple[str, str], bytes | None] = {}  # charts carry no words: drawn once per reading
        self._lock = threading.Lock()
        self._quiet = False
        super().__init__(lang)

    def build(self) -> widgets.Widget:
        self.assignment_label = widgets.HTML()
        self.assignment = widgets.Dropdown(layout=widgets.Layout(width="300px"))
        self.assignment.add_class("ptc-assignment")
        self.assignment.observe(lambda change: None if self._quiet else self.render(), names="value")
        self.refresh_button = widgets.Button(icon="refresh")
        self.refresh_button.add_class("ptc-refresh")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.status = widgets.HTML()
        self.status.add_class("ptc-status")
        self.stats = widgets.HTML()
        self.stats.add_class("ptc-stats")
        self.participants_heading = widgets.HTML()
        self.participants = widgets.HTML()
        self.participants.add_class("ptc-participants")
        self.download = widgets.HTML()
        self.tasks_heading = widgets.HTML()
        self.tasks = widgets.HTML()
        self.tasks.add_class("ptc-tasks")
        self.distribution = widgets.Output()
        self.distribution.add_class("ptc-distribution")
        self.completion_heading = widgets.HTML()
        self.completion = widgets.Output()
        self.completion.add_class("ptc-completion")
        self.failing_heading = widgets.HTML()
        self.failing = widgets.HTML()
        self.failing.add_class("ptc-failing")
        self.gain = widgets.HTML()
        self.gain.add_class("ptc-gain")
        self.gain_chart = widgets.Output()
        self.gain_chart.add_class("ptc-gain-chart")
        self.survey = widgets.HTML()
        self.survey.add_class("ptc-survey")
        self.details = widgets.VBox([self.stats, self.participants_heading, self.download, self.participants,
                                     self.tasks_heading, self.tasks, self.distribution, self.completion_heading,
                                     self.completion, self.failing_heading, self.failing, self.gain,
                                     self.gain_chart, self.survey])
        controls = widgets.HBox([self.assignment_label, self.assignment, self.refresh_button],
                                layout=widgets.Layout(align_items="center"))
        return widgets.VBox([controls, self.status, self.details])

    def relabel(self) -> None:
        super().relabel()
        self.assignment_label.value = tag("b", _("Assignment", self.lang), after="&nbsp;")
        self.refresh_button.description = _("Refresh", self.lang)
        self.refresh_button.tooltip = _("Read the gradebook again", self.lang)
        if self.cohort is None:
            self.status.value = tag("span", _("Reading the gradebook…", self.lang), "ptc-muted")
        else:
            self.render()

    def show(self) -> None:
        super().show()
        if self.cohort is None:
            if self.background:
                # Show the page first. The first reading runs in another process (nbgrader is slow
                # to import), started now, so this kernel stays free to answer the browser meanwhile.
                try:
                    process = data.start_reading_elsewhere(self.db_url)
                except Exception:  # no process could be started: read in this kernel instead
                    process = None
                threading.Thread(target=self._refresh_in_background, args=(process,), name="cohort-refresh",
                                 daemon=True).start()
            else:
                self.refresh()

    # --- reading ---------------------------------------------------------------------------

    def refresh(self, process=None) -> None:
        """Read the gradebook and the summary again, then redraw.

        ``process``: a reading already started by :func:`cohort_data.start_reading_elsewhere`.
        """
        if not self._lock.acquire(blocking=False):
            return  # a refresh is already running
        try:
            self.refresh_button.disabled = True
            self.status.value = tag("span", _("Reading the gradebook…", self.lang), "ptc-muted")
            url = self.db_url
            try:
                url = url or data.default_db_url()
                self.cohort = data.finish_reading_elsewhere(process) if process else data.read_gradebook(url)
                self.readings += 1
                self.error = None
            except Exception as exc:  # a locked or damaged database: say so, keep the page alive
                self.cohort = data.Cohort(url or "?", found=True)
                self.error = str(exc)[:400] if isinstance(exc, data.GradebookUnreadable) \
                    else f"{type(exc).__name__}: {str(exc)[:400]}"
            self._charts = {}
            names = self.cohort.assignment_names
            current = self.assignment.value if self.assignment.value in names else self.cohort.default_assignment()
            self._quiet = True
            try:
                self.assignment.options = names
                self.assignment.value = current
            finally:
                self._quiet = False
            self.render()
        finally:
            self.refresh_button.disabled = False
            self._lock.release()

    def _refresh_in_background(self, process) -> None:
        try:
            self.refresh(process)
        except Exception as exc:  # nobody would see a traceback from this thread: show it on the page
            self.status.value = self._message("bad", f"{type(exc).__name__}: {exc}")

    def _read_summary(self, assignment: str) -> None:
        self.summary, self.summary_problem = data.read_summary(data.summary_path(assignment))
        if self.summary is not None and self.summary.assignment not in (None, assignment):
            self.summary = None

    # --- drawing ---------------------------------------------------------------------------

    def _message(self, kind: str, text: str) -> str:
        return f"<div class='ptc-verdict ptc-{kind}'>{escape(text)}</div>"

    def render(self) -> None:
        cohort, lang = self.cohort, self.lang
        if cohort is None:
            return
        assignment = self.assignment.value
        if self.error:
            self.status.value = self._message("bad", _("The gradebook at {location} cannot be read: {detail}", lang,
                                                       location=cohort.location, detail=self.error))
        elif not cohort.found:
            self.status.value = self._message("unusable", _(
                "No gradebook found at {location}. It is created when the first assignment is released; "
                "set COURSE_GRADEBOOK to read another one.", lang, location=cohort.location))
        elif cohort.empty or assignment is None:
            self.status.value = self._message("unusable", _(
                "The gradebook at {location} has no submissions yet. Collect and autograde the participants' "
                "work, then press Refresh.", lang, location=cohort.location))
        else:
            self.status.value = tag("span", _("Gradebook: {location}", lang, location=cohort.location), "ptc-muted")
        if self.error or not cohort.found or cohort.empty or assignment is None:
            self.details.layout.display = "none"
            return
        self.details.layout.display = ""
        self._read_summary(assignment)
        table = data.participants_table(cohort, assignment)
        overview = data.overview(cohort, assignment, table)
        if not overview.submitted:
            self.status.value += self._message("unusable", _("No one has submitted {assignment} yet.", lang,
                                                             assignment=assignment))
        self._stats(overview)
        self._participants(table, assignment)
        self._tasks(assignment)
        self._completion(assignment)
        module = cohort_gain.module_of(assignment)
        self._gain(module)
        self._survey(module)
        self._failing(assignment)
        # the charts last: they take the longest to draw
        self._image(self.distribution, self._chart("distribution", assignment, distribution_png))
        self._image(self.completion, self._chart("completion", assignment, completion_png))

    def _stats(self, overview: data.Overview) -> None:
        lang = self.lang
        mean = (f"{number(overview.mean)} / {number(overview.max_score)} ({number(round(overview.mean_percent, 1))}%)"
                if not math.isnan(overview.mean) else "–")
        cards = [("participants", _("Participants", lang), str(overview.participants)),
                 ("submitted", _("Submitted", lang), str(overview.submitted)),
                 ("graded", _("Graded", lang), str(overview.graded)),
                 ("mean", _("Mean score", lang), mean)]
        self.stats.value = stat_cards(cards)

    def _participants(self, table, assignment: str) -> None:
        lang = self.lang
        tasks = [c for c in table.columns if c not in PARTICIPANT_HEADERS]
        header = [_(PARTICIPANT_HEADERS[c], lang) if c in PARTICIPANT_HEADERS else c for c in table.columns]
        yes, no = _("yes", lang), _("no", lang)
        rows = []
        for row in table.itertuples(index=False):
            values = []
            for column, value in zip(table.columns, row):
                if column == "submitted":
                    values.append("–" if value is None or str(value) == "NaT" else str(value)[:16])
                elif column == "graded":
                    values.append(yes if value else no)
                elif column in ("participant", "name"):
                    values.append(value)
                else:
                    values.append(number(value))
            rows.append(values)
        numeric = [i for i, c in enumerate(table.columns) if c in tasks or c in ("total", "max_score", "percent")]
        self.participants_heading.value = tag("h3", _("Scores per participant", lang))
        self.participants.value = f"<div class='ptc-scroll'>{html_table(header, rows, numeric)}</div>"
        csv_table = table.rename(columns={c: _(h, lang) for c, h in PARTICIPANT_HEADERS.items()})
        self.download.value = csv_link(csv_table, f"{assignment}-scores.csv", _("Download as CSV", lang))

    def _tasks(self, assignment: str) -> None:
        lang = self.lang
        table = data.tasks_table(self.cohort, assignment)
        header = [_(TASK_HEADERS[c], lang) for c in table.columns]
        rows = [[row.task] + [number(v) for v in list(row)[1:]] for row in table.itertuples(index=False)]
        caption = _("Each chart shows how many participants (vertical) earned how many points (horizontal) "
                    "on one task; the dashed line is the mean.", lang)
        self.tasks_heading.value = tag("h3", _("Scores per task", lang))
        self.tasks.value = html_table(header, rows, range(1, len(header))) + tag("p", caption, "ptc-muted")

    def _completion(self, assignment: str) -> None:
        lang = self.lang
        self.completion_heading.value = (tag("h3", _("Completion over time", lang)) + tag(
            "p", _("Number of submissions received so far, by submission time (UTC).", lang), "ptc-muted"))

    def _chart(self, kind: str, assignment: str, draw) -> bytes | None:
        if (kind, assignment) not in self._charts:
            self._charts[(kind, assignment)] = draw(self.cohort, assignment)
        return self._charts[(kind, assignment)]

    def _failing(self, assignment: str) -> None:
        lang = self.lang
        table, source = data.failing_checks(self.cohort, assignment, self.summary)
        heading = tag("h3", _("Most common failing checks", lang))
        if source == "summary":
            note = _("From the grading summary {path}.", lang, path=str(self.summary.path))
        elif source == "notebooks":
            note = _("From the outputs of the autograded notebooks (no grading summary found).", lang)
        else:
            note = _("No grading summary and no autograded notebooks found yet.", lang)
        if self.summary_problem:
            note += " " + _("The grading summary could not be read: {detail}", lang, detail=self.summary_problem)
        if table.empty and source is not None:
            body = tag("p", _("No failing checks: every graded task earned full marks.", lang))
        else:
            shown = table.head(MAX_FAILING_SHOWN)
            body = html_table([_("Task", lang), _("Message", lang), _("Participants", lang)],
                              shown.itertuples(index=False), [2]) if not table.empty else ""
        # drawn last of the texts: its attributes tell a test or benchmark that a redraw is complete
        self.failing.value = (f"<div data-lang='{lang}' data-reading='{self.readings}'>{body}"
                              f"<p class='ptc-muted'>{escape(note)}</p></div>")
        self.failing_heading.value = heading

    def _gain(self, module: str | None) -> None:
        lang = self.lang
        quiz = cohort_gain.quiz_of_module(module)
        if quiz is None:
            self.gain.value = ""
            self._image(self.gain_chart, None)
            return
        gains = cohort_gain.gains(self.cohort, quiz)
        pre, post = quiz.assignments
        parts = [tag("h3", _("Learning gain: quiz before and after the module", lang)),
                 tag("p", _("Scores of {pre} and {post}. Normalised gain is (post − pre) / (100% − pre): the share "
                            "of what was not known before that was learned; only participants who took both count. "
                            "Per objective, it is computed from the mean scores.", lang, pre=pre, post=post),
                     "ptc-muted"),
                 stat_cards([("took-pre", _("Took the quiz before", lang), str(gains.took_pre)),
                             ("took-post", _("Took the quiz after", lang), str(gains.took_post)),
                             ("paired", _("Took both", lang), str(gains.paired)),
                             ("pre-post", _("Mean before → after", lang),
                              f"{percent(gains.pre_percent)} → {percent(gains.post_percent)}"),
                             ("gain", _("Normalised gain", lang), number(gains.gain))])]
        if gains.took_pre or gains.took_post:
            headers = [_("Objective", lang), _("Items", lang), _("Took both", lang), _("Before", lang),
                       _("After", lang), _("Normalised gain", lang)]
            rows = [[f"{row.objective}: {_(quiz.objective(row.objective).text, lang)}", row.items, row.paired,
                     percent(row.pre_percent), percent(row.post_percent), number(row.gain)]
                    for row in gains.objectives.itertuples(index=False)]
            parts.append(tag("h4", _("Per objective", lang)))
            parts.append(f"<div class='ptc-gain-objectives'>{html_table(headers, rows, range(1, 6))}</div>")
            headers = [_("Participant", lang), _("Before", lang), _("After", lang), _("Change (points)", lang),
                       _("Normalised gain", lang)]
            rows = [[row.participant, percent(row.pre_percent), percent(row.post_percent), number(row.change),
                     number(row.gain)] for row in gains.participants.itertuples(index=False)]
            parts.append(tag("h4", _("Per participant", lang)))
            parts.append(f"<div class='ptc-scroll ptc-gain-participants'>{html_table(headers, rows, range(1, 5))}</div>")
        else:
            parts.append(tag("p", _("No one has taken the quiz yet: release {pre} at the start of the module and "
                                    "{post} at its end, then collect and grade them.", lang, pre=pre, post=post)))
        self.gain.value = "".join(parts)
        self._image(self.gain_chart, self._chart("gain", module, lambda _c, _m: gain_png(gains)))

    def _survey(self, module: str | None) -> None:
        lang = self.lang
        summary = cohort_gain.survey_summary(module)
        if summary is None:
            self.survey.value = ""
            return
        parts = [tag("h3", _("Feedback survey", lang)),
                 tag("p", _("{n} anonymous response(s) for module {module}.", lang, n=summary.responses,
                            module=module), "ptc-muted ptc-survey-count")]
        if summary.responses:
            scale = " · ".join(f"{n} = {_(label, lang)}" for n, label in enumerate(cohort_gain.survey.SCALE, 1))
            headers = [_("Statement", lang), _("Answers", lang), _("Mean (1–5)", lang), "1", "2", "3", "4", "5"]
            rows = [[_(s.text, lang), s.answers, number(s.mean), *s.counts] for s in summary.statements]
            parts.append(html_table(headers, rows, range(1, 8)))
            parts.append(tag("p", scale, "ptc-muted"))
            if summary.comments:
                parts.append(tag("h4", _("Comments (in alphabetical order)", lang)))
                parts.append("<ul class='ptc-survey-comments'>" + "".join(
                    tag("li", comment) for comment in summary.comments) + "</ul>")
            elif summary.responses < cohort_gain.survey.MIN_FOR_COMMENTS:
                parts.append(tag("p", _("Comments are shown once there are at least {n} responses, so that no one "
                                        "can be recognised by their words.", lang,
                                        n=cohort_gain.survey.MIN_FOR_COMMENTS), "ptc-muted"))
        if summary.unreadable:
            parts.append(tag("p", _("{n} file(s) in the survey folder could not be read and were left out.", lang,
                                    n=summary.unreadable), "ptc-muted"))
        self.survey.value = "".join(parts)

    @staticmethod
    def _image(output: widgets.Output, png: bytes | None) -> None:
        # Set the outputs directly: this also works from the background thread.
        if png is None:
            output.outputs = ()
            return
        output.outputs = ({"output_type": "display_data", "metadata": {},
                           "data": {"image/png": base64.b64encode(png).decode("ascii"),
                                    "text/plain": "<chart>"}},)
