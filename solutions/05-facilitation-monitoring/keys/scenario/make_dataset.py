"""Generate the border post scenario of module 05 (trade facilitation monitoring).

A land border post on the Phuentsholing road corridor keeps the milestones of every import
declaration: truck arrival at the gate, lodgement, acceptance, risk channel, inspection (yellow
and red channels), payment, release and exit. Two eight-week periods are logged: before a
reform, and after it (pre-arrival processing, electronic payment and an electronic SPS
certificate exchanged with the plant and animal health agency). This script writes:

- ``milestones.csv``: the raw log, one row per milestone, with the dirt real logs have
  (duplicated rows, a gate system that logged in UTC for two weeks, keying errors that
  put release before acceptance, declarations with missing milestones, exits never logged);
- ``forms/time_release_record.csv``: twelve declarations of the log as paper records, one per
  sheet, for the trainer's kit (a clean one of each channel and period, and one of each kind of dirt);
- ``corridor.csv``: the legs of the export corridor Thimphu - Phuentsholing - Kolkata -
  Singapore with distance, time and cost;
- the answer keys in ``solutions/05-facilitation-monitoring/keys/``, computed by the same
  study engine the lessons use (``course.module05_facilitation_monitoring``);
- with ``--rows N``: a synthetic log of about N rows for benchmarks (to the path given).

Customs clerks work office hours (Monday to Friday 09:00-17:00, Saturday 09:00-13:00), trucks
arrive around the clock, and waiting times are drawn from log-normal distributions, so the
intervals have the long tails of real studies. Everything comes from ``random.Random(2025)``,
except the transport mode of each declaration, which has a stream of its own (``MODE_SEED``) so
that adding it changed no other value: the output is the same on every run. All data is invented.

Usage (from the repository root):
    .venv/bin/python solutions/05-facilitation-monitoring/keys/scenario/make_dataset.py

It lives with the answer keys, in the trainer's copy, because it knows which records it made dirty.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

# This script lives with the answer keys, in the trainer's copy: it knows every planted record.
REPO = Path(__file__).resolve().parents[4]
HERE = REPO / "datasets" / "border_post_trs"
KEYS_DIR = REPO / "solutions" / "05-facilitation-monitoring" / "keys"
LOCAL_OFFSET = timedelta(hours=6)
PERIODS = {"before": (datetime(2025, 3, 3), 2400), "after": (datetime(2025, 10, 6), 2600)}
WEEKS = 8
GATE_UTC = (datetime(2025, 3, 31), datetime(2025, 4, 14))  # the gate system logged in UTC in these weeks
CHANNEL_SHARES = {"before": (0.55, 0.30, 0.15), "after": (0.58, 0.28, 0.14)}
SPS_SHARE = 0.35
DEFECTS = (("deduplicate", 0.03), ("drop out of order", 0.015), ("drop incomplete", 0.02), ("missing exit", 0.01))
SOURCES = {"arrival": "gate", "exit": "gate", "payment": "bank", "inspection": "inspection"}
# Transport modes: trucks carry the freight; courier vans bring small pre-manifested consignments;
# travellers carry goods in commercial quantities through the passenger hall. No railway reaches
# the post. A mode is drawn after the times, leaning on how long the declaration took (its rank ``q``
# in its period, 0 = fastest): couriers and travellers are mostly the quick ones. Each lean averages 1
# over ``q``, so the shares hold overall.
MODE_SEED = "transport mode"
MODE_SHARES = {"before": {"road": 0.88, "courier": 0.08, "passenger": 0.04},
               "after": {"road": 0.85, "courier": 0.11, "passenger": 0.04}}
MODE_LEAN = {"road": lambda q: 0.6 + 0.8 * q, "courier": lambda q: 2.5 * (1 - q) ** 1.5,
             "passenger": lambda q: 3 * (1 - q) ** 2}
LOG_COLUMNS = ["declaration", "period", "channel", "sps", "milestone", "timestamp", "source", "mode"]

CORRIDOR = [  # leg, kind, from, to, km, hours, USD (one 20-foot container of handicrafts and ferro-alloys)
    ("Thimphu - Phuentsholing", "road", "Thimphu", "Phuentsholing", 175, 7.0, 240),
    ("Phuentsholing - Jaigaon border", "border crossing", "Phuentsholing", "Jaigaon", 2, 22.0, 310),
    ("Jaigaon - Kolkata", "road", "Jaigaon", "Kolkata", 720, 38.0, 980),
    ("Port of Kolkata", "port", "Kolkata", "Kolkata", 4, 74.0, 505),
    ("Kolkata - Singapore", "sea", "Kolkata", "Singapore", 2900, 132.0, 1150),
]


def office(t: datetime) -> datetime:
    """``t`` if the customs office is open then, else its next opening (Mon-Fri 9-17, Sat 9-13)."""
    while True:
        closing = 13 if t.weekday() == 5 else 17
        if t.weekday() < 6 and 9 <= t.hour + t.minute / 60 < closing:
            return t
        if t.weekday() < 6 and t.hour < 9:
            return t.replace(hour=9, minute=0, second=0) + timedelta(seconds=t.second)
        t = (t + timedelta(days=1)).replace(hour=9, minute=0, second=0) + timedelta(seconds=t.second)
        if t.weekday() < 6:
            return t


def hours(rng: random.Random, median: float, sigma: float) -> timedelta:
    return timedelta(hours=median * rng.lognormvariate(0, sigma))


def arrival_time(rng: random.Random, start: datetime) -> datetime:
    while True:
        day = start + timedelta(days=rng.randrange(7 * WEEKS))
        if day.weekday() == 6 and rng.random() < 0.6:  # fewer trucks on Sundays
            continue
        hour = min(23.99, max(0.0, rng.gauss(12.5, 4.5)))
        return day + timedelta(hours=hour, seconds=rng.randrange(60))


def declaration_times(rng: random.Random, period: str, channel: str, sps: bool) -> dict[str, datetime]:
    after = period == "after"
    arrival = arrival_time(rng, PERIODS[period][0])
    if after and rng.random() < 0.7:  # pre-arrival processing: lodged while the truck is on its way
        lodgement = arrival - hours(rng, 14, 0.7)
    else:
        lodgement = office(arrival + hours(rng, 2.5, 0.9)) if not after else arrival + hours(rng, 1.5, 0.8)
    acceptance = lodgement + hours(rng, 0.25, 0.6) if after else office(lodgement + hours(rng, 1.0, 0.8))
    t = {"arrival": arrival, "lodgement": lodgement, "acceptance": acceptance,
         "risk": acceptance + timedelta(minutes=rng.randint(1, 5))}
    start = max(arrival, acceptance)
    if channel == "yellow":
        t["inspection"] = office(start + hours(rng, 2.0, 0.8)) + hours(rng, 0.5, 0.5)
    elif channel == "red":
        t["inspection"] = office(start + hours(rng, 4.0, 0.8)) + hours(rng, 2.5, 0.5)
    t["payment"] = acceptance + hours(rng, 0.4, 0.8) if after else office(acceptance + hours(rng, 1.5, 0.8))
    ready = max(start, t.get("inspection", start), t["payment"])
    if sps:  # the plant and animal health agency's certificate: on paper before, electronic after
        ready = max(ready, start + hours(rng, 1.5, 0.7) if after else office(start + hours(rng, 10, 0.8)))
    release = ready + hours(rng, 0.5, 0.7)
    t["release"] = release if after and channel == "green" else office(release)
    t["exit"] = t["release"] + hours(rng, 0.8, 0.6)
    return t


def stamp(when: datetime, utc: bool) -> str:
    if utc:
        return (when - LOCAL_OFFSET).strftime("%Y-%m-%dT%H:%M:%SZ")
    return when.strftime("%Y-%m-%d %H:%M:%S")


def transport_modes(declarations: list[tuple]) -> list[str]:
    """A mode per declaration, from its own random stream (the log's other values do not depend on it)."""
    rng = random.Random(MODE_SEED)
    ranks: dict[int, float] = {}
    for period in PERIODS:
        mine = sorted((d[3]["release"] - d[3]["arrival"], i) for i, d in enumerate(declarations) if d[0] == period)
        ranks.update({i: rank / max(1, len(mine) - 1) for rank, (_took, i) in enumerate(mine)})
    modes = []
    for i, (period, *_rest) in enumerate(declarations):
        shares = MODE_SHARES[period]
        modes.append(rng.choices(list(shares), [share * MODE_LEAN[m](ranks[i]) for m, share in shares.items()])[0])
    return modes


def build_log(rng: random.Random) -> tuple[list[dict], dict[str, str]]:
    """The log rows and the cleaning each dirty declaration needs (as the scenario made it)."""
    declarations = []
    for period, (_start, count) in PERIODS.items():
        for _i in range(count):
            channel = rng.choices(("green", "yellow", "red"), CHANNEL_SHARES[period])[0]
            sps = rng.random() < SPS_SHARE
            declarations.append((period, channel, sps, declaration_times(rng, period, channel, sps)))
    declarations.sort(key=lambda d: d[3]["lodgement"])
    rows, intended = [], {}
    modes = transport_modes(declarations)
    for number, (period, channel, sps, times) in enumerate(declarations, start=1):
        ident = f"PLG{times['lodgement']:%y}-{number:05d}"
        gate_utc = GATE_UTC[0] <= times["arrival"] < GATE_UTC[1]
        draw, defect = rng.random(), None
        for name, share in DEFECTS:
            if draw < share:
                defect = name
                break
            draw -= share
        events = dict(times)
        if defect == "drop out of order":  # a clerk keyed the release date days too early
            days = (times["release"] - times["lodgement"]).days + 1
            events["release"] = events["release"] - timedelta(days=days)
            events["exit"] = events["release"] + (times["exit"] - times["release"])
        if defect == "drop incomplete":
            del events[rng.choice(("acceptance", "release", "release"))]
        if defect == "missing exit":
            del events["exit"]
        out = [{"declaration": ident, "period": period, "channel": channel, "sps": "yes" if sps else "no",
                "milestone": m, "timestamp": stamp(when, gate_utc and SOURCES.get(m) == "gate"),
                "source": SOURCES.get(m, "customs"), "mode": modes[number - 1], "_at": when}
               for m, when in events.items()]
        if defect == "deduplicate":
            for row in rng.sample(out, rng.choice((1, 1, 2))):
                out.append(dict(row))
        rows += out
        action = defect if defect in ("drop out of order", "drop incomplete") else (
            "convert time zone" if gate_utc else defect if defect == "deduplicate" else None)
        if action:
            intended[ident] = action
    rows.sort(key=lambda r: (r["_at"], r["declaration"]))
    for row in rows:
        del row["_at"]
    return rows, intended


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


SHEET_COLUMNS = ["sheet", "Declaration No.", "Period", "Risk Channel", "SPS Certificate", "Milestone", "Date and Time",
                 "Recorded by"]
# (period, channel, what cleaning it needs): the declarations the printed records show, in this order
SHEETS = [("before", "green", None), ("before", "yellow", None), ("before", "red", None),
          ("after", "green", None), ("after", "yellow", None), ("after", "red", None),
          ("before", "green", "convert time zone"), ("before", "yellow", "deduplicate"),
          ("after", "green", "drop out of order"), ("after", "red", "drop incomplete"),
          ("after", "yellow", None), ("before", "red", None)]


def write_sheets(path: Path, rows: list[dict], intended: dict[str, str]) -> None:
    """The first declaration that fits each line of SHEETS, its rows in the order the log has them."""
    by_declaration: dict[str, list[dict]] = {}
    for row in rows:
        by_declaration.setdefault(row["declaration"], []).append(row)
    chosen: list[str] = []
    for period, channel, action in SHEETS:
        chosen.append(next(d for d, found in sorted(by_declaration.items())
                           if d not in chosen and found[0]["period"] == period and found[0]["channel"] == channel
                           and intended.get(d) == action and len(found) >= 6))
    records = [{"sheet": f"S{number:02d}", "Declaration No.": d, "Period": r["period"], "Risk Channel": r["channel"],
                "SPS Certificate": r["sps"], "Milestone": r["milestone"], "Date and Time": r["timestamp"],
                "Recorded by": r["source"]}
               for number, d in enumerate(chosen, start=1) for r in by_declaration[d]]
    path.parent.mkdir(exist_ok=True)
    write_csv(path, records, SHEET_COLUMNS)


def write_keys(log_path: Path, corridor_path: Path, intended: dict[str, str]) -> None:
    sys.path.insert(0, str(REPO))
    import pandas as pd

    from course.module05_facilitation_monitoring import corridor, recommendations, trs, uncertainty

    log = pd.read_csv(log_path, dtype=str, keep_default_na=False)
    study = trs.study(log)
    decisions = study.decisions()
    if decisions != intended:
        wrong = sorted(set(decisions.items()) ^ set(intended.items()))[:5]
        raise SystemExit(f"the study engine's cleaning disagrees with the scenario: {wrong}")
    KEYS_DIR.mkdir(parents=True, exist_ok=True)
    write_csv(KEYS_DIR / "decisions.csv", [{"declaration": d, "action": a} for d, a in decisions.items()],
              ["declaration", "action"])
    stats = study.statistics()[["period", "channel", "n", "median", "p90"]].round(3)
    stats.to_csv(KEYS_DIR / "channel_statistics.csv", index=False, lineterminator="\n")
    parts = study.components().set_index("period").loc["after"]
    shares = {c: parts[c] / parts["arrival_to_release"] for c in trs.COMPONENTS}
    worst = max(shares, key=shares.get)
    write_csv(KEYS_DIR / "bottleneck.csv", [{"interval": worst, "share": round(shares[worst], 4)}], ["interval", "share"])
    result = uncertainty.median_difference(study.values(period="before"), study.values(period="after"))
    (KEYS_DIR / "before_after.json").write_text(json.dumps(
        {k: (round(v, 3) if isinstance(v, float) else v) for k, v in result.as_dict().items()}, indent=1) + "\n",
        encoding="utf-8")
    legs = pd.read_csv(corridor_path)
    table = corridor.figures(legs)[["leg", "cumulative_km", "cumulative_hours", "cumulative_usd"]]
    table.to_csv(KEYS_DIR / "corridor_figures.csv", index=False, lineterminator="\n")
    (KEYS_DIR / "worst_legs.json").write_text(json.dumps(corridor.worst_legs(legs), indent=1) + "\n", encoding="utf-8")
    key = recommendations.reference(worst, result.real)
    (KEYS_DIR / "recommendation.json").write_text(json.dumps(key, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def write_large(path: Path, target_rows: int) -> None:
    """A log of about ``target_rows`` rows: the scenario's clean declarations repeated under new ids."""
    rng = random.Random(2025)
    rows, _intended = build_log(rng)
    by_declaration: dict[str, list[dict]] = {}
    for row in rows:
        by_declaration.setdefault(row["declaration"], []).append(row)
    groups = list(by_declaration.values())
    columns = LOG_COLUMNS
    written, copy = 0, 0
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        while written < target_rows:
            copy += 1
            for group in groups:
                for row in group:
                    writer.writerow(dict(row, declaration=f"{row['declaration']}-{copy}"))
                written += len(group)
                if written >= target_rows:
                    break


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, help="write a synthetic log of about this many rows instead")
    parser.add_argument("--out", type=Path, help="where the synthetic log goes (with --rows)")
    args = parser.parse_args(argv)
    if args.rows:
        if not args.out:
            parser.error("--rows needs --out PATH")
        write_large(args.out, args.rows)
        return 0
    rng = random.Random(2025)
    rows, intended = build_log(rng)
    log_path, corridor_path = HERE / "milestones.csv", HERE / "corridor.csv"
    write_csv(log_path, rows, LOG_COLUMNS)
    write_csv(corridor_path, [dict(zip(("leg", "kind", "from", "to", "distance_km", "time_hours", "cost_usd"), leg))
                              for leg in CORRIDOR],
              ["leg", "kind", "from", "to", "distance_km", "time_hours", "cost_usd"])
    write_sheets(HERE / "forms" / "time_release_record.csv", rows, intended)
    write_keys(log_path, corridor_path, intended)
    print(f"{len(rows)} log rows, {len(intended)} declarations to clean, keys in {KEYS_DIR.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
