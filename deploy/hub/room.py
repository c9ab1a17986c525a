"""The moving parts behind ``jupyterhub_config.py``: accounts, first-start content, exchange.

Kept apart so that the configuration file reads as a list of settings. Everything here
runs inside the hub process, before a user's server starts (``pre_spawn_hook``) or after it
stops (``post_stop_hook``).
"""
from __future__ import annotations

import grp
import os
import pwd
import secrets
import shutil
import stat
import subprocess
from html import escape
from pathlib import Path

from jupyterhub.utils import random_port

# Every unix account the hub creates joins this group. An existing account outside it
# (root, daemon, a colleague's login...) is never used for a hub user of the same name.
ACCOUNT_GROUP = "course-users"
# Hub user names are also unix account names in "unix" isolation: keep them plain.
USERNAME_PATTERN = r"^[a-z][a-z0-9_-]{0,31}$"
# What lands in a home folder on first start (existing copies are never overwritten).
# Participants' content comes from the participants' course, trainers' from the course itself.
PARTICIPANT_CONTENT = ("modules", "exercises", "datasets", "dashboards")
TRAINER_CONTENT = ("nbgrader_config.py", "solutions", "exercises", "modules", "datasets")
# Made empty for trainers: the gradebook, collected submissions and feedback go there.
TRAINER_FOLDERS = ("workshop",)
_NOT_COPIED = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc")
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (l/1, o/0, i)
# The port of every server that is starting or running, by "user/server". A port found free
# is only free until someone binds it: two servers starting at once could be handed the same
# one, and one person's requests would then reach the other's server.
_SERVER_PORTS: dict[str, int] = {}


def is_trainer(user) -> bool:
    """Trainers are hub admins and members of the hub group ``trainers``."""
    return bool(user.admin) or any(group.name == "trainers" for group in user.groups)


def claim_port(spawner) -> int:
    """A free port for the spawner's server that no other starting or running server holds."""
    server = _server(spawner)
    held = {port for name, port in _SERVER_PORTS.items() if name != server}
    port = random_port()
    while port in held:
        port = random_port()
    _SERVER_PORTS[server] = port
    return port


def release_port(spawner) -> None:
    """The spawner's server has stopped: its port may be handed out again."""
    _SERVER_PORTS.pop(_server(spawner), None)


def _server(spawner) -> str:
    return f"{spawner.user.name}/{spawner.name}"


def read_or_create_secret(path: Path, length: int) -> str:
    """The password stored in ``path``; a new random one (mode 0600) if there is none.

    The trainer changes a password by editing the file and restarting the hub.
    """
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))
    path.touch(mode=0o600)
    path.write_text(value + "\n", encoding="utf-8")
    return value


def ensure_exchange(root: Path) -> Path:
    """nbgrader's exchange: world-writable like /tmp (sticky), as nbgrader requires.

    nbgrader then creates, per course, ``outbound`` (0755: released assignments, readable by
    all), ``inbound`` (2733: anyone may drop a submission, only the trainer may list it) and
    ``feedback`` (0711: a file is found only by the hash of the submission it belongs to).
    """
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o1777)
    return root


def blocked_for_others(paths) -> list[str]:
    """Directories on the way to ``paths`` that other unix accounts cannot enter or read."""
    problems = []
    for path in paths:
        path = Path(path).resolve()
        for directory in [*reversed(path.parents), path]:
            mode = directory.stat().st_mode
            if not mode & stat.S_IXOTH or (directory == path and not mode & stat.S_IROTH):
                problems.append(f"{directory} (mode {stat.filemode(mode)})")
                break
    return list(dict.fromkeys(problems))


def publish_participant_course(course: Path, target: Path) -> Path:
    """The participants' course (``course pack participants``) at ``target``, rebuilt at every start.

    Participants' servers import the course package from here and copy their content from
    here: a place that holds no solutions, keys or hidden tests, readable by every account.
    """
    from course.pack import pack_participants

    fresh = target.with_name(target.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    pack_participants(fresh, course)
    shutil.rmtree(target, ignore_errors=True)
    fresh.rename(target)
    open_to_all(target)
    return target


def publish_profiles(here: Path, target: Path) -> Path:
    """Copies of the Jupyter configuration folders (trainer, participant, and the servers'
    shared settings), readable by every account."""
    for role in ("trainer", "participant", "servers"):
        shutil.rmtree(target / role, ignore_errors=True)
        shutil.copytree(here / role, target / role, ignore=_NOT_COPIED)
    open_to_all(target)
    return target


def python_prefix(python: str) -> str:
    """The installation folder (``sys.prefix``) of another Python, where its Jupyter data lives."""
    return subprocess.run([python, "-c", "import sys; print(sys.prefix)"], check=True,
                          capture_output=True, text=True).stdout.strip()


def open_to_all(path: Path) -> None:
    """Readable (folders also enterable) by every account, writable by the owner only."""
    for entry in [path, *path.rglob("*")]:
        if not entry.is_symlink():
            entry.chmod(0o755 if entry.is_dir() else 0o644)


def close_trainer_content(course: Path, keep_reachable: list[Path]) -> list[str]:
    """Make the course's trainer content (solutions with their keys, the workshop's gradebook and
    submissions) private to the account that runs the hub; trainers work on their own copies.

    Folders on the way to ``keep_reachable`` (the hub's state, the exchange) stay enterable,
    without a listing. Returns what was closed.
    """
    reachable = [Path(p).resolve() for p in keep_reachable]
    closed = [str(course)]
    course.chmod(0o711 if any(course.resolve() in p.parents for p in reachable) else 0o700)  # no listing
    solutions = course / "solutions"
    if solutions.is_dir():
        solutions.chmod(0o700)
        closed.append(str(solutions))
    workshop = course / "workshop"
    if workshop.is_dir():
        on_the_way = any(workshop.resolve() in p.parents for p in reachable)
        workshop.chmod(0o711 if on_the_way else 0o700)
        for entry in workshop.iterdir():
            if not any(entry.resolve() == p or entry.resolve() in p.parents for p in reachable):
                entry.chmod(entry.stat().st_mode & ~0o007)
                closed.append(str(entry))
    return closed


def _ensure_group(name: str) -> None:
    try:
        grp.getgrnam(name)
    except KeyError:
        subprocess.run(["groupadd", "--system", name], check=True, capture_output=True)


def ensure_account(name: str, homes: Path) -> pwd.struct_passwd:
    """The unix account of hub user ``name``, created on first start with a private home."""
    _ensure_group(ACCOUNT_GROUP)
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        homes.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["useradd", "--create-home", "--home-dir", str(homes / name), "--user-group",
             "--groups", ACCOUNT_GROUP, "--shell", "/bin/bash", "--comment", "course participant", name],
            check=True, capture_output=True)
        account = pwd.getpwnam(name)
    else:
        if name not in grp.getgrnam(ACCOUNT_GROUP).gr_mem:
            raise PermissionError(
                f"the unix account {name!r} already exists and was not created by the hub "
                f"(it is not in the group {ACCOUNT_GROUP!r}); pick another user name")
    os.chmod(account.pw_dir, 0o700)
    return account


def populate(home: Path, source: Path, names, owner: tuple[int, int] | None = None,
             empty=()) -> list[str]:
    """Copy the course folders ``names`` from ``source`` into ``home`` unless already there,
    and make the folders ``empty``."""
    home.mkdir(parents=True, exist_ok=True)
    for name in empty:
        if not (home / name).exists():
            (home / name).mkdir()
            if owner:
                os.chown(home / name, *owner)
    copied = []
    for name in names:
        src, dst = source / name, home / name
        if dst.exists() or not src.exists():
            continue
        if src.is_dir():
            shutil.copytree(src, dst, ignore=_NOT_COPIED)
        else:
            shutil.copy2(src, dst)
        if owner:
            for path in [dst, *dst.rglob("*")] if dst.is_dir() else [dst]:
                os.chown(path, *owner, follow_symlinks=False)
        copied.append(name)
    return copied


def chosen_language(user_options: dict | None, default: str, normalize) -> str:
    """The language a user picked on the spawn form (or ``?lang=`` in the spawn URL), else
    the workshop's default. ``normalize`` maps a tag such as ``zh`` to a course language."""
    value = (user_options or {}).get("lang")
    if isinstance(value, list):   # form data arrive as lists of strings
        value = value[0] if value else None
    return normalize(value) or default


def language_form(choices, chosen: str, normalize) -> str:
    """The spawn form's language menu; ``choices`` are (tag, name) pairs."""
    options = "".join(
        f'<option value="{escape(tag)}"{" selected" if normalize(tag) == chosen else ""}>{escape(name)}</option>'
        for tag, name in choices)
    return ('<label for="course-lang">Language of the course · 课程语言</label>'
            f'<select id="course-lang" name="lang" class="form-control">{options}</select>')
