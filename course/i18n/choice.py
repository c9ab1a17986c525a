"""What follows from a participant's choice of language: the page JupyterLab opens, the
language of JupyterLab's own interface, and the environment that the course's messages,
exercises and dashboards read (``COURSE_LANG``).

One choice, made once: the workshop's default (``COURSE_LANG`` where the server or hub
starts, else the machine's locale), or the participant's own setting on the hub.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from . import LANGUAGES, resolve

# The page a participant starts from, relative to the course root.
LANDING = {"en": "README.md", "zh_Hans": "modules/README.zh.md"}
# JupyterLab's language setting (jupyterlab-language-pack-zh-CN provides zh_CN).
LAB_LOCALE = {"en": "en", "zh_Hans": "zh_CN"}
# The value of COURSE_LANG that selects each language.
TAG = {"en": "en", "zh_Hans": "zh"}
LAB_TRANSLATION_SETTINGS = Path("@jupyterlab") / "translation-extension" / "plugin.jupyterlab-settings"


def landing(lang: str | None = None) -> str:
    return LANDING[resolve(lang)]


def environment(lang: str | None = None) -> dict[str, str]:
    """Variables for a Jupyter server (and so its kernels and dashboards) in ``lang``."""
    return {"COURSE_LANG": TAG[resolve(lang)]}


# Lab settings a workshop sets (plugin settings file -> values); a participant may change them.
# No question about a news feed that a workshop without internet cannot reach.
WORKSHOP_LAB_SETTINGS = {
    Path("@jupyterlab") / "apputils-extension" / "notification.jupyterlab-settings": {"fetchNews": "false"},
    # READMEs and lesson guides open rendered, not as Markdown source.
    Path("@jupyterlab") / "docmanager-extension" / "plugin.jupyterlab-settings": {
        "defaultViewers": {"markdown": "Markdown Preview"}},
}


def write_lab_settings(settings_dir: Path, lang: str | None = None,
                       owner: tuple[int, int] | None = None, home: Path | None = None) -> Path:
    """Set JupyterLab's interface language (and the workshop's Lab settings) in a
    user-settings folder, keeping every other setting. Returns the language settings file.

    With ``owner`` (uid, gid), the files and the folders made for them below ``home`` are
    given to that account, so that its Lab can still change its own settings.
    """
    wanted = {LAB_TRANSLATION_SETTINGS: {"locale": LAB_LOCALE[resolve(lang)]}, **WORKSHOP_LAB_SETTINGS}
    for relative, values in wanted.items():
        path = Path(settings_dir) / relative
        settings = {}
        if path.exists():
            try:
                settings = json.loads(path.read_text(encoding="utf-8")) or {}
            except ValueError:
                settings = {}   # a damaged file: replaced by a valid one
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({**settings, **values}, indent=2) + "\n", encoding="utf-8")
        if owner and home:
            for item in [path, *path.parents]:
                if item == Path(home) or Path(home) not in item.parents:
                    break
                os.chown(item, *owner)
    return Path(settings_dir) / LAB_TRANSLATION_SETTINGS


def choices() -> list[tuple[str, str]]:
    """(value for COURSE_LANG, name shown) for every course language."""
    return [(TAG[code], name) for code, name in LANGUAGES.items()]
