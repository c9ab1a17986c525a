"""The room hub's configuration, loaded as JupyterHub loads it, and spawners to run its hooks on.

The hooks need only what a spawner carries before its server starts; these stand-ins carry
exactly that, so a hook that reaches for more fails here first.
"""
from __future__ import annotations

import types

from course import paths

HUB = paths.root() / "deploy" / "hub"


def load(tmp_path, monkeypatch, lang="en"):
    """The configuration of a hub whose course and state live under ``tmp_path``."""
    from traitlets.config.loader import PyFileConfigLoader

    course = tmp_path / "course"
    (course / "modules").mkdir(parents=True, exist_ok=True)
    (course / "modules" / "README.zh.md").write_text("# 课程\n", encoding="utf-8")
    (course / "nbgrader_config.py").write_bytes((paths.root() / "nbgrader_config.py").read_bytes())
    for name, value in {"COURSE_ROOT": str(course), "COURSE_HUB_DIR": str(tmp_path / "hub"),
                        "COURSE_HUB_ISOLATION": "none", "COURSE_LANG": lang}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.syspath_prepend(str(HUB))
    return PyFileConfigLoader("jupyterhub_config.py", path=str(HUB)).load_config()


def spawner(home, user_options, name="ana"):
    """A participant's default server, about to start."""
    user = types.SimpleNamespace(name=name, admin=False, groups=[])
    log = types.SimpleNamespace(info=lambda *a, **k: None)
    return types.SimpleNamespace(user=user, name="", home_dir=str(home), environment={}, port=0,
                                 user_options=user_options, log=log, args=[], default_url="/lab")
