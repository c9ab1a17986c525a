"""The Time Release Study computation: from a raw milestone log to intervals and statistics.

One engine serves the lessons, the graded checks' keys and the dashboard: the log goes into
DuckDB (in memory), which parses the timestamps, cleans the declarations and computes the
intervals in a few seconds even for millions of rows (``benchmarks/trs_engine.py`` compares
it with pandas on the same data). Results come back as small pandas tables.

A log has one row per milestone of a declaration (the long format most systems export):
the declaration's id, the milestone's name, its timestamp and, optionally, the period (before
or after a reform), the risk channel and the transport mode (road, rail, courier...). Timestamps are ISO 8601; those without an offset are
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
# The usual transport modes at a land border, in the order tables show them (other values follow).
MODES = ("road", "rail", "courier", "postal", "passenger")
# The columns results can be grouped by, and the order of the values each one knows.
ORDERS = {"period": PERIODS, "channel": CHANNELS, "mode": MODES}
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
    """Which column of a log holds what; ``period``, ``channel`` and ``mode`` may be absent (None).

    A log without a mode column is studied as one mode, ``all``; name the column (``mode="mode"``
    for the course's log) to segment by transport mode.
    """

    declaration: str = "declaration"
    milestone: str = "milestone"
    timestamp: str = "timestamp"
    period: str | None = "period"
    channel: str | None = "channel"
    mode: str | None = None

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

    def __init__(self, connection: duckdb.DuckDBPyConnection, columns: Columns, local_offset: float,
                 source: str, params: list | None = None):
        """``source`` is the SQL relation the log is read from (a table, or ``read_csv`` with ``params``)."""
        self.db = connection
        self.columns = columns
        self.local_offset = local_offset
        self.issues: list[Issue] = []
        self._prepare(source, params or [])

    # --- loading ---------------------------------------------------------------------------

    @classmethod
    def from_frame(cls, log: pd.DataFrame, columns: Columns = Columns(),
                   local_offset: float = LOCAL_OFFSET_HOURS) -> "Study":
        _require(list(log.columns), columns)
        db = _connect()
        frame = log[list(dict.fromkeys(columns.used().values()))].astype("string")
        db.register("source", frame)
        try:
            return cls(db, columns, local_offset, "source")
        finally:
            db.unregister("source")

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
        # The file is parsed as it is read: no copy of the raw text is kept, which on millions of rows
        # saves a whole pass (benchmarks/trs_engine.py).
        try:
            return cls(db, columns, local_offset, "read_csv(?, all_varchar=true, header=true)", [str(path)])
        except duckdb.Error as exc:
            raise LogError([Issue("unreadable", values=[str(exc).splitlines()[0][:200]], fatal=True)]) from None

    # --- parsing and cleaning --------------------------------------------------------------

    def _prepare(self, source: str, params: list) -> None:
        c = self.columns
        period = _quote(c.period) if c.period else "'all'"
        channel = _quote(c.channel) if c.channel else "'all'"
        mode = _quote(c.mode) if c.mode else "'all'"
        local_minutes = int(round(self.local_offset * 60))
        text, names = _quote(c.timestamp), list(MILESTONES)
        # Cheap paths first, for millions of rows: a milestone written exactly as expected is looked
        # up as is; a timestamp of the usual shape (19 characters, then nothing, Z or an offset) is cut
        # and cast. Anything else goes through trimming and the full pattern, which are slower.
        # Rows keep the log's order (DuckDB preserves insertion order), so rowid + 1 is the log's row.
        self.db.execute(f"""
            CREATE TABLE stamped AS
            SELECT declaration, period, channel, mode, milestone, m, text, local IS NOT NULL AS parsed, zone <> '' AS zoned,
                   epoch(local) - (CASE WHEN zone = '' THEN {local_minutes} WHEN zone = 'Z' THEN 0
                        ELSE (CASE WHEN zone[1] = '-' THEN -1 ELSE 1 END)
                             * (try_cast(zone[2:3] AS INTEGER) * 60 + try_cast(right(zone, 2) AS INTEGER)) END) * 60 AS utc,
                   zone <> '' AND zone NOT IN ({self._local_zones()}) AS converted,
                   local IS NOT NULL AND m IS NOT NULL AND declaration IS NOT NULL AND declaration <> '' AS usable
            FROM (SELECT declaration, period, channel, mode,
                   -- what was written is kept only where it could not be read, for the issues' examples
                   CASE WHEN m IS NULL THEN milestone END AS milestone, m,
                   CASE WHEN fast IS NULL THEN text END AS text,
                   CASE WHEN fast IS NOT NULL THEN fast
                        ELSE try_cast(nullif(parts.day, '') || ' ' || parts.time AS TIMESTAMP) END AS local,
                   CASE WHEN fast IS NOT NULL THEN tail ELSE parts.zone END AS zone
            FROM (SELECT *, CASE WHEN fast IS NULL AND text IS NOT NULL
                                 THEN regexp_extract(trim(text), '{TIMESTAMP}', ['day', 'time', 'zone']) END AS parts
                  FROM (SELECT {_quote(c.declaration)} AS declaration,
                               {_quote(c.milestone)} AS milestone,
                               CASE WHEN list_position({names}, milestone) IS NOT NULL THEN list_position({names}, milestone)
                                    ELSE list_position({names}, lower(trim(milestone))) END::TINYINT AS m,
                               {period} AS period, {channel} AS channel, {mode} AS mode, {text} AS text, substr({text}, 20) AS tail,
                               CASE WHEN substr({text}, 17, 1) <> ':' THEN NULL  -- no seconds: the full pattern
                                    WHEN length({text}) = 19 OR (length({text}) = 20 AND tail = 'Z')  -- by length: quickest
                                         OR (tail[1] IN ('+', '-') AND length(tail) IN (5, 6)
                                             AND try_cast(tail[2:3] AS INTEGER) IS NOT NULL
                                             AND try_cast(right(tail, 2) AS INTEGER) IS NOT NULL)
                                    THEN try_cast(left({text}, 19) AS TIMESTAMP) END AS fast
                        FROM {source})))""", params)
        self.rows = self.db.execute("SELECT count(*) FROM stamped").fetchone()[0]
        self._collect_issues()
        picks = ", ".join(f"min(utc) FILTER (WHERE m = {i}) AS {_quote(m)}" for i, m in enumerate(MILESTONES, start=1))
        present = " + ".join(f"({_quote(m)} IS NOT NULL)::INTEGER" for m in MILESTONES)
        disorder = " OR ".join(f"{a} > {b}" for a, b in ORDER)
        missing = " OR ".join(f"{m} IS NULL" for m in REQUIRED)
        self.db.execute(f"""
            CREATE TABLE declarations AS
            SELECT *, CASE
                WHEN {missing} OR (channel IN ('yellow', 'red') AND inspection IS NULL) THEN 'drop incomplete'
                WHEN coalesce({disorder}, false) THEN 'drop out of order'
                WHEN converted THEN 'convert time zone'
                WHEN rows > {present} THEN 'deduplicate'
                ELSE 'keep' END AS action
            FROM (SELECT declaration, lower(trim(coalesce(max(period), ''))) AS period,
                         lower(trim(coalesce(max(channel), ''))) AS channel,
                         lower(trim(coalesce(max(mode), ''))) AS mode,
                         bool_or(converted) AS converted, count(*) AS rows, {picks}
                  FROM stamped WHERE usable GROUP BY declaration)""")
        self.db.execute("DROP TABLE stamped")
        hours = "/ 3600.0"
        self.db.execute(f"""
            CREATE TABLE intervals AS
            SELECT declaration, period, channel, mode,
                   make_timestamp(CAST((arrival + {local_minutes} * 60) * 1000000 AS BIGINT)) AS arrival_local,
                   (t1 - arrival) {hours} AS arrival_to_acceptance,
                   (t2 - t1) {hours} AS acceptance_to_inspection,
                   (release - t2) {hours} AS inspection_to_release,
                   (release - arrival) {hours} AS arrival_to_release,
                   (exit - release) {hours} AS release_to_exit,
                   lodgement < arrival AS pre_arrival
            FROM (SELECT *, greatest(arrival, acceptance) AS t1,
                         greatest(arrival, acceptance, coalesce(inspection, acceptance)) AS t2
                  FROM declarations WHERE action NOT LIKE 'drop%')""")

    def _local_zones(self) -> str:
        """The ways of writing the post's own offset (+06:00, +0600), which need no conversion."""
        minutes = int(round(self.local_offset * 60))
        sign = "-" if minutes < 0 else "+"
        hh, mm = divmod(abs(minutes), 60)
        return f"'{sign}{hh:02d}:{mm:02d}', '{sign}{hh:02d}{mm:02d}'"

    def _rows(self, condition: str) -> list[int]:
        """The first rows (1 = first data row) of the log that meet ``condition``."""
        found = self.db.execute(f"SELECT rowid + 1 AS row FROM stamped WHERE {condition} ORDER BY row "
                                f"LIMIT {self.SHOWN_ROWS}").fetchall()
        return [r for (r,) in found]

    def _collect_issues(self) -> None:
        c = self.columns
        checks = {  # kind: (column, condition)
            "unparseable timestamps": (c.timestamp, "NOT parsed AND text IS NOT NULL AND text <> ''"),
            "empty timestamps": (c.timestamp, "NOT parsed AND (text IS NULL OR text = '')"),
            "unknown milestones": (c.milestone, "m IS NULL"),
            "empty declaration ids": (c.declaration, "declaration IS NULL OR declaration = ''"),
            "with zone": (c.timestamp, "parsed AND zoned"),
            "without zone": (c.timestamp, "parsed AND NOT zoned"),
            "usable": ("", "usable"),
        }
        counts = dict(zip(checks, self.db.execute("SELECT " + ", ".join(
            f"count(*) FILTER (WHERE {condition})" for _column, condition in checks.values()) + " FROM stamped").fetchone()))
        for kind, (column, condition) in checks.items():
            if kind in ("with zone", "without zone", "usable") or not counts[kind]:
                continue
            values = []
            if kind in ("unparseable timestamps", "unknown milestones"):
                field = "text" if kind == "unparseable timestamps" else "coalesce(milestone, '')"  # as written
                values = [v for (v,) in self.db.execute(f"SELECT DISTINCT {field} FROM stamped WHERE {condition} "
                                                        "LIMIT 3").fetchall()]
            self.issues.append(Issue(kind, column, self._rows(condition), counts[kind], values))
        if counts["with zone"] and counts["without zone"]:
            self.issues.append(Issue("mixed time zones", c.timestamp, self._rows(checks["with zone"][1]),
                                     counts["with zone"], [f"UTC{self.local_offset:+g}"]))
        if not counts["usable"]:
            self.issues.append(Issue("nothing to study", c.timestamp, fatal=True))

    # --- results ---------------------------------------------------------------------------

    def size(self) -> int:
        """Rows of the log as read, before cleaning."""
        return self.rows

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
        """One row per declaration kept: period, channel, mode, local arrival time and every interval in hours."""
        return self.db.execute("SELECT * FROM intervals ORDER BY declaration").df()

    def statistics(self, interval: str = "arrival_to_release", by: tuple[str, ...] = ("period", "channel")) -> pd.DataFrame:
        """Count, median, 90th percentile and mean of ``interval`` (hours) per group of ``by``
        (any of ``period``, ``channel`` and ``mode``: ``by=("period", "mode")`` segments by transport mode)."""
        _require_interval(interval)
        groups = _groups(by)
        table = self.db.execute(f"""
            SELECT {groups}, count({interval}) AS n, quantile_cont({interval}, 0.5) AS median,
                   quantile_cont({interval}, 0.9) AS p90, avg({interval}) AS mean
            FROM intervals WHERE {interval} IS NOT NULL GROUP BY {groups}""").df()
        return _ordered(table, by)

    def quantiles(self, points: tuple[float, ...], interval: str = "arrival_to_release",
                  by: tuple[str, ...] = ("period", "channel")) -> pd.DataFrame:
        """The ``points`` (fractions, 0.5 is the median) of ``interval`` per group of ``by``, one column
        per point named by its percent (``p5``, ``p50``...), interpolated as numpy's default."""
        _require_interval(interval)
        groups = _groups(by)
        found = self.db.execute(f"SELECT {groups}, quantile_cont({interval}, ?) AS q FROM intervals "
                                f"WHERE {interval} IS NOT NULL GROUP BY {groups}", [list(points)]).df()
        table = found.drop(columns="q")
        for i, point in enumerate(points):
            table[f"p{point * 100:g}"] = found["q"].map(lambda q, i=i: q[i])
        return _ordered(table, by)

    def components(self, by: tuple[str, ...] = ("period",)) -> pd.DataFrame:
        """Mean hours of each part of the release time per group (means add up; medians do not)."""
        groups = _groups(by)
        means = ", ".join(f"avg({c}) AS {c}" for c in COMPONENTS)
        table = self.db.execute(f"SELECT {groups}, count(*) AS n, {means}, avg(arrival_to_release) AS arrival_to_release "
                                f"FROM intervals GROUP BY {groups}").df()
        return _ordered(table, by)

    def values(self, interval: str = "arrival_to_release", period: str | None = None,
               channel: str | None = None, mode: str | None = None):
        """The interval's values (hours) as a numpy array, for one period, channel and/or mode."""
        _require_interval(interval)
        where, params = [f"{interval} IS NOT NULL"], []
        for column, value in (("period", period), ("channel", channel), ("mode", mode)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        # in a fixed order, so that a seeded bootstrap gives the same interval on every run
        return self.db.execute(f"SELECT {interval} FROM intervals WHERE {' AND '.join(where)} ORDER BY declaration",
                               params).fetchnumpy()[interval]

    def groups(self, column: str) -> list[str]:
        """The values of ``column`` (period, channel or mode) among the declarations kept, in the usual order."""
        found = [v for (v,) in self.db.execute(f"SELECT DISTINCT {_groups((column,))} FROM intervals").fetchall()]
        order = ORDERS[column]
        return sorted(found, key=lambda v: (order.index(v) if v in order else len(order), v))


def _connect(memory_limit: str = "1GB") -> duckdb.DuckDBPyConnection:
    db = duckdb.connect(":memory:")
    db.execute(f"SET memory_limit = '{memory_limit}'")
    db.execute("SET threads = 2")
    db.execute("SET enable_progress_bar = false")
    return db


def _require(header: list[str], columns: Columns) -> None:
    absent = [name for name in columns.used().values() if name not in header]
    if absent:
        raise LogError([Issue("missing columns", ", ".join(absent), values=[str(h) for h in header[:20]], fatal=True)])


def _require_interval(interval: str) -> None:
    if interval not in INTERVALS:
        raise KeyError(f"no interval {interval!r}; the intervals are: {', '.join(INTERVALS)}")


def _groups(by) -> str:
    """``by`` as the SQL list of grouping columns, after checking each is one a study groups by."""
    by = (by,) if isinstance(by, str) else tuple(by)
    unknown = [b for b in by if b not in ORDERS]
    if unknown or not by:
        raise KeyError(f"cannot group by {', '.join(map(repr, unknown)) or 'nothing'}; "
                       f"group by any of: {', '.join(ORDERS)}")
    return ", ".join(_quote(b) for b in by)


def _ordered(table: pd.DataFrame, by: tuple[str, ...]) -> pd.DataFrame:
    def rank(column):
        order = ORDERS.get(column.name)
        return column.map(lambda v: order.index(v) if order and v in order else 99) if order else column

    return table.sort_values([by] if isinstance(by, str) else list(by), key=rank).reset_index(drop=True)


def study(log: pd.DataFrame, columns: Columns = Columns()) -> Study:
    """The study of a log held in a DataFrame (the lessons' and the checks' entry point)."""
    return Study.from_frame(log, columns)


def is_timestamp(text: str) -> bool:
    """True when ``text`` is a timestamp the study reads (ISO 8601, with or without an offset)."""
    return re.match(TIMESTAMP, text.strip()) is not None
