"""Pages that load nothing from the internet: the course's Voila template and its assets.

Voila's own templates link Font Awesome from a CDN. :func:`install` puts the course's
template (``course/offline_template/voila``) into the environment's Jupyter data folder,
where Voila looks for templates, together with a copy of Font Awesome taken from the files
JupyterHub installs. It runs when a server starts and does nothing when the copy is current.
"""
from __future__ import annotations

import hashlib
import logging
import shutil
import sys
from pathlib import Path

TEMPLATE = "course"
SOURCE = Path(__file__).resolve().parent / "offline_template" / "voila"
FONT_AWESOME_PARTS = ("css", "webfonts", "LICENSE.txt")

log = logging.getLogger(__name__)


def template_dir(prefix: str | Path | None = None) -> Path:
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "voila" / "templates" / TEMPLATE


def font_awesome() -> Path | None:
    """Font Awesome as JupyterHub's package installs it (css and webfonts), if installed."""
    try:
        from jupyterhub._data import DATA_FILES_PATH
    except ImportError:
        return None
    found = Path(DATA_FILES_PATH) / "static" / "components" / "@fortawesome" / "fontawesome-free"
    return found if (found / "css" / "all.min.css").is_file() else None


def _stamp(assets: Path | None) -> str:
    digest = hashlib.sha256()
    for path in sorted(SOURCE.iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    if assets is not None:
        digest.update((assets / "package.json").read_bytes() if (assets / "package.json").is_file() else b"")
    return digest.hexdigest()


def install(prefix: str | Path | None = None) -> Path | None:
    """Install or refresh the template; its folder, or None where it cannot be written."""
    target, assets = template_dir(prefix), font_awesome()
    stamp = _stamp(assets)
    marker = target / ".installed"
    if marker.is_file() and marker.read_text() == stamp:
        return target
    try:
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(SOURCE, target)
        if assets is not None:
            for part in FONT_AWESOME_PARTS:
                source, destination = assets / part, target / "static" / "fontawesome" / part
                destination.parent.mkdir(parents=True, exist_ok=True)
                (shutil.copytree if source.is_dir() else shutil.copy2)(source, destination)
        marker.write_text(stamp)
    except OSError as error:  # a read-only environment (a participant's server on a hub)
        log.warning("The course's Voila template could not be installed in %s: %s", target, error)
        return target if marker.is_file() else None
    return target
