"""What a check found, in a form learners, graders and dashboards share."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from html import escape
from typing import Any

from ..i18n import N_, _, fill
from ..render import badge, box
from .messages import MESSAGES

SEVERITIES = ("error", "warning", "info")
# One word per severity wherever findings are shown (text, dashboards).
SEVERITY_LABELS = {"error": N_("Error"), "warning": N_("Warning"), "info": N_("Note")}


@dataclass(frozen=True)
class Finding:
    """One thing a check found.

    ``code`` is stable and machine-readable; ``message`` and ``hint`` are plain language in
    ``lang``, rendered from the code's templates and ``params``.
    """

    code: str
    severity: str = "error"
    line: int | None = None
    path: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    lang: str | None = None

    def __post_init__(self):
        if self.code not in MESSAGES:
            raise KeyError(f"unknown finding code {self.code!r}; add it to course/xml/messages.py")
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    @property
    def message(self) -> str:
        return _(MESSAGES[self.code][0], self.lang, **fill(self.params, self.lang))

    @property
    def hint(self) -> str:
        return _(MESSAGES[self.code][1], self.lang, **fill(self.params, self.lang))

    def in_language(self, lang: str | None) -> "Finding":
        return replace(self, lang=lang)

    def where(self) -> str:
        parts = []
        if self.line:
            parts.append(_("line {line}", self.lang, line=self.line))
        if self.path:
            parts.append(self.path)
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "line": self.line,
                "path": self.path, "message": self.message, "hint": self.hint}

    def __str__(self) -> str:
        where = self.where()
        label = _(SEVERITY_LABELS.get(self.severity, self.severity), self.lang)
        head = f"[{label}] " + (f"{where}: " if where else "") + self.message
        return f"{head}\n    {_('Hint', self.lang)}: {self.hint}"


@dataclass(repr=False)
class ValidationResult:
    """The answer to "is this document valid against that schema?".

    ``ok`` is the verdict. ``usable`` is False when the document could not be checked at
    all (unreadable, hostile, not XML). ``structure_ok`` is the XSD verdict alone, which
    always equals lxml's own verdict; ``ok`` also requires the business rules to pass.
    """

    schema: str
    ok: bool
    usable: bool = True
    structure_ok: bool | None = None
    findings: list[Finding] = field(default_factory=list)
    lang: str | None = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def in_language(self, lang: str | None) -> "ValidationResult":
        return replace(self, lang=lang, findings=[f.in_language(lang) for f in self.findings])

    def summary(self) -> str:
        if not self.usable:
            return _("The document could not be checked.", self.lang)
        if self.ok:
            return _("Valid: the document follows the schema '{schema}'.", self.lang, schema=self.schema)
        # Findings are capped; a "more" finding counts the failures left out of the list.
        unlisted = sum(f.params.get("count", 0) for f in self.findings if f.code.endswith(".more"))
        count = len(self.errors) + unlisted
        if count == 1:
            return _("Not valid against the schema '{schema}': 1 problem found.", self.lang, schema=self.schema)
        return _("Not valid against the schema '{schema}': {count} problems found.", self.lang,
                 schema=self.schema, count=count)

    def as_dict(self) -> dict[str, Any]:
        return {"schema": self.schema, "ok": self.ok, "usable": self.usable,
                "structure_ok": self.structure_ok, "summary": self.summary(),
                "findings": [f.as_dict() for f in self.findings]}

    def __str__(self) -> str:
        return "\n".join([self.summary(), *(str(f) for f in self.findings)])

    def __repr__(self) -> str:  # shown as plain text in terminals and exported outputs
        return str(self)

    def _repr_html_(self) -> str:
        kind = "ok" if self.ok else "error"
        rows = "".join(
            "<li>{} {} {}<br><em>{}: {}</em></li>".format(
                badge(f.severity, f.severity),
                f"<code>{escape(f.where())}</code>" if f.where() else "",
                escape(f.message), escape(_("Hint", self.lang)), escape(f.hint))
            for f in self.findings)
        body = f"<ul style='margin:4px 0'>{rows}</ul>" if rows else ""
        return box(kind, f"<strong>{escape(self.summary())}</strong>", body)
