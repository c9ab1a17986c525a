"""nbgrader's autograde step that judges the captured answers and writes the grade cells' outputs.

Runs after :class:`~course.grading.execute.SandboxedExecute`, once the learner's kernel has
ended. Every graded code cell then holds, at most, the data its capture published; this step
replaces all of the cell's outputs with what nbgrader's own grading reads, exactly as the
hidden tests used to leave them:

- an answer earning a share of the points: the outcome as printed text, then the points as
  the cell's result (nbgrader's partial credit);
- an answer earning all the points (all-or-nothing tasks): the outcome as printed text;
- no credit: an error whose message is the outcome, never test source or keys.

Whatever the learner's code printed or displayed in a grade cell is discarded, so the
gradebook, the formgrader, feedback and exports see only the judge's word.
"""
from __future__ import annotations

from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor

from ..checks.answer_data import MIME, MAX_BYTES
from ..checks.outcome import Outcome
from ..i18n import N_, _, resolve
from . import tasks as graded_tasks
from .judge import REFUSED, Judge

REFUSALS = {
    "time": N_("The grader stopped checking this answer: it took longer than the time allowed. It earned no points; make it smaller or simpler and ask your trainer to grade again."),
    "memory": N_("The grader stopped checking this answer: it needed more memory than allowed. It earned no points; make it smaller and ask your trainer to grade again."),
    "crash": N_("The grader could not check this answer. It earned no points; please tell your trainer."),
    "too_large": N_("Your answer is larger than {mb} MB, so it was not checked. It earned no points."),
    "not_captured": N_("The grader could not read your answer: the grade cell did not hand it over (something in the notebook broke it). It earned no points."),
    "undeclared": N_("This task names no answer that can be graded automatically; your trainer grades it."),
}


def _error(ename: str, text: str):
    return new_output("error", ename=ename, evalue=text, traceback=[f"{ename}: {text}"])


def _captured(cell, grade_id: str) -> dict | None:
    """The last well-formed capture of this task among the cell's outputs."""
    found = None
    for output in cell.get("outputs", []):
        payload = output.get("data", {}).get(MIME) if output.get("output_type") == "display_data" else None
        if isinstance(payload, dict) and payload.get("task") == grade_id:
            found = payload
    return found


def outputs_for(result: dict, task: graded_tasks.Task, lang: str) -> list:
    """The grade cell's outputs for the judge's ``result`` on ``task``."""
    if result["status"] == REFUSED:
        reason = result["text"] if result["text"] in REFUSALS else "crash"
        return [_error("AnswerNotChecked", _(REFUSALS[reason], lang, mb=MAX_BYTES // (1024 * 1024)))]
    outcome = Outcome(exercise=task.exercise, status=result["status"], message="", score=float(result["score"]))
    earned = outcome.points(task.points, task.partial)
    if earned is None:
        return [_error("AssertionError", result["text"])]
    printed = new_output("stream", name="stdout", text=result["text"] + "\n")
    if not task.partial:
        return [printed]
    return [printed, new_output("execute_result", data={"text/plain": repr(earned)}, execution_count=None)]


class JudgeAnswers(NbGraderPreprocessor):
    """Judge every graded task of the notebook outside the learner's kernel."""

    def preprocess(self, nb, resources):
        lang = resolve(None)
        declared = graded_tasks.declared(nb.cells)[0]
        pending, answers = [], []
        for cell in nb.cells:
            if not graded_tasks.is_graded_code(cell):
                continue
            grade_id = cell.metadata["nbgrader"].get("grade_id", "")
            task = declared.get(grade_id)
            captured = _captured(cell, grade_id) if task else None
            if task is None:
                cell.outputs = [_error("AnswerNotChecked", _(REFUSALS["undeclared"], lang))]
            elif captured is None:
                cell.outputs = [_error("AnswerNotChecked", _(REFUSALS["not_captured"], lang))]
            elif captured.get("too_large"):
                cell.outputs = outputs_for({"status": REFUSED, "text": "too_large", "score": 0}, task, lang)
            else:
                pending.append((cell, task))
                answers.append({"exercise": task.exercise, "answer": None if captured.get("missing") else captured.get("answer")})
        for (cell, task), result in zip(pending, Judge.get().judge(answers, lang)):
            cell.outputs = outputs_for(result, task, lang)
        return nb, resources

