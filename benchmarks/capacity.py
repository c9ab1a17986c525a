"""How many participants does one machine hold? Memory per participant through an hour, and hub start-up.

Starts the room's JupyterHub (``deploy/hub/jupyterhub_config.py`` through ``course hub``'s
command line) on loopback with "none" isolation, so that no unix account is made, and:

  1. times the hub's start-up, from the command to an answering REST API: once with a new
     state folder (the database is created) and then restarts on the same state;
  2. fills a room, one participant after another, each going through an hour of a workshop:
     their server starts and Lab opens; they run lesson notebooks top to bottom in kernels
     (a session per notebook, every code cell through the kernel's websocket) and leave them
     open; they open a dashboard (Voila runs it) and leave it open;
  3. lets the culler do what it does after 30 idle minutes: the dashboards' kernels go, the
     lessons' stay (``course.kernel_culling``);
  4. does all this twice, side by side: every kernel its own Python (the baseline), then
     kernels forked from the room's warm kernel server (``course.warm_kernels``).

Memory is read from /proc for every process of the room: PSS summed over them is what they
use together (a page shared by several processes is counted once, divided among them). What
one more participant adds is the room's growth from the first participant to the last, divided
by the participants added. From it, the room's fixed part and the rule printed with the
result, it derives how many participants a 16 GB laptop and a 64 GB server hold.

    .venv/bin/python benchmarks/capacity.py [--starts N] [--participants N] [--lesson PATH ...]

Prints the figures and writes them to benchmarks/results/capacity.json. Always exits 0:
this is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from course import hub as course_hub  # noqa: E402
from course.grading.processes import children, descendants  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))  # the kernel client is shared with the hub tests
from kernel_channels import run_cells  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "capacity.json"
LESSONS = ["modules/00-getting-started/01-checking-documents.ipynb",
           "modules/02-data-harmonization/04-model-xsd-instances-rules.ipynb"]
DASHBOARD = "dashboards/document_checker.ipynb"
TOKEN = secrets.token_hex(32)
PARTICIPANT = "participant"
GB = 1024 ** 3
# The capacity rule (see the printed explanation and deploy/README.md).
MACHINES = {"16 GB laptop (the trainer's, also running a desktop and a browser)": (16, 4.0),
            "64 GB server (nothing else on it)": (64, 2.0)}
HEADROOM = 0.25


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- memory from /proc ----------------------------------------------------------------------

def tree(pid: int, table=None) -> list[int]:
    return [pid, *descendants(pid, table)]


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def memory(pids) -> dict:
    """RSS and PSS (MB) and CPU time used so far (s), summed over ``pids``."""
    rss = pss = ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])   # utime + stime
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            pass
    return {"rss_mb": round(rss / 1024, 1), "pss_mb": round(pss / 1024, 1),
            "cpu_seconds": round(ticks / os.sysconf("SC_CLK_TCK"), 2), "processes": len(list(pids))}


# --- the hub --------------------------------------------------------------------------------

class Hub:
    def __init__(self, base: Path, warm_kernels: bool = True):
        self.base, self.state, self.warm_kernels = base, base / "state", warm_kernels
        base.mkdir(parents=True, exist_ok=True)
        self.port, self.hub_port, self.api_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.config = base / "capacity_jupyterhub_config.py"
        self.config.write_text(
            "c = get_config()\n"
            f"load_subconfig({str(course_hub.config_file())!r})\n"
            f"c.JupyterHub.hub_port = {self.hub_port}\n"
            f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{self.api_port}'\n"
            f"c.JupyterHub.services = [{{'name': 'capacity', 'api_token': {TOKEN!r}}}]\n"
            "c.JupyterHub.load_roles.append({'name': 'capacity', 'services': ['capacity'],\n"
            "    'scopes': ['admin:users', 'admin:servers', 'access:servers', 'tokens']})\n")
        self.process = None

    def start(self) -> float:
        """Start the hub; seconds until its REST API answers."""
        self.state.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "COURSE_HUB_DIR": str(self.state), "COURSE_HUB_ISOLATION": "none",
               "COURSE_HUB_TRAINERS": "trainer", "COURSE_HUB_WARM_KERNELS": "1" if self.warm_kernels else "0"}
        log = open(self.base / "hub.log", "ab")
        began = time.perf_counter()
        self.process = subprocess.Popen(course_hub.hub_command(self.port, "127.0.0.1", self.config),
                                        cwd=self.state, env=env, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        while True:
            if self.process.poll() is not None:
                raise RuntimeError("the hub exited:\n" + (self.base / "hub.log").read_text()[-3000:])
            try:
                if self.request("GET", "/hub/api/", timeout=2)[0] == 200:
                    return time.perf_counter() - began
            except OSError:
                pass
            if time.perf_counter() - began > 120:
                raise RuntimeError("the hub did not answer within 120 s")
            time.sleep(0.05)

    def stop(self):
        if not self.process:
            return
        pids = tree(self.process.pid)[1:]
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for pid in pids:
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.process = None

    def request(self, method, path, body=None, token=TOKEN, timeout=120):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": f"token {token}",
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as reply:
                return reply.status, reply.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode(errors="replace")

    def hub_pids(self) -> list[int]:
        """The hub and its proxy, without the single-user servers and their kernels."""
        table = children()
        servers = {p for p in tree(self.process.pid, table) if "jupyterhub.singleuser" in cmdline(p)}
        excluded = {q for s in servers for q in tree(s, table)}
        return [p for p in tree(self.process.pid, table) if p not in excluded]

    def server_pid(self) -> int:
        (pid,) = [p for p in tree(self.process.pid) if "jupyterhub.singleuser" in cmdline(p)]
        return pid


# --- a participant's hour ---------------------------------------------------------------------

async def run_notebook(hub: Hub, user: str, user_token: str, path: str) -> dict:
    """Execute every code cell of ``path`` (relative to the home) in a new kernel session, left open."""
    import nbformat

    status, text = hub.request("GET", f"/user/{user}/api/contents/{urllib.parse.quote(path)}", token=user_token)
    if status != 200:
        return {"notebook": path, "error": f"cannot open it ({status})"}
    nb = nbformat.from_dict(json.loads(text)["content"])
    codes = [cell.source for cell in nb.cells if cell.cell_type == "code" and cell.source.strip()]
    began = time.perf_counter()
    kernel, runs = await run_cells(f"{hub.url}/user/{user}", user_token, path, codes, user=user)
    return {"notebook": path, "kernel": kernel, "code_cells": len(codes),
            "errors": [error[:200] for run in runs for error in run.errors],
            "seconds": round(time.perf_counter() - began, 2)}


def spawn(hub: Hub, user: str) -> str:
    """Create ``user``, start their server, open Lab; returns their API token."""
    status, text = hub.request("POST", "/hub/api/users", body={"usernames": [user]})
    assert status == 201, text
    token = json.loads(hub.request("POST", f"/hub/api/users/{user}/tokens", body={"note": "capacity"})[1])["token"]
    status, text = hub.request("POST", f"/hub/api/users/{user}/server")
    assert status in (201, 202), text
    while not json.loads(hub.request("GET", f"/hub/api/users/{user}")[1])["servers"].get("", {}).get("ready"):
        time.sleep(0.1)
    hub.request("GET", f"/user/{user}/lab", token=token)
    return token


def hour(hub: Hub, user: str, token: str, lessons: list[str], dashboard: str) -> dict:
    """What a participant opens in an hour and leaves open: the lessons (run top to bottom) and a
    dashboard (Voila runs it on its page's request)."""
    runs = [asyncio.run(run_notebook(hub, user, token, lesson)) for lesson in lessons]
    began = time.perf_counter()
    status, _page = hub.request("GET", f"/user/{user}/voila/render/{urllib.parse.quote(dashboard)}", token=token,
                                timeout=300)
    return {"lessons": runs, "dashboard": {"path": dashboard, "status": status,
                                           "seconds": round(time.perf_counter() - began, 2)}}


def cull_dashboards(hub: Hub, user: str, token: str) -> int:
    """Shut down the kernels outside any session, the dashboards', as the culler does after 30
    idle minutes (course.kernel_culling); returns how many."""
    sessions = {s["kernel"]["id"] for s in json.loads(hub.request("GET", f"/user/{user}/api/sessions", token=token)[1])}
    kernels = [k["id"] for k in json.loads(hub.request("GET", f"/user/{user}/api/kernels", token=token)[1])]
    for kernel in kernels:
        if kernel not in sessions:
            hub.request("DELETE", f"/user/{user}/api/kernels/{kernel}", token=token)
    return len([k for k in kernels if k not in sessions])


def room(hub: Hub) -> dict:
    """The memory of everything the hub runs: hub, proxy, warm kernel server, servers, kernels.

    PSS summed over all these processes is the memory they use together: a page shared by
    several of them is counted once, divided among them.
    """
    return memory(tree(hub.process.pid))


def measure_room(base: Path, warm: bool, participants: int, lessons: list[str], dashboard: str,
                 settle: float) -> dict:
    """A room of ``participants``, each through the hour; the room's memory after the first and
    after the last, with the dashboards' kernels open and once the culler has shut them down."""
    hub = Hub(base, warm_kernels=warm)
    result = {"warm_kernels": warm, "participants": participants}
    try:
        hub.start()
        tokens, steps = {}, []
        for index in range(participants):
            user = f"participant{index + 1}"
            tokens[user] = spawn(hub, user)
            step = hour(hub, user, tokens[user], lessons, dashboard)
            time.sleep(settle)
            step["room"] = room(hub)
            steps.append(step)
            errors = [e for run in step["lessons"] for e in run.get("errors", [])]
            print(f"  {'warm' if warm else 'ordinary'} kernels, {index + 1} participant(s): {step['room']}"
                  + (f", {len(errors)} cell error(s)" if errors else ""), flush=True)
        result["hour"] = steps
        culled = sum(cull_dashboards(hub, user, token) for user, token in tokens.items())
        time.sleep(settle)
        result["after_culling"] = {"kernels_culled": culled, "room": room(hub)}
        first_hub = memory(hub.hub_pids())
        result["hub_and_proxy"] = first_hub
    finally:
        hub.stop()
    return result


def per_participant(first: dict, last: dict, participants: int) -> float:
    """What one more participant adds (MB of PSS): the room's growth from the first to the last."""
    return (last["pss_mb"] - first["pss_mb"]) / max(1, participants - 1)


def capacity(total_gb: float, reserved_gb: float, fixed_mb: float, participant_mb: float) -> int:
    """Participants that fit: (total - reserved) less headroom, minus what the room runs anyway,
    divided by what each participant adds, minus 2 for the trainer's own server (grading runs
    kernels too)."""
    usable = (total_gb * 1024 - reserved_gb * 1024) * (1 - HEADROOM) - fixed_mb
    return max(0, int(usable // participant_mb) - 2)


def figures(measured: dict) -> dict:
    """Per participant and room size, with the dashboards open and after culling."""
    steps, n = measured["hour"], measured["participants"]
    first, last = steps[0]["room"], steps[-1]["room"]
    peak = per_participant(first, last, n)
    # The culler takes one dashboard kernel per participant; the first participant's room less it
    # is what the room runs anyway plus one participant.
    culled_each = (last["pss_mb"] - measured["after_culling"]["room"]["pss_mb"]) / n
    settled = peak - culled_each
    fixed = first["pss_mb"] - peak
    return {"per_participant_mb": {"dashboards_open": round(peak, 1), "after_culling": round(settled, 1)},
            "room_fixed_mb": round(fixed, 1),
            "machines": {name: {"ram_gb": total, "reserved_gb": reserved,
                                "participants_dashboards_open": capacity(total, reserved, fixed, peak),
                                "participants_after_culling": capacity(total, reserved, fixed, settled)}
                         for name, (total, reserved) in MACHINES.items()}}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=3, help="hub starts to time (default 3)")
    parser.add_argument("--participants", type=int, default=4, help="participants in the measured room (default 4)")
    parser.add_argument("--lesson", action="append", help="lesson notebook(s) each participant runs, relative "
                        "to the repository (default: " + ", ".join(LESSONS) + ")")
    parser.add_argument("--dashboard", default=DASHBOARD, help=f"dashboard each participant opens (default {DASHBOARD})")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds to wait before measuring")
    args = parser.parse_args(argv)
    lessons = [p for p in (args.lesson or LESSONS) if (ROOT / p).exists()]
    participants = max(2, args.participants)

    base = Path(tempfile.mkdtemp(prefix="course-capacity-"))
    result = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "jupyterhub": metadata.version("jupyterhub"),
                          "jupyterlab": metadata.version("jupyterlab"),
                          "nbgrader": metadata.version("nbgrader")},
              "hour": {"lessons": lessons, "dashboard": args.dashboard}}
    try:
        hub = Hub(base / "starts")
        starts = []
        for i in range(max(1, args.starts)):
            starts.append(round(hub.start(), 2))
            print(f"hub start {i + 1} ({'new state' if i == 0 else 'restart'}): {starts[-1]:.2f} s", flush=True)
            hub.stop()
        result["hub_start_seconds"] = {"new_state": starts[0], "restarts": starts[1:]}
        print(f"a room of {participants}, each: Lab, {', '.join(lessons)} run and left open, {args.dashboard} "
              "opened and left", flush=True)
        # Side by side: every kernel its own Python (the baseline), then kernels from the warm server.
        result["rooms"] = {kind: measure_room(base / kind, warm, participants, lessons, args.dashboard, args.settle)
                           for kind, warm in (("ordinary_kernels", False), ("warm_kernels", True))}
    finally:
        shutil.rmtree(base, ignore_errors=True)

    result["capacity"] = {kind: figures(measured) for kind, measured in result["rooms"].items()}
    result["capacity"]["rule"] = (
        f"(RAM - reserved) x {1 - HEADROOM:.2f} - what the room runs anyway (hub, proxy, warm kernel server), "
        "divided by what each participant adds (PSS summed over every process of the room, growth from 1 to "
        f"{participants} participants), minus 2 for the trainer's own server")
    ordinary = result["capacity"]["ordinary_kernels"]["per_participant_mb"]
    warm = result["capacity"]["warm_kernels"]["per_participant_mb"]
    result["capacity"]["ratio_memory_per_participant"] = {
        key: round(ordinary[key] / warm[key], 2) for key in ("dashboards_open", "after_culling")}
    print(f"\nrule: {result['capacity']['rule']}")
    for kind in ("ordinary_kernels", "warm_kernels"):
        found = result["capacity"][kind]
        print(f"{kind.replace('_', ' ')}: {found['per_participant_mb']['dashboards_open']:.0f} MB per participant "
              f"with the dashboard open, {found['per_participant_mb']['after_culling']:.0f} MB once it is culled; "
              f"the room runs {found['room_fixed_mb']:.0f} MB anyway")
        for name, machine in found["machines"].items():
            print(f"  {name}: {machine['participants_dashboards_open']} participants with every lesson and "
                  f"dashboard open, {machine['participants_after_culling']} after culling")
    print(f"memory per participant, ordinary / warm kernels: {result['capacity']['ratio_memory_per_participant']}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
