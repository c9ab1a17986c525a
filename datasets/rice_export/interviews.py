"""Interview notes with the eight actors of the rice export, as a business process analyst takes them.

People speak as they speak: in days and "it depends", with the names traders give documents (the
phyto, the fumi, the Form D, the PL). The durations and costs they give are the ranges recorded in
``process_tables``; the exporter and the broker disagree about when the declaration is lodged.
"""
from __future__ import annotations

HEADER = """# Interview: {role}

- **Organization:** {organization}
- **Interviewee:** {person}, {title}
- **Date and place:** {date}
- **Interviewers:** the national Single Window working group's process analysis team
- **Consignment discussed:** {consignment}

*Notes taken during the interview, in the interviewee's words where possible. Amounts in US dollars.*

"""


def notes(refs: dict) -> dict[str, str]:
    """The interview files: name -> Markdown text, with the consignment's references filled in."""
    consignment = (f"invoice {refs['invoice']}, letter of credit {refs['lc']}, "
                   f"{refs['bags']:,} bags of milled fragrant rice in 8 containers, CFR Manila")
    texts = {name: HEADER.format(consignment=consignment, **meta) + body.format(**refs).strip() + "\n"
             for name, (meta, body) in _INTERVIEWS.items()}
    return texts


_INTERVIEWS = {
    "01_exporter.md": ({
        "role": "the exporter", "organization": "Tonle Basak Rice Co., Ltd., rice mill and exporter, Phnom Penh",
        "person": "Ms. Chea Sokunthea", "title": "export manager",
        "date": "12 May 2026, at the mill's office in Phnom Penh",
    }, """
## How a shipment starts

"We sign the contract with Pasig Grain Trading in Manila, then we wait for their L/C. When the
buyer says it is opened, our bank calls us one to three days later, usually two, with the L/C
advice. They charge us fifty dollars for that."

"Then I do the invoice and the PL. Half a day normally. If the L/C has strange clauses, two working
days, because I call the buyer and the bank before I type anything."

"I send the invoice and the PL to Angkor Bridge, our forwarder, so that they book space with the
line."

## Fumigation and the phyto

"The Philippines wants the rice fumigated. The fumigation company puts the bags under sheets in
our warehouse: three to five days, four usually. Three hundred and twenty dollars for the lot."

"With the fumi certificate I can apply for the phyto. I fill in the application by hand: our
name and address, the buyer's, HS 1006.30, {bags:,} bags, {net_kg:,} kilos net, {gross_kg:,} gross, the
marks, the ports. I staple the invoice, the PL, the fumi certificate and the copy of the buyer's
import clearance that they send us from Manila. Somebody takes it to the plant quarantine office:
two hours if there is no queue, usually half a day, a whole day in the harvest season. Fifteen
dollars for the motorbike and the copies."

"The inspector comes to our warehouse one to three days later, usually two; we pay his transport,
about thirty dollars. He takes samples, looks for insects, and writes his record. After that we
can stuff the containers."

"Then we wait for the phyto itself. One to five days, three usually. The director signs on
Tuesday and Thursday mornings, so if you miss Thursday you wait for Tuesday."

## The Form D

"The Form D we need for the buyer: with it they pay no duty in Manila. The chamber wants a copy of
the phyto with the application, so I cannot apply before the phyto is out. I type everything
again: our name, the buyer, HS code, bags, weights, the invoice number and date, the vessel from
the booking. Two hours if everything is ready, half a day usually, up to a day; fifteen dollars for
the copies and the trip. The chamber gives it back one to three days later, two usually;
twenty-five dollars."

## Stuffing and the declaration

"The line's release order lets the forwarder pick up eight empty twenty-foot boxes at the depot.
We stuff 500 bags in each: one working day if the labour is there, two usually, up to four when it
rains. Forty dollars a box for the labour. I write the container and seal numbers on a list for the forwarder."

"The broker lodges the declaration when we have given him everything: the invoice, the PL, the
phyto and the Form D. It is usually the day before the trucks leave for Sihanoukville."

## Getting paid

"When the B/L comes, we collect the originals: invoice, PL, fumi, phyto, Form D, B/L, and the
draft. Checking them against the L/C takes a morning if everything is right, a day usually,
sometimes two, and then somebody carries them to the bank. Ten dollars."

"The bank pays us two to five days later, three usually, if there is no discrepancy. Last year the
Form D said {gross_wrong:,} kilos gross and the invoice {gross_kg:,}: a discrepancy fee of
seventy-five dollars and a week lost."

"What I would change? We type the same things again and again: our name, the buyer, the HS code,
the bags and the weights go on the invoice, the PL, the phyto application, the Form D application,
and the broker types them again in ASYCUDA, the forwarder in the booking and the shipping
instructions. Every time one number is different, somebody calls me."
"""),
    "02_forwarder_broker.md": ({
        "role": "the freight forwarder and customs broker",
        "organization": "Angkor Bridge Logistics Co., Ltd., licensed customs broker and forwarder, Phnom Penh",
        "person": "Mr. Heng Vireak", "title": "customs brokerage and forwarding manager",
        "date": "13 May 2026, at Angkor Bridge's office in Phnom Penh",
    }, """
## Booking

"Tonle Basak sends us the invoice and the PL. I fill in the line's booking form from them: the
goods, the HS code, the weight, the ports, eight twenty-foot boxes. Two to four hours, up to a
working day. The line confirms in one to three days; in the harvest season the weekly vessel to
Manila is full, so we wait. With the confirmation they give us the release order for the empties."

## The declaration

"I lodge the export declaration in ASYCUDA as soon as I have the phyto certificate number and the
container and seal numbers. I do not wait for the Form D: customs does not ask for it on an export
declaration, it is for the buyer in Manila. Typing it takes half a day, a working day with
checking, and it runs into the next day when the system is slow or a document is missing. Our fee is a hundred and fifty dollars
for the whole clearance."

"Everything in the declaration I copy from the invoice and the PL: exporter, consignee, HS code,
bags, net and gross, value, the ports, the containers. The same as everybody else has already
typed."

"Customs gives the channel two hours to a day later, six hours usually. I print the assessment
notice for the drivers."

## Trucks and the port

"Phnom Penh to Sihanoukville is eight to twelve hours by truck, a whole day if the road is bad or
there is a checkpoint queue. Two hundred and eighty dollars a truck, eight trucks."

"If the channel says inspection, customs inspects the boxes at the port: four hours if they are
quick, a day usually, two days at worst. The terminal charges us fifteen dollars a box to move them
to the inspection area and back."

## Shipping instructions

"When the exporter gives me the container and seal numbers, I send the shipping instructions and
the VGM to the line: two to four hours, up to a working day if the weighbridge tickets are late.
Again I type the shipper, the consignee, the goods, the marks, the weights, the L/C number for the
B/L."
"""),
    "03_chamber_of_commerce.md": ({
        "role": "the chamber of commerce (certificate of origin desk)",
        "organization": "the chamber of commerce's certificate of origin desk, Phnom Penh, issuing ATIGA Form D "
                        "for exporters",
        "person": "Ms. Ly Chanthou", "title": "officer of the certificate of origin desk",
        "date": "14 May 2026, at the chamber's office",
    }, """
"Exporters bring the Form D application on paper, with copies of the invoice, the packing list, the
booking or the B/L, and the phytosanitary certificate. For rice we ask for the phyto: it is our
practice to check the quantities against an official document. So they come after the phyto is
issued."

"We check that the HS code, the quantities and the invoice number on the application match the
invoice, that the origin criterion is right (wholly obtained, for rice grown and milled here), and
we sign and stamp. One to three days, two usually: the signing officer is not always here. The fee
is twenty-five dollars per certificate."

"The exporter collects the original and the copies at the desk. The original goes to the buyer
through the bank with the other documents."

"I have heard that Form D can be exchanged electronically between ASEAN members through the ASEAN
Single Window. Here we still print and sign; we have not been told to change."
"""),
    "04_plant_quarantine.md": ({
        "role": "the plant quarantine office (phytosanitary certificates)",
        "organization": "export inspection office, plant protection department of the General Directorate of "
                        "Agriculture, Phnom Penh",
        "person": "Mr. Sok Pisey", "title": "deputy chief of the export inspection office",
        "date": "14 May 2026, at the export inspection office",
    }, """
"The exporter brings the application for the phytosanitary certificate with the invoice, the
packing list, the fumigation certificate and the importing country's import clearance. We need the
import clearance to know the Philippines' requirements for the consignment."

"An inspector goes to the warehouse to inspect and take samples. We look for live insects, stored
product pests. In the harvest season we have few inspectors, so it is one to three days before he
can go, two days usually. The exporter pays the inspector's transport, around thirty dollars. He
writes the inspection record at the warehouse; after that, the exporter may stuff the containers."

"Then the certificate is typed in the office from the application and the inspection record, and
the director signs. He signs on Tuesday and Thursday mornings. So it is one to five days, three
usually. The fee is twenty-five dollars."

"We copy the exporter's name and address, the consignee, the description, the bags, the net
weight, the marks, the ports from the application. If the application is wrong, the certificate
is wrong."

"I know there is the electronic certificate, the ePhyto, and a hub that countries use. We are
preparing; we do not use it yet for the Philippines."
"""),
    "05_customs.md": ({
        "role": "customs (export clearance at the port)",
        "organization": "the customs office at the port of Sihanoukville, export section",
        "person": "Mr. Kim Sambath", "title": "deputy chief of the export section",
        "date": "15 May 2026, at the customs office in Sihanoukville",
    }, """
"The broker lodges the export declaration in ASYCUDA. We check it and the system's risk management
gives the channel: most rice goes without inspection; some consignments are inspected. From lodging
to the channel it is two hours to a day, about six hours usually, because we assess in office
hours."

"For rice, the declaration must show the phytosanitary certificate number; we cannot accept it
without. A certificate of origin is not needed for export clearance: the preference is claimed by
the importer in Manila."

"When the channel is inspection, we inspect at the port once the containers are in the terminal:
four hours to two days, one day usually. Camcontrol sometimes joins the inspection when there is
an instruction; then it can take longer."

"After the inspection, or directly when there is no inspection, we release the goods for export:
one to twelve hours, four usually. The terminal may load only with our release."

"What we receive is the same data again: we compare the declaration with the invoice and the packing
list attached to it."
"""),
    "06_bank.md": ({
        "role": "the exporter's bank (letter of credit)",
        "organization": "Mekong Trade Bank, trade finance department, Phnom Penh",
        "person": "Ms. Ouk Malina", "title": "trade finance officer",
        "date": "16 May 2026, at the bank",
    }, """
"The buyer's bank in Manila sends the letter of credit by SWIFT. We check it and advise it to the
exporter: one to three days, two usually. Our advising fee is fifty dollars."

"After shipment the exporter brings the documents on paper: the invoice, the packing list, the
fumigation certificate, the phytosanitary certificate, the Form D, the bills of lading and the
draft. We examine them against the credit. Under the rules the bank has up to five banking days;
we take two to five days, three usually. Then we negotiate, pay the exporter, and send the documents
to Manila by courier. Negotiation and courier together are about a hundred and fifty dollars."

"Most discrepancies we find are numbers that differ between documents: the weight on the Form D is
not the weight on the invoice, the consignee is written differently on the B/L. Each one costs the
exporter a fee and days."
"""),
    "07_port_terminal.md": ({
        "role": "the port and terminal operator",
        "organization": "the container terminal at the port of Sihanoukville",
        "person": "Mr. Chhun Rotha", "title": "gate and yard supervisor",
        "date": "15 May 2026, at the terminal",
    }, """
"The trucks come to the gate with the container list. We check the boxes and the seals and give the
equipment interchange receipt: one to three hours, up to eight when the queue goes out to the road.
The gate and lift charges come to about ten dollars a box."

"We load only when customs has released the goods. Then it depends on the vessel's window: half a
day to three days, one day usually. Terminal handling is a hundred and ten dollars a box."

"After loading we confirm the loading to the line, so they can issue the bills of lading."
"""),
    "08_carrier.md": ({
        "role": "the carrier (shipping line agency)",
        "organization": "Gulf Star Lines, agency office in Phnom Penh",
        "person": "Ms. Phan Sreyleak", "title": "documentation supervisor",
        "date": "16 May 2026, at the agency office",
    }, """
"The forwarder sends the booking request. We confirm the space on the weekly vessel to Manila and
give the release order for the empty boxes: one to three days, a day and a half usually. In the
harvest season the vessel is full and bookings wait."

"Before the cut-off we need the shipping instructions and the verified gross mass for each box.
Our staff type the shipping instructions into our system for the bill of lading: the shipper, the
consignee, the goods, the marks, the weights, the containers, the L/C number."

"When the terminal confirms the loading, we send a draft bill of lading to the exporter. They check
it, sometimes they change it, then we issue the originals: one to four days, two usually. The
documentation fee is sixty dollars."
"""),
}
