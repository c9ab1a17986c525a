"""Small helpers to show results as HTML in Jupyter and as text in a terminal."""
from __future__ import annotations

from html import escape

COLOURS = {"correct": "#1b7f3b", "incorrect": "#b3261e", "not_attempted": "#8a6d00",
           "error": "#b3261e", "warning": "#8a6d00", "info": "#35618f", "ok": "#1b7f3b"}


def badge(kind: str, label: str) -> str:
    colour = COLOURS.get(kind, "#444")
    return (f'<span style="background:{colour};color:#fff;border-radius:3px;'
            f'padding:1px 6px;font-weight:600">{escape(label)}</span>')


def box(kind: str, title_html: str, body_html: str = "") -> str:
    colour = COLOURS.get(kind, "#444")
    return (f'<div style="border-left:4px solid {colour};padding:6px 10px;margin:4px 0">'
            f"{title_html}{body_html}</div>")


class Note:
    """A titled piece of text (a hint, a solution) shown nicely in Jupyter and in a terminal."""

    def __init__(self, kind: str, title: str, text: str, code: bool = False):
        self.kind, self.title, self.text, self.code = kind, title, text, code

    def __str__(self) -> str:
        return f"{self.title}:\n{self.text}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        body = (f"<pre style='margin:4px 0'>{escape(self.text)}</pre>" if self.code
                else f"<div>{escape(self.text)}</div>")
        return box(self.kind, f"<strong>{escape(self.title)}</strong>", body)
