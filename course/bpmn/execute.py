"""Running a learner's process with the SpiffWorkflow BPMN engine along one scenario path.

The learner's file is never handed to the engine as it is. From the model read by
:func:`course.bpmn.reading.read_model` a plain copy of one process is written: every task
becomes a manual task that is completed at once, every event a plain event (no timers, no
messages to wait for), event-based gateways become exclusive decisions, and every branch
of a decision gets a condition that is only a flow id. The engine's expression evaluator is
replaced by one that answers "is this the branch the path chose?": nothing the learner
wrote (conditions, scripts) is ever evaluated. Runs are bounded in steps and seconds, so a
loop or a deadlock ends with a finding instead of a hang.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

from ..xml.findings import Finding
from ..xml.safe import Source
from . import messages  # noqa: F401  (registers the bpmn.* finding codes)
from .model import (ACTIVITIES, END, EVENT_BASED, EXCLUSIVE, INCLUSIVE, INTERMEDIATE, PARALLEL,
                    START, Node, ProcessModel)
from .reading import BpmnRefused, clean_name, read_model
from .rules import process_label, start_findings

MAX_STEPS = 2_000
MAX_SECONDS = 10.0
MAX_VISITS = 10        # passes through one node before the path counts as a loop
# The engine lays out ahead every task that parallel branches lead to, up to the next
# decision, and does so again after every join: parallel splits in a row multiply that
# work. Beyond this many predicted tasks a run would take minutes, so it is not started.
MAX_PREDICTED = 5_000
# The engine walks a process recursively, a few frames per element: far longer processes
# than any procedure's would exhaust Python's stack.
MAX_ENGINE_NODES = 300

# Node kind -> the element written for the engine.
_ELEMENTS = {START: "startEvent", END: "endEvent", INTERMEDIATE: "intermediateThrowEvent",
             EXCLUSIVE: "exclusiveGateway", EVENT_BASED: "exclusiveGateway",
             PARALLEL: "parallelGateway", INCLUSIVE: "inclusiveGateway"}
_DECISIONS = (EXCLUSIVE, EVENT_BASED, INCLUSIVE)


@dataclass
class PathRun:
    """What happened when the process ran along one path.

    ``tasks`` are the names of the activities in the order they were done (ids in
    ``task_ids``); ``stuck_at`` is the node where the run stopped without completing.
    """

    completed: bool
    tasks: list[str] = field(default_factory=list)
    task_ids: list[str] = field(default_factory=list)
    stuck_at: str | None = None
    findings: list[Finding] = field(default_factory=list)
    process: str | None = None
    steps: int = 0

    def __bool__(self) -> bool:
        return self.completed

    def as_dict(self) -> dict:
        return {"completed": self.completed, "process": self.process, "tasks": list(self.tasks),
                "task_ids": list(self.task_ids), "stuck_at": self.stuck_at, "steps": self.steps,
                "findings": [f.as_dict() for f in self.findings]}


class _Stop(Exception):
    """Ends a run early with the finding that says why."""

    def __init__(self, finding: Finding, node: str | None = None):
        super().__init__(finding.code)
        self.finding = finding
        self.node = node


def _norm(text: str) -> str:
    return clean_name(text).casefold().rstrip("?.:! ")


def choose_process(model: ProcessModel, pool: str | None) -> str:
    """The id of the process to run: the pool named (by name, id or process id), else the
    process with the most activities."""
    if pool is None:
        counts = {pid: sum(1 for n in model.nodes_of(pid) if n.kind in ACTIVITIES)
                  for pid in model.processes if model.nodes_of(pid)}
        if not counts:
            raise _Stop(Finding("bpmn.no-process"))
        return max(counts, key=lambda pid: (counts[pid], -model.processes.index(pid)))
    wanted = _norm(pool)
    for candidate in model.pools.values():
        if candidate.process and wanted in (_norm(candidate.name), _norm(candidate.id)):
            return candidate.process
    if pool in model.processes:
        return pool
    names = ", ".join(p.name or p.id for p in model.pools.values()) or ", ".join(model.processes)
    raise _Stop(Finding("bpmn.run-no-pool", params={"pool": pool, "pools": names or "-"}))


class _Choices:
    """The scenario's choices, resolved to the outgoing flow ids of each decision."""

    def __init__(self, model: ProcessModel, process: str, choices: dict[str, object]):
        self.model = model
        self.choices = {_norm(str(k)): v for k, v in (choices or {}).items()}
        self.process = process

    def _matching(self, outgoing, choice) -> list[str]:
        key = _norm(str(choice))
        return [f.id for f in outgoing
                if key in (_norm(f.name), _norm(f.id), _norm(self.model.name_of(f.target)),
                           _norm(f.target))]

    def _given(self, gateway: Node, outgoing):
        for key in (_norm(gateway.id), _norm(gateway.name)):
            if key and key in self.choices:
                return self.choices[key]
        # "*": branch names to take at any decision the path names no other way, for
        # learners' models whose decisions are named in their own words.
        anywhere = self.choices.get("*")
        for choice in ([anywhere] if isinstance(anywhere, str) else anywhere or []):
            if self._matching(outgoing, choice):
                return choice
        return None

    def branches(self, gateway: Node) -> set[str]:
        """The flow ids the path takes at ``gateway``; raises :class:`_Stop` when it cannot say."""
        outgoing = self.model.outgoing(gateway.id)
        if len(outgoing) <= 1:
            return {f.id for f in outgoing}
        options = ", ".join(f"'{f.name or self.model.name_of(f.target)}'" for f in outgoing)
        given = self._given(gateway, outgoing)
        if given is None:
            if gateway.kind == INCLUSIVE:
                return {f.id for f in outgoing}
            default = self.model.defaults.get(gateway.id)
            if default in {f.id for f in outgoing}:
                return {default}
            raise _Stop(Finding("bpmn.run-no-choice", line=gateway.line, path=gateway.id,
                                params={"id": gateway.id, "name": gateway.label, "options": options}),
                        gateway.id)
        wanted = [given] if isinstance(given, str) else list(given)
        taken = set()
        for choice in wanted:
            match = self._matching(outgoing, choice)
            if not match:
                raise _Stop(Finding("bpmn.run-unknown-choice", line=gateway.line, path=gateway.id,
                                    params={"id": gateway.id, "name": gateway.label,
                                            "choice": str(choice), "options": options}), gateway.id)
            taken.add(match[0])
        return taken


class EngineCopy:
    """The plain copy of one process that the engine runs (see the module's docstring).

    Elements get ids of the course's own (``n0``, ``f0``...): the engine reserves some
    names ("Start", "End") and a learner's ids may be anything. ``node_of`` and ``flow_of``
    map them back. Two things BPMN allows but the engine does not are made explicit: a
    task or event with several outgoing flows starts them all, through a parallel gateway
    of its own (``s0``...), and a gateway without outgoing flow is a plain event where the
    run stops.
    """

    def __init__(self, model: ProcessModel, process: str):
        nodes = [n for n in model.nodes_of(process) if n.id not in model.attached]
        self.engine_id = {n.id: f"n{i}" for i, n in enumerate(nodes)}
        self.node_of = {v: k for k, v in self.engine_id.items()}
        flows = [f for f in model.sequence_flows()
                 if f.source in self.engine_id and f.target in self.engine_id]
        self.flow_of = {f"f{i}": f.id for i, f in enumerate(flows)}
        # Link events: the throw goes on at its catch, as if a flow joined them.
        links = [(t, c) for t, c in model.links.items() if t in self.engine_id and c in self.engine_id]
        leaving: dict[str, int] = {}
        for source in [f.source for f in flows] + [t for t, _c in links]:
            leaving[source] = leaving.get(source, 0) + 1
        body = []
        split_of: dict[str, str] = {}
        for node in nodes:
            eid = self.engine_id[node.id]
            if node.kind in ACTIVITIES:
                tag = "manualTask"
            elif node.is_gateway and not leaving.get(node.id):
                tag = "intermediateThrowEvent"
            else:
                tag = _ELEMENTS[node.kind]
            body.append(f'<{tag} id="{eid}" name={quoteattr(node.name)}/>')
            if not node.is_gateway and leaving.get(node.id, 0) > 1:
                split_of[node.id] = f"s{len(split_of)}"
                body.append(f'<parallelGateway id="{split_of[node.id]}"/>'
                            f'<sequenceFlow id="x{eid}" sourceRef="{eid}" targetRef="{split_of[node.id]}"/>')
        for i, flow in enumerate(flows):
            source = model.nodes[flow.source]
            condition = ""
            if source.kind in _DECISIONS and leaving[source.id] > 1:
                condition = f"<conditionExpression>f{i}</conditionExpression>"
            start = split_of.get(flow.source, self.engine_id[flow.source])
            body.append(f'<sequenceFlow id="f{i}" sourceRef="{start}" '
                        f'targetRef="{self.engine_id[flow.target]}">{condition}</sequenceFlow>')
        for i, (throw, catch) in enumerate(links):
            start = split_of.get(throw, self.engine_id[throw])
            body.append(f'<sequenceFlow id="l{i}" sourceRef="{start}" targetRef="{self.engine_id[catch]}"/>')
        self.xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="run" '
                    'targetNamespace="urn:course:bpmn:run">'
                    f'<process id="run" isExecutable="true">{"".join(body)}</process></definitions>')


def engine_xml(model: ProcessModel, process: str) -> str:
    return EngineCopy(model, process).xml


def predicted_tasks(model: ProcessModel, copy: EngineCopy, limit: int = MAX_PREDICTED) -> int:
    """How many tasks the engine predicts at most at once (capped at ``limit``): the size of
    the process unfolded as a tree from the start, or from a branch of a decision, up to the
    next decision. A loop without a decision in it raises :class:`_Stop`."""
    ids = copy.engine_id
    decisions = {n for n in ids if model.nodes[n].kind in _DECISIONS and len(model.outgoing(n)) > 1}

    def children(node: str) -> list[str]:
        return [t for t in model.successors(node) if t in ids]

    size: dict[str, int] = {}
    roots = [n for n in ids if model.nodes[n].kind == START]
    roots += [t for d in decisions for t in children(d)]
    for root in roots:
        if root in size:
            continue
        on_path = {root}
        stack = [(root, iter(() if root in decisions else children(root)))]
        while stack:
            node, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                on_path.discard(node)
                below = () if node in decisions else children(node)
                size[node] = min(limit, 1 + sum(size.get(c, 1) for c in below))
            elif child in on_path:
                # Round and back with no decision on the way: tokens would circle for
                # ever, and the engine's look-ahead would recurse without end.
                loop = model.nodes[child]
                raise _Stop(Finding("bpmn.run-endless-loop", line=loop.line, path=loop.id,
                                    params={"id": loop.id, "name": loop.label}), loop.id)
            elif child not in size:
                on_path.add(child)
                stack.append((child, iter(() if child in decisions else children(child))))
    return max((size[r] for r in roots), default=0)


def _engine(choices: _Choices, copy: EngineCopy):
    from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine

    class ChoiceEngine(PythonScriptEngine):
        """Answers a branch's condition from the path's choices; evaluates nothing."""

        def evaluate(self, task, expression, external_context=None):
            gateway = choices.model.nodes[copy.node_of[task.task_spec.bpmn_id]]
            return copy.flow_of.get(expression.strip()) in choices.branches(gateway)

        def execute(self, task, script, external_context=None):
            return True

    return ChoiceEngine()


def _run(model: ProcessModel, process: str, choices: _Choices, run: PathRun) -> None:
    from SpiffWorkflow.bpmn import BpmnWorkflow
    from SpiffWorkflow.bpmn.parser import BpmnParser
    from SpiffWorkflow.util.task import TaskState

    copy = EngineCopy(model, process)
    if len(copy.engine_id) > MAX_ENGINE_NODES:
        raise _Stop(Finding("bpmn.run-too-big", params={
            "process": process_label(model, process), "count": len(copy.engine_id),
            "limit": MAX_ENGINE_NODES}))
    if predicted_tasks(model, copy) >= MAX_PREDICTED:
        raise _Stop(Finding("bpmn.run-too-complex", params={"limit": MAX_PREDICTED}))
    parser = BpmnParser()
    parser.add_bpmn_str(copy.xml.encode("utf-8"))
    workflow = BpmnWorkflow(parser.get_spec("run"), script_engine=_engine(choices, copy))
    visits: dict[str, int] = {}
    done: list[str] = []
    began = time.monotonic()
    while True:
        # Look on the branch that just moved first, as the engine's own run_next does.
        task = None
        if workflow.last_task is not None:
            task = workflow.get_next_task(workflow.last_task, state=TaskState.READY)
        task = task or workflow.get_next_task(state=TaskState.READY)
        if task is None:
            workflow.update_waiting_tasks()
            task = workflow.get_next_task(state=TaskState.READY)
            if task is None:
                break
        node_id = copy.node_of.get(getattr(task.task_spec, "bpmn_id", None) or "")
        if run.steps >= MAX_STEPS or time.monotonic() - began > MAX_SECONDS:
            raise _Stop(Finding("bpmn.run-too-long", params={"steps": MAX_STEPS,
                                                               "seconds": int(MAX_SECONDS)}), node_id)
        run.steps += 1
        if node_id in model.nodes:
            visits[node_id] = visits.get(node_id, 0) + 1
            node = model.nodes[node_id]
            if visits[node_id] > MAX_VISITS:
                raise _Stop(Finding("bpmn.run-loop", line=node.line, path=node.id,
                                    params={"id": node.id, "name": node.label, "count": MAX_VISITS}),
                            node_id)
        task.run()
        if node_id in model.nodes:
            done.append(node_id)
            if model.nodes[node_id].kind in ACTIVITIES:
                run.tasks.append(model.nodes[node_id].label)
                run.task_ids.append(node_id)
    for task in workflow.get_tasks(state=TaskState.WAITING):
        node = model.nodes.get(copy.node_of.get(getattr(task.task_spec, "bpmn_id", None) or "", ""))
        if node is not None and node.kind in (PARALLEL, INCLUSIVE):
            raise _Stop(Finding("bpmn.run-deadlock", line=node.line, path=node.id,
                                params={"id": node.id, "name": node.label}), node.id)
    # A branch that stops at a node without outgoing flow ends without an end event.
    for node_id in done:
        node = model.nodes[node_id]
        if node.kind != END and not model.successors(node_id):
            raise _Stop(Finding("bpmn.run-stuck", line=node.line, path=node.id,
                                params={"id": node.id, "name": node.label}), node_id)
    if not workflow.is_completed() or not any(model.nodes[n].kind == END for n in done):
        last = model.nodes[done[-1]] if done else None
        raise _Stop(Finding("bpmn.run-stuck", line=last.line if last else None,
                            path=last.id if last else None,
                            params={"id": last.id if last else "", "name": last.label if last else "?"}),
                    last.id if last else None)
    run.completed = True


def run_path(source: Source | ProcessModel, choices: dict[str, object] | None = None, *,
             pool: str | None = None, lang: str | None = None) -> PathRun:
    """Run one process of the model in ``source`` along the path that ``choices`` describe.

    ``choices`` maps a decision (exclusive, inclusive or event-based gateway, by name or id)
    to the branch taken: the outgoing flow's name or id, or the name or id of the node it
    leads to (several for an inclusive gateway). A decision with one way out needs no
    choice; one with a default flow takes it when the path says nothing. Under the key
    ``"*"``, branch names (a list, first match wins) are taken at any decision that has a
    branch of that name and no choice of its own. ``pool`` picks
    the pool (name or id) whose process runs; by default, the one with the most tasks.
    Message flows are not needed: events that wait for messages pass at once.
    """
    run = PathRun(completed=False)
    try:
        model = source if isinstance(source, ProcessModel) else read_model(source)
        run.process = process = choose_process(model, pool)
        problems = start_findings(model, process)
        if problems:
            run.findings = problems
        else:
            _run(model, process, _Choices(model, process, choices or {}), run)
    except BpmnRefused as refused:
        run.findings = [refused.finding]
    except _Stop as stop:
        run.findings = [stop.finding]
        run.stuck_at = stop.node
    except Exception as exc:  # the engine's own errors, told as a finding
        logging.getLogger(__name__).info("engine run failed", exc_info=True)
        run.findings = [Finding("bpmn.run-engine", params={"detail": str(exc)[:300] or type(exc).__name__})]
    run.findings = [f.in_language(lang) for f in run.findings]
    return run


def run_every_pool(source: Source | ProcessModel, choices: dict[str, object] | None = None, *,
                   lang: str | None = None) -> dict[str, PathRun]:
    """:func:`run_path` for the process of every pool that has one (and every process outside
    a collaboration), keyed by the pool's name (else the process id). A file that cannot be
    read gives one failed run under the key ``""``."""
    try:
        model = source if isinstance(source, ProcessModel) else read_model(source)
    except BpmnRefused as refused:
        return {"": PathRun(completed=False, findings=[refused.finding.in_language(lang)])}
    labels = {pool.process: pool.name or pool.id for pool in model.pools.values() if pool.process}
    runs = {}
    for process in model.processes:
        if model.nodes_of(process):
            run = run_path(model, choices, pool=process, lang=lang)
            runs[labels.get(process, process)] = run
    if not runs:
        runs[""] = PathRun(completed=False, findings=[Finding("bpmn.no-process", lang=lang)])
    return runs
