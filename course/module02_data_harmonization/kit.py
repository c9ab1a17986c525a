"""Module 02's trainer's kit: how its six tuna forms are printed, and the day's rhythm around its agenda.

The agenda itself (rows, durations) is read from the module README, so it has one home; this
file adds the clock (start times, breaks) and what to cut when the room runs late. The forms
print every field as the scenario's CSV files write it; the numbering of the boxes follows
the order below.
"""
from __future__ import annotations

from ..i18n import N_
from ..kit.declaration import Break, Cut, FormLayout, Kit, Schedule

WIDE = 2.5  # descriptions take more room on a line

FORMS = (
    FormLayout("commercial_invoice", "COMMERCIAL INVOICE", "Issued by the seller",
               rows=((("Seller", 2), "Invoice No.", "Invoice Date"),
                     ("Seller Address",),
                     (("Buyer", 2), "Currency", "Incoterms"),
                     (("Buyer Address", 3), "Country of Origin")),
               columns=(("Description of Goods", WIDE), "HS Code", "Quantity", "Unit Price (USD)", "Amount (USD)",
                        "Gross Wt.", "Net Wt.")),
    FormLayout("packing_list", "PACKING LIST", "Issued by the exporter",
               rows=((("Exporter", 2), "Packing List No.", "Date"),
                     (("Consignee", 2), "Invoice Ref.")),
               columns=(("Marks & Numbers", 1.6), "No. of Packages", "Kind of Packages", ("Description", WIDE),
                        "Gross weight (kg)", "Net weight (kg)")),
    FormLayout("certificate_of_origin", "CERTIFICATE OF ORIGIN", "Issued by the competent authority of the "
               "exporting country",
               rows=((("Exporter", 2), "Certificate No."),
                     (("Consignee", 2), "Date of Issue"),
                     (("Producer", 2), "Country of Origin"),
                     ("Means of Transport and Route",),
                     ("Port of Loading", "Port of Discharge", ("Invoice Number and Date", 1.5))),
               columns=(("Item No.", 0.6), ("Marks and Numbers", 1.6), "Number and Kind of Packages",
                        ("Description of Goods", WIDE), "HS Code", ("Origin Criterion", 0.8), "Gross Weight")),
    FormLayout("health_certificate", "FISH HEALTH CERTIFICATE", "Fishery products for human consumption, "
               "signed by the competent authority at loading",
               rows=((("Consignor", 2), "Certificate Reference"),
                     ("Consignor Country (ISO code)", "Country of Origin", "Date Signed"),
                     (("Consignee", 2), "Consignee Country (ISO code)"),
                     ("Place of Loading", "Point of Entry")),
               columns=(("Species", 1.3), ("Nature of Commodity", WIDE), "Treatment Type", "Number of Packages",
                        "Net Weight", ("Identification of Container/Seal", 1.8))),
    FormLayout("export_declaration", "EXPORT DECLARATION", "Maldives Customs Service, lodged by the declarant",
               rows=((("Exporter", 2), "Declaration No.", "Declaration Date"),
                     (("Consignee", 2), "Country of Destination"),
                     (("Declarant/Broker", 2), "Invoice No."),
                     ("Mode of Transport", "Vessel Name", "Port of Loading", "Port of Discharge")),
               columns=("Commodity Code", ("Goods Description", WIDE), "Packages", "Package Type",
                        "Gross Mass (kg)", "Net Mass (kg)", "Statistical Value (MVR)")),
    FormLayout("bill_of_lading", "BILL OF LADING", "Port to port shipment, issued by the carrier",
               rows=((("Shipper", 2), "B/L No."),
                     (("Consignee", 2), "Shipped on Board Date"),
                     (("Notify Party", 2), "Freight"),
                     ("Vessel / Voyage", "Port of Loading", "Port of Discharge")),
               columns=(("Container No. / Seal No.", 1.4), ("Marks & Nos.", 1.5), ("No. of Pkgs", 0.7),
                        ("Description of Packages and Goods", WIDE), "Gross Weight", ("Measurement (CBM)", 0.9))),
)

KIT = Kit(
    documents="tuna/documents",
    group_by="consignment",
    forms=FORMS,
    schedule=Schedule(
        starts={1: "09:00", 2: "09:00"},
        breaks=(Break(1, "01-why-harmonize", 15, N_("Coffee break")),
                Break(1, "Exercise 01: capture inventory", 60, N_("Lunch")),
                Break(1, "03-analyse-and-reconcile", 15, N_("Coffee break")),
                Break(2, "04-model-xsd-instances-rules", 15, N_("Coffee break"), minutes_into=60))),
    cuts=(
        Cut("Opening", N_("Show two forms instead of six; hand out the printed forms for reading at the break.")),
        Cut("02-capture-and-define", N_("Skip the format-guessing helper; show its result on the projector.")),
        Cut("Exercise 01: finish the dictionary", N_("Finish the dictionary together on the projector; leave "
                                                     "the format conflicts for the evening.")),
        Cut("Plenary", N_("Keep the consignee homonym (C03) and drop the round of examples from the agencies.")),
        Cut("04-model-xsd-instances-rules", N_("Demonstrate the Cross Industry Invoice instead of building it "
                                               "together.")),
        Cut("Exercise 02: harmonized message", N_("The packing list XSD can be finished after the workshop: it is "
                                                  "the most open-ended task.")),
    ),
    notes=(N_("Release the quiz before the opening (02-data-harmonization-pre) and again before the key points "
              "(02-data-harmonization-post); each takes about ten minutes."),
           N_("Open the feedback survey (dashboards/feedback_survey.ipynb) during the key points."),),
)
