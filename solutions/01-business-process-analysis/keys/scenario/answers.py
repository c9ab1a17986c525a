"""The answers of module 01's graded tasks, as the scenario's generator writes them into the keys.

Kept with the keys in the trainer's copy: the redundant submissions, the right recommendations
and why the others are wrong, the bottlenecks and the resolution of the ambiguous interview.
``datasets/rice_export/make_dataset.py`` imports this module from here.
"""
from __future__ import annotations

from collections import Counter

from process_tables import ACTORS, AS_IS, DOCUMENTS, INSPECTION_ONLY, PATHS, SUBMITTED_BY_TRADER, TO_BE

DEFECTS = {
    "redundant_submissions": "the exporter's data (parties, HS code, bags, weights, invoice number) is typed "
                             "into eight documents by four organizations",
    "needless_sequence": "the Form D application waits for the phytosanitary certificate though origin does "
                         "not depend on it",
    "ambiguous_interview": "the exporter says the declaration waits for the Form D; the broker says it does not, "
                           "and customs confirms the broker",
}


def repeated_elements() -> dict[str, list[str]]:
    """Each data element the trader's side types into more than one of its submissions."""
    carried = {name: elements for name, _, elements in DOCUMENTS}
    counts = Counter(e for d in SUBMITTED_BY_TRADER for e in carried[d])
    return {e: [d for d in SUBMITTED_BY_TRADER if e in carried[d]] for e, n in sorted(counts.items()) if n > 1}


RIGHT_OPTIONS = ["A", "B", "C", "G"]
# Submissions that only retype what the invoice and packing list already say.
REDUNDANT = ["Booking request", "Phytosanitary certificate application", "Form D application", "Export declaration",
             "Shipping instructions"]
WHY_WRONG = {
    "D": "adds an inspection and a visit: origin does not need a second check of quantities",
    "E": "abandons risk management: every consignment would take the slowest path",
    "F": "adds paper and submissions instead of removing them",
    "H": "the importing country requires the fumigation before shipment; it cannot move after loading",
}


def keys(facts: dict, options: dict[str, str]) -> dict[str, object]:
    as_is_documents = sorted({d for s in AS_IS for d in s["documents_in"] + s["documents_out"]})
    inventory = {
        "procedures": [{"id": s["id"], "procedure": s["procedure"], "actor": ACTORS[s["actor"]]} for s in AS_IS],
        "actors": sorted({ACTORS[s["actor"]] for s in AS_IS}),
        "documents": as_is_documents,
        "lodgement_after": ["P08", "P11"],  # the broker's account, confirmed by customs
    }
    bottlenecks = {
        "longest_waiting_step": facts["as_is"]["longest_waiting_step"]["id"],
        "needless_waits": [{"step": "P09", "waits_for": "P08",
                            "why": "the chamber asks for a copy of the phytosanitary certificate; origin does "
                                   "not depend on it"}],
        "redundant_documents": REDUNDANT,
        "repeated_data_elements": repeated_elements(),
        "physical_visits": ["P06", "P09", "P21"],
        "bottleneck_steps": {"rule": "on the critical path of the inspection path, waiting a day or more",
                             "steps": [p for p in facts["as_is"][INSPECTION_ONLY]["critical_path"]
                                       if next(s for s in AS_IS if s["id"] == p)["waiting_hours"] >= 24]},
    }
    to_be = {
        "steps": len(TO_BE),
        "removed_submissions": ["Phytosanitary certificate application", "Form D application", "Export declaration"],
        "single_submission": "T06",
        "parallel_after_submission": ["T07", "T09", "T10"],
        "as_is": {p: facts["as_is"][p]["total_hours"] for p in PATHS},
        "to_be": {p: facts["to_be"][p]["total_hours"] for p in PATHS},
        "critical_path": {p: facts["to_be"][p]["critical_path"] for p in PATHS},
    }
    recommendations = {"options": options, "right": RIGHT_OPTIONS, "why_wrong": WHY_WRONG}
    return {"inventory.json": inventory, "time_procedure.json": facts["as_is"], "bottlenecks.json": bottlenecks,
            "to_be.json": to_be, "recommendations.json": recommendations}
