"""The document verifier: a signed XML document, checked as a receiving agency checks it, without code.

Upload a signed document (or pick one of the lessons' examples), keep the course's trust
list or load your own (with its revocation lists), and press Verify. The page shows who
signed, whether that issuer is recognised, what the signature covers, when it was signed,
and every finding of :func:`course.signatures.verify`, the same function the lessons and
the graded tasks use.
"""
from __future__ import annotations

from html import escape

import ipywidgets as widgets

from ..i18n import N_, _
from ..signatures import TrustList, TrustListError, Verification, load_trust_list, verify
from ..widgets.common import Dashboard, tag
from ..widgets.document_checker import render_findings
from . import dataset

COVERS = {"document": N_("the whole document"), "part": N_("only part of the document"), "none": N_("nothing that can be checked")}
MARKS = {True: "✔", False: "✘"}


def examples() -> dict[str, bytes]:
    """The documents a trainer can pick: the lessons' examples and the certificate to sign."""
    found = {f"examples/{p.name}": p.read_bytes() for p in sorted((dataset.folder() / "examples").glob("*.xml"))}
    found["to-sign/certificate-of-origin.xml"] = dataset.to_sign().read_bytes()
    return found


def render_summary(result: Verification) -> str:
    """Who signed, trusted or not, what is covered, when: four lines a non-coder reads first."""
    lang = result.lang
    rows = [
        (_("Signed by", lang), result.signer_name or _("nobody (no signer certificate)", lang)),
        (_("Recognised issuer", lang), f"{MARKS[result.trusted]} " + (result.issuer.name if result.trusted and result.issuer
                                                                     else _("no", lang))),
        (_("The signature covers", lang), _(COVERS[result.covers], lang)),
        (_("Signing time", lang), result.signing_time.isoformat() if result.signing_time else _("not stated", lang)),
    ]
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f"<table class='ptc-table ptc-signature-summary'>{body}</table>"


def render_verdict(result: Verification) -> str:
    kind = "ok" if result.ok else ("unusable" if result.verdict == "unreadable" else "bad")
    return (f"<div class='ptc-verdict ptc-{kind}' data-verdict='{escape(result.verdict)}'>"
            f"{MARKS[result.ok]} {escape(result.summary())}</div>")


class DocumentVerifier(Dashboard):
    """Upload a signed XML document and see what a receiving agency would conclude."""

    title = N_("Document verifier")
    intro = N_("Verify a signed trade document as the receiving agency does: upload a signed XML file or pick an "
               "example, keep the course's trust list or load your own, then press Verify.")

    def __init__(self, lang: str | None = None):
        self.document: tuple[str, bytes] | None = None
        self.original: bytes | None = None
        self.own_trust: TrustList | None = None
        self.result: Verification | None = None
        self._quiet = False
        super().__init__(lang)

    def build(self) -> widgets.Widget:
        wide = widgets.Layout(width="420px")
        self.examples = examples()
        self.upload_label, self.example_label, self.original_label, self.trust_label = (widgets.HTML() for _i in range(4))
        self.upload = widgets.FileUpload(accept=".xml,text/xml,application/xml", multiple=False)
        self.upload.add_class("ptc-upload-document")
        self.upload.observe(self._on_upload, names="value")
        self.example = widgets.Dropdown(layout=wide)
        self.example.add_class("ptc-example")
        self.example.observe(self._on_example, names="value")
        self.original_upload = widgets.FileUpload(accept=".xml,text/xml,application/xml", multiple=False)
        self.original_upload.observe(self._on_original, names="value")
        self.trust_choice = widgets.RadioButtons(layout=widgets.Layout(width="auto"))
        self.trust_choice.add_class("ptc-trust-choice")
        self.trust_upload = widgets.FileUpload(accept=".xml,.crl,.pem", multiple=True)
        self.trust_upload.add_class("ptc-upload-trust")
        self.trust_upload.observe(self._on_trust, names="value")
        self.trust_note = widgets.HTML()
        self.verify_button = widgets.Button(button_style="primary", icon="check", disabled=True)
        self.verify_button.add_class("ptc-verify")
        self.verify_button.on_click(lambda _button: self.run_verify())
        self.current = widgets.HTML()
        self.verdict = widgets.HTML()
        self.verdict.add_class("ptc-result")
        self.summary = widgets.HTML()
        self.findings_heading = widgets.HTML()
        self.findings = widgets.HTML()
        self.findings.add_class("ptc-findings")
        grid = widgets.GridBox(
            [self.upload_label, self.upload, self.example_label, self.example, self.original_label, self.original_upload,
             self.trust_label, widgets.VBox([self.trust_choice, widgets.HBox([self.trust_upload, self.trust_note])])],
            layout=widgets.Layout(grid_template_columns="220px auto", grid_gap="6px 12px", align_items="center"))
        return widgets.VBox([grid, widgets.HBox([self.verify_button, self.current]), self.verdict, self.summary,
                             self.findings_heading, self.findings])

    def relabel(self) -> None:
        super().relabel()
        lang = self.lang
        self.upload_label.value = tag("b", _("Signed document", lang))
        self.upload.description = _("Upload an XML file", lang)
        self.example_label.value = tag("b", _("or an example", lang))
        self.original_label.value = tag("b", _("Issuer's copy (optional, shows what changed)", lang))
        self.original_upload.description = _("Upload the original", lang)
        self.trust_label.value = tag("b", _("Trust list", lang))
        self.trust_upload.description = _("Upload a trust list and CRLs", lang)
        self.verify_button.description = _("Verify", lang)
        self._quiet = True
        try:
            picked = self.example.value or ""
            self.example.options = [(_("(choose an example)", lang), "")] + [(name, name) for name in self.examples]
            self.example.value = picked
            chosen = self.trust_choice.value or "course"
            self.trust_choice.options = [(_("The course's trust list (Thai customs)", lang), "course"),
                                         (_("My own trust list", lang), "own")]
            self.trust_choice.value = chosen
        finally:
            self._quiet = False
        self._show_current()
        self._show_trust_note()
        if self.result is not None:
            self.result = self.result.in_language(lang)
            self._render()

    # --- events ------------------------------------------------------------------------------

    def _on_upload(self, change) -> None:
        if self._quiet or not change["new"]:
            return
        upload = change["new"][0]
        self.choose(upload["name"], bytes(upload["content"]))
        self._quiet = True
        try:
            self.example.value = ""
            self.upload.value = ()
        finally:
            self._quiet = False

    def _on_example(self, change) -> None:
        if not self._quiet and change["new"]:
            self.choose(change["new"], self.examples[change["new"]])

    def _on_original(self, change) -> None:
        if not self._quiet and change["new"]:
            self.original = bytes(change["new"][0]["content"])

    def _on_trust(self, change) -> None:
        if self._quiet or not change["new"]:
            return
        files = {f["name"]: bytes(f["content"]) for f in change["new"]}
        self.load_own_trust(files)

    def load_own_trust(self, files: dict[str, bytes]) -> None:
        """A trust list (one .xml) and revocation lists (.crl or .pem) chosen by the trainer."""
        lists = [data for name, data in files.items() if name.lower().endswith(".xml")]
        crls = [data for name, data in files.items() if not name.lower().endswith(".xml")]
        try:
            if len(lists) != 1:
                raise TrustListError(_("choose exactly one trust list (.xml) with its revocation lists", self.lang))
            self.own_trust = load_trust_list(lists[0], crls)
            self.trust_error = ""
        except TrustListError as exc:
            self.own_trust = None
            self.trust_error = str(exc)
        self.trust_choice.value = "own"
        self._show_trust_note()

    def choose(self, name: str, data: bytes) -> None:
        self.document = (name, data)
        self.original = None
        self.result = None
        self.verify_button.disabled = False
        self.verdict.value = self.summary.value = self.findings_heading.value = self.findings.value = ""
        self._show_current()

    def _show_current(self) -> None:
        if self.document is None:
            self.current.value = tag("span", _("No document chosen yet.", self.lang), "ptc-muted")
        else:
            self.current.value = (f"<span class='ptc-current'>{escape(_('Document', self.lang))}: "
                                  f"<b>{escape(self.document[0])}</b></span>")

    def _show_trust_note(self) -> None:
        error = getattr(self, "trust_error", "")
        if error:
            self.trust_note.value = tag("span", _("This trust list cannot be used: {detail}", self.lang, detail=error),
                                        "ptc-error")
        elif self.own_trust is not None:
            self.trust_note.value = tag("span", _("{count} recognised issuer(s), {crls} revocation list(s)", self.lang,
                                                  count=len(self.own_trust.issuers), crls=len(self.own_trust.crls)),
                                        "ptc-muted")
        else:
            self.trust_note.value = ""

    # --- the verification ----------------------------------------------------------------------

    def trust(self) -> TrustList | None:
        return dataset.trust_list() if self.trust_choice.value == "course" else self.own_trust

    def run_verify(self) -> Verification | None:
        if self.document is None:
            self.verdict.value = tag("p", _("Upload a file or pick an example first.", self.lang))
            return None
        trust = self.trust()
        if trust is None:
            self.verdict.value = tag("div", _("Load your trust list first, or choose the course's.", self.lang),
                                     "ptc-verdict ptc-unusable")
            return None
        self.result = verify(self.document[1], trust, original=self.original, lang=self.lang)
        self._render()
        return self.result

    def _render(self) -> None:
        result = self.result
        self.verdict.value = render_verdict(result)
        self.summary.value = render_summary(result) if result.verdict not in ("unreadable", "unsigned") else ""
        self.findings_heading.value = tag("h3", _("What the verifier found", self.lang))
        self.findings.value = render_findings(result)
