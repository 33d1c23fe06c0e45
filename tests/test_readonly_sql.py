"""`stancedb sql`: analysts read freely, and nothing they type can write."""

from __future__ import annotations

import pytest

from stancedb import ReadOnlyError, StanceDB, StanceDBError
from tests.factories import statement

REFUSED = [
    "DELETE FROM events",
    "  -- sneaky\n  update statements set stance = 'oppose'",
    "SELECT 1; DELETE FROM events",
    "WITH gone AS (DELETE FROM statements RETURNING 1) SELECT * FROM gone",
    "ATTACH DATABASE 'elsewhere.sqlite' AS other",
    "PRAGMA writable_schema = ON",
    "DROP VIEW v_statements",
    "CREATE TABLE x (y int)",
    "COPY (SELECT 1) TO PROGRAM 'touch /tmp/owned'",
    "VACUUM",
]


@pytest.fixture
def filled(db: StanceDB) -> StanceDB:
    db.append([statement(1), statement(2, target="ISIL", stance="oppose")])
    return db


def test_views_answer_queries(filled: StanceDB) -> None:
    assert filled.sql("SELECT count(*) AS n FROM v_statements").n.tolist() == [2]
    latest = filled.sql("SELECT target, last_stance FROM v_actor_target_latest ORDER BY target")
    assert latest.values.tolist() == [["Free Syrian Army", "support"], ["ISIL", "oppose"]]
    assert len(filled.sql("SELECT * FROM v_positions WHERE level = 'org'")) == 2


@pytest.mark.parametrize("query", REFUSED)
def test_writes_are_refused_by_every_route(filled: StanceDB, query: str) -> None:
    # SQLite cannot even parse a DELETE inside WITH; every other route is refused outright.
    with pytest.raises(StanceDBError, match=r"refused|syntax error"):
        filled.sql(query)
    assert len(list(filled.log())) == 2
    assert len(filled.statements()) == 2
    assert filled.verify().ok


def test_postgres_admin_functions_are_refused(postgres_url: str) -> None:
    with StanceDB(postgres_url) as db:
        for query in ("SELECT pg_terminate_backend(pg_backend_pid())",
                      'SELECT "pg_terminate_backend"(pid) FROM pg_stat_activity',
                      "SELECT pg_catalog.pg_sleep/* hidden */(30)",
                      "SELECT '--' AS x, pg_terminate_backend(123)",
                      "SELECT $$/*$$, pg_sleep(60), '*/'",
                      "SELECT pg_read_file('/etc/passwd')",
                      "SELECT pg_logical_emit_message(false, 'x', 'y')",
                      "SELECT pg_stat_reset()",
                      "SELECT pg_advisory_lock(1)"):
            with pytest.raises(ReadOnlyError, match="refused"):
                db.sql(query)


def test_sqlite_functions_cannot_reach_outside(sqlite_url: str) -> None:
    with StanceDB(sqlite_url) as db, pytest.raises(Exception, match=r"not authorized|refused"):
        db.sql("SELECT load_extension('/tmp/evil')")
