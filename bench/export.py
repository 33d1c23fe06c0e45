"""Benchmark: `stancedb export --format parquet` of every statement, against reading the same
statements into pandas (the floor: an export must read them) in the same run.

    .venv/bin/python bench/export.py --rows 1000000 --runs 3 [--write]

The database is built once with `stancedb ingest` of the generated corpus of bench/ingest.py.
Prints Markdown and, with --write, replaces the "Export" section of bench/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pyarrow
import pyarrow.parquet as pq
from ingest import machine, replace_section, write_corpus

from stancedb import StanceDB


def measure(rows: int, runs: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        corpus, database = Path(folder) / "corpus.csv", Path(folder) / "export.sqlite"
        write_corpus(corpus, rows)
        with StanceDB(f"sqlite:///{database}") as db:
            assert db.ingest([corpus]).ok
            read, export = [], []
            out = Path(folder) / "statements.parquet"
            for _ in range(runs):
                began = time.perf_counter()
                frame = db.statements()
                read.append(time.perf_counter() - began)
                del frame
                began = time.perf_counter()
                written = db.export(out)
                export.append(time.perf_counter() - began)
            assert written == rows and pq.read_metadata(out).num_rows == rows
            size, db_size = out.stat().st_size, database.stat().st_size
    read_s, export_s = statistics.median(read), statistics.median(export)
    return "\n".join([
        f"{machine()} pyarrow {pyarrow.__version__}, SQLite.",
        f"{rows:,} statements, median of {runs} runs.",
        "",
        "| operation | median s | statements/s | vs reading |",
        "|---|---:|---:|---:|",
        f"| read every statement into pandas (baseline) | {read_s:.2f} | {rows / read_s:,.0f} "
        "| 1.00 |",
        f"| `export --format parquet` (read, convert, write zstd) | {export_s:.2f} | "
        f"{rows / export_s:,.0f} | {export_s / read_s:.2f} |",
        "",
        f"The Parquet file is {size / 2**20:,.1f} MiB; the SQLite database holding the same "
        f"statements (log, projections, indexes) is {db_size / 2**20:,.0f} MiB.",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true",
                        help="update the Export section of bench/BENCHMARKS.md")
    args = parser.parse_args()
    text = measure(args.rows, args.runs)
    print(text)
    if args.write:
        replace_section(Path(__file__).with_name("BENCHMARKS.md"), "Export", text)


if __name__ == "__main__":
    main()
