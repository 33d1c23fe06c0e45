"""Four `stancedb ingest` processes at once, on overlapping files, on SQLite (WAL, busy
timeout) and on PostgreSQL (advisory lock): every statement is stored once, positions are
gapless, the hash chain holds, and the projections equal a rebuild."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import pytest

from stancedb import StanceDB
from tests.test_crashes import STANCEDB

pytestmark = pytest.mark.slow
PROCESSES = 4
ROWS_PER_FILE = 12_000
STEP = 6_000  # file i holds rows i*STEP .. i*STEP + ROWS_PER_FILE: each overlaps the next


def row(n: int) -> str:
    return (f"Actor {n % 89},Target {n % 11},{('support', 'oppose', 'neutral')[n % 3]},"
            f"2016-{1 + n % 12:02d}-{1 + n % 28:02d},Outlet {n % 5},row {n}")


def test_four_processes_on_overlapping_files_store_each_statement_once(
        backend_url: str, tmp_path: Path) -> None:
    files = []
    for i in range(PROCESSES):
        path = tmp_path / f"part{i}.csv"
        lines = [row(n) for n in range(i * STEP, i * STEP + ROWS_PER_FILE)]
        path.write_text("actor,target,stance,date,source,evidence\n" + "\n".join(lines) + "\n")
        files.append(path)
    distinct = (PROCESSES - 1) * STEP + ROWS_PER_FILE
    StanceDB(backend_url).close()  # created once; the race is over appends, not migrations

    running = [subprocess.Popen([*STANCEDB, "--db", backend_url, "ingest", str(path)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
               for path in files]
    outcomes = [(p.wait(timeout=600), p.stderr.read().decode() if p.stderr else "")
                for p in running]
    for process in running:
        if process.stderr:
            process.stderr.close()
    assert all(code == 0 for code, _ in outcomes), outcomes

    with StanceDB(backend_url) as db:
        log = list(db.log())
        assert [e.position for e in log] == list(range(1, len(log) + 1))  # gapless
        assert len(log) == distinct and len({e.key for e in log}) == distinct
        assert db.verify().ok  # the chain, and projections equal to a replay
        statements = db.statements().sort_values("statement_id", ignore_index=True)
        positions = db.positions(level="org")
        assert len(statements) == distinct
        db.rebuild()
        pd.testing.assert_frame_equal(
            db.statements().sort_values("statement_id", ignore_index=True), statements)
        pd.testing.assert_frame_equal(db.positions(level="org"), positions)
