"""`course hub`: a real JupyterHub for a room, proven end to end on loopback.

The hub runs ``deploy/hub/jupyterhub_config.py`` unchanged (loaded by a small test config
that only adds ports and an admin API token) with its own shared-password authenticator
and the pure-Python proxy. A trainer and two participants are made through the REST API;
the trainer releases, collects, grades and returns feedback through the formgrader's API on
their own server; participants fetch and submit through nbgrader's Assignment List handlers
on theirs, as the Lab extension does.

As root, with ``useradd`` and a Python every account can run, every user gets a real unix
account ("unix" isolation) and the test also proves with those accounts that a participant
cannot open another's submission on disk. Otherwise the hub runs every server as the test's
user ("none" isolation) and that part is skipped: deploy/README.md says what each mode
enforces. Also here: the Littlest JupyterHub and Zero to JupyterHub files parse and use only
keys those tools accept.
"""
from __future__ import annotations

import concurrent.futures
import errno
import http.cookiejar
import http.server
import importlib.util
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest
import yaml
import hub_configuration
from kernel_channels import run_cells

from course.grading.processes import descendants

from course import hub as course_hub
from course import paths

DEPLOY = paths.root() / "deploy"
_spec = importlib.util.spec_from_file_location("room", DEPLOY / "hub" / "room.py")
room = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(room)

COURSE_ID = "paperless-trade"          # the course id in the repository's nbgrader_config.py
ASSIGNMENT = "hub-check"
KEY_LINE = "task,answer\nhub-check-secret-7d1e,030343"  # a key file only trainers may read
ADMIN_TOKEN = secrets.token_hex(32)
START_DEADLINE = 90                      # seconds for the hub, then for the servers


# --- helpers --------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Site:
    """The running hub: its address, process, folders and the users made by the tests."""

    def __init__(self, base: Path, isolation: str):
        self.base, self.isolation = base, isolation
        self.course, self.state, self.homes = base / "course", base / "state", base / "homes"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log = base / "hub.log"
        self.tokens: dict[str, str] = {}
        self.results: dict = {}

    def log_tail(self, lines: int = 60) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def check_alive(self):
        if self.process.poll() is not None:
            pytest.fail(f"the hub exited with {self.process.returncode}:\n{self.log_tail()}")

    def request(self, method, path, token=ADMIN_TOKEN, body=None, form=None, timeout=120):
        """(status, text, headers) of a request through the proxy, as the token's owner."""
        headers = {"Authorization": f"token {token}"}
        data = None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=timeout) as reply:
                return reply.status, reply.read().decode(), reply.headers
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode(errors="replace"), err.headers

    def api(self, method, path, body=None):
        status, text, _ = self.request(method, "/hub/api" + path, body=body)
        assert status < 300, f"{method} /hub/api{path} -> {status}: {text}\n{self.log_tail(30)}"
        return json.loads(text) if text else None

    def as_user(self, name, method, path, **kwargs):
        return self.request(method, f"/user/{name}{path}", token=self.tokens[name], **kwargs)

    def nbgrader(self, name, method, path, **kwargs):
        """A call to an nbgrader handler that answers {"success": ...}; fails on an error."""
        status, text, _ = self.as_user(name, method, path, **kwargs)
        assert status == 200, f"{name}: {method} {path} -> {status}: {text[:500]}\n{self.log_tail(40)}"
        reply = json.loads(text)
        assert reply.get("success"), f"{name}: {method} {path} failed: {str(reply.get('error') or reply)[-1500:]}\n{str(reply.get('log', ''))[-3000:]}"
        return reply


def _python_everyone_can_run(base: Path) -> tuple[str, dict] | None:
    """A Python the participants' unix accounts may run, and the environment it needs.

    The project's own interpreter is used when every account can reach it. A Python kept
    under /root (pyenv) cannot be: the servers then get the same interpreter, linked (not
    copied, where the file system allows) into the test's folder, seeing the project's
    virtual environment through a .pth file, and the environment's share/ and etc/.
    """
    exe = Path(os.path.realpath(sys.executable))
    if not room.blocked_for_others([exe, sys.prefix, sys.base_prefix]):
        return sys.executable, {}
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    home = Path(sys.base_prefix)
    if not (home / "lib" / version / "os.py").exists():
        return None

    def link(src, dst, *, follow_symlinks=True):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
        return dst

    copy = base / "python"
    (copy / "bin").mkdir(parents=True)
    link(exe, copy / "bin" / version)
    shutil.copytree(home / "lib" / version, copy / "lib" / version, copy_function=link,
                    ignore=shutil.ignore_patterns("site-packages", "test", "__pycache__"))
    for library in (home / "lib").glob("libpython*"):
        link(library, copy / "lib" / library.name)
    site = copy / "lib" / version / "site-packages"
    site.mkdir()
    venv_site = sysconfig.get_paths()["purelib"]
    (site / "course-venv.pth").write_text(f"import site; site.addsitedir({venv_site!r})\n")
    for folder in ("share", "etc"):
        (copy / folder).symlink_to(Path(sys.prefix) / folder)
    python = copy / "bin" / version
    alembic = copy / "bin" / "alembic"   # nbgrader runs `alembic` by name
    alembic.write_text(f"#!{python}\nimport sys\nfrom alembic.config import main\nsys.exit(main())\n")
    alembic.chmod(0o755)
    return str(python), {"LD_LIBRARY_PATH": str(copy / "lib")}


def _write_course(course: Path) -> None:
    """A course with the real nbgrader_config.py and one tiny graded assignment."""
    for folder, text in (("modules", "# Lessons\n"), ("exercises", "# Exercises\n"), ("datasets", "# Data\n")):
        (course / folder).mkdir(parents=True)
        (course / folder / "README.md").write_text(text)
    shutil.copy(paths.root() / "nbgrader_config.py", course / "nbgrader_config.py")

    def cell(grade_id, source, **nbgrader):
        meta = {"grade_id": grade_id, "schema_version": 3, "grade": False, "solution": False,
                "locked": False, "task": False, **nbgrader}
        return nbformat.v4.new_code_cell(source, metadata={"nbgrader": meta})

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("The HS subheading of frozen skipjack tuna goes in `answer`."),
        cell("setup", "import course\nex = course.exercise('00-hs-subheading')", locked=True),
        cell("answer", "answer = None\n### BEGIN SOLUTION\nanswer = '030343'\n### END SOLUTION", solution=True),
        cell("check", "ex.check(answer)\n### BEGIN HIDDEN TESTS\nex.points(answer, out_of=1)\n### END HIDDEN TESTS",
             grade=True, locked=True, points=1),
    ])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (course / "solutions" / ASSIGNMENT / "keys").mkdir(parents=True)
    nbformat.write(nb, course / "solutions" / ASSIGNMENT / "answer.ipynb")
    (course / "solutions" / ASSIGNMENT / "keys" / "answers.csv").write_text(KEY_LINE + "\n")


def _unix_isolation_possible(base: Path):
    if os.environ.get("COURSE_HUB_ISOLATION") == "none":   # to try the other mode by hand
        return None
    if os.geteuid() != 0 or not shutil.which("useradd") or not shutil.which("userdel"):
        return None
    prepared = os.environ.get("COURSE_HUB_TEST_PYTHON")   # .ci/run installs the course in /opt for this
    if prepared:
        return prepared, {}
    python = _python_everyone_can_run(base)
    if python is None or room.blocked_for_others([python[0], base]):
        return None
    return python


# --- the hub --------------------------------------------------------------------------------

SLOW_ANSWER_SECONDS = 25   # longer than the 20 s a proxy waits when it is not told otherwise


class _SlowAnswer(http.server.BaseHTTPRequestHandler):
    """Answers like a server busy autograding a room: correctly, but after a while."""

    def do_GET(self):
        time.sleep(SLOW_ANSWER_SECONDS)
        body = b"graded"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _slow_service():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowAnswer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def site():
    base = Path(tempfile.mkdtemp(prefix="course-hub-"))
    base.chmod(0o755)   # unix accounts must reach their homes and the exchange below it
    python = _unix_isolation_possible(base)
    if os.environ.get("COURSE_HUB_TEST_PYTHON") and os.geteuid() == 0 and not python:
        pytest.fail("COURSE_HUB_TEST_PYTHON is set (CI prepared a Python for unix accounts), "
                    "yet unix isolation is not possible here: the isolation tests must not skip")
    site = Site(base, "unix" if python else "none")
    site.user_python, site.user_env = python or (sys.executable, {})
    site.suffix = secrets.token_hex(2)
    while any(_account_exists(f"{n}-{site.suffix}") for n in ("lead", "tr", "ana", "ben", "cy")):
        site.suffix = secrets.token_hex(2)
    site.lead, site.trainer = f"lead-{site.suffix}", f"tr-{site.suffix}"
    site.participants = [f"ana-{site.suffix}", f"ben-{site.suffix}"]
    site.group_existed = _group_exists(room.ACCOUNT_GROUP)
    site.slow = _slow_service()
    try:
        _write_course(site.course)
        site.state.mkdir()
        config = base / "test_jupyterhub_config.py"
        config.write_text(
            "c = get_config()\n"
            f"load_subconfig({str(course_hub.config_file())!r})\n"
            f"c.JupyterHub.hub_port = {_free_port()}\n"
            f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{_free_port()}'\n"
            f"c.JupyterHub.services = [{{'name': 'test-admin', 'api_token': {ADMIN_TOKEN!r}}},\n"
            f"    {{'name': 'slow-answer', 'url': 'http://127.0.0.1:{site.slow.server_port}'}}]\n"
            "c.JupyterHub.load_roles.append({'name': 'test-admin', 'services': ['test-admin'], 'scopes': [\n"
            "    'admin:users', 'admin:groups', 'admin:servers', 'access:servers', 'list:users',\n"
            "    'read:users', 'tokens']})\n"
            f"c.Spawner.environment.update({site.user_env!r})\n")
        env = {**os.environ, "COURSE_ROOT": str(site.course), "COURSE_HUB_DIR": str(site.state),
               "COURSE_HUB_HOMES": str(site.homes), "COURSE_HUB_ISOLATION": site.isolation,
               "COURSE_HUB_TRAINERS": site.lead}
        if python:
            env["COURSE_HUB_USER_PYTHON"] = site.user_python
        command = course_hub.hub_command(port=site.port, ip="127.0.0.1", config=config)
        with open(site.log, "wb") as log:
            site.process = subprocess.Popen(command, cwd=site.state, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_DEADLINE
        while True:
            site.check_alive()
            try:
                if site.request("GET", "/hub/api/", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the hub did not answer within {START_DEADLINE} s:\n{site.log_tail()}")
            time.sleep(0.3)
        yield site
    finally:
        _stop(site)


def _account_exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _group_exists(name):
    return subprocess.run(["getent", "group", name], capture_output=True).returncode == 0


def _stop(site: Site):
    site.slow.shutdown()
    if site.process:
        processes = descendants(site.process.pid)   # proxy, servers and kernels
        site.process.send_signal(signal.SIGTERM)     # the hub stops its proxy and servers
        try:
            site.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            site.process.kill()
            site.process.wait()
        for pid in processes:                        # whatever outlived the hub
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    if site.isolation == "unix":
        for name in [site.lead, site.trainer, *site.participants, *getattr(site, "extra", [])]:
            if _account_exists(name):
                subprocess.run(["userdel", name], capture_output=True)
            if _group_exists(name):
                subprocess.run(["groupdel", name], capture_output=True)
        if not site.group_existed and _group_exists(room.ACCOUNT_GROUP):
            subprocess.run(["groupdel", room.ACCOUNT_GROUP], capture_output=True)
    shutil.rmtree(site.base, ignore_errors=True)


@pytest.fixture(scope="module")
def room_users(site):
    """A trainer and two participants made through the REST API, their servers running."""
    names = [site.trainer, *site.participants]
    site.api("POST", "/users", {"usernames": names})
    site.api("POST", "/groups/trainers/users", {"users": [site.trainer]})
    site.api("POST", "/groups/participants/users", {"users": site.participants})
    for name in names:
        site.tokens[name] = site.api("POST", f"/users/{name}/tokens", {"note": "test"})["token"]

    def start(name):
        status, text, _ = site.request("POST", f"/hub/api/users/{name}/server")
        assert status in (201, 202), f"starting {name}'s server -> {status}: {text}\n{site.log_tail()}"

    with concurrent.futures.ThreadPoolExecutor(len(names)) as pool:
        list(pool.map(start, names))
    deadline = time.monotonic() + START_DEADLINE
    waiting = set(names)
    while waiting:
        site.check_alive()
        for name in sorted(waiting):
            server = site.api("GET", f"/users/{name}")["servers"].get("")
            if server and server.get("ready"):
                waiting.discard(name)
            elif not server or server.get("pending") is None and not server.get("ready"):
                pytest.fail(f"{name}'s server failed to start:\n{site.log_tail()}")
        if time.monotonic() > deadline:
            pytest.fail(f"servers of {sorted(waiting)} not ready in {START_DEADLINE} s:\n{site.log_tail()}")
        time.sleep(0.5)
    return site


# --- the tests ------------------------------------------------------------------------------

def test_the_hub_keeps_its_state_and_a_private_exchange(site):
    room_password = site.state / "room-password.txt"
    trainer_password = site.state / "trainer-password.txt"
    for secret in (room_password, trainer_password):
        assert secret.stat().st_mode & 0o777 == 0o600, f"{secret} must be readable by its owner only"
    assert len(room_password.read_text().strip()) >= 8
    assert len(trainer_password.read_text().strip()) >= 32
    exchange = site.state / "exchange"
    assert exchange.stat().st_mode & 0o7777 == 0o1777, "the exchange is world-writable and sticky, like /tmp"
    groups = {g["name"]: g["users"] for g in site.api("GET", "/groups")}
    assert set(groups) >= {"trainers", "participants"}
    assert site.lead in groups["trainers"]


def test_the_proxy_waits_for_a_slow_answer(site):
    status, text, _ = site.request("GET", "/services/slow-answer/", timeout=SLOW_ANSWER_SECONDS + 60)
    assert (status, text) == (200, "graded"), f"{status}: {text[:300]}\n{site.log_tail(20)}"


def _login(site, username, password):
    """Log in through the hub's form like a browser; True when the hub accepts."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    with opener.open(site.url + "/hub/login", timeout=30) as reply:
        page = reply.read().decode()
    xsrf = re.search(r'name="_xsrf"\s+value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": username, "password": password, "_xsrf": xsrf}).encode()
    try:
        with opener.open(urllib.request.Request(site.url + "/hub/login", data=form), timeout=30) as reply:
            status = reply.status
    except urllib.error.HTTPError as err:
        status = err.code
    return status == 302 and any(c.name.startswith("jupyterhub-session") for c in jar)


def test_room_and_trainer_passwords_log_people_in(site):
    room_password = (site.state / "room-password.txt").read_text().strip()
    trainer_password = (site.state / "trainer-password.txt").read_text().strip()
    newcomer = f"cy-{site.suffix}"
    site.extra = [newcomer]
    assert _login(site, newcomer, room_password), "a participant picks a name and uses the room password"
    assert not _login(site, newcomer, "not-the-room-password")
    assert not _login(site, site.lead, room_password), "the room password must not open a trainer's account"
    assert _login(site, site.lead, trainer_password)
    users = {u["name"]: u for u in site.api("GET", "/users")}
    assert users[site.lead]["admin"] and not users[newcomer]["admin"]
    site.api("DELETE", f"/users/{newcomer}")


def test_each_request_reaches_its_own_users_server(room_users):
    site = room_users
    routes = dict(re.findall(r"Adding user (\S+) to proxy \S+ => (\S+)", site.log.read_text(errors="replace")))
    names = [site.trainer, *site.participants]
    assert len({routes[name] for name in names}) == len(names), routes
    for name in names:
        status, text, _ = site.as_user(name, "GET", "/api/me")
        assert status == 200, text[:300]
        assert json.loads(text)["identity"]["username"] == name


def test_servers_open_lab_with_the_course_copied_in(room_users):
    site = room_users
    status, _, headers = site.as_user(site.participants[0], "GET", "/")
    assert status in (301, 302), status
    assert urllib.parse.urlsplit(headers["Location"]).path.rstrip("/").endswith("/lab"), headers["Location"]
    for name, expected in ((site.participants[0], {"modules", "exercises", "datasets"}),
                           (site.trainer, {"modules", "exercises", "datasets", "solutions", "nbgrader_config.py"})):
        status, text, _ = site.as_user(name, "GET", "/api/contents")
        assert status == 200, text
        assert expected <= {item["name"] for item in json.loads(text)["content"]}
    if site.isolation == "unix":
        for name in [site.trainer, *site.participants]:
            home = site.homes / name
            assert home.stat().st_uid == pwd.getpwnam(name).pw_uid
            assert home.stat().st_mode & 0o777 == 0o700, f"{home} must be private"


def _page_config(site, name):
    status, page, _ = site.as_user(name, "GET", "/lab")
    assert status == 200, page[:300]
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_participants_get_no_grading_tools(room_users):
    site = room_users
    grading_plugins = {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"}
    for name in site.participants:
        config = _page_config(site, name)
        assert grading_plugins <= set(config["disabledExtensions"])
        assert "@jupyter/nbgrader:assignment-list" not in config["disabledExtensions"]
        assert site.as_user(name, "GET", "/formgrader")[0] == 404
        assert site.as_user(name, "GET", "/formgrader/manage_assignments")[0] == 404
        assert site.as_user(name, "GET", "/formgrader/api/status")[0] == 404
        assert site.as_user(name, "GET", f"/assignments?course_id={COURSE_ID}")[0] == 200
    assert not grading_plugins & set(_page_config(site, site.trainer)["disabledExtensions"])
    status, _, headers = site.as_user(site.trainer, "GET", "/formgrader")
    assert status == 302 and "/formgrader/" in headers["Location"], status
    assert site.as_user(site.trainer, "GET", "/formgrader/manage_assignments")[0] == 200
    status, text, _ = site.as_user(site.trainer, "GET", "/formgrader/api/status")
    assert status == 200 and json.loads(text)["status"] is True
    # A participant's token opens neither another participant's server nor the trainer's.
    ana, ben = site.participants
    assert site.request("GET", f"/user/{ana}/api/contents", token=site.tokens[ben])[0] == 403
    assert site.request("GET", f"/user/{site.trainer}/api/contents", token=site.tokens[ana])[0] == 403


def _submissions(site, name):
    reply = site.nbgrader(name, "GET", f"/assignments?course_id={COURSE_ID}")
    return [s for a in reply["value"] if a.get("status") == "submitted" for s in a["submissions"]]


def test_release_fetch_submit_collect_grade_and_feedback(room_users):
    site = room_users
    ana, ben = site.participants
    formgrader = f"/formgrader/api/assignment/{ASSIGNMENT}"
    # Token-authenticated calls need no XSRF token (the Lab extension sends its cookie's).
    site.nbgrader(site.trainer, "POST", f"{formgrader}/assign")
    site.nbgrader(site.trainer, "POST", f"{formgrader}/release")

    ids = {"course_id": COURSE_ID, "assignment_id": ASSIGNMENT}
    notebook = f"/api/contents/{ASSIGNMENT}/answer.ipynb"
    for name, answer in ((ana, "'030343'"), (ben, "'090111'")):
        released = site.nbgrader(name, "GET", f"/assignments?course_id={COURSE_ID}")["value"]
        assert [a["assignment_id"] for a in released if a["status"] == "released"] == [ASSIGNMENT]
        site.nbgrader(name, "POST", "/assignments/fetch", form=ids)
        status, text, _ = site.as_user(name, "GET", notebook)
        assert status == 200, text
        nb = json.loads(text)["content"]
        for cell in nb["cells"]:
            if cell["metadata"].get("nbgrader", {}).get("grade_id") == "answer":
                assert "BEGIN SOLUTION" not in cell["source"], "the solution was released"
                cell["source"] = f"answer = {answer}"
        status, text, _ = site.as_user(name, "PUT", notebook, body={"type": "notebook", "content": nb})
        assert status == 200, text
        site.nbgrader(name, "POST", "/assignments/submit", form=ids)
        mine = _submissions(site, name)
        assert [s["student_id"] for s in mine] == [name]

    site.nbgrader(site.trainer, "POST", f"{formgrader}/collect")
    for name in (ana, ben):
        site.nbgrader(site.trainer, "POST", f"/formgrader/api/submission/{ASSIGNMENT}/{name}/autograde")
    status, text, _ = site.as_user(site.trainer, "GET", f"/formgrader/api/submissions/{ASSIGNMENT}")
    scores = {s["student"]: (s["score"], s["max_score"], s["autograded"]) for s in json.loads(text)}
    assert scores == {ana: (1.0, 1.0, True), ben: (0.0, 1.0, True)}

    site.nbgrader(site.trainer, "POST", f"{formgrader}/generate_feedback")
    site.nbgrader(site.trainer, "POST", f"{formgrader}/release_feedback")
    for name, score in ((ana, "1.0 / 1.0"), (ben, "0.0 / 1.0")):
        site.nbgrader(name, "POST", "/assignments/fetch_feedback", form=ids)
        status, text, _ = site.as_user(name, "GET", f"/api/contents/{ASSIGNMENT}/feedback")
        assert status == 200, f"{name} has no feedback folder: {text}"
        (when,) = [item["name"] for item in json.loads(text)["content"]]
        status, text, _ = site.as_user(name, "GET", f"/api/contents/{ASSIGNMENT}/feedback/{urllib.parse.quote(when)}/answer.html")
        assert status == 200, text
        assert f"Score: {score}" in json.loads(text)["content"]
    site.results["round_trip"] = True


def test_participants_cannot_see_each_others_submissions(room_users):
    site = room_users
    if not site.results.get("round_trip"):
        pytest.fail("needs the submissions of test_release_fetch_submit_collect_grade_and_feedback")
    ana, ben = site.participants
    # Through the exchange: each participant's list shows their own submissions only.
    assert {s["student_id"] for s in _submissions(site, ana)} == {ana}
    assert {s["student_id"] for s in _submissions(site, ben)} == {ben}
    if site.isolation != "unix":
        pytest.skip("servers run as one unix user here (needs root, useradd and a Python every "
                    "account can run): on-disk privacy is not enforced in this mode")

    inbound = site.state / "exchange" / COURSE_ID / "inbound"
    (ana_submission,) = [p for p in inbound.iterdir() if p.name.startswith(ana + "+")]
    trainer_gradebook = site.homes / site.trainer / "workshop" / "gradebook.db"
    probes = {
        "list the exchange's inbound folder": f"os.listdir({str(inbound)!r})",
        "list ana's submission": f"os.listdir({str(ana_submission)!r})",
        "read ana's submitted notebook": f"open({str(ana_submission / 'answer.ipynb')!r}).read()",
        "list ana's home": f"os.listdir({str(site.homes / ana)!r})",
        "read the trainer's gradebook": f"open({str(trainer_gradebook)!r}, 'rb').read()",
    }
    for what, code in probes.items():
        assert _as_account(site, ben, code) == errno.EACCES, f"{ben} could {what}"
    # The trainer's account reads submissions (the inbound folder gives them its group).
    assert _as_account(site, site.trainer, f"open({str(ana_submission / 'answer.ipynb')!r}).read()") == 0
    assert ana_submission.stat().st_mode & 0o007 == 0, "a submission must not be open to other accounts"


def test_a_participant_kernel_reaches_no_key_and_no_solution(room_users):
    """In a participant's own kernel: the course package holds no key, and the trainer's
    solutions and key files cannot be opened by any path (unix isolation)."""
    import asyncio

    site = room_users
    ana = site.participants[0]
    trainer_keys = site.homes / site.trainer / "solutions" / ASSIGNMENT / "keys" / "answers.csv"
    course_keys = site.course / "solutions" / ASSIGNMENT / "keys" / "answers.csv"
    solution = site.course / "solutions" / ASSIGNMENT / "answer.ipynb"
    probes = [
        "import course, os\nfrom course.checks import keys\nprint(course.__file__)",
        "print('answer_key:', course.exercise('02-conflicts').problem.answer_key())",
        "keys.enable()\ntry:\n    course.exercise('02-conflicts').problem.answer_key()\n"
        "except keys.KeyUnavailable as exc:\n    print('refused:', type(exc).__name__)",
        *[f"try:\n    print(open({str(p)!r}).read())\nexcept OSError as exc:\n    print('refused:', type(exc).__name__)"
          for p in (trainer_keys, course_keys, solution)],
        "print(open(f'/proc/{os.getppid()}/cmdline').read().replace(chr(0), ' '))",
        "server = int(os.environ['JPY_PARENT_PID'])\nparent = open(f'/proc/{server}/stat').read().rsplit(')', 1)[1].split()[1]\n"
        "print(open(f'/proc/{parent}/cmdline').read().replace(chr(0), ' '))",
        f"print(sorted(os.listdir({str(site.course)!r})))",
    ]
    _kernel, runs = asyncio.run(run_cells(f"{site.url}/user/{ana}", site.tokens[ana], "probe.ipynb", probes, user=ana))
    assert [run.errors for run in runs[:-1]] == [[]] * (len(probes) - 1), [run.errors for run in runs]
    printed = [run.text.strip() for run in runs]
    assert printed[0].startswith(str(site.state / "participant-course")), printed[0]
    assert printed[1] == "answer_key: None"
    assert printed[2] == "refused: KeyUnavailable"
    # With one account for everyone, kernels fork from the room's warm server (course.warm_kernels);
    # with an account each, every kernel is its own Python.
    assert ("forkserver.py serve" in printed[6]) == (site.isolation == "none"), printed[6]
    assert printed[7].endswith(" server") == (site.isolation == "none"), printed[7]   # the server too
    if site.isolation != "unix":
        pytest.skip("servers run as one unix user here: a kernel could open the trainer's files (deploy/README.md)")
    assert printed[3:6] == ["refused: PermissionError"] * 3, printed
    assert all("hub-check-secret" not in text for text in printed)
    assert runs[-1].errors and "PermissionError" in runs[-1].errors[0]   # the course itself is closed too


def _as_account(site: Site, name: str, code: str) -> int:
    """Run ``code`` as unix account ``name``: 0 if it worked, else the errno it raised."""
    account = pwd.getpwnam(name)
    probe = f"import os, sys\ntry:\n    {code}\nexcept OSError as e:\n    sys.exit(e.errno)\n"
    return subprocess.run([site.user_python, "-c", probe], env=site.user_env, cwd="/",
                          user=account.pw_uid, group=account.pw_gid, extra_groups=[],
                          capture_output=True).returncode


# --- beyond one machine: the Littlest JupyterHub and Zero to JupyterHub -----------------------

# Keys of the Littlest JupyterHub's config.yaml, from its configurer and config schema
# (tljh/configurer.py, tljh/config_schema.py). Not validated against a schema file at test
# time: TLJH is not a package this project can install.
TLJH_KEYS = {
    "auth": None,   # auth.type plus one section per authenticator class, passed through
    "users": {"allowed", "banned", "admin", "extra_user_groups"},
    "limits": {"memory", "cpu"},
    "http": {"address", "port"},
    "https": {"enabled", "address", "port", "tls", "letsencrypt"},
    "user_environment": {"default_app"},
    "services": {"cull": {"enabled", "timeout", "every", "concurrency", "users", "max_age",
                          "remove_named_servers"}},
}

# Keys the Zero to JupyterHub chart (jupyterhub/values.schema.yaml, 4.x) accepts where its
# schema sets additionalProperties: false. Transcribed from that file for the parts
# deploy/k8s/values.yaml uses; the chart's values.schema.json could not be obtained from a
# package here, so `helm lint` with the chart remains the authoritative check.
Z2JH_KEYS = {
    None: {"enabled", "fullnameOverride", "nameOverride", "imagePullSecret", "imagePullSecrets",
           "hub", "proxy", "singleuser", "scheduling", "ingress", "prePuller", "custom", "cull",
           "debug", "rbac", "global"},
    "hub": {"revisionHistoryLimit", "config", "extraFiles", "baseUrl", "command", "args",
            "cookieSecret", "image", "networkPolicy", "db", "labels", "initContainers", "extraEnv",
            "extraConfig", "fsGid", "service", "pdb", "existingSecret", "nodeSelector", "tolerations",
            "activeServerLimit", "allowNamedServers", "annotations", "authenticatePrometheus",
            "concurrentSpawnLimit", "consecutiveFailureLimit", "podSecurityContext",
            "containerSecurityContext", "deploymentStrategy", "extraContainers", "extraVolumeMounts",
            "extraVolumes", "livenessProbe", "readinessProbe", "namedServerLimitPerUser",
            "redirectToServer", "resources", "lifecycle", "services", "loadRoles", "shutdownOnLogout",
            "templatePaths", "templateVars", "serviceAccount", "extraPodSpec"},
    "hub.db": {"type", "pvc", "upgrade", "url", "password"},
    "proxy": {"chp", "secretToken", "service", "https", "traefik", "labels", "annotations",
              "deploymentStrategy", "secretSync"},
    "proxy.service": {"type", "labels", "annotations", "nodePorts", "disableHttpPort", "extraPorts",
                      "loadBalancerIP", "loadBalancerSourceRanges"},
    "singleuser": {"networkPolicy", "podNameTemplate", "cpu", "memory", "image", "initContainers",
                   "profileList", "extraFiles", "extraEnv", "nodeSelector", "extraTolerations",
                   "extraNodeAffinity", "extraPodAffinity", "extraPodAntiAffinity", "cloudMetadata",
                   "cmd", "defaultUrl", "events", "extraAnnotations", "extraContainers", "extraLabels",
                   "extraPodConfig", "extraResource", "fsGid", "lifecycleHooks", "networkTools",
                   "serviceAccountName", "startTimeout", "storage", "allowPrivilegeEscalation", "uid"},
    "proxy.https": {"enabled", "type", "letsencrypt", "manual", "secret", "hosts"},
    "singleuser.cpu": {"limit", "guarantee"},
    "singleuser.lifecycleHooks": {"postStart", "preStop"},
    "singleuser.memory": {"limit", "guarantee"},
    "singleuser.image": {"name", "tag", "pullPolicy", "pullSecrets"},
    "singleuser.storage": {"capacity", "dynamic", "extraLabels", "extraVolumeMounts", "extraVolumes",
                           "homeMountPath", "static", "type"},
    "cull": {"enabled", "users", "adminUsers", "removeNamedServers", "timeout", "every",
             "concurrency", "maxAge"},
}


def _unknown_keys(values: dict, allowed: dict) -> list[str]:
    problems = []
    for where, keys in allowed.items():
        node = values
        for part in where.split(".") if where else []:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        if isinstance(node, dict) and isinstance(keys, (set, dict)):
            problems += [f"{where or '(top)'}.{k}" for k in node if k not in keys]
    return problems


def test_servers_starting_together_never_share_a_port(tmp_path, monkeypatch):
    # A port found free stays free only until someone binds it: when the same one is found
    # twice, as can happen when servers start at once, the second server must get another.
    monkeypatch.setattr(room, "_SERVER_PORTS", {})
    tr, ana, ben = (hub_configuration.spawner(tmp_path, {}, name) for name in ("tr", "ana", "ben"))

    def claim(spawner, *found):
        monkeypatch.setattr(room, "random_port", iter(found).__next__)
        return room.claim_port(spawner)

    assert claim(tr, 41001) == 41001
    assert claim(ana, 41001, 41001, 41003) == 41003
    assert claim(tr, 41001) == 41001                  # a restart may keep its own
    room.release_port(tr)
    assert claim(ben, 41003, 41001) == 41001          # free again once released


def test_the_hubs_hooks_claim_a_port_per_server_and_release_it(tmp_path, monkeypatch):
    config = hub_configuration.load(tmp_path, monkeypatch)
    hub_room = sys.modules["room"]                  # the room.py the configuration imported
    monkeypatch.setattr(hub_room, "_SERVER_PORTS", {})
    found = iter([41001, 41001, 41003, 41003, 41001])
    monkeypatch.setattr(hub_room, "random_port", lambda: next(found))
    ana, ben, cy = (hub_configuration.spawner(tmp_path / name, {}, name) for name in ("ana", "ben", "cy"))
    config.Spawner.pre_spawn_hook(ana)
    config.Spawner.pre_spawn_hook(ben)
    assert (ana.port, ben.port) == (41001, 41003)
    config.Spawner.post_stop_hook(ana)
    config.Spawner.pre_spawn_hook(cy)
    assert cy.port == 41001


def test_tljh_config_uses_only_keys_tljh_reads():
    config = yaml.safe_load((DEPLOY / "tljh" / "config.yaml").read_text())
    assert set(config) <= set(TLJH_KEYS), set(config) - set(TLJH_KEYS)
    for key, allowed in TLJH_KEYS.items():
        if isinstance(allowed, set):
            assert set(config.get(key, {})) <= allowed, (key, set(config[key]) - allowed)
    assert config["user_environment"]["default_app"] == "jupyterlab"
    for extra in (DEPLOY / "tljh").glob("*.py"):
        compile(extra.read_text(), str(extra), "exec")


def test_z2jh_values_use_only_keys_the_chart_accepts():
    values = yaml.safe_load((DEPLOY / "k8s" / "values.yaml").read_text())
    assert _unknown_keys(values, Z2JH_KEYS) == []
    single = values["singleuser"]
    assert single["memory"]["guarantee"] and single["memory"]["limit"]
    assert single["cpu"]["guarantee"] and single["cpu"]["limit"]
    assert single["defaultUrl"] == "/lab"
    mounts = {m["mountPath"] for m in single["storage"]["extraVolumeMounts"]}
    assert "/srv/nbgrader/exchange" in mounts, "the exchange is on a shared volume"
    for name, snippet in values["hub"]["extraConfig"].items():
        compile(snippet, f"hub.extraConfig.{name}", "exec")
    # The trainers' gradebook URL (PostgreSQL) comes from a secret and reaches trainers only.
    gradebook = values["hub"]["extraEnv"]["COURSE_GRADEBOOK_URL"]["valueFrom"]["secretKeyRef"]
    assert gradebook["name"] == "course-gradebook"
    assert "COURSE_GRADEBOOK_URL" in values["hub"]["extraConfig"]["10-course-roles.py"]
    assert "COURSE_GRADEBOOK_URL" in (DEPLOY / "k8s" / "Dockerfile").read_text()
    ngshare = yaml.safe_load((DEPLOY / "k8s" / "values-ngshare.yaml").read_text())
    assert _unknown_keys(ngshare, Z2JH_KEYS) == []
