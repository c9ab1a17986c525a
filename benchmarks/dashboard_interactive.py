"""How soon can a participant use each dashboard, compared with a bare Voila notebook?

Starts Voila (exactly as the dashboards README says) for a baseline notebook holding one
button, written to a temporary folder at run time, and for each dashboard under
``dashboards/``. Then, in one run and taking turns, opens each page in headless Chromium
through Playwright and measures, in the page's own clock, the time from navigation start
to the first widget being usable (the first enabled ``button.jupyter-button`` or
``.widget-dropdown select``). Each page is warmed up once, then measured R times (default
3); the median is kept and divided by the baseline's median. The target is a ratio of at
most 1.5 for every dashboard.

It also times the trainer dashboard on a gradebook of 500 participants (written with
nbgrader's Gradebook API: one assignment, seven graded tasks, 500 scored submissions):
from navigation start until the participant count, the scores table and the charts are
on the page.

    .venv/bin/python benchmarks/dashboard_interactive.py [--repeats R] [--participants N]

Needs Chromium (Debian: ``apt-get install chromium``). Prints the figures and writes them
to benchmarks/results/dashboard_interactive.json. Always exits 0 when it could measure:
this is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import warnings
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import browser_support as support  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "dashboard_interactive.json"
TARGET = 1.5
DASHBOARDS = ("document_checker", "harmonization_workbench", "trainer_cohort")
BASELINE = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "button", "metadata": {}, "outputs": [],
               "source": ["import ipywidgets as widgets\n", "\n", "widgets.Button(description=\"Go\")"]}],
    "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                 "language_info": {"name": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}
# Records, in the page's clock (ms since navigation start), when a widget first became usable.
WATCH_INTERACTIVE = """
window.__firstInteractive = null;
(() => {
  const selector = "button.jupyter-button:not([disabled]), .widget-dropdown select:not([disabled])";
  const look = () => {
    if (window.__firstInteractive === null && document.querySelector(selector)) {
      window.__firstInteractive = performance.now();
    }
  };
  new MutationObserver(look).observe(document, {childList: true, subtree: true, attributes: true});
})();
"""
TRAINER_READY = """(n) => {
  const value = document.querySelector('.ptc-stat-participants .ptc-stat-value');
  const rows = document.querySelectorAll('.ptc-participants tbody tr').length;
  const charts = document.querySelectorAll('.ptc-distribution img, .ptc-completion img').length;
  return value && value.textContent.trim() === String(n) && rows === n && charts === 2;
}"""


def measure(browser, url: str, participants: int | None = None,
            interactions: list | None = None) -> tuple[float, float | None]:
    """Seconds from navigation start to the first usable widget and, for the trainer
    dashboard (``participants`` given), until it is fully drawn. The page is then closed
    the way a browser tab is, so Voila shuts its kernel down before the next measurement."""
    page = browser.new_page()
    try:
        page.add_init_script(WATCH_INTERACTIVE)
        page.goto(url, wait_until="commit")
        page.wait_for_function("window.__firstInteractive !== null", timeout=120_000, polling=50)
        interactive = page.evaluate("window.__firstInteractive") / 1000
        drawn = None
        if participants is not None:
            page.wait_for_function(TRAINER_READY, arg=participants, timeout=180_000, polling=50)
            drawn = page.evaluate("performance.now()") / 1000
            if interactions is not None:
                interactions.append(interact(page))
        return interactive, drawn
    finally:
        page.close(run_before_unload=True)
        time.sleep(1.5)  # the kernel shuts down; nothing left running during the next load


def interact(page) -> dict[str, float]:
    """Seconds from a click to the redrawn page, on the fully drawn trainer dashboard."""
    def timed(click, done: str) -> float:
        started = page.evaluate("performance.now()")
        click()
        page.wait_for_function(done, timeout=120_000, polling=20)
        return (page.evaluate("performance.now()") - started) / 1000

    marker = "document.querySelector(\".ptc-failing [data-lang='{}'][data-reading='{}']\") !== null"
    return {
        "switch to Chinese": timed(lambda: page.locator(".ptc-language button", has_text="中文").click(),
                                   marker.format("zh_Hans", 1)),
        "switch to English": timed(lambda: page.locator(".ptc-language button", has_text="English").click(),
                                   marker.format("en", 1)),
        "first Refresh (imports nbgrader)": timed(lambda: page.locator("button.ptc-refresh").click(),
                                                  marker.format("en", 2)),
        "Refresh": timed(lambda: page.locator("button.ptc-refresh").click(), marker.format("en", 3)),
    }


def versions() -> dict:
    found = {"python": platform.python_version(), "cpus": os.cpu_count()}
    for name in ("voila", "ipywidgets", "nbgrader", "playwright", "pandas", "matplotlib"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--only", nargs="*", choices=DASHBOARDS,
                        help="measure these dashboards only (and the baseline)")
    args = parser.parse_args(argv)
    if support.chromium() is None:
        print(support.INSTALL_HINT)
        return 0
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as tmp:
        tmp = Path(tmp)
        baseline = tmp / "baseline_button.ipynb"
        baseline.write_text(json.dumps(BASELINE, indent=1), encoding="utf-8")
        started = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbgrader's SQLAlchemy session warnings
            gradebook = support.build_gradebook(tmp / "gradebook.db", participants=args.participants)
        built = time.perf_counter() - started
        print(f"gradebook of {args.participants} participants written in {built:.1f} s")
        env = {"COURSE_LANG": "en", "COURSE_GRADEBOOK": str(gradebook.path), "COURSE_ANSWERS_DIR": str(tmp / "answers"),
               "COURSE_SUMMARY": str(tmp / "no-summary.json")}
        chosen = [name for name in DASHBOARDS if not args.only or name in args.only]
        pages = {"baseline": baseline, **{name: ROOT / "dashboards" / f"{name}.ipynb" for name in chosen}}
        servers = {name: support.voila(path, env=env, log=tmp / f"{name}.log") for name, path in pages.items()}
        timings: dict[str, list[float]] = {name: [] for name in pages}
        renders: list[float] = []
        interactions: list[dict[str, float]] = []
        try:
            for server in servers.values():
                server.start()
            with sync_playwright() as playwright:
                browser = support.launch(playwright)
                for name, server in servers.items():  # warm-up: first kernel, disk caches
                    measure(browser, server.url + "/", args.participants if name == "trainer_cohort" else None)
                for _round in range(args.repeats):
                    for name, server in servers.items():
                        trainer = name == "trainer_cohort"
                        interactive, drawn = measure(browser, server.url + "/", args.participants if trainer else None,
                                                     interactions if trainer else None)
                        timings[name].append(interactive)
                        if trainer:
                            renders.append(drawn)
                browser.close()
        finally:
            for server in servers.values():
                server.stop()

    medians = {name: statistics.median(values) for name, values in timings.items()}
    ratios = {name: medians[name] / medians["baseline"] for name in chosen}
    render = statistics.median(renders) if renders else None
    print(f"\ntime to first usable widget (median of {args.repeats}, seconds)")
    print(f"  {'baseline (one button)':28s} {medians['baseline']:6.2f}")
    for name in chosen:
        verdict = "ok" if ratios[name] <= TARGET else f"above the target of {TARGET}"
        print(f"  {name:28s} {medians[name]:6.2f}   ratio {ratios[name]:.2f}  {verdict}")
    if renders:
        print(f"\ntrainer dashboard, {args.participants} participants: fully drawn after {render:.2f} s "
              f"(median of {args.repeats}; runs {', '.join(f'{r:.2f}' for r in renders)})")
    responsiveness = {}
    if interactions:
        print(f"\ntrainer dashboard, {args.participants} participants: from a click to the redrawn page (median, s)")
        for action in interactions[0]:
            responsiveness[action] = statistics.median(run[action] for run in interactions)
            print(f"  {action:34s} {responsiveness[action]:6.2f}")
    met = all(r <= TARGET for r in ratios.values())
    print("target met: every ratio <= 1.5" if met else "target missed for: "
          + ", ".join(n for n, r in ratios.items() if r > TARGET))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "what": "seconds from navigation start to the first usable widget, Voila, headless Chromium",
        "repeats": args.repeats, "target_ratio": TARGET, "target_met": met,
        "runs": timings, "median": medians, "ratio_to_baseline": ratios,
        "trainer_render": {"participants": args.participants, "runs": renders, "median": render,
                           "gradebook_written_in": built, "interactions": interactions,
                           "interaction_medians": responsiveness},
        "versions": versions(),
    }, indent=2), encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
