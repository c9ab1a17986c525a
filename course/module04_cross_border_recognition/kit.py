"""Module 04's trainer's kit: the day's clock around the agenda, and what to cut when late.

The agenda (rows, durations) is read from the module README. The module prints no paper
forms: its documents are signed XML, shown on screen and in the document verifier.
"""
from __future__ import annotations

from ..i18n import N_
from ..kit.declaration import Break, Cut, Kit, Schedule

KIT = Kit(
    documents="recognition",
    group_by="",
    schedule=Schedule(
        starts={1: "08:45"},
        breaks=(Break(1, "01-hashes-and-signatures", 15, N_("Coffee break")),
                Break(1, "Exercise: digests and the trust list entry", 60, N_("Lunch")),
                Break(1, "Exercise: sign the certificate", 15, N_("Coffee break")))),
    cuts=(
        Cut("Opening", N_("Tell the journey of one certificate in five minutes; keep the question of who trusts whom for the plenary.")),
        Cut("01-hashes-and-signatures", N_("Skip the second key pair; show on the projector that it fails.")),
        Cut("02-certificates-and-trust", N_("Keep the chain and the signing time; read the legal texts at the end of the day instead.")),
        Cut("03-xml-signature", N_("Show the wrapping attempt on the projector instead of building it together.")),
        Cut("Exercise: sort the received batch", N_("Sort the batch in pairs, half of the documents each; the checklist can be finished after the workshop.")),
    ),
    notes=(N_("Before the day: check that the training signer's certificate is still valid (until 2030-12-31) and that the room's machines have the course installed; nothing is fetched from the internet."),
           N_("Give non-coders the document verifier dashboard (dashboards/document_verifier.ipynb) during the exercises."),),
)
