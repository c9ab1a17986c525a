"""What the graded model tasks ask of a learner's BPMN file, apart from the key.

- :func:`as_bpmn`: the answer as bytes (a string is never taken for a file path);
- :func:`rule_errors`: the error findings of the schema and the modelling rules;
- :func:`customs_paths`: whether every pool completes on both customs paths, with customs
  inspecting on one and not on the other;
- :func:`activity_precedence` and :func:`critical_hours`: the order of the activities that the
  flows give, and the time-procedure arithmetic on it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..bpmn import check_model, run_every_pool
from ..bpmn.model import ACTIVITIES, ProcessModel
from ..bpmn.schedule import ScheduleError, schedule
from ..bpmn.validate import errors
from ..i18n import _
from ..xml.findings import Finding
from . import dataset, names

# Branch names taken at a decision on each path, for decisions worded in a learner's own way.
BRANCHES = {
    "inspection required": ["yes", "inspection required", "inspection", "inspect", "red", "red channel",
                            "yellow", "physical inspection", "true"],
    "green channel": ["no", "green channel", "green", "no inspection", "release", "false"],
}


MAX_PROCESSES = 30   # one per organization: a procedure involves a dozen at most


def as_bpmn(answer) -> bytes:
    """The answer as the bytes of a file: text is XML, never a path to read from the grader's disk."""
    if isinstance(answer, bytes):
        return answer
    if isinstance(answer, str):
        return answer.encode("utf-8")
    raise TypeError(f"the model should be BPMN XML text (a string), not {type(answer).__name__}")


def rule_errors(source: bytes, lang: str | None) -> list[Finding]:
    return errors(check_model(source, lang=lang))


def inspection_ids(model: ProcessModel) -> set[str]:
    """The learner's activities that are customs' inspection of the containers (by name or synonym)."""
    wanted = names.activities()(dataset.INSPECTION_ACTIVITY)
    return {n.id for n in model.nodes.values() if n.kind in ACTIVITIES and names.activities()(n.name) == wanted}


@dataclass
class PathResult:
    path: str
    completed: bool
    problems: list[str] = field(default_factory=list)


def customs_paths(model: ProcessModel, lang: str | None) -> list[PathResult]:
    """Each customs path: every pool's process completes, and customs inspects exactly on its path.

    A model with far more processes than a trade procedure has organizations is not run: each
    run is bounded, but hundreds of them would hold the grader for minutes.
    """
    if len(model.processes) > MAX_PROCESSES:
        problem = _("{count} processes, more than a procedure has organizations: at most {limit} are run.", lang,
                    count=len(model.processes), limit=MAX_PROCESSES)
        return [PathResult(path, False, [problem]) for path in BRANCHES]
    inspection = inspection_ids(model)
    runs_of = {path: run_every_pool(model, {dataset.INSPECTION_DECISION: branches[0], "*": branches}, lang=lang)
               for path, branches in BRANCHES.items()}
    inspected = {path: bool({t for run in runs.values() for t in run.task_ids} & inspection)
                 for path, runs in runs_of.items()}
    # The paths differ only if customs decides: inspecting on both (or neither) is no decision.
    decided = bool(inspection) and inspected["inspection required"] and not inspected["green channel"]
    results = []
    for path, runs in runs_of.items():
        problems = [f"{pool or '?'}: {run.findings[0].message if run.findings else ''}".strip()
                    for pool, run in runs.items() if not run.completed]
        results.append(PathResult(path, decided and not problems, problems))
    return results


def activity_precedence(model: ProcessModel) -> dict[str, list[str]]:
    """For each activity, the activities that come just before it along sequence and message
    flows (events and gateways passed through): the precedence of a time-procedure chart."""
    after: dict[str, set[str]] = {n: set() for n in model.nodes}
    for flow in model.flows.values():
        if flow.source in after and flow.target in after:
            after[flow.source].add(flow.target)
    activities = [n.id for n in model.nodes.values() if n.kind in ACTIVITIES]
    before: dict[str, set[str]] = {a: set() for a in activities}
    for activity in activities:
        seen, stack = set(), list(after[activity])
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            if node in before:
                before[node].add(activity)
            else:
                stack.extend(after[node])
    return {a: sorted(before[a] - {a}) for a in activities}


def critical_hours(model: ProcessModel, hours: dict[str, float]) -> float | None:
    """Total hours of the model's activities with ``hours`` each, in the order of its flows;
    None when the flows go round in a circle."""
    precedence = activity_precedence(model)
    if not precedence:
        return 0.0
    try:
        return schedule({a: hours.get(a, 0.0) for a in precedence}, precedence).total
    except ScheduleError:
        return None
