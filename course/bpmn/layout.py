"""Where each element of a BPMN model is drawn: the file's own diagram layout, or one made here.

A modeller's export carries BPMNDI (bounds of shapes, waypoints of edges) and :func:`layout_of`
uses it as it is. A file without it (or with shapes missing) is laid out automatically, so that
it still reads as a diagram:

- every pool is a horizontal band, every lane a row inside it (nodes in no lane get a row of
  their own);
- nodes go in columns by their longest path from the start (a layered layout): sequence and
  message flows both push a node to the right of what comes before it; flows that close a loop
  are found by a depth-first search and left out of that count;
- nodes that share a row and a column are stacked in slots; a document goes in the slot below
  the task that writes it (or reads it), and is drawn again below any other task that uses it
  when that task is further than the next column or in another row;
- flows are orthogonal polylines: forward flows turn in the gap between columns, loops run back
  along the bottom of the row, message flows turn in the gap between pools.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import EVENTS, GATEWAYS, ProcessModel

# Sizes, in SVG user units (about pixels at 100 %).
TASK_SIZE = (120.0, 64.0)
EVENT_SIZE = (36.0, 36.0)
GATEWAY_SIZE = (50.0, 50.0)
DATA_SIZE = (36.0, 46.0)
MARGIN = 20.0
POOL_LABEL = 30.0      # the strip at the left of a pool that holds its name, written vertically
LANE_LABEL = 30.0      # the same for a lane
ATTACHED = "\0attached:"   # marks the link from an activity to a boundary event (no flow has this id)
COLUMN = 170.0         # a column: the widest node (a task) and the gap where flows turn
SLOT = 100.0           # a slot in a row: a node, its label below, room to breathe
CHANNEL = 14.0         # below the slots of a row: where loops run back
BLACK_BOX = 70.0       # the height of a pool drawn without its process
POOL_GAP = 36.0        # between pools: where message flows turn
PAD = 16.0             # between the label strips and the first column


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2

    def overlaps(self, other: Box) -> bool:
        """True when the two boxes share some area (touching edges do not count)."""
        return (self.x < other.right and other.x < self.right
                and self.y < other.bottom and other.y < self.bottom)

    def contains(self, other: Box) -> bool:
        return (self.x <= other.x and self.y <= other.y
                and other.right <= self.right and other.bottom <= self.bottom)

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.x + dx, self.y + dy, self.width, self.height)


@dataclass(frozen=True)
class Band:
    """A pool or a lane as drawn: its element id (a pool, a lane, or a process without a pool),
    its name and its box; ``labelled`` is False for a process drawn without a pool around it."""

    id: str
    name: str
    box: Box
    labelled: bool = True


@dataclass
class Layout:
    nodes: dict[str, Box] = field(default_factory=dict)
    data_objects: dict[str, Box] = field(default_factory=dict)
    flows: dict[str, tuple[tuple[float, float], ...]] = field(default_factory=dict)
    pools: list[Band] = field(default_factory=list)
    lanes: list[Band] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0
    automatic: bool = False
    columns: dict[str, int] = field(default_factory=dict)   # automatic layout only
    back_flows: frozenset[str] = frozenset()                 # flows that close a loop (automatic only)
    # (document, node) -> a copy of the document drawn beside a node far from the document's own
    # place, as modellers draw a document again rather than pull a line across the diagram.
    data_copies: dict[tuple[str, str], Box] = field(default_factory=dict)

    def data_box_for(self, data: str, node: str) -> Box | None:
        """Where the document is drawn for a task that reads or writes it."""
        return self.data_copies.get((data, node), self.data_objects.get(data))

    def box_of(self, element: str) -> Box | None:
        """The box of a node, a document or a pool (for message flows that end at a pool)."""
        if element in self.nodes:
            return self.nodes[element]
        if element in self.data_objects:
            return self.data_objects[element]
        for band in self.pools:
            if band.id == element:
                return band.box
        return None


def node_size(kind: str) -> tuple[float, float]:
    if kind in EVENTS:
        return EVENT_SIZE
    if kind in GATEWAYS:
        return GATEWAY_SIZE
    return TASK_SIZE


def layout_of(model: ProcessModel) -> Layout:
    """The file's diagram layout when it places every node, an automatic one otherwise."""
    if model.has_layout and all(node in model.shapes for node in model.nodes):
        return _from_interchange(model)
    return automatic_layout(model)


# ---------------------------------------------------------------------------------------------
# The file's own layout (BPMNDI)

def _from_interchange(model: ProcessModel) -> Layout:
    def box(element: str) -> Box:
        s = model.shapes[element]
        return Box(s.x, s.y, max(s.width, 1.0), max(s.height, 1.0))

    layout = Layout()
    layout.nodes = {n: box(n) for n in model.nodes}
    layout.data_objects = {d: box(d) for d in model.data_objects if d in model.shapes}
    layout.pools = [Band(p.id, p.name, box(p.id)) for p in model.pools.values() if p.id in model.shapes]
    layout.lanes = [Band(lane.id, lane.name, box(lane.id)) for lane in model.lanes.values()
                    if lane.id in model.shapes]
    for flow in model.flows.values():
        edge = model.edges.get(flow.id)
        if edge is not None and len(edge.points) >= 2:
            layout.flows[flow.id] = tuple((float(x), float(y)) for x, y in edge.points)
        else:  # a flow the file does not draw: a straight line between the two shapes
            a, b = layout.box_of(flow.source), layout.box_of(flow.target)
            if a is not None and b is not None:
                layout.flows[flow.id] = straight(a, b)
    # Shift everything so that the drawing starts at the margin (modellers use any origin).
    boxes = [*layout.nodes.values(), *layout.data_objects.values(),
             *(b.box for b in layout.pools), *(b.box for b in layout.lanes)]
    points = [p for line in layout.flows.values() for p in line]
    left = min([b.x for b in boxes] + [p[0] for p in points])
    top = min([b.y for b in boxes] + [p[1] for p in points])
    # Labels of events and gateways hang below their shapes: leave room for them at the bottom.
    right = max([b.right for b in boxes] + [p[0] for p in points])
    bottom = max([b.bottom for b in boxes] + [p[1] for p in points]) + 30
    dx, dy = MARGIN - left, MARGIN - top
    layout.nodes = {k: b.moved(dx, dy) for k, b in layout.nodes.items()}
    layout.data_objects = {k: b.moved(dx, dy) for k, b in layout.data_objects.items()}
    layout.pools = [Band(b.id, b.name, b.box.moved(dx, dy)) for b in layout.pools]
    layout.lanes = [Band(b.id, b.name, b.box.moved(dx, dy)) for b in layout.lanes]
    layout.flows = {k: tuple((x + dx, y + dy) for x, y in line) for k, line in layout.flows.items()}
    layout.width, layout.height = right - left + 2 * MARGIN, bottom - top + 2 * MARGIN
    return layout


def straight(a: Box, b: Box) -> tuple[tuple[float, float], ...]:
    """A straight line between the borders of two boxes, along the line of their centres."""
    return (_border_point(a, b.cx, b.cy), _border_point(b, a.cx, a.cy))


def _border_point(box: Box, tx: float, ty: float) -> tuple[float, float]:
    dx, dy = tx - box.cx, ty - box.cy
    if dx == 0 and dy == 0:
        return box.cx, box.cy
    scale = min(box.width / 2 / abs(dx) if dx else float("inf"), box.height / 2 / abs(dy) if dy else float("inf"))
    return box.cx + dx * scale, box.cy + dy * scale


# ---------------------------------------------------------------------------------------------
# An automatic layout

@dataclass
class _Row:
    id: str            # a lane id, or "<process>#" for the nodes of a process in no lane
    name: str
    pool: str          # the band it belongs to
    slots: int = 1
    y: float = 0.0


def automatic_layout(model: ProcessModel) -> Layout:
    columns, back = _columns(model)
    pools, rows, row_of = _rows(model)
    attached = _attached(model)
    cells, data_cells = _cells(model, columns, rows, row_of, attached)
    for (row, _column), items in cells.items():
        rows[row].slots = max(rows[row].slots, len(items))
    x_content = MARGIN + POOL_LABEL + LANE_LABEL + PAD
    width = x_content + (max(columns.values(), default=0) + 1) * COLUMN + MARGIN
    layout = Layout(automatic=True, columns=columns, back_flows=frozenset(back), width=width)
    _bands(model, layout, pools, rows)

    for (row_id, column), items in cells.items():
        row = rows[row_id]
        for slot, item in enumerate(items):
            is_data = isinstance(item, tuple) or item in data_cells
            w, h = DATA_SIZE if is_data else node_size(model.nodes[item].kind)
            cx = x_content + column * COLUMN + TASK_SIZE[0] / 2
            cy = row.y + slot * SLOT + 40
            box = Box(cx - w / 2, cy - h / 2, w, h)
            if isinstance(item, tuple):
                layout.data_copies[item] = box
            else:
                (layout.data_objects if is_data else layout.nodes)[item] = box
    for event, host in attached.items():   # on the lower edge of the activity, towards its right
        w, h = node_size(model.nodes[event].kind)
        box = layout.nodes[host]
        layout.nodes[event] = Box(box.x + box.width * 0.75 - w / 2, box.bottom - h / 2, w, h)

    _route_flows(model, layout, rows, row_of, x_content)
    return layout


def _cells(model: ProcessModel, columns, rows, row_of, attached):
    """What each cell (row, column) holds, top to bottom: node ids, document ids, and
    (document, node) copies of a document beside a node far from it; and the cell of each document."""
    cells: dict[tuple[str, int], list] = {}
    for node in _in_column_order(model, columns):
        if node not in attached:
            cells.setdefault((row_of[node], columns[node]), []).append(node)
    data_cells: dict[str, tuple[str, int]] = {}
    for data in model.data_objects.values():
        anchor = next((n for n in (*data.outputs_of, *data.inputs_of) if n in model.nodes), None)
        if anchor is not None:
            cell = (row_of[anchor], columns[anchor])
        else:  # a document no task uses: at the start of its process
            first = next((r for r in rows.values() if r.pool in (data.process, _pool_key(model, data.process))), None)
            if first is None:
                continue
            cell = (first.id, 0)
        cells.setdefault(cell, []).append(data.id)
        data_cells[data.id] = cell
        for node in dict.fromkeys((*data.outputs_of, *data.inputs_of)):
            if node not in model.nodes or node == anchor:
                continue
            near = (row_of[node], columns[node])
            if near[0] != cell[0] or abs(near[1] - cell[1]) > 1:
                cells.setdefault(near, []).append((data.id, node))
    return cells, data_cells


def _bands(model: ProcessModel, layout: Layout, pools, rows) -> None:
    """Pools one under the other, their rows (lanes) inside, as tall as their slots need."""
    width = layout.width
    y = MARGIN
    for pool_id, (name, labelled) in pools.items():
        pool_rows = [r for r in rows.values() if r.pool == pool_id]
        has_lanes = any(r.id in model.lanes for r in pool_rows)
        top = y
        for row in pool_rows:
            row.y = y
            height = row.slots * SLOT + CHANNEL
            if has_lanes:
                layout.lanes.append(Band(row.id, row.name, Box(MARGIN + POOL_LABEL, y, width - MARGIN * 2 - POOL_LABEL,
                                                               height), labelled=row.id in model.lanes))
            y += height
        if not pool_rows:  # a pool without a process (a "black box"): an empty band
            y += BLACK_BOX
        layout.pools.append(Band(pool_id, name, Box(MARGIN, top, width - 2 * MARGIN, y - top), labelled=labelled))
        y += POOL_GAP
    layout.height = y - POOL_GAP + MARGIN


def _route_flows(model: ProcessModel, layout: Layout, rows, row_of, x_content: float) -> None:
    """An orthogonal route for every flow: of the usual routes of its kind, the first that runs
    through no shape (or the first one when every route does)."""
    columns, back = layout.columns, layout.back_flows
    # What a route must not run through, by column, so that a route is checked against its columns only.
    obstacles: dict[int, list[tuple[str, Box]]] = {}
    for element, box in [*layout.nodes.items(), *layout.data_objects.items(),
                         *((data, box) for (data, _node), box in layout.data_copies.items())]:
        obstacles.setdefault(int((box.cx - x_content) // COLUMN), []).append((element, box))

    def gap(element: str, right: bool) -> float:
        """The x of the gap beside an element's column, where lines can run up and down freely."""
        left = x_content + columns.get(element, 0) * COLUMN
        half = (COLUMN - TASK_SIZE[0]) / 2
        return left + TASK_SIZE[0] + half if right else left - half

    for flow in model.flows.values():
        a, b = layout.box_of(flow.source), layout.box_of(flow.target)
        if a is None or b is None:
            continue  # a flow to an element that is not drawn (a broken file): nothing to join
        if flow.kind == "message":
            candidates = _message_routes(a, b, model, flow, layout, gap)
        elif flow.source not in model.nodes or flow.target not in model.nodes:
            candidates = [straight(a, b)]   # a sequence flow to a pool or a document (a broken file)
        elif flow.id in back or columns[flow.target] <= columns[flow.source]:
            # A loop runs back along the bottom of the lower row.
            lower = max(rows[row_of[flow.source]], rows[row_of[flow.target]], key=lambda r: r.y)
            channel = lower.y + lower.slots * SLOT + CHANNEL / 2
            exits = [((a.cx, a.bottom), (a.cx, channel)),
                     ((a.right, a.cy), (gap(flow.source, True), a.cy), (gap(flow.source, True), channel))]
            entries = [((b.cx, channel), (b.cx, b.bottom)),
                       ((gap(flow.target, False), channel), (gap(flow.target, False), b.cy), (b.x, b.cy))]
            candidates = [(*out, *into) for out in exits for into in entries]
            if flow.source == flow.target:
                candidates.reverse()
        else:
            candidates = _forward_routes(a, b, model.nodes[flow.source].kind, model.nodes[flow.target].kind,
                                         gap(flow.source, True))
        ends = {flow.source, flow.target}
        xs = [x for route in candidates for x, _y in route]
        blocking = [box for column in range(int((min(xs) - x_content) // COLUMN), int((max(xs) - x_content) // COLUMN) + 1)
                    for element, box in obstacles.get(column, ()) if element not in ends]
        layout.flows[flow.id] = next((route for route in candidates if not _crosses(route, blocking)), candidates[0])


def _crosses(route, boxes: list[Box]) -> bool:
    """True when an orthogonal route runs through one of the boxes."""
    for (x1, y1), (x2, y2) in zip(route, route[1:]):
        low_x, high_x, low_y, high_y = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
        for box in boxes:
            if x1 == x2 and box.x < x1 < box.right and low_y < box.bottom and box.y < high_y:
                return True
            if y1 == y2 and box.y < y1 < box.bottom and low_x < box.right and box.x < high_x:
                return True
    return False


def _pool_key(model: ProcessModel, process: str) -> str:
    """The band that holds a process: its pool, or the process itself when it has no pool."""
    return next((p.id for p in model.pools.values() if p.process == process), process)


def _rows(model: ProcessModel):
    """The bands (pool id -> (name, labelled)), the rows in drawing order and the row of each node."""
    pools: dict[str, tuple[str, bool]] = {}
    for pool in model.pools.values():
        pools[pool.id] = (pool.name, True)
    processes = list(model.processes) + sorted({n.process for n in model.nodes.values()} - set(model.processes))
    for process in processes:
        if _pool_key(model, process) == process:
            pools[process] = ("", False)
    rows: dict[str, _Row] = {}
    row_of: dict[str, str] = {}
    for pool_id in pools:
        process = model.pools[pool_id].process if pool_id in model.pools else pool_id
        if process is None:
            continue
        members = [n for n in model.nodes.values() if n.process == process]
        used = {n.lane for n in members}
        for lane in model.lanes.values():
            # A lane that only holds other lanes (its nodes all sit in a child lane) gets no row.
            if lane.process == process and (lane.id in used or not lane.nodes):
                rows[lane.id] = _Row(lane.id, lane.name, pool_id)
        for node in members:
            if node.lane in rows:
                row_of[node.id] = node.lane
            else:
                key = f"{process}#"
                rows.setdefault(key, _Row(key, "", pool_id))
                row_of[node.id] = key
    # Keep the rows grouped by band, in the bands' order.
    order = list(pools)
    rows = dict(sorted(rows.items(), key=lambda item: order.index(item[1].pool)))
    return pools, rows, row_of


def _columns(model: ProcessModel) -> tuple[dict[str, int], set[str]]:
    """The column of every node (longest path from a start) and the flows that close a loop."""
    successors: dict[str, list[tuple[str, str]]] = {n: [] for n in model.nodes}
    has_incoming: set[str] = set()
    for flow in model.flows.values():
        if flow.source in model.nodes and flow.target in model.nodes and flow.source != flow.target:
            successors[flow.source].append((flow.target, flow.id))
            has_incoming.add(flow.target)
    # A boundary event sits on its activity: in the same column, before what follows it.
    attached = _attached(model)
    for event, host in attached.items():
        successors[host].insert(0, (event, ATTACHED + event))
        has_incoming.add(event)
    roots = ([n.id for n in model.nodes.values() if n.kind == "startEvent"]
             + [n for n in model.nodes if n not in has_incoming] + list(model.nodes))
    # Depth-first search without recursion (a large model must not hit the recursion limit).
    state: dict[str, int] = {}        # 1 on the current path, 2 finished
    back: set[str] = {f.id for f in model.flows.values() if f.source == f.target}
    finished: list[str] = []
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(successors[root]))]
        while stack:
            node, children = stack[-1]
            for child, flow_id in children:
                if state.get(child) == 1:
                    back.add(flow_id)
                elif child not in state:
                    state[child] = 1
                    stack.append((child, iter(successors[child])))
                    break
            else:
                state[node] = 2
                finished.append(node)
                stack.pop()
    column = {n: 0 for n in model.nodes}
    for node in reversed(finished):   # reverse post-order: a topological order of the DAG
        for child, flow_id in successors[node]:
            if flow_id not in back:
                column[child] = max(column[child], column[node] + (0 if flow_id.startswith(ATTACHED) else 1))
    for event, host in attached.items():
        column[event] = column[host]
    return column, {flow for flow in back if not flow.startswith(ATTACHED)}


def _attached(model: ProcessModel) -> dict[str, str]:
    """Boundary events and the activities they are attached to (both drawn)."""
    return {event: host for event, host in getattr(model, "attached", {}).items()
            if event in model.nodes and host in model.nodes and event != host}


def _in_column_order(model: ProcessModel, columns: dict[str, int]) -> list[str]:
    """Nodes by column, and within a column in the file's order (which keeps branches together)."""
    order = {n: i for i, n in enumerate(model.nodes)}
    return sorted(model.nodes, key=lambda n: (columns[n], order[n]))


def _forward_routes(a: Box, b: Box, source_kind: str, target_kind: str, source_gap: float):
    """Routes from a node to one in a later column, the most usual-looking first."""
    if abs(a.cy - b.cy) < 0.5:
        return [((a.right, a.cy), (b.x, b.cy))]
    down = b.cy > a.cy
    routes = []
    if source_kind in GATEWAYS:   # a split leaves the diamond by its top or bottom corner
        routes.append(((a.cx, a.bottom if down else a.y), (a.cx, b.cy), (b.x, b.cy)))
    if target_kind in GATEWAYS:   # a join enters the diamond by its top or bottom corner
        routes.append(((a.right, a.cy), (b.cx, a.cy), (b.cx, b.y if down else b.bottom)))
    for turn in (b.x - (COLUMN - TASK_SIZE[0]) / 2, source_gap):
        routes.append(((a.right, a.cy), (turn, a.cy), (turn, b.cy), (b.x, b.cy)))
    return routes


def _message_routes(a: Box, b: Box, model: ProcessModel, flow, layout: Layout, gap):
    """Routes of a message flow: straight up or down, turning in the gap between pools; when
    something is in the way, along the gaps between columns."""
    # An end that is a whole pool is met straight above or below the other end.
    source_is_pool, target_is_pool = flow.source in model.pools, flow.target in model.pools
    ax = b.cx if source_is_pool and not target_is_pool else a.cx
    bx = a.cx if target_is_pool and not source_is_pool else b.cx
    ax, bx = min(max(ax, a.x), a.right), min(max(bx, b.x), b.right)
    down = b.cy >= a.cy
    start = (ax, a.bottom if down else a.y)
    end = (bx, b.y if down else b.bottom)
    # Turn in the gap just before the target's pool.
    target_band = next((band.box for band in layout.pools if band.box.y <= b.cy <= band.box.bottom), b)
    turn = target_band.y - POOL_GAP / 2 if down else target_band.bottom + POOL_GAP / 2
    routes = [(start, end)] if abs(ax - bx) < 0.5 else []
    routes.append((start, (ax, turn), (bx, turn), end))
    step = 12.0 if down else -12.0
    exits = [((ax, turn),)]
    if not source_is_pool:
        side = gap(flow.source, bx >= ax)
        exits.append(((ax, start[1] + step), (side, start[1] + step), (side, turn)))
    entries = [((bx, turn),)]
    if not target_is_pool:
        side = gap(flow.target, ax > bx)
        entries.append(((side, turn), (side, end[1] - step), (bx, end[1] - step)))
    routes.extend((start, *out, *into, end) for out in exits for into in entries if len(out) + len(into) > 2)
    return routes
