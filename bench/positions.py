"""Benchmark: positions for one (actor, target) and a full report on a large database,
against baselines measured in the same run (the raw SQL read of the same statements with
sqlite3; pandas reading every statement for the report).

    .venv/bin/python bench/positions.py --rows 1000000 [--runs 3] [--db PATH] [--write]

The database is built once by `stancedb ingest` of a generated CSV (kept at --db to reuse).
"""

from __future__ import annotations

import argparse
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import replace_section, write_corpus

import stancedb
from stancedb import StanceDB
from stancedb.outputs.report import ReportOptions

WARM_CALLS = 20


def build(path: Path, rows: int) -> None:
    if path.exists():
        return
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.csv"
        write_corpus(corpus, rows)
        with StanceDB(f"sqlite:///{path}") as db:
            report = db.ingest([corpus])
            assert report.ok


def timed(call: object, times: int) -> float:
    """Median seconds of `times` calls, after one warm-up call."""
    call()  # type: ignore[operator]
    samples = []
    for _ in range(times):
        began = time.perf_counter()
        call()  # type: ignore[operator]
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", type=Path, default=Path("bench/data/positions.sqlite"))
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    reused = args.db.exists()
    began = time.perf_counter()
    build(args.db, args.rows)
    built = ("reused from an earlier run" if reused else
             f"built by `stancedb ingest` in {time.perf_counter() - began:.0f} s")
    raw = sqlite3.connect(args.db)
    count = raw.execute("SELECT count(*) FROM statements").fetchone()[0]
    actor, target = raw.execute(  # the busiest pair
        "SELECT actor, target FROM statements GROUP BY actor, target "
        "ORDER BY count(*) DESC LIMIT 1").fetchone()

    def raw_pair() -> None:
        raw.execute("SELECT stated_on, score, stance FROM statements WHERE actor = ? AND "
                    "target = ? ORDER BY stated_on", (actor, target)).fetchall()

    def raw_all() -> None:
        pd.read_sql_query("SELECT * FROM statements", raw)

    with StanceDB(f"sqlite:///{args.db}") as db, tempfile.TemporaryDirectory() as out:
        pair = timed(lambda: db.positions(actor=actor, target=target), WARM_CALLS)
        pair_base = timed(raw_pair, WARM_CALLS)
        report = timed(lambda: db.report(Path(out), ReportOptions(target=target)),
                       args.runs)
        report_base = timed(raw_all, args.runs)
    lines = [
        f"Machine: {platform.machine()}, Python {platform.python_version()}, pandas "
        f"{pd.__version__}, SQLite {sqlite3.sqlite_version}, stancedb {stancedb.__version__}.",
        f"{count:,} statements (400 actors, 60 targets, 700 days); medians of {WARM_CALLS} "
        f"warm calls (positions) and {args.runs} runs (report). Database {built}.",
        "",
        "| measurement | median | baseline (same run) | median | ratio |",
        "|---|---:|---|---:|---:|",
        f"| `positions(actor, target)` | {pair * 1000:.1f} ms | raw SQL read of the pair | "
        f"{pair_base * 1000:.1f} ms | {pair / pair_base:.1f}x |",
        f"| full report (4 charts, HTML, CSV) | {report:.1f} s | pandas read of all "
        f"statements | {report_base:.1f} s | {report / report_base:.1f}x |",
        "",
        f"Targets: positions <= 50 ms ({'met' if pair <= 0.05 else 'missed'}); report "
        f"<= 30 s ({'met' if report <= 30 else 'missed'}).",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        replace_section(Path(__file__).with_name("BENCHMARKS.md"), "Positions and reports",
                        text)


if __name__ == "__main__":
    main()
