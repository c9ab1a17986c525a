"""A BPMN 2.0 process model as the course reads it: nodes, flows, lanes, pools, documents, layout.

This is what every BPMN check, diagram and comparison in the course works on. It is read
from a modeller's XML export by :func:`course.bpmn.reading.read_model` and never changed
after that, apart from the dictionaries a caller may build a new model from.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Kinds of flow node, as :attr:`Node.kind` spells them.
TASK = "task"
START = "startEvent"
END = "endEvent"
INTERMEDIATE = "intermediateEvent"
EXCLUSIVE = "exclusiveGateway"
PARALLEL = "parallelGateway"
INCLUSIVE = "inclusiveGateway"
EVENT_BASED = "eventBasedGateway"
SUBPROCESS = "subProcess"
NODE_KINDS = (TASK, START, END, INTERMEDIATE, EXCLUSIVE, PARALLEL, INCLUSIVE, EVENT_BASED,
              SUBPROCESS)
GATEWAYS = (EXCLUSIVE, PARALLEL, INCLUSIVE, EVENT_BASED)
EVENTS = (START, END, INTERMEDIATE)
# Nodes that stand for work someone does.
ACTIVITIES = (TASK, SUBPROCESS)


@dataclass(frozen=True)
class Node:
    """A flow node: task, event or gateway."""

    id: str
    name: str          # "" when unnamed
    kind: str          # one of NODE_KINDS
    process: str       # id of the process that holds it
    lane: str | None   # lane id, None when in no lane
    line: int | None   # source line in the XML

    @property
    def label(self) -> str:
        """The name, or the id when the node has no name (for messages)."""
        return self.name or self.id

    @property
    def is_gateway(self) -> bool:
        return self.kind in GATEWAYS

    @property
    def is_activity(self) -> bool:
        return self.kind in ACTIVITIES


@dataclass(frozen=True)
class Flow:
    """A sequence flow or a message flow."""

    id: str
    name: str
    source: str
    target: str
    kind: str                 # "sequence" or "message"
    condition: str | None
    line: int | None


@dataclass(frozen=True)
class Lane:
    id: str
    name: str
    process: str
    nodes: tuple[str, ...]


@dataclass(frozen=True)
class Pool:
    """A participant of the collaboration, drawn as a pool."""

    id: str
    name: str
    process: str | None


@dataclass(frozen=True)
class DataObject:
    """A dataObjectReference (or dataObject) with the nodes that read and write it."""

    id: str
    name: str
    process: str
    inputs_of: tuple[str, ...]    # nodes that read it (dataInputAssociation)
    outputs_of: tuple[str, ...]   # nodes that write it (dataOutputAssociation)
    line: int | None


@dataclass(frozen=True)
class Shape:
    """Where BPMNDI draws an element: its bounds."""

    element: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Edge:
    """How BPMNDI draws a flow or association: its waypoints."""

    element: str
    points: tuple[tuple[float, float], ...]


@dataclass
class ProcessModel:
    """Everything the course reads from one BPMN file."""

    nodes: dict[str, Node] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    lanes: dict[str, Lane] = field(default_factory=dict)
    pools: dict[str, Pool] = field(default_factory=dict)
    data_objects: dict[str, DataObject] = field(default_factory=dict)
    shapes: dict[str, Shape] = field(default_factory=dict)   # empty when the file has no layout
    edges: dict[str, Edge] = field(default_factory=dict)
    processes: tuple[str, ...] = ()
    # Beyond the shapes: boundary event id -> the activity it is attached to, and
    # gateway or activity id -> the id of its default outgoing flow.
    attached: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    # Node id -> the BPMN element it was read from ("userTask", "intermediateCatchEvent"...);
    # event id -> its definition ("message", "timer", "link"..., "multiple" for several);
    # link throw event id -> the link catch event of the same name it continues at.
    types: dict[str, str] = field(default_factory=dict)
    event_definitions: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    _index: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def _adjacency(self) -> tuple[dict[str, list[Flow]], dict[str, list[Flow]]]:
        # Built once per set of flows, so that walking a large model stays linear.
        key = (id(self.flows), len(self.flows))
        if self._index is None or self._index[0] != key:
            out: dict[str, list[Flow]] = {}
            into: dict[str, list[Flow]] = {}
            for flow in self.flows.values():
                if flow.kind == "sequence":
                    out.setdefault(flow.source, []).append(flow)
                    into.setdefault(flow.target, []).append(flow)
            self._index = (key, out, into)
        return self._index[1], self._index[2]

    def sequence_flows(self) -> list[Flow]:
        return [f for f in self.flows.values() if f.kind == "sequence"]

    def message_flows(self) -> list[Flow]:
        return [f for f in self.flows.values() if f.kind == "message"]

    def outgoing(self, node_id: str) -> list[Flow]:
        """The sequence flows leaving a node, in the file's order."""
        return list(self._adjacency()[0].get(node_id, ()))

    def incoming(self, node_id: str) -> list[Flow]:
        """The sequence flows entering a node, in the file's order."""
        return list(self._adjacency()[1].get(node_id, ()))

    def successors(self, node_id: str) -> list[str]:
        """Nodes one sequence flow after ``node_id`` (a link throw event: its link catch)."""
        after = [f.target for f in self.outgoing(node_id)]
        if node_id in self.links:
            after.append(self.links[node_id])
        return after

    def predecessors(self, node_id: str) -> list[str]:
        """Nodes one sequence flow before ``node_id`` (a link catch event: its link throws)."""
        before = [f.source for f in self.incoming(node_id)]
        if self.links:
            before += [throw for throw, catch in self.links.items() if catch == node_id]
        return before

    def tasks(self) -> list[Node]:
        """The activities (tasks of any type and sub-processes), in the file's order."""
        return [n for n in self.nodes.values() if n.is_activity]

    def nodes_of(self, process: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.process == process]

    def lane_of(self, node_id: str) -> Lane | None:
        node = self.nodes.get(node_id)
        if node is None or node.lane is None:
            return None
        return self.lanes.get(node.lane)

    def pool_of(self, node_id: str) -> Pool | None:
        """The pool whose process holds a node (or the pool itself, given a pool id)."""
        if node_id in self.pools:
            return self.pools[node_id]
        node = self.nodes.get(node_id)
        if node is None:
            return None
        for pool in self.pools.values():
            if pool.process == node.process:
                return pool
        return None

    @property
    def has_layout(self) -> bool:
        return bool(self.shapes)

    def name_of(self, element_id: str) -> str:
        """A readable name for any element id: its name, else the id."""
        for table in (self.nodes, self.flows, self.lanes, self.pools, self.data_objects):
            element = table.get(element_id)
            if element is not None:
                return element.name or element.id
        return element_id
