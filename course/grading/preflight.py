"""Look at a submission before grading it: recover what can be recovered, name what cannot.

A participant's folder may hold a renamed notebook, a file that is not valid JSON, an old
notebook format, cells deleted, duplicated or moved, or locked cells edited. Each case
ends as a note (recovered, and how) or as a reason the notebook cannot be graded.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat


class NotGradable(Exception):
    """The submission cannot be graded; the message says why, in plain words."""


@dataclass
class Preflight:
    notes: list[str] = field(default_factory=list)


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _read(path: Path):
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotGradable(f"{path.name} is not a valid notebook file (broken JSON at line {exc.lineno})") from None
    if not isinstance(raw, dict) or "cells" not in raw and "worksheets" not in raw:
        raise NotGradable(f"{path.name} is not a notebook")
    try:
        return nbformat.reads(text, as_version=4), raw.get("nbformat", 4)
    except Exception as exc:  # nbformat raises several kinds for malformed notebooks
        raise NotGradable(f"{path.name} could not be read as a notebook: {str(exc)[:120]}") from None


def _find_renamed(folder: Path, expected: str, released: dict, taken: set[str]) -> Path | None:
    """A notebook under another name that holds this notebook's cells."""
    wanted = {_grade_id(c) for c in released["cells"] if _grade_id(c)}
    for candidate in sorted(folder.glob("*.ipynb")):
        if candidate.name in taken or candidate.name == expected:
            continue
        try:
            cells = json.loads(candidate.read_text(encoding="utf-8")).get("cells", [])
        except (json.JSONDecodeError, UnicodeDecodeError):
            continue
        found = {_grade_id(c) for c in cells if _grade_id(c)}
        if wanted and len(found & wanted) >= len(wanted) / 2:
            return candidate
    return None


def _repair_cells(nb, released, name: str, notes: list[str]):
    """Put the nbgrader cells back in the released order; restore deleted ones; drop duplicates."""
    order = [_grade_id(c) for c in released.cells if _grade_id(c)]
    by_id: dict[str, list] = {}
    for cell in nb.cells:
        if _grade_id(cell):
            by_id.setdefault(_grade_id(cell), []).append(cell)
    originals = {_grade_id(c): c for c in released.cells if _grade_id(c)}
    for grade_id, cells in by_id.items():
        if len(cells) > 1:
            # Keep the copy the participant worked in (the one that differs from the release).
            worked = [c for c in cells if c.source != originals.get(grade_id, {}).get("source")]
            by_id[grade_id] = [worked[-1] if worked else cells[0]]
            notes.append(f"{name}: cell '{grade_id}' appeared {len(cells)} times; kept one")
    present = [_grade_id(c) for c in nb.cells if _grade_id(c) in originals]
    seen_order = list(dict.fromkeys(present))
    if seen_order != [g for g in order if g in seen_order]:
        notes.append(f"{name}: cells had been moved; put back in their original order")
    missing = [g for g in order if g not in by_id]
    for grade_id in missing:
        by_id[grade_id] = [copy.deepcopy(originals[grade_id])]
        notes.append(f"{name}: cell '{grade_id}' had been deleted; restored from the release")
    # Rebuild: each nbgrader cell in release order, followed by the participant's own cells
    # that came after it in their notebook.
    extras: dict[str | None, list] = {}
    anchor = None
    for cell in nb.cells:
        if _grade_id(cell) in originals:
            anchor = _grade_id(cell)
        else:
            extras.setdefault(anchor, []).append(cell)
    cells = list(extras.get(None, []))
    for grade_id in order:
        cells += by_id[grade_id] + extras.get(grade_id, [])
    nb.cells = cells
    return nb


def _edited_locked_cells(nb, versions: list, name: str) -> list[str]:
    """Locked cells that match neither the released nor the source version."""
    allowed: dict[str, set[str]] = {}
    for version in versions:
        for c in version.cells:
            if _grade_id(c) and c.metadata.get("nbgrader", {}).get("locked"):
                allowed.setdefault(_grade_id(c), set()).add(c.source)
    return [f"{name}: locked cell '{g}' had been edited; the original is used for grading"
            for g, sources in allowed.items()
            for cell in nb.cells if _grade_id(cell) == g and cell.source not in sources]


def check(submission: Path, release: Path, source: Path | None = None) -> Preflight:
    """Inspect and repair ``submission`` (a participant's folder) in place against ``release``."""
    result = Preflight()
    expected = sorted(p.name for p in release.glob("*.ipynb"))
    if not submission.is_dir():
        raise NotGradable("nothing was handed in")
    taken: set[str] = set()
    for name in expected:
        path = submission / name
        released_nb = nbformat.read(release / name, as_version=4)
        if not path.exists():
            renamed = _find_renamed(submission, name, json.loads((release / name).read_text(encoding="utf-8")), taken)
            if renamed is None:
                raise NotGradable(f"{name} is missing from the submission")
            renamed.rename(path)
            result.notes.append(f"{renamed.name} was renamed back to {name}")
        taken.add(name)
        nb, version = _read(path)
        if version != 4:
            result.notes.append(f"{name}: converted from notebook format {version} to 4")
        versions = [released_nb] + ([nbformat.read(source / name, as_version=4)]
                                    if source and (source / name).exists() else [])
        result.notes += _edited_locked_cells(nb, versions, name)
        nb = _repair_cells(nb, released_nb, name, result.notes)
        nbformat.write(nb, path)
    return result
