"""Faults around the database: a full disk and a database another writer holds locked. Each
gives one clear line and a non-zero exit, and leaves the database as it was."""

from __future__ import annotations

import resource
import sqlite3
import subprocess
from pathlib import Path

import sqlalchemy as sa

from stancedb import StanceDB
from tests.test_crashes import STANCEDB, write_corpus

ROWS = 30_000


def run_ingest(url: str, corpus: Path, file_size_limit: int | None = None
               ) -> subprocess.CompletedProcess[str]:
    def limit_file_size() -> None:  # in the child: like `ulimit -f` in a shell
        if file_size_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.run([*STANCEDB, "--db", url, "ingest", str(corpus)],
                          capture_output=True, text=True, timeout=300, check=False,
                          preexec_fn=limit_file_size)


def test_a_full_disk_is_a_clear_error_and_the_database_stays_consistent(tmp_path: Path
                                                                         ) -> None:
    database = tmp_path / "full.sqlite"
    url = f"sqlite:///{database}"
    first = write_corpus(tmp_path / "first.csv", 2_000)
    assert run_ingest(url, first).returncode == 0
    files = [database, *tmp_path.glob("full.sqlite-*")]
    limit = max(path.stat().st_size for path in files) + 256 * 1024  # no room to grow
    more = write_corpus(tmp_path / "more.csv", ROWS)

    full = run_ingest(url, more, file_size_limit=limit)
    assert full.returncode == 2, full.stderr
    # SQLite says "database or disk is full" or, for a write the system refused, an I/O error
    assert full.stderr.startswith("database error: ")
    assert "disk is full" in full.stderr or "is the disk full" in full.stderr
    assert "Traceback" not in full.stderr
    with StanceDB(url) as db:
        report = db.verify()
        assert report.ok, report.problems
        stored = len(db.statements())
        assert stored == len(list(db.log())) and stored % 2_000 == 0  # whole batches only
    assert run_ingest(url, more).returncode == 0  # room again: the rest goes in, once
    with StanceDB(url) as db:
        assert len(db.statements()) == len({*range(2_000), *range(ROWS)}) and db.verify().ok


def test_a_locked_sqlite_database_is_a_clear_error(tmp_path: Path) -> None:
    database = tmp_path / "locked.sqlite"
    StanceDB(f"sqlite:///{database}").close()
    corpus = write_corpus(tmp_path / "s.csv", 100)
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer, in the middle of its transaction
    try:
        locked = run_ingest(f"sqlite:///{database}?timeout=1", corpus)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert locked.returncode == 2
    assert "database error: database is locked" in locked.stderr
    assert "Traceback" not in locked.stderr
    assert run_ingest(f"sqlite:///{database}", corpus).returncode == 0
    with StanceDB(f"sqlite:///{database}") as db:
        assert len(db.statements()) == 100 and db.verify().ok


def test_a_writer_that_cannot_get_the_lock_on_postgresql_gives_up_cleanly(
        postgres_url: str, tmp_path: Path) -> None:
    from stancedb.storage.db import WRITE_LOCK_KEY

    StanceDB(postgres_url).close()
    corpus = write_corpus(tmp_path / "s.csv", 100)
    url = sa.make_url(postgres_url)
    options = f"{url.query['options']} -clock_timeout=1000"
    impatient = url.update_query_dict({"options": options}).render_as_string(False)
    holder = sa.create_engine(postgres_url)
    with holder.connect() as conn, conn.begin():
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})
        locked = run_ingest(impatient, corpus)
    holder.dispose()
    assert locked.returncode == 2, locked.stderr
    assert "database error: canceling statement due to lock timeout" in locked.stderr
    assert "Traceback" not in locked.stderr
    with StanceDB(postgres_url) as db:
        assert db.statements().empty and db.verify().ok
