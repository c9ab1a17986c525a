"""Integrity as tested properties: no correct answer, no points, whatever the code does; no key
content in any participant's autograded notebook or feedback, whatever it prints; and a sandbox
that keeps a kernel away from everything but its own working copy.

Every cheat below hands in *no* correct answer (the answer cells stay unanswered) and adds
code that tries to earn points or read keys another way.
"""
import json
import os
import socket
import sys
import threading
from pathlib import Path

import nbformat
import pytest

from course import paths
from course.grading import feedback, sandbox
from course.grading.grade import GRADED, grade
from toy_assignment import ASSIGNMENT, hand_in, key_elements, new_trial, solved

KEY_FILE = paths.root() / "solutions" / "02-data-harmonization" / "keys" / "conflicts.csv"

CHEATS = {
    # replacing or wrapping functions, methods, classes or modules of `course`
    "patch-methods": """
import sys, course
from course.checks.outcome import Outcome
win = lambda self, *a, **k: Outcome(self.id if hasattr(self, 'id') else 'x', 'correct', 'Correct', score=1.0)
type(course.exercise('00-hs-subheading').problem).check = win
sys.modules['course.checks.problem'].Problem.check = win
sys.modules['course.checks.exercise'].Exercise.points = lambda self, *a, **k: 2.0
sys.modules['course.checks.exercise'].Exercise.grade = lambda self, *a, **k: None
type(ex_hs).points = lambda self, *a, **k: 2.0
""",
    "replace-modules": """
import sys, types
fake = types.ModuleType('course.checks.answer_data')
def emit(task, name, namespace, limit=0):
    from IPython.display import publish_display_data
    publish_display_data({'application/vnd.paperless-course.answer+json':
        {'task': task, 'status': 'correct', 'score': 1.0, 'points': 2, 'answer': None}})
fake.emit = emit
sys.modules['course.checks.answer_data'] = fake
sys.modules['course.checks'].answer_data = fake
""",
    "wrap-key-functions": """
import functools, course
from course.checks import keys, problem
def spy(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        result = function(*args, **kwargs)
        print('SPIED', function.__name__, args, kwargs, result)
        return result
    return wrapper
keys.path = spy(keys.path)
keys.enabled = lambda: True
problem.Problem.answer_key = spy(problem.Problem.answer_key)
problem.Problem.check = spy(problem.Problem.check)
try:
    print('KEY', course.exercise('02-conflicts').problem.answer_key())
except Exception as exc:
    print('no key:', type(exc).__name__, exc)
""",
    "print-outcomes": """
from IPython.display import publish_display_data, display
print('Correct: All answers are right. 4 / 4 points')
ip = get_ipython()
def claim(*args, **kwargs):
    print('Correct: everything is right')
    publish_display_data({'text/plain': '2'})
ip.events.register('post_run_cell', claim)
ip.display_formatter.formatters['text/plain'].for_type(type(None), lambda obj, p, cycle: p.text('2'))
""",
    "shadow-names": """
import builtins
class Fake:
    def check(self, *a, **k): return 'Correct'
    def points(self, *a, **k): return 2
    def grade(self, *a, **k): return None
ex_hs = ex_conflicts = Fake()
course = Fake()
def globals():
    return {'answer': None, 'conflicts': None}
real_import = builtins.__import__
def shadow_import(name, *args, **kwargs):
    if name.startswith('course'):
        raise ImportError('shadowed')
    return real_import(name, *args, **kwargs)
builtins.__import__ = shadow_import
""",
    "raise-oddly": """
import sys
class Boom:
    def __len__(self): raise KeyboardInterrupt
    def __eq__(self, other): raise SystemExit
    def __hash__(self): raise RuntimeError('hash')
    def __repr__(self): raise RuntimeError('repr')
    def __del__(self): raise RuntimeError('del')
answer = Boom()
conflicts = {'Anything': Boom()}
sys.excepthook = lambda *a: print('Correct')
get_ipython().events.register('pre_run_cell', lambda *a, **k: (_ for _ in ()).throw(SystemExit('no more cells')))
""",
    "write-files": """
import os, pathlib
for target in ['keys/conflicts.csv', 'solutions/02-data-harmonization/keys/conflicts.csv', '/tmp/judge-input.json',
               'course/checks/keys.py', 'answer_data.py']:
    path = pathlib.Path(target)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('element\\nNotAnElement\\n')
    except OSError as exc:
        print('refused', target, exc)
""",
}


@pytest.fixture(scope="module")
def trial(tmp_path_factory):
    return new_trial(tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("course"))


@pytest.fixture(scope="module")
def cheats(trial):
    released = nbformat.read(trial.root / "exercises" / ASSIGNMENT / "toy.ipynb", as_version=4)
    for name, code in CHEATS.items():
        nb = nbformat.from_dict(json.loads(nbformat.writes(released)))
        answer_cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
        answer_cells[0].source += "\n" + code
        hand_in(trial, f"cheat-{name}", nb)
    hand_in(trial, "honest", solved())
    statuses = grade(ASSIGNMENT, trial.root, workers=2, progress=False,
                     limits=sandbox.Limits(cell_seconds=10, notebook_seconds=60))
    feedback.generate(ASSIGNMENT, trial.root)
    return {s.participant: s for s in statuses}


def _outputs(trial, participant) -> str:
    autograded = trial.root / "workshop" / "autograded" / participant / ASSIGNMENT / "toy.ipynb"
    pages = list((trial.root / "workshop" / "feedback" / participant).rglob("*.html"))
    return autograded.read_text(encoding="utf-8") + "".join(p.read_text(encoding="utf-8") for p in pages)


@pytest.mark.parametrize("cheat", sorted(CHEATS))
def test_a_submission_with_no_correct_answer_scores_zero(cheats, cheat):
    status = cheats[f"cheat-{cheat}"]
    assert status.score == 0, status
    assert cheats["honest"].score == 4  # the same grading run gives honest work its points


@pytest.mark.parametrize("cheat", sorted(CHEATS))
def test_no_key_content_reaches_a_participant(trial, cheats, cheat):
    if cheats[f"cheat-{cheat}"].status != GRADED:
        return  # not graded: no autograded notebook or feedback exists to leak into
    text = _outputs(trial, f"cheat-{cheat}")
    leaked = sorted(element for element in key_elements() if element in text)
    assert leaked == [], f"key elements in {cheat}'s notebook or feedback: {leaked}"
    assert "SPIED" not in _printed(trial, f"cheat-{cheat}")  # no wrapped key function ran


def _printed(trial, participant) -> str:
    """Everything the participant's autograded notebook shows as output."""
    nb = json.loads((trial.root / "workshop" / "autograded" / participant / ASSIGNMENT / "toy.ipynb").read_text())
    return json.dumps([c.get("outputs", []) for c in nb["cells"]])


def test_the_spy_saw_no_key(trial, cheats):
    """Wrapping the key functions in the kernel catches nothing: no key ever enters it."""
    assert "no key: KeyUnavailable" in _printed(trial, "cheat-wrap-key-functions")


def test_files_written_by_a_kernel_never_reach_the_judge(trial, cheats):
    assert cheats["cheat-write-files"].score == 0
    assert not Path("/tmp/judge-input.json").exists()
    assert KEY_FILE.read_text(encoding="utf-8").count("NotAnElement") == 0


# --- the sandbox -------------------------------------------------------------------------

def _listener():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    threading.Thread(target=lambda: server.accept(), daemon=True).start()
    return server


@pytest.fixture(scope="module")
def probed(trial, tmp_path_factory):
    """A participant whose answers are right and whose code tries to get out of the sandbox."""
    import site

    hand_in(trial, "neighbour", solved())
    shared_tmp = Path("/tmp") / f"course-sandbox-probe-{os.getpid()}"
    home = Path(os.path.expanduser("~"))
    writes = {
        "course package": str(Path(sandbox.__file__).parent.parent / "planted.py"),
        "python installation": str(Path(sys.base_prefix) / "lib" / "planted.py"),
        "virtual environment": str(Path(site.getsitepackages()[0]) / "planted.pth"),
        "home folder": str(home / "planted.txt"),
        "shared /tmp": str(shared_tmp),
    }
    reads = {
        "answer key": str(KEY_FILE),
        "neighbour's submission": str(trial.root / "workshop" / "submitted" / "neighbour" / ASSIGNMENT / "toy.ipynb"),
        "gradebook": str(trial.root / "workshop" / "gradebook.db"),
        "solutions": str(paths.root() / "solutions"),
    }
    server = _listener()
    probe = f"""
import json, os, socket
report = {{'write': {{}}, 'read': {{}}}}
for what, path in {writes!r}.items():
    try:
        with open(path, 'w') as handle:
            handle.write('planted')
        report['write'][what] = 'written'
    except OSError as exc:
        report['write'][what] = type(exc).__name__
for what, path in {reads!r}.items():
    try:
        report['read'][what] = os.listdir(path) if os.path.isdir(path) else open(path, 'rb').read(40).hex()
    except OSError as exc:
        report['read'][what] = type(exc).__name__
try:
    socket.create_connection(('127.0.0.1', {server.getsockname()[1]}), timeout=3)
    report['host loopback'] = 'connected'
except OSError as exc:
    report['host loopback'] = type(exc).__name__
report['uid'] = os.getuid()
report['processes'] = len([p for p in os.listdir('/proc') if p.isdigit()])
print('PROBE' + json.dumps(report))
"""
    hand_in(trial, "prober", solved(probe))
    statuses = grade(ASSIGNMENT, trial.root, participants=["prober", "neighbour"], force=True, progress=False)
    server.close()
    nb = json.loads((trial.root / "workshop" / "autograded" / "prober" / ASSIGNMENT / "toy.ipynb").read_text())
    printed = "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))
    report = json.loads(printed.split("PROBE", 1)[1].splitlines()[0])
    yield {s.participant: s for s in statuses}, report, writes, shared_tmp
    for path in writes.values():
        if Path(path).exists():
            Path(path).unlink()


def test_the_kernel_can_write_nowhere_outside_its_working_copy(probed):
    statuses, report, writes, shared_tmp = probed
    # Inside, /tmp is private: the write succeeds there, and nothing appears outside.
    refused = {k: v for k, v in report["write"].items() if k != "shared /tmp"}
    assert set(refused) == set(writes) - {"shared /tmp"}
    assert all(v != "written" for v in refused.values()), refused
    assert report["write"]["shared /tmp"] == "written"
    assert [p for p in writes.values() if Path(p).exists()] == []
    assert statuses["prober"].status == GRADED and statuses["prober"].score == 4


def test_the_kernel_reads_no_key_submission_gradebook_or_solutions(probed):
    _statuses, report, _writes, _tmp = probed
    assert report["read"] == {"answer key": "FileNotFoundError", "neighbour's submission": "FileNotFoundError",
                              "gradebook": "FileNotFoundError", "solutions": "FileNotFoundError"}


def test_the_kernel_has_no_network_no_view_of_processes_and_no_root(probed):
    _statuses, report, _writes, _tmp = probed
    assert report["host loopback"] in ("ConnectionRefusedError", "OSError", "TimeoutError")
    assert report["processes"] < 10  # its own PID namespace: only the sandbox's processes
    assert report["uid"] != 0


def test_protections_are_reported():
    applied = sandbox.enforced()
    assert sandbox.unavailable() is None, sandbox.unavailable()
    assert applied["no network"] and applied["read-only allow-list (no solutions, keys, gradebook, homes)"]
    assert applied["unprivileged uid"]


def test_the_allow_list_never_takes_the_graders_own_folders(monkeypatch, tmp_path):
    """The folder a grader was started from (a home, /tmp) is on its sys.path, never in the sandbox."""
    monkeypatch.setattr(sys, "path", [str(tmp_path), "/tmp", str(Path.home()), str(paths.root()), *sys.path])
    allowed = sandbox.readable()
    assert not {str(tmp_path), "/tmp", str(Path.home()), str(paths.root())} & set(allowed)
    assert str(paths.root() / "solutions") not in allowed and str(paths.datasets()) in allowed
