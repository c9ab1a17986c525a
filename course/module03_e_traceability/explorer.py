"""The trace explorer: trace back, trace forward and the recall as a dashboard, for people who do not code.

A participant uploads an EPCIS 2.0 event file (JSON-LD) or takes the course's sample, picks a
lot, a pallet or a carton, and sees where it came from or where it went: the chain as a graph
(drawn offline), the recall list of consignments and stores, the mass balance of every
transformation and everything the checks found. The computations are the platform's
(:mod:`course.epcis`), the ones the lessons and the graded keys use.

Bad input never breaks the page: a file that is not JSON, too large or too deep, or that names a
JSON-LD context the course does not ship, gets the findings that say why, and nothing is fetched.
"""
from __future__ import annotations

import io
from html import escape

import ipywidgets as widgets

from ..epcis import Chain, event_hashes, identifiers, validate
from ..epcis.reading import read
from ..i18n import N_, _
from ..xml import Finding
from ..widgets.common import Dashboard, html_table, tag
from . import dataset

MAX_UPLOAD_BYTES = 10 * 1024 * 1024   # what one browser message carries
GRAPH_LIMIT = 400                     # nodes drawn at most; beyond that the graph is unreadable anyway
HASHES_SHOWN = 200                    # rows of the hash table; the CSV download has them all
KEY_KINDS = {8: "GTIN-8", 12: "GTIN-12", 13: N_("GTIN-13 or GLN"), 14: "GTIN-14", 18: "SSCC"}
DIRECTIONS = (("back", N_("Trace back: where did it come from?")), ("forward", N_("Trace forward: where did it go?")))


def identifier_verdict(text: str, lang: str | None = None) -> tuple[bool, str]:
    """Whether a GS1 key (digits) or an EPC URI / Digital Link is right, and in words why or why not."""
    text = text.strip()
    if text.isdigit():
        kind = KEY_KINDS.get(len(text))
        if kind is None:
            return False, _("{count} digits: a GS1 key has 8, 12, 13 or 14 (GTIN), 13 (GLN) or 18 (SSCC).", lang,
                            count=len(text))
        right = identifiers.check_digit(text[:-1])
        if right == int(text[-1]):
            return True, _("A valid {kind}: its check digit {digit} is right.", lang, kind=_(kind, lang), digit=right)
        return False, _("Its check digit should be {right}, not {last}: a digit is mistyped, or two are swapped.", lang,
                        right=right, last=text[-1])
    try:
        found = identifiers.parse(text)
    except identifiers.IdentifierError as exc:
        finding = Finding(exc.code, params={"value": text}, lang=lang)
        return False, f"{finding.message} {finding.hint}"
    words = _("A valid {scheme}: GS1 key {key} ({kind}, check digit {digit}).", lang,
              scheme=found.scheme.upper(), key=found.key, kind=found.key_kind, digit=found.key[-1])
    return True, words + (" " + _("Serial, lot or extension: {extra}.", lang, extra=found.extra) if found.extra else "")


def _short(uri: str) -> str:
    """The readable end of an identifier: the reference and serial or lot."""
    return uri.rsplit(":", 1)[-1]


class TraceExplorer(Dashboard):
    """Pick an event file and an identifier; see the trace, the recall list, the mass balance and the findings."""

    title = N_("Trace explorer")
    intro = N_("Follow a lot, a pallet or a carton through the traceability events: upload an EPCIS 2.0 file (JSON-LD) "
               "or take the sample, choose what to trace, then press Trace.")

    def __init__(self, lang: str | None = None):
        self.chain: Chain | None = None
        self.document: dict | None = None
        self.result = None
        self.findings = []
        self.names = {row["sgln"]: row["name"] for row in dataset.parties()}
        self.roles = {row["sgln"]: row["role"] for row in dataset.parties()}
        self.by_invoice = dataset.certificate_by_invoice()
        super().__init__(lang)

    def build(self) -> widgets.Widget:
        self.upload = widgets.FileUpload(accept=".jsonld,.json,application/json", multiple=False)
        self.upload.observe(self._on_upload, names="value")
        self.sample_button = widgets.Button(icon="table", layout=widgets.Layout(width="auto"))
        self.sample_button.add_class("ptc-sample-events")
        self.sample_button.on_click(lambda _b: self.load(dataset.events_path().read_bytes(), "events.jsonld"))
        self.status = widgets.HTML()
        self.status.add_class("ptc-status")
        self.choice = widgets.Dropdown(options=[], layout=widgets.Layout(width="460px"))
        self.choice.add_class("ptc-choice")
        self.typed = widgets.Text(layout=widgets.Layout(width="460px"))
        self.typed.add_class("ptc-typed")
        self.direction = widgets.ToggleButtons(options=[], style={"button_width": "auto"})
        self.direction.add_class("ptc-direction")
        self.trace_button = widgets.Button(button_style="primary", disabled=True)
        self.trace_button.add_class("ptc-trace")
        self.trace_button.on_click(lambda _b: self.trace())
        self.answer = widgets.HTML()
        self.answer.add_class("ptc-answer")
        self.graph = widgets.Image(format="png", layout=widgets.Layout(max_width="900px", display="none"))
        self.balance = widgets.HTML()
        self.balance.add_class("ptc-balance")
        self.checks = widgets.HTML()
        self.checks.add_class("ptc-findings")
        self.identifier = widgets.Text(layout=widgets.Layout(width="460px"))
        self.identifier.add_class("ptc-identifier")
        self.identifier_button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.identifier_button.add_class("ptc-check-identifier")
        self.identifier_button.on_click(lambda _b: self.check_identifier())
        self.identifier_verdict = widgets.HTML()
        self.identifier_verdict.add_class("ptc-identifier-verdict")
        self.hash_button = widgets.Button(disabled=True, layout=widgets.Layout(width="auto"))
        self.hash_button.add_class("ptc-hashes")
        self.hash_button.on_click(lambda _b: self.show_hashes())
        self.hashes = widgets.HTML()
        self.hashes.add_class("ptc-hash-table")
        self.labels = {name: widgets.HTML() for name in ("source", "pick", "type", "trace", "balance", "checks",
                                                         "identifier", "hashes")}
        return widgets.VBox([
            self.labels["source"], widgets.HBox([self.upload, self.sample_button]), self.status,
            self.labels["pick"], self.choice, self.labels["type"], self.typed, self.direction, self.trace_button,
            self.labels["trace"], self.answer, self.graph, self.labels["balance"], self.balance,
            self.labels["checks"], self.checks,
            self.labels["identifier"], widgets.HBox([self.identifier, self.identifier_button]), self.identifier_verdict,
            self.labels["hashes"], self.hash_button, self.hashes])

    def relabel(self) -> None:
        super().relabel()
        lang = self.lang
        self.sample_button.description = _("Use the sample chain", lang)
        self.upload.description = _("Upload events", lang)
        self.trace_button.description = _("Trace", lang)
        value = self.direction.value
        self.direction.options = [(_(text, lang), key) for key, text in DIRECTIONS]
        self.direction.value = value or "back"
        self.labels["source"].value = tag("h3", _("1. The event file", lang))
        self.labels["pick"].value = tag("h3", _("2. What to trace", lang)) + tag(
            "div", _("A farm lot or a pallet from the list, or type any identifier (a carton's SGTIN, for example).", lang),
            "ptc-muted")
        self.labels["type"].value = tag("span", _("Identifier (leave empty to use the list):", lang), "ptc-muted")
        self.labels["trace"].value = tag("h3", _("3. The trace", lang))
        self.labels["balance"].value = tag("h3", _("Mass balance of every transformation", lang))
        self.labels["checks"].value = tag("h3", _("What the checks found", lang))
        self.labels["identifier"].value = tag("h3", _("Check an identifier", lang)) + tag(
            "div", _("A GS1 key (GTIN, GLN, SSCC), an EPC URI or a GS1 Digital Link.", lang), "ptc-muted")
        self.identifier_button.description = _("Check", lang)
        self.labels["hashes"].value = tag("h3", _("Event hashes", lang)) + tag(
            "div", _("The standard's hash of each event: the same event gives the same hash, however it is written.", lang),
            "ptc-muted")
        self.hash_button.description = _("Compute the event hashes", lang)
        if self.identifier.value.strip():
            self.check_identifier()
        if self.chain is not None:
            self._show_checks()
            if self.result is not None:
                self._show_trace()

    # --- loading ---------------------------------------------------------------------------

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0] if isinstance(files, (list, tuple)) else next(iter(files.values()))
        content = bytes(item["content"])
        if len(content) > MAX_UPLOAD_BYTES:
            self.status.value = tag("div", _("The file is larger than {limit} MB; check a smaller one.", self.lang,
                                             limit=MAX_UPLOAD_BYTES // (1024 * 1024)), "ptc-verdict ptc-unusable")
            return
        self.load(content, item.get("name", "events.jsonld"))

    def load(self, content: bytes, name: str) -> None:
        """Read and check an event file; keep its chain when it can be read at all."""
        result = validate(content, lang=self.lang)
        self.result, self.findings = None, list(result.findings)
        self.answer.value = ""
        self._set_graph(b"")
        if not result.usable:
            self.chain = None
            self.choice.options, self.trace_button.disabled = [], True
            self.hash_button.disabled, self.hashes.value = True, ""
            self.status.value = tag("div", f"{name}: {result.summary()}", "ptc-verdict ptc-unusable")
            self._show_checks()
            return
        self.document = read(content)   # readable: validate() just read it
        self.chain = Chain.from_document(self.document)
        self.hash_button.disabled, self.hashes.value = False, ""
        css = "ptc-ok" if result.ok else "ptc-bad"
        self.status.value = tag("div", _("{name}: {count} events. ", self.lang, name=name, count=len(self.chain.events))
                                + result.summary(), f"ptc-verdict {css}")
        starts = sorted({n for n in self.chain.graph.nodes if n.startswith("urn:epc:class:")})
        starts += sorted({p for _c, p, k in self.chain.graph.edges(data="kind") if k == "contained"})
        self.choice.options = starts
        self.trace_button.disabled = False   # any identifier can be typed, even when the list is empty
        self.findings += self.chain.findings(dataset.unit_kg())
        self._show_checks()

    # --- tracing ---------------------------------------------------------------------------

    def trace(self) -> None:
        if self.chain is None:
            return
        start = self.typed.value.strip() or self.choice.value
        if not start:
            return
        self.result = (self.direction.value, start,
                       self.chain.trace_back(start) if self.direction.value == "back" else self.chain.trace_forward(start))
        self._show_trace()

    def _name(self, sgln: str) -> str:
        return f"{self.names[sgln]} ({_short(sgln)})" if sgln in self.names else sgln

    def _show_trace(self) -> None:
        direction, start, trace = self.result
        lang = self.lang
        if start not in self.chain.graph and start not in self.chain.by_object:
            self.answer.value = tag("div", _("No event names {identifier}.", lang, identifier=start), "ptc-verdict ptc-bad")
            self._set_graph(b"")
            return
        if direction == "back":
            rows = [(_short(lot), ", ".join(self._name(p) for p in sorted(places)))
                    for lot, places in sorted(trace.origins.items())]
            rows += [(_short(lot), _("no event shows where it came from", lang)) for lot in sorted(trace.unknown_origin)]
            html = html_table([_("Input lot", lang), _("Created at", lang)], rows)
        else:
            invoices = {b.rsplit(":", 1)[-1] for b in trace.biz_transactions}
            consignments = sorted(self.by_invoice[i] for i in invoices if i in self.by_invoice)
            stores = sorted(p for p in trace.received_at if self.roles.get(p) == "store") or sorted(trace.received_at)
            html = tag("div", _("{items} items made from it, on {containers} pallets or other containers.", lang,
                                items=len(trace.objects), containers=len(trace.containers)))
            html += html_table([_("Recall: consignment (certificate)", lang)], [(c,) for c in consignments]) if consignments else ""
            html += html_table([_("Recall: received at", lang)], [(self._name(s),) for s in stores])
            html += html_table([_("Business transactions naming them", lang)], [(b,) for b in sorted(trace.biz_transactions)])
        # The legend is HTML, not drawn in the chart, so that it shows in Chinese without a CJK font.
        html += tag("div", _("The graph below: red is the start, green are lots, orange items, blue pallets.", lang),
                    "ptc-muted")
        self._set_graph(self._draw(start, trace))   # the slow part first: the answer appears with its graph
        self.answer.value = html

    def _set_graph(self, png: bytes) -> None:
        """Show the graph, or hide the image altogether (an empty image shows as a broken one)."""
        self.graph.value = png
        self.graph.layout.display = "" if png else "none"

    def _draw(self, start: str, trace) -> bytes:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import networkx as nx

        nodes = ({start} | trace.objects | trace.containers | set(trace.unknown_origin))
        nodes = set(sorted(nodes)[:GRAPH_LIMIT]) | {start}
        view = self.chain.graph.subgraph(n for n in nodes if n in self.chain.graph)
        if view.number_of_nodes() == 0:
            return b""
        colours = {"lgtin": "tab:green", "sgtin": "tab:orange", "sscc": "tab:blue"}
        figure, axes = plt.subplots(figsize=(9, 4.5))
        nx.draw(view, pos=nx.spring_layout(view, seed=3), ax=axes, node_size=30, width=0.3, arrows=False,
                node_color=["tab:red" if n == start else colours.get(n.split(":")[3], "tab:gray") for n in view.nodes])
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=80, bbox_inches="tight")
        plt.close(figure)
        return buffer.getvalue()

    # --- identifiers and hashes --------------------------------------------------------------

    def check_identifier(self) -> None:
        text = self.identifier.value.strip()
        if not text:
            self.identifier_verdict.value = ""
            return
        ok, words = identifier_verdict(text, self.lang)
        self.identifier_verdict.value = tag("div", words, "ptc-verdict " + ("ptc-ok" if ok else "ptc-bad"))

    def show_hashes(self) -> None:
        if self.chain is None:
            return
        events = self.document["epcisBody"]["eventList"]
        lang = self.lang
        try:
            hashes = event_hashes(self.document)
        except Exception as exc:  # the hash library's own errors are many; the page must stay usable
            self.hashes.value = tag("div", _("The hashes cannot be computed for this file: {error}", lang,
                                             error=str(exc)[:300]), "ptc-verdict ptc-bad")
            return
        rows = [(e.get("type", ""), e.get("eventTime", ""), h.split(";", 1)[-1].split("?", 1)[0][:16] + "…")
                for e, h in zip(events[:HASHES_SHOWN], hashes)]
        note = "" if len(events) <= HASHES_SHOWN else tag(
            "div", _("The first {shown} of {count} events.", lang, shown=HASHES_SHOWN, count=len(events)), "ptc-muted")
        self.hashes.value = html_table([_("Event", lang), _("Time", lang), _("Hash (SHA-256, first 16 digits)", lang)],
                                       rows) + note

    # --- checks ----------------------------------------------------------------------------

    def _show_checks(self) -> None:
        lang = self.lang
        if self.chain is not None:
            rows = [(_short(r["run"]), r["input_kg"], r["output_kg"],
                     _("more out than in", lang) if r["inconsistent"] else
                     (_("cannot weigh", lang) if r["inconsistent"] is None else "")) for r in
                    self.chain.mass_balance(dataset.unit_kg())]
            self.balance.value = html_table([_("Transformation", lang), _("In (kg)", lang), _("Out (kg)", lang), ""],
                                            rows, numeric=(1, 2))
        else:
            self.balance.value = ""
        if not self.findings:
            self.checks.value = tag("div", _("Nothing to report.", lang), "ptc-muted")
            return
        items = []
        for finding in self.findings[:50]:
            shown = finding.in_language(lang)
            where = f"<code>{escape(shown.where())}</code> " if shown.where() else ""
            items.append(f'<div class="ptc-finding ptc-{shown.severity}">{where}{escape(shown.message)}'
                         f"<br><em>{escape(shown.hint)}</em></div>")
        self.checks.value = "".join(items)
