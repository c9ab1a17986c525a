"""The Time Release Study computation: from a raw milestone log to intervals and statistics.

One engine serves the lessons, the graded checks' keys and the dashboard: the log goes into
DuckDB (in memory), which parses the timestamps, cleans the declarations and computes the
intervals in a few seconds even for millions of rows (``benchmarks/trs_engine.py`` compares
it with pandas on the same data). Results come back as small pandas tables.

A log has one row per milestone of a declaration (the long format most systems export):
the declaration's id, the milestone's name, its timestamp and, optionally, the period (before
or after a reform) and the risk channel. Timestamps are ISO 8601; those without an offset are
in the border post's local time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

MILESTONES = ("arrival", "lodgement", "acceptance", "risk", "inspection", "payment", "release", "exit")
CHANNELS = ("green", "yellow", "red")
PERIODS = ("before", "after")
# The release time and its three parts, in order: they add up to arrival_to_release.
COMPONENTS = ("arrival_to_acceptance", "acceptance_to_inspection", "inspection_to_release")
INTERVALS = (*COMPONENTS, "arrival_to_release", "release_to_exit")
# What cleaning does with a declaration, most serious first (a declaration gets the first that applies).
ACTIONS = ("drop incomplete", "drop out of order", "convert time zone", "deduplicate")
REQUIRED = ("arrival", "lodgement", "acceptance", "release")
# Pairs (earlier, later) that every declaration must respect; lodgement may precede arrival
# (pre-arrival processing), so arrival is compared with release and exit only.
ORDER = (("lodgement", "acceptance"), ("acceptance", "release"), ("arrival", "release"), ("release", "exit"),
         ("acceptance", "inspection"), ("inspection", "release"), ("lodgement", "payment"), ("payment", "release"))
LOCAL_OFFSET_HOURS = 6.0  # the scenario's border post keeps its clocks at UTC+06:00

TIMESTAMP = r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$"


@dataclass(frozen=True)
class Columns:
    """Which column of a log holds what; ``period`` and ``channel`` may be absent (None)."""

    declaration: str = "declaration"
    milestone: str = "milestone"
    timestamp: str = "timestamp"
    period: str | None = "period"
    channel: str | None = "channel"

    def used(self) -> dict[str, str]:
        return {role: name for role, name in vars(self).items() if name}


@dataclass
class Issue:
    """Something wrong with the input: ``kind``, the column, the first rows (1 = first data row), how many."""

    kind: str
    column: str = ""
    rows: list[int] = field(default_factory=list)
    count: int = 0
    values: list[str] = field(default_factory=list)
    fatal: bool = False


class LogError(ValueError):
    """A log that cannot be studied at all; ``issues`` says why."""

    def __init__(self, issues: list[Issue]):
        super().__init__("; ".join(f"{i.kind} ({i.column})" for i in issues))
        self.issues = issues


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Study:
    """A milestone log loaded for study. Build it with :meth:`from_frame` or :meth:`from_csv`."""

    SHOWN_ROWS = 5

    def __init__(self, connection: duckdb.DuckDBPyConnection, columns: Columns, local_offset: float):
        self.db = connection
        self.columns = columns
        self.local_offset = local_offset
        self.issues: list[Issue] = []
        self._prepare()

    # --- loading ---------------------------------------------------------------------------

    @classmethod
    def from_frame(cls, log: pd.DataFrame, columns: Columns = Columns(),
                   local_offset: float = LOCAL_OFFSET_HOURS) -> "Study":
        _require(list(log.columns), columns)
        db = _connect()
        frame = log[list(dict.fromkeys(columns.used().values()))].astype("string")
        db.register("source", frame)
        db.execute("CREATE TABLE raw AS SELECT row_number() OVER () AS row, * FROM source")
        db.unregister("source")
        return cls(db, columns, local_offset)

    @classmethod
    def from_csv(cls, path: str | Path, columns: Columns = Columns(),
                 local_offset: float = LOCAL_OFFSET_HOURS, memory_limit: str = "1GB") -> "Study":
        """Read a CSV file without holding it in Python: DuckDB streams it within ``memory_limit``."""
        db = _connect(memory_limit)
        try:
            header = db.execute("SELECT * FROM read_csv(?, all_varchar=true, header=true) LIMIT 0",
                                [str(path)]).df().columns
        except duckdb.Error as exc:
            raise LogError([Issue("unreadable", values=[str(exc).splitlines()[0][:200]], fatal=True)]) from None
        _require(list(header), columns)
        picked = ", ".join(_quote(c) for c in dict.fromkeys(columns.used().values()))
        try:
            db.execute(f"CREATE TABLE raw AS SELECT row_number() OVER () AS row, {picked} "
                       "FROM read_csv(?, all_varchar=true, header=true)", [str(path)])
        except duckdb.Error as exc:
            raise LogError([Issue("unreadable", values=[str(exc).splitlines()[0][:200]], fatal=True)]) from None
        return cls(db, columns, local_offset)

    # --- parsing and cleaning --------------------------------------------------------------

    def _prepare(self) -> None:
        c = self.columns
        period = f"lower(trim({_quote(c.period)}))" if c.period else "'all'"
        channel = f"lower(trim({_quote(c.channel)}))" if c.channel else "'all'"
        local_minutes = int(round(self.local_offset * 60))
        self.db.execute(f"""
            CREATE TABLE parsed AS
            SELECT row, trim({_quote(c.declaration)}) AS declaration, lower(trim({_quote(c.milestone)})) AS milestone,
                   {_quote(c.timestamp)} AS text, {period} AS period, {channel} AS channel,
                   regexp_extract(trim({_quote(c.timestamp)}), '{TIMESTAMP}', ['day', 'time', 'zone']) AS p
            FROM raw""")
        self.db.execute(f"""
            CREATE TABLE stamped AS
            SELECT row, declaration, milestone, period, channel, text, zone,
                   CASE WHEN zone = '' THEN {local_minutes} WHEN zone = 'Z' THEN 0
                        ELSE (CASE WHEN zone[1] = '-' THEN -1 ELSE 1 END)
                             * (CAST(zone[2:3] AS INTEGER) * 60 + CAST(right(zone, 2) AS INTEGER)) END AS offset_minutes,
                   epoch(local) AS local_seconds
            FROM (SELECT row, declaration, milestone, period, channel, text, p.zone AS zone,
                         try_cast(nullif(p.day, '') || ' ' || p.time AS TIMESTAMP) AS local FROM parsed)""")
        self.db.execute(f"""
            CREATE TABLE events AS
            SELECT row, declaration, milestone, period, channel,
                   local_seconds - offset_minutes * 60 AS utc, offset_minutes <> {local_minutes} AS converted,
                   zone <> '' AS explicit
            FROM stamped
            WHERE local_seconds IS NOT NULL AND declaration IS NOT NULL AND declaration <> ''
              AND milestone IN ({', '.join(f"'{m}'" for m in MILESTONES)})""")
        self._collect_issues()
        picks = ", ".join(f"min(utc) FILTER (WHERE milestone = '{m}') AS {_quote(m)}" for m in MILESTONES)
        disorder = " OR ".join(f"{a} > {b}" for a, b in ORDER)
        missing = " OR ".join(f"{m} IS NULL" for m in REQUIRED)
        self.db.execute(f"""
            CREATE TABLE declarations AS
            SELECT *, CASE
                WHEN {missing} OR (channel IN ('yellow', 'red') AND inspection IS NULL) THEN 'drop incomplete'
                WHEN coalesce({disorder}, false) THEN 'drop out of order'
                WHEN converted THEN 'convert time zone'
                WHEN repeated THEN 'deduplicate'
                ELSE 'keep' END AS action
            FROM (SELECT declaration, coalesce(max(period) FILTER (WHERE period <> ''), '') AS period,
                         coalesce(max(channel) FILTER (WHERE channel <> ''), '') AS channel,
                         bool_or(converted) AS converted, count(*) > count(DISTINCT milestone) AS repeated,
                         count(*) AS rows, {picks}
                  FROM events GROUP BY declaration)""")
        hours = "/ 3600.0"
        self.db.execute(f"""
            CREATE TABLE intervals AS
            SELECT declaration, period, channel,
                   (t1 - arrival) {hours} AS arrival_to_acceptance,
                   (t2 - t1) {hours} AS acceptance_to_inspection,
                   (release - t2) {hours} AS inspection_to_release,
                   (release - arrival) {hours} AS arrival_to_release,
                   (exit - release) {hours} AS release_to_exit,
                   lodgement < arrival AS pre_arrival
            FROM (SELECT *, greatest(arrival, acceptance) AS t1,
                         greatest(arrival, acceptance, coalesce(inspection, acceptance)) AS t2
                  FROM declarations WHERE action NOT LIKE 'drop%')""")

    def _rows(self, condition: str, table: str = "stamped") -> tuple[list[int], int]:
        found = self.db.execute(f"SELECT row FROM {table} WHERE {condition} ORDER BY row LIMIT {self.SHOWN_ROWS}").fetchall()
        count = self.db.execute(f"SELECT count(*) FROM {table} WHERE {condition}").fetchone()[0]
        return [r for (r,) in found], count

    def _collect_issues(self) -> None:
        c = self.columns
        rows, count = self._rows("local_seconds IS NULL AND text IS NOT NULL AND trim(text) <> ''")
        if count:
            samples = self.db.execute("SELECT DISTINCT text FROM stamped WHERE local_seconds IS NULL AND text IS NOT NULL "
                                      "AND trim(text) <> '' LIMIT 3").fetchall()
            self.issues.append(Issue("unparseable timestamps", c.timestamp, rows, count, [s for (s,) in samples]))
        rows, count = self._rows("text IS NULL OR trim(text) = ''")
        if count:
            self.issues.append(Issue("empty timestamps", c.timestamp, rows, count))
        known = ", ".join(f"'{m}'" for m in MILESTONES)
        rows, count = self._rows(f"milestone NOT IN ({known}) OR milestone IS NULL")
        if count:
            values = self.db.execute(f"SELECT DISTINCT coalesce(milestone, '') FROM stamped WHERE milestone NOT IN ({known}) "
                                     "OR milestone IS NULL LIMIT 5").fetchall()
            self.issues.append(Issue("unknown milestones", c.milestone, rows, count, [v for (v,) in values]))
        rows, count = self._rows("declaration IS NULL OR declaration = ''")
        if count:
            self.issues.append(Issue("empty declaration ids", c.declaration, rows, count))
        has_zone = self.db.execute("SELECT count(*) FILTER (WHERE zone <> ''), count(*) FILTER (WHERE zone = '') "
                                   "FROM stamped WHERE local_seconds IS NOT NULL").fetchone()
        if has_zone[0] and has_zone[1]:
            rows, count = self._rows("zone <> '' AND local_seconds IS NOT NULL")
            self.issues.append(Issue("mixed time zones", c.timestamp, rows, count,
                                     [f"UTC{self.local_offset:+g}"]))
        if not self.db.execute("SELECT count(*) FROM events").fetchone()[0]:
            self.issues.append(Issue("nothing to study", c.timestamp, fatal=True))

    # --- results ---------------------------------------------------------------------------

    def size(self) -> int:
        return self.db.execute("SELECT count(*) FROM raw").fetchone()[0]

    def decisions(self) -> dict[str, str]:
        """``{declaration: action}`` for every declaration cleaning changes or drops."""
        return dict(self.db.execute("SELECT declaration, action FROM declarations WHERE action <> 'keep' "
                                    "ORDER BY declaration").fetchall())

    def cleaning_report(self) -> pd.DataFrame:
        """Declarations and log rows per action, in the order of :data:`ACTIONS` (then ``keep``)."""
        table = self.db.execute("SELECT action, count(*) AS declarations, sum(rows)::BIGINT AS rows "
                                "FROM declarations GROUP BY action").df().set_index("action")
        return table.reindex([*ACTIONS, "keep"], fill_value=0).reset_index()

    def intervals(self) -> pd.DataFrame:
        """One row per declaration kept: period, channel and every interval in hours."""
        return self.db.execute("SELECT * FROM intervals ORDER BY declaration").df()

    def statistics(self, interval: str = "arrival_to_release", by: tuple[str, ...] = ("period", "channel")) -> pd.DataFrame:
        """Count, median, 90th percentile and mean of ``interval`` (hours) per group."""
        if interval not in INTERVALS:
            raise KeyError(f"no interval {interval!r}; the intervals are: {', '.join(INTERVALS)}")
        groups = ", ".join(by)
        table = self.db.execute(f"""
            SELECT {groups}, count({interval}) AS n, quantile_cont({interval}, 0.5) AS median,
                   quantile_cont({interval}, 0.9) AS p90, avg({interval}) AS mean
            FROM intervals WHERE {interval} IS NOT NULL GROUP BY {groups}""").df()
        return _ordered(table, by)

    def components(self, by: tuple[str, ...] = ("period",)) -> pd.DataFrame:
        """Mean hours of each part of the release time per group (means add up; medians do not)."""
        groups = ", ".join(by)
        means = ", ".join(f"avg({c}) AS {c}" for c in COMPONENTS)
        table = self.db.execute(f"SELECT {groups}, count(*) AS n, {means}, avg(arrival_to_release) AS arrival_to_release "
                                f"FROM intervals GROUP BY {groups}").df()
        return _ordered(table, by)

    def values(self, interval: str = "arrival_to_release", period: str | None = None,
               channel: str | None = None):
        """The interval's values (hours) as a numpy array, for one period and/or channel."""
        if interval not in INTERVALS:
            raise KeyError(f"no interval {interval!r}; the intervals are: {', '.join(INTERVALS)}")
        where, params = [f"{interval} IS NOT NULL"], []
        for column, value in (("period", period), ("channel", channel)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        return self.db.execute(f"SELECT {interval} FROM intervals WHERE {' AND '.join(where)}", params).fetchnumpy()[interval]

    def groups(self, column: str) -> list[str]:
        found = [v for (v,) in self.db.execute(f"SELECT DISTINCT {column} FROM intervals").fetchall()]
        order = {"period": PERIODS, "channel": CHANNELS}.get(column, ())
        return sorted(found, key=lambda v: (order.index(v) if v in order else len(order), v))


def _connect(memory_limit: str = "1GB") -> duckdb.DuckDBPyConnection:
    db = duckdb.connect(":memory:")
    db.execute(f"SET memory_limit = '{memory_limit}'")
    db.execute("SET threads = 2")
    return db


def _require(header: list[str], columns: Columns) -> None:
    absent = [name for name in columns.used().values() if name not in header]
    if absent:
        raise LogError([Issue("missing columns", ", ".join(absent), values=[str(h) for h in header[:20]], fatal=True)])


def _ordered(table: pd.DataFrame, by: tuple[str, ...]) -> pd.DataFrame:
    orders = {"period": PERIODS, "channel": CHANNELS}

    def rank(column):
        order = orders.get(column.name)
        return column.map(lambda v: order.index(v) if order and v in order else 99) if order else column

    return table.sort_values(list(by), key=rank).reset_index(drop=True)


def study(log: pd.DataFrame, columns: Columns = Columns()) -> Study:
    """The study of a log held in a DataFrame (the lessons' and the checks' entry point)."""
    return Study.from_frame(log, columns)


def is_timestamp(text: str) -> bool:
    """True when ``text`` is a timestamp the study reads (ISO 8601, with or without an offset)."""
    return re.match(TIMESTAMP, text.strip()) is not None
