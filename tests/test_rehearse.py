"""`course rehearse` runs a small cohort end to end on module 02: every submission gets a status."""
import json
import subprocess
import sys

from pathlib import Path

from course.grading.rehearse import plan, shorten

SEED = 2  # a cohort with honest work, missing answers, a hostile and a broken notebook


def test_rehearse_runs_end_to_end(tmp_path):
    kinds = {p.participant: p.kind for p in plan(8, SEED)}
    assert {"honest", "missing", "hostile:exit", "broken:reordered"} <= set(kinds.values())
    # Module 02's assignment (24 points), named: the default is whichever assignment sorts first.
    run = subprocess.run([sys.executable, "-m", "course", "rehearse", "02-data-harmonization",
                          "--participants", "8", "--seed", str(SEED),
                          "--into", str(tmp_path / "course")], capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    for participant, kind in kinds.items():
        row = next(line for line in run.stdout.splitlines() if line.startswith(participant))
        if kind == "hostile:exit":
            assert "not graded" in row and "kernel died" in row
        elif kind == "honest":
            assert "24/24" in row
        elif kind == "broken:reordered":
            assert "graded" in row and "original order" in row
        else:
            assert " graded " in row
    summary = json.loads((tmp_path / "course" / "workshop" / "exports" / "02-data-harmonization-summary.json").read_text())
    assert summary["participants"] == 8 and len(summary["tasks"]) == 8
    feedback = list((tmp_path / "course" / "workshop" / "feedback").rglob("*.html"))
    assert feedback and all("BEGIN HIDDEN" not in page.read_text() for page in feedback)
    # It ends by saying how to open the results: the gradebook it names is the one it wrote.
    gradebook = next(line for line in run.stdout.splitlines() if "COURSE_GRADEBOOK=" in line)
    named = gradebook.split("COURSE_GRADEBOOK=", 1)[1].split()[0]
    assert named == str(tmp_path / "course" / "workshop" / "gradebook.db") and Path(named).is_file()
    assert "dashboards/trainer_cohort.ipynb" in gradebook
    assert str(tmp_path / "course" / "workshop" / "feedback") in run.stdout


def test_shorten_cuts_at_a_word():
    text = "The consignor is mapped to the seller, which differs on the packing list"
    assert shorten(text, 200) == text
    cut = shorten(text, 40)
    assert cut.endswith("…") and len(cut) <= 40 and text.startswith(cut[:-1])
    assert text[len(cut) - 1] in " ,"          # the cut fell between words
    assert shorten("Unbreakable" * 10, 20) == "Unbreakable" * 1 + "Unbreaka" + "…"
