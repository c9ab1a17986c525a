"""Plain-language text for the findings of EPCIS event checks.

The codes join the platform's finding codes (``course.xml.messages.MESSAGES``) when this
package is imported, so an event finding is a :class:`course.xml.Finding` like any other:
its ``path`` is a JSON path (``$.epcisBody.eventList[3].action``) instead of a line.
"""
from __future__ import annotations

from ..i18n import N_
from ..xml.messages import MESSAGES

EPCIS_MESSAGES: dict[str, tuple[str, str]] = {
    # Refusals: the file cannot be checked at all.
    "epcis.empty": (
        N_("The event file is empty."),
        N_("Choose the file again; it may not have been saved or uploaded completely."),
    ),
    "epcis.too-large": (
        N_("The event file is {size} and the limit is {limit}."),
        N_("Check a smaller file, or split the events into several documents."),
    ),
    "epcis.not-json": (
        N_("This is not JSON: {detail}"),
        N_("EPCIS 2.0 events are exchanged as JSON-LD. Look at the place shown: a comma, quote or bracket may be missing."),
    ),
    "epcis.too-deep": (
        N_("The file nests objects and lists more than {limit} levels deep."),
        N_("EPCIS events need only a few levels of nesting; a file this deep is broken or hostile. Check how it was produced."),
    ),
    "epcis.unknown-context": (
        N_("The @context '{url}' is not one of the EPCIS contexts installed with the course; it was not fetched."),
        N_("Use the standard context https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld. A receiving system never fetches what a document names."),
    ),
    "epcis.bad-context": (
        N_("The @context cannot be used as JSON-LD: {detail}."),
        N_("Keep the standard context first and do not give its terms (such as cbvmda or bizStep) a new meaning; declare your own prefixes under new names."),
    ),
    "epcis.no-context": (
        N_("The document has no @context: its terms cannot be read as EPCIS."),
        N_("Start the document with \"@context\": [\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"]."),
    ),
    # The structure, from the JSON Schema.
    "epcis.schema": (
        N_("{detail}"),
        N_("Compare this part with the structure of an EPCIS 2.0 event in the lesson: field names are case-sensitive, and each field has one type."),
    ),
    "epcis.required": (
        N_("The field '{field}' is required here and is missing."),
        N_("Add it: every {kind} needs it."),
    ),
    "epcis.unknown-field": (
        N_("The field '{field}' is not part of an EPCIS 2.0 {kind}."),
        N_("Check its spelling; a field of your own needs a namespace prefix declared in @context (like 'example:grade')."),
    ),
    "epcis.wrong-type": (
        N_("'{field}' should be {expected}, not {given}."),
        N_("Numbers are written without quotes, lists in square brackets, text in quotes."),
    ),
    "epcis.not-allowed": (
        N_("'{value}' is not allowed for '{field}'; use one of: {allowed}."),
        N_("The standard fixes these values; they are written in capitals for action."),
    ),
    "epcis.more": (
        N_("{count} more problems of the structure are not listed."),
        N_("Fix the ones shown and check again."),
    ),
    # The vocabulary and identifiers.
    "epcis.unknown-bizstep": (
        N_("'{value}' is not a business step of the CBV."),
        N_("Use a CBV business step such as commissioning, shipping, receiving, packing, unpacking or inspecting, or a full URI of your own vocabulary."),
    ),
    "epcis.unknown-disposition": (
        N_("'{value}' is not a disposition of the CBV."),
        N_("Use a CBV disposition such as active, in_transit, in_progress, container_closed or conformant."),
    ),
    "epcis.id-syntax": (
        N_("'{value}' is not an EPC URI or GS1 Digital Link of a kind this event can hold."),
        N_("Write it like urn:epc:id:sgtin:CompanyPrefix.ItemReference.Serial (a trade item), urn:epc:id:sscc:... (a pallet), urn:epc:class:lgtin:... (a lot) or urn:epc:id:sgln:... (a place)."),
    ),
    "epcis.id-length": (
        N_("'{value}' has the wrong number of digits for its kind of GS1 key."),
        N_("Company prefix and reference together have 13 digits in an SGTIN or LGTIN, 17 in an SSCC (with the extension digit) and 12 in an SGLN."),
    ),
    "epcis.id-check-digit": (
        N_("The GS1 key in '{value}' has a wrong check digit."),
        N_("Compute it again: from the right, multiply the digits alternately by 3 and 1, add them up, and take what brings the sum to a multiple of 10."),
    ),
    "epcis.id-kind": (
        N_("'{value}' is a {kind}, which does not belong in '{field}'."),
        N_("Places (readPoint, bizLocation) are SGLNs; what moves is an SGTIN, SSCC or LGTIN."),
    ),
    # Times.
    "epcis.time-format": (
        N_("'{value}' is not a date and time with its offset from UTC."),
        N_("Write it like 2026-05-07T07:15:00.000+07:00: the offset (+07:00, or Z for UTC) is part of the time."),
    ),
    "epcis.time-offset": (
        N_("The eventTime's offset {time_offset} differs from eventTimeZoneOffset {declared}."),
        N_("eventTimeZoneOffset is the offset of the place where the event happened; write the time with that same offset."),
    ),
    "epcis.time-future": (
        N_("The event happened at {value}, after the document was created ({created})."),
        N_("An event cannot be recorded before it happens: look for a wrong day, month or year."),
    ),
    # The chain: what the events say together.
    "chain.received-not-shipped": (
        N_("{epc} is received at {location} but no event shows it shipped there."),
        N_("A missing shipping event is a gap in the chain of custody: ask the sender for its record."),
    ),
    "chain.not-received": (
        N_("{epc} is handled at {location} ({step}) but was never received there."),
        N_("A missing receiving event is a gap in the chain of custody: ask the receiver whether it was scanned in."),
    ),
    "chain.receipt-before-shipment": (
        N_("{epc} is received at {received} before it was shipped at {shipped}."),
        N_("One of the two times is wrong: check both clocks and the offsets."),
    ),
    "chain.no-origin": (
        N_("{epc} is used at {location} but no event shows where it came from."),
        N_("A lot from nowhere cannot be traced back to a farm: hold it until its origin is documented."),
    ),
    "chain.aggregation-mismatch": (
        N_("{parent} was packed with {packed} items and unpacked with {unpacked}: {missing} missing."),
        N_("Look for the missing items: lost, stolen, or moved to another pallet without a record."),
    ),
    "chain.mass-balance": (
        N_("The transformation {run} puts out {output} kg from {input} kg of input."),
        N_("Outputs cannot weigh more than the inputs: an input is missing from the record, or produce was added from elsewhere."),
    ),
}

MESSAGES.update(EPCIS_MESSAGES)
