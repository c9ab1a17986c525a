"""Generate the rice export scenario of module 01 (business process analysis).

Milled fragrant rice leaves a mill in Phnom Penh, Cambodia, in eight 20-foot containers trucked to
the port of Sihanoukville and shipped to Manila, the Philippines, sold CFR under a letter of credit.
A process analysis team interviews the eight organizations involved; this script writes what the
team brings back and what it makes of it:

Public, for participants (in this folder):

- ``interviews/*.md``: the interview notes, one file per actor (the raw material of the tasks);
- ``synonyms.json``: the canonical name of each activity with the other names people give it;
- ``recommendation_options.json``: the options of the recommendation task;
- ``containers.csv``: the containers, their seals and bags;
- worked examples for the lessons, smaller than the tasks and not part of them: ``examples.json``,
  ``models/example_letter_of_credit.bpmn`` (the letter of credit part, exporter and bank only)
  with its twin without layout, and ``example_procedures.csv`` (that part's steps).

For the trainer and the grader only (in ``solutions/01-business-process-analysis/keys/``):

- ``procedures.csv``: the as-is procedures (steps P01..), with actors, documents, precedence,
  durations (minimum, most likely, maximum and waiting hours) and costs;
  ``procedures_to_be.csv``: the same for the to-be process with a Single Window (steps T01..);
- ``documents.csv``: every document, its issuer and the data elements it carries;
- ``as_is.bpmn``, ``to_be.bpmn`` (the reference models, BPMN 2.0 with diagram layout) and
  ``as_is_no_layout.bpmn`` (the same process without layout);
- the JSON keys of the graded tasks.

The deliberate defects (``answers.DEFECTS``): the same data submitted again and again, a certificate that
waits for another it does not need, and an interview that contradicts another.

Reference numbers come from ``random.Random(2026)``; everything else from ``process_tables``. The
output is the same on every run. Companies and people are invented; agencies appear by function.

Usage (from the repository root):  .venv/bin/python datasets/rice_export/make_dataset.py
"""
from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
KEYS_DIR = REPO / "solutions" / "01-business-process-analysis" / "keys"
# The facts the scenario is made from (steps, documents, reference models, answers) are the
# answers of the graded tasks: they live with the keys, in the trainer's copy only.
FACTS_DIR = KEYS_DIR / "scenario"
if not (FACTS_DIR / "process_tables.py").is_file():
    sys.exit(f"The scenario's facts are not here ({FACTS_DIR}): they are kept with the answer keys, in the "
             "trainer's copy of the course. Run this script there; participants' copies carry its output only.")
sys.path[:0] = [str(HERE), str(FACTS_DIR)]
import answers  # noqa: E402
import bpmn_writer  # noqa: E402
import forms  # noqa: E402
import interviews  # noqa: E402
import reference_models  # noqa: E402
from process_tables import ACTORS, AS_IS, DOCUMENTS, INSPECTION_ONLY, PATHS, SUBMITTED_BY_TRADER, TO_BE  # noqa: E402

SEED = 2026
BAGS, BAG_KG, BAG_TARE_KG = 4000, 50, 0.2
COLUMNS = ["id", "procedure", "actor", "documents_in", "documents_out", "predecessors", "min_hours",
           "likely_hours", "max_hours", "waiting_hours", "cost_usd", "path", "notes"]
# The worked example's table has columns in another order: no line of it may be a line of a key.
EXAMPLE_COLUMNS = ["id", "procedure", "actor", "predecessors", "likely_hours", "min_hours", "max_hours",
                   "waiting_hours", "cost_usd", "documents_in", "documents_out"]
# The letter of credit part of the procedure: the example's step ids, the as-is steps they are.
EXAMPLE_STEPS = {"L1": "P01", "L2": "P02", "L3": "P21", "L4": "P22"}
EXAMPLE_DOCUMENTS = ("Letter of credit", "L/C advice", "Commercial invoice", "Packing list", "L/C presentation",
                     "Payment advice")


def container_number(owner: str, serial: int) -> str:
    """An ISO 6346 container number: three-letter owner code, category U, six digits, the check digit."""
    values, n = {}, 10
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if n % 11 == 0:
            n += 1
        values[letter] = n
        n += 1
    code = f"{owner}U{serial:06d}"
    total = sum((values[c] if c.isalpha() else int(c)) * 2 ** i for i, c in enumerate(code))
    return f"{code}{total % 11 % 10}"


def references(rng: random.Random) -> dict:
    gross = round(BAGS * (BAG_KG + BAG_TARE_KG))
    return {
        "invoice": f"TBR-EXP-26-{rng.randint(100, 999)}",
        "lc": f"ILC-MNL-26-{rng.randint(10000, 99999)}",
        "containers": [container_number("GSL", rng.randint(100000, 999999)) for _ in range(8)],
        "seals": [f"KH{rng.randint(1000000, 9999999)}" for _ in range(8)],
        "bags": BAGS, "net_kg": BAGS * BAG_KG, "gross_kg": gross, "gross_wrong": BAGS * BAG_KG,
    }


def on_path(steps: list[dict], path: str) -> list[dict]:
    """The steps a consignment goes through on ``path`` (the inspection runs on one path only)."""
    return [s for s in steps if s["path"] in ("all", path)]


def schedule(steps: list[dict]) -> dict:
    """Earliest start and finish of each step from its most likely duration, and the critical path."""
    finish: dict[str, float] = {}
    start: dict[str, float] = {}
    ids = {s["id"] for s in steps}
    for s in steps:  # the tables list every step after its predecessors
        start[s["id"]] = max((finish[p] for p in s["predecessors"] if p in ids), default=0)
        finish[s["id"]] = start[s["id"]] + s["likely_hours"]
    by_id = {s["id"]: s for s in steps}
    last = max(finish, key=lambda k: (finish[k], k))
    path = [last]
    while True:
        preds = [p for p in by_id[path[-1]]["predecessors"] if p in ids and finish[p] == start[path[-1]]]
        if not preds or start[path[-1]] == 0:
            break
        path.append(sorted(preds)[0])
    return {"start": start, "finish": finish, "total_hours": finish[last], "critical_path": path[::-1]}


def figures(steps: list[dict]) -> dict:
    result = {}
    for path in PATHS:
        plan = schedule(on_path(steps, path))
        result[path] = {"total_hours": plan["total_hours"], "total_days": round(plan["total_hours"] / 24, 1),
                        "critical_path": plan["critical_path"],
                        "cost_usd": sum(s["cost_usd"] for s in on_path(steps, path))}
    longest = max(steps, key=lambda s: (s["waiting_hours"], s["id"]))
    result["longest_waiting_step"] = {"id": longest["id"], "procedure": longest["procedure"],
                                      "waiting_hours": longest["waiting_hours"]}
    result["steps"] = len(steps)
    return result


def procedure_rows(steps: list[dict]) -> list[dict]:
    return [{**{k: s[k] for k in COLUMNS if k in s}, "actor": ACTORS[s["actor"]],
             "documents_in": "; ".join(s["documents_in"]), "documents_out": "; ".join(s["documents_out"]),
             "predecessors": " ".join(s["predecessors"])} for s in steps]


def document_rows() -> list[dict]:
    used_as_is = {d for s in AS_IS for d in s["documents_in"] + s["documents_out"]}
    used_to_be = {d for s in TO_BE for d in s["documents_in"] + s["documents_out"]}
    return [{"document": name, "issuer": issuer,
             "process": "both" if name in used_as_is and name in used_to_be else "as-is" if name in used_as_is
             else "to-be", "data_elements": "; ".join(elements)}
            for name, issuer, elements in DOCUMENTS]


SYNONYMS = {
    "Advise the letter of credit": ["advise L/C", "L/C advising", "receive the letter of credit",
                                    "notify the exporter of the L/C", "advise LC"],
    "Prepare the commercial invoice and packing list": ["prepare invoice and packing list", "issue the invoice",
                                                        "prepare commercial documents", "make invoice and PL"],
    "Request a booking": ["book space", "book cargo space", "send the booking request", "booking request"],
    "Confirm the booking and release empty containers": ["confirm booking", "booking confirmation",
                                                         "release empty containers", "issue release order"],
    "Fumigate the bagged rice": ["fumigation", "fumigate the rice", "fumigate the goods", "obtain fumigation certificate"],
    "Apply for the phytosanitary certificate": ["apply for phyto", "submit phytosanitary application",
                                                "request phytosanitary certificate", "phyto application"],
    "Inspect and sample the rice at the warehouse": ["phytosanitary inspection", "inspect the rice",
                                                     "sample the consignment", "plant quarantine inspection"],
    "Issue the phytosanitary certificate": ["issue phyto", "sign the phytosanitary certificate",
                                            "phytosanitary certificate issued", "issue PC"],
    "Apply for the certificate of origin (Form D)": ["apply for Form D", "apply for certificate of origin",
                                                     "submit Form D application", "request CO"],
    "Check the application and issue the Form D": ["issue Form D", "issue certificate of origin", "issue CO",
                                                   "certify origin"],
    "Stuff and seal the containers": ["stuff containers", "load containers at the warehouse", "container stuffing",
                                      "seal the containers"],
    "Lodge the export declaration in ASYCUDA": ["lodge export declaration", "submit customs declaration",
                                                "file the declaration", "lodge declaration", "submit SAD"],
    "Check the declaration and assign the risk channel": ["risk assessment", "assess the declaration",
                                                          "assign channel", "selectivity", "document check"],
    "Truck the containers to the port": ["transport to port", "haul containers to Sihanoukville", "trucking",
                                         "deliver containers to the port"],
    "Receive the containers at the terminal gate": ["gate in", "terminal gate-in", "receive containers at port",
                                                    "issue EIR"],
    "Inspect the containers (inspection channel)": ["customs inspection", "physical inspection", "inspect goods",
                                                    "examine containers", "red channel inspection"],
    "Release the goods for export": ["customs release", "release goods", "grant export release", "clear for export"],
    "Load the containers on the vessel": ["load on vessel", "load the ship", "vessel loading", "ship the containers"],
    "Submit the shipping instructions and verified gross mass": ["send shipping instructions", "submit SI and VGM",
                                                                 "submit VGM", "shipping instructions"],
    "Issue the bill of lading": ["issue B/L", "issue BL", "release bill of lading", "bill of lading issued"],
    "Present the documents under the letter of credit": ["present documents to bank", "L/C presentation",
                                                         "submit documents to the bank", "present documents"],
    "Examine the documents and pay the exporter": ["examine documents", "negotiate documents", "pay exporter",
                                                   "bank examination", "receive payment"],
    "Lodge one electronic submission in the Single Window": ["submit to the Single Window", "single submission",
                                                             "lodge Single Window application",
                                                             "electronic submission"],
    "Issue the electronic phytosanitary certificate": ["issue ePhyto", "issue electronic phyto",
                                                       "issue e-phytosanitary certificate"],
    "Check the application and issue the electronic Form D": ["issue e-Form D", "issue electronic Form D",
                                                              "issue electronic certificate of origin"],
}

# The options of the recommendation task; which are right is in the keys.
OPTIONS = {
    "A": "Let the exporter (or its broker) submit the data once, electronically, to a Single Window that passes "
         "it to customs, plant quarantine and the chamber",
    "B": "Let the certificate of origin be applied for and issued without waiting for the phytosanitary "
         "certificate",
    "C": "Issue and exchange the phytosanitary certificate and the Form D electronically (ePhyto, e-Form D) so "
         "that nobody carries them from office to office",
    "D": "Ask the chamber of commerce to inspect the rice as well, to be sure of the quantities",
    "E": "Inspect every rice container physically at the port",
    "F": "Require a certified paper copy of every certificate for each agency",
    "G": "Lodge the export declaration and have it risk-assessed before the containers reach the port",
    "H": "Move the fumigation after loading to save time before shipment",
}
def examples() -> dict:
    """Small worked examples for the lessons: a part of the process, never a graded answer."""
    bank = [s for s in AS_IS if s["actor"] == "bank"]
    carrier_side = [s for s in AS_IS if s["id"] in ("P03", "P04", "P19")]
    toy = [{"id": "A", "procedure": "Prepare the application", "predecessors": [], "likely_hours": 4},
           {"id": "B", "procedure": "Inspect the goods", "predecessors": ["A"], "likely_hours": 24},
           {"id": "C", "procedure": "Check the application", "predecessors": ["A"], "likely_hours": 8},
           {"id": "D", "procedure": "Issue the certificate", "predecessors": ["B", "C"], "likely_hours": 6}]
    toy_plan = schedule(toy)
    return {
        "inventory_from_the_bank_interview": {
            "interview": "interviews/06_bank.md",
            "procedures": [{"procedure": s["procedure"], "actor": ACTORS[s["actor"]],
                            "documents_in": s["documents_in"], "documents_out": s["documents_out"],
                            "hours": [s["min_hours"], s["likely_hours"], s["max_hours"]], "cost_usd": s["cost_usd"]}
                           for s in bank]},
        "reading_a_duration": {
            "said": "one to three days, a day and a half usually",
            "hours": {"min": 24, "likely": 36, "max": 72},
            "rule": "a day of waiting counts 24 elapsed hours; a working day of work counts 8",
        },
        "time_procedure_toy": {"steps": toy, "start": toy_plan["start"], "finish": toy_plan["finish"],
                               "total_hours": toy_plan["total_hours"], "critical_path": toy_plan["critical_path"]},
        "booking_steps": [{"id": s["id"], "procedure": s["procedure"], "predecessors": s["predecessors"]}
                          for s in carrier_side],
        "data_elements_of_the_example": {name: elements for name, _, elements in DOCUMENTS
                                         if name in EXAMPLE_DOCUMENTS},
        "one_repeated_element": {"element": "HS code",
                                 "typed_into": [d for d in SUBMITTED_BY_TRADER
                                                if "HS code" in dict((n, e) for n, _, e in DOCUMENTS)[d]][:3],
                                 "note": "three of the documents; the assignment asks for all of them"},
    }


def example_rows() -> list[dict]:
    """The letter of credit part of the as-is, under the example's ids, with the documents the
    example model shows (the presentation carries more documents in the whole procedure)."""
    steps = {s["id"]: s for s in AS_IS}
    ids = list(EXAMPLE_STEPS)
    rows = []
    for i, (example_id, step_id) in enumerate(EXAMPLE_STEPS.items()):
        s = steps[step_id]
        documents_in = [d for d in s["documents_in"] if d in EXAMPLE_DOCUMENTS]
        rows.append({**{k: s[k] for k in EXAMPLE_COLUMNS if k in s}, "id": example_id, "actor": ACTORS[s["actor"]],
                     "predecessors": ids[i - 1] if i else "", "documents_in": "; ".join(documents_in),
                     "documents_out": "; ".join(s["documents_out"])})
    return rows


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> int:
    refs = references(random.Random(SEED))
    (HERE / "interviews").mkdir(exist_ok=True)
    for name, text in interviews.notes(refs).items():
        (HERE / "interviews" / name).write_text(text, encoding="utf-8")
    KEYS_DIR.mkdir(parents=True, exist_ok=True)
    write_csv(KEYS_DIR / "procedures.csv", procedure_rows(AS_IS), COLUMNS)
    write_csv(KEYS_DIR / "procedures_to_be.csv", procedure_rows(TO_BE), COLUMNS)
    write_csv(KEYS_DIR / "documents.csv", document_rows(), ["document", "issuer", "process", "data_elements"])
    write_csv(HERE / "example_procedures.csv", example_rows(), EXAMPLE_COLUMNS)
    write_csv(HERE / "containers.csv", [{"container": c, "seal": s, "bags": BAGS // 8}
                                        for c, s in zip(refs["containers"], refs["seals"])],
              ["container", "seal", "bags"])
    (HERE / "models").mkdir(exist_ok=True)
    as_is, to_be = reference_models.as_is(), reference_models.to_be()
    (KEYS_DIR / "as_is.bpmn").write_text(bpmn_writer.to_xml(as_is), encoding="utf-8")
    (KEYS_DIR / "as_is_no_layout.bpmn").write_text(bpmn_writer.to_xml(as_is, with_layout=False), encoding="utf-8")
    (KEYS_DIR / "to_be.bpmn").write_text(bpmn_writer.to_xml(to_be), encoding="utf-8")
    example = reference_models.example_letter_of_credit()
    (HERE / "models" / "example_letter_of_credit.bpmn").write_text(bpmn_writer.to_xml(example), encoding="utf-8")
    (HERE / "models" / "example_letter_of_credit_no_layout.bpmn").write_text(
        bpmn_writer.to_xml(example, with_layout=False), encoding="utf-8")
    write_json(HERE / "synonyms.json", SYNONYMS)
    write_json(HERE / "recommendation_options.json", OPTIONS)
    write_json(HERE / "examples.json", examples())
    facts = {"as_is": figures(AS_IS), "to_be": figures(TO_BE)}
    for name, data in answers.keys(facts, OPTIONS).items():
        # One line per key file: the participants' bundle refuses any file holding a line of a key.
        (KEYS_DIR / name).write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(AS_IS)} as-is steps ({facts['as_is'][INSPECTION_ONLY]['total_hours']} h on the inspection path), "
          f"{len(TO_BE)} to-be steps ({facts['to_be'][INSPECTION_ONLY]['total_hours']} h); "
          f"keys in {KEYS_DIR.relative_to(REPO)}")
    forms.write(HERE)   # the trainer's kit's field forms, from the interviews just written
    return 0


if __name__ == "__main__":
    sys.exit(main())
