"""`course pack participants`: everything participants need, and no solution, key or hidden test."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from course import paths
from course.pack import PackRefused, leaks, pack_participants

SOLUTIONS = paths.root() / "solutions"
REGION = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", re.S)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    return pack_participants(tmp_path_factory.mktemp("usb") / "paperless-trade")


def _bundle_text(bundle: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in bundle.rglob("*") if p.is_file())


def test_it_holds_what_participants_use(bundle):
    for name in ("course/__init__.py", "modules/README.md", "exercises/README.md", "datasets/README.md",
                 "dashboards/README.md", "Makefile", "pyproject.toml"):
        assert (bundle / name).is_file(), name
    assert list((bundle / "exercises").rglob("*.ipynb")) and list((bundle / "modules").rglob("*.ipynb"))


def test_no_solution_key_or_hidden_test_is_in_it(bundle):
    names = {part for p in bundle.rglob("*") for part in p.relative_to(bundle).parts}
    assert not names & {"solutions", "keys", "hidden", "workshop", ".git"}
    text = _bundle_text(bundle)
    hidden_lines = {line.strip() for nb in SOLUTIONS.rglob("*.ipynb")
                    for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]
                    for kind, body in REGION.findall("".join(cell["source"])) if kind == "HIDDEN TESTS"
                    for line in body.splitlines() if len(line.strip()) >= 20}
    assert hidden_lines
    assert sorted(line for line in hidden_lines if line in text) == []
    for notebook in bundle.rglob("*.ipynb"):  # released cells keep no solution region
        sources = "".join("".join(c["source"]) for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"])
        assert not REGION.search(sources), notebook
    key_lines = {line.strip() for p in SOLUTIONS.glob("*/keys/**/*") if p.suffix in (".csv", ".json")
                 for line in p.read_text(encoding="utf-8").splitlines() if len(line.strip()) >= 30}
    assert key_lines and sorted(line for line in key_lines if line in text) == []
    assert leaks(bundle, paths.root()) == []


def test_no_script_in_it_can_make_the_answer_keys(bundle):
    """The scenarios' generators know the answers (which label is which element, which certificate
    is tampered) and stay with the keys. The two scripts participants receive that name the keys'
    folder stop at once with a message, and write nothing."""
    naming = sorted(p.relative_to(bundle).as_posix() for p in (bundle / "datasets").rglob("*.py")
                    if "solutions" in p.read_text(encoding="utf-8"))
    assert naming == ["datasets/rice_export/make_dataset.py", "datasets/schemas/swds/make_swds.py"]
    before = {p: p.read_bytes() for p in (bundle / "datasets").rglob("*") if p.is_file()}
    for script in naming:
        run = subprocess.run([sys.executable, script], cwd=bundle, capture_output=True, text=True, timeout=120)
        assert run.returncode != 0 and "trainer's copy" in run.stderr, (script, run.stderr[-500:])
    after = {p: p.read_bytes() for p in (bundle / "datasets").rglob("*") if p.is_file()}
    assert after == before and not (bundle / "solutions").exists()
    generators = sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("make_dataset.py"))
    assert generators == ["datasets/rice_export/make_dataset.py"]


def test_the_bundle_runs_checks_but_has_no_key(bundle):
    """A participant's Python on the bundle: checks answer, keys are nowhere, even when asked for."""
    code = (
        "import course, json\n"
        "from course.checks import keys\n"
        "ex = course.exercise('02-conflicts')\n"
        "outcome = ex.check({'GrossWeight'})\n"
        "keys.enable()\n"
        "try:\n"
        "    ex.problem.answer_key(); found = 'key'\n"
        "except keys.KeyUnavailable:\n"
        "    found = 'no key'\n"
        "print(json.dumps([course.__file__, outcome.status, found]))\n")
    env = {**os.environ, "COURSE_ROOT": str(bundle), "PYTHONPATH": str(bundle), "COURSE_LANG": "en"}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=bundle)
    assert run.returncode == 0, run.stderr[-2000:]
    package, status, found = json.loads(run.stdout.strip().splitlines()[-1])
    assert package.startswith(str(bundle)) and status in ("correct", "incorrect") and found == "no key"


def test_a_leak_is_refused_and_nothing_is_left(tmp_path):
    source = tmp_path / "course"
    (source / "exercises" / "x").mkdir(parents=True)
    (source / "solutions" / "x" / "keys").mkdir(parents=True)
    (source / "solutions" / "x" / "keys" / "answers.csv").write_text("label,element\nInvoice No. of the seller,InvoiceNumber\n")
    (source / "exercises" / "x" / "leaky.md").write_text("Here: Invoice No. of the seller,InvoiceNumber\n")
    with pytest.raises(PackRefused, match="leaky.md: holds a line of an answer key"):
        pack_participants(tmp_path / "out", source)
    assert not (tmp_path / "out").exists()
    (source / "exercises" / "x" / "leaky.md").write_text("### BEGIN SOLUTION\nanswer = 1\n### END SOLUTION\n")
    with pytest.raises(PackRefused, match="solution or hidden-test region"):
        pack_participants(tmp_path / "out", source)


def test_the_command(tmp_path):
    run = subprocess.run([sys.executable, "-m", "course", "pack", "participants", "--into", str(tmp_path / "b")],
                         capture_output=True, text=True)
    assert run.returncode == 0 and "no solutions, keys or hidden tests" in run.stdout
    again = subprocess.run([sys.executable, "-m", "course", "pack", "participants", "--into", str(tmp_path / "b")],
                           capture_output=True, text=True)
    assert again.returncode == 1 and "not empty" in again.stderr
