"""Module 03's trainer's kit: the packhouse's paper packing records, and the day's clock around its agenda.

The agenda (rows, durations) is read from the module README; this file adds the start time, the
breaks (which the README states in words; a test keeps the two in step) and what to cut when the
room runs late. The records print four packing runs of the scenario as the packhouse's clerk
keeps them (farm lots weighed in, cartons packed out), for a paper mass balance before lesson 03:
participants work out each run's yield and grade-out by hand. The printed runs balance; the runs
that do not are left for the lessons and the assignment to find in the events.
"""
from __future__ import annotations

from ..i18n import N_
from ..kit.declaration import Break, Cut, FormLayout, Kit, Schedule

FORMS = (
    FormLayout("packing_record", "PACKING RECORD", "Farm lots received and cartons packed in one "
               "grading and packing run (net weights in kilograms)",
               rows=(("Packing Run No.", "Date"), ("Packhouse", "Product")),
               columns=("Line", ("Lot or Cartons", 2.2), ("Grown by", 1.5), "Kilograms")),
)

KIT = Kit(
    documents="mango_trace/forms",
    group_by="sheet",
    forms=FORMS,
    schedule=Schedule(starts={1: "09:00"},
                      breaks=(Break(1, "01-why-traceability-and-identifiers", 15, N_("Coffee break")),
                              Break(1, "Assignment, tasks 1 to 4", 60, N_("Lunch")),
                              Break(1, "Assignment, tasks 5 to 8", 15, N_("Coffee break")))),
    cuts=(
        Cut("Opening", N_("Tell the residue story in two minutes and go straight to the chain on the board.")),
        Cut("02-epcis-events", N_("Leave the JSON-LD expansion and the EPCIS 1.2 section for home; keep the repair "
                                  "exercise.")),
        Cut("03-trace-and-recall", N_("Do the custody section as a demonstration on the projector.")),
        Cut("Assignment, tasks 5 to 8", N_("Do task 5 (the recall) together as a plenary; leave tasks 7 and 8 for home.")),
    ),
    notes=(N_("Before lesson 03, hand out the printed packing records in pairs: each pair works out the yield and "
              "the share graded out of two runs by hand, and says what a run that packs more than it received "
              "would mean."),
           N_("Participants who do not code can follow the day in dashboards/trace_explorer.ipynb."),),
)
