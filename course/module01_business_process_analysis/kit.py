"""Module 01's trainer's kit: the analyst's field forms, and the day's clock around its agenda.

The agenda (rows, durations) is read from the module README, so it has one home; this file adds
the start time, the breaks (which the README states in words, a test keeps the two in step) and
what to cut when the room runs late. The forms are what a business process analyst fills in the
field, one sheet per organization interviewed: the interview record (who, when, each step as told,
its documents, time and cost) and the time-procedure worksheet (steps, predecessors, the three
durations, earliest start and finish, slack). Their headers come from the public interview notes
(``datasets/rice_export/forms.py``); their rows are blank.
"""
from __future__ import annotations

from ..i18n import N_
from ..kit.declaration import Break, Cut, FormLayout, Kit, Schedule

FORMS = (
    FormLayout("interview_record", "INTERVIEW RECORD SHEET",
               "Business process analysis of one export: what the interviewee does, with which documents, "
               "how long it takes and what it costs (durations in elapsed hours)",
               rows=((("Organization", 2.2), ("Interview Notes", 1.0)),
                     (("Interviewee and Role", 1.6), ("Date and Place", 1.6)),
                     (("Consignment Discussed", 2.4), ("Interviewer", 1.0))),
               columns=(("No.", 0.5), ("Step, in the interviewee's words", 2.3), ("Documents Received", 1.3),
                        ("Documents Produced", 1.3), ("Time as Said", 1.1), ("Min / Likely / Max Hours", 1.0),
                        ("Waiting Hours", 0.8), ("Cost (USD)", 0.7), ("Comes After Step", 0.8))),
    FormLayout("time_procedure_worksheet", "TIME-PROCEDURE WORKSHEET",
               "The steps of one organization with their predecessors and durations, then the earliest start "
               "and finish of each, its slack and whether it is on the critical path",
               rows=((("Actor", 1.4), ("Organization", 2.2)), (("Units of Time", 2.4), ("Prepared by", 1.2))),
               columns=(("No.", 0.5), ("Step ID", 0.7), ("Procedure", 2.4), ("Predecessors", 1.3),
                        ("Min / Likely / Max h", 1.1), ("Waiting h", 0.8), ("Earliest Start h", 0.9),
                        ("Earliest Finish h", 0.9), ("Slack h", 0.7), ("Critical?", 0.8))),
)

KIT = Kit(
    documents="rice_export/forms",
    group_by="sheet",
    forms=FORMS,
    schedule=Schedule(starts={1: "09:00"},
                      breaks=(Break(1, "02-interviews-to-inventory", 15, N_("Coffee break")),
                              Break(1, "03-modelling-as-is-in-bpmn", 60, N_("Lunch")),
                              Break(1, "the time-procedure figures", 15, N_("Coffee break")))),
    cuts=(
        Cut("Opening", N_("Read the exporter's complaint aloud and go straight to the three phases.")),
        Cut("04-time-procedure-chart", N_("Leave the three-point estimates (best and worst cases) for home.")),
        Cut("the to-be model", N_("Leave the to-be model for home; keep the recommendation, where the day's analysis "
                                  "turns into advice.")),
    ),
    notes=(N_("Before lesson 02, hand out the printed interview record sheets: in pairs, one interviews, the other "
              "takes notes on the sheet for one step of their own work; then fill in the worksheet's first rows "
              "from the bank's interview."),
           N_("Participants who do not code can check their BPMN models in dashboards/process_checker.ipynb."),),
)
