"""Benchmark: the REST API on loopback under concurrent clients, against a large database.

    .venv/bin/python bench/api.py [--db bench/data/positions.sqlite] [--clients 50]
                                  [--requests 2000] [--runs 3] [--write]

Starts `stancedb serve` (one uvicorn process) on 127.0.0.1, then drives it with --clients
concurrent keep-alive clients, a fixed number of requests per endpoint, and reports
requests/s and p50/p99 latency; `/v1/health` (no database work) is the baseline measured in
the same run. Build the database first with bench/positions.py.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import replace_section

import stancedb

STARTUP_SECONDS = 60


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


async def drive(base: str, path: str, params: dict[str, str], clients: int,
                total: int) -> tuple[float, list[float]]:
    """(seconds, latencies) for `total` requests spread over `clients` concurrent loops."""
    latencies: list[float] = []
    remaining = total
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        async def loop() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                began = time.perf_counter()
                answer = await client.get(path, params=params)
                latencies.append(time.perf_counter() - began)
                answer.raise_for_status()

        began = time.perf_counter()
        await asyncio.gather(*(loop() for _ in range(clients)))
        return time.perf_counter() - began, latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("bench/data/positions.sqlite"))
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db} is missing: build it with bench/positions.py")
    raw = sqlite3.connect(args.db)
    count = raw.execute("SELECT count(*) FROM statements").fetchone()[0]
    actor, target = raw.execute("SELECT actor, target FROM statements GROUP BY actor, target "
                                "ORDER BY count(*) DESC LIMIT 1").fetchone()
    raw.close()
    endpoints = [
        ("/v1/health (baseline)", "/v1/health", {}),
        ("/v1/positions", "/v1/positions", {"actor": actor, "target": target}),
        ("/v1/statements", "/v1/statements", {"actor": actor, "limit": "100"}),
    ]
    port = free_port()
    server = start_server(args.db, port, args.workers)
    rows = []
    try:
        for label, path, params in endpoints:
            rates, p50s, p99s = [], [], []
            for _ in range(args.runs):
                seconds, latencies = asyncio.run(drive(f"http://127.0.0.1:{port}", path,
                                                       params, args.clients, args.requests))
                rates.append(args.requests / seconds)
                p50s.append(percentile(latencies, 0.50))
                p99s.append(percentile(latencies, 0.99))
            rows.append((label, statistics.median(rates), statistics.median(p50s),
                         statistics.median(p99s)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    base_rate = rows[0][1]
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, stancedb {stancedb.__version__}, uvicorn with "
        f"{args.workers} worker process{'es' if args.workers > 1 else ''}, SQLite.",
        f"{count:,} statements; {args.clients} concurrent clients, {args.requests} requests "
        f"per endpoint per run, medians of {args.runs} runs.",
        "",
        "| endpoint | requests/s | p50 ms | p99 ms | throughput vs /v1/health |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, rate, p50, p99 in rows:
        lines.append(f"| {label} | {rate:,.0f} | {p50 * 1000:.1f} | {p99 * 1000:.1f} | "
                     f"{rate / base_rate:.2f} |")
    text = "\n".join(lines)
    print(text)
    if args.write:
        replace_section(Path(__file__).with_name("BENCHMARKS.md"), "REST API", text)


if __name__ == "__main__":
    main()
