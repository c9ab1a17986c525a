"""Reading a BPMN 2.0 XML export into a :class:`ProcessModel`, safely.

The XML itself is read by :func:`course.xml.safe.parse_document` (no DTD, no entities, no
network, size and depth limits). On top of that a file must have the BPMN 2.0
``definitions`` root and a sensible number of elements. What bpmn.io, Camunda Modeler and
Signavio write is understood: the ``bpmn:``/``bpmn2:``/``semantic:`` or default namespace
prefixes (only the namespace counts), collaborations with participants and message flows,
lane sets with nested lanes, data object references with data input and output
associations, and the diagram interchange (BPMNDI) shapes and edges.
"""
from __future__ import annotations

import re

from lxml import etree

from ..xml.findings import Finding
from ..xml.safe import DocumentRefused, Source, parse_document
from . import messages  # noqa: F401  (registers the bpmn.* finding codes)
from .model import (END, EVENT_BASED, EXCLUSIVE, INCLUSIVE, INTERMEDIATE, PARALLEL, START,
                    SUBPROCESS, TASK, DataObject, Edge, Flow, Lane, Node, Pool, ProcessModel,
                    Shape)

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"

# A procedure's model has tens to hundreds of elements; this many means a generated or
# hostile file, which would only make every check slow.
MAX_BYTES = 5 * 1024 * 1024
MAX_ELEMENTS = 20_000

# BPMN element (local name) -> Node.kind
KINDS = {
    "task": TASK, "userTask": TASK, "manualTask": TASK, "serviceTask": TASK, "scriptTask": TASK,
    "sendTask": TASK, "receiveTask": TASK, "businessRuleTask": TASK, "callActivity": TASK,
    "subProcess": SUBPROCESS, "adHocSubProcess": SUBPROCESS, "transaction": SUBPROCESS,
    "startEvent": START, "endEvent": END,
    "intermediateCatchEvent": INTERMEDIATE, "intermediateThrowEvent": INTERMEDIATE,
    "boundaryEvent": INTERMEDIATE,
    "exclusiveGateway": EXCLUSIVE, "parallelGateway": PARALLEL, "inclusiveGateway": INCLUSIVE,
    "complexGateway": INCLUSIVE, "eventBasedGateway": EVENT_BASED,
}


class BpmnRefused(DocumentRefused):
    """Raised when a file cannot be read as a BPMN model; ``finding`` says why."""


def _q(local: str, ns: str = BPMN_NS) -> str:
    return f"{{{ns}}}{local}"


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


_SPACES = re.compile(r"\s+")


def clean_name(text: str | None) -> str:
    """A name as a reader sees it: modellers keep the line breaks typed into shapes."""
    return _SPACES.sub(" ", text or "").strip()


def _children(parent: etree._Element, local: str) -> list[etree._Element]:
    return parent.findall(_q(local))


def _text_of(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    text = "".join(element.itertext()).strip()
    return text or None


def _parse(source: Source) -> etree._ElementTree:
    try:
        return parse_document(source, max_bytes=MAX_BYTES)
    except DocumentRefused as refused:
        raise BpmnRefused(refused.finding) from None


def _check_root(root: etree._Element) -> None:
    if root.tag != _q("definitions"):
        qname = etree.QName(root.tag) if isinstance(root.tag, str) else None
        if qname is not None and qname.localname == "definitions":  # the right name in no or another namespace
            raise BpmnRefused(Finding("bpmn.wrong-namespace", line=root.sourceline,
                                      params={"namespace": qname.namespace or "-", "expected": BPMN_NS}))
        shown = qname.localname if qname else str(root.tag)
        if qname is not None and qname.namespace and qname.namespace != BPMN_NS:
            shown = f"{shown} xmlns=\"{qname.namespace}\""
        raise BpmnRefused(Finding("bpmn.not-bpmn", line=root.sourceline, params={"root": shown}))
    count = sum(1 for _ in root.iter())
    if count > MAX_ELEMENTS:
        raise BpmnRefused(Finding("bpmn.too-many-elements",
                                  params={"count": count, "limit": MAX_ELEMENTS}))


class _Reader:
    """Collects one file's elements into the model's tables."""

    def __init__(self, root: etree._Element):
        self.root = root
        self.model = ProcessModel()
        # Data associations, gathered while reading activities and resolved at the end.
        self.reads: list[tuple[str, str]] = []    # (data element id, node id)
        self.writes: list[tuple[str, str]] = []
        self.data: dict[str, tuple[etree._Element, str]] = {}   # id -> (element, process)
        self.data_object_names: dict[str, str] = {}
        self.link_names: dict[str, str] = {}

    def read(self) -> ProcessModel:
        processes = []
        for process in _children(self.root, "process"):
            pid = process.get("id") or f"process-{len(processes) + 1}"
            processes.append(pid)
            self._flow_elements(process, pid)
            self._lanes(process, pid)
        self.model.processes = tuple(processes)
        self._links()
        for collaboration in _children(self.root, "collaboration"):
            self._collaboration(collaboration)
        self._data_objects()
        self._diagram()
        return self.model

    def _flow_elements(self, container: etree._Element, pid: str) -> None:
        for element in container:
            local = _local(element)
            eid = element.get("id")
            if not eid:
                continue
            if local in KINDS:
                self.model.nodes[eid] = Node(eid, clean_name(element.get("name")), KINDS[local],
                                             pid, None, element.sourceline)
                self.model.types[eid] = local
                self._event_definition(element, eid)
                if local == "boundaryEvent" and element.get("attachedToRef"):
                    self.model.attached[eid] = element.get("attachedToRef")
                self._associations(element, eid)
            elif local == "sequenceFlow":
                condition = _text_of(element.find(_q("conditionExpression")))
                self.model.flows[eid] = Flow(eid, clean_name(element.get("name")),
                                             element.get("sourceRef", ""), element.get("targetRef", ""),
                                             "sequence", condition, element.sourceline)
            elif local in ("dataObjectReference", "dataObject"):
                self.data[eid] = (element, pid)
                if local == "dataObject":
                    self.data_object_names[eid] = clean_name(element.get("name"))
            if KINDS.get(local) == SUBPROCESS:
                # A sub-process counts as one activity; only its data objects are read.
                for inner in element.iter(_q("dataObjectReference"), _q("dataObject")):
                    if inner.get("id"):
                        self.data.setdefault(inner.get("id"), (inner, pid))
            if element.get("default"):
                self.model.defaults[eid] = element.get("default")

    def _event_definition(self, element: etree._Element, eid: str) -> None:
        found = [d for d in element if _local(d).endswith("EventDefinition")]
        refs = [r for r in element if _local(r) == "eventDefinitionRef"]
        if not found and not refs:
            return
        kinds = {_local(d)[: -len("EventDefinition")] for d in found}
        self.model.event_definitions[eid] = kinds.pop() if len(kinds) == 1 and not refs else "multiple"
        if self.model.event_definitions[eid] == "link":
            self.link_names[eid] = clean_name(found[0].get("name")) or clean_name(element.get("name"))

    def _links(self) -> None:
        # A link throw event continues at the link catch event of the same name, in its process.
        catches: dict[tuple[str, str], str] = {}
        for eid, name in self.link_names.items():
            if self.model.types.get(eid) == "intermediateCatchEvent" and name:
                catches.setdefault((self.model.nodes[eid].process, name.casefold()), eid)
        for eid, name in self.link_names.items():
            key = (self.model.nodes[eid].process, name.casefold())
            if self.model.types.get(eid) == "intermediateThrowEvent" and key in catches:
                self.model.links[eid] = catches[key]

    def _associations(self, element: etree._Element, node_id: str) -> None:
        for association in _children(element, "dataInputAssociation"):
            for ref in _children(association, "sourceRef"):
                if ref.text and ref.text.strip():
                    self.reads.append((ref.text.strip(), node_id))
        for association in _children(element, "dataOutputAssociation"):
            ref = association.find(_q("targetRef"))
            if ref is not None and ref.text and ref.text.strip():
                self.writes.append((ref.text.strip(), node_id))

    def _lanes(self, process: etree._Element, pid: str) -> None:
        # Nested lanes (childLaneSet): a node belongs to the innermost lane that lists it,
        # so outer lanes are read first and inner ones overwrite them.
        pending = list(_children(process, "laneSet"))
        while pending:
            lane_set = pending.pop(0)
            for lane in _children(lane_set, "lane"):
                lid = lane.get("id")
                if not lid:
                    continue
                refs = tuple(r.text.strip() for r in _children(lane, "flowNodeRef")
                             if r.text and r.text.strip())
                self.model.lanes[lid] = Lane(lid, clean_name(lane.get("name")), pid, refs)
                for ref in refs:
                    node = self.model.nodes.get(ref)
                    if node is not None:
                        self.model.nodes[ref] = Node(node.id, node.name, node.kind, node.process,
                                                     lid, node.line)
                pending.extend(_children(lane, "childLaneSet"))

    def _collaboration(self, collaboration: etree._Element) -> None:
        for participant in _children(collaboration, "participant"):
            pid = participant.get("id")
            if pid:
                self.model.pools[pid] = Pool(pid, clean_name(participant.get("name")),
                                             participant.get("processRef"))
        for flow in _children(collaboration, "messageFlow"):
            fid = flow.get("id")
            if fid:
                self.model.flows[fid] = Flow(fid, clean_name(flow.get("name")),
                                             flow.get("sourceRef", ""), flow.get("targetRef", ""),
                                             "message", None, flow.sourceline)

    def _data_objects(self) -> None:
        # A reference takes the name of the data object it points to when it has none.
        referenced = {el.get("dataObjectRef") for el, _ in self.data.values()
                      if _local(el) == "dataObjectReference"}
        # Associations may name the dataObject itself; send them to its first reference.
        first_reference: dict[str, str] = {}
        for did, (element, _pid) in self.data.items():
            target = element.get("dataObjectRef")
            if _local(element) == "dataObjectReference" and target:
                first_reference.setdefault(target, did)
        reads: dict[str, list[str]] = {}
        writes: dict[str, list[str]] = {}
        for pairs, table in ((self.reads, reads), (self.writes, writes)):
            for did, node in pairs:
                did = first_reference.get(did, did)
                if did in self.data and node not in table.setdefault(did, []):
                    table[did].append(node)
        for did, (element, pid) in self.data.items():
            if _local(element) == "dataObject" and did in referenced:
                continue   # shown through its references
            name = clean_name(element.get("name")) or self.data_object_names.get(
                element.get("dataObjectRef") or "", "")
            self.model.data_objects[did] = DataObject(did, name, pid, tuple(reads.get(did, ())),
                                                      tuple(writes.get(did, ())), element.sourceline)

    def _diagram(self) -> None:
        for shape in self.root.iter(_q("BPMNShape", BPMNDI_NS)):
            bounds = shape.find(_q("Bounds", DC_NS))
            element = shape.get("bpmnElement")
            if bounds is None or not element:
                continue
            try:
                self.model.shapes[element] = Shape(element, *(float(bounds.get(k, "0"))
                                                              for k in ("x", "y", "width", "height")))
            except ValueError:
                continue   # a broken coordinate: the diagram is laid out anew instead
        for edge in self.root.iter(_q("BPMNEdge", BPMNDI_NS)):
            element = edge.get("bpmnElement")
            try:
                points = tuple((float(p.get("x", "0")), float(p.get("y", "0")))
                               for p in edge.findall(_q("waypoint", DI_NS)))
            except ValueError:
                continue
            if element and points:
                self.model.edges[element] = Edge(element, points)


def read_tree(source: Source) -> etree._ElementTree:
    """The parsed XML of a BPMN file, refused with a finding when it is not one."""
    tree = _parse(source)
    _check_root(tree.getroot())
    return tree


def model_from_tree(tree: etree._ElementTree) -> ProcessModel:
    return _Reader(tree.getroot()).read()


def read_model(source: Source, *, lang: str | None = None) -> ProcessModel:
    """The process model in ``source`` (a path, XML text or bytes).

    Raises :class:`BpmnRefused` holding one finding (in ``lang``) when the file cannot be
    read as BPMN: hostile or broken XML, too large, or not a BPMN 2.0 ``definitions``.
    """
    try:
        return model_from_tree(read_tree(source))
    except BpmnRefused as refused:
        raise BpmnRefused(refused.finding.in_language(lang)) from None
