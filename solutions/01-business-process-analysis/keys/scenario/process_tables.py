"""The facts of the rice export scenario: its procedures (as-is and to-be) and its documents.

Everything else the scenario writes (interview notes, models, keys) is derived from these
tables, so that a change here reaches every file when ``make_dataset.py`` runs again.
Durations are elapsed hours (calendar time, nights and weekends included); ``wait`` is the
part of a step spent waiting (a queue, a signature, travel), not working.
"""
from __future__ import annotations

ACTORS = {
    "exporter": "Exporter",
    "forwarder": "Freight forwarder / customs broker",
    "chamber": "Chamber of commerce",
    "quarantine": "Plant quarantine",
    "customs": "Customs",
    "bank": "Bank",
    "port": "Port and terminal operator",
    "carrier": "Carrier",
    "single_window": "Single Window",
}

# Lanes inside each organization's pool: the unit that does the work.
LANES = {
    "exporter": [("export_office", "Export office"), ("warehouse", "Warehouse")],
    "forwarder": [("forwarding", "Forwarding desk"), ("brokerage", "Customs brokerage")],
    "chamber": [("origin_desk", "Certificate of origin desk")],
    "quarantine": [("phyto_office", "Phytosanitary office"), ("field", "Field inspection")],
    "customs": [("declarations", "Declaration processing"), ("inspection", "Inspection team")],
    "bank": [("trade_finance", "Trade finance")],
    "port": [("terminal", "Terminal operations")],
    "carrier": [("agency", "Shipping line agency")],
    "single_window": [("platform", "Single Window platform")],
}

PATHS = ("inspection required", "green channel")
INSPECTION_ONLY = "inspection required"


def step(sid, name, actor, lane, docs_in, docs_out, preds, times, wait, cost, notes="", path="all"):
    low, likely, high = times
    return {"id": sid, "procedure": name, "actor": actor, "lane": lane, "documents_in": list(docs_in),
            "documents_out": list(docs_out), "predecessors": list(preds), "min_hours": low,
            "likely_hours": likely, "max_hours": high, "waiting_hours": wait, "cost_usd": cost,
            "path": path, "notes": notes}


INVOICE, PACKING = "Commercial invoice", "Packing list"
LC, LC_ADVICE = "Letter of credit", "L/C advice"
FUMIGATION, IMPORT_CLEARANCE = "Fumigation certificate", "SPS import clearance (buyer's copy)"
PHYTO_APP, PHYTO = "Phytosanitary certificate application", "Phytosanitary certificate"
INSPECTION_RECORD = "Phytosanitary inspection record"
FORM_D_APP, FORM_D = "Form D application", "Certificate of origin (ATIGA Form D)"
BOOKING_REQUEST, BOOKING = "Booking request", "Booking confirmation"
RELEASE_ORDER, CONTAINER_LIST = "Empty container release order", "Container and seal list"
DECLARATION, NOTICE = "Export declaration", "Assessment notice"
CUSTOMS_REPORT, RELEASE = "Customs inspection report", "Export release"
EIR, LOAD_CONFIRMATION = "Equipment interchange receipt", "Loading confirmation"
INSTRUCTIONS, VGM = "Shipping instructions", "Verified gross mass declaration"
BL, PRESENTATION, PAYMENT = "Bill of lading", "L/C presentation", "Payment advice"
SUBMISSION = "Single Window submission"
EPHYTO, EFORM_D = "Electronic phytosanitary certificate (ePhyto)", "Electronic certificate of origin (e-Form D)"

AS_IS = [
    step("P01", "Advise the letter of credit", "bank", "trade_finance", [LC], [LC_ADVICE], [],
         (24, 48, 72), 24, 50, "advising fee; the buyer's bank in Manila opened the credit"),
    step("P02", "Prepare the commercial invoice and packing list", "exporter", "export_office",
         [LC_ADVICE], [INVOICE, PACKING], ["P01"], (4, 8, 16), 0, 0),
    step("P03", "Request a booking", "forwarder", "forwarding", [INVOICE, PACKING], [BOOKING_REQUEST], ["P02"],
         (2, 4, 8), 0, 0, "the forwarder retypes the goods, weights and parties from the invoice"),
    step("P04", "Confirm the booking and release empty containers", "carrier", "agency", [BOOKING_REQUEST],
         [BOOKING, RELEASE_ORDER], ["P03"], (24, 36, 72), 24, 0, "space on the weekly vessel to Manila"),
    step("P05", "Fumigate the bagged rice", "exporter", "warehouse", [PACKING], [FUMIGATION], ["P02"],
         (72, 96, 120), 0, 320, "licensed fumigation company; exposure time under sheets"),
    step("P06", "Apply for the phytosanitary certificate", "exporter", "export_office",
         [INVOICE, PACKING, FUMIGATION, IMPORT_CLEARANCE], [PHYTO_APP], ["P05"], (2, 6, 24), 3, 15,
         "paper application carried to the plant quarantine office"),
    step("P07", "Inspect and sample the rice at the warehouse", "quarantine", "field", [PHYTO_APP],
         [INSPECTION_RECORD], ["P06"], (24, 48, 72), 40, 30, "waiting for an inspector to be free"),
    step("P08", "Issue the phytosanitary certificate", "quarantine", "phyto_office", [PHYTO_APP, INSPECTION_RECORD],
         [PHYTO], ["P07"], (24, 72, 120), 60, 25, "signed by the director on Tuesday and Thursday mornings"),
    step("P09", "Apply for the certificate of origin (Form D)", "exporter", "export_office",
         [INVOICE, PACKING, PHYTO, BOOKING], [FORM_D_APP], ["P04", "P08"], (2, 6, 24), 3, 15,
         "the chamber asks for a copy of the phytosanitary certificate"),
    step("P10", "Check the application and issue the Form D", "chamber", "origin_desk", [FORM_D_APP],
         [FORM_D], ["P09"], (24, 48, 72), 30, 25),
    step("P11", "Stuff and seal the containers", "exporter", "warehouse", [RELEASE_ORDER, INSPECTION_RECORD],
         [CONTAINER_LIST], ["P04", "P07"], (8, 16, 32), 4, 320, "eight 20-foot containers, 500 bags each"),
    step("P12", "Lodge the export declaration in ASYCUDA", "forwarder", "brokerage",
         [INVOICE, PACKING, PHYTO, CONTAINER_LIST], [DECLARATION], ["P08", "P11"], (4, 8, 24), 2, 150,
         "broker's fee for the whole clearance; see the broker's and the exporter's interviews"),
    step("P13", "Check the declaration and assign the risk channel", "customs", "declarations", [DECLARATION],
         [NOTICE], ["P12"], (2, 6, 24), 3, 0),
    step("P14", "Truck the containers to the port", "forwarder", "forwarding", [CONTAINER_LIST, NOTICE], [],
         ["P11", "P13"], (8, 12, 24), 2, 2240, "Phnom Penh to Sihanoukville, eight trucks"),
    step("P15", "Receive the containers at the terminal gate", "port", "terminal", [CONTAINER_LIST], [EIR],
         ["P14"], (1, 3, 8), 2, 80),
    step("P16", "Inspect the containers (inspection channel)", "customs", "inspection", [NOTICE, DECLARATION],
         [CUSTOMS_REPORT], ["P13", "P15"], (4, 24, 48), 16, 120,
         "only when the channel requires an inspection; the terminal charges for moving the boxes",
         path=INSPECTION_ONLY),
    step("P17", "Release the goods for export", "customs", "declarations", [DECLARATION, CUSTOMS_REPORT],
         [RELEASE], ["P13", "P16"], (1, 4, 12), 2, 0),
    step("P18", "Load the containers on the vessel", "port", "terminal", [RELEASE, EIR], [LOAD_CONFIRMATION],
         ["P15", "P17"], (12, 24, 72), 18, 880, "terminal handling charges; the vessel calls once a week"),
    step("P19", "Submit the shipping instructions and verified gross mass", "forwarder", "forwarding",
         [CONTAINER_LIST, PACKING], [INSTRUCTIONS, VGM], ["P11"], (2, 4, 8), 0, 0,
         "the forwarder retypes parties, goods and weights once more"),
    step("P20", "Issue the bill of lading", "carrier", "agency", [INSTRUCTIONS, VGM, LOAD_CONFIRMATION], [BL],
         ["P18", "P19"], (24, 48, 96), 24, 60, "draft checked by the exporter, then the originals"),
    step("P21", "Present the documents under the letter of credit", "exporter", "export_office",
         [INVOICE, PACKING, FUMIGATION, PHYTO, FORM_D, BL], [PRESENTATION], ["P10", "P20"], (8, 24, 48), 8, 10,
         "every original carried to the bank"),
    step("P22", "Examine the documents and pay the exporter", "bank", "trade_finance", [PRESENTATION],
         [PAYMENT], ["P21"], (48, 72, 120), 48, 150, "negotiation and courier fees"),
]

TO_BE = [
    step("T01", "Advise the letter of credit", "bank", "trade_finance", [LC], [LC_ADVICE], [], (24, 48, 72), 24, 50),
    step("T02", "Prepare the commercial invoice and packing list", "exporter", "export_office",
         [LC_ADVICE], [INVOICE, PACKING], ["T01"], (4, 8, 16), 0, 0),
    step("T03", "Request a booking", "forwarder", "forwarding", [INVOICE, PACKING], [BOOKING_REQUEST], ["T02"],
         (2, 4, 8), 0, 0),
    step("T04", "Confirm the booking and release empty containers", "carrier", "agency", [BOOKING_REQUEST],
         [BOOKING, RELEASE_ORDER], ["T03"], (24, 36, 72), 24, 0),
    step("T05", "Fumigate the bagged rice", "exporter", "warehouse", [PACKING], [FUMIGATION], ["T02"],
         (72, 96, 120), 0, 320),
    step("T06", "Lodge one electronic submission in the Single Window", "forwarder", "brokerage",
         [INVOICE, PACKING, FUMIGATION, IMPORT_CLEARANCE], [SUBMISSION], ["T05"], (2, 4, 8), 0, 160,
         "declaration, phytosanitary and Form D applications in one submission; container numbers added later"),
    step("T07", "Inspect and sample the rice at the warehouse", "quarantine", "field", [SUBMISSION],
         [INSPECTION_RECORD], ["T06"], (8, 24, 48), 16, 30, "booked by appointment through the Single Window"),
    step("T08", "Issue the electronic phytosanitary certificate", "quarantine", "phyto_office",
         [SUBMISSION, INSPECTION_RECORD], [EPHYTO], ["T07"], (4, 12, 24), 6, 25, "signed electronically"),
    step("T09", "Check the application and issue the electronic Form D", "chamber", "origin_desk", [SUBMISSION],
         [EFORM_D], ["T06"], (8, 24, 48), 12, 25, "no longer waits for the phytosanitary certificate"),
    step("T10", "Check the declaration and assign the risk channel", "customs", "declarations", [SUBMISSION],
         [NOTICE], ["T06"], (1, 4, 12), 1, 0),
    step("T11", "Stuff and seal the containers", "exporter", "warehouse", [RELEASE_ORDER, INSPECTION_RECORD],
         [CONTAINER_LIST], ["T04", "T07"], (8, 16, 32), 4, 320),
    step("T12", "Truck the containers to the port", "forwarder", "forwarding", [CONTAINER_LIST, NOTICE], [],
         ["T10", "T11"], (8, 12, 24), 2, 2240),
    step("T13", "Receive the containers at the terminal gate", "port", "terminal", [CONTAINER_LIST], [EIR],
         ["T12"], (1, 3, 8), 2, 80),
    step("T14", "Inspect the containers (inspection channel)", "customs", "inspection", [NOTICE, SUBMISSION],
         [CUSTOMS_REPORT], ["T10", "T13"], (4, 24, 48), 16, 120, path=INSPECTION_ONLY),
    step("T15", "Release the goods for export", "customs", "declarations", [SUBMISSION, EPHYTO, CUSTOMS_REPORT],
         [RELEASE], ["T08", "T10", "T14"], (1, 2, 4), 0, 0, "the ePhyto reaches customs through the Single Window"),
    step("T16", "Load the containers on the vessel", "port", "terminal", [RELEASE, EIR], [LOAD_CONFIRMATION],
         ["T13", "T15"], (12, 24, 72), 18, 880),
    step("T17", "Submit the shipping instructions and verified gross mass", "forwarder", "forwarding",
         [CONTAINER_LIST, PACKING], [INSTRUCTIONS, VGM], ["T11"], (2, 4, 8), 0, 0),
    step("T18", "Issue the bill of lading", "carrier", "agency", [INSTRUCTIONS, VGM, LOAD_CONFIRMATION], [BL],
         ["T16", "T17"], (24, 48, 96), 24, 60),
    step("T19", "Present the documents under the letter of credit", "exporter", "export_office",
         [INVOICE, PACKING, FUMIGATION, EPHYTO, EFORM_D, BL], [PRESENTATION], ["T08", "T09", "T18"], (4, 8, 24), 2, 10,
         "printed copies of the electronic certificates; nothing to collect from the agencies"),
    step("T20", "Examine the documents and pay the exporter", "bank", "trade_finance", [PRESENTATION],
         [PAYMENT], ["T19"], (48, 72, 120), 48, 150),
]

# The data elements each document carries (as printed on it), to show what is typed again and again.
EXPORTER, CONSIGNEE, HS, GOODS = "exporter name and address", "consignee name and address", "HS code", "goods description"
BAGS, NET, GROSS = "number of bags", "net weight", "gross weight"
INVOICE_NO, LC_NO, VESSEL = "invoice number and date", "L/C number", "vessel and voyage"
LOADING, DISCHARGE, CONTAINERS = "port of loading", "port of discharge", "container and seal numbers"
ORIGIN, VALUE, MARKS = "country of origin", "invoice value", "shipping marks"

DOCUMENTS = [
    (LC, "Buyer's bank (issuing bank)", [EXPORTER, CONSIGNEE, GOODS, LC_NO, VALUE, LOADING, DISCHARGE]),
    (LC_ADVICE, "Bank", [EXPORTER, LC_NO, VALUE]),
    (INVOICE, "Exporter", [EXPORTER, CONSIGNEE, HS, GOODS, BAGS, NET, GROSS, INVOICE_NO, LC_NO, VALUE, ORIGIN, MARKS,
                           LOADING, DISCHARGE]),
    (PACKING, "Exporter", [EXPORTER, CONSIGNEE, GOODS, BAGS, NET, GROSS, INVOICE_NO, MARKS]),
    (BOOKING_REQUEST, "Freight forwarder / customs broker", [EXPORTER, GOODS, HS, GROSS, LOADING, DISCHARGE]),
    (BOOKING, "Carrier", [EXPORTER, VESSEL, LOADING, DISCHARGE]),
    (RELEASE_ORDER, "Carrier", [EXPORTER, VESSEL]),
    (FUMIGATION, "Fumigation company", [EXPORTER, CONSIGNEE, GOODS, BAGS, NET, MARKS]),
    (IMPORT_CLEARANCE, "Importing country's plant authority (through the buyer)", [CONSIGNEE, GOODS, HS, NET, ORIGIN]),
    (PHYTO_APP, "Exporter", [EXPORTER, CONSIGNEE, HS, GOODS, BAGS, NET, GROSS, INVOICE_NO, MARKS, LOADING, DISCHARGE,
                             ORIGIN]),
    (INSPECTION_RECORD, "Plant quarantine", [EXPORTER, GOODS, BAGS, NET]),
    (PHYTO, "Plant quarantine", [EXPORTER, CONSIGNEE, GOODS, BAGS, NET, MARKS, LOADING, DISCHARGE, ORIGIN]),
    (FORM_D_APP, "Exporter", [EXPORTER, CONSIGNEE, HS, GOODS, BAGS, NET, GROSS, INVOICE_NO, VESSEL, LOADING,
                              DISCHARGE, ORIGIN, VALUE, MARKS]),
    (FORM_D, "Chamber of commerce", [EXPORTER, CONSIGNEE, HS, GOODS, BAGS, GROSS, INVOICE_NO, VESSEL, LOADING,
                                     DISCHARGE, ORIGIN, MARKS]),
    (CONTAINER_LIST, "Exporter", [EXPORTER, BAGS, NET, GROSS, CONTAINERS]),
    (DECLARATION, "Freight forwarder / customs broker", [EXPORTER, CONSIGNEE, HS, GOODS, BAGS, NET, GROSS, INVOICE_NO,
                                                         VALUE, ORIGIN, LOADING, DISCHARGE, VESSEL, CONTAINERS]),
    (NOTICE, "Customs", [EXPORTER]),
    (CUSTOMS_REPORT, "Customs", [EXPORTER, GOODS, BAGS, CONTAINERS]),
    (RELEASE, "Customs", [EXPORTER, CONTAINERS]),
    (EIR, "Port and terminal operator", [CONTAINERS]),
    (LOAD_CONFIRMATION, "Port and terminal operator", [VESSEL, CONTAINERS]),
    (INSTRUCTIONS, "Freight forwarder / customs broker", [EXPORTER, CONSIGNEE, HS, GOODS, BAGS, NET, GROSS, MARKS,
                                                          LC_NO, LOADING, DISCHARGE, CONTAINERS]),
    (VGM, "Freight forwarder / customs broker", [GROSS, CONTAINERS]),
    (BL, "Carrier", [EXPORTER, CONSIGNEE, GOODS, BAGS, GROSS, MARKS, LC_NO, VESSEL, LOADING, DISCHARGE, CONTAINERS]),
    (PRESENTATION, "Exporter", [EXPORTER, LC_NO, VALUE, INVOICE_NO]),
    (PAYMENT, "Bank", [EXPORTER, LC_NO, VALUE]),
    (SUBMISSION, "Freight forwarder / customs broker", [EXPORTER, CONSIGNEE, HS, GOODS, BAGS, NET, GROSS, INVOICE_NO,
                                                        VALUE, ORIGIN, MARKS, LOADING, DISCHARGE, VESSEL, CONTAINERS]),
    (EPHYTO, "Plant quarantine", [EXPORTER, CONSIGNEE, GOODS, BAGS, NET, MARKS, LOADING, DISCHARGE, ORIGIN]),
    (EFORM_D, "Chamber of commerce", [EXPORTER, CONSIGNEE, HS, GOODS, BAGS, GROSS, INVOICE_NO, VESSEL, LOADING,
                                      DISCHARGE, ORIGIN, MARKS]),
]
TO_BE_ONLY_DOCUMENTS = {SUBMISSION, EPHYTO, EFORM_D}

# The applications and declarations whose data the exporter's side types in again (the redundancy).
SUBMITTED_BY_TRADER = [INVOICE, PACKING, BOOKING_REQUEST, PHYTO_APP, FORM_D_APP, DECLARATION, INSTRUCTIONS, PRESENTATION]
