"""The grading pipeline on a small assignment: parallel, sandboxed, honest, resumable, leak-free."""
import csv
import json
import re
import subprocess
import sys

import nbformat
import pytest

from course.grading import export, feedback, sandbox
from course.grading.grade import GRADED, NOT_GRADED, grade, load_statuses
from course.grading.rehearse import BROKEN, HOSTILE, _break
from toy_assignment import ASSIGNMENT, HIDDEN_MARK, hand_in, new_trial, solved


@pytest.fixture(scope="module")
def trial(tmp_path_factory):
    return new_trial(tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("course"))


@pytest.fixture(scope="module")
def graded(trial):
    import random

    released = nbformat.read(trial.root / "exercises" / ASSIGNMENT / "toy.ipynb", as_version=4)
    hand_in(trial, "honest", solved())
    hand_in(trial, "idle", released)
    for name, code in HOSTILE.items():
        hand_in(trial, f"hostile-{name}", solved(code))
    for how in BROKEN:
        files = {"toy.ipynb": solved()}
        _break(files, how, random.Random(0))
        folder = trial.submit(f"broken-{how}", ASSIGNMENT, {})
        for name, content in files.items():
            (folder / name).write_text(content if isinstance(content, str) else nbformat.writes(content), encoding="utf-8")
    limits = sandbox.Limits(cell_seconds=5, notebook_seconds=25, memory_mb=2048, output_mb=4)
    statuses = grade(ASSIGNMENT, trial.root, workers=2, limits=limits, progress=False)
    return {s.participant: s for s in statuses}


def test_honest_work_earns_full_marks_and_idle_work_nothing(graded):
    assert (graded["honest"].status, graded["honest"].score, graded["honest"].max_score) == (GRADED, 4, 4)
    assert (graded["idle"].status, graded["idle"].score) == (GRADED, 0)


@pytest.mark.parametrize("kind, status, says", [
    ("exit", NOT_GRADED, "the kernel died in cell 3"),
    ("hang", NOT_GRADED, "did not finish within 5 s and ignored the interrupt"),
    ("flood", NOT_GRADED, "printed more than 4 MB"),
    ("memory", GRADED, ""),
    ("fork", None, "did not finish|the kernel died|^$"),  # either way: the copies may keep the kernel busy
    ("snoop", GRADED, ""),
    ("socket", GRADED, ""),
])
def test_hostile_submissions_end_with_a_status_that_says_what_happened(graded, kind, status, says):
    result = graded[f"hostile-{kind}"]
    assert result.status == status or status is None, result
    assert re.search(says, result.reason)
    if status == GRADED:  # the attack failed inside the sandbox; the answers still count
        assert result.score == 4


def _answer_output(trial, participant):
    nb = json.loads((trial.root / "workshop" / "autograded" / participant / ASSIGNMENT / "toy.ipynb").read_text())
    return json.dumps(nb["cells"][2]["outputs"])


def test_the_sandbox_hides_keys_gradebook_and_network(trial, graded):
    snooped = _answer_output(trial, "hostile-snoop")
    assert "conflicts.csv" not in snooped and "field_mapping" not in snooped
    assert "SQLite format" not in snooped
    assert "FileNotFoundError" in snooped or "[]" in snooped
    # The sandbox has a loopback of its own, where nothing listens: the host's port 22 is out of reach.
    assert re.search("Network is unreachable|Connection refused", _answer_output(trial, "hostile-socket"))
    assert "MemoryError" in _answer_output(trial, "hostile-memory")


@pytest.mark.parametrize("how, status, note", [
    ("invalid-json", NOT_GRADED, "not a valid notebook file"),
    ("nbformat-3", GRADED, "converted from notebook format 3"),
    ("renamed", GRADED, "renamed back to toy.ipynb"),
    ("reordered", GRADED, "put back in their original order"),
    ("duplicated", GRADED, "appeared 2 times"),
    ("deleted-test", GRADED, "had been deleted; restored"),
    ("edited-test", GRADED, "had been edited; the original is used"),
])
def test_broken_notebooks_are_recovered_or_named(graded, how, status, note):
    result = graded[f"broken-{how}"]
    assert result.status == status, result
    assert note in (result.reason if status == NOT_GRADED else "; ".join(result.notes))
    if status == GRADED:
        assert result.score == 4


def _autograded_at(trial, participant) -> int:
    """When the participant's autograded notebook was written, in nanoseconds."""
    return (trial.root / "workshop" / "autograded" / participant / ASSIGNMENT / "toy.ipynb").stat().st_mtime_ns


def test_statuses_are_stored_and_a_rerun_skips_the_graded(trial, graded):
    stored = load_statuses(trial.root, ASSIGNMENT)
    assert set(stored) == set(graded)
    done = [p for p, s in stored.items() if s.status == GRADED]
    written = {p: _autograded_at(trial, p) for p in done}
    again = grade(ASSIGNMENT, trial.root, participants=done, progress=False)
    assert {s.participant: s.seconds for s in again} == {p: stored[p].seconds for p in done}
    assert {p: _autograded_at(trial, p) for p in done} == written  # nothing was graded again
    (trial.root / "workshop" / "autograded" / "honest" / ASSIGNMENT / "toy.ipynb").unlink()
    forced = grade(ASSIGNMENT, trial.root, participants=["honest"], force=True, progress=False)
    # A forced re-grade writes the autograded notebook anew (it was deleted just before).
    assert forced[0].score == 4 and _autograded_at(trial, "honest") > written["honest"]


def test_feedback_shows_points_and_messages_but_no_hidden_test(trial, graded):
    pages = feedback.generate(ASSIGNMENT, trial.root)
    assert len(pages) == sum(s.status == GRADED for s in graded.values())
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert HIDDEN_MARK not in html and "answer_key" not in html and "keys.install" not in html
        assert "cdnjs" not in html
        # Read offline: nothing on the page loads from another machine (links to read are fine).
        assert re.findall(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?//', html) == []
    honest = next(p for p in pages if "/honest/" in str(p)).read_text(encoding="utf-8")
    assert "4 / 4" in honest and "Correct" in honest


def test_exports(trial, graded):
    grades, moodle, summary = export.export(ASSIGNMENT, trial.root)
    rows = list(csv.DictReader(grades.open()))
    assert {r["student_id"] for r in rows} >= {"honest", "idle"}
    assert next(r for r in rows if r["student_id"] == "honest")["score"] == "4.0"
    moodle_rows = list(csv.reader(moodle.open()))
    assert moodle_rows[0] == ["ID number", "Email address", ASSIGNMENT]
    assert ["hostile-exit", "", ""] in moodle_rows  # not graded: no grade, never a silent zero
    data = json.loads(summary.read_text())
    tasks = {t["task"]: t for t in data["tasks"]}
    assert set(tasks) == {"00-hs-subheading", "02-conflicts"}
    assert tasks["00-hs-subheading"]["max_score"] == 2 and 0 in tasks["00-hs-subheading"]["distribution"]
    assert any("Not attempted" in c["message"] for c in tasks["00-hs-subheading"]["failing_checks"]) or \
        tasks["00-hs-subheading"]["failing_checks"] == []
    assert {n["participant"] for n in data["not_graded"]} >= {"hostile-exit", "broken-invalid-json"}


def test_the_command_exits_non_zero_when_something_was_not_graded(trial, graded):
    run = subprocess.run([sys.executable, "-m", "course", "grade", ASSIGNMENT, "--course", str(trial.root),
                          "--cell-timeout", "5", "--notebook-timeout", "25"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 1
    assert "hostile-exit" in run.stdout and "not graded" in run.stdout
    assert "Protections while learner code ran:" in run.stdout and "[x] no network" in run.stdout


def test_grading_on_a_dask_cluster(trial):
    distributed = pytest.importorskip("distributed")
    hand_in(trial, "remote-one", solved())
    hand_in(trial, "remote-two", solved("answer = '0303'"))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        statuses = grade(ASSIGNMENT, trial.root, participants=["remote-one", "remote-two"],
                         scheduler=cluster.scheduler_address, progress=False)
    scores = {s.participant: (s.status, s.score) for s in statuses}
    assert scores == {"remote-one": (GRADED, 4), "remote-two": (GRADED, 2)}


def test_cold_kernels_give_the_same_results(trial, graded, monkeypatch):
    """Warm kernels (forked from the zygote) are an optimisation: without them, the same grades."""
    monkeypatch.setenv("COURSE_WARM_KERNELS", "0")
    again = grade(ASSIGNMENT, trial.root, participants=["honest", "idle", "hostile-exit"], force=True, progress=False)
    assert {s.participant: (s.status, s.score) for s in again} == {
        p: (graded[p].status, graded[p].score) for p in ("honest", "idle", "hostile-exit")}


def test_without_the_sandbox_nothing_is_graded_unless_the_trainer_allows_it(trial, graded, monkeypatch):
    from course.grading.grade import SandboxUnavailable

    monkeypatch.setattr(sandbox, "unavailable", lambda: "bubblewrap is not installed (pretended here)")
    with pytest.raises(SandboxUnavailable, match="--without-sandbox"):
        grade(ASSIGNMENT, trial.root, participants=["honest"], force=True, progress=False)
    allowed = grade(ASSIGNMENT, trial.root, participants=["honest"], force=True, progress=False, unsandboxed=True)
    assert (allowed[0].status, allowed[0].score) == (GRADED, 4)


def test_nbgraders_own_commands_keep_keys_and_learner_code_in_their_place():
    """The course root's nbgrader_config.py, read as nbgrader reads it (no `course` command involved)."""
    from traitlets.config.loader import PyFileConfigLoader

    from course import paths
    from course.grading.execute import SandboxedExecute
    from course.grading.judging import JudgeAnswers

    config = PyFileConfigLoader("nbgrader_config.py", path=str(paths.root())).load_config()
    assert {"keys", "hidden"} <= set(config.CourseDirectory.ignore)
    steps = config.Autograde.autograde_preprocessors
    assert steps[:2] == [SandboxedExecute, JudgeAnswers]
