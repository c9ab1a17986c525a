"""Tracing a million EPCIS events: the course's link index (DuckDB) against a naive per-event loop.

A national traceability system holds millions of events. This script builds N events (default
1,000,000) in memory, shaped like the module 03 chain repeated: per packing run, four farm
harvests, one transformation (four lots in, eight cartons out; each run also takes in a lot of the
run before, so traces cross runs), one aggregation of the cartons onto a pallet, and fourteen
object events (shipping, receiving, inspection) of the pallet and the cartons. Then it times:

  (a) naive: trace forward from a lot by scanning every event again and again, adding the outputs
      of transformations and the containers of aggregations that take in what was found, until a
      pass finds nothing new; trace back the same way, upstream;
  (b) the course's ``course.epcis.links.LinkIndex``: building the index once (the links of all
      events as adjacency lists), then each trace as a breadth-first walk.

Both must find the same objects before any time is kept. With ``--chain`` it also times the
in-memory ``Chain`` (networkx) on the same events, which the lessons use on smaller files.

    .venv/bin/python benchmarks/epcis_trace.py [--events N] [--traces T] [--chain]

Prints the figures and the ratio naive/index, and writes them to benchmarks/results/epcis_trace.json.
Always exits 0: this is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results" / "epcis_trace.json"
EVENTS_PER_RUN = 20


def lot(n: int) -> str:
    return f"urn:epc:class:lgtin:8841234.000011.L{n:07d}"


def carton(run: int, k: int) -> str:
    return f"urn:epc:id:sgtin:8845678.100101.{run * 8 + k}"


def pallet(run: int) -> str:
    return f"urn:epc:id:sscc:8845678.0{run:09d}"


def build_events(total: int) -> list[dict]:
    """``total`` events (rounded down to whole packing runs), deterministic."""
    where = {"eventTime": "2026-05-06T08:00:00.000+07:00", "eventTimeZoneOffset": "+07:00",
             "readPoint": {"id": "urn:epc:id:sgln:8845678.00002.0"}, "bizLocation": {"id": "urn:epc:id:sgln:8845678.00002.0"}}
    events = []
    for run in range(total // EVENTS_PER_RUN):
        lots = [lot(run * 4 + i) for i in range(4)]
        for lot_id in lots:
            events.append({"type": "ObjectEvent", "action": "ADD", "bizStep": "commissioning",
                           "quantityList": [{"epcClass": lot_id, "quantity": 500, "uom": "KGM"}], **where})
        inputs = lots + ([lot(run * 4 - 1)] if run else [])
        cartons = [carton(run, k) for k in range(8)]
        events.append({"type": "TransformationEvent", "bizStep": "commissioning",
                       "inputQuantityList": [{"epcClass": i, "quantity": 400, "uom": "KGM"} for i in inputs],
                       "outputEPCList": cartons, **where})
        events.append({"type": "AggregationEvent", "action": "ADD", "bizStep": "packing", "parentID": pallet(run),
                       "childEPCs": cartons, **where})
        for step in range(14):
            events.append({"type": "ObjectEvent", "action": "OBSERVE", "bizStep": ("shipping", "receiving", "inspecting")[step % 3],
                           "epcList": [pallet(run)] if step % 2 else cartons[:2], **where})
    return events


def naive_forward(events: list[dict], start: str) -> tuple[set[str], set[str]]:
    found, containers, changed = {start}, set(), True
    while changed:
        changed = False
        for event in events:
            if event["type"] == "TransformationEvent":
                if any(q["epcClass"] in found for q in event.get("inputQuantityList", [])) \
                        or any(e in found for e in event.get("inputEPCList", [])):
                    new = set(event.get("outputEPCList", [])) - found
                    if new:
                        found |= new
                        changed = True
            elif event["type"] == "AggregationEvent" and event.get("action") == "ADD":
                if any(c in found for c in event["childEPCs"]):
                    containers.add(event["parentID"])
    return found - {start}, containers


def naive_back(events: list[dict], start: str) -> set[str]:
    found, changed = {start}, True
    while changed:
        changed = False
        for event in events:
            if event["type"] == "TransformationEvent" and any(e in found for e in event.get("outputEPCList", [])):
                new = {q["epcClass"] for q in event.get("inputQuantityList", [])} - found
                if new:
                    found |= new
                    changed = True
    return found - {start}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function, *args):
    began = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - began


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--traces", type=int, default=3, help="how many lots (and cartons) to trace")
    parser.add_argument("--chain", action="store_true", help="also time the networkx Chain on the same events")
    args = parser.parse_args(argv)

    from course.epcis.links import LinkIndex

    events, built_s = timed(build_events, args.events)
    runs = len(events) // EVENTS_PER_RUN
    starts = [lot(int(runs * 4 * (i + 1) / (args.traces + 1))) for i in range(args.traces)]
    ends = [carton(int(runs * (i + 1) / (args.traces + 1)), 3) for i in range(args.traces)]
    index, index_s = timed(LinkIndex, events)
    figures = {"events": len(events), "links": index.size, "make_events_s": round(built_s, 2),
               "index_build_s": round(index_s, 2), "forward": [], "back": []}
    for start in starts:
        (made, containers), fast = timed(index.trace_forward, start)
        (slow_made, slow_containers), slow = timed(naive_forward, events, start)
        assert (made, containers) == (slow_made, slow_containers), f"the two traces of {start} differ"
        figures["forward"].append({"start": start, "found": len(made) + len(containers),
                                   "index_s": round(fast, 6), "naive_s": round(slow, 3)})
    for end in ends:
        found, fast = timed(index.trace_back, end)
        slow_found, slow = timed(naive_back, events, end)
        assert found == slow_found, f"the two traces of {end} differ"
        figures["back"].append({"start": end, "found": len(found), "index_s": round(fast, 6), "naive_s": round(slow, 3)})
    if args.chain:
        from course.epcis import Chain

        chain, chain_s = timed(Chain, events)
        trace, chain_trace_s = timed(chain.trace_forward, starts[0])
        assert trace.objects == index.trace_forward(starts[0])[0]
        figures["chain_build_s"], figures["chain_trace_s"] = round(chain_s, 2), round(chain_trace_s, 4)
    traces = figures["forward"] + figures["back"]
    figures["index_trace_mean_s"] = round(sum(t["index_s"] for t in traces) / len(traces), 6)
    figures["naive_trace_mean_s"] = round(sum(t["naive_s"] for t in traces) / len(traces), 3)
    figures["naive_over_index"] = round(figures["naive_trace_mean_s"] / max(figures["index_trace_mean_s"], 1e-6), 1)
    figures["peak_rss_mb"] = round(peak_mb())
    figures["machine"] = {"python": platform.python_version(), "processor": platform.machine()}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in figures.items() if k not in ("forward", "back")}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
