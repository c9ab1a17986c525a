"""`make workshop` installs (if needed) and serves JupyterLab on loopback with the course open."""
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

from course import paths
from course.grading.processes import descendants
from course.warm_kernels.forkserver import _zombie


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _read_until_url(process, port, deadline):
    pattern = re.compile(rf"http://127\.0\.0\.1:{port}/lab/tree/README\.md\?token=(\w+)")
    seen = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            if process.poll() is not None:
                break
            continue
        seen.append(line)
        match = pattern.search(line)
        if match:
            return match.group(1), seen
    raise AssertionError("no URL printed; output was:\n" + "".join(seen[-40:]))


def _get(url, deadline):
    """GET url, retrying while the server is still binding its port (it logs its URL first)."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=90) as reply:
                return reply.status, reply.read()
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_make_workshop_serves_the_course_on_loopback_and_stops_on_ctrl_c():
    port = _free_port()
    process = subprocess.Popen(
        ["make", "-s", "workshop", f"PORT={port}"], cwd=paths.root(), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        token, _ = _read_until_url(process, port, time.monotonic() + 180)
        base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 60
        assert _get(f"{base}/api/status?token={token}", deadline)[0] == 200
        status, page = _get(f"{base}/lab/tree/README.md?token={token}", deadline)
        assert status == 200 and b"JupyterLab" in page
        assert b"00-getting-started" in _get(f"{base}/api/contents/modules?token={token}", deadline)[1]
        # Dashboards are served inside the workshop's Lab by Voila's server extension.
        status, page = _get(f"{base}/voila/render/dashboards/document_checker.ipynb?token={token}", deadline)
        assert status == 200 and b"voila" in page.lower()
    finally:
        started = descendants(process.pid)       # make, JupyterLab and its kernels
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise AssertionError("JupyterLab did not stop on Ctrl-C within 30 s")
    # Whether the port still answers says nothing once it is free: another test may bind it.
    deadline = time.monotonic() + 10
    while (left := [pid for pid in started if not _zombie(pid)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left, f"still running after Ctrl-C: {left}"
