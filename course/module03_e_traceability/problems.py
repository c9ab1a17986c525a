"""Module 03, e-traceability for agrifood trade: the rules of its graded tasks, one problem per task.

Tasks whose answer follows from public data and the standard (check digits, events for
described steps, a repaired file, event hashes) are judged in full in the self-check as in
the grader. Tasks about what the scenario's records hold (traces, defects, the mass balance,
the certificate) are judged with the worked examples of the lessons in a self-check, and with
the full key of ``solutions/03-e-traceability/keys`` by the grader.
"""
from __future__ import annotations

import json
from datetime import datetime

from ..checks.catalog import register
from ..checks.keyed import KeyedProblem
from ..checks.keys import Key
from ..checks.outcome import INCORRECT
from ..checks.problem import Problem
from ..checks.reasons import listed
from ..checks.scoring import score_set, score_table
from ..checks.shapes import as_names, as_table, cell_text, missing_columns
from ..epcis import event_hashes, identifiers, validate
from ..epcis.reading import events as event_list
from ..i18n import N_, _
from ..xml import validate as validate_xml
from ..xml.safe import DocumentRefused
from . import dataset

STANDARD_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
PERFECT = 0.999


def _dict(answer) -> dict:
    if not isinstance(answer, dict):
        raise TypeError(f"a dict was expected, not {type(answer).__name__}")
    return answer


def as_document(answer) -> dict:
    """An EPCIS document from a dict, its JSON text, or a list of events (given the standard context)."""
    if isinstance(answer, (str, bytes)):
        answer = json.loads(answer)
    if isinstance(answer, list):
        answer = {"@context": [STANDARD_CONTEXT], "type": "EPCISDocument", "schemaVersion": "2.0",
                  "creationDate": "2026-05-08T20:00:00.000+07:00", "epcisBody": {"eventList": answer}}
    return _dict(answer)


def _instant(text) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _keys_of(values) -> set[str]:
    """GS1 keys (with check digits) and serials named by identifiers, so URI spellings compare equal."""
    found = set()
    for value in values or []:
        try:
            parsed = identifiers.parse(value)
            found.add(f"{parsed.key}|{parsed.extra or ''}")
        except identifiers.IdentifierError:
            found.add(str(value))
    return found


def _short(term) -> str:
    text = cell_text(term).strip()
    return text.rsplit("-", 1)[-1] if text.startswith("https://ref.gs1.org/cbv/") else text


class Computed(Problem):
    """A task whose expected answer follows from public data and the standard: judged in full
    in the self-check and by the grader alike (there is nothing to keep secret)."""

    def graded(self, score, lang, reasons, perfect, partial):
        return KeyedProblem.graded(self, score, Key(None, complete=True), lang, reasons, perfect, partial)


@register
class CheckDigits(Computed):
    id = "03-check-digits"
    title = N_("GS1 keys: complete each identifier with its check digit")
    expects = N_("a dict from each code given (without its check digit) to the complete key (with it)")
    hints = (
        N_("From the right, multiply the digits alternately by 3 and 1 (the rightmost by 3), and add them up."),
        N_("The check digit is what brings that sum up to the next multiple of 10 (0 if it already is one)."),
        N_("identifiers.check_digit('884123400011') computes it; try one by hand first."),
    )
    solution = "keys = {code: identifiers.with_check_digit(code) for code in CODES}"
    CODES = {"884123400011": "GTIN-13", "1884567800101": "GTIN-14", "884123410008": "GLN",
             "08845678260500013": "SSCC", "885345610005": "GLN", "0885901200001": "GTIN-14"}

    def judge(self, answer, lang, key):
        given = {cell_text(k).strip(): cell_text(v).strip() for k, v in _dict(answer).items()}
        reasons, right = [], 0
        for code, kind in self.CODES.items():
            expected = identifiers.with_check_digit(code)
            if given.get(code) == expected:
                right += 1
            elif code not in given:
                reasons.append(_("Give the complete {kind} for {code}.", lang, kind=kind, code=code))
            elif not given[code].startswith(code) or len(given[code]) != len(code) + 1:
                reasons.append(_("{code}: the complete key is the code followed by one check digit, not {given}.",
                                 lang, code=code, given=given[code]))
            else:
                reasons.append(_("{code}: {given} does not end with the right check digit.", lang,
                                 code=code, given=given[code]))
        share = right / len(self.CODES)
        return self.graded(share, lang, reasons, N_("Every check digit is right."),
                           N_("{percent}% of the check digits are right."))



# The physical steps of the event-writing task, and the event each one should give.
PACKHOUSE = "urn:epc:id:sgln:8845678.00002.0"
WAREHOUSE = "urn:epc:id:sgln:8859012.00002.0"
PALLETS = ["urn:epc:id:sscc:8845678.0260500001", "urn:epc:id:sscc:8845678.0260500002"]
CARTONS = [f"urn:epc:id:sgtin:8845678.100101.{n}" for n in (1000, 1001, 1002)]
EXPECTED_EVENTS = {
    "packing": {"type": "AggregationEvent", "action": "ADD", "bizStep": "packing", "disposition": "container_closed",
                "parentID": "urn:epc:id:sscc:8845678.0260500003", "objects": CARTONS, "where": PACKHOUSE,
                "time": "2026-05-06T16:00:00+07:00"},
    "inspecting": {"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "inspecting", "disposition": "conformant",
                   "objects": PALLETS, "where": PACKHOUSE, "time": "2026-05-07T06:15:00+07:00"},
    "shipping": {"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
                 "objects": PALLETS, "where": PACKHOUSE, "time": "2026-05-07T07:30:00+07:00", "destination": WAREHOUSE},
}


def _event_fields(event: dict) -> dict:
    place = event.get("bizLocation") or event.get("readPoint") or {}
    destinations = [d.get("destination") for d in event.get("destinationList") or [] if isinstance(d, dict)]
    return {"type": event.get("type"), "action": event.get("action"), "bizStep": _short(event.get("bizStep")),
            "disposition": _short(event.get("disposition")), "parentID": _keys_of([event.get("parentID")]),
            "objects": _keys_of(event.get("childEPCs") if event.get("type") == "AggregationEvent" else event.get("epcList")),
            "where": _keys_of([place.get("id")] if isinstance(place, dict) else []),
            "time": _instant(event.get("eventTime")), "destination": _keys_of(destinations)}


@register
class WriteEvents(Computed):
    id = "03-write-events"
    title = N_("Write the EPCIS events of three physical steps at the packhouse")
    expects = N_("an EPCIS 2.0 document (a dict or its JSON text) or a list of its events")
    hints = (
        N_("One event per step: what (the identifiers), when (time and offset), where (readPoint and bizLocation), "
           "why (bizStep and disposition)."),
        N_("Putting cartons on a pallet is an AggregationEvent with the pallet as parentID; looking at pallets or "
           "sending them away is an ObjectEvent with action OBSERVE."),
        N_("A shipping event names where the goods go in its destinationList, with the type 'location'."),
        N_("Check your document with course.epcis.validate(document) before you check the answer."),
    )
    solution = "events = [...]  # see the solution notebook: one AggregationEvent and two ObjectEvents"

    def judge(self, answer, lang, key):
        document = as_document(answer)
        result = validate(document, lang=lang)
        if not result.usable:
            return self.outcome(INCORRECT, result.summary(), lang, findings=result.findings)
        reasons = [f"{f.where()}: {f.message}" for f in result.errors][:5]
        written = [_event_fields(e) for e in event_list(document) if isinstance(e, dict)]
        shares = []
        for step, expected in EXPECTED_EVENTS.items():
            candidates = [w for w in written if w["bizStep"] == step] or [w for w in written if w["type"] == expected["type"]]
            if not candidates:
                reasons.append(_("No event for the step '{step}'.", lang, step=step))
                shares.append(0.0)
                continue
            best, wrong = 0.0, []
            for event in candidates:
                checks = {
                    "type": event["type"] == expected["type"], "action": event["action"] == expected["action"],
                    "bizStep": event["bizStep"] == expected["bizStep"],
                    "disposition": event["disposition"] == expected["disposition"],
                    "what": event["objects"] == _keys_of(expected["objects"]) and
                    ("parentID" not in expected or event["parentID"] == _keys_of([expected["parentID"]])),
                    "where": event["where"] == _keys_of([expected["where"]]),
                    "when": event["time"] is not None and event["time"] == _instant(expected["time"]),
                }
                if "destination" in expected:
                    checks["destination"] = event["destination"] == _keys_of([expected["destination"]])
                share = sum(checks.values()) / len(checks)
                if share >= best:
                    best, wrong = share, [name for name, ok in checks.items() if not ok]
            shares.append(best)
            if wrong:
                reasons.append(_("The '{step}' event: look again at {fields}.", lang, step=step, fields=", ".join(wrong)))
        content = sum(shares) / len(shares)
        share = 0.2 * (1.0 if result.ok else 0.0) + 0.8 * content
        return self.graded(share, lang, reasons, N_("Your three events are valid and say what happened."),
                           N_("{percent}% of the credit: validity counts 20%, what each event says 80%."))



@register
class RepairEvents(Computed):
    id = "03-repair-events"
    title = N_("Repair a broken event file without changing what it records")
    expects = N_("the repaired EPCIS 2.0 document (a dict or its JSON text), with its five events")
    hints = (
        N_("course.epcis.validate(document) lists the problems with their JSON paths; fix them one by one."),
        N_("Two mistakes are not found by the schema: where the packing happened, and a receipt that comes before "
           "its shipment. Read the events as a story."),
        N_("A GS1 Digital Link with a wrong check digit names no real carton: write the carton's SGTIN instead "
           "(serial 1000 of the carton GTIN)."),
    )
    solution = "repaired = ...  # see the solution notebook: five events, each mistake fixed"

    def judge(self, answer, lang, key):
        document = as_document(answer)
        result = validate(document, lang=lang)
        if not result.usable:
            return self.outcome(INCORRECT, result.summary(), lang, findings=result.findings)
        original = dataset.broken_document()
        before = {(f.code, f.path) for f in validate(original).findings}
        after = {(f.code, f.path) for f in result.findings}
        events = event_list(document)
        reasons = []
        items = {f"{code} {path}": (code, path) not in after for code, path in sorted(before)}
        if len(events) != len(event_list(original)):
            reasons.append(_("Keep the five events: the file records five steps, none of them may be dropped.", lang))
            items["five events"] = False
        else:
            carton = _keys_of([e for e in events[2].get("childEPCs") or []])
            items["carton"] = f"{identifiers.parse(CARTONS[0]).key}|1000" in carton
            place = (events[2].get("bizLocation") or {}).get("id")
            items["packing place"] = place == dataset.location("packhouse")
            shipped, received = _instant(events[3].get("eventTime")), _instant(events[4].get("eventTime"))
            items["receipt time"] = None not in (shipped, received) and received > shipped
            if not items["carton"]:
                reasons.append(_("The first carton of the pallet should still be there, written with a valid identifier.", lang))
            if not items["packing place"]:
                reasons.append(_("Pallets are packed at the packhouse, not at a farm.", lang))
            if not items["receipt time"]:
                reasons.append(_("The pallet is received before it is shipped: one of the two times is wrong.", lang))
        items["valid"] = result.ok
        reasons += [f"{f.where()}: {f.message}" for f in result.errors][:5]
        share = sum(items.values()) / len(items)
        return self.graded(share, lang, reasons, N_("The file is repaired and still records the same five steps."),
                           N_("{percent}% of the mistakes are fixed."))



def _places(answer) -> set[str]:
    return {dataset.gln_of(v) for v in as_names(answer)}


@register
class TraceBack(KeyedProblem):
    id = "03-trace-back"
    title = N_("Trace back: which farms fed the contaminated carton, and which input has no origin")
    expects = N_("a dict with 'farms' (GLNs or SGLNs of the farms) and 'unknown_origin' (the lots no event created)")
    hints = (
        N_("A carton comes out of a packing run (a TransformationEvent); the run's inputs are farm lots."),
        N_("A farm lot's origin is the place of its commissioning event. A lot without one has no known origin."),
        N_("Chain.from_document(document).trace_back(carton) walks the graph for you; try one step by hand first."),
    )
    solution = "trace = chain.trace_back(carton)\nanswer = {'farms': sorted(set().union(*trace.origins.values())), 'unknown_origin': sorted(trace.unknown_origin)}"

    def load_key(self):
        data = dataset.key_json("trace_back.json")
        return {"farms": [dataset.gln_of(f) for f in data["farms"]], "unknown_origin": data["unknown_origin"]}

    def public_key(self) -> Key:  # the lesson's worked example: carton 1000
        return Key({"farms": ["8841234100010", "8841234100027"], "unknown_origin": []}, complete=False)

    def judge(self, answer, lang, key):
        answer = _dict(answer)
        farms = score_set(_places(answer.get("farms") or []), {dataset.gln_of(f) for f in key.data["farms"]})
        unknown = score_set(_keys_of(as_names(answer.get("unknown_origin") or [])), _keys_of(key.data["unknown_origin"]))
        reasons = listed(farms.missing, lang, lambda f: _("Missed the farm {gln}.", lang, gln=f))
        reasons += listed(farms.extra, lang, lambda f: _("{gln} did not feed this carton.", lang, gln=f))
        if unknown.missing:
            reasons.append(_("One input lot has no origin in the records: name it under unknown_origin.", lang))
        if unknown.extra:
            reasons.append(_("unknown_origin lists a lot whose origin is recorded.", lang))
        share = 0.7 * farms.f1 + 0.3 * (unknown.f1 if key.data["unknown_origin"] else float(not unknown.extra))
        return self.graded(share, key, lang, reasons, N_("You traced the carton back to every farm, and found the lot from nowhere."),
                           N_("{percent}% of the credit (farms 70% by precision and recall, the lot without origin 30%)."))


@register
class TraceForward(KeyedProblem):
    id = "03-trace-forward"
    title = N_("Trace forward: which consignments and stores received mango from the contaminated farm lot")
    expects = N_("a dict with 'consignments' (phytosanitary certificate numbers) and 'stores' (GLNs or SGLNs)")
    hints = (
        N_("Forward: the lot went into a packing run, the run's cartons onto pallets, the pallets onto trucks."),
        N_("A truck's consignment is named by its invoice in the events and by its certificate number on the ePhyto: "
           "dataset.certificate_by_invoice() maps one to the other."),
        N_("The stores are the places where the lot's cartons were received."),
    )
    solution = ("trace = chain.trace_forward(lot)\n"
                "answer = {'consignments': [...certificates of the invoices in trace.biz_transactions...], 'stores': [...]}")

    def load_key(self):
        data = dataset.key_json("trace_forward.json")
        return {"consignments": data["consignments"], "stores": [dataset.gln_of(s) for s in data["stores"]]}

    def public_key(self) -> Key:  # the lesson's worked example: lot KS260504-F01
        return Key({"consignments": ["KH-PC-2026-004471"], "stores": ["8853456100013", "8853456100068"]}, complete=False)

    def judge(self, answer, lang, key):
        answer = _dict(answer)
        consignments = score_set({cell_text(c).strip() for c in as_names(answer.get("consignments") or [])},
                                 set(key.data["consignments"]))
        stores = score_set(_places(answer.get("stores") or []), {dataset.gln_of(s) for s in key.data["stores"]})
        reasons = listed(consignments.missing, lang, lambda c: _("Missed the consignment {number}: it must be recalled too.",
                                                                  lang, number=c))
        reasons += listed(consignments.extra, lang, lambda c: _("{number} carried none of this lot.", lang, number=c))
        reasons += listed(stores.missing, lang, lambda s: _("Missed the store {gln}.", lang, gln=s))
        reasons += listed(stores.extra, lang, lambda s: _("{gln} received none of this lot.", lang, gln=s))
        share = 0.5 * consignments.f1 + 0.5 * stores.f1
        return self.graded(share, key, lang, reasons, N_("You found every consignment and store to recall, and no more."),
                           N_("{percent}% of the credit (consignments and stores count half each, by precision and recall)."))


@register
class MassBalance(KeyedProblem):
    id = "03-mass-balance"
    title = N_("Mass balance: kilograms in and out of each packing run, and the inconsistent one")
    expects = N_("a table (DataFrame or list of dicts) with the columns run, input_kg, output_kg and inconsistent")
    hints = (
        N_("Inputs are weighed in kg (uom KGM); outputs are cartons, each of 10 kg net (products.csv)."),
        N_("A run is inconsistent when more kilograms come out than went in; grading out usually loses 8 to 15%."),
    )
    solution = "balance = pd.DataFrame(chain.mass_balance(dataset.unit_kg()))"
    columns = ["input_kg", "output_kg", "inconsistent"]

    def load_key(self):
        return {row["run"]: {c: row[c] for c in self.columns} for row in dataset.key_json("mass_balance.json")}

    def public_key(self) -> Key:
        return Key({"urn:epc:id:gdti:8845678.00001.260506001": {"input_kg": 1330, "output_kg": 1150, "inconsistent": False}},
                   complete=False)

    @staticmethod
    def _same(column, given, expected) -> bool:
        if column == "inconsistent":
            return cell_text(given).strip().lower() in (("true", "1", "yes") if expected else ("false", "0", "no"))
        try:
            return abs(float(given) - float(expected)) < 0.5
        except (TypeError, ValueError):
            return False

    def judge(self, answer, lang, key):
        table = as_table(answer)
        lacking = missing_columns(table, ["run", *self.columns])
        if lacking:
            return self.outcome(INCORRECT, N_("Your table lacks the column(s): {columns}."), lang,
                                params={"columns": ", ".join(lacking)})
        rows = {cell_text(r["run"]).strip(): {c: r[c] for c in self.columns} for _i, r in table.iterrows()}
        score = score_table(rows, key.data, self.columns, self._same)
        reasons = listed(score.missing_rows, lang, lambda r: _("Add the row for the run {run}.", lang, run=r))
        reasons += listed(score.mistakes, lang, lambda m: _("{run}: {column} = {given} is not right.", lang,
                                                            run=m[0], column=m[1], given=m[2]))
        return self.graded(score.share, key, lang, reasons, N_("Every run is weighed right, and the inconsistent one found."),
                           N_("{percent}% of the figures are right."))


@register
class ChainDefects(KeyedProblem):
    id = "03-chain-defects"
    title = N_("The inconsistent records: name the object behind each defect")
    expects = N_("a dict with missing_event (a pallet), lot_from_nowhere (a lot), aggregation_mismatch (a pallet), "
                 "mass_balance (a packing run) and certificate_mismatch (a certificate number)")
    hints = (
        N_("Chain.from_document(document).findings(dataset.unit_kg()) lists what the events say together."),
        N_("The certificate is not in the events: compare each ePhyto's pallets and net weight with its truck's shipping event."),
    )
    solution = "defects = {'missing_event': ..., 'lot_from_nowhere': ..., 'aggregation_mismatch': ..., 'mass_balance': ..., 'certificate_mismatch': ...}"
    kinds = {"missing_event": "sscc", "lot_from_nowhere": "lgtin", "aggregation_mismatch": "sscc"}
    names = ("missing_event", "lot_from_nowhere", "aggregation_mismatch", "mass_balance", "certificate_mismatch")

    def load_key(self):
        data = dataset.key_json("defects.json")
        return dict(data, aggregation_mismatch=data["aggregation_mismatch"]["pallet"])

    def public_key(self) -> Key:
        return Key(None, complete=False)

    def judge(self, answer, lang, key):
        answer = _dict(answer)
        reasons, earned = [], 0.0
        for name in self.names:
            given = cell_text(answer.get(name)).strip()
            if not given:
                reasons.append(_("Name the object for {defect}.", lang, defect=name))
                continue
            if name in self.kinds:
                try:
                    scheme = identifiers.parse(given).scheme
                except identifiers.IdentifierError:
                    scheme = None
                if scheme != self.kinds[name]:
                    reasons.append(_("{defect}: '{given}' is not an identifier of the right kind.", lang, defect=name, given=given))
                    continue
            if key.data is None:
                earned += 0.1
            elif _keys_of([given]) == _keys_of([key.data[name]]):
                earned += 0.2
            else:
                reasons.append(_("{defect}: {given} is not the record at fault.", lang, defect=name, given=given))
        return self.graded(earned, key, lang, reasons, N_("You found every inconsistent record."),
                           N_("{percent}% of the credit: each defect counts 20%."))


@register
class Certificate(KeyedProblem):
    id = "03-certificate"
    title = N_("Issue a phytosanitary certificate that agrees with the events of the third truck")
    expects = N_("the certificate as XML text (a string), in the namespace urn:paperless-trade-course:ephyto:1")
    hints = (
        N_("Start from the certificate issued for the third truck and correct what disagrees with its shipping event."),
        N_("The pallets are the SSCCs of the truck's shipping event, written with their check digits."),
        N_("Net weight is the cartons on those pallets times 10 kg."),
        N_("course.validate(certificate, schema='ephyto') checks the structure and the business rules."),
    )
    solution_language = "xml"
    solution = "<!-- see the solution notebook: KH-PC-2026-004473 with the right pallets and net weight -->"
    NUMBER = "KH-PC-2026-004473"
    weights = {"number": 0.1, "invoice": 0.1, "parties": 0.1, "net_kg": 0.25, "cartons": 0.15, "pallets": 0.3}

    def load_key(self):
        return dataset.key_json("shipments.json")[self.NUMBER]

    def public_key(self) -> Key:
        return Key(None, complete=False)

    def judge(self, answer, lang, key):
        if not isinstance(answer, (str, bytes)):
            raise TypeError("the certificate should be XML text (a string)")
        try:
            facts = dataset.certificate_facts(answer)
        except DocumentRefused as refused:
            return self.outcome(INCORRECT, N_("The certificate cannot be read: {problem}"), lang,
                                params={"problem": refused.finding.in_language(lang).message})
        result = validate_xml(answer, "ephyto", lang=lang)
        reasons = [f"{f.where()}: {f.message}" for f in result.errors][:5]
        if not facts["pallets"] or not facts["net_kg"]:
            reasons.append(_("The certificate needs its pallets (PhysicalSPSPackage/ID) and its NetWeightMeasure.", lang))
        if key.data is None:  # the self-check: what can be checked without the shipment's key
            consistent = facts["cartons"].isdigit() and facts["net_kg"].replace(".", "", 1).isdigit() and \
                abs(float(facts["net_kg"]) - 10 * int(facts["cartons"])) < 0.5
            if not consistent:
                reasons.append(_("Net weight should be the number of cartons times 10 kg.", lang))
            return self.graded(0.5 if reasons or not result.ok or facts["number"] != self.NUMBER else 1.0, key, lang, reasons, "",
                               N_("Not yet: see the reasons below."))
        checks = {"number": facts["number"] == self.NUMBER, "invoice": facts["invoice"] == key.data["invoice"],
                  "parties": (facts["consignor"], facts["consignee"]) == ("8845678000011", "8859012000018"),
                  "net_kg": facts["net_kg"] != "" and abs(float(facts["net_kg"]) - key.data["net_kg"]) < 0.5,
                  "cartons": facts["cartons"] == str(key.data["cartons"])}
        pallets = score_set(set(facts["pallets"]), set(key.data["pallets"]))
        agreement = sum(self.weights[name] for name, ok in checks.items() if ok) + self.weights["pallets"] * pallets.f1
        earned = 0.2 * result.ok + 0.8 * agreement
        reasons += [_("{field} does not agree with the events.", lang, field=name) for name, ok in checks.items() if not ok]
        reasons += listed(pallets.extra, lang, lambda p: _("The pallet {sscc} was not on this truck.", lang, sscc=p))
        reasons += listed(pallets.missing, lang, lambda p: _("The pallet {sscc} is missing.", lang, sscc=p))
        return self.graded(earned, key, lang, reasons, N_("The certificate agrees with the events of the truck."),
                           N_("{percent}% of the credit: valid against the schema and its rules 20%, agreement with the events 80%."))


@register
class EventHashes(Computed):
    id = "03-event-hashes"
    title = N_("Event hashes: the standard's hash of the first six events")
    expects = N_("a dict from each eventID to its hash, written ni:///sha-256;...?ver=CBV2.0")
    hints = (
        N_("course.epcis.event_hashes(document) computes the hash of every event in its order."),
        N_("The hash leaves the eventID out and spells times in UTC and identifiers as GS1 Digital Links: "
           "course.epcis.hashing.prehashes shows the text that is hashed."),
    )
    solution = "hashes = dict(zip([e['eventID'] for e in events[:6]], course.epcis.event_hashes(document)[:6]))"
    COUNT = 6

    def expected(self) -> dict[str, str]:
        document = dataset.document()
        events = event_list(document)[:self.COUNT]
        document["epcisBody"]["eventList"] = events
        return dict(zip((e["eventID"] for e in events), event_hashes(document)))

    def judge(self, answer, lang, key):
        given = {cell_text(k).strip(): cell_text(v).strip() for k, v in _dict(answer).items()}
        expected = self.expected()
        right = [i for i, h in expected.items() if given.get(i) == h]
        reasons = listed([i for i in expected if i not in given], lang, lambda i: _("Give the hash of {event}.", lang, event=i))
        reasons += listed([i for i in expected if i in given and given[i] != expected[i]], lang,
                          lambda i: _("The hash of {event} is not the standard's.", lang, event=i))
        return self.graded(len(right) / len(expected), lang, reasons,
                           N_("Every hash matches the standard's algorithm."), N_("{percent}% of the hashes are right."))

