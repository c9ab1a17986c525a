"""The modelling rules a business process analysis trainer checks on a BPMN model.

Each rule is a function from the model to findings; :func:`rule_findings` runs them all.
Every finding carries the element's id in ``path`` and in ``params['id']``, its name in
``params['name']``, and the source line when the file gives one.
"""
from __future__ import annotations

from collections import deque

from ..xml.findings import Finding
from . import messages  # noqa: F401  (registers the bpmn.* finding codes)
from .model import ACTIVITIES, END, EXCLUSIVE, GATEWAYS, START, Node, ProcessModel
from .reading import clean_name


def _finding(code: str, element, severity: str = "error", **params) -> Finding:
    name = getattr(element, "name", "") or getattr(element, "id", "")
    return Finding(code, severity=severity, line=getattr(element, "line", None),
                   path=getattr(element, "id", None),
                   params={"id": getattr(element, "id", ""), "name": name, **params})


def process_label(model: ProcessModel, process: str) -> str:
    """The pool's name for a process, else the process id."""
    for pool in model.pools.values():
        if pool.process == process and pool.name:
            return pool.name
    return process


def _active_processes(model: ProcessModel) -> list[str]:
    # A pool drawn empty (a black box, like a bank whose inside is not modelled) is no process.
    return [pid for pid in model.processes if model.nodes_of(pid)]


def start_findings(model: ProcessModel, process: str) -> list[Finding]:
    """Exactly one start event in ``process`` (boundary events do not count)."""
    starts = [n for n in model.nodes_of(process) if n.kind == START]
    label = process_label(model, process)
    if not starts:
        return [Finding("bpmn.no-start", path=process, params={"id": process, "name": label,
                                                              "process": label})]
    if len(starts) > 1:
        return [Finding("bpmn.many-starts", line=starts[1].line, path=starts[1].id,
                        params={"id": starts[1].id, "name": starts[1].label, "process": label,
                                "count": len(starts),
                                "names": ", ".join(f"'{s.label}'" for s in starts)})]
    return []


def _end_findings(model: ProcessModel, process: str) -> list[Finding]:
    if any(n.kind == END for n in model.nodes_of(process)):
        return []
    label = process_label(model, process)
    return [Finding("bpmn.no-end", path=process, params={"id": process, "name": label,
                                                        "process": label})]


def _references(model: ProcessModel) -> list[Finding]:
    found = []
    for flow in model.flows.values():
        known = model.nodes if flow.kind == "sequence" else {**model.nodes, **model.pools}
        for ref in (flow.source, flow.target):
            if ref not in known:
                found.append(_finding("bpmn.broken-reference", flow, ref=ref or "-"))
    return found


def _walk(starts, step) -> set[str]:
    seen, queue = set(starts), deque(starts)
    while queue:
        for following in step(queue.popleft()):
            if following not in seen:
                seen.add(following)
                queue.append(following)
    return seen


def _forward(model: ProcessModel, node_id: str) -> list[str]:
    # Boundary events leave their activity as well as its own outgoing flows.
    return model.successors(node_id) + [b for b, a in model.attached.items() if a == node_id]


def _backward(model: ProcessModel, node_id: str) -> list[str]:
    before = model.predecessors(node_id)
    if node_id in model.attached:
        before.append(model.attached[node_id])
    return before


def _connection_findings(model: ProcessModel, process: str) -> list[Finding]:
    nodes = [n for n in model.nodes_of(process)]
    ids = {n.id for n in nodes}
    found = []
    starts = [n.id for n in nodes if n.kind == START]
    ends = [n.id for n in nodes if n.kind == END]
    # Link events continue each other: the throw needs no outgoing flow, the catch no incoming.
    no_in = {n.id for n in nodes
             if n.kind != START and n.id not in model.attached and not model.predecessors(n.id)}
    no_out = {n.id for n in nodes if n.kind != END and not model.successors(n.id)}
    reached = _walk(starts, lambda n: _forward(model, n)) if starts else ids
    reaching_end = _walk(ends, lambda n: _backward(model, n)) if ends else ids
    for node in nodes:
        if node.id in no_in:
            found.append(_finding("bpmn.no-incoming", node))
        elif node.id not in reached:
            found.append(_finding("bpmn.unreachable", node))
        if node.id in no_out:
            found.append(_finding("bpmn.no-outgoing", node))
    # Paths that never reach an end: a node leading to a flow that just stops is explained
    # by that node's finding; what is left goes round in a loop. Say so once per loop, where
    # the path enters it.
    if ends:
        trapped = {n for n in ids & reached if n not in reaching_end}
        explained = _walk([n for n in no_out if n in trapped], lambda n: [
            p for p in _backward(model, n) if p in trapped])
        loops = trapped - explained
        entries = [n for n in nodes if n.id in loops
                   and (n.kind == START or any(p not in loops for p in _backward(model, n.id)))]
        for node in entries:
            found.append(_finding("bpmn.dead-end", node))
    return found


def _gateway_findings(model: ProcessModel, process: str) -> list[Finding]:
    found = []
    for node in model.nodes_of(process):
        if node.kind not in GATEWAYS:
            continue
        incoming, outgoing = len(model.incoming(node.id)), len(model.outgoing(node.id))
        if incoming == 1 and outgoing == 1:
            found.append(_finding("bpmn.gateway-pointless", node, "warning"))
        elif incoming >= 2 and outgoing >= 2:
            found.append(_finding("bpmn.gateway-mixed", node, "warning",
                                  incoming=incoming, outgoing=outgoing))
        if node.kind == EXCLUSIVE and outgoing >= 2:
            for flow in model.outgoing(node.id):
                if not flow.name and not flow.condition:
                    found.append(Finding("bpmn.unnamed-condition", severity="warning", line=flow.line,
                                         path=flow.id, params={"id": flow.id, "name": flow.id,
                                                               "gateway": node.label}))
    return found


def _implicit_findings(model: ProcessModel, process: str) -> list[Finding]:
    """Activities and events that split or join without a gateway (allowed by BPMN, but a
    reader sees neither that every branch runs nor that the step runs more than once)."""
    found = []
    for node in model.nodes_of(process):
        if node.is_gateway:
            continue
        outgoing, incoming = len(model.outgoing(node.id)), len(model.incoming(node.id))
        if outgoing > 1:
            found.append(_finding("bpmn.implicit-split", node, "warning", count=outgoing))
        if incoming > 1:
            found.append(_finding("bpmn.implicit-join", node, "warning", count=incoming))
    return found


def _link_findings(model: ProcessModel, process: str) -> list[Finding]:
    linked = set(model.links) | set(model.links.values())
    return [_finding("bpmn.link-unmatched", node)
            for node in model.nodes_of(process)
            if model.event_definitions.get(node.id) == "link" and node.id not in linked]


def _lane_findings(model: ProcessModel, process: str) -> list[Finding]:
    if not any(lane.process == process for lane in model.lanes.values()):
        return []
    label = process_label(model, process)
    return [_finding("bpmn.no-lane", node, process=label)
            for node in model.nodes_of(process) if node.kind in ACTIVITIES and node.lane is None]


def _pool_key(model: ProcessModel, element_id: str) -> str | None:
    """Which organization an element belongs to: its pool, else its process."""
    pool = model.pool_of(element_id)
    if pool is not None:
        return pool.id
    node = model.nodes.get(element_id)
    return node.process if node is not None else None


def _flow_findings(model: ProcessModel) -> list[Finding]:
    found = []
    for flow in model.flows.values():
        source, target = _pool_key(model, flow.source), _pool_key(model, flow.target)
        if source is None or target is None:
            continue   # a broken reference, reported on its own
        if flow.kind == "message" and source == target:
            pool = model.pools.get(source)
            found.append(_finding("bpmn.message-flow-same-pool", flow,
                                  pool=pool.name or pool.id if pool else source))
        elif flow.kind == "sequence" and model.nodes[flow.source].process != model.nodes[flow.target].process:
            found.append(_finding("bpmn.sequence-crosses-pool", flow,
                                  source_pool=_pool_name(model, flow.source),
                                  target_pool=_pool_name(model, flow.target)))
    return found


def _pool_name(model: ProcessModel, node_id: str) -> str:
    pool = model.pool_of(node_id)
    return (pool.name or pool.id) if pool else process_label(model, model.nodes[node_id].process)


def _naming_findings(model: ProcessModel) -> list[Finding]:
    found = []
    for node in model.nodes.values():
        if node.kind in ACTIVITIES and not node.name:
            found.append(_finding("bpmn.unnamed-task", node))
    on_messages = {end for flow in model.message_flows() for end in (flow.source, flow.target)}
    for node in model.nodes.values():
        if node.id in on_messages and node.kind not in ACTIVITIES + GATEWAYS and not node.name:
            found.append(_finding("bpmn.unnamed-event", node, "warning"))
    for flow in model.message_flows():
        if not flow.name:
            found.append(_finding("bpmn.unnamed-message-flow", flow, "warning"))
    for document in model.data_objects.values():
        if not document.name:
            found.append(_finding("bpmn.unnamed-data-object", document))
    by_name: dict[str, list[Node]] = {}
    for node in model.tasks():
        if node.name:
            by_name.setdefault(clean_name(node.name).casefold(), []).append(node)
    for same in by_name.values():
        if len(same) > 1:
            found.append(_finding("bpmn.duplicate-name", same[1], "warning", count=len(same)))
    return found


def rule_findings(model: ProcessModel) -> list[Finding]:
    """Every modelling rule's findings, in the order of the file's lines."""
    processes = _active_processes(model)
    if not processes:
        return [Finding("bpmn.no-process")]
    found = _references(model)
    for process in processes:
        found += start_findings(model, process)
        found += _end_findings(model, process)
        found += _connection_findings(model, process)
        found += _gateway_findings(model, process)
        found += _implicit_findings(model, process)
        found += _link_findings(model, process)
        found += _lane_findings(model, process)
    found += _flow_findings(model)
    found += _naming_findings(model)
    if not model.has_layout:
        found.append(Finding("bpmn.no-layout", severity="info"))
    return sorted(found, key=lambda f: (f.line or 0))
