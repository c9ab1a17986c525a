# JupyterHub for a workshop room: one machine, trainers and participants.
# `make hub` (or `course hub`) runs `jupyterhub -f` with this file; it can also be used
# directly. The environment variables below are all optional.
#
#   COURSE_ROOT             the course to hand out (default: this repository)
#   COURSE_HUB_DIR          the hub's state: database, passwords, exchange, homes
#                           (default: <course root>/workshop/hub)
#   COURSE_HUB_EXCHANGE     nbgrader's exchange folder (default: <hub dir>/exchange)
#   COURSE_HUB_ISOLATION    "unix": every hub user runs as a unix account of the same name,
#                           created on first start (needs root); "none": every server runs
#                           as the user who started the hub (default: unix when run as root)
#   COURSE_HUB_HOMES        where "unix" accounts get their home folders (default: /home)
#   COURSE_HUB_TRAINERS     comma-separated trainer names (default: trainer)
#   COURSE_HUB_USER_PYTHON  the Python that runs users' servers and kernels (default: the
#                           hub's own); with "unix" isolation every account must be able to
#                           run it, which a Python installed under /root (pyenv) is not
#   COURSE_HUB_WARM_KERNELS "0" to start every participant's kernel and server as its own
#                           Python; by default, with "none" isolation, they fork from warm
#                           processes and share what they import (course.warm_kernels)
#   COURSE_LANG             the workshop's language, en or zh (default: en). Everyone picks a
#                           language on the start page (preselected with their last choice,
#                           else this one); it sets the course's messages and dashboards
#                           (COURSE_LANG of their server), the edition Lab opens, and Lab's
#                           own interface language
#
# What is and is not enforced in each isolation mode: deploy/README.md.
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import room  # noqa: E402 (deploy/hub/room.py, beside this file)

from course import offline  # noqa: E402
from course.grading.config import load as course_config  # noqa: E402
from course.i18n import choice as course_language, normalize  # noqa: E402

BIN = Path(sys.executable).parent
COURSE = Path(os.environ.get("COURSE_ROOT") or HERE.parent.parent).resolve()
COURSE_ID = course_config(COURSE).CourseDirectory.course_id
STATE = Path(os.environ.get("COURSE_HUB_DIR") or COURSE / "workshop" / "hub").resolve()
EXCHANGE = Path(os.environ.get("COURSE_HUB_EXCHANGE") or STATE / "exchange").resolve()
ISOLATION = os.environ.get("COURSE_HUB_ISOLATION") or ("unix" if os.geteuid() == 0 else "none")
HOMES = Path(os.environ.get("COURSE_HUB_HOMES") or "/home")
USER_PYTHON = os.environ.get("COURSE_HUB_USER_PYTHON") or sys.executable
TRAINERS = [n.strip() for n in os.environ.get("COURSE_HUB_TRAINERS", "trainer").split(",") if n.strip()]
WORKSHOP_LANG = normalize(os.environ.get("COURSE_LANG") or "en")

if WORKSHOP_LANG is None:
    sys.exit(f"COURSE_LANG must be en or zh, not {os.environ.get('COURSE_LANG')!r}")
if ISOLATION not in ("unix", "none"):
    sys.exit(f"COURSE_HUB_ISOLATION must be 'unix' or 'none', not {ISOLATION!r}")
if ISOLATION == "unix" and os.geteuid() != 0:
    sys.exit("COURSE_HUB_ISOLATION=unix creates unix accounts: start the hub as root, "
             "or use COURSE_HUB_ISOLATION=none on a machine you trust everyone with.")
STATE.mkdir(parents=True, exist_ok=True)
room.ensure_exchange(EXCHANGE)
# Participants get the course without solutions, keys or hidden tests (`course pack
# participants`), and the role configurations, from the hub's state folder: they never need
# to read the course itself, whose trainer content is closed to them in "unix" isolation.
PARTICIPANT_COURSE = room.publish_participant_course(COURSE, STATE / "participant-course")
PROFILES = room.publish_profiles(HERE, STATE / "profiles")
# The course's offline Voila template, where the users' Python looks for templates.
offline.install(room.python_prefix(USER_PYTHON))
if ISOLATION == "unix":
    STATE.chmod(0o711)   # enterable on the way to what is published; not listable
    own = [sys.prefix, sys.base_prefix] if USER_PYTHON == sys.executable else []
    blocked = room.blocked_for_others([os.path.realpath(USER_PYTHON), *own, PARTICIPANT_COURSE, PROFILES, EXCHANGE])
    if blocked:
        sys.exit(f"Participants' unix accounts could not run {USER_PYTHON} or reach the course: "
                 + "; ".join(blocked) + " is closed to them. Install the course with a Python "
                 "everyone may run (for example a venv made from /usr/bin/python3 in "
                 "/opt/paperless-trade), point COURSE_HUB_USER_PYTHON at such a Python, keep the "
                 "hub's state (COURSE_HUB_DIR) where every account can enter, or set "
                 "COURSE_HUB_ISOLATION=none.")
    room.close_trainer_content(COURSE, keep_reachable=[STATE, EXCHANGE])

# Participants' kernels and Jupyter servers fork from warm processes that imported what they
# use, and share it (benchmarks/capacity.py measures what each participant then adds). All
# servers run as one account in "none" isolation, so one warm process serves them all; with
# "unix" isolation every process stays its own.
WARM_KERNELS = WARM_SERVERS = None
if ISOLATION == "none" and os.environ.get("COURSE_HUB_WARM_KERNELS", "1") != "0":
    import atexit

    from course import warm_kernels  # noqa: E402

    _participant_env = {**os.environ, "COURSE_ROOT": str(PARTICIPANT_COURSE), "PYTHONPATH": str(PARTICIPANT_COURSE)}
    WARM_KERNELS, WARM_SERVERS = (STATE / "warm" / "kernels.sock", STATE / "warm" / "servers.sock")
    for _socket, _kind in ((WARM_KERNELS, "kernel"), (WARM_SERVERS, "server")):
        atexit.register(warm_kernels.start(_socket, USER_PYTHON, _participant_env,
                                           log=STATE / f"warm-{_kind}s.log", kind=_kind).kill)

# --- The hub itself ---------------------------------------------------------------------
c.JupyterHub.bind_url = "http://127.0.0.1:8000"   # `course hub --ip/--port` changes it
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
if (BIN / "configurable-http-proxy").exists():  # the pure-Python proxy from PyPI
    # It gives up on a server's answer after 20 s unless told otherwise: autograding a room's
    # submissions from the formgrader, or a big upload, can take longer. It waits ten minutes.
    c.ConfigurableHTTPProxy.command = [str(BIN / "configurable-http-proxy"), "--proxy-timeout=600000"]

# --- Who may log in ---------------------------------------------------------------------
# Participants: any name (letters, digits, - and _) with the room password.
# Trainers: the names in COURSE_HUB_TRAINERS, with the trainer password; they are hub admins.
# To change a password, edit its file and restart the hub. To use another authenticator
# (say jupyterhub-firstuseauthenticator or jupyterhub-nativeauthenticator, once installed),
# replace the authenticator_class and SharedPasswordAuthenticator lines (deploy/README.md
# shows how): the rest of this file does not care.
ROOM_PASSWORD = room.read_or_create_secret(STATE / "room-password.txt", length=10)
TRAINER_PASSWORD = room.read_or_create_secret(STATE / "trainer-password.txt", length=40)
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = ROOM_PASSWORD
c.SharedPasswordAuthenticator.admin_password = TRAINER_PASSWORD
c.Authenticator.admin_users = set(TRAINERS)
c.Authenticator.allow_all = True
c.Authenticator.username_pattern = room.USERNAME_PATTERN
c.JupyterHub.template_vars = {
    "announcement_login": "Log in with a name of your choice and the room password."}

# Groups: hub admins and members of "trainers" get the grading tools (see pre_spawn_hook);
# everyone else is a participant. The trainer role lets trainers open, start and stop
# participants' servers (to help someone, or to restart a stuck kernel).
c.JupyterHub.load_groups = {"trainers": {"users": TRAINERS}, "participants": {}}
c.JupyterHub.load_roles = [{
    "name": "trainer",
    "description": "Help participants: see them, open, start and stop their servers",
    "scopes": ["admin-ui", "list:users", "read:users!group=participants",
               "admin:servers!group=participants", "access:servers!group=participants"],
    "groups": ["trainers"],
}]

# --- Single-user servers ----------------------------------------------------------------
if ISOLATION == "unix":
    c.JupyterHub.spawner_class = "localprocess"
else:
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "homes" / "{username}")
c.Spawner.cmd = [USER_PYTHON, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.http_timeout = 90      # a room of servers starting at once on a small machine
c.Spawner.start_timeout = 120
c.Spawner.environment = {
    "PATH": os.pathsep.join(dict.fromkeys(  # the users' Python's tools first (alembic for nbgrader)
        [str(Path(USER_PYTHON).parent), str(BIN), os.environ.get("PATH", "/usr/bin:/bin")])),
    "COURSE_EXCHANGE": str(EXCHANGE),
    "COURSE_ID": COURSE_ID,
}
# Jupyter refuses to run as root unless told: that happens only with isolation "none"
# when the hub itself was started as root.
SERVER_ARGS = ["--ServerApp.allow_root=True"] if ISOLATION == "none" and os.geteuid() == 0 else []
# --- Language -----------------------------------------------------------------------------
# A menu on the start page; the choice is kept with the user's server options (in the hub's
# database) and preselected next time. `/hub/spawn?lang=zh` skips the page.
c.Spawner.options_form = lambda spawner: room.language_form(
    course_language.choices(), room.chosen_language(spawner.user_options, WORKSHOP_LANG, normalize), normalize)
c.Spawner.options_from_form = lambda form_data: {
    "lang": course_language.TAG[room.chosen_language(form_data, WORKSHOP_LANG, normalize)]}

# Participants' servers do not load the formgrader: the command line beats any config file
# a participant could write in their home.
PARTICIPANT_ARGS = ["--ServerApp.jpserver_extensions=nbgrader.server_extensions.formgrader=False"]


def pre_spawn_hook(spawner):
    """Before a server starts: account, course content on first start, trainer or participant."""
    user = spawner.user
    trainer = room.is_trainer(user)
    spawner.port = room.claim_port(spawner)
    if ISOLATION == "unix":
        account = room.ensure_account(user.name, HOMES)
        home, owner = Path(account.pw_dir), (account.pw_uid, account.pw_gid)
    else:
        home, owner = Path(spawner.home_dir), None
    if trainer:
        copied = room.populate(home, COURSE, room.TRAINER_CONTENT, owner, empty=room.TRAINER_FOLDERS)
        # The trainer's own copy is their course: its solutions hold the keys the judge reads.
        course_env = {"COURSE_ROOT": str(home)}
    else:
        copied = room.populate(home, PARTICIPANT_COURSE, room.PARTICIPANT_CONTENT, owner)
        # The course package a participant's kernel imports comes from the participants' course.
        course_env = {"COURSE_ROOT": str(PARTICIPANT_COURSE), "PYTHONPATH": str(PARTICIPANT_COURSE),
                      **({warm_kernels.SOCKET_ENV: str(WARM_KERNELS)} if WARM_KERNELS else {})}
    if copied:
        spawner.log.info("Copied %s into %s for %s", ", ".join(copied), home, user.name)
    # deploy/hub/trainer or deploy/hub/participant: nbgrader's settings and Lab's page config.
    profile = PROFILES / ("trainer" if trainer else "participant")
    config_path = [str(profile), str(PROFILES / "servers"),
                   *filter(None, [spawner.environment.get("JUPYTER_CONFIG_PATH")])]
    spawner.environment = {**spawner.environment, **course_env, "JUPYTER_CONFIG_PATH": os.pathsep.join(config_path)}
    spawner.args = [*SERVER_ARGS, *([] if trainer else PARTICIPANT_ARGS)]
    if WARM_SERVERS and not trainer:
        spawner.cmd = warm_kernels.server_command(USER_PYTHON, str(WARM_SERVERS))
    # The language: messages and dashboards (COURSE_LANG), the edition Lab opens, Lab's own language.
    lang = room.chosen_language(spawner.user_options, WORKSHOP_LANG, normalize)
    spawner.environment = {**spawner.environment, **course_language.environment(lang)}
    course_language.write_lab_settings(home / ".jupyter" / "lab" / "user-settings", lang, owner, home)
    spawner.default_url = "/lab" if lang == "en" else f"/lab/tree/{course_language.landing(lang)}"


c.Spawner.pre_spawn_hook = pre_spawn_hook
c.Spawner.post_stop_hook = room.release_port
