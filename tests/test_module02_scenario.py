"""Module 02's scenario is made again to the same bytes, by a script that stays with the keys."""
import subprocess
import sys

from course import paths

KEYS = paths.root() / "solutions" / "02-data-harmonization" / "keys"
SCRIPT = KEYS / "scenario" / "make_dataset.py"
DATA = paths.datasets() / "tuna"


def _files(folder, pattern="*.csv"):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob(pattern)) if p.is_file()}


def test_the_generator_writes_the_committed_documents_and_keys_byte_for_byte(tmp_path):
    run = subprocess.run([sys.executable, str(SCRIPT), "--data", str(tmp_path / "data"), "--keys", str(tmp_path / "keys")],
                         check=True, capture_output=True, text=True, cwd=paths.root())
    written = _files(tmp_path / "data")
    assert len(written) > 6 and written == _files(DATA)
    keys = _files(tmp_path / "keys")
    assert sorted(keys) == ["conflicts.csv", "discrepancies.csv", "field_mapping.csv", "synonyms.csv"]
    assert keys == {name: (KEYS / name).read_bytes() for name in keys}
    assert "answer keys written" in run.stdout


def test_participants_get_neither_the_generator_nor_its_definitions():
    assert not (DATA / "make_dataset.py").exists()
    public = "\n".join(p.read_text(encoding="utf-8") for p in paths.datasets().rglob("*") if p.is_file()
                       and p.suffix in (".py", ".md", ".csv"))
    # The definitions that pair each printed label with its element, as the generator writes them.
    assert "Column(" not in public and "choose_discrepancies" not in public
