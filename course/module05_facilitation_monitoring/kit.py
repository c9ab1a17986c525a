"""Module 05's trainer's kit: the paper time release records, and the day's clock around its agenda.

The agenda (rows, durations) is read from the module README, so it has one home; this file adds
the start time, the breaks (which the README states in words, a test keeps the two in step) and
what to cut when the room runs late. The records print twelve declarations of the scenario's log
as the systems wrote them (UTC stamps, a duplicated row, a release keyed days early, a missing
milestone included), for a paper exercise before lesson 02: participants compute the release
time of each by hand and say which records they would trust.
"""
from __future__ import annotations

from ..i18n import N_
from ..kit.declaration import Break, Cut, FormLayout, Kit, Schedule

FORMS = (
    FormLayout("time_release_record", "TIME RELEASE RECORD", "Milestones of one import declaration, as logged "
               "at the border post (local time UTC+06:00 unless marked Z)",
               rows=(("Declaration No.", "Period"), ("Risk Channel", "SPS Certificate")),
               columns=("Milestone", ("Date and Time", 1.6), "Recorded by")),
)

KIT = Kit(
    documents="border_post_trs/forms",
    group_by="sheet",
    forms=FORMS,
    schedule=Schedule(starts={1: "09:00"},
                      breaks=(Break(1, "01-trs-method", 15, N_("Coffee break")),
                              Break(1, "Assignment part 1, task 1", 60, N_("Lunch")),
                              Break(1, "Assignment part 1, tasks 2 to 4", 15, N_("Coffee break")))),
    cuts=(
        Cut("Opening", N_("Skip the round of questions; show the reform's two measures on one slide.")),
        Cut("02-cleaning-logs", N_("Run sections 1 to 3 on the projector; let participants do sections 4 and 5 "
                                   "themselves.")),
        Cut("04-time-cost-distance", N_("Keep the chart and section 3; leave the what-if for the evening.")),
        Cut("Assignment part 2", N_("Do task 7 together as a plenary: each table proposes one measure and defends it.")),
    ),
    notes=(N_("Before lesson 02, hand out the printed time release records in pairs: each pair computes the release "
              "time of three declarations by hand and says which record it would not trust, and why."),
           N_("Participants who do not code can follow the whole day in dashboards/trs_explorer.ipynb."),),
)
