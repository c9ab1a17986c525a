"""The reference as-is and to-be processes of the rice export, as BPMN collaborations.

One pool per organization (each keeps its own process and only sees the others' documents),
lanes for the units inside it, message flows for every document or notice that crosses from one
organization to another, data objects for the documents a pool writes. Tasks carry the step
ids of ``process_tables`` so that a model and the time-procedure chart speak of the same steps.
"""
from __future__ import annotations

from bpmn_writer import Collaboration, Pool
from process_tables import ACTORS, AS_IS, INSPECTION_ONLY, LANES, TO_BE

INSPECTION_CONDITION = "inspection_required"   # the variable a run sets to choose the customs path
ORDER = ["exporter", "forwarder", "single_window", "quarantine", "chamber", "customs", "port", "carrier", "bank"]


def _pools(steps, keys) -> dict[str, Pool]:
    return {key: Pool(key, ACTORS[key], LANES[key]) for key in ORDER if key in keys}


def _tasks(pools: dict[str, Pool], steps, sends: set[str]) -> None:
    """Every step becomes a task of its actor's pool, reading and writing its documents."""
    for s in steps:
        pools[s["actor"]].add("sendTask" if s["id"] in sends else "task", s["id"], s["procedure"], s["lane"])
    for pool in pools.values():
        written: set[str] = set()
        for node in pool.nodes:
            s = next(x for x in steps if x["id"] == node.id)
            reads = [d for d in s["documents_in"] if d in written]
            if reads:
                pool.inputs[node.id] = reads
            if s["documents_out"]:
                pool.outputs[node.id] = list(s["documents_out"])
                written.update(s["documents_out"])


def _customs_gateway(pool: Pool, after: str, inspect: str, release: str, before_release: list[str]) -> None:
    """Exclusive choice on the risk channel, both paths joining before the release."""
    pool.add("exclusiveGateway", "Gateway_inspection", "Inspection required?", "declarations")
    pool.add("exclusiveGateway", "Gateway_inspection_done", "", "declarations")
    pool.flows.append((after, "Gateway_inspection", "", None))
    pool.flows.append(("Gateway_inspection", inspect, "yes", INSPECTION_CONDITION))
    pool.flows.append(("Gateway_inspection", "Gateway_inspection_done", "no", f"not {INSPECTION_CONDITION}"))
    pool.flows.append((inspect, "Gateway_inspection_done", "", None))
    pool.chain("Gateway_inspection_done", *before_release, release)


def as_is() -> Collaboration:
    sends = {"P01", "P02", "P03", "P04", "P06", "P07", "P09", "P11", "P12", "P13", "P14", "P17", "P18", "P19",
             "P20", "P21", "P22"}
    pools = _pools(AS_IS, {s["actor"] for s in AS_IS})
    _tasks(pools, AS_IS, sends)
    collab = Collaboration("Collaboration_rice_export_as_is", "Export of milled rice, Phnom Penh to Manila: as-is",
                           list(pools.values()))
    ex, fw, pq, cc, cu, po, ca, bk = (pools[k] for k in ("exporter", "forwarder", "quarantine", "chamber", "customs",
                                                         "port", "carrier", "bank"))
    ex.add("startEvent", "Start_exporter", "Sales contract signed", "export_office")
    ex.add("intermediateCatchEvent", "Catch_lc_advice", "L/C advice received", "export_office")
    ex.add("intermediateCatchEvent", "Catch_inspected", "Inspection finished", "warehouse")
    ex.add("intermediateCatchEvent", "Catch_phyto", "Phytosanitary certificate received", "export_office")
    ex.add("intermediateThrowEvent", "Throw_documents", "Documents handed to the broker", "export_office")
    ex.add("intermediateCatchEvent", "Catch_form_d", "Form D received", "export_office")
    ex.add("intermediateCatchEvent", "Catch_bl", "Bill of lading received", "export_office")
    ex.add("intermediateCatchEvent", "Catch_paid", "Payment received", "export_office")
    ex.add("endEvent", "End_exporter", "Export paid", "export_office")
    ex.chain("Start_exporter", "Catch_lc_advice", "P02", "P05", "P06", "Catch_inspected", "P11", "Catch_phyto",
             "Throw_documents", "P09", "Catch_form_d", "Catch_bl", "P21", "Catch_paid", "End_exporter")

    fw.add("startEvent", "Start_forwarder", "Booking instruction received", "forwarding")
    fw.add("intermediateCatchEvent", "Catch_booked", "Booking confirmed", "forwarding")
    fw.add("intermediateCatchEvent", "Catch_containers", "Container and seal list received", "forwarding")
    fw.add("intermediateCatchEvent", "Catch_documents", "Documents for the declaration received", "brokerage")
    fw.add("intermediateCatchEvent", "Catch_notice", "Assessment notice received", "brokerage")
    fw.add("endEvent", "End_forwarder", "Containers delivered to the port", "forwarding")
    fw.chain("Start_forwarder", "P03", "Catch_booked", "Catch_containers", "P19", "Catch_documents", "P12",
             "Catch_notice", "P14", "End_forwarder")

    pq.add("startEvent", "Start_quarantine", "Application received", "phyto_office")
    pq.add("endEvent", "End_quarantine", "Certificate handed to the exporter", "phyto_office")
    pq.chain("Start_quarantine", "P07", "P08", "End_quarantine")

    cc.add("startEvent", "Start_chamber", "Form D application received", "origin_desk")
    cc.add("endEvent", "End_chamber", "Form D handed to the exporter", "origin_desk")
    cc.chain("Start_chamber", "P10", "End_chamber")

    cu.add("startEvent", "Start_customs", "Declaration received", "declarations")
    cu.add("endEvent", "End_customs", "Goods released", "declarations")
    cu.chain("Start_customs", "P13")
    _customs_gateway(cu, "P13", "P16", "P17", [])
    cu.chain("P17", "End_customs")

    po.add("startEvent", "Start_port", "Containers arrive at the gate", "terminal")
    po.add("intermediateCatchEvent", "Catch_release", "Export release received", "terminal")
    po.add("endEvent", "End_port", "Containers on board", "terminal")
    po.chain("Start_port", "P15", "Catch_release", "P18", "End_port")

    ca.add("startEvent", "Start_carrier", "Booking request received", "agency")
    ca.add("intermediateCatchEvent", "Catch_instructions", "Shipping instructions received", "agency")
    ca.add("intermediateCatchEvent", "Catch_loaded", "Containers loaded", "agency")
    ca.add("endEvent", "End_carrier", "Bill of lading issued", "agency")
    ca.chain("Start_carrier", "P04", "Catch_instructions", "Catch_loaded", "P20", "End_carrier")

    bk.add("startEvent", "Start_bank", "Letter of credit received from the buyer's bank", "trade_finance")
    bk.add("intermediateCatchEvent", "Catch_presentation", "Documents presented", "trade_finance")
    bk.add("endEvent", "End_bank", "Documents negotiated", "trade_finance")
    bk.chain("Start_bank", "P01", "Catch_presentation", "P22", "End_bank")

    _wire(collab, [
        ("lc_advice", "L/C advice", "P01", "Catch_lc_advice"),
        ("booking_instruction", "Booking instruction with invoice and packing list", "P02", "Start_forwarder"),
        ("booking_request", "Booking request", "P03", "Start_carrier"),
        ("booking", "Booking confirmation and empty container release order", "P04", "Catch_booked"),
        ("phyto_application", "Phytosanitary certificate application", "P06", "Start_quarantine"),
        ("inspection_record", "Phytosanitary inspection record", "P07", "Catch_inspected"),
        ("phyto", "Phytosanitary certificate", "End_quarantine", "Catch_phyto"),
        ("container_list", "Container and seal list", "P11", "Catch_containers"),
        ("instructions", "Shipping instructions and verified gross mass", "P19", "Catch_instructions"),
        ("documents", "Invoice, packing list and phytosanitary certificate", "Throw_documents", "Catch_documents"),
        ("form_d_application", "Form D application", "P09", "Start_chamber"),
        ("form_d", "Certificate of origin (ATIGA Form D)", "End_chamber", "Catch_form_d"),
        ("declaration", "Export declaration", "P12", "Start_customs"),
        ("notice", "Assessment notice", "P13", "Catch_notice"),
        ("arrival", "Containers and container list", "P14", "Start_port"),
        ("release", "Export release", "P17", "Catch_release"),
        ("loaded", "Loading confirmation", "P18", "Catch_loaded"),
        ("bl", "Bill of lading", "P20", "Catch_bl"),
        ("presentation", "L/C presentation", "P21", "Catch_presentation"),
        ("payment", "Payment advice", "P22", "Catch_paid"),
    ])
    return collab


def to_be() -> Collaboration:
    sends = {"T01", "T02", "T03", "T04", "T06", "T07", "T08", "T10", "T11", "T12", "T15", "T16", "T17", "T18",
             "T19", "T20"}
    keys = {s["actor"] for s in TO_BE} | {"single_window"}
    pools = _pools(TO_BE, keys)
    _tasks(pools, TO_BE, sends)
    collab = Collaboration("Collaboration_rice_export_to_be",
                           "Export of milled rice, Phnom Penh to Manila: to-be, with a Single Window",
                           list(pools.values()))
    ex, fw, sw, pq, cc, cu, po, ca, bk = (pools[k] for k in ORDER)
    ex.add("startEvent", "Start_exporter", "Sales contract signed", "export_office")
    ex.add("intermediateCatchEvent", "Catch_lc_advice", "L/C advice received", "export_office")
    ex.add("intermediateThrowEvent", "Throw_documents", "Documents handed to the broker", "export_office")
    ex.add("intermediateCatchEvent", "Catch_inspected", "Inspection finished", "warehouse")
    ex.add("parallelGateway", "Split_certificates", "Wait for both certificates", "export_office")
    ex.add("intermediateCatchEvent", "Catch_phyto", "ePhyto issued", "export_office")
    ex.add("intermediateCatchEvent", "Catch_form_d", "e-Form D issued", "export_office")
    ex.add("parallelGateway", "Join_certificates", "", "export_office")
    ex.add("intermediateCatchEvent", "Catch_bl", "Bill of lading received", "export_office")
    ex.add("intermediateCatchEvent", "Catch_paid", "Payment received", "export_office")
    ex.add("endEvent", "End_exporter", "Export paid", "export_office")
    ex.chain("Start_exporter", "Catch_lc_advice", "T02", "T05", "Throw_documents", "Catch_inspected", "T11",
             "Split_certificates", "Catch_phyto", "Join_certificates", "Catch_bl", "T19", "Catch_paid", "End_exporter")
    ex.chain("Split_certificates", "Catch_form_d", "Join_certificates")

    fw.add("startEvent", "Start_forwarder", "Booking instruction received", "forwarding")
    fw.add("intermediateCatchEvent", "Catch_booked", "Booking confirmed", "forwarding")
    fw.add("intermediateCatchEvent", "Catch_documents", "Documents for the submission received", "brokerage")
    fw.add("intermediateCatchEvent", "Catch_containers", "Container and seal list received", "forwarding")
    fw.add("intermediateCatchEvent", "Catch_notice", "Assessment notice received", "brokerage")
    fw.add("endEvent", "End_forwarder", "Containers delivered to the port", "forwarding")
    fw.chain("Start_forwarder", "T03", "Catch_booked", "Catch_documents", "T06", "Catch_containers", "T17",
             "Catch_notice", "T12", "End_forwarder")

    sw.add("startEvent", "Start_single_window", "Submission received", "platform")
    sw.add("parallelGateway", "Split_routing", "Route to the agencies", "platform")
    sw.add("intermediateThrowEvent", "Throw_to_customs", "Declaration sent to customs", "platform")
    sw.add("intermediateThrowEvent", "Throw_to_quarantine", "Application sent to plant quarantine", "platform")
    sw.add("intermediateThrowEvent", "Throw_to_chamber", "Form D application sent to the chamber", "platform")
    sw.add("parallelGateway", "Join_routing", "", "platform")
    sw.add("endEvent", "End_single_window", "Submission routed", "platform")
    for throw in ("Throw_to_customs", "Throw_to_quarantine", "Throw_to_chamber"):
        sw.chain("Split_routing", throw, "Join_routing")
    sw.chain("Start_single_window", "Split_routing")
    sw.chain("Join_routing", "End_single_window")

    pq.add("startEvent", "Start_quarantine", "Application received", "phyto_office")
    pq.add("endEvent", "End_quarantine", "ePhyto sent to the exporter", "phyto_office")
    pq.chain("Start_quarantine", "T07", "T08", "End_quarantine")

    cc.add("startEvent", "Start_chamber", "Form D application received", "origin_desk")
    cc.add("endEvent", "End_chamber", "e-Form D sent to the exporter", "origin_desk")
    cc.chain("Start_chamber", "T09", "End_chamber")

    cu.add("startEvent", "Start_customs", "Declaration received", "declarations")
    cu.add("intermediateCatchEvent", "Catch_ephyto", "ePhyto received", "declarations")
    cu.add("endEvent", "End_customs", "Goods released", "declarations")
    cu.chain("Start_customs", "T10")
    _customs_gateway(cu, "T10", "T14", "T15", ["Catch_ephyto"])
    cu.chain("T15", "End_customs")

    po.add("startEvent", "Start_port", "Containers arrive at the gate", "terminal")
    po.add("intermediateCatchEvent", "Catch_release", "Export release received", "terminal")
    po.add("endEvent", "End_port", "Containers on board", "terminal")
    po.chain("Start_port", "T13", "Catch_release", "T16", "End_port")

    ca.add("startEvent", "Start_carrier", "Booking request received", "agency")
    ca.add("intermediateCatchEvent", "Catch_instructions", "Shipping instructions received", "agency")
    ca.add("intermediateCatchEvent", "Catch_loaded", "Containers loaded", "agency")
    ca.add("endEvent", "End_carrier", "Bill of lading issued", "agency")
    ca.chain("Start_carrier", "T04", "Catch_instructions", "Catch_loaded", "T18", "End_carrier")

    bk.add("startEvent", "Start_bank", "Letter of credit received from the buyer's bank", "trade_finance")
    bk.add("intermediateCatchEvent", "Catch_presentation", "Documents presented", "trade_finance")
    bk.add("endEvent", "End_bank", "Documents negotiated", "trade_finance")
    bk.chain("Start_bank", "T01", "Catch_presentation", "T20", "End_bank")

    _wire(collab, [
        ("lc_advice", "L/C advice", "T01", "Catch_lc_advice"),
        ("booking_instruction", "Booking instruction with invoice and packing list", "T02", "Start_forwarder"),
        ("booking_request", "Booking request", "T03", "Start_carrier"),
        ("booking", "Booking confirmation and empty container release order", "T04", "Catch_booked"),
        ("documents", "Invoice, packing list and fumigation certificate", "Throw_documents", "Catch_documents"),
        ("submission", "Single Window submission", "T06", "Start_single_window"),
        ("declaration", "Export declaration (from the submission)", "Throw_to_customs", "Start_customs"),
        ("phyto_application", "Phytosanitary application (from the submission)", "Throw_to_quarantine",
         "Start_quarantine"),
        ("form_d_application", "Form D application (from the submission)", "Throw_to_chamber", "Start_chamber"),
        ("inspection_record", "Phytosanitary inspection record", "T07", "Catch_inspected"),
        ("ephyto_customs", "ePhyto (through the Single Window)", "T08", "Catch_ephyto"),
        ("ephyto", "Electronic phytosanitary certificate (ePhyto)", "End_quarantine", "Catch_phyto"),
        ("form_d", "Electronic certificate of origin (e-Form D)", "End_chamber", "Catch_form_d"),
        ("container_list", "Container and seal list", "T11", "Catch_containers"),
        ("instructions", "Shipping instructions and verified gross mass", "T17", "Catch_instructions"),
        ("notice", "Assessment notice", "T10", "Catch_notice"),
        ("arrival", "Containers and container list", "T12", "Start_port"),
        ("release", "Export release", "T15", "Catch_release"),
        ("loaded", "Loading confirmation", "T16", "Catch_loaded"),
        ("bl", "Bill of lading", "T18", "Catch_bl"),
        ("presentation", "L/C presentation", "T19", "Catch_presentation"),
        ("payment", "Payment advice", "T20", "Catch_paid"),
    ])
    return collab


def example_letter_of_credit() -> Collaboration:
    """The lessons' worked example: the letter of credit part of the procedure, exporter and bank only.

    Its tasks are the as-is steps of the credit (advice, invoice, presentation, examination and
    payment) under ids of their own; its one decision (an amendment of the credit) adds no task,
    so that a complete as-is model agrees with it on everything it shows.
    """
    ex = Pool("example_exporter", ACTORS["exporter"], [("example_export_office", "Export office")])
    bk = Pool("example_bank", ACTORS["bank"], [("example_trade_finance", "Trade finance")])
    steps = {s["id"]: s for s in AS_IS}
    for pool, task_id, step_id, kind in ((bk, "L1", "P01", "sendTask"), (ex, "L2", "P02", "task"),
                                         (ex, "L3", "P21", "sendTask"), (bk, "L4", "P22", "sendTask")):
        pool.add(kind, task_id, steps[step_id]["procedure"], pool.lanes[0][0])
    bk.outputs.update({"L1": ["L/C advice"], "L4": ["Payment advice"]})
    ex.outputs.update({"L2": ["Commercial invoice", "Packing list"], "L3": ["L/C presentation"]})
    ex.inputs["L3"] = ["Commercial invoice", "Packing list"]
    office, finance = "example_export_office", "example_trade_finance"
    ex.add("startEvent", "LC_start", "Sales contract signed", office)
    ex.add("intermediateCatchEvent", "LC_advice_received", "L/C advice received", office)
    ex.add("exclusiveGateway", "LC_amendment", "Amendment needed?", office)
    ex.add("intermediateThrowEvent", "LC_amendment_asked", "Amendment asked of the buyer", office)
    ex.add("intermediateCatchEvent", "LC_amendment_received", "Amended credit received", office)
    ex.add("exclusiveGateway", "LC_amendment_done", "", office)
    ex.add("intermediateCatchEvent", "LC_paid", "Payment received", office)
    ex.add("endEvent", "LC_end", "Export paid", office)
    ex.chain("LC_start", "LC_advice_received", "LC_amendment")
    ex.flows.append(("LC_amendment", "LC_amendment_asked", "yes", "amendment_needed"))
    ex.flows.append(("LC_amendment", "LC_amendment_done", "no", "not amendment_needed"))
    ex.chain("LC_amendment_asked", "LC_amendment_received", "LC_amendment_done", "L2", "L3", "LC_paid", "LC_end")
    bk.add("startEvent", "LC_bank_start", "Letter of credit received from the buyer's bank", finance)
    bk.add("intermediateCatchEvent", "LC_presented", "Documents presented", finance)
    bk.add("endEvent", "LC_bank_end", "Documents negotiated", finance)
    bk.chain("LC_bank_start", "L1", "LC_presented", "L4", "LC_bank_end")
    collab = Collaboration("Collaboration_letter_of_credit_example",
                           "Example: the letter of credit of a rice export", [ex, bk])
    _wire(collab, [("example_advice", "L/C advice", "L1", "LC_advice_received"),
                   ("example_presentation", "L/C presentation", "L3", "LC_presented"),
                   ("example_payment", "Payment advice", "L4", "LC_paid")])
    return collab


def _wire(collab: Collaboration, messages) -> None:
    """Add message flows and give the sending and catching nodes their message."""
    nodes = {n.id: n for p in collab.pools for n in p.nodes}
    for mid, name, source, target in messages:
        if not any(m[0] == mid for m in collab.messages):
            collab.message(mid, name, source, target)
        for end in (source, target):
            if nodes[end].message is not None and nodes[end].message != mid:
                raise ValueError(f"{end} already sends or catches {nodes[end].message}")
            nodes[end].message = mid
