"""Module 01, business process analysis: the rules of its six graded tasks, one problem per task.

The learner's self-check has only what participants may read: the worked example of the letter
of credit (the bank's inventory rows, the example model) and the public names. What can be
checked with them is checked, and a right answer is told that the grader checks the rest. The
grader judges with the full keys of ``solutions/01-business-process-analysis/keys``: the
procedure tables, the documents and the reference models.
"""
from __future__ import annotations

from ..bpmn import BpmnRefused, read_model
from ..bpmn.compare import compare_models
from ..checks.catalog import register
from ..checks.keyed import KeyedProblem
from ..checks.keys import Key
from ..checks.outcome import INCORRECT
from ..checks.reasons import listed
from ..checks.scoring import score_set
from ..checks.shapes import cell_text, is_table
from ..i18n import N_, _
from . import dataset, names
from .process_checks import activity_precedence, as_bpmn, critical_hours, customs_paths, inspection_ids, rule_errors

MAX_ROWS = 300          # an inventory longer than this is not an inventory of one procedure
ERROR_COST = 0.2        # share of the rules' credit each error finding costs


def _dict(answer) -> dict:
    if not isinstance(answer, dict):
        raise TypeError(f"a dict was expected, not {type(answer).__name__}")
    return answer


def _names(value) -> list[str]:
    """A list of names from a list, a tuple, a set or one string of names separated by ';'."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [cell_text(v).strip() for v in value if cell_text(v).strip()]
    raise TypeError(f"a list of names was expected, not {type(value).__name__}")


def _canonical(namer, values) -> set[str]:
    return {namer(v) for v in values if namer(v)}


def _read(problem, answer, lang):
    """The learner's model, or the outcome that says why it cannot be read."""
    source = as_bpmn(answer)
    try:
        return source, read_model(source), None
    except BpmnRefused as refused:
        return source, None, problem.outcome(INCORRECT, N_("Your model cannot be read: {problem}"), lang,
                                             params={"problem": refused.finding.in_language(lang).message})


def _rules_share(found: list) -> float:
    return max(0.0, 1.0 - ERROR_COST * len(found))


# --- 1. the inventory ------------------------------------------------------------------------

@register
class Inventory(KeyedProblem):
    id = "01-inventory"
    title = N_("The inventory: every procedure of the as-is export, its actor and its documents")
    expects = N_("a dict with 'procedures': a list of dicts with 'procedure', 'actor', 'documents_in' and "
                 "'documents_out' (lists of document names)")
    hints = (
        N_("Read the eight interviews one by one, as lesson 02 does with the bank's: one row per step, named by a "
           "verb and its object."),
        N_("The actor is the organization that does the step; the documents are those it needs and those it "
           "produces, each under the name printed on it."),
        N_("Several people describe the same step from both sides: it is one row, done by one actor."),
    )
    solution = ("inventory = {'procedures': [{'procedure': 'Advise the letter of credit', 'actor': 'Bank', "
                "'documents_in': ['Letter of credit'], 'documents_out': ['L/C advice']}, ...]}")
    weights = {"procedures": 0.4, "actor": 0.2, "documents_in": 0.2, "documents_out": 0.2}

    def load_key(self):
        return [{k: s[k] for k in ("procedure", "actor", "documents_in", "documents_out")}
                for s in dataset.key_procedures()]

    def public_key(self) -> Key:  # the lesson's worked example: the bank's two steps
        rows = dataset.examples()["inventory_from_the_bank_interview"]["procedures"]
        return Key([{k: r[k] for k in ("procedure", "actor", "documents_in", "documents_out")} for r in rows],
                   complete=False)

    @staticmethod
    def _rows(answer) -> list[dict]:
        if is_table(answer) or isinstance(answer, (list, tuple)):
            rows = answer
        else:
            rows = _dict(answer).get("procedures")
        if is_table(rows):
            rows = rows.to_dict("records")
        if not isinstance(rows, (list, tuple)):
            raise TypeError("'procedures' should be a list of dicts")
        if len(rows) > MAX_ROWS:
            raise ValueError(f"{len(rows)} rows: one procedure has far fewer steps")
        return [_dict(r) for r in rows]

    def judge(self, answer, lang, key):
        rows = self._rows(answer)
        expected = key.data
        pairs = names.pair(names.activities(), [e["procedure"] for e in expected],
                           [cell_text(r.get("procedure")).strip() for r in rows])
        found = len(pairs)
        recall = found / len(expected)
        precision = found / len(rows) if rows else 0.0
        # The worked example is a part of the procedure: the learner's other rows are not mistakes there.
        procedures = recall if not key.complete else (2 * precision * recall / (precision + recall) if found else 0.0)
        earned = {"procedures": procedures, "actor": 0.0, "documents_in": 0.0, "documents_out": 0.0}
        reasons = listed([e["procedure"] for i, e in enumerate(expected) if i not in pairs], lang,
                         lambda p: _("Missing: a step like '{procedure}'.", lang, procedure=p))
        if key.complete and len(rows) > found:
            reasons.append(_("{count} of your rows are not steps of this procedure (or repeat one).", lang,
                             count=len(rows) - found))
        wrong_actor, wrong_documents = [], []
        # With the full key, rows beyond the procedure's dilute the credit of the right ones (precision).
        rows_counted = max(len(expected), len(rows)) if key.complete else len(expected)
        for i, j in pairs.items():
            want, given = expected[i], rows[j]
            if names.actors()(cell_text(given.get("actor"))) == names.actors()(want["actor"]):
                earned["actor"] += 1 / rows_counted
            else:
                wrong_actor.append((want["procedure"], cell_text(given.get("actor"))))
            for column in ("documents_in", "documents_out"):
                wanted, offered = list(want[column]), _names(given.get(column))
                if wanted:
                    share = 2 * len(names.pair(names.documents(), wanted, offered)) / (len(wanted) + len(offered))
                else:
                    share = 0.0 if offered else 1.0
                earned[column] += share / rows_counted
                if share < 1:
                    wrong_documents.append((want["procedure"], column))
        reasons += listed(wrong_actor, lang, lambda w: _("'{procedure}' is not done by '{actor}'.", lang,
                                                         procedure=w[0], actor=w[1] or "?"))
        reasons += listed(wrong_documents, lang, lambda w: _("'{procedure}': look again at its {column}.", lang,
                                                             procedure=w[0], column=w[1]))
        share = sum(self.weights[c] * earned[c] for c in self.weights)
        return self.graded(share, key, lang, reasons, N_("Your inventory has every step, its actor and its documents."),
                           N_("{percent}% of the credit: the steps count 40% (precision and recall), their actors "
                              "20%, the documents in and out 20% each."))


# --- 2. the as-is model ----------------------------------------------------------------------

@register
class AsIsModel(KeyedProblem):
    id = "01-as-is-model"
    title = N_("The as-is model: the whole export in BPMN 2.0, one pool per organization")
    expects = N_("the BPMN 2.0 XML of your model as text (a string), as a modeller exports it")
    solution_language = "xml"
    hints = (
        N_("One pool per organization, lanes for its units; sequence flows inside a pool, message flows for the "
           "documents that pass between organizations."),
        N_("Customs decides on the risk channel: an exclusive gateway with a branch 'yes' where the containers are "
           "inspected and a branch 'no', joined before the release."),
        N_("Check your file with course.bpmn.check_model(text) and run it with course.bpmn.run_every_pool(text, "
           "{'Inspection required?': 'yes'}) before you check the answer."),
    )
    solution = "<!-- see the solution notebook: the export as eight pools, their tasks, messages and documents -->"
    weights = {"comparison": 0.6, "rules": 0.2, "paths": 0.2}

    def load_key(self):
        return dataset.key_text("as_is.bpmn")

    def public_key(self) -> Key:  # the lessons' worked example: the letter of credit part
        return Key(dataset.example_model(), complete=False)

    def judge(self, answer, lang, key):
        source, model, refused = _read(self, answer, lang)
        if refused is not None:
            return refused
        comparison = compare_models(model, read_model(key.data.encode("utf-8")), dataset.synonyms(), lang)
        differences = [d for d in comparison.differences if key.complete or d.code != "bpmn.diff.extra"]
        found = rule_errors(source, lang)
        # The rules and the runs earn credit for as much of the procedure as the model agrees with.
        agreement = comparison.score
        paths = customs_paths(model, lang)
        reasons = [d.message for d in differences[:6]]
        if len(differences) > 6:
            reasons.append(_("... and {count} more differences with the reference.", lang, count=len(differences) - 6))
        reasons += [f"{f.where()}: {f.message}" for f in found[:4]]
        reasons += self.path_reasons(model, paths, lang)
        share = (self.weights["comparison"] * comparison.score
                 + self.weights["rules"] * _rules_share(found) * agreement
                 + self.weights["paths"] * sum(p.completed for p in paths) / len(paths) * agreement)
        return self.graded(share, key, lang, reasons, N_("Your model agrees with the reference process, follows the "
                                                         "modelling rules and completes both customs paths."),
                           N_("{percent}% of the credit: agreement with the reference 60%, the modelling rules 20%, "
                              "both customs paths completing 20%."))

    @staticmethod
    def path_reasons(model, paths, lang) -> list[str]:
        if not inspection_ids(model):
            return [_("No step of your model is customs' inspection of the containers, so the two customs paths "
                      "cannot be told apart.", lang)]
        reasons = []
        for result in paths:
            if result.problems:
                reasons.append(_("On the path '{path}' your process does not complete: {problem}", lang,
                                 path=_(result.path, lang), problem="; ".join(result.problems[:2])))
            elif not result.completed:
                reasons.append(_("On the path '{path}' customs should inspect only when the channel says so.", lang,
                                 path=_(result.path, lang)))
        return reasons


# --- 3. the time-procedure figures -----------------------------------------------------------

@register
class TimeProcedure(KeyedProblem):
    id = "01-time-procedure"
    title = N_("Time-procedure figures: total time, critical path and longest wait, when customs inspects")
    expects = N_("a dict with 'total_hours' (a number), 'critical_path' (the procedure names in order) and "
                 "'longest_wait' (the name of the step that waits longest)")
    hints = (
        N_("Use your inventory's durations in elapsed hours (lesson 02's rule) and the order of the steps; take the "
           "path where customs inspects the containers."),
        N_("course.bpmn.schedule.schedule(durations, predecessors) gives the total and the critical path, as in "
           "lesson 04."),
        N_("The longest wait is the step with the most waiting hours, not the longest step."),
    )
    solution = ("plan = schedule(durations, predecessors)\n"
                "figures = {'total_hours': plan.total, 'critical_path': [names[s] for s in plan.critical_path], "
                "'longest_wait': ...}")
    TOLERANCE = 0.05
    weights = {"total_hours": 0.4, "critical_path": 0.4, "longest_wait": 0.2}

    def load_key(self):
        figures = dataset.key_json("time_procedure.json")
        named = {s["id"]: s["procedure"] for s in dataset.key_procedures()}
        path = figures[dataset.PATHS[0]]
        return {"total_hours": path["total_hours"], "critical_path": [named[s] for s in path["critical_path"]],
                "longest_wait": figures["longest_waiting_step"]["procedure"]}

    def public_key(self) -> Key:  # nothing of the figures is public: the self-check checks their form
        return Key(None, complete=False)

    def judge(self, answer, lang, key):
        answer = _dict(answer)
        total = float(answer.get("total_hours"))
        chain = _names(answer.get("critical_path"))
        longest = cell_text(answer.get("longest_wait")).strip()
        known = set(names.activities().canonical.values())
        unknown = [n for n in chain + [longest] if n and names.activities()(n) not in known]
        reasons = listed(unknown, lang, lambda n: _("'{name}' is not a step of the procedure: use the names of your "
                                                    "inventory.", lang, name=n))
        if key.data is None:
            form = {"total_hours": total > 0, "critical_path": len(chain) >= 2 and not unknown,
                    "longest_wait": bool(longest) and names.activities()(longest) in known}
            if total <= 0:
                reasons.append(_("The total time should be a number of hours above 0.", lang))
            share = sum(self.weights[k] for k, ok in form.items() if ok)
            return self.graded(share, key, lang, reasons, "", N_("Not yet: see the reasons below."))
        expected = key.data
        off = abs(total - expected["total_hours"]) / expected["total_hours"]
        path = score_set(_canonical(names.activities(), chain),
                         _canonical(names.activities(), expected["critical_path"]))
        right_wait = names.activities()(longest) == names.activities()(expected["longest_wait"])
        if off > self.TOLERANCE:
            reasons.append(_("The total time is {given:g} hours: more than {tolerance}% away from the procedure's.",
                             lang, given=total, tolerance=int(100 * self.TOLERANCE)))
        if path.missing:
            reasons.append(_("Your critical path misses {count} step(s) that have no slack.", lang,
                             count=len(path.missing)))
        if path.extra:
            reasons.append(_("Your critical path has {count} step(s) with slack: they are not on it.", lang,
                             count=len(path.extra)))
        if not right_wait:
            reasons.append(_("'{name}' is not the step that waits longest.", lang, name=longest or "?"))
        share = (self.weights["total_hours"] * (off <= self.TOLERANCE)
                 + self.weights["critical_path"] * path.precision * path.recall
                 + self.weights["longest_wait"] * right_wait)
        return self.graded(share, key, lang, reasons, N_("Your figures are those of the procedure."),
                           N_("{percent}% of the credit: the total time counts 40% (within 5%), the critical path "
                              "40% (precision times recall), the longest wait 20%."))


# --- 4. bottlenecks and redundant documents --------------------------------------------------

@register
class Bottlenecks(KeyedProblem):
    id = "01-bottlenecks"
    title = N_("Bottlenecks and redundant documents")
    expects = N_("a dict with 'bottlenecks' (procedure names) and 'redundant' (names of the documents that carry "
                 "data already submitted)")
    hints = (
        N_("A bottleneck is on the critical path of the inspection path and waits a day (24 hours) or more."),
        N_("A document is redundant when the trader's side types into it again data that the invoice and packing "
           "list already carry: make the matrix of lesson 05 for every submission."),
    )
    solution = "answer = {'bottlenecks': [...steps of the critical path waiting 24 h or more...], 'redundant': [...]}"
    weights = {"bottlenecks": 0.5, "redundant": 0.5}

    def load_key(self):
        data = dataset.key_json("bottlenecks.json")
        named = {s["id"]: s["procedure"] for s in dataset.key_procedures()}
        # Steps a trainer also accepts as bottlenecks: the needless wait and the trips to offices.
        tolerated = [w["step"] for w in data["needless_waits"]] + data["physical_visits"]
        return {"bottlenecks": [named[s] for s in data["bottleneck_steps"]["steps"]],
                "tolerated": [named[s] for s in tolerated], "redundant": data["redundant_documents"]}

    def public_key(self) -> Key:
        return Key(None, complete=False)

    def judge(self, answer, lang, key):
        answer = _dict(answer)
        steps, documents = _names(answer.get("bottlenecks")), _names(answer.get("redundant"))
        known = set(names.activities().canonical.values())
        unknown = [n for n in steps if names.activities()(n) not in known]
        reasons = listed(unknown, lang, lambda n: _("'{name}' is not a step of the procedure.", lang, name=n))
        if key.data is None:
            if not steps:
                reasons.append(_("Name at least one bottleneck.", lang))
            if not documents:
                reasons.append(_("Name the redundant documents.", lang))
            share = 0.5 * bool(steps and not unknown) + 0.5 * bool(documents)
            return self.graded(share, key, lang, reasons, "", N_("Not yet: see the reasons below."))
        tolerated = _canonical(names.activities(), key.data["tolerated"])
        given = _canonical(names.activities(), steps) - tolerated
        found = score_set(given, _canonical(names.activities(), key.data["bottlenecks"]))
        redundant = score_set(_canonical(names.documents(), documents), _canonical(names.documents(), key.data["redundant"]))
        reasons += listed(found.extra, lang, lambda s: _("A step you name is not a bottleneck: {step}.", lang, step=s))
        if found.missing:
            reasons.append(_("You miss {count} bottleneck(s): look for long waits on the critical path.", lang,
                             count=len(found.missing)))
        reasons += listed(redundant.extra, lang, lambda d: _("'{document}' carries no data submitted elsewhere, or is "
                                                             "the source of that data.", lang, document=d))
        if redundant.missing:
            reasons.append(_("You miss {count} redundant document(s).", lang, count=len(redundant.missing)))
        share = self.weights["bottlenecks"] * found.f1 + self.weights["redundant"] * redundant.f1
        return self.graded(share, key, lang, reasons, N_("You found the bottlenecks and every redundant document."),
                           N_("{percent}% of the credit: the bottlenecks and the redundant documents count half each "
                              "(precision and recall)."))


# --- 5. the to-be model ----------------------------------------------------------------------

@register
class ToBeModel(KeyedProblem):
    id = "01-to-be-model"
    title = N_("The to-be model: submit once, run in parallel, and be faster on the critical path")
    expects = N_("the BPMN 2.0 XML of your to-be model as text (a string)")
    solution_language = "xml"
    hints = (
        N_("Start from your as-is model. Remove the submissions that only retype the invoice and packing list, and "
           "let one electronic submission reach the agencies that need it."),
        N_("Steps that do not depend on each other can run in parallel: a parallel gateway splits and joins them."),
        N_("The to-be must still follow the modelling rules and complete both customs paths."),
    )
    solution = "<!-- see the solution notebook: one electronic submission through a Single Window -->"
    weights = {"rules": 0.2, "paths": 0.2, "removed": 0.3, "faster": 0.3}
    KEPT = 0.7     # share of the reference to-be's activities a to-be keeps to earn full credit
    UNKNOWN_HOURS = 8.0   # a step the tables do not know takes a working day
    MAX_TIMED = 1000      # activities: far beyond any procedure's, and quick to time

    def load_key(self):
        data = dataset.key_json("to_be.json")
        as_is, to_be = dataset.key_procedures(), dataset.key_procedures("procedures_to_be.csv")
        submitting = {d: [s["procedure"] for s in as_is if d in s["documents_out"]] for d in data["removed_submissions"]}
        hours = {s["procedure"]: s["likely_hours"] for s in as_is}
        hours.update({s["procedure"]: s["likely_hours"] for s in to_be})
        return {"removed": submitting, "hours": hours, "as_is_model": dataset.key_text("as_is.bpmn"),
                "activities": [s["procedure"] for s in to_be]}

    def public_key(self) -> Key:
        return Key(None, complete=False)

    def judge(self, answer, lang, key):
        source, model, refused = _read(self, answer, lang)
        if refused is not None:
            return refused
        found = rule_errors(source, lang)
        paths = customs_paths(model, lang)
        reasons = [f"{f.where()}: {f.message}" for f in found[:4]] + AsIsModel.path_reasons(model, paths, lang)
        path_share = sum(p.completed for p in paths) / len(paths)
        if key.data is None:
            share = (0.5 * _rules_share(found) + 0.5 * path_share) * (len(model.tasks()) > 0)
            if not model.tasks():
                reasons.append(_("Your process has no task.", lang))
            return self.graded(share, key, lang, reasons, "", N_("Not yet: see the reasons below."))
        activities = names.activities()
        mine = {t.id: activities(t.name) for t in model.tasks()}
        reference = {activities(a) for a in key.data["activities"]}
        kept = len(reference & set(mine.values())) / len(reference)
        gate = min(1.0, kept / self.KEPT)
        if gate < 1:
            reasons.append(_("Your to-be keeps only {percent}% of the procedure's steps: a to-be still exports the rice.",
                             lang, percent=int(100 * kept)))
        gone = self.removed(model, key.data["removed"])
        reasons += listed([d for d, ok in gone.items() if not ok], lang,
                          lambda d: _("'{document}' is still submitted on its own.", lang, document=d))
        removed_share = sum(gone.values()) / len(gone) * path_share
        # A model with errors has no critical path worth timing (and a huge one is not timed at all).
        total = None if found or len(model.tasks()) > self.MAX_TIMED else self.hours_of(model, key.data["hours"])
        # The as-is is timed the same way, from its reference model's flows and the tables' durations.
        as_is = self.hours_of(read_model(key.data["as_is_model"].encode("utf-8")), key.data["hours"])
        faster = total is not None and total < as_is
        if found:
            reasons.append(_("A model with errors has no critical path to compare: correct the errors first.", lang))
        elif total is None:
            reasons.append(_("Your flows go round in a circle: the critical path cannot be computed.", lang))
        elif not faster:
            reasons.append(_("Your to-be takes {hours:g} hours on the critical path, no less than the as-is ({as_is:g}).",
                             lang, hours=total, as_is=as_is))
        share = gate * (self.weights["rules"] * _rules_share(found) + self.weights["paths"] * path_share
                        + self.weights["removed"] * removed_share + self.weights["faster"] * faster)
        return self.graded(share, key, lang, reasons, N_("Your to-be removes the redundant submissions, completes both "
                                                         "customs paths and is faster on the critical path."),
                           N_("{percent}% of the credit: the modelling rules 20%, both paths 20%, the redundant "
                              "submissions gone 30%, a shorter critical path 30%."))

    def hours_of(self, model, hours: dict[str, float]) -> float | None:
        """The critical path's hours of ``model``, each activity taking the tables' most likely hours."""
        activities = names.activities()
        known = {activities(name): h for name, h in hours.items()}
        return critical_hours(model, {t.id: known.get(activities(t.name), self.UNKNOWN_HOURS) for t in model.tasks()})

    @staticmethod
    def removed(model, submitting: dict[str, list[str]]) -> dict[str, bool]:
        """Each redundant submission is gone: no task submits it and no document or message carries it alone."""
        activities, documents = names.activities(), names.documents()
        tasks = {activities(t.name) for t in model.tasks()}
        carried = {documents(d.name) for d in model.data_objects.values()}
        carried |= {documents(f.name) for f in model.message_flows() if f.name}
        return {document: not ({activities(s) for s in steps} & tasks) and documents(document) not in carried
                for document, steps in submitting.items()}


# --- 6. the recommendation -------------------------------------------------------------------

@register
class Recommendation(KeyedProblem):
    id = "01-recommendation"
    title = N_("The recommendation: which changes would you make, and which bottleneck each removes")
    expects = N_("a dict with 'options' (letters of recommendation_options.json) and 'reasons' (one short reason per "
                 "option: the bottleneck it removes)")
    hints = (
        N_("Every recommendation should remove a bottleneck you found; one that adds a control or a paper removes none."),
        N_("A wrong option costs as much as a right one earns."),
    )
    solution = "answer = {'options': [...], 'reasons': ['...the bottleneck each option removes...']}"
    MIN_REASON = 15   # characters: a reason names a bottleneck, not 'ok'

    def load_key(self):
        data = dataset.key_json("recommendations.json")
        return {"right": data["right"], "why_wrong": data["why_wrong"]}

    def public_key(self) -> Key:
        return Key(None, complete=False)

    def judge(self, answer, lang, key):
        if isinstance(answer, (list, tuple)):
            answer = {"options": answer}
        answer = _dict(answer)
        chosen = [c.upper() for c in _names(answer.get("options"))]
        reasons_given = _names(answer.get("reasons"))
        options = dataset.recommendation_options()
        unknown = [c for c in chosen if c not in options]
        reasons = listed(unknown, lang, lambda c: _("'{letter}' is not one of the options.", lang, letter=c))
        explained = len([r for r in reasons_given if len(r) >= self.MIN_REASON]) >= len(set(chosen)) > 0
        if not explained:
            reasons.append(_("Give one short reason per option you choose: the bottleneck it removes.", lang))
        if key.data is None:
            share = 0.8 * bool(chosen and not unknown) + 0.2 * explained
            return self.graded(share, key, lang, reasons, "", N_("Not yet: see the reasons below."))
        right = set(key.data["right"])
        picked = set(chosen) - set(unknown)
        earned = max(0.0, (len(picked & right) - len(picked - right)) / len(right))
        reasons += listed(sorted(picked - right), lang, lambda c: _("Option {letter} removes no bottleneck.", lang, letter=c))
        if right - picked:
            reasons.append(_("You leave out {count} option(s) that would remove a bottleneck.", lang,
                             count=len(right - picked)))
        # Reasons add to the credit the options earn: a reason for a wrong choice is worth nothing.
        share = (0.8 + 0.2 * explained) * earned
        return self.graded(share, key, lang, reasons, N_("Your recommendation makes the right changes, each with its "
                                                         "reason."),
                           N_("{percent}% of the credit: the options earn it (a wrong one costs what a right one "
                              "earns), and without a reason for each only 80% of it."))
