"""Module 02, data harmonization: the rules of its graded tasks on tables (capture, define,
analyse, reconcile), one problem per task.

Keyed problems judge against the public key (the lesson's worked examples) in a learner's
self-check, and against the full key of ``solutions/02-data-harmonization/keys`` in the
grader, which participants never receive. The XML tasks (model) are in :mod:`.xml_problems`.
"""
from __future__ import annotations

from ..checks.catalog import register
from ..checks.keyed import KeyedProblem
from ..checks.keys import Key
from ..checks.outcome import CORRECT, INCORRECT
from ..checks.problem import Problem
from ..checks.reasons import SHOWN, listed
from ..checks.scoring import alternatives, score_grouping, score_mapping, score_set, score_table
from ..checks.shapes import as_groups, as_mapping, as_names, as_rows, as_table, missing_columns, rows_by
from ..i18n import N_, _
from . import dataset
from .vocabulary import DATA_TYPES, FORMATS

FIELD = ("document", "label")  # the columns that name a printed field


def _field(item) -> str:
    document, label = item
    return f"{document} / {label}"


@register
class CaptureInventory(Problem):
    id = "02-capture-inventory"
    title = N_("Capture: inventory of the data elements printed on each form")
    expects = N_("a table (DataFrame) with the columns document and label, one row per printed field")
    hints = (
        N_("Each document's CSV has one column per printed field: list the columns of every document."),
        N_("Leave out the column 'consignment': it was added to join the files, no form prints it."),
        N_("pd.DataFrame([(name, column) for name, table in documents.items() for column in table.columns], columns=['document', 'label'])"),
    )
    solution = ("inventory = pd.DataFrame(\n    [(name, label) for name, table in documents.items()\n"
                "     for label in table.columns if label != 'consignment'],\n    columns=['document', 'label'])")

    def judge(self, answer, lang, key):
        score = score_set(as_rows(answer, FIELD), dataset.printed_fields())
        reasons = listed(score.missing, lang, lambda f: _("Missing: {field}", lang, field=_field(f)))
        reasons += listed(score.extra, lang, lambda f: _("Not printed on that form: {field}", lang, field=_field(f)))
        if score.f1 >= 0.999:
            return self.outcome(CORRECT, N_("All {n} printed fields of the six documents are in your inventory."),
                                lang, params={"n": len(dataset.printed_fields())})
        return self.outcome(INCORRECT, N_("Your inventory is {percent}% right."), lang, score=score.f1,
                            params={"percent": int(100 * score.f1)}, reasons=reasons)


@register
class PackingListDictionary(KeyedProblem):
    id = "02-data-dictionary"
    title = N_("Define: a data dictionary for the packing list")
    expects = N_("a table (DataFrame) with the columns label, definition, data_type, format and unit, one row per packing list field")
    hints = (
        N_("Use one row per column of the packing list, with the label exactly as printed."),
        N_("data_type is one of: text, identifier, code, date, integer, decimal. format is one of the codes in FORMATS."),
        N_("Look at the values, not only the label: how is the date written? Do the weights carry their unit in the value or in the label?"),
    )
    solution = "dictionary = pd.read_csv(...)  # see the solution notebook: one row per packing list field"
    columns = ["data_type", "format", "unit"]
    shown_rows = ("Date", "No. of Packages")

    def load_key(self):
        table = dataset.key_table("packing_list_dictionary.csv")
        return {row["label"]: {c: row[c] for c in self.columns} for _i, row in table.iterrows()}

    def public_key(self) -> Key:
        return Key({"Date": {"data_type": "date", "format": "date-iso", "unit": ""},
                    "No. of Packages": {"data_type": "integer", "format": "number", "unit": ""}}, complete=False)

    def judge(self, answer, lang, key):
        table = as_table(answer)
        lacking = missing_columns(table, ["label", "definition", *self.columns])
        if lacking:
            return self.outcome(INCORRECT, N_("Your table lacks the column(s): {columns}."), lang,
                                params={"columns": ", ".join(lacking)})
        rows = rows_by(table, "label", ["definition", *self.columns])
        labels = [label for _d, label in dataset.printed_fields() if _d == "packing_list"]
        reasons = [_("'{label}' is not a packing list field.", lang, label=label) for label in rows if label not in labels]
        reasons += [_("'{value}' is not a data type; use one of: {allowed}.", lang, value=row["data_type"],
                      allowed=", ".join(DATA_TYPES)) for row in rows.values() if row["data_type"] not in DATA_TYPES]
        reasons += [_("'{value}' is not a format code; use one of the codes in FORMATS.", lang, value=row["format"])
                    for row in rows.values() if row["format"] not in FORMATS]
        reasons += [_("Write a definition for '{label}'.", lang, label=label)
                    for label, row in rows.items() if len(row["definition"].split()) < 3]
        # the key may allow alternatives: "text|code"
        score = score_table(rows, key.data, self.columns, lambda _column, given, expected: alternatives(given, expected))
        share = score.share * (0.9 if reasons else 1.0)
        missing = [label for label in labels if label not in rows]
        reasons += [_("Add a row for '{label}'.", lang, label=label) for label in missing]
        if missing:
            share = min(share, 0.99)
        reasons += listed(score.mistakes, lang, lambda m: _(
            "{label}: {column} should not be '{given}'.", lang, label=m[0], column=m[1], given=m[2]))
        return self.graded(share, key, lang, reasons,
                           N_("Every field of your data dictionary is right."),
                           N_("{percent}% of the dictionary's entries are right."))


@register
class Synonyms(KeyedProblem):
    id = "02-synonyms"
    title = N_("Analyse: which labels on different forms mean the same thing")
    expects = N_("a dict from a group name to a list of (document, label) pairs that mean the same data element")
    hints = (
        N_("Shipper, Exporter, Seller and Consignor may all be the same party: put them in one group."),
        N_("Compare values, not only labels: two columns holding the same values across consignments are probably synonyms."),
        N_("A label can belong to one group only. Fields that appear on a single form need no group."),
    )
    solution = "synonyms = {'InvoiceNumber': [('commercial_invoice', 'Invoice No.'), ...], ...}"

    def load_key(self):
        table = dataset.key_table("synonyms.csv")
        return as_groups(table, "element", FIELD)

    def public_key(self) -> Key:
        return Key([[("commercial_invoice", "Invoice No."), ("packing_list", "Invoice Ref."),
                     ("certificate_of_origin", "Invoice Number and Date"), ("export_declaration", "Invoice No.")]],
                   complete=False)

    def judge(self, answer, lang, key):
        groups = as_groups(answer, "group", FIELD)
        known = set(dataset.printed_fields())
        unknown = sorted({f for g in groups for f in g if f not in known})
        if not key.complete:  # judge only the fields the worked example covers
            covered = {f for g in key.data for f in g}
            groups = [[f for f in g if f in covered] for g in groups]
        score = score_grouping(groups, key.data)
        reasons = [_("Not a printed field: {field}", lang, field=_field(f)) for f in unknown]
        reasons += listed(score.wrongly_joined, lang, lambda p: _(
            "{a} and {b} do not mean the same thing.", lang, a=_field(p[0]), b=_field(p[1])))
        reasons += listed(score.missed, lang, lambda p: _(
            "{a} and {b} mean the same thing.", lang, a=_field(p[0]), b=_field(p[1])))
        return self.graded(score.f1 * (0.9 if unknown else 1), key, lang, reasons,
                           N_("Your synonym groups match the reference analysis."),
                           N_("Your synonym groups are {percent}% right (pairs of labels grouped together)."))


@register
class FormatConflicts(KeyedProblem):
    id = "02-conflicts"
    title = N_("Analyse: which data elements are written in different formats on different forms")
    expects = N_("a set of reference element names, e.g. {'GrossWeight', ...}")
    hints = (
        N_("Take one consignment and put the values of each data element side by side, one column per form."),
        N_("Weights appear as '9,970 kg', '9.97 MT' and '9970': same value, different formats."),
        N_("Names count too: 'Blue Reef Seafoods Pvt Ltd' and 'BLUE REEF SEAFOODS PVT LTD, MALE, MALDIVES' are written differently."),
    )
    solution = "conflicts = {'GrossWeight', 'NetWeight', 'HSCode', ...}"

    def load_key(self):
        return set(dataset.key_table("conflicts.csv")["element"])

    def public_key(self) -> Key:
        return Key({"GrossWeight", "HSCode"}, complete=False)

    def judge(self, answer, lang, key):
        given = as_names(answer)
        not_elements = sorted(given - dataset.element_names())
        if not key.complete:
            missing = sorted(key.data - given)
            reasons = [_("{element} is not a reference element.", lang, element=e) for e in not_elements]
            reasons += [_("{element} is written in different formats too.", lang, element=e) for e in missing]
            ok = not missing and not not_elements
            return self.graded(1.0 if ok else 0.5, key, lang, reasons, "", N_("Not yet: see the reasons below."))
        score = score_set(given, key.data)
        reasons = [_("{element} is not a reference element.", lang, element=e) for e in not_elements]
        reasons += [_("{element} is written in different formats too.", lang, element=e) for e in score.missing]
        reasons += [_("{element} is not written in conflicting formats across the forms.", lang, element=e)
                    for e in score.extra if e not in not_elements]
        return self.graded(score.f1, key, lang, reasons, N_("You found every element with conflicting formats."),
                           N_("Your list of conflicting elements is {percent}% right."))


@register
class FieldMapping(KeyedProblem):
    id = "02-mapping"
    title = N_("Reconcile: map every printed field to the reference data model")
    expects = N_("a table (DataFrame) with the columns document, label and element ('none' when no element fits)")
    hints = (
        N_("Start from the synonym groups: every label of a group maps to the same element."),
        N_("Read the definitions in reference_elements.csv: 'Seller' on an export invoice is the consignor."),
        N_("Some fields have no place in the harmonized dataset (the freight terms on a bill of lading, say): map them to 'none'."),
    )
    solution = "mapping = pd.DataFrame([...], columns=['document', 'label', 'element'])"

    def load_key(self):
        return as_mapping(dataset.key_table("field_mapping.csv"), FIELD, "element")

    def public_key(self) -> Key:
        return Key({("commercial_invoice", "Invoice No."): "InvoiceNumber",
                    ("commercial_invoice", "Invoice Date"): "InvoiceDate",
                    ("commercial_invoice", "Seller"): "ConsignorName",
                    ("commercial_invoice", "Gross Wt."): "GrossWeight"}, complete=False)

    def judge(self, answer, lang, key):
        mapping = {f: e for f, e in as_mapping(answer, FIELD, "element").items() if e}  # blank: not mapped yet
        allowed = dataset.element_names() | {"none"}
        reasons = [_("{field}: '{element}' is not a reference element (or 'none').", lang, field=_field(f), element=e)
                   for f, e in mapping.items() if e not in allowed][:SHOWN]
        # Two different things: a field with no choice at all ("not chosen yet"), and a field
        # chosen as carrying no reference element ('none') when it carries one.
        chosen, total = len(mapping), len(dataset.printed_fields())
        if not key.complete:
            uncovered = [f for f in dataset.printed_fields() if f not in mapping]
            reasons += listed(uncovered, lang, lambda f: _("Not chosen yet: {field}", lang, field=_field(f)))
            mapping = {f: e for f, e in mapping.items() if f in key.data}
        score = score_mapping(mapping, key.data)
        reasons += listed(score.wrong, lang, lambda w: _(
            "{field} is mapped to {given}, which is not right.", lang, field=_field(w[0]), given=w[1]))
        marked_none = [m for m in score.missing if str(mapping.get(m[0], "")).strip().lower() == "none"]
        reasons += listed(marked_none, lang, lambda m: _(
            "{field} is marked 'none' (no reference element), but it carries one.", lang, field=_field(m[0])))
        if key.complete:   # on the worked examples these are already listed as not chosen yet
            reasons += listed([m for m in score.missing if m not in marked_none], lang,
                              lambda m: _("Not chosen yet: {field}", lang, field=_field(m[0])))
        share = score.f1 if not reasons or key.complete else min(score.f1, 0.99)
        params = {"precision": int(100 * score.precision), "recall": int(100 * score.recall),
                  "examples": len(key.data), "right": len(score.correct),
                  "chosen": chosen, "total": total}
        if not key.complete:   # the self-check sees the worked examples only: no share of the credit
            return self.graded(share, key, lang, reasons, "",
                               N_("{chosen} of {total} fields chosen. On the {examples} worked examples the "
                                  "self-check knows, {right} are right; your trainer's grading checks every field."),
                               params=params)
        return self.graded(share, key, lang, reasons, N_("Every field is mapped to the right reference element."),
                           N_("Precision {precision}%, recall {recall}%: {percent}% of the credit."), params=params)
