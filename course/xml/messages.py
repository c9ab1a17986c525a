"""Plain-language text for every finding code.

Each code maps to a message and a hint, both templates with ``{named}`` placeholders.
Codes are stable: tests, exports and dashboards refer to them; the wording may change.
"""
from __future__ import annotations

from ..i18n import N_

MESSAGES: dict[str, tuple[str, str]] = {
    # Refusals: the document cannot be checked at all.
    "xml.empty": (
        N_("The document is empty."),
        N_("Choose the XML file again; it may not have been saved or uploaded completely."),
    ),
    "xml.too-large": (
        N_("The document is {size} and the limit is {limit}."),
        N_("Check a smaller document, or ask the trainer to raise the limit if this size is expected."),
    ),
    "xml.not-xml": (
        N_("This is not an XML document; it looks like {kind}."),
        N_("Export or save the document as XML first, then check that file."),
    ),
    "xml.not-well-formed": (
        N_("The document is not well-formed XML: {detail}"),
        N_("Look at the line shown and just before it: a tag may be misspelt, unclosed or closed in the wrong order, or a '&' or '<' may need escaping."),
    ),
    "xml.encoding": (
        N_("The document contains bytes that are not valid text in its declared encoding: {detail}"),
        N_("Save the file as UTF-8 (most editors offer this under 'Save as'), or declare its real encoding in the first line."),
    ),
    "xml.too-deep": (
        N_("The document nests elements more than {limit} levels deep."),
        N_("Trade documents need only a few levels of nesting; a document this deep is broken or hostile. Check how it was produced."),
    ),
    "xml.doctype": (
        N_("The document carries a document type declaration (DOCTYPE)."),
        N_("Documents exchanged between agencies are checked against a schema, not a DTD: remove the DOCTYPE line and check again."),
    ),
    "xml.external-dtd": (
        N_("The document refers to an external DTD ({location})."),
        N_("Documents exchanged between agencies must not make the receiver fetch other files; remove the DOCTYPE line and check again."),
    ),
    "xml.entity-declaration": (
        N_("The document declares the entity '{name}'; entities can make a small file expand to gigabytes."),
        N_("Documents exchanged between agencies must not declare entities: write the text out in full and remove the DOCTYPE."),
    ),
    "xml.entity-expansion": (
        N_("The document's entities expand to far more text than the document itself holds (an 'entity expansion' attack)."),
        N_("Documents exchanged between agencies must not declare entities; a document like this is broken or hostile and should be reported, not repaired."),
    ),
    "xml.external-entity": (
        N_("This document declares an external entity '{name}' that points to {location}."),
        N_("Documents exchanged between agencies must not pull in files or web addresses when they are read: that is how data is stolen from a receiving system. Remove the entity and write the content in full."),
    ),
    "xml.xinclude": (
        N_("The document uses XInclude to pull in another file ({location})."),
        N_("Documents exchanged between agencies must be complete in themselves: copy the included content in and remove the XInclude element."),
    ),
    "xml.unreadable": (
        N_("The file could not be read: {detail}"),
        N_("Check the file name and that the file exists and is readable."),
    ),
    "xml.schema-location-ignored": (
        N_("The document names its own schema location ({location}); it is checked against the reference schema you chose instead."),
        N_("This is only information: a receiving agency decides which schema applies, not the sender."),
    ),
    # Structure: the document does not follow the schema.
    "schema.unknown-root": (
        N_("The document starts with <{element}>, which this schema does not define as a document."),
        N_("Check that you chose the right reference schema and that the root element's name and namespace are spelt as the schema expects: {expected}."),
    ),
    "schema.wrong-namespace": (
        N_("The document element <{element}> is in the namespace '{namespace}', but the schema expects '{expected}'."),
        N_("Declare the namespace on the document element: <{element} xmlns=\"{expected}\">."),
    ),
    "schema.unexpected-element": (
        N_("<{element}> is not expected here inside <{parent}>."),
        N_("At this position the schema expects: {expected}. Check the spelling, the namespace and the order of elements."),
    ),
    "schema.missing-element": (
        N_("<{parent}> is incomplete: {expected} is missing."),
        N_("Add the missing element in the position the schema requires; mandatory elements cannot be left out."),
    ),
    "schema.not-in-code-list": (
        N_("'{value}' is not an allowed code for <{element}>."),
        N_("Use a code from the code list. Allowed codes include: {allowed}."),
    ),
    "schema.wrong-format": (
        N_("'{value}' does not have the format required for <{element}>."),
        N_("The value must match the pattern {pattern}."),
    ),
    "schema.wrong-type": (
        N_("'{value}' is not a valid {type} for <{element}>."),
        N_("Write the value as a {type}, for example {example}."),
    ),
    "schema.wrong-attribute-value": (
        N_("The attribute '{attribute}' of <{element}> is '{value}', which is not a valid {type}."),
        N_("Write the attribute's value as a {type}, for example {attribute}=\"{example}\"."),
    ),
    "schema.too-long": (
        N_("'{value}' is too long for <{element}>."),
        N_("The schema allows at most {limit} characters here."),
    ),
    "schema.too-short": (
        N_("'{value}' is too short for <{element}>."),
        N_("The schema requires at least {limit} characters here."),
    ),
    "schema.wrong-length": (
        N_("'{value}' has the wrong length for <{element}>."),
        N_("The schema requires exactly {limit} characters here."),
    ),
    "schema.out-of-range": (
        N_("{value} is outside the range allowed for <{element}>."),
        N_("The value must be {bound}."),
    ),
    "schema.missing-attribute": (
        N_("<{element}> lacks the required attribute '{attribute}'."),
        N_("Add the attribute, for example <{element} {attribute}=\"...\">."),
    ),
    "schema.unexpected-attribute": (
        N_("<{element}> has an attribute '{attribute}' that the schema does not allow."),
        N_("Remove the attribute or check its spelling."),
    ),
    "schema.empty-content": (
        N_("<{element}> must not contain text or child elements here."),
        N_("Remove the content, or check that this is the element you meant."),
    ),
    "schema.invalid": (
        N_("<{element}> is not valid: {detail}"),
        N_("Compare this part of the document with the schema's definition of <{element}>."),
    ),
    # Business rules (Schematron) beyond the schema.
    "rules.failed": (
        N_("A business rule is broken: {rule}"),
        N_("The structure is valid; the values break a rule that the receiving agencies apply. Correct the values at the location shown."),
    ),
    "rules.more": (
        N_("{count} more business-rule failures are not listed."),
        N_("Correct the ones listed first: many failures usually come from a few systematic mistakes."),
    ),
    "rules.skipped": (
        N_("Business rules were not checked because the structure is not valid yet."),
        N_("Correct the structural errors first; the business rules are checked as soon as the document follows the schema."),
    ),
    # Schemas a learner supplies.
    "xsd.invalid-schema": (
        N_("The schema itself is not a valid XSD: {detail}"),
        N_("Check the schema's syntax against the XSD rules: element and type names, references to types that exist, and the xs: namespace."),
    ),
    "xsd.remote-import": (
        N_("The schema imports {location}, which is not a local file."),
        N_("Schemas are checked offline: keep imported and included schemas beside this one and refer to them by relative file name."),
    ),
    # Comparing a learner's schema with the reference schema, element by element.
    "compare.missing": (
        N_("<{element}> is missing from your model; the reference has it inside <{parent}>."),
        N_("Add <{element}> inside <{parent}>."),
    ),
    "compare.extra": (
        N_("<{element}> is in your model but not in the reference."),
        N_("Check whether it is a synonym of a reference element ({suggestion}) or not needed in the harmonized dataset."),
    ),
    "compare.moved": (
        N_("<{element}> is inside <{parent}> in your model but inside <{expected}> in the reference."),
        N_("Move <{element}> so that it belongs to <{expected}>."),
    ),
    "compare.optional": (
        N_("<{element}> is optional in your model but mandatory in the reference."),
        N_("Remove minOccurs=\"0\" from <{element}>."),
    ),
    "compare.mandatory": (
        N_("<{element}> is mandatory in your model but optional in the reference."),
        N_("Add minOccurs=\"0\" to <{element}>."),
    ),
    "compare.repeats": (
        N_("<{element}> may occur {yours} in your model but {reference} in the reference."),
        N_("Set maxOccurs on <{element}> to match the reference ({reference})."),
    ),
    "compare.type": (
        N_("<{element}> is {yours} in your model but {reference} in the reference."),
        N_("Give <{element}> the type the reference uses, so that its values are checked the same way."),
    ),
    "compare.structure": (
        N_("<{element}> holds {yours} in your model but {reference} in the reference."),
        N_("Compare the content of <{element}> with the reference model."),
    ),
    "compare.codes": (
        N_("The code list of <{element}> differs from the reference: {difference}."),
        N_("Use exactly the reference code list for <{element}>."),
    ),
    "compare.facet": (
        N_("The {facet} of <{element}> is {yours} in your model but {reference} in the reference."),
        N_("Restrict <{element}> in the same way as the reference."),
    ),
    "compare.namespace": (
        N_("Your model's target namespace is '{yours}'; the reference's is '{reference}'."),
        N_("Set targetNamespace (and the default xmlns) to the reference's namespace: with another namespace, no message of the reference validates against your schema."),
    ),
    "compare.root": (
        N_("Your model's document element is <{yours}>; the reference's is <{reference}>."),
        N_("Name the top-level element as the reference does."),
    ),
}
