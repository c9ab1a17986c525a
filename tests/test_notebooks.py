"""Every lesson and dashboard notebook is committed clean and runs top to bottom."""
import json

import nbformat
import pytest
from nbclient import NotebookClient

from course import paths

NOTEBOOK_FOLDERS = ("modules", "dashboards")
NOTEBOOKS = sorted(p for folder in NOTEBOOK_FOLDERS for p in (paths.root() / folder).rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)


def _id(path):
    return str(path.relative_to(paths.root()))


def test_there_are_lessons():
    assert any("modules" in p.parts for p in NOTEBOOKS)
    assert any(p.name.endswith(".zh.ipynb") for p in NOTEBOOKS), "the Chinese editions are missing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebook_is_committed_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    dirty = [i for i, cell in enumerate(notebook["cells"])
             if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))]
    assert dirty == [], f"cells with outputs: {dirty}; clear outputs before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebook_runs_top_to_bottom(path, monkeypatch):
    # A Chinese edition (name.zh.ipynb) runs as a Chinese-speaking participant's would.
    monkeypatch.setenv("COURSE_LANG", "zh" if path.name.endswith(".zh.ipynb") else "en")
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [output for cell in notebook.cells for output in cell.get("outputs", [])
              if output.get("output_type") == "error"]
    assert errors == []
