"""The course's nbgrader configuration, read explicitly from the course root.

nbgrader only finds ``nbgrader_config.py`` in the current directory; reading it here
lets every command work from anywhere and point at any course directory.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from .. import paths

CONFIG_FILE = "nbgrader_config.py"
# Never copied into a release: answer keys and hidden instances stay with the solutions.
PRIVATE = ["keys", "hidden", "*.key.*"]
DEFAULT_IGNORE = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]


def course_defaults(config: Config) -> Config:
    """What every nbgrader run of this course needs, whoever starts it (the ``course`` command,
    nbgrader's own commands, the formgrader's buttons): no key in a release, and autograde
    with learner code in the sandbox and every answer judged outside the kernel.
    """
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import AssignLatePenalties, IgnorePattern, LimitOutput, SaveAutoGrades

    from .execute import SandboxedExecute
    from .judging import JudgeAnswers

    ignore = list(config.CourseDirectory.get("ignore", DEFAULT_IGNORE))
    config.CourseDirectory.ignore = ignore + [p for p in PRIVATE if p not in ignore]
    # A released cell keeps the answer variable (set before the solution region) instead
    # of raising NotImplementedError, so an untouched exercise checks as "not attempted".
    config.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE", "xml": "<!-- YOUR ANSWER HERE -->"}
    config.ClearSolutions.text_stub = "YOUR ANSWER HERE"
    # nbgrader's autograde steps with its Execute replaced and the judge after it; its
    # cell-metadata check already ran in the sanitizing pass and is not repeated (it costs a
    # JSON-schema validation per cell).
    config.Autograde.autograde_preprocessors = [SandboxedExecute, JudgeAnswers, IgnorePattern,
                                                ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
                                                AssignLatePenalties]
    return config


def tools_on_path() -> None:
    """nbgrader runs helper programs (alembic) by name: make this environment's visible."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def load(course_root: Path | None = None, **overrides) -> Config:
    tools_on_path()
    root = Path(course_root or paths.root()).resolve()
    config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    course_defaults(config)
    db = config.CourseDirectory.get("db_url", "")
    if db.startswith("sqlite:///") and not db.startswith("sqlite:////"):
        config.CourseDirectory.db_url = f"sqlite:///{root / db[len('sqlite:///'):]}"
    for section, values in overrides.items():
        for name, value in values.items():
            setattr(getattr(config, section), name, value)
    return config
