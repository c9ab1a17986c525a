"""Compare a learner's process model with a reference process model, activity by activity.

Activities (tasks and sub-processes, in every pool) are matched by name: names are
normalised (case, punctuation, spaces, the articles 'a', 'an', 'the'), mapped through the
synonyms ({canonical name: [synonyms]}), and when no name is equal, matched to the closest
spelling (similarity at least :data:`CLOSE_SPELLING`). Then five dimensions are compared,
each scored from 0 to 1 over everything the reference has, so that a missing activity also
loses what depends on it:

- activities, weight 0.30: the share of reference activities found in the learner's model;
- lanes, weight 0.20: for each reference activity, the same actor does it: the most precise
  actor of one model (the lane's name, else the pool's) is the lane or the pool of the
  other, names matched through the synonyms too;
- precedence, weight 0.25: for each pair of reference activities where one comes before
  the other (reachability along sequence flows and message flows, which carry the order
  between organizations), the learner's model has the same order;
- gateways, weight 0.15: for each pair of activities that open different branches of a
  split in the reference, the learner's model opens them from a split of the same kind
  (exclusive or parallel; event-based counts as exclusive);
- documents, weight 0.10: for each document a reference activity reads or writes (data
  objects matched by name like activities), the learner's activity reads or writes it too.

A dimension with nothing to compare in the reference (no lanes, no splits, no documents)
is left out and the others' weights are scaled up. Activities of the learner's model that
the reference does not have cost nothing but are reported.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from html import escape

from ..i18n import Text, _
from ..render import box
from ..xml.findings import Finding
from ..xml.safe import Source
from . import messages
from .model import ACTIVITIES, EVENT_BASED, EXCLUSIVE, GATEWAYS, ProcessModel
from .reading import BpmnRefused, read_model

WEIGHTS = {"activities": 0.30, "lanes": 0.20, "precedence": 0.25, "gateways": 0.15,
           "documents": 0.10}
CLOSE_SPELLING = 0.85
_ARTICLES = {"a", "an", "the"}


def normalise(name: str) -> str:
    """A name reduced to what matters for matching."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    words = re.sub(r"[^\w]+", " ", text).split()
    return " ".join(w for w in words if w not in _ARTICLES)


class Names:
    """Canonical forms of names, through the synonyms."""

    def __init__(self, synonyms: dict[str, list[str]] | None):
        self.canonical: dict[str, str] = {}
        for canonical, others in (synonyms or {}).items():
            key = normalise(canonical)
            for name in [canonical, *others]:
                self.canonical.setdefault(normalise(name), key)

    def __call__(self, name: str) -> str:
        key = normalise(name)
        return self.canonical.get(key, key)

    def match(self, wanted: list[tuple[str, str]], offered: list[tuple[str, str]]) -> dict[str, tuple[str, bool]]:
        """Pairs ``wanted`` ids to ``offered`` ids ((id, name) lists), one to one: equal
        canonical names first, then the closest spellings. Values are (id, by spelling)."""
        pairs: dict[str, tuple[str, bool]] = {}
        free = {oid: self(name) for oid, name in offered}
        for wid, name in wanted:
            key = self(name)
            same = next((oid for oid, k in free.items() if k == key and key), None)
            if same is not None:
                pairs[wid] = (same, False)
                del free[same]
        scored = []
        for wid, name in wanted:
            if wid in pairs or not self(name):
                continue
            matcher = difflib.SequenceMatcher(None, b=self(name))
            for oid, key in free.items():
                matcher.set_seq1(key)
                # The quick bounds skip most pairs of a large model before the real ratio.
                if key and matcher.real_quick_ratio() >= CLOSE_SPELLING \
                        and matcher.quick_ratio() >= CLOSE_SPELLING:
                    ratio = matcher.ratio()
                    if ratio >= CLOSE_SPELLING:
                        scored.append((-ratio, wid, oid))
        for _ratio, wid, oid in sorted(scored):
            if wid not in pairs and oid in free:
                pairs[wid] = (oid, True)
                del free[oid]
        return pairs


@dataclass(repr=False)
class ProcessComparison:
    """How close a learner's process is to the reference.

    ``score`` is in [0, 1]; ``dimensions`` holds each dimension's own score (only those
    the reference gives something to compare); ``matches`` maps reference activity ids to
    the learner's; ``differences`` are findings with a plain reason each.
    """

    score: float
    dimensions: dict[str, float] = field(default_factory=dict)
    matches: dict[str, str] = field(default_factory=dict)
    differences: list[Finding] = field(default_factory=list)
    usable: bool = True
    lang: str | None = None

    @property
    def identical(self) -> bool:
        return self.usable and self.score == 1.0 and not self.differences

    def points(self, out_of: float) -> float:
        return round(self.score * out_of, 2)

    def as_dict(self) -> dict:
        return {"score": self.score, "usable": self.usable, "dimensions": dict(self.dimensions),
                "matches": dict(self.matches), "differences": [f.as_dict() for f in self.differences]}

    def __str__(self) -> str:
        head = _("Agreement with the reference process: {score:.0%}", self.lang, score=self.score)
        return "\n".join([head, *(str(f) for f in self.differences)])

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        rows = "".join(f"<li>{escape(f.message)}<br><em>{escape(f.hint)}</em></li>"
                       for f in self.differences)
        kind = "ok" if self.identical else "warning"
        head = _("Agreement with the reference process: {score:.0%}", self.lang, score=self.score)
        return box(kind, f"<strong>{escape(head)}</strong>", f"<ul>{rows}</ul>" if rows else "")


def _load(source: Source | ProcessModel) -> ProcessModel:
    return source if isinstance(source, ProcessModel) else read_model(source)


def _graph(model: ProcessModel) -> dict[str, set[str]]:
    """What each node is directly followed by: sequence flows, boundary events, link events,
    and message flows between nodes (a message to a whole pool orders nothing)."""
    after: dict[str, set[str]] = {n: set() for n in model.nodes}
    for flow in model.flows.values():
        if flow.source in after and flow.target in after:
            after[flow.source].add(flow.target)
    for boundary, activity in model.attached.items():
        if activity in after:
            after[activity].add(boundary)
    for throw, catch in model.links.items():
        after[throw].add(catch)
    return after


def _reach(after: dict[str, set[str]], start: str) -> set[str]:
    seen, stack = set(), list(after.get(start, ()))
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(after.get(node, ()))
    return seen


def actors(model: ProcessModel, node_id: str) -> list[str]:
    """Who does an activity: its lane's name and its pool's name, those that are set."""
    found = []
    lane = model.lane_of(node_id)
    if lane is not None and lane.name:
        found.append(lane.name)
    pool = model.pool_of(node_id)
    if pool is not None and pool.name:
        found.append(pool.name)
    return found


def _split_pairs(model: ProcessModel) -> dict[frozenset, str]:
    """For pairs of activities that open different branches of a split: the split's kind."""
    pairs: dict[frozenset, str] = {}
    for gateway in model.nodes.values():
        if gateway.kind not in GATEWAYS or len(model.outgoing(gateway.id)) < 2:
            continue
        kind = "exclusive" if gateway.kind in (EXCLUSIVE, EVENT_BASED) else (
            "parallel" if gateway.kind == "parallelGateway" else "inclusive")
        branches = [_first_activities(model, flow.target) for flow in model.outgoing(gateway.id)]
        for i, first in enumerate(branches):
            for other in branches[i + 1:]:
                for a in first:
                    for b in other:
                        if a != b:
                            pairs.setdefault(frozenset((a, b)), kind)
    return pairs


def _first_activities(model: ProcessModel, node_id: str) -> set[str]:
    """The activities a branch reaches first, without passing a join (two or more in)."""
    found, seen, stack = set(), set(), [node_id]
    while stack:
        current = stack.pop()
        if current in seen or current not in model.nodes:
            continue
        seen.add(current)
        node = model.nodes[current]
        if node.kind in ACTIVITIES:
            found.add(current)
        elif not (node.is_gateway and len(model.incoming(current)) >= 2):
            stack.extend(model.successors(current))
    return found


def _documents(model: ProcessModel, node_id: str, names: Names) -> tuple[set[str], set[str]]:
    reads = {names(d.name) for d in model.data_objects.values() if node_id in d.inputs_of and d.name}
    writes = {names(d.name) for d in model.data_objects.values() if node_id in d.outputs_of and d.name}
    return reads, writes


def _close(wanted: str, offered: set[str]) -> bool:
    return wanted in offered or any(
        difflib.SequenceMatcher(None, wanted, o).ratio() >= CLOSE_SPELLING for o in offered)


class _Comparer:
    def __init__(self, learner: ProcessModel, reference: ProcessModel, names: Names):
        self.mine, self.ref, self.names = learner, reference, names
        self.found: list[Finding] = []
        self.scores: dict[str, float] = {}

    def name(self, ref_id: str) -> str:
        return self.ref.nodes[ref_id].label

    def activities(self) -> dict[str, str]:
        ref_tasks = [(n.id, n.name) for n in self.ref.tasks()]
        pairs = self.names.match(ref_tasks, [(n.id, n.name) for n in self.mine.tasks()])
        for rid, (mid, by_spelling) in pairs.items():
            if by_spelling:
                self.found.append(Finding("bpmn.diff.renamed", severity="info",
                                          line=self.mine.nodes[mid].line, path=mid,
                                          params={"id": mid, "name": self.name(rid),
                                                  "yours": self.mine.nodes[mid].label}))
        for rid, _name in ref_tasks:
            if rid not in pairs:
                self.found.append(Finding("bpmn.diff.missing", path=rid,
                                          params={"id": rid, "name": self.name(rid)}))
        taken = {mid for mid, _ in pairs.values()}
        for node in self.mine.tasks():
            if node.id not in taken:
                self.found.append(Finding("bpmn.diff.extra", severity="warning", line=node.line,
                                          path=node.id, params={"id": node.id, "name": node.label}))
        self.scores["activities"] = len(pairs) / len(ref_tasks) if ref_tasks else 1.0
        return {rid: mid for rid, (mid, _) in pairs.items()}

    def lanes(self, matches: dict[str, str]) -> None:
        judged = [n.id for n in self.ref.tasks() if actors(self.ref, n.id)]
        if not judged:
            return
        earned = 0
        for rid in judged:
            if rid not in matches:
                continue
            theirs = actors(self.ref, rid)
            yours = actors(self.mine, matches[rid])
            # The most precise actor of one side (the lane, else the pool) must be among
            # the other side's: a lane "Customs" in one pool matches the pool "Customs".
            ref_keys = {self.names(a) for a in theirs}
            your_keys = {self.names(a) for a in yours}
            if self.names(theirs[0]) in your_keys or (yours and self.names(yours[0]) in ref_keys):
                earned += 1
                continue
            mid = matches[rid]
            self.found.append(Finding("bpmn.diff.lane", line=self.mine.nodes[mid].line, path=mid,
                                      params={"id": mid, "name": self.name(rid), "reference": theirs[0],
                                              "yours": yours[0] if yours else Text(messages.NO_LANE)}))
        self.scores["lanes"] = earned / len(judged)

    def precedence(self, matches: dict[str, str]) -> None:
        ref_after, mine_after = _graph(self.ref), _graph(self.mine)
        tasks = [n.id for n in self.ref.tasks()]
        ref_reach = {t: _reach(ref_after, t) for t in tasks}
        ordered = [(a, b) for a in tasks for b in tasks
                   if a != b and b in ref_reach[a] and a not in ref_reach[b]]
        if not ordered:
            return
        mine_reach = {mid: _reach(mine_after, mid) for mid in matches.values()}
        earned = 0
        for a, b in ordered:
            if a not in matches or b not in matches:
                continue
            ma, mb = matches[a], matches[b]
            if mb in mine_reach[ma] and ma not in mine_reach[mb]:
                earned += 1
                continue
            # Say it once per neighbouring pair: no matched activity lies between a and b.
            between = any(c in matches and c not in (a, b) and c in ref_reach[a] and b in ref_reach[c]
                          for c in tasks)
            if between:
                continue
            relation = "after" if ma in mine_reach[mb] and mb not in mine_reach[ma] else "unordered"
            self.found.append(Finding("bpmn.diff.order", line=self.mine.nodes[mb].line, path=mb,
                                      params={"id": mb, "name": self.name(b), "first": self.name(a),
                                              "second": self.name(b),
                                              "relation": Text(messages.RELATIONS[relation])}))
        self.scores["precedence"] = earned / len(ordered)

    def gateways(self, matches: dict[str, str]) -> None:
        ref_pairs = {p: k for p, k in _split_pairs(self.ref).items()
                     if all(self.ref.nodes[n].kind in ACTIVITIES for n in p)}
        if not ref_pairs:
            return
        mine_pairs = _split_pairs(self.mine)
        earned = 0
        for pair, kind in sorted(ref_pairs.items(), key=lambda item: sorted(item[0])):
            a, b = sorted(pair, key=lambda n: self.ref.nodes[n].line or 0)
            if a not in matches or b not in matches:
                continue
            yours = mine_pairs.get(frozenset((matches[a], matches[b])), "sequence")
            if yours == kind:
                earned += 1
                continue
            mb = matches[b]
            self.found.append(Finding("bpmn.diff.gateway", line=self.mine.nodes[mb].line, path=mb,
                                      params={"id": mb, "name": self.name(b), "first": self.name(a),
                                              "second": self.name(b),
                                              "reference": Text(messages.SPLITS[kind]),
                                              "yours": Text(messages.SPLITS[yours])}))
        self.scores["gateways"] = earned / len(ref_pairs)

    def documents(self, matches: dict[str, str]) -> None:
        expected = []
        for node in self.ref.tasks():
            reads, writes = _documents(self.ref, node.id, self.names)
            expected += [(node.id, d, "in") for d in sorted(reads)]
            expected += [(node.id, d, "out") for d in sorted(writes)]
        if not expected:
            return
        shown = {self.names(d.name): d.name for d in self.ref.data_objects.values()}
        earned = 0
        for rid, document, direction in expected:
            if rid not in matches:
                continue
            reads, writes = _documents(self.mine, matches[rid], self.names)
            if _close(document, reads if direction == "in" else writes):
                earned += 1
                continue
            mid = matches[rid]
            self.found.append(Finding(f"bpmn.diff.document-{direction}", line=self.mine.nodes[mid].line,
                                      path=mid, params={"id": mid, "name": self.name(rid),
                                                        "document": shown.get(document, document)}))
        self.scores["documents"] = earned / len(expected)


def compare_models(learner: ProcessModel, reference: ProcessModel,
                   synonyms: dict[str, list[str]] | None = None, lang: str | None = None) -> ProcessComparison:
    """The comparison of two models already read (see the module's docstring)."""
    comparer = _Comparer(learner, reference, Names(synonyms))
    matches = comparer.activities()
    comparer.lanes(matches)
    comparer.precedence(matches)
    comparer.gateways(matches)
    comparer.documents(matches)
    weights = {d: WEIGHTS[d] for d in comparer.scores}
    score = sum(weights[d] * comparer.scores[d] for d in weights) / sum(weights.values())
    return ProcessComparison(score=round(score, 4),
                             dimensions={d: round(s, 4) for d, s in comparer.scores.items()},
                             matches=matches,
                             differences=[f.in_language(lang) for f in comparer.found], lang=lang)


def compare_processes(learner: Source | ProcessModel, reference: Source | ProcessModel,
                      synonyms: dict[str, list[str]] | None = None,
                      lang: str | None = None) -> ProcessComparison:
    """Compare the learner's BPMN model (text, bytes, path or a read model) with a reference.

    A learner's file that cannot be read scores 0 with the finding that says why; a
    reference that cannot be read is the course's mistake and raises ``ValueError``.
    """
    try:
        mine = _load(learner)
    except BpmnRefused as refused:
        return ProcessComparison(score=0.0, differences=[refused.finding.in_language(lang)],
                                 usable=False, lang=lang)
    try:
        ref = _load(reference)
    except BpmnRefused as refused:
        raise ValueError(f"the reference process is not usable: {refused.finding.message}") from None
    return compare_models(mine, ref, synonyms, lang)
