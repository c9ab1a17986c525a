"""Module 03's scenario is made again to the same bytes, by a script that stays with the keys."""
import subprocess
import sys

from course import pack, paths

SCRIPT = paths.root() / "solutions" / "03-e-traceability" / "keys" / "scenario" / "make_dataset.py"
DATA = paths.datasets() / "mango_trace"
KEYS = paths.root() / "solutions" / "03-e-traceability" / "keys"


def _files(folder, pattern="*"):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob(pattern))
            if p.is_file() and p.suffix != ".py" and p.suffix != ".md"}


def test_the_generator_writes_the_committed_data_and_keys_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(SCRIPT), "--data", str(tmp_path / "data"), "--keys", str(tmp_path / "keys")],
                   check=True, capture_output=True, cwd=paths.root())
    assert _files(tmp_path / "data") == _files(DATA)
    written = _files(tmp_path / "keys")
    assert written and written == {name: body for name, body in _files(KEYS, "*.json").items() if name in written}


def test_participants_get_neither_the_generator_nor_the_list_of_planted_defects():
    assert not (DATA / "make_dataset.py").exists()
    assert "NEVER" in dir(pack) and "solutions" in pack.NEVER
    public = "\n".join(p.read_text(encoding="utf-8") for p in DATA.glob("README*.md"))
    for giveaway in ("fourth packing run", "fifth packing run", "third truck", "第四", "第五"):
        assert giveaway not in public
