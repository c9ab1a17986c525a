"""What every dashboard shares: the language switch, the page heading, styling, HTML tables."""
from __future__ import annotations

from html import escape
from typing import Callable, Iterable

import ipywidgets as widgets

from ..i18n import _, resolve

# The language switch offers the course's languages under their own names.
LANGUAGE_CHOICES = (("English", "en"), ("中文", "zh_Hans"))

STYLE = """
<style>
.ptc-dashboard { max-width: 1400px; font-size: 14px; }
.ptc-dashboard .widget-html-content { line-height: 1.4; }
.ptc-dashboard h2 { margin: 4px 0 2px 0; font-size: 1.45em; }
.ptc-dashboard h3 { margin: 14px 0 4px 0; font-size: 1.15em; }
.ptc-intro { color: #444; margin-bottom: 6px; }
.ptc-muted { color: #666; }
.ptc-table { border-collapse: collapse; margin: 4px 0; }
.ptc-table th, .ptc-table td { border: 1px solid #ddd; padding: 3px 7px; text-align: left;
  vertical-align: top; line-height: 1.35; white-space: nowrap; }
.ptc-table td.ptc-wrap { white-space: normal; }
.ptc-table th { background: #f3f5f7; position: sticky; top: 0; white-space: normal; }
.ptc-table td.ptc-num, .ptc-table th.ptc-num { text-align: right; font-variant-numeric: tabular-nums; }
.ptc-scroll { max-height: 420px; overflow: auto; border: 1px solid #eee; }
.ptc-doc { font-family: monospace; font-size: 12.5px; line-height: 1.45; border: 1px solid #ddd;
  background: #fbfbfb; max-height: 480px; overflow: auto; padding: 4px 0; }
.ptc-doc .ptc-line { white-space: pre; padding: 0 8px 0 0; }
.ptc-doc .ptc-lineno { display: inline-block; min-width: 3.5em; padding-right: 8px; text-align: right;
  color: #888; user-select: none; }
.ptc-doc .ptc-line.ptc-error { background: #fde2e0; }
.ptc-doc .ptc-line.ptc-warning { background: #fff4cc; }
.ptc-doc .ptc-line.ptc-info { background: #e4eef9; }
.ptc-doc .ptc-gap { color: #999; padding-left: 4.5em; }
.ptc-finding { margin: 6px 0; padding: 4px 8px; border-left: 4px solid #b3261e; }
.ptc-finding.ptc-warning { border-left-color: #8a6d00; }
.ptc-finding.ptc-info { border-left-color: #35618f; }
.ptc-verdict { font-size: 1.2em; font-weight: 600; padding: 6px 10px; margin: 6px 0; }
.ptc-verdict.ptc-ok { background: #e3f4e8; color: #1b5e20; }
.ptc-verdict.ptc-bad { background: #fde2e0; color: #8c1d18; }
.ptc-verdict.ptc-unusable { background: #fff4cc; color: #6b5200; }
</style>
"""


def tag(name: str, text: str, css: str = "", after: str = "") -> str:
    """``<name class="css">text</name>`` with ``text`` escaped (``after`` is raw HTML)."""
    klass = f' class="{css}"' if css else ""
    return f"<{name}{klass}>{escape(text)}{after}</{name}>"


def html_table(header: Iterable[str], rows: Iterable[Iterable], numeric: Iterable[int] = (),
               css_class: str = "ptc-table") -> str:
    """A small HTML table; every cell is escaped. ``numeric`` are column indexes aligned right."""
    numeric = set(numeric)

    def cell(tag, index, value):
        klass = ' class="ptc-num"' if index in numeric else ""
        return f"<{tag}{klass}>{escape('' if value is None else str(value))}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows)
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


class LanguageSwitch:
    """English / Chinese toggle; calls ``on_change(lang)`` when the learner switches."""

    def __init__(self, lang: str, on_change: Callable[[str], None]):
        self.widget = widgets.ToggleButtons(options=LANGUAGE_CHOICES, value=lang,
                                            style={"button_width": "72px"},
                                            layout=widgets.Layout(width="auto", flex="0 0 auto"))
        self.widget.add_class("ptc-language")
        self.widget.observe(lambda change: on_change(change["new"]), names="value")

    @property
    def value(self) -> str:
        return self.widget.value

    @value.setter
    def value(self, lang: str) -> None:
        self.widget.value = lang


class Dashboard:
    """A dashboard: a heading, an introduction, a language switch and a body.

    Subclasses set ``title`` and ``intro`` (catalog messages), build their widgets in
    ``build()`` (returning the body), and refresh every visible text in ``relabel()``,
    which runs once at start and again whenever the language changes.
    """

    title = ""
    intro = ""

    def __init__(self, lang: str | None = None):
        self.lang = resolve(lang)
        self.heading = widgets.HTML()
        self.switch = LanguageSwitch(self.lang, self.set_language)
        self.switch_label = widgets.HTML()
        self.heading.layout = widgets.Layout(flex="1 1 auto")
        switch = widgets.HBox([self.switch_label, self.switch.widget],
                              layout=widgets.Layout(flex="0 0 auto", align_items="center"))
        top = widgets.HBox([self.heading, switch], layout=widgets.Layout(align_items="flex-start"))
        body = self.build()
        self.root = widgets.VBox([widgets.HTML(STYLE), top, body])
        self.root.add_class("ptc-dashboard")
        self.relabel()

    def build(self) -> widgets.Widget:
        raise NotImplementedError

    def relabel(self) -> None:
        self.heading.value = tag("h2", _(self.title, self.lang)) + tag("div", _(self.intro, self.lang), "ptc-intro")
        self.switch_label.value = tag("span", _("Language", self.lang), "ptc-muted", "&nbsp;")

    def set_language(self, lang: str) -> None:
        self.lang = resolve(lang)
        if self.switch.value != self.lang:
            self.switch.value = self.lang
        self.relabel()

    def show(self) -> None:
        from IPython.display import display

        display(self.root)

    def _ipython_display_(self) -> None:
        self.show()
