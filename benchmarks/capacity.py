"""How many participants does one machine hold? Memory per participant and hub start-up.

Starts the room's JupyterHub (``deploy/hub/jupyterhub_config.py`` through ``course hub``'s
command line) on loopback with "none" isolation, so that no unix account is made, and:

  1. times the hub's start-up, from the command to an answering REST API: once with a new
     state folder (the database is created) and then restarts on the same state;
  2. spawns one participant (the course copied into a fresh home) and measures the memory of
     the hub and proxy, and of the participant's server right after start;
  3. opens the participant's Lab page, waits, and measures the idle server;
  4. runs lesson notebooks in kernels on that server, as a participant would (a session per
     notebook, every code cell executed through the kernel's websocket), keeps the kernels
     open and measures again after each.

Memory is read from /proc for the whole process tree: RSS (what `top` shows: shared library
pages counted in every process, so an upper bound per participant) and PSS (shared pages
divided among the processes sharing them). From the figures it derives how many
participants a 16 GB laptop and a 64 GB server hold; the rule is printed with the result.

    .venv/bin/python benchmarks/capacity.py [--starts N] [--lesson PATH ...]

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
    def __init__(self, base: Path):
        self.base, self.state = base, base / "state"
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
               "COURSE_HUB_TRAINERS": "trainer"}
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


# --- running a lesson through the server's kernel ---------------------------------------------

async def run_notebook(hub: Hub, user_token: str, path: str) -> dict:
    """Execute every code cell of ``path`` (relative to the home) in a new kernel session."""
    import nbformat

    status, text = hub.request("GET", f"/user/{PARTICIPANT}/api/contents/{urllib.parse.quote(path)}",
                               token=user_token)
    if status != 200:
        return {"notebook": path, "error": f"cannot open it ({status})"}
    nb = nbformat.from_dict(json.loads(text)["content"])
    codes = [cell.source for cell in nb.cells if cell.cell_type == "code" and cell.source.strip()]
    began = time.perf_counter()
    kernel, runs = await run_cells(f"{hub.url}/user/{PARTICIPANT}", user_token, path, codes, user=PARTICIPANT)
    return {"notebook": path, "kernel": kernel, "code_cells": len(codes),
            "errors": [error[:200] for run in runs for error in run.errors],
            "seconds": round(time.perf_counter() - began, 2)}


def capacity(total_gb: float, reserved_gb: float, hub_mb: float, participant_mb: float) -> int:
    """Participants that fit: (total - reserved - hub - trainer) less headroom, per participant.

    The trainer's server is counted as two participants (grading runs kernels too).
    """
    usable = (total_gb * 1024 - reserved_gb * 1024 - hub_mb) * (1 - HEADROOM)
    return max(0, int(usable // participant_mb) - 2)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=3, help="hub starts to time (default 3)")
    parser.add_argument("--lesson", action="append", help="lesson notebook(s) to run, relative to "
                        "the repository (default: " + ", ".join(LESSONS) + ")")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds to wait before measuring")
    args = parser.parse_args(argv)
    lessons = [p for p in (args.lesson or LESSONS) if (ROOT / p).exists()]

    base = Path(tempfile.mkdtemp(prefix="course-capacity-"))
    hub = Hub(base)
    result = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "jupyterhub": metadata.version("jupyterhub"),
                          "jupyterlab": metadata.version("jupyterlab"),
                          "nbgrader": metadata.version("nbgrader")}}
    try:
        starts = []
        for i in range(max(1, args.starts)):
            starts.append(round(hub.start(), 2))
            print(f"hub start {i + 1} ({'new state' if i == 0 else 'restart'}): {starts[-1]:.2f} s", flush=True)
            if i < args.starts - 1:
                hub.stop()
        result["hub_start_seconds"] = {"new_state": starts[0], "restarts": starts[1:]}

        status, text = hub.request("POST", "/hub/api/users", body={"usernames": [PARTICIPANT]})
        assert status == 201, text
        user_token = json.loads(hub.request("POST", f"/hub/api/users/{PARTICIPANT}/tokens",
                                            body={"note": "capacity"})[1])["token"]
        began = time.perf_counter()
        status, text = hub.request("POST", f"/hub/api/users/{PARTICIPANT}/server")
        assert status in (201, 202), text
        while not json.loads(hub.request("GET", f"/hub/api/users/{PARTICIPANT}")[1])["servers"].get("", {}).get("ready"):
            time.sleep(0.1)
        result["spawn_seconds"] = round(time.perf_counter() - began, 2)
        print(f"participant server ready in {result['spawn_seconds']:.2f} s", flush=True)

        server = hub.server_pid()
        result["server_started"] = memory(tree(server))
        hub.request("GET", f"/user/{PARTICIPANT}/lab", token=user_token)
        time.sleep(args.settle)
        result["hub_and_proxy"] = memory(hub.hub_pids())
        result["server_idle"] = memory(tree(server))
        print(f"hub + proxy: {result['hub_and_proxy']}", flush=True)
        print(f"idle participant server (Lab opened): {result['server_idle']}", flush=True)

        result["lessons"] = []
        for lesson in lessons:
            run = asyncio.run(run_notebook(hub, user_token, lesson))
            time.sleep(args.settle)
            run["server_and_kernels"] = memory(tree(server))
            result["lessons"].append(run)
            print(f"after {lesson} ({run.get('code_cells')} cells, {len(run.get('errors', []))} errors, "
                  f"{run.get('seconds')} s): {run['server_and_kernels']}", flush=True)
            for error in run.get("errors", []):
                print(f"   cell error: {error}")
    finally:
        hub.stop()
        shutil.rmtree(base, ignore_errors=True)

    idle = result["server_idle"]["rss_mb"]
    # One lesson kernel open: the idle server plus the largest single kernel's share.
    kernels, previous = [], idle
    for run in result["lessons"]:
        kernels.append(run["server_and_kernels"]["rss_mb"] - previous)
        previous = run["server_and_kernels"]["rss_mb"]
    one_lesson = idle + max(kernels, default=0)
    all_open = previous
    hub_mb = result["hub_and_proxy"]["rss_mb"]
    result["per_participant_mb"] = {"idle": idle, "one_lesson_kernel": round(one_lesson, 1),
                                    "all_lessons_open": round(all_open, 1)}
    result["capacity"] = {
        "rule": f"(RAM - reserved - hub and proxy) x {1 - HEADROOM:.2f}, divided by the RSS of a "
                "participant with one lesson kernel open, minus 2 for the trainer's own server",
        "machines": {name: {"ram_gb": total, "reserved_gb": reserved,
                            "participants": capacity(total, reserved, hub_mb, one_lesson),
                            "participants_all_lessons_open": capacity(total, reserved, hub_mb, all_open)}
                     for name, (total, reserved) in MACHINES.items()}}
    print(f"\nper participant (RSS): idle {idle:.0f} MB, one lesson kernel {one_lesson:.0f} MB, "
          f"all {len(result['lessons'])} lessons open {all_open:.0f} MB; hub + proxy {hub_mb:.0f} MB")
    print(f"rule: {result['capacity']['rule']}")
    for name, figures in result["capacity"]["machines"].items():
        print(f"  {name}: {figures['participants']} participants "
              f"({figures['participants_all_lessons_open']} if each keeps every lesson kernel open)")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
