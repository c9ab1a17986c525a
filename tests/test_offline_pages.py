"""Every page the course serves loads only from the machine, and dashboard kernels go away.

A real Chromium records every request of each dashboard (inside the workshop's JupyterLab
and under a standalone ``voila``) and of a lesson opened in Lab; any request to a host other
than loopback fails the test. The same server then shows that closing a dashboard's tab
shuts its kernel down.
"""
from __future__ import annotations

import json
import time
import urllib.request
from urllib.parse import urlparse

import nbformat
import pytest

import browser_support as support

ROOT = support.ROOT
ARTIFACTS = ROOT / "test-artifacts"
DASHBOARDS = sorted(p.name for p in (ROOT / "dashboards").glob("*.ipynb"))
LESSON = "modules/02-data-harmonization/04-model-xsd-instances-rules.ipynb"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
TOKEN = "offline-pages-token"

needs_chromium = pytest.mark.skipif(support.chromium() is None, reason=support.INSTALL_HINT)


def leaving(urls: list[str]) -> list[str]:
    """The requests that would leave the machine (data: and blob: URLs never do)."""
    return [u for u in urls if urlparse(u).scheme in ("http", "https", "ws", "wss")
            and urlparse(u).hostname not in LOOPBACK]


def test_leaving_tells_loopback_from_the_internet():
    urls = ["http://127.0.0.1:8888/voila/static/x.css", "data:image/png;base64,AA", "ws://localhost:1/api",
            "https://cdn.jsdelivr.net/npm/x.css", "https://cdnjs.cloudflare.com/ajax/libs/mathjax/latest.js"]
    assert leaving(urls) == urls[3:]


@pytest.fixture(scope="module")
def lab():
    with support.jupyterlab(TOKEN, env={"COURSE_LANG": "en"}, log=ARTIFACTS / "jupyterlab-offline.log") as server:
        yield server


def visit(chrome, url: str, ready: str, settle_ms: int = 2500) -> tuple[list[str], list[str]]:
    """Open ``url``, wait for ``ready`` and a little more; every request and every failed one."""
    context = chrome.new_context(viewport={"width": 1280, "height": 900})
    requests, failed = [], []
    context.on("request", lambda request: requests.append(request.url))
    context.on("requestfailed", lambda request: failed.append(request.url))
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(url)
        page.wait_for_selector(ready, state="attached")
        page.wait_for_timeout(settle_ms)
        page.close(run_before_unload=True)
    finally:
        context.close()
    return requests, failed


def kernels(server) -> list[dict]:
    with urllib.request.urlopen(f"{server.url}/api/kernels?token={TOKEN}", timeout=10) as response:
        return json.load(response)


@needs_chromium
@pytest.mark.parametrize("dashboard", DASHBOARDS)
def test_dashboard_in_the_workshop_lab_loads_only_from_the_machine(chrome, lab, dashboard):
    requests, _failed = visit(chrome, f"{lab.url}/voila/render/dashboards/{dashboard}?token={TOKEN}",
                              ready=".jp-OutputArea-output, .jp-RenderedHTMLCommon")
    assert len(requests) > 20, requests            # the page really loaded its scripts
    assert leaving(requests) == []
    fonts = [u for u in requests if "/voila/static/fontawesome/" in u]
    assert fonts, "the page should link the course's own copy of Font Awesome"


@needs_chromium
def test_icons_come_from_the_local_copy(chrome, lab):
    for part in ("css/all.min.css", "css/v4-shims.min.css", "webfonts/fa-solid-900.woff2"):
        with urllib.request.urlopen(f"{lab.url}/voila/static/fontawesome/{part}?token={TOKEN}", timeout=10) as response:
            assert response.status == 200 and len(response.read()) > 1000


@needs_chromium
def test_a_lesson_in_lab_loads_only_from_the_machine(chrome, lab):
    requests, _failed = visit(chrome, f"{lab.url}/lab/tree/{LESSON}?token={TOKEN}", ready=".jp-Notebook .jp-Cell",
                              settle_ms=4000)
    assert len(requests) > 20, requests
    assert leaving(requests) == []


@needs_chromium
def test_math_and_diagrams_in_a_standalone_voila_stay_local(chrome, tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Release time $t_{release} - t_{arrival}$ and $$\\sum_i x_i$$"),
        nbformat.v4.new_markdown_cell("```mermaid\ngraph LR; Arrival-->Release\n```"),
        nbformat.v4.new_code_cell("print('ready')"),
    ])
    path = tmp_path / "maths.ipynb"
    nbformat.write(notebook, path)
    with support.voila(path, log=ARTIFACTS / "voila-offline.log") as server:
        requests, _failed = visit(chrome, server.url, ready=".jp-OutputArea-output", settle_ms=4000)
    assert len(requests) > 20, requests
    assert leaving(requests) == []


@needs_chromium
def test_closing_a_dashboard_shuts_its_kernel_down(chrome, lab):
    before = {k["id"] for k in kernels(lab)}
    for _ in range(3):
        visit(chrome, f"{lab.url}/voila/render/dashboards/document_checker.ipynb?token={TOKEN}",
              ready="button.jupyter-button", settle_ms=500)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and {k["id"] for k in kernels(lab)} - before:
        time.sleep(0.5)
    left = {k["id"] for k in kernels(lab)} - before
    assert not left, f"{len(left)} dashboard kernel(s) still running after their tabs closed"
    log = (ARTIFACTS / "jupyterlab-offline.log").read_text(encoding="utf-8", errors="replace")
    assert "'_xsrf' argument missing" not in log


@needs_chromium
def test_the_readme_opens_rendered(chrome, lab):
    context = chrome.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(f"{lab.url}/lab/tree/README.md?reset&token={TOKEN}")   # as on a first start
        heading = page.locator(".jp-RenderedMarkdown h1").first
        heading.wait_for()
        assert heading.inner_text().strip()
        assert page.locator(".jp-FileEditor").count() == 0   # not the Markdown source
    finally:
        context.close()


@needs_chromium
def test_an_idle_dashboard_is_culled_with_its_tab_open_and_a_lesson_is_not(chrome, tmp_path):
    """Culling after 10 idle seconds (30 minutes in a workshop): the dashboard's kernel goes
    although its page stays open; the lesson's kernel, open in Lab, stays."""
    from course.serve import lab_command, lab_environment

    def sessions(server) -> set[str]:
        with urllib.request.urlopen(f"{server.url}/api/sessions?token={TOKEN}", timeout=10) as response:
            return {s["kernel"]["id"] for s in json.load(response)}

    def until(condition, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not condition():
            time.sleep(0.25)

    port = support.free_port()
    command = lab_command(port) + [f"--IdentityProvider.token={TOKEN}", "--MappingKernelManager.cull_idle_timeout=10",
                                   "--MappingKernelManager.cull_interval=1"]
    with support.Server(command, port, env=lab_environment("en", tmp_path / "lab"),
                        log=ARTIFACTS / "jupyterlab-culling.log") as server:
        context = chrome.new_context(viewport={"width": 1280, "height": 900})
        try:
            lesson = context.new_page()
            lesson.set_default_timeout(90_000)
            lesson.goto(f"{server.url}/lab/tree/{LESSON}?reset&token={TOKEN}")
            lesson.locator(".jp-Notebook .jp-Cell").first.wait_for()
            until(lambda: sessions(server), 90)      # the lesson's kernel starts once Lab has opened it
            lesson_kernels = sessions(server)
            assert len(lesson_kernels) == 1
            dashboard = context.new_page()
            dashboard.set_default_timeout(90_000)
            dashboard.goto(f"{server.url}/voila/render/dashboards/document_checker.ipynb?token={TOKEN}")
            support.wait_interactive(dashboard)
            dashboard_kernels = {k["id"] for k in kernels(server)} - lesson_kernels
            assert len(dashboard_kernels) == 1       # just used, so not idle yet
            until(lambda: not dashboard_kernels & {k["id"] for k in kernels(server)}, 60)
            assert {k["id"] for k in kernels(server)} == lesson_kernels
            assert not dashboard.is_closed()         # culled with its page still open
        finally:
            context.close()
