"""Benchmark: end-to-end ingest of a generated statements CSV (CSV -> events -> projections),
against a raw baseline measured in the same run (sqlite3 executemany of the same rows into a
bare table; PostgreSQL COPY into a bare table).

    .venv/bin/python bench/ingest.py --rows 100000 --runs 3 [--postgres URL]

Prints a Markdown table and, with --write, replaces the "Ingest" section of bench/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import csv
import platform
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

import stancedb
from stancedb import StanceDB

ACTORS = [f"Actor {n}" for n in range(400)]
TARGETS = [f"Target {n}" for n in range(60)]
STANCES = ["support", "oppose", "neutral"]
HEADER = ["actor", "target", "stance", "date", "source", "evidence"]


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


def measure(rows: int, runs: int, postgres: str | None) -> list[tuple[str, float, float]]:
    """(label, median seconds, statements/s) per system; baselines first."""
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.csv"
        write_corpus(corpus, rows)
        for run in range(runs):
            base = Path(folder) / f"run{run}"
            base.mkdir()
            results.setdefault("sqlite3 executemany (baseline)", []).append(
                sqlite_baseline(base / "raw.sqlite", corpus))
            results.setdefault("stancedb on SQLite", []).append(
                stancedb_ingest(f"sqlite:///{base / 'stancedb.sqlite'}", corpus))
            if postgres:
                url, drop = fresh_postgres(postgres)
                try:
                    results.setdefault("PostgreSQL COPY (baseline)", []).append(
                        postgres_baseline(url, corpus))
                finally:
                    drop()
                url, drop = fresh_postgres(postgres)
                try:
                    results.setdefault("stancedb on PostgreSQL", []).append(
                        stancedb_ingest(url, corpus))
                finally:
                    drop()
    return [(label, statistics.median(times), rows / statistics.median(times))
            for label, times in results.items()]


def table(rows: int, runs: int, results: list[tuple[str, float, float]]) -> str:
    medians = dict((label, seconds) for label, seconds, _ in results)
    lines = [
        f"Machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"Python {platform.python_version()}, stancedb {stancedb.__version__}, "
        f"SQLAlchemy {sa.__version__}, SQLite {sqlite3.sqlite_version}.",
        f"{rows:,} statements, median of {runs} runs.",
        "",
        "| system | median s | statements/s | time vs its raw baseline |",
        "|---|---:|---:|---:|",
    ]
    for label, seconds, rate in results:
        baseline = medians.get("PostgreSQL COPY (baseline)" if "PostgreSQL" in label
                               else "sqlite3 executemany (baseline)")
        ratio = f"{seconds / baseline:.1f}x" if baseline else ""
        lines.append(f"| {label} | {seconds:.2f} | {rate:,.0f} | {ratio} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", help="PostgreSQL server URL to measure as well")
    parser.add_argument("--write", action="store_true", help="update bench/BENCHMARKS.md")
    args = parser.parse_args()
    results = measure(args.rows, args.runs, args.postgres)
    text = table(args.rows, args.runs, results)
    print(text)
    if args.write:
        replace_section(Path(__file__).with_name("BENCHMARKS.md"), "Ingest", text)


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


if __name__ == "__main__":
    main()
