"""The result of checking a learner's answer: not attempted, incorrect (and why), or correct."""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from ..i18n import N_, _
from ..render import badge, box
from ..xml.findings import Finding

NOT_ATTEMPTED = "not_attempted"
INCORRECT = "incorrect"
CORRECT = "correct"

LABELS = {NOT_ATTEMPTED: N_("Not attempted"), INCORRECT: N_("Incorrect"), CORRECT: N_("Correct")}


@dataclass(repr=False)
class Outcome:
    """What a check concluded. ``score`` is the fraction of credit earned (0 to 1)."""

    exercise: str
    status: str
    message: str
    reasons: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    score: float = 0.0
    lang: str | None = None

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    @property
    def attempted(self) -> bool:
        return self.status != NOT_ATTEMPTED

    def __bool__(self) -> bool:
        return self.correct

    def points(self, out_of: float, partial: bool = True) -> float | None:
        """Points earned as a graded task; None when the task fails outright (shown as the failure).

        With partial credit, an attempted answer earns its share; all-or-nothing needs correct.
        """
        if not self.attempted or (not partial and not self.correct):
            return None
        return round(self.score * out_of, 2) if partial else float(out_of)

    @property
    def label(self) -> str:
        return _(LABELS[self.status], self.lang)

    def as_dict(self) -> dict:
        return {"exercise": self.exercise, "status": self.status, "message": self.message,
                "reasons": self.reasons, "score": self.score,
                "findings": [f.as_dict() for f in self.findings]}

    def __repr__(self) -> str:  # shown as plain text in terminals and exported outputs
        return str(self)

    def __str__(self) -> str:
        lines = [f"{self.label}: {self.message}"]
        lines += [f"  - {reason}" for reason in self.reasons]
        lines += [f"  - {finding}" for finding in self.findings if finding.severity != "info"]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        items = [escape(r) for r in self.reasons]
        items += [
            (f"<code>{escape(f.where())}</code> " if f.where() else "") + escape(f.message)
            + f"<br><em>{escape(_('Hint', self.lang))}: {escape(f.hint)}</em>"
            for f in self.findings if f.severity != "info"]
        body = "<ul style='margin:4px 0'>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>" if items else ""
        return box(self.status, f"{badge(self.status, self.label)} {escape(self.message)}", body)
