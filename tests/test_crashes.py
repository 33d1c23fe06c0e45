"""A crash: `stancedb ingest` killed with SIGKILL inside the transaction of its second batch,
on SQLite and on PostgreSQL. The kill comes when the child says it has written the batch's
events and projections and is about to commit (not after a guessed delay), so every run
tests the same moment. After the kill the log verifies, the projections equal a replay, and
only the first batch is stored; a rerun then ends with exactly the statements of the file,
none lost and none twice.

Faults at each step of an append, in process, are part of the store contract
(tests/contract.py); an exception in the middle of an ingest is in tests/test_ingest.py."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from pathlib import Path

from stancedb import StanceDB

STANCEDB = [sys.executable, "-c", "from stancedb.cli import main; main()"]

# The killed ingest appends batches of this size (the CLI takes StanceDB.ingest's default
# batch size, set in the child) to keep the test quick; the rerun uses the real one.
BATCH = 2_000
# `stancedb ingest` whose append number KILL_AT, once everything but the commit is done,
# writes its last position to the file descriptor SIGNAL_FD and waits to be killed.
KILLABLE = """
import os, sys, time
import stancedb.storage.store as store
from stancedb import StanceDB
from stancedb.cli import main

signal_fd, kill_at, batch = map(int, sys.argv[1:4])
StanceDB.ingest.__kwdefaults__["batch_size"] = batch
announce, appends = store.announce, []

def announce_then_wait(conn, position):
    announce(conn, position)
    appends.append(position)
    if len(appends) == kill_at:
        os.write(signal_fd, b"%d\\n" % position)
        time.sleep(600)

store.announce = announce_then_wait
sys.argv = ["stancedb", *sys.argv[4:]]
main()
"""


def write_corpus(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write("actor,target,stance,date,source,evidence\n")
        for n in range(rows):
            out.write(f"Actor {n % 97},Target {n % 13},{('support', 'oppose')[n % 2]},"
                      f"2015-{1 + n % 12:02d}-{1 + n % 28:02d},Outlet {n % 7},row {n}\n")
    return path


def kill_inside_append(url: str, corpus: Path, kill_at: int, log: Path) -> int:
    """Run the ingest, SIGKILL it inside its append number `kill_at`; returns the position
    the child had reached in that uncommitted transaction."""
    read_end, write_end = os.pipe()
    with log.open("wb") as errors:
        child = subprocess.Popen(
            [sys.executable, "-c", KILLABLE, str(write_end), str(kill_at), str(BATCH), "--db", url,
             "ingest", str(corpus)],
            pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=errors)
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 300)
        said = os.read(read_end, 64) if ready else b""
        assert said, f"the ingest never reached append {kill_at}:\n{log.read_text()}"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=60) == -signal.SIGKILL
    finally:
        os.close(read_end)
        if child.poll() is None:
            child.kill()
            child.wait()
    return int(said)


def test_a_kill_before_a_batch_commits_leaves_whole_batches_and_a_rerun_completes(
        backend_url: str, tmp_path: Path) -> None:
    rows = BATCH + BATCH // 2
    corpus = write_corpus(tmp_path / "corpus.csv", rows)
    StanceDB(backend_url).close()  # migrated: the first append is the first batch
    reached = kill_inside_append(backend_url, corpus, kill_at=2, log=tmp_path / "child.log")
    assert reached == rows  # the second batch was written, all but its commit
    with StanceDB(backend_url) as db:
        report = db.verify()  # hash chain, gapless positions, projections == replay
        assert report.ok, report.problems
        assert report.last_position == BATCH  # the first batch, and nothing of the second
        assert len(db.statements()) == BATCH

    # The rerun is a plain `stancedb ingest`.
    rerun = subprocess.run([*STANCEDB, "--db", backend_url, "ingest", str(corpus)],
                           capture_output=True, text=True, timeout=600, check=False)
    assert rerun.returncode == 0, rerun.stderr
    with StanceDB(backend_url) as db:
        assert db.verify().ok
        assert len(db.statements()) == rows
        assert len(list(db.log())) == rows  # nothing twice
        assert db.statements().statement_id.is_unique
