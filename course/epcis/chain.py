"""What EPCIS events say together: trace back and forward, custody, origins, aggregation, mass balance.

:class:`Chain` reads a list of events once into a graph (networkx): an edge from every input
of a transformation to each of its outputs, and from every item packed into a container to the
container. Tracing is then a walk over that graph; the checks walk each object's events in time
order. Findings use the codes ``chain.*`` of :mod:`course.epcis.messages`.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import networkx as nx

from ..xml.findings import Finding
from . import identifiers, messages  # noqa: F401  (messages registers the chain.* codes)
from .reading import events as event_list

CREATES = {"commissioning"}   # an ObjectEvent ADD with this step makes an object exist


def _short(term) -> str:
    """A CBV term's short name: 'shipping' for 'shipping' and for 'https://ref.gs1.org/cbv/BizStep-shipping'."""
    text = str(term or "")
    return text.rsplit("-", 1)[-1] if text.startswith(("https://ref.gs1.org/cbv/", "urn:epcglobal:cbv:")) else text


def _time(event: dict) -> datetime:
    return datetime.fromisoformat(str(event.get("eventTime", "")).replace("Z", "+00:00"))


def _place(event: dict) -> str | None:
    place = event.get("bizLocation") or event.get("readPoint")
    return place.get("id") if isinstance(place, dict) else None


def _destination(event: dict) -> str | None:
    for item in event.get("destinationList") or []:
        if isinstance(item, dict) and _short(item.get("type")) == "location":
            return item.get("destination")
    return None


def _objects(event: dict, *names: str) -> list[str]:
    """The instance identifiers and quantity classes an event names under ``names``."""
    found = []
    for name in names:
        for item in event.get(name) or []:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, dict) and isinstance(item.get("epcClass"), str):
                found.append(item["epcClass"])
    return found


def _kg(item, unit_kg: dict[str, float]) -> float | None:
    """The net kilograms of one input or output: a quantity in KGM, or an item of a GTIN of known weight."""
    if isinstance(item, dict):
        return float(item.get("quantity", 0)) if item.get("uom") == "KGM" else None
    try:
        return unit_kg.get(identifiers.parse(item).key)
    except identifiers.IdentifierError:
        return None


@dataclass
class Trace:
    """The answer to a trace: what is related to the starting object, and where it went or came from."""

    start: str
    objects: set[str] = field(default_factory=set)            # lots, items (and containers, forward)
    origins: dict[str, set[str]] = field(default_factory=dict)  # root lot -> where it was created
    unknown_origin: set[str] = field(default_factory=set)      # root lots no event created
    containers: set[str] = field(default_factory=set)
    received_at: set[str] = field(default_factory=set)          # places that received any of them
    biz_transactions: set[str] = field(default_factory=set)
    transformations: set[str] = field(default_factory=set)


class Chain:
    """A set of EPCIS events, indexed for tracing and checking."""

    def __init__(self, events: list[dict]):
        self.events = sorted((e for e in events if isinstance(e, dict) and "eventTime" in e), key=_time)
        self.graph = nx.DiGraph()
        self.transformed = nx.DiGraph()   # the transformation links alone: what tracing walks
        self.by_object: dict[str, list[dict]] = defaultdict(list)
        self.created: dict[str, list[str | None]] = defaultdict(list)
        for event in self.events:
            self._index(event)

    @classmethod
    def from_document(cls, document: dict) -> "Chain":
        return cls(event_list(document))

    def _index(self, event: dict) -> None:
        kind, step = event.get("type"), _short(event.get("bizStep"))
        if kind == "TransformationEvent":
            inputs = _objects(event, "inputEPCList", "inputQuantityList")
            outputs = _objects(event, "outputEPCList", "outputQuantityList")
            run = event.get("transformationID") or event.get("eventID") or ""
            links = [(i, o) for i in inputs for o in outputs]
            self.graph.add_edges_from(links, kind="transformed", run=run)
            self.transformed.add_edges_from(links, run=run)
            for obj in outputs:
                self.created[obj].append(_place(event))
            for obj in inputs + outputs:
                self.by_object[obj].append(event)
        elif kind in ("AggregationEvent", "AssociationEvent"):
            parent, children = event.get("parentID"), _objects(event, "childEPCs", "childQuantityList")
            if event.get("action") == "ADD" and parent:
                self.graph.add_edges_from(((c, parent) for c in children), kind="contained")
                self.created.setdefault(parent, []).append(_place(event))
            for obj in ([parent] if parent else []) + children:
                self.by_object[obj].append(event)
        else:
            names = _objects(event, "epcList", "quantityList")
            if kind == "ObjectEvent" and event.get("action") == "ADD" and step in CREATES:
                for obj in names:
                    self.created[obj].append(_place(event))
            for obj in names + ([event["parentID"]] if isinstance(event.get("parentID"), str) else []):
                self.by_object[obj].append(event)

    # Tracing.
    def trace_back(self, start: str) -> Trace:
        """Every lot or item ``start`` was made from, and where the first of them came from."""
        graph = self.transformed
        ancestors = nx.ancestors(graph, start) if start in graph else set()
        trace = Trace(start, objects=ancestors)
        for obj in ancestors | {start}:
            if obj in graph and graph.in_degree(obj) > 0:
                trace.transformations |= {graph.edges[p, obj]["run"] for p in graph.predecessors(obj)}
            elif obj != start:
                places = {p for p in self.created.get(obj, []) if p}
                if places:
                    trace.origins[obj] = places
                else:
                    trace.unknown_origin.add(obj)
        return trace

    def trace_forward(self, start: str) -> Trace:
        """Every item made from ``start``, the containers they were packed in, where they were
        received and the business transactions (orders, invoices, despatch advices) that name them."""
        graph = self.transformed
        made = nx.descendants(graph, start) if start in graph else set()
        trace = Trace(start, objects=made)
        trace.transformations = {graph.edges[u, v]["run"] for u, v in graph.out_edges(made | {start})} if made else set()
        for obj in made:
            trace.containers |= {p for p in self.graph.successors(obj)
                                 if self.graph.edges[obj, p]["kind"] == "contained"}
        for obj in made | trace.containers | {start}:
            for event in self.by_object.get(obj, []):
                if _short(event.get("bizStep")) == "receiving" and _place(event):
                    trace.received_at.add(_place(event))
                trace.biz_transactions |= {b["bizTransaction"] for b in event.get("bizTransactionList") or []
                                           if isinstance(b, dict) and "bizTransaction" in b}
        return trace

    # Checks.
    def custody_findings(self) -> list[Finding]:
        """Gaps in the chain of custody: receipts without shipments, handling without receipt,
        receipts before shipments."""
        found = []
        for obj, events in self.by_object.items():
            in_transit: tuple[str | None, datetime] | None = None   # (destination, shipped at)
            last_place = None
            for event in events:
                step, place = _short(event.get("bizStep")), _place(event)
                if event.get("type") == "TransactionEvent":
                    continue
                if step == "shipping":
                    in_transit, last_place = (_destination(event), _time(event)), place
                elif step == "receiving":
                    if in_transit is None:
                        later = [e for e in events if _short(e.get("bizStep")) == "shipping" and _time(e) > _time(event)
                                 and e.get("type") != "TransactionEvent" and _destination(e) == place]
                        if later:
                            found.append(Finding("chain.receipt-before-shipment", params={
                                "epc": obj, "received": event["eventTime"], "shipped": later[0]["eventTime"]}))
                        elif last_place and last_place != place:
                            found.append(Finding("chain.received-not-shipped", params={"epc": obj, "location": place}))
                    in_transit, last_place = None, place
                elif in_transit is not None and place is not None and place == in_transit[0]:
                    found.append(Finding("chain.not-received", params={"epc": obj, "location": place, "step": step}))
                    in_transit, last_place = None, place
                elif in_transit is None and place is not None:
                    last_place = place
        return found

    def origin_findings(self) -> list[Finding]:
        """Objects used that no event created (no harvest, transformation or packing made them)."""
        return [Finding("chain.no-origin", params={"epc": obj, "location": _place(events[0]) or "?"})
                for obj, events in self.by_object.items() if obj not in self.created]

    def aggregation_findings(self) -> list[Finding]:
        """Containers unpacked with other items than were packed in them."""
        packed: dict[str, set[str]] = defaultdict(set)
        found = []
        for event in self.events:
            if event.get("type") != "AggregationEvent" or not event.get("parentID"):
                continue
            parent, children = event["parentID"], set(_objects(event, "childEPCs", "childQuantityList"))
            if event.get("action") == "ADD":
                packed[parent] |= children
            elif event.get("action") == "DELETE" and children and parent in packed:
                missing = packed[parent] - children
                if missing or children - packed[parent]:
                    found.append(Finding("chain.aggregation-mismatch", params={
                        "parent": parent, "packed": len(packed[parent]), "unpacked": len(children),
                        "missing": ", ".join(sorted(missing)) or "-"}))
                packed[parent] -= children
        return found

    def mass_balance(self, unit_kg: dict[str, float]) -> list[dict]:
        """One row per transformation: kilograms in and out (items weighed by their GTIN's
        ``unit_kg``), and whether more came out than went in."""
        rows = []
        for event in self.events:
            if event.get("type") != "TransformationEvent":
                continue
            weights = []
            for names in (("inputEPCList", "inputQuantityList"), ("outputEPCList", "outputQuantityList")):
                items = [*(event.get(names[0]) or []), *(event.get(names[1]) or [])]
                kg = [_kg(item, unit_kg) for item in items]
                weights.append(None if any(k is None for k in kg) else round(sum(kg), 3))
            run = event.get("transformationID") or event.get("eventID") or ""
            rows.append({"run": run, "input_kg": weights[0], "output_kg": weights[1],
                         "inconsistent": None if None in weights else weights[1] > weights[0]})
        return rows

    def mass_balance_findings(self, unit_kg: dict[str, float]) -> list[Finding]:
        return [Finding("chain.mass-balance", params={"run": r["run"], "input": r["input_kg"], "output": r["output_kg"]})
                for r in self.mass_balance(unit_kg) if r["inconsistent"]]

    def findings(self, unit_kg: dict[str, float] | None = None) -> list[Finding]:
        return (self.custody_findings() + self.origin_findings() + self.aggregation_findings()
                + self.mass_balance_findings(unit_kg or {}))
