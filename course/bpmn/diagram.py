"""A BPMN model drawn as a self-contained SVG, in the notation people know from modellers.

Pools are horizontal bands with their name written vertically at the left, lanes are rows inside
them; tasks are rounded rectangles, start events thin circles, end events thick ones, intermediate
events double circles; gateways are diamonds marked X (exclusive), + (parallel), O (inclusive) or
a pentagon in a double circle (event-based); sequence flows are solid arrows, message flows dashed
ones that start with an open circle; documents are pages with a folded corner joined to their tasks
by dotted associations.

Nothing is fetched: no script, no external font, no link. Text names fonts installed with the
course's requirements (a CJK font for Chinese) and is wrapped by counting a wide character as two.
The file's own layout (BPMNDI) is used when it has one, :mod:`.layout` makes one otherwise.
"""
from __future__ import annotations

import hashlib
import math
import re
from html import escape

from ..charts import CSS_FONT_FAMILY
from ..i18n import _
from .layout import Band, Box, Layout, layout_of, straight
from .model import END, EVENT_BASED, EXCLUSIVE, GATEWAYS, INCLUSIVE, INTERMEDIATE, PARALLEL, START, SUBPROCESS
from .model import ProcessModel
from .text import wrap

INK = "#22292f"
LANE_INK = "#8a949e"
PAPER = "#ffffff"
WARNING_FILL = "#fde2dd"   # highlighted nodes: bottlenecks, elements a finding is about
WARNING_INK = "#c62828"
FONT_SIZE = 11.0
SMALL_FONT = 10.0
LINE_HEIGHT = 1.22
# A narrow character is about 0.58 em wide in the fonts named above; a wide (CJK) one about 1 em.
UNIT = 0.58
TITLE_HEIGHT = 30.0
CAPTION_HEIGHT = 22.0
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")   # not allowed in XML


def _clean(text: str) -> str:
    return _INVALID_XML.sub("", str(text))


def _attr(text: str) -> str:
    return escape(_clean(text), quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _points(points) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in points)


def _text(lines: list[str], x: float, y: float, size: float = FONT_SIZE, anchor: str = "middle",
          extra: str = "", fill: str = INK) -> str:
    """A block of lines whose first baseline is at ``y``."""
    step = size * LINE_HEIGHT
    spans = "".join(f'<tspan x="{_num(x)}" dy="{_num(0 if i == 0 else step)}">{escape(_clean(line))}</tspan>'
                    for i, line in enumerate(lines))
    return (f'<text x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}" text-anchor="{anchor}" '
            f'fill="{fill}"{extra}>{spans}</text>')


def _centred_text(lines: list[str], box: Box, size: float = FONT_SIZE) -> str:
    step = size * LINE_HEIGHT
    first = box.cy - step * (len(lines) - 1) / 2 + size * 0.35
    return _text(lines, box.cx, first, size)


def _label_below(name: str, box: Box, width: float = 110.0) -> str:
    if not name:
        return ""
    lines = wrap(name, int(width / (SMALL_FONT * UNIT)), 3)
    return _text(lines, box.cx, box.bottom + SMALL_FONT + 3, SMALL_FONT)


class _Ids:
    """Marker ids unique to one diagram, so that several diagrams on a page never share one."""

    def __init__(self, model: ProcessModel, title: str | None):
        digest = hashlib.sha1("\n".join([title or "", *model.nodes, *model.flows]).encode()).hexdigest()[:10]
        self.prefix = f"bpmn-{digest}"

    def __call__(self, name: str) -> str:
        return f"{self.prefix}-{name}"


def _defs(ids: _Ids) -> str:
    return (
        "<defs>"
        f'<marker id="{ids("arrow")}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker>'
        f'<marker id="{ids("warn-arrow")}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{WARNING_INK}"/></marker>'
        f'<marker id="{ids("open-arrow")}" viewBox="0 0 12 12" refX="11" refY="6" markerWidth="9" markerHeight="9" '
        f'orient="auto-start-reverse"><path d="M1,1 L11,6 L1,11 z" fill="{PAPER}" stroke="{INK}"/></marker>'
        f'<marker id="{ids("circle")}" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="8" markerHeight="8">'
        f'<circle cx="5" cy="5" r="4" fill="{PAPER}" stroke="{INK}"/></marker>'
        f'<marker id="{ids("thin-arrow")}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10" fill="none" stroke="{INK}"/></marker>'
        "</defs>"
    )


def _band(band: Band, kind: str) -> str:
    box = band.box
    name = band.name
    stroke = INK if kind == "pool" else LANE_INK
    parts = [f'<g class="bpmn-{kind}" data-element="{_attr(band.id)}">']
    if name:
        parts.append(f"<title>{escape(_clean(name))}</title>")
    if band.labelled:
        parts.append(f'<rect x="{_num(box.x)}" y="{_num(box.y)}" width="{_num(box.width)}" '
                     f'height="{_num(box.height)}" fill="none" stroke="{stroke}" stroke-width="1.2"/>')
        strip = min(30.0, box.width)
        parts.append(f'<line x1="{_num(box.x + strip)}" y1="{_num(box.y)}" x2="{_num(box.x + strip)}" '
                     f'y2="{_num(box.bottom)}" stroke="{stroke}" stroke-width="1"/>')
        if name:   # written vertically, bottom to top, centred in the strip
            lines = wrap(name, int((box.height - 8) / (FONT_SIZE * UNIT)), 2)
            step = FONT_SIZE * LINE_HEIGHT
            cx = box.x + strip / 2 - step * (len(lines) - 1) / 2 + FONT_SIZE * 0.35
            weight = ' font-weight="600"' if kind == "pool" else ""
            parts.append(_text(lines, cx, box.cy, FONT_SIZE,
                               extra=f' transform="rotate(-90 {_num(cx)} {_num(box.cy)})"{weight}'))
    parts.append("</g>")
    return "".join(parts)


def _node(model: ProcessModel, node_id: str, box: Box, warn: bool) -> str:
    node = model.nodes[node_id]
    fill = WARNING_FILL if warn else PAPER
    ink = WARNING_INK if warn else INK
    classes = "bpmn-node bpmn-highlight" if warn else "bpmn-node"
    parts = [f'<g class="{classes}" data-element="{_attr(node.id)}" data-kind="{_attr(node.kind)}">',
             f"<title>{escape(_clean(node.name or node.id))}</title>"]
    x, y, w, h, cx, cy = box.x, box.y, box.width, box.height, box.cx, box.cy
    if node.kind == START or node.kind == END or node.kind == INTERMEDIATE:
        r = min(w, h) / 2
        width = {START: 1.5, END: 4.0, INTERMEDIATE: 1.5}[node.kind]
        rr = r - 2 if node.kind == END else r   # a thick ring drawn inside the bounds
        parts.append(f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(rr)}" fill="{fill}" stroke="{ink}" '
                     f'stroke-width="{width}"/>')
        if node.kind == INTERMEDIATE:
            parts.append(f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(r - 3.5)}" fill="none" '
                         f'stroke="{ink}" stroke-width="1.2"/>')
        parts.append(_label_below(node.name, box))
    elif node.kind in GATEWAYS:
        parts.append(f'<polygon points="{_points([(cx, y), (x + w, cy), (cx, y + h), (x, cy)])}" fill="{fill}" '
                     f'stroke="{ink}" stroke-width="1.5"/>')
        parts.append(_gateway_marker(node.kind, cx, cy, min(w, h), ink))
        parts.append(_label_below(node.name, box))
    else:   # tasks of any type and sub-processes
        parts.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" rx="10" ry="10" '
                     f'fill="{fill}" stroke="{ink}" stroke-width="{2.5 if warn else 1.5}"/>')
        if node.kind == SUBPROCESS:   # the collapsed sub-process marker: a small boxed +
            mx, my = cx - 7, y + h - 16
            parts.append(f'<rect x="{_num(mx)}" y="{_num(my)}" width="14" height="14" fill="none" stroke="{ink}"/>'
                         f'<path d="M{_num(cx)},{_num(my + 3)} v8 M{_num(cx - 4)},{_num(my + 7)} h8" '
                         f'stroke="{ink}"/>')
        room = h - (22 if node.kind == SUBPROCESS else 8)
        lines = wrap(node.name, int((w - 10) / (FONT_SIZE * UNIT)), max(1, int(room // (FONT_SIZE * LINE_HEIGHT))))
        inner = Box(x, y, w, h - (14 if node.kind == SUBPROCESS else 0))
        parts.append(_centred_text(lines, inner))
    parts.append("</g>")
    return "".join(parts)


def _gateway_marker(kind: str, cx: float, cy: float, size: float, ink: str) -> str:
    d = size * 0.18
    if kind == EXCLUSIVE:
        return (f'<path d="M{_num(cx - d)},{_num(cy - d)} L{_num(cx + d)},{_num(cy + d)} '
                f'M{_num(cx + d)},{_num(cy - d)} L{_num(cx - d)},{_num(cy + d)}" stroke="{ink}" stroke-width="3"/>')
    if kind == PARALLEL:
        d *= 1.3
        return (f'<path d="M{_num(cx)},{_num(cy - d)} V{_num(cy + d)} M{_num(cx - d)},{_num(cy)} H{_num(cx + d)}" '
                f'stroke="{ink}" stroke-width="3"/>')
    if kind == INCLUSIVE:
        return f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(d * 1.3)}" fill="none" stroke="{ink}" stroke-width="2.5"/>'
    if kind == EVENT_BASED:
        r = d * 1.5
        pentagon = [(cx + r * 0.6 * math.sin(2 * math.pi * k / 5), cy - r * 0.6 * math.cos(2 * math.pi * k / 5))
                    for k in range(5)]
        return (f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(r)}" fill="none" stroke="{ink}"/>'
                f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(r - 2.5)}" fill="none" stroke="{ink}"/>'
                f'<polygon points="{_points(pentagon)}" fill="none" stroke="{ink}"/>')
    return ""


def _data_object(model: ProcessModel, data_id: str, box: Box, warn: bool, copy: bool = False) -> str:
    data = model.data_objects[data_id]
    fill = WARNING_FILL if warn else PAPER
    ink = WARNING_INK if warn else INK
    classes = "bpmn-data" + (" bpmn-data-copy" if copy else "") + (" bpmn-highlight" if warn else "")
    fold = min(10.0, box.width / 3)
    x, y, r, b = box.x, box.y, box.right, box.bottom
    page = _points([(x, y), (r - fold, y), (r, y + fold), (r, b), (x, b)])
    return (f'<g class="{classes}" data-element="{_attr(data.id)}"><title>{escape(_clean(data.name or data.id))}</title>'
            f'<polygon points="{page}" fill="{fill}" stroke="{ink}" stroke-width="1.3"/>'
            f'<path d="M{_num(r - fold)},{_num(y)} V{_num(y + fold)} H{_num(r)}" fill="none" stroke="{ink}"/>'
            f"{_label_below(data.name, box)}</g>")


def _associations(model: ProcessModel, layout: Layout, ids: _Ids) -> str:
    parts = []
    for data in model.data_objects.values():
        for node_id, output in [(n, False) for n in data.inputs_of] + [(n, True) for n in data.outputs_of]:
            task, page = layout.nodes.get(node_id), layout.data_box_for(data.id, node_id)
            if task is None or page is None:
                continue
            start, end = straight(task, page) if output else straight(page, task)
            parts.append(f'<line class="bpmn-association" x1="{_num(start[0])}" y1="{_num(start[1])}" '
                         f'x2="{_num(end[0])}" y2="{_num(end[1])}" stroke="{INK}" stroke-width="1.2" '
                         f'stroke-dasharray="2 3" marker-end="url(#{ids("thin-arrow")})"/>')
    return "".join(parts)


def _flow(model: ProcessModel, flow_id: str, points, ids: _Ids, warn: bool) -> str:
    flow = model.flows[flow_id]
    ink = WARNING_INK if warn else INK
    classes = f"bpmn-flow bpmn-{flow.kind}" + (" bpmn-highlight" if warn else "")
    if flow.kind == "message":
        style = (f'stroke-dasharray="7 4" marker-start="url(#{ids("circle")})" '
                 f'marker-end="url(#{ids("open-arrow")})"')
    else:
        style = f'marker-end="url(#{ids("warn-arrow" if warn else "arrow")})"'
    parts = [f'<g class="{classes}" data-element="{_attr(flow.id)}">']
    if flow.name:
        parts.append(f"<title>{escape(_clean(flow.name))}</title>")
    parts.append(f'<polyline points="{_points(points)}" fill="none" stroke="{ink}" '
                 f'stroke-width="{2.2 if warn else 1.3}" stroke-linejoin="round" {style}/>')
    if flow.name:
        parts.append(_flow_label(flow.name, points))
    parts.append("</g>")
    return "".join(parts)


def _flow_label(name: str, points) -> str:
    """The name beside the longest segment, on a white halo so that lines do not cross it."""
    segments = list(zip(points, points[1:]))
    (x1, y1), (x2, y2) = max(segments, key=lambda s: abs(s[1][0] - s[0][0]) + abs(s[1][1] - s[0][1]))
    lines = wrap(name, 18, 2)
    if abs(y2 - y1) < abs(x2 - x1):   # horizontal: above the line
        x, y, anchor = (x1 + x2) / 2, y1 - 5 - SMALL_FONT * LINE_HEIGHT * (len(lines) - 1), "middle"
    else:                              # vertical: to its right
        x, y, anchor = x1 + 5, (y1 + y2) / 2, "start"
    return _text(lines, x, y, SMALL_FONT, anchor,
                 extra=f' stroke="{PAPER}" stroke-width="3" paint-order="stroke" stroke-linejoin="round"')


def diagram_svg(model: ProcessModel, *, lang: str | None = None, highlight=(), title: str | None = None) -> str:
    """The model as an SVG document (a string): the file's layout when it has one, an automatic
    one otherwise. ``highlight`` holds ids of nodes (or documents, or flows) to draw in the warning
    colour; ids the model does not hold are ignored (a finding may name an element not drawn)."""
    if not isinstance(model, ProcessModel):
        raise TypeError(f"diagram_svg draws a ProcessModel (from course.bpmn.read_model), not {type(model).__name__}")
    if isinstance(highlight, str):
        highlight = (highlight,)
    warn = set(highlight or ())
    layout = layout_of(model)
    ids = _Ids(model, title)
    top = TITLE_HEIGHT if title else 0.0
    caption = ""
    if layout.automatic and model.nodes:
        caption = (_("Laid out automatically: the file's diagram layout leaves out some elements.", lang)
                   if model.has_layout else _("Laid out automatically: the file has no diagram layout.", lang))
    width = max(layout.width, 240.0)
    height = layout.height + top + (CAPTION_HEIGHT if caption else 0.0)
    label = title or _("BPMN process diagram", lang)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(width)} {_num(height)}" '
           f'width="{_num(width)}" height="{_num(height)}" role="img" aria-label="{_attr(label)}" '
           f'font-family="{_attr(CSS_FONT_FAMILY)}" font-size="{_num(FONT_SIZE)}">',
           f"<title>{escape(_clean(label))}</title>", _defs(ids),
           f'<rect width="{_num(width)}" height="{_num(height)}" fill="{PAPER}"/>']
    if title:
        out.append(_text(wrap(title, int((width - 40) / (14 * UNIT)), 1), 20, 20, 14, "start",
                         extra=' font-weight="600"'))
    out.append(f'<g transform="translate(0 {_num(top)})">')
    out.extend(_band(band, "pool") for band in layout.pools)
    out.extend(_band(band, "lane") for band in layout.lanes)
    out.append(_associations(model, layout, ids))
    out.extend(_flow(model, f, points, ids, f in warn) for f, points in layout.flows.items())
    on_top = getattr(model, "attached", {})   # boundary events are drawn over their activities
    out.extend(_node(model, n, box, n in warn) for n, box in sorted(layout.nodes.items(), key=lambda i: i[0] in on_top))
    out.extend(_data_object(model, d, box, d in warn) for d, box in layout.data_objects.items())
    out.extend(_data_object(model, d, box, d in warn, copy=True) for (d, _n), box in layout.data_copies.items())
    out.append("</g>")
    if caption:
        out.append(_text([caption], 20, height - 8, SMALL_FONT, "start", fill="#5f6b76"))
    out.append("</svg>")
    return "".join(out)


class Diagram(str):
    """HTML holding a diagram: shown by Jupyter as it is, usable as an ``ipywidgets.HTML`` value."""

    def _repr_html_(self) -> str:
        return str(self)


def diagram_html(model: ProcessModel, *, lang: str | None = None, highlight=(), title: str | None = None,
                 min_scale: float = 0.6) -> Diagram:
    """The diagram for a notebook or a Voila page: as wide as the page, never wider than its own
    size, and never shrunk below ``min_scale`` of it: a larger model scrolls sideways instead."""
    svg = diagram_svg(model, lang=lang, highlight=highlight, title=title)
    width = float(re.search(r'width="([0-9.]+)"', svg).group(1))
    sized = svg.replace("<svg ", f'<svg style="display:block;width:100%;height:auto;max-width:{_num(width)}px;'
                                 f'min-width:{_num(width * min_scale)}px" ', 1)
    return Diagram(f'<div class="bpmn-diagram" style="width:100%;overflow-x:auto;overflow-y:hidden">{sized}</div>')
