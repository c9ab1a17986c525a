"""Tracing at national scale: only the links between identifiers, kept as adjacency lists.

:class:`course.epcis.chain.Chain` keeps every event and a networkx graph with the attributes the
checks need, which suits a scenario or a company's month of records. A national system holds
millions of events. :class:`LinkIndex` keeps only what tracing needs (an input to the outputs of
a transformation, an item to its container) in plain dictionaries, and walks them breadth first;
it gives the same objects as ``Chain`` (a test checks it on the course's scenario).
``benchmarks/epcis_trace.py`` measures it on a million events against a naive per-event loop
(a DuckDB table walked with a recursive query measured no faster than that loop).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Iterator

TRANSFORMED, CONTAINED = "transformed", "contained"


def _ids(items) -> list[str]:
    found = []
    for item in items or ():
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict) and isinstance(item.get("epcClass"), str):
            found.append(item["epcClass"])
    return found


def link_rows(events: Iterable[dict]) -> Iterator[tuple[str, str, str]]:
    """(source, target, kind) for every link the events record."""
    for event in events:
        kind = event.get("type") if isinstance(event, dict) else None
        if kind == "TransformationEvent":
            inputs = _ids(event.get("inputEPCList")) + _ids(event.get("inputQuantityList"))
            outputs = _ids(event.get("outputEPCList")) + _ids(event.get("outputQuantityList"))
            for source in inputs:
                for target in outputs:
                    yield source, target, TRANSFORMED
        elif kind == "AggregationEvent" and event.get("action") == "ADD" and isinstance(event.get("parentID"), str):
            for child in _ids(event.get("childEPCs")) + _ids(event.get("childQuantityList")):
                yield child, event["parentID"], CONTAINED


class LinkIndex:
    """The links of a set of events as adjacency lists, for trace back and forward in milliseconds."""

    def __init__(self, events: Iterable[dict]):
        self.down: dict[str, list[str]] = defaultdict(list)   # input -> outputs of transformations
        self.up: dict[str, list[str]] = defaultdict(list)     # output -> inputs
        self.packed_in: dict[str, list[str]] = defaultdict(list)   # item -> containers
        self.size = 0
        for source, target, kind in link_rows(events):
            if kind == TRANSFORMED:
                self.down[source].append(target)
                self.up[target].append(source)
            else:
                self.packed_in[source].append(target)
            self.size += 1

    @staticmethod
    def _walk(start: str, links: dict[str, list[str]]) -> set[str]:
        found, frontier = {start}, [start]
        while frontier:
            nxt = []
            for item in frontier:
                for other in links.get(item, ()):
                    if other not in found:
                        found.add(other)
                        nxt.append(other)
            frontier = nxt
        return found - {start}

    def trace_back(self, start: str) -> set[str]:
        """Every lot or item ``start`` was made from (as ``Chain.trace_back(start).objects``)."""
        return self._walk(start, self.up)

    def trace_forward(self, start: str) -> tuple[set[str], set[str]]:
        """Every item made from ``start`` and the containers they were packed in
        (as ``Chain.trace_forward(start)``'s ``objects`` and ``containers``)."""
        made = self._walk(start, self.down)
        return made, {c for item in made for c in self.packed_in.get(item, ())}
