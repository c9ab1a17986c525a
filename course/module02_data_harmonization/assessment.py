"""Module 02's quiz, asked before and after the module: one or two items per learning objective.

The objective ids are the ones the module README gives its objectives. Which options are
right is not here: the key lives with the trainer's sources (``solutions/02-data-harmonization-pre/keys/``).
"""
from __future__ import annotations

from ..assessment import MultipleChoice, Objective, Quiz, ShortAnswer, SingleChoice
from ..i18n import N_

QUIZ = Quiz(module="02-data-harmonization", objectives=(
    Objective("why", N_("Explain what repeated data entry costs and how inconsistencies between documents arise")),
    Objective("capture", N_("Make an inventory of the data elements a trade document prints")),
    Objective("define", N_("Write a data dictionary: definition, data type, format and unit of each element")),
    Objective("analyse", N_("Compare documents side by side: synonyms, homonyms and format conflicts")),
    Objective("reconcile", N_("Map each field of a form to a reference model")),
    Objective("model", N_("Read and write an XML schema, build a valid message and read business rules")),
))


@QUIZ.item
class Retyping(SingleChoice):
    id = "02-quiz-retyping"
    objective = "why"
    question = N_("The exporter's name is typed on all six forms of a consignment. In a Single Window with a "
                  "harmonized dataset, how often does the trader submit it?")
    options = (N_("Six times, once for each form"),
               N_("Once, and every agency reuses it"),
               N_("Once for each agency that needs it"),
               N_("Never: the Single Window finds it by itself"))


@QUIZ.item
class CaptureWhat(SingleChoice):
    id = "02-quiz-capture"
    objective = "capture"
    question = N_("In the capture step, what do you record for each form?")
    options = (N_("The elements of the reference model the form should contain"),
               N_("Only the fields that customs needs"),
               N_("Every field the form prints, with its label exactly as printed and example values"),
               N_("The XML element names of the future message"))


@QUIZ.item
class DictionaryParts(MultipleChoice):
    id = "02-quiz-dictionary"
    objective = "define"
    question = N_("Which of these belong in a data dictionary entry? Choose all that apply.")
    options = (N_("A definition of the element"),
               N_("Its data type, such as date or decimal"),
               N_("Its format as the form writes it, such as DD/MM/YYYY"),
               N_("The name of the clerk who filled in the form"))


@QUIZ.item
class Synonyms(SingleChoice):
    id = "02-quiz-synonyms"
    objective = "analyse"
    question = N_("The invoice's Seller, the packing list's Exporter and the bill of lading's Shipper are the "
                  "same company on every consignment. These three labels are:")
    options = (N_("Homonyms"), N_("Format conflicts"), N_("Three different data elements"), N_("Synonyms"))


@QUIZ.item
class Homonym(SingleChoice):
    id = "02-quiz-homonym"
    objective = "analyse"
    question = N_("A consignment paid by letter of credit has a bill of lading whose Consignee reads "
                  "\"TO ORDER OF ANDAMAN TRADE BANK PCL\", while the invoice's buyer is a cannery. "
                  "What does this show?")
    options = (N_("A homonym: the same label with a different meaning on this form"),
               N_("A synonym: two labels for the same element"),
               N_("A typing mistake on the bill of lading"),
               N_("A format conflict between two dates"))


@QUIZ.item
class DischargePort(ShortAnswer):
    id = "02-quiz-locode"
    objective = "reconcile"
    question = N_("The bill of lading prints the port of discharge as \"LAEM CHABANG, THAILAND\". Which "
                  "UN/LOCODE do you write for it in the harmonized dataset? (five letters)")


@QUIZ.item
class KilogramCode(ShortAnswer):
    id = "02-quiz-unit"
    objective = "model"
    question = N_("Which UN/ECE Recommendation 20 unit code does the harmonized message use for kilograms?")


@QUIZ.item
class BusinessRule(SingleChoice):
    id = "02-quiz-rule"
    objective = "model"
    question = N_("Which of these needs a business rule (Schematron), because an XML schema alone cannot "
                  "express it?")
    options = (N_("The gross weight is a decimal number"),
               N_("The elements come in a fixed order"),
               N_("The net weight must not exceed the gross weight"),
               N_("A date is written YYYY-MM-DD"))
