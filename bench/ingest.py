"""Benchmark: end-to-end ingest of a generated statements CSV (CSV -> events -> projections),
the rebuild of every projection from the log, peak memory, and growth with size; against,
in the same run, a raw baseline (sqlite3 executemany of the same rows into a bare table;
PostgreSQL COPY into a bare table) and the `eventsourcing` library's application recorders
appending the same events in batches of 1,000.

    .venv/bin/python bench/ingest.py --rows 1000000 --runs 3 [--postgres URL] [--write]
    .venv/bin/python bench/ingest.py --growth 100000,1000000,5000000 [--postgres URL]
        [--postgres-growth 100000,1000000] [--write]

Each stancedb ingest and rebuild runs in a child process, so its peak RSS is its own.
Prints Markdown and, with --write, replaces the "Ingest" (or "Growth") section of
bench/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

import stancedb
from stancedb import StanceDB
from stancedb.ingest.formats.structured import BadRow, read_csv, to_event
from stancedb.model.events import canonical_json

ACTORS = [f"Actor {n}" for n in range(400)]
TARGETS = [f"Target {n}" for n in range(60)]
STANCES = ["support", "oppose", "neutral"]
HEADER = ["actor", "target", "stance", "date", "source", "evidence"]
PEER_BATCH = 1_000
SQLITE_RAW = "sqlite3 executemany (raw baseline)"
SQLITE_PEER = "eventsourcing SQLiteApplicationRecorder"
SQLITE_OURS = "stancedb ingest on SQLite"
SQLITE_REBUILD = "stancedb rebuild on SQLite (events)"
POSTGRES_RAW = "PostgreSQL COPY (raw baseline)"
POSTGRES_PEER = "eventsourcing PostgresApplicationRecorder"
POSTGRES_OURS = "stancedb ingest on PostgreSQL"
POSTGRES_REBUILD = "stancedb rebuild on PostgreSQL (events)"


def write_corpus(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = date(2015, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            writer.writerow([rng.choice(ACTORS), rng.choice(TARGETS), rng.choice(STANCES),
                             (start + timedelta(days=rng.randrange(700))).isoformat(),
                             f"Outlet {n % 25}", f"statement number {n}"])


def stancedb_ingest(url: str, corpus: Path) -> float:
    with StanceDB(url) as db:
        began = time.perf_counter()
        report = db.ingest([corpus])
        elapsed = time.perf_counter() - began
        assert report.ok, report.files[0].errors[:3]
    return elapsed


def sqlite_baseline(path: Path, corpus: Path) -> float:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE raw (actor, target, stance, date, source, evidence)")
    began = time.perf_counter()
    with corpus.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        with conn:
            conn.executemany("INSERT INTO raw VALUES (?, ?, ?, ?, ?, ?)", reader)
    elapsed = time.perf_counter() - began
    conn.close()
    return elapsed


def postgres_baseline(url: str, corpus: Path) -> float:
    import psycopg

    conninfo = sa.make_url(url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(conninfo) as conn:
        conn.execute("CREATE TABLE raw (actor text, target text, stance text, date date, "
                     "source text, evidence text)")
        began = time.perf_counter()
        with conn.cursor() as cursor, corpus.open("rb") as handle, cursor.copy(
                "COPY raw FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            while block := handle.read(1 << 20):
                copy.write(block)
        conn.commit()
        return time.perf_counter() - began


def fresh_postgres(server: str) -> tuple[str, Callable[[], None]]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = sa.make_url(server).update_query_dict(
        {"options": f"-csearch_path={schema}"}).render_as_string(False)

    def drop() -> None:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()

    return url, drop


def child(argv: list[str]) -> tuple[float, float]:
    """Run `bench/ingest.py --child ...` in a fresh process: (seconds it reports, its peak
    RSS in MiB)."""
    process = subprocess.Popen([sys.executable, __file__, "--child", *argv],
                               stdout=subprocess.PIPE)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"child {argv} failed")
    return float(output.split()[-1]), usage.ru_maxrss / 1024


def run_child(kind: str, target: str, corpus: str) -> float:
    """The body of a child process: one measured operation; returns seconds."""
    if kind == "ingest":
        return stancedb_ingest(target, Path(corpus))
    if kind == "rebuild":
        with StanceDB(target) as db:
            began = time.perf_counter()
            db.rebuild()
            return time.perf_counter() - began
    return eventsourcing_append(kind, target, Path(corpus))


def peer_events(corpus: Path) -> list[Any]:
    """The corpus as the peer library's stored events: the same payloads stancedb stores."""
    from eventsourcing.persistence import StoredEvent

    events = []
    for item in read_csv(corpus, ","):
        assert not isinstance(item, BadRow)
        data = to_event(item, str(corpus), "import.csv").data
        events.append(StoredEvent(uuid.UUID(data.subject), 1, "stancedb:" + data.TYPE,
                                  canonical_json(data.to_payload()).encode()))
    return events


def eventsourcing_append(kind: str, target: str, corpus: Path) -> float:
    """Seconds for the peer's application recorder to append the corpus's events in
    batches of 1,000 (the events are made before the clock starts)."""
    if kind == "eventsourcing-sqlite":
        from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

        datastore: Any = SQLiteDatastore(target)
        recorder: Any = SQLiteApplicationRecorder(datastore)
    else:
        from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore

        url = sa.make_url(target)
        schema = url.query["options"].split("=", 1)[1]  # type: ignore[union-attr]
        datastore = PostgresDatastore(url.database or "", url.host or "127.0.0.1",
                                      url.port or 5432, url.username or "",
                                      url.password or "", schema=schema)
        recorder = PostgresApplicationRecorder(datastore)
    recorder.create_table()
    events = peer_events(corpus)
    began = time.perf_counter()
    for start in range(0, len(events), PEER_BATCH):
        recorder.insert_events(events[start:start + PEER_BATCH])
    elapsed = time.perf_counter() - began
    datastore.close()
    return elapsed


@dataclass
class Timings:
    seconds: dict[str, list[float]] = field(default_factory=dict)
    memory: dict[str, list[float]] = field(default_factory=dict)

    def add(self, label: str, seconds: float, memory: float | None = None) -> None:
        self.seconds.setdefault(label, []).append(seconds)
        if memory is not None:
            self.memory.setdefault(label, []).append(memory)

    def median(self, label: str) -> float:
        return statistics.median(self.seconds[label])


def measure(rows: int, runs: int, postgres: str | None, sqlite: bool = True) -> Timings:
    timings = Timings()
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.csv"
        write_corpus(corpus, rows)
        for run in range(runs):
            base = Path(folder) / f"run{run}"
            base.mkdir()
            if sqlite:
                measure_sqlite(timings, base, corpus)
            if postgres:
                measure_postgres(timings, postgres, corpus)
    return timings


def measure_sqlite(timings: Timings, base: Path, corpus: Path) -> None:
    timings.add(SQLITE_RAW, sqlite_baseline(base / "raw.sqlite", corpus))
    timings.add(SQLITE_PEER, *child(["eventsourcing-sqlite", str(base / "peer.sqlite"),
                                     str(corpus)]))
    url = f"sqlite:///{base / 'stancedb.sqlite'}"
    timings.add(SQLITE_OURS, *child(["ingest", url, str(corpus)]))
    timings.add(SQLITE_REBUILD, *child(["rebuild", url, ""]))
    for leftover in base.iterdir():  # a million statements take a few GB: free them
        leftover.unlink()


def measure_postgres(timings: Timings, server: str, corpus: Path) -> None:
    for label in (POSTGRES_RAW, POSTGRES_PEER, POSTGRES_OURS):
        url, drop = fresh_postgres(server)
        try:
            if label == POSTGRES_RAW:
                timings.add(label, postgres_baseline(url, corpus))
            elif label == POSTGRES_PEER:
                timings.add(label, *child(["eventsourcing-postgres", url, str(corpus)]))
            else:
                timings.add(label, *child(["ingest", url, str(corpus)]))
                timings.add(POSTGRES_REBUILD, *child(["rebuild", url, ""]))
        finally:
            drop()


def machine() -> str:
    from importlib.metadata import version

    import eventsourcing  # noqa: F401  (its version, below)

    return (f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, stancedb {stancedb.__version__}, SQLAlchemy "
            f"{sa.__version__}, SQLite {sqlite3.sqlite_version}, eventsourcing "
            f"{version('eventsourcing')}.")


def table(rows: int, runs: int, timings: Timings) -> str:
    lines = [
        machine(),
        f"{rows:,} statements, median of {runs} runs; peak RSS of the process doing the work.",
        "",
        "| system | median s | per second | vs raw baseline (time) | vs eventsourcing "
        "(throughput) | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label in timings.seconds:
        seconds = timings.median(label)
        on_postgres = label in (POSTGRES_RAW, POSTGRES_PEER, POSTGRES_OURS, POSTGRES_REBUILD)
        raw = timings.seconds.get(POSTGRES_RAW if on_postgres else SQLITE_RAW)
        peer = timings.seconds.get(POSTGRES_PEER if on_postgres else SQLITE_PEER)
        versus_raw = f"{seconds / statistics.median(raw):.1f}x" if raw else ""
        versus_peer = (f"{statistics.median(peer) / seconds:.2f}"
                       if peer and "rebuild" not in label else "")
        memory = timings.memory.get(label)
        lines.append(f"| {label} | {seconds:.2f} | {rows / seconds:,.0f} | {versus_raw} | "
                     f"{versus_peer} | {statistics.median(memory):.0f} |" if memory else
                     f"| {label} | {seconds:.2f} | {rows / seconds:,.0f} | {versus_raw} | "
                     f"{versus_peer} | |")
    return "\n".join(lines)


def growth(sizes: list[int], postgres: str | None, postgres_sizes: list[int]) -> str:
    """stancedb at each size, one run each: ingest and rebuild cost per statement, and peak
    memory, against the smallest size of the same database."""
    lines = [machine(), "One run per size.", "",
             "| database | statements | ingest s | µs per statement | vs smallest | rebuild s "
             "| µs per event | vs smallest | ingest peak RSS MiB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    runs: list[tuple[str, int]] = [("SQLite", size) for size in sizes]
    if postgres:
        runs += [("PostgreSQL", size) for size in postgres_sizes]
    first: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.csv"
        written = 0
        for database, size in runs:
            if size != written:
                write_corpus(corpus, size)
                written = size
            if database == "SQLite":
                path = Path(folder) / f"growth{size}.sqlite"
                url, drop = f"sqlite:///{path}", path.unlink
            else:
                assert postgres is not None
                url, drop = fresh_postgres(postgres)
            try:
                ingest_seconds, memory = child(["ingest", url, str(corpus)])
                rebuild_seconds, _ = child(["rebuild", url, ""])
            finally:
                drop()
            per = (ingest_seconds / size * 1e6, rebuild_seconds / size * 1e6)
            base = first.setdefault(database, per)
            lines.append(f"| {database} | {size:,} | {ingest_seconds:.1f} | {per[0]:.1f} | "
                         f"{per[0] / base[0]:.2f} | {rebuild_seconds:.1f} | {per[1]:.1f} | "
                         f"{per[1] / base[1]:.2f} | {memory:.0f} |")
            print(lines[-1], flush=True)
    return "\n".join(lines)


def replace_section(path: Path, title: str, body: str) -> None:
    """Replace (or add) the `## title` section of a Markdown file."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    heading = f"## {title}\n"
    if heading in text:
        head, rest = text.split(heading, 1)
        tail = rest[rest.index("\n## "):] if "\n## " in rest else ""
        text = head + heading + "\n" + body + "\n" + tail
    else:
        text = text.rstrip("\n") + "\n\n" + heading + "\n" + body + "\n"
    path.write_text(text)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(run_child(*sys.argv[2:5]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", help="PostgreSQL server URL to measure as well")
    parser.add_argument("--growth", help="comma-separated sizes: the growth table instead")
    parser.add_argument("--postgres-growth", help="sizes for PostgreSQL in the growth table "
                        "(default: those of --growth)")
    parser.add_argument("--sqlite", action=argparse.BooleanOptionalAction, default=True,
                        help="measure SQLite (--no-sqlite: PostgreSQL only)")
    parser.add_argument("--write", metavar="SECTION", nargs="?", const="",
                        help="update this section of bench/BENCHMARKS.md")
    args = parser.parse_args()
    if args.growth:
        sizes = [int(n) for n in args.growth.split(",")]
        postgres_sizes = ([int(n) for n in args.postgres_growth.split(",")]
                          if args.postgres_growth else sizes)
        text, section = growth(sizes, args.postgres, postgres_sizes), "Growth"
    else:
        text = table(args.rows, args.runs,
                     measure(args.rows, args.runs, args.postgres, args.sqlite))
        section = "Ingest"
    print(text)
    if args.write is not None:
        replace_section(Path(__file__).with_name("BENCHMARKS.md"), args.write or section,
                        text)


if __name__ == "__main__":
    main()
