"""The time release study on millions of rows: pandas against DuckDB on the same log, side by side.

A national study has millions of milestone rows. This script writes (once) a synthetic log of
N rows (default 5,000,000) from the module 05 scenario (``make_dataset.py --rows``), then runs
the same study twice, each in a fresh child process so that times and peak memory are its own:

  (a) pandas: ``read_csv``, timestamps cut to 19 characters and parsed with a fixed format
      (UTC ones moved by the offset), milestones pivoted per declaration, the four cleaning
      rules, the release time, then count, median, 90th percentile and mean per period and channel;
  (b) DuckDB: the course's engine, ``trs.Study.from_csv`` then ``statistics()``, which does the
      same in SQL within a 1 GB memory limit.

Both must agree (cleaning counts exactly, statistics to 1e-6 hours) before any time is kept.
Then (c) times the TRS explorer dashboard's whole path on the same file with the engine the
platform uses: the page's start, then the study, bootstrap interval and the four charts (when
the first results show, and when the last chart does); and
(d) the before/after bootstrap two ways, side by side: 20,000-value subsamples of each period
resampled one value at a time (the former method) against medians drawn by their ranks from
every value (the platform's method for large periods).

    .venv/bin/python benchmarks/trs_engine.py [--rows N] [--log PATH] [--repeats R]

Prints the figures and the ratio pandas/DuckDB, and writes them to
benchmarks/results/trs_engine.json. Always exits 0: this is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "trs_engine.json"
LOCAL_OFFSET_HOURS = 6


def run_pandas(path: str) -> dict:
    import pandas as pd

    from course.module05_facilitation_monitoring import trs

    log = pd.read_csv(path, dtype=str, keep_default_na=False,
                      usecols=["declaration", "milestone", "timestamp", "period", "channel"])
    text = log["timestamp"]
    local = pd.to_datetime(text.str.slice(0, 19).str.replace("T", " ", regex=False), format="%Y-%m-%d %H:%M:%S",
                           errors="coerce")
    in_utc = text.str.endswith("Z")
    log["utc"] = local - pd.to_timedelta((~in_utc) * LOCAL_OFFSET_HOURS, unit="h")
    log = log[log["utc"].notna()]
    grouped = log.groupby("declaration", sort=False)
    times = log.pivot_table(index="declaration", columns="milestone", values="utc", aggfunc="min")
    facts = pd.DataFrame({"period": grouped["period"].max(), "channel": grouped["channel"].max(),
                          "converted": in_utc.loc[log.index].groupby(log["declaration"], sort=False).any(),
                          "rows": grouped.size()})
    facts = facts.join(times)
    present = facts[list(trs.MILESTONES)].notna().sum(axis=1)
    incomplete = facts[list(trs.REQUIRED)].isna().any(axis=1) | (
        facts["channel"].isin(["yellow", "red"]) & facts["inspection"].isna())
    disorder = pd.concat([facts[a] > facts[b] for a, b in trs.ORDER], axis=1).any(axis=1)
    action = pd.Series("keep", index=facts.index)
    for name, flag in reversed(list(zip(trs.ACTIONS, (incomplete, disorder, facts["converted"], facts["rows"] > present)))):
        action[flag] = name
    kept = facts[~action.str.startswith("drop")]
    release = (kept["release"] - kept["arrival"]).dt.total_seconds() / 3600
    stats = release.groupby([kept["period"], kept["channel"]]).agg(
        n="count", median="median", p90=lambda s: s.quantile(0.9), mean="mean").reset_index()
    return {"cleaning": action.value_counts().to_dict(), "statistics": stats.to_dict("records")}


def run_duckdb(path: str) -> dict:
    from course.module05_facilitation_monitoring import trs

    study = trs.Study.from_csv(path)
    report = study.cleaning_report()
    stats = study.statistics()
    return {"cleaning": {a: int(d) for a, d in zip(report["action"], report["declarations"]) if d},
            "statistics": stats.to_dict("records")}


def run_dashboard(path: str) -> dict:
    started = time.perf_counter()
    from course.module05_facilitation_monitoring.explorer import TrsExplorer

    explorer = TrsExplorer(lang="en")
    opened = time.perf_counter()   # the page is up: what a participant waits for after choosing the log
    first = []                     # when the first results (the cleaning report) show
    explorer.results.observe(lambda change: change["new"] and not first and first.append(time.perf_counter()),
                             "children")
    explorer.use_file(Path(path), Path(path).name)
    first.clear()
    explorer.run()
    return {"rows": explorer.study.size(), "charts": sum(type(c).__name__ == "Image" for c in explorer.results.children),
            "difference": explorer.difference.difference, "page_start_seconds": opened - started,
            "first_results_seconds": first[-1] - opened if first else None,
            "study_seconds": time.perf_counter() - opened}


def run_bootstrap(path: str) -> dict:
    """The before/after interval on the log's two periods: resampling a 20,000-value subsample of
    each period one value at a time (the method before ranks), against medians drawn by ranks from
    every value (the platform's method above ``uncertainty.LARGE`` values)."""
    import numpy as np

    from course.module05_facilitation_monitoring import trs, uncertainty

    study = trs.Study.from_csv(path)
    before, after = (np.asarray(study.values(period=p), dtype=float) for p in ("before", "after"))
    started = time.perf_counter()
    rng = np.random.default_rng(uncertainty.SEED)
    b, a = (rng.choice(v, 20_000, replace=False) for v in (before, after))
    diffs = [np.median(rng.choice(a, len(a))) - np.median(rng.choice(b, len(b))) for _ in range(uncertainty.RESAMPLES)]
    subsampled = time.perf_counter() - started
    started = time.perf_counter()
    ranked = uncertainty.median_difference(before, after)
    by_ranks = time.perf_counter() - started
    low, high = np.percentile(diffs, [2.5, 97.5])
    return {"values": [len(before), len(after)], "subsample_seconds": subsampled, "ranks_seconds": by_ranks,
            "subsample_interval": [float(low), float(high)], "ranks_interval": [ranked.ci_low, ranked.ci_high]}


ENGINES = {"pandas": run_pandas, "duckdb": run_duckdb, "dashboard": run_dashboard, "bootstrap": run_bootstrap}


def child(engine: str, path: str) -> None:
    """Runs in a fresh process: one engine, its time and its peak memory, as one JSON line."""
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    result = ENGINES[engine](path)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "result": result}, default=str))


def measure(engine: str, path: Path, repeats: int) -> dict:
    runs = []
    for _ in range(repeats):
        done = subprocess.run([sys.executable, __file__, "--child", engine, "--log", str(path)],
                              capture_output=True, text=True, cwd=ROOT, check=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["seconds"])
    return dict(best, runs=[round(r["seconds"], 2) for r in runs])


def agree(a: dict, b: dict) -> list[str]:
    problems = []
    if a["cleaning"] != b["cleaning"]:
        problems.append(f"cleaning differs: {a['cleaning']} vs {b['cleaning']}")
    key = lambda r: (r["period"], r["channel"])  # noqa: E731
    rows_a, rows_b = {key(r): r for r in a["statistics"]}, {key(r): r for r in b["statistics"]}
    if rows_a.keys() != rows_b.keys():
        return problems + ["different groups"]
    for group, row in rows_a.items():
        for column in ("n", "median", "p90", "mean"):
            if abs(float(row[column]) - float(rows_b[group][column])) > 1e-6:
                problems.append(f"{group} {column}: {row[column]} vs {rows_b[group][column]}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--log", type=Path, help="the synthetic log (written if missing)")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--child", choices=sorted(ENGINES), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    path = args.log or Path("/tmp") / f"trs_log_{args.rows}.csv"
    if args.child:
        child(args.child, str(path))
        return 0
    if not path.exists():
        print(f"writing a log of about {args.rows:,} rows to {path} ...", flush=True)
        subprocess.run([sys.executable, str(ROOT / "solutions" / "05-facilitation-monitoring" / "keys" / "scenario" / "make_dataset.py"),
                        "--rows", str(args.rows), "--out", str(path)], check=True)
    rows = sum(1 for _ in path.open(encoding="utf-8")) - 1
    print(f"log: {path} ({rows:,} rows, {path.stat().st_size / 1e6:.0f} MB); {args.repeats} run(s) each, best kept")
    results = {name: measure(name, path, args.repeats) for name in ("pandas", "duckdb")}
    problems = agree(results["pandas"]["result"], results["duckdb"]["result"])
    dashboard = measure("dashboard", path, 1)
    bootstrap = measure("bootstrap", path, 1)["result"]
    ratio = results["pandas"]["seconds"] / results["duckdb"]["seconds"]
    faster = "duckdb" if ratio > 1 else "pandas"
    for name, r in results.items():
        print(f"  {name:8} {r['seconds']:6.1f} s   peak {r['peak_mb']:6.0f} MB   runs {r['runs']}")
    print(f"  pandas/DuckDB time ratio: {ratio:.2f} (the faster, {faster}, is the platform's engine)")
    print(f"  results agree: {'yes' if not problems else 'NO: ' + '; '.join(problems[:3])}")
    shown = dashboard["result"]
    print(f"  dashboard: the page starts in {shown['page_start_seconds']:.1f} s; then the cleaning report shows after "
          f"{shown['first_results_seconds']:.1f} s, and the study of the log, the bootstrap and 4 charts are all shown "
          f"after {shown['study_seconds']:.1f} s; peak {dashboard['peak_mb']:.0f} MB")
    speedup = bootstrap["subsample_seconds"] / bootstrap["ranks_seconds"]
    print(f"  bootstrap of {bootstrap['values']} values: 20,000-value subsamples resampled {bootstrap['subsample_seconds']:.2f} s, "
          f"every value by ranks {bootstrap['ranks_seconds']:.3f} s (ratio {speedup:.0f}); intervals "
          f"{[round(x, 3) for x in bootstrap['subsample_interval']]} and {[round(x, 3) for x in bootstrap['ranks_interval']]}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({
        "rows": rows, "file_mb": round(path.stat().st_size / 1e6, 1),
        "pandas": {k: v for k, v in results["pandas"].items() if k != "result"},
        "duckdb": {k: v for k, v in results["duckdb"].items() if k != "result"},
        "dashboard": {k: v for k, v in dashboard.items() if k != "result"} | {
            "page_start_seconds": round(dashboard["result"]["page_start_seconds"], 2),
            "first_results_seconds": round(dashboard["result"]["first_results_seconds"], 2),
            "study_seconds": round(dashboard["result"]["study_seconds"], 2)},
        "bootstrap": bootstrap | {"ratio_subsample_over_ranks": round(speedup, 1)},
        "ratio_pandas_over_duckdb": round(ratio, 2), "agree": not problems, "problems": problems[:10],
        "versions": {"python": platform.python_version(), "pandas": metadata.version("pandas"),
                     "duckdb": metadata.version("duckdb")}, "cpus": __import__("os").cpu_count(),
    }, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
