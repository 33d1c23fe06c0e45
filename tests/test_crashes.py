"""Crashes: `stancedb ingest` killed with SIGKILL at random moments, on SQLite and on
PostgreSQL. After every kill the log verifies, the projections equal a replay of it, and only
whole batches are stored; a rerun then ends with exactly the statements of the file, none
lost and none twice. (docs/RELIABILITY.md lists the trials.)"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stancedb import StanceDB
from stancedb.ingest import BATCH_SIZE

pytestmark = pytest.mark.slow
STANCEDB = [sys.executable, "-c", "from stancedb.cli import main; main()"]


def write_corpus(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write("actor,target,stance,date,source,evidence\n")
        for n in range(rows):
            out.write(f"Actor {n % 97},Target {n % 13},{('support', 'oppose')[n % 2]},"
                      f"2015-{1 + n % 12:02d}-{1 + n % 28:02d},Outlet {n % 7},row {n}\n")
    return path


def ingest(url: str, corpus: Path, errors: int = subprocess.DEVNULL
           ) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*STANCEDB, "--db", url, "ingest", str(corpus)],
                            stdout=subprocess.DEVNULL, stderr=errors)


def kill_during_ingest(url: str, corpus: Path, rows: int, kills: int,
                       delay: tuple[float, float], seed: int) -> int:
    """Start the ingest and SIGKILL it after a random delay (seconds, uniform in `delay`),
    `kills` times, checking the database after each; returns how many kills hit a running
    ingest."""
    rng = random.Random(seed)
    whole_batches = {min(rows, n * BATCH_SIZE) for n in range(rows // BATCH_SIZE + 2)}
    interrupted = 0
    for _ in range(kills):
        process = ingest(url, corpus)
        time.sleep(rng.uniform(*delay))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            interrupted += 1
        process.wait()
        with StanceDB(url) as db:
            report = db.verify()  # hash chain, gapless positions, projections == replay
            assert report.ok, report.problems
            stored = len(db.statements())
            assert stored in whole_batches, f"{stored} statements: a batch was half-stored"
            assert stored == sum(1 for e in db.log() if e.type == "statement.recorded")
    return interrupted


def rerun_to_the_end(url: str, corpus: Path, rows: int) -> None:
    process = ingest(url, corpus, errors=subprocess.PIPE)
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr.decode()
    with StanceDB(url) as db:
        assert db.verify().ok
        assert len(db.statements()) == rows
        assert len(list(db.log())) == rows  # nothing twice
        assert db.statements().statement_id.is_unique


def test_random_kills_leave_whole_batches_and_a_rerun_completes(backend_url: str,
                                                                tmp_path: Path) -> None:
    rows = 2 * BATCH_SIZE + BATCH_SIZE // 2
    corpus = write_corpus(tmp_path / "corpus.csv", rows)
    # From the start-up (imports, migration) to the last batch.
    interrupted = kill_during_ingest(backend_url, corpus, rows, kills=10, delay=(0.2, 4.0),
                                     seed=20261201)
    assert interrupted >= 5  # most kills land while the ingest runs
    rerun_to_the_end(backend_url, corpus, rows)


def test_five_kills_during_150k_statements_then_exactly_150k(backend_url: str,
                                                            tmp_path: Path) -> None:
    rows = 150_000
    corpus = write_corpus(tmp_path / "corpus.csv", rows)
    # Each run gets at most about one batch further than the last: work is always left.
    interrupted = kill_during_ingest(backend_url, corpus, rows, kills=5, delay=(1.0, 3.5),
                                     seed=150_000)
    assert interrupted == 5
    rerun_to_the_end(backend_url, corpus, rows)
