"""``course build``: generate the participant versions in exercises/ from solutions/.

Deterministic: the same solutions always give byte-identical exercises, so a test can
prove the committed exercises are in step. nbgrader's generate step does the work with a
throwaway gradebook, so building never touches a workshop's grades.
"""
from __future__ import annotations

import filecmp
import json
import shutil
import tempfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory

from .. import paths
from ..i18n import editions
from . import config as course_config


class BuildError(Exception):
    pass


def assignments(course_root: Path | None = None) -> list[str]:
    source = Path(course_root or paths.root()) / "solutions"
    return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def normalize(release: Path) -> None:
    """Make generated notebooks stable: sorted keys, fixed indentation, final newline."""
    for notebook in release.rglob("*.ipynb"):
        data = json.loads(notebook.read_text(encoding="utf-8"))
        notebook.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                            encoding="utf-8")


def generate(assignment: str, out_root: Path, course_root: Path | None = None) -> Path:
    """Generate one assignment's participant version under ``out_root/exercises``."""
    course_root = Path(course_root or paths.root())
    with tempfile.TemporaryDirectory(prefix="course-build-") as scratch:
        cfg = course_config.load(course_root, CourseDirectory={
            "db_url": f"sqlite:///{Path(scratch) / 'gradebook.db'}",
            "release_directory": str(Path(out_root) / "exercises"),
        })
        api = NbGraderAPI(coursedir=CourseDirectory(config=cfg), config=cfg)
        result = api.generate_assignment(assignment, force=True, create=True)
    if not result.get("success"):
        raise BuildError(f"could not build {assignment}:\n{result.get('log', '')}\n{result.get('error', '')}")
    release = Path(out_root) / "exercises" / assignment
    normalize(release)
    return release


@contextmanager
def _fresh(name: str, course_root: Path):
    """A fresh build of one assignment in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="course-build-") as out:
        yield generate(name, Path(out), course_root)


def _with_editions(assignment: str | None, course_root: Path) -> list[str]:
    """One assignment and its Chinese edition (when it has one), or every assignment."""
    if not assignment:
        return assignments(course_root)
    edition = editions.assignment_edition(assignment)
    return [assignment] + ([edition] if edition in assignments(course_root) else [])


def build(assignment: str | None = None, course_root: Path | None = None,
          kept: list[Path] | None = None) -> list[Path]:
    """Regenerate the Chinese editions, then exercises/ (one assignment and its Chinese
    edition, or all) in place.

    A file of exercises/ that the build would replace or remove by something different (for
    instance a notebook someone answered in place) is first copied to ``workshop/kept/``;
    the copies made are appended to ``kept``.
    """
    course_root = Path(course_root or paths.root())
    editions.build(course_root)
    built = []
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for name in _with_editions(assignment, course_root):
        target = course_root / "exercises" / name
        with _fresh(name, course_root) as fresh:
            if target.exists():
                saved = _keep_changed(fresh, target, course_root / "workshop" / "kept" / stamp / "exercises" / name)
                if kept is not None:
                    kept += saved
                shutil.rmtree(target)
            shutil.copytree(fresh, target)
        built.append(target)
    return built


def _keep_changed(fresh: Path, current: Path, keep: Path) -> list[Path]:
    """Copy the files of ``current`` that ``fresh`` lacks or has with other content to ``keep``."""
    saved = []
    for item in sorted(current.rglob("*")):
        if item.is_dir() or ".ipynb_checkpoints" in item.parts or "__pycache__" in item.parts:
            continue
        relative = item.relative_to(current)
        new = fresh / relative
        if new.is_file() and new.read_bytes() == item.read_bytes():
            continue
        (keep / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(item, keep / relative)
        saved.append(keep / relative)
    return saved


def differences(assignment: str | None = None, course_root: Path | None = None) -> list[str]:
    """Files that differ between exercises/ and a fresh build (empty when in step); for the
    whole course, also the Chinese editions out of step with their sources and catalogs."""
    course_root = Path(course_root or paths.root())
    found = [] if assignment else editions.differences(course_root)
    for name in [assignment] if assignment else assignments(course_root):
        committed = course_root / "exercises" / name
        if not committed.exists():
            found.append(f"exercises/{name} is missing")
            continue
        with _fresh(name, course_root) as fresh:
            found += _compare(fresh, committed, f"exercises/{name}")
    return found


def _compare(fresh: Path, committed: Path, label: str) -> list[str]:
    comparison = filecmp.dircmp(fresh, committed, ignore=[".ipynb_checkpoints", "__pycache__"])
    found = [f"{label}/{n} would be created" for n in comparison.left_only]
    found += [f"{label}/{n} is not produced by the build" for n in comparison.right_only]
    found += [f"{label}/{n} differs" for n in comparison.common_files
              if (fresh / n).read_bytes() != (committed / n).read_bytes()]
    for sub in comparison.common_dirs:
        found += _compare(fresh / sub, committed / sub, f"{label}/{sub}")
    return found
