"""BPMN diagrams (SVG, offline), their automatic layout, the schedule of a procedure and the
time-procedure chart."""
from __future__ import annotations

import re
import warnings
from itertools import combinations

import pytest
from lxml import etree

from course.bpmn.diagram import WARNING_FILL, diagram_html, diagram_svg
from course.bpmn.gantt import time_procedure_chart
from course.bpmn.layout import automatic_layout, layout_of
from course.bpmn.model import DataObject, Edge, Flow, Lane, Node, Pool, ProcessModel, Shape
from course.bpmn.schedule import ScheduleError, schedule
from course.bpmn.text import text_units, wrap
from course.charts import png

SVG = "{http://www.w3.org/2000/svg}"


def build(nodes, flows, lanes=(), pools=(), data=(), shapes=(), edges=(), processes=None) -> ProcessModel:
    """A model from short tuples: nodes (id, name, kind, process, lane), flows (id, source, target,
    kind, name), lanes (id, name, process), pools (id, name, process), data (id, name, process,
    inputs_of, outputs_of)."""
    node_map = {n[0]: Node(n[0], n[1], n[2], n[3], n[4], None) for n in nodes}
    return ProcessModel(
        nodes=node_map,
        flows={f[0]: Flow(f[0], f[4] if len(f) > 4 else "", f[1], f[2], f[3], None, None) for f in flows},
        lanes={lane[0]: Lane(lane[0], lane[1], lane[2], tuple(n for n in node_map if node_map[n].lane == lane[0]))
               for lane in lanes},
        pools={p[0]: Pool(*p) for p in pools},
        data_objects={d[0]: DataObject(d[0], d[1], d[2], tuple(d[3]), tuple(d[4]), None) for d in data},
        shapes={s.element: s for s in shapes},
        edges={e.element: e for e in edges},
        processes=tuple(processes if processes is not None else dict.fromkeys(n[3] for n in nodes)),
    )


def export_model() -> ProcessModel:
    """An exporter and customs, with a bank as a black-box pool: a split, a join, a loop back for a
    correction, message flows between the pools and documents, and no diagram layout."""
    nodes = [
        ("start", "Order received", "startEvent", "exp", "sales"),
        ("invoice", "Prepare commercial invoice", "task", "exp", "sales"),
        ("split", "", "parallelGateway", "exp", "sales"),
        ("pack", "Pack and label the bags", "task", "exp", "warehouse"),
        ("lc", "Present documents to the bank", "task", "exp", "sales"),
        ("join", "", "parallelGateway", "exp", "sales"),
        ("declare", "Lodge export declaration", "task", "exp", "sales"),
        ("wait", "Release notice received", "intermediateEvent", "exp", "sales"),
        ("end", "Goods shipped", "endEvent", "exp", "warehouse"),
        ("c_start", "Declaration received", "startEvent", "cus", "officer"),
        ("check", "Check the declaration", "task", "cus", "officer"),
        ("ok", "Complete?", "exclusiveGateway", "cus", "officer"),
        ("ask", "Ask for a correction", "task", "cus", "officer"),
        ("release", "Release the goods", "task", "cus", "officer"),
        ("c_end", "Released", "endEvent", "cus", "officer"),
    ]
    flows = [
        ("f1", "start", "invoice", "sequence"), ("f2", "invoice", "split", "sequence"),
        ("f3", "split", "pack", "sequence"), ("f4", "split", "lc", "sequence"),
        ("f5", "pack", "join", "sequence"), ("f6", "lc", "join", "sequence"),
        ("f7", "join", "declare", "sequence"), ("f8", "declare", "wait", "sequence"),
        ("f9", "wait", "end", "sequence"),
        ("g1", "c_start", "check", "sequence"), ("g2", "check", "ok", "sequence"),
        ("g3", "ok", "release", "sequence", "yes"), ("g4", "ok", "ask", "sequence", "no"),
        ("g5", "ask", "check", "sequence"), ("g6", "release", "c_end", "sequence"),
        ("m1", "declare", "c_start", "message", "export declaration"),
        ("m2", "release", "wait", "message", "release notice"),
        ("m3", "lc", "bank", "message", "documents"),
    ]
    lanes = [("sales", "Export manager", "exp"), ("warehouse", "Warehouse", "exp"),
             ("officer", "Declaration officer", "cus")]
    pools = [("p_exp", "Exporter", "exp"), ("p_cus", "Customs", "cus"), ("bank", "Bank", None)]
    data = [("d_inv", "Commercial invoice", "exp", ["declare"], ["invoice"]),
            ("d_ed", "Export declaration", "exp", [], ["declare"])]
    return build(nodes, flows, lanes, pools, data)


def chinese_model() -> ProcessModel:
    nodes = [("s", "收到订单", "startEvent", "p", "l1"),
             ("t1", "向海关提交出口报关单并附上商业发票和装箱单", "task", "p", "l1"),
             ("t2", "申请原产地证书", "task", "p", "l2"),
             ("e", "货物放行", "endEvent", "p", "l2")]
    flows = [("a", "s", "t1", "sequence"), ("b", "t1", "t2", "sequence", "报关单已受理"), ("c", "t2", "e", "sequence")]
    return build(nodes, flows, [("l1", "出口商", "p"), ("l2", "报关行", "p")], [("pool", "大米出口", "p")],
                 [("doc", "原产地证书", "p", [], ["t2"])])


def parse(svg: str):
    return etree.fromstring(svg.encode())


def groups(root, cls: str):
    return [g for g in root.iter(f"{SVG}g") if cls in (g.get("class") or "").split()]


def title_of(group) -> str:
    return group.find(f"{SVG}title").text


# --- the SVG --------------------------------------------------------------------------------

def test_svg_parses_with_one_shape_per_node_flow_and_document():
    model = export_model()
    root = parse(diagram_svg(model, title="Export of milled rice"))
    assert root.tag == f"{SVG}svg"
    nodes = groups(root, "bpmn-node")
    assert sorted(g.get("data-element") for g in nodes) == sorted(model.nodes)
    flows = groups(root, "bpmn-flow")
    assert sorted(g.get("data-element") for g in flows) == sorted(model.flows)
    assert {g.get("data-element") for g in groups(root, "bpmn-message")} == {"m1", "m2", "m3"}
    documents = [g for g in groups(root, "bpmn-data") if "bpmn-data-copy" not in g.get("class")]
    assert sorted(g.get("data-element") for g in documents) == ["d_ed", "d_inv"]
    # the invoice is read three columns further on: it is drawn again there, not pulled across
    assert [g.get("data-element") for g in groups(root, "bpmn-data-copy")] == ["d_inv"]
    assert {g.get("data-element") for g in groups(root, "bpmn-pool")} == {"p_exp", "p_cus", "bank"}
    assert {g.get("data-element") for g in groups(root, "bpmn-lane")} == {"sales", "warehouse", "officer"}
    # a document is joined to the task that writes it and to the one that reads it
    assert len(root.findall(f".//{SVG}line[@class='bpmn-association']")) == 3


def test_every_kind_has_its_notation():
    root = parse(diagram_svg(export_model()))
    by_id = {g.get("data-element"): g for g in groups(root, "bpmn-node")}
    assert by_id["invoice"].find(f"{SVG}rect").get("rx") == "10"                 # rounded task
    start, end = by_id["start"].find(f"{SVG}circle"), by_id["end"].find(f"{SVG}circle")
    assert float(start.get("stroke-width")) < float(end.get("stroke-width"))     # thin and thick
    assert len(by_id["wait"].findall(f"{SVG}circle")) == 2                       # double circle
    assert by_id["split"].find(f"{SVG}polygon") is not None                      # a diamond
    assert by_id["ok"].find(f"{SVG}path") is not None                            # with its X
    message = groups(root, "bpmn-message")[0].find(f"{SVG}polyline")
    assert message.get("stroke-dasharray") and "circle" in message.get("marker-start")
    sequence = groups(root, "bpmn-sequence")[0].find(f"{SVG}polyline")
    assert sequence.get("stroke-dasharray") is None and "arrow" in sequence.get("marker-end")


def test_names_appear_in_full_and_in_the_drawn_text():
    model = export_model()
    root = parse(diagram_svg(model))
    for group in groups(root, "bpmn-node"):
        node = model.nodes[group.get("data-element")]
        assert title_of(group) == (node.name or node.id)
        drawn = "".join("".join(t.itertext()) for t in group.iter(f"{SVG}text"))
        assert drawn.replace(" ", "") == node.name.replace(" ", "")
    pools = "".join(t for g in groups(root, "bpmn-pool") for t in g.itertext())
    assert "Exporter" in pools and "Customs" in pools and "Bank" in pools
    flow_text = "".join(t for g in groups(root, "bpmn-flow") for t in g.itertext())
    assert "release notice" in flow_text and "yes" in flow_text


def test_nothing_is_fetched_and_nothing_runs():
    svg = diagram_svg(export_model(), title="Export")
    assert re.findall(r"https?://[^\s\"']+", svg) == ["http://www.w3.org/2000/svg"]
    assert "<script" not in svg and "href" not in svg and "@import" not in svg and "<image" not in svg
    assert set(re.findall(r"url\(([^)]*)\)", svg)) <= {f"#{m}" for m in re.findall(r'<marker id="([^"]+)"', svg)}


def test_hostile_names_are_text_not_markup():
    model = build([("s", "<script>alert(1)</script> & \"x\"", "startEvent", "p", None),
                   ("t", "Check ]]> <b>\x07\ud800", "task", "p", None)], [("f", "s", "t", "sequence", "<i>")])
    svg = diagram_svg(model, title="<svg onload=x>")
    root = parse(svg)
    assert "<script" not in svg and "<b>" not in svg and "<svg onload" not in svg
    assert title_of(groups(root, "bpmn-node")[0]) == "<script>alert(1)</script> & \"x\""


def test_highlight_draws_the_named_nodes_in_the_warning_colour():
    model = export_model()
    root = parse(diagram_svg(model, highlight=("check", "d_inv", "no-such-element")))
    marked = {g.get("data-element") for g in root.iter(f"{SVG}g") if "bpmn-highlight" in (g.get("class") or "")}
    assert marked == {"check", "d_inv"}
    by_id = {g.get("data-element"): g for g in groups(root, "bpmn-node")}
    assert by_id["check"].find(f"{SVG}rect").get("fill") == WARNING_FILL
    assert all(by_id[n].find(f"{SVG}rect").get("fill") != WARNING_FILL for n in ("invoice", "release", "ask"))


def test_a_chinese_model_renders_with_its_names_and_a_cjk_font():
    model = chinese_model()
    svg = diagram_svg(model, lang="zh_Hans")
    root = parse(svg)
    assert "Noto Sans CJK SC" in root.get("font-family")
    by_id = {g.get("data-element"): g for g in groups(root, "bpmn-node")}
    long_name = model.nodes["t1"].name
    spans = [s.text for s in by_id["t1"].iter(f"{SVG}tspan")]
    assert len(spans) >= 2 and "".join(spans) == long_name          # wrapped, nothing lost
    assert all(text_units(s) <= 20 for s in spans)
    for name in ("收到订单", "申请原产地证书", "货物放行", "出口商", "报关行", "大米出口", "报关单已受理", "原产地证书"):
        assert name in "".join(root.itertext()).replace("\n", "")
    assert "自动" in svg      # the note that the layout was made automatically, in Chinese


def test_diagram_html_fits_the_page_and_scrolls_when_large():
    html = diagram_html(export_model())
    assert html._repr_html_() == html
    assert "overflow-x:auto" in html and "width:100%" in html
    width = float(re.search(r'<svg [^>]*width="([0-9.]+)"', html).group(1))
    assert f"max-width:{width:g}px" in html and "min-width:" in html
    etree.fromstring(re.search(r"<svg .*</svg>", html, re.S).group(0).encode())
    import ipywidgets
    from IPython.display import HTML

    assert ipywidgets.HTML(value=html).value == html and HTML(html).data == html


def test_wrap_counts_wide_characters_as_two():
    assert text_units("报关单") == 6 and text_units("CO") == 2
    assert wrap("Lodge the export declaration", 12) == ["Lodge the", "export", "declaration"]
    assert wrap("原产地证书申请", 6) == ["原产地", "证书申", "请"]
    assert wrap("one two three four five", 9, 2) == ["one two", "three…"]
    assert wrap("原产地证书 D 表格", 40) == ["原产地证书 D 表格"] and wrap("ATIGA表格D", 40) == ["ATIGA表格D"]


# --- the layout -----------------------------------------------------------------------------

def test_a_model_without_layout_is_laid_out_without_overlaps():
    model = export_model()
    layout = layout_of(model)
    assert layout.automatic
    boxes = {**layout.nodes, **layout.data_objects, **layout.data_copies}
    assert set(layout.nodes) == set(model.nodes) and set(layout.data_objects) == set(model.data_objects)
    assert set(layout.data_copies) == {("d_inv", "declare")}
    lanes = {band.id: band.box for band in layout.lanes}
    for data in model.data_objects.values():   # every document is drawn next to the tasks that use it
        for node in (*data.inputs_of, *data.outputs_of):
            page, task = layout.data_box_for(data.id, node), layout.nodes[node]
            assert abs(page.cx - task.cx) <= 170 and lanes[model.nodes[node].lane].contains(page), (data.id, node)
    for (a, box_a), (b, box_b) in combinations(boxes.items(), 2):
        assert not box_a.overlaps(box_b), (a, b)
    lanes = {band.id: band.box for band in layout.lanes}
    pools = {band.id: band.box for band in layout.pools}
    for node in model.nodes.values():
        assert lanes[node.lane].contains(layout.nodes[node.id]), node.id
        pool = next(p for p in model.pools.values() if p.process == node.process)
        assert pools[pool.id].contains(lanes[node.lane])
    for a, b in combinations(pools.values(), 2):
        assert not a.overlaps(b)
    for a, b in combinations(lanes.values(), 2):
        assert not a.overlaps(b)
    assert pools["bank"].height > 0
    assert 0 < layout.width and all(box.right <= layout.width and box.bottom <= layout.height for box in boxes.values())


def test_columns_follow_precedence_and_loops_are_broken():
    model = export_model()
    layout = automatic_layout(model)
    assert layout.back_flows == {"g5"}         # the correction goes back to the check
    for flow in model.flows.values():
        if flow.id in layout.back_flows or flow.target not in model.nodes:
            continue
        assert layout.columns[flow.target] > layout.columns[flow.source], flow.id
        assert layout.nodes[flow.target].x > layout.nodes[flow.source].right, flow.id
    # the customs process starts after the declaration that the message brings
    assert layout.columns["c_start"] > layout.columns["declare"]
    # flows are orthogonal polylines that start and end on their shapes
    for flow_id, points in layout.flows.items():
        assert all(a[0] == b[0] or a[1] == b[1] for a, b in zip(points, points[1:])), flow_id


def test_the_files_own_layout_is_used():
    model = chinese_model()
    shapes = [Shape("pool", 100, 50, 700, 260), Shape("l1", 130, 50, 670, 130), Shape("l2", 130, 180, 670, 130),
              Shape("s", 180, 97, 36, 36), Shape("t1", 260, 75, 100, 80), Shape("t2", 420, 205, 100, 80),
              Shape("e", 600, 227, 36, 36), Shape("doc", 440, 320, 36, 50)]
    edges = [Edge("a", ((216, 115), (260, 115))), Edge("b", ((360, 115), (390, 115), (390, 245), (420, 245)))]
    with_layout = ProcessModel(**{**model.__dict__, "shapes": {s.element: s for s in shapes},
                                  "edges": {e.element: e for e in edges}})
    layout = layout_of(with_layout)
    assert not layout.automatic
    # everything moved by the same amount so that the drawing starts at the margin
    dx, dy = layout.nodes["t1"].x - 260, layout.nodes["t1"].y - 75
    assert (layout.nodes["t2"].x - 420, layout.nodes["t2"].y - 205) == (dx, dy)
    assert layout.flows["b"][1] == (390 + dx, 115 + dy)
    assert layout.flows["c"][0][0] > layout.nodes["t2"].x      # a flow without waypoints: a straight line
    svg = diagram_svg(with_layout)
    assert "自动" not in diagram_svg(with_layout, lang="zh_Hans") and "automatically" not in svg
    rect = next(g for g in groups(parse(svg), "bpmn-node") if g.get("data-element") == "t2").find(f"{SVG}rect")
    assert (float(rect.get("width")), float(rect.get("height"))) == (100, 80)
    # a layout that leaves a node out is not used: the whole model is laid out again
    partial = ProcessModel(**{**with_layout.__dict__, "shapes": {s.element: s for s in shapes if s.element != "e"}})
    assert layout_of(partial).automatic
    assert "leaves out some elements" in diagram_svg(partial)


def test_a_process_without_pools_or_lanes_and_an_empty_model_still_draw():
    model = build([("s", "Start", "startEvent", "proc", None), ("t", "Do it", "task", "proc", None),
                   ("e", "", "endEvent", "proc", None)],
                  [("a", "s", "t", "sequence"), ("b", "t", "e", "sequence")])
    root = parse(diagram_svg(model))
    assert len(groups(root, "bpmn-node")) == 3 and not groups(root, "bpmn-lane")
    assert parse(diagram_svg(ProcessModel())).tag == f"{SVG}svg"
    with pytest.raises(TypeError, match="ProcessModel"):
        diagram_svg("<definitions/>")


# --- the schedule ---------------------------------------------------------------------------

NETWORK = {"A": 2, "B": 3, "C": 5, "D": 1, "E": 2}
LINKS = [("A", "B"), ("A", "C"), ("B", "D"), ("C", "E"), ("D", "E")]


def test_schedule_gives_starts_total_and_critical_path():
    plan = schedule(NETWORK, LINKS)
    assert plan.start == {"A": 0, "B": 2, "C": 2, "D": 5, "E": 7}
    assert plan.total == 9
    assert plan.critical_path == ("A", "C", "E")
    assert plan.slack["B"] == 1 and plan.slack["D"] == 1 and plan.slack["C"] == 0
    # the same from rows and from a mapping of predecessors
    rows = [(s, s.lower(), "x", 0, d) for s, d in NETWORK.items()]
    assert schedule(rows, {"B": ["A"], "C": "A", "D": ["B"], "E": ["C", "D"]}).critical_path == ("A", "C", "E")
    # predecessors as a table's cells hold them: ids in one string, an empty cell for none
    cells = {"A": "", "B": "A", "C": "A", "D": "B", "E": "C; D"}
    assert schedule(NETWORK, cells).start == plan.start
    assert schedule(NETWORK, {**cells, "A": float("nan"), "E": "C D"}).total == 9


def test_schedule_takes_the_first_path_in_the_procedures_order_on_a_tie():
    plan = schedule({"a": 1, "b": 2, "c": 2, "d": 1}, [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")])
    assert plan.total == 4 and plan.critical_path == ("a", "b", "d")


def test_schedule_refuses_a_cycle_with_a_clear_message():
    with pytest.raises(ScheduleError, match=r"circle \((B → D → B|D → B → D)\).*Remove one of these links"):
        schedule(NETWORK, LINKS + [("D", "B")])
    with pytest.raises(ScheduleError, match="循环"):
        schedule(NETWORK, [("A", "A")], lang="zh_Hans")


def test_schedule_refuses_unknown_steps_and_bad_durations():
    with pytest.raises(ScheduleError, match="step Z, which is not among the steps"):
        schedule(NETWORK, [("A", "Z")])
    with pytest.raises(ScheduleError, match="step B is 'three'"):
        schedule({"A": 1, "B": "three"}, [])
    with pytest.raises(ScheduleError, match="step B is -1"):
        schedule({"A": 1, "B": -1}, [])
    with pytest.raises(ScheduleError, match="no steps"):
        schedule({}, [])


# --- the time-procedure chart ---------------------------------------------------------------

def chart_rows():
    plan = schedule(NETWORK, LINKS)
    return plan, plan.rows(names={"A": "Book the container", "C": "Phytosanitary inspection"},
                           actors={"A": "Forwarder", "B": "Exporter", "C": "Quarantine", "D": "Exporter",
                                   "E": "Customs"},
                           waiting={"C": 3})


def step_bars(fig):
    ax = fig.axes[0]
    return {p.get_gid().split(":", 1)[1]: p for p in ax.patches if (p.get_gid() or "").startswith("step:")}


def test_the_chart_has_one_bar_per_step_coloured_by_actor():
    plan, rows = chart_rows()
    fig = time_procedure_chart(rows, critical=plan)
    bars = step_bars(fig)
    assert sorted(bars) == sorted(NETWORK)
    for row in rows:
        bar = bars[row["id"]]
        assert (bar.get_x(), bar.get_width()) == (row["start_hour"], row["duration_hours"])
    assert bars["B"].get_facecolor() == bars["D"].get_facecolor() != bars["A"].get_facecolor()
    waiting = [p for p in fig.axes[0].patches if (p.get_gid() or "").startswith("waiting:")]
    assert [(p.get_gid(), p.get_width(), p.get_hatch()) for p in waiting] == [("waiting:C", 3, "///")]
    assert bars["C"].get_linewidth() > bars["B"].get_linewidth()        # on the critical path
    bold = {t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_fontweight() == "bold"}
    assert bold == {"Book the container", "Phytosanitary inspection", "E"}
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["Forwarder", "Exporter", "Quarantine", "Customs", "critical path", "waiting"]
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()][:2] == ["0 h", "1 h"]


def test_the_chart_ticks_days_for_a_long_procedure_and_speaks_chinese():
    rows = [("s1", "申请原产地证书", "商会", 0, 30), ("s2", "植物检疫", "植物检疫机构", 30, 50, 20),
            ("s3", "出口报关", "海关", 80, 12)]
    fig = time_procedure_chart(rows, critical=["s1", "s2", "s3"], lang="zh_Hans")
    ax = fig.axes[0]
    assert len(step_bars(fig)) == 3
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[:2] == ["0 天", "1 天"] and ax.get_xticks()[1] == 24
    assert "天" in ax.get_xlabel()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["申请原产地证书", "植物检疫", "出口报关"]
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*missing from font.*")    # every Chinese glyph has a font
        assert png(fig)[:4] == b"\x89PNG"


def test_the_chart_takes_a_table_and_marks_milestones():
    import pandas as pd

    table = pd.DataFrame({"id": ["a", "b", "c"], "name": ["Apply", "Documents received", "Inspect"],
                          "actor": ["Exporter", "Broker", "Quarantine"], "start_hour": [0, 4, 4],
                          "duration_hours": [4, 0, 6], "waiting_hours": [0, float("nan"), 2]})
    fig = time_procedure_chart(table, critical=("a", "b", "c"))
    assert sorted(step_bars(fig)) == ["a", "b", "c"]
    assert [line.get_marker() for line in fig.axes[0].lines] == ["D"]     # the step of no duration
    assert [p.get_gid() for p in fig.axes[0].patches if p.get_gid().startswith("waiting:")] == ["waiting:c"]


def test_the_chart_refuses_bad_rows_clearly():
    with pytest.raises(ScheduleError, match="duration_hours is 'long'"):
        time_procedure_chart([("a", "A", "x", 0, "long")])
    with pytest.raises(ScheduleError, match="waits 5 hours but lasts only 2"):
        time_procedure_chart([{"id": "a", "name": "A", "actor": "x", "start_hour": 0, "duration_hours": 2,
                               "waiting_hours": 5}])
    with pytest.raises(ScheduleError, match="no actor"):
        time_procedure_chart([{"id": "a", "name": "A", "start_hour": 0, "duration_hours": 2}])


def test_a_broken_model_still_draws():
    """Flows to missing or wrong elements, a loop on one task, a lane the model does not hold,
    a document of a task that does not exist: drawn as far as they can be, never a traceback."""
    model = build([("s", "Start", "startEvent", "p", "ghost-lane"), ("t", "Task", "task", "p", None),
                   ("e", "End", "endEvent", "p", None)],
                  [("a", "s", "t", "sequence"), ("b", "t", "t", "sequence"), ("c", "t", "nowhere", "sequence"),
                   ("d", "t", "pool", "sequence"), ("m", "t", "doc", "message"), ("f", "t", "e", "sequence")],
                  pools=[("pool", "Exporter", "p")], data=[("doc", "Invoice", "p", ["missing"], ["t"])])
    layout = automatic_layout(model)
    assert set(layout.flows) == {"a", "b", "d", "m", "f"}      # "c" has no end to draw
    assert layout.back_flows == {"b"}
    root = parse(diagram_svg(model))
    assert len(groups(root, "bpmn-node")) == 3


def test_a_boundary_event_sits_on_its_activity():
    model = build([("timer", "Two days passed", "intermediateEvent", "p", None),
                   ("s", "Application received", "startEvent", "p", None), ("check", "Check the form", "task", "p", None),
                   ("remind", "Remind the applicant", "task", "p", None), ("e", "Done", "endEvent", "p", None)],
                  [("a", "s", "check", "sequence"), ("b", "check", "e", "sequence"), ("c", "timer", "remind", "sequence"),
                   ("d", "remind", "check", "sequence")])
    model.attached = {"timer": "check"}
    layout = automatic_layout(model)
    host, event = layout.nodes["check"], layout.nodes["timer"]
    assert host.x < event.cx < host.right and abs(event.cy - host.bottom) < 1     # on the lower edge
    assert layout.columns["remind"] == layout.columns["check"] + 1
    assert layout.back_flows == {"d"}
    others = [box for node, box in layout.nodes.items() if node not in ("check", "timer")]
    assert not any(box.overlaps(other) for box, other in combinations(others, 2))
    drawn = [g.get("data-element") for g in groups(parse(diagram_svg(model)), "bpmn-node")]
    assert drawn.index("timer") > drawn.index("check")        # drawn over the activity, not under it


def modeller_files():
    """Files written as modellers export them (several namespace styles, with and without layout),
    and the scenario's reference models."""
    import bpmn_samples
    from course import paths

    files = {f"customs-{prefix or 'default'}-{layout}": bpmn_samples.customs_clearance(prefix, layout)
             for prefix in ("bpmn", "semantic", "") for layout in (True, False)}
    files.update(parallel=bpmn_samples.parallel(), loop=bpmn_samples.loop())
    files.update({p.name: p for p in sorted((paths.datasets() / "rice_export" / "models").glob("*.bpmn"))})
    return files


@pytest.mark.parametrize("name", sorted(modeller_files()))
def test_files_from_modellers_render(name):
    from course.bpmn import read_model

    source = modeller_files()[name]
    model = read_model(source)
    layout = layout_of(model)
    assert layout.automatic == (not model.has_layout)
    root = parse(diagram_svg(model, highlight=list(model.nodes)[:1]))
    assert sorted(g.get("data-element") for g in groups(root, "bpmn-node")) == sorted(model.nodes)
    assert sorted(g.get("data-element") for g in groups(root, "bpmn-flow")) == sorted(model.flows)
    if layout.automatic:
        boxes = [*layout.nodes.values(), *layout.data_objects.values(), *layout.data_copies.values()]
        assert not any(a.overlaps(b) for a, b in combinations(boxes, 2)), name
