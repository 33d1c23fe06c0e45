"""Benchmark: the REST API on loopback under concurrent clients, against a large database.

    .venv/bin/python bench/api.py [--db bench/data/positions.sqlite] [--connections 50]
                                  [--seconds 10] [--rate 400] [--workers 2] [--runs 3]
                                  [--write]

Starts `stancedb serve` on 127.0.0.1 and drives it with bench/loadgen.py: --connections
keep-alive connections, first in a closed loop (each sends its next request when the last
is answered: the most the server can do), then in an open loop at --rate requests/s (latency
counted from when each request was due). `/v1/positions` cycles through the 200 busiest
(actor, target) pairs and `/v1/statements` through the 200 busiest actors, so requests do
not repeat one cached answer; `/v1/health` (no database work) is the baseline measured in
the same run. Build the database first with bench/positions.py.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadgen
from ingest import replace_section

import stancedb

STARTUP_SECONDS = 60
VARIETY = 200
TARGET_P99 = 0.050  # seconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    script = Path(sys.executable).parent / "stancedb"
    server = subprocess.Popen([str(script), "--db", f"sqlite:///{db}", "serve", "--port",
                               str(port), "--workers", str(workers)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env={**os.environ})
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def request_paths(db: Path) -> dict[str, list[str]]:
    raw = sqlite3.connect(db)
    pairs = raw.execute("SELECT actor, target FROM statements GROUP BY actor, target "
                        f"ORDER BY count(*) DESC LIMIT {VARIETY}").fetchall()
    actors = [a for (a,) in raw.execute("SELECT actor FROM statements GROUP BY actor "
                                        f"ORDER BY count(*) DESC LIMIT {VARIETY}")]
    raw.close()
    return {
        "/v1/health (baseline)": ["/v1/health"],
        "/v1/positions": [f"/v1/positions?{urlencode({'actor': a, 'target': t})}"
                          for a, t in pairs],
        "/v1/statements": [f"/v1/statements?{urlencode({'actor': a, 'limit': 100})}"
                           for a in actors],
    }


def measure(port: int, paths: list[str], args: argparse.Namespace,
            rate: float | None) -> tuple[float, float, float]:
    """Median requests/s, p50 and p99 (seconds) over --runs runs."""
    results = [loadgen.run("127.0.0.1", port, paths, args.connections, args.seconds, rate)
               for _ in range(args.runs)]
    return (statistics.median(r.rate for r in results),
            statistics.median(r.percentile(0.50) for r in results),
            statistics.median(r.percentile(0.99) for r in results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("bench/data/positions.sqlite"))
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=400.0,
                        help="requests/s of the open-loop run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db} is missing: build it with bench/positions.py")
    raw = sqlite3.connect(args.db)
    count = raw.execute("SELECT count(*) FROM statements").fetchone()[0]
    raw.close()
    port = free_port()
    server = start_server(args.db, port, args.workers)
    rows = []
    try:
        for label, paths in request_paths(args.db).items():
            rows.append((label, measure(port, paths, args, None),
                         measure(port, paths, args, args.rate)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    base_rate = rows[0][1][0]
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, stancedb {stancedb.__version__}, uvicorn with "
        f"{args.workers} worker process{'es' if args.workers > 1 else ''}, SQLite; the load "
        "generator (bench/loadgen.py) shares the cores.",
        f"{count:,} statements; {args.connections} keep-alive connections, {args.seconds:g} s "
        f"per run, medians of {args.runs} runs.",
        "",
        f"| endpoint | closed loop: requests/s | p50 ms | p99 ms | vs /v1/health "
        f"| open loop at {args.rate:g}/s: p50 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, (rate, p50, p99), (_, open_p50, open_p99) in rows:
        lines.append(f"| {label} | {rate:,.0f} | {p50 * 1000:.1f} | {p99 * 1000:.1f} | "
                     f"{rate / base_rate:.2f} | {open_p50 * 1000:.1f} | "
                     f"{open_p99 * 1000:.1f} |")
    verdicts = [f"{label} {'meets' if open_p99 <= TARGET_P99 else 'misses'} it "
                f"({open_p99 * 1000:.0f} ms)" for label, _, (_, _, open_p99) in rows[1:]]
    lines += [
        "",
        f"Target p99 <= {TARGET_P99 * 1000:.0f} ms, read at {args.rate:g} requests/s offered by "
        f"{args.connections} clients (open loop): {'; '.join(verdicts)}. In the closed loop "
        "every connection has a request waiting at all times, so latency is the queue: "
        f"{args.connections} requests shared by what the server completes per second (the "
        f"baseline, which does no database work, has a closed-loop p99 of "
        f"{rows[0][1][2] * 1000:.0f} ms).",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        replace_section(Path(__file__).with_name("BENCHMARKS.md"), "REST API", text)


if __name__ == "__main__":
    main()
