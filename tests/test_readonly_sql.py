"""`stancedb sql`: analysts read freely, and nothing they type can write, reach outside the
database, outlive its time limit or fill memory.

On PostgreSQL the query runs as the role stancedb_reader, and the tests below show that the
role is what stops each attack: the server's own refusal (InsufficientPrivilege) is the cause
of the error, however the function's name is written. No deny list of names is consulted."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator

import psycopg
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from stancedb import ConfigError, QueryTimeoutError, ReadOnlyError, StanceDB, StanceDBError
from stancedb.cli import app
from stancedb.storage.db import WRITE_LOCK_KEY
from stancedb.storage.readonly import MORE_ROWS
from stancedb.storage.readonly_postgres import READER_ROLE
from stancedb.storage.schema import PROJECTION_TABLES
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
    "SELECT 1\x00; DELETE FROM events",
]
COUNT_FOREVER = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                 "SELECT count(*) FROM c")
ROWS_FOREVER = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c"


@pytest.fixture
def filled(db: StanceDB) -> StanceDB:
    db.append([statement(1), statement(2, target="ISIL", stance="oppose")])
    return db


@pytest.fixture
def pg(postgres_url: str) -> Iterator[StanceDB]:
    with StanceDB(postgres_url) as database:
        database.append([statement(1), statement(2, target="ISIL", stance="oppose")])
        yield database


@pytest.fixture
def admin(postgres_url: str) -> Iterator[sa.Engine]:
    """The test's own (superuser) connections, outside `stancedb sql`; connect() rolls back,
    begin() commits."""
    engine = sa.create_engine(postgres_url)
    yield engine
    engine.dispose()


def refused_by_privilege(db: StanceDB, query: str) -> str:
    """The refusal, checked to come from the server's privilege check."""
    with pytest.raises(ReadOnlyError, match="refused") as raised:
        db.sql(query)
    assert isinstance(raised.value.__cause__, psycopg.errors.InsufficientPrivilege), (
        f"{query!r} was stopped by {raised.value.__cause__!r}, not by a privilege")
    return str(raised.value)


# --- both databases ------------------------------------------------------------------------

def test_views_answer_queries(filled: StanceDB) -> None:
    assert filled.sql("SELECT count(*) AS n FROM v_statements").n.tolist() == [2]
    latest = filled.sql("SELECT target, last_stance FROM v_actor_target_latest ORDER BY target")
    assert latest.values.tolist() == [["Free Syrian Army", "support"], ["ISIL", "oppose"]]
    assert len(filled.sql("SELECT * FROM v_positions WHERE level = 'org'")) == 2
    assert filled.sql("SELECT 1 AS a, 2 AS a").columns.tolist() == ["a", "a"]
    assert len(filled.sql("EXPLAIN SELECT * FROM v_statements")) >= 1


@pytest.mark.parametrize("query", REFUSED)
def test_writes_are_refused_by_every_route(filled: StanceDB, query: str) -> None:
    # SQLite cannot even parse a DELETE inside WITH; every other route is refused outright.
    with pytest.raises(StanceDBError, match=r"refused|syntax error"):
        filled.sql(query)
    assert len(list(filled.log())) == 2
    assert len(filled.statements()) == 2
    assert filled.verify().ok


def test_sql_runaway_queries_stop_at_the_time_limit(filled: StanceDB) -> None:
    with pytest.raises(QueryTimeoutError, match=r"query stopped after 0\.5 s"):
        filled.sql(COUNT_FOREVER, timeout=0.5)
    # The next query is not held up by the stopped one.
    assert filled.sql("SELECT count(*) AS n FROM v_statements").n.tolist() == [2]


def test_sql_returns_at_most_max_rows_and_says_more_exist(filled: StanceDB) -> None:
    # The result is endless: it can only end if no more than max_rows + 1 rows are computed.
    endless = filled.sql(ROWS_FOREVER, max_rows=10)
    assert endless.x.tolist() == list(range(1, 11))
    assert endless.attrs[MORE_ROWS] is True
    exact = filled.sql(ROWS_FOREVER + " LIMIT 10", max_rows=10)
    assert len(exact) == 10 and exact.attrs[MORE_ROWS] is False
    assert filled.sql("SELECT * FROM v_statements").attrs[MORE_ROWS] is False


@pytest.mark.parametrize("limits", [{"timeout": 0}, {"timeout": -1}, {"timeout": math.nan},
                                    {"max_rows": 0}, {"max_rows": -5}])
def test_sql_limits_must_be_sensible(filled: StanceDB, limits: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        filled.sql("SELECT 1", **limits)  # type: ignore[arg-type]


def test_sqlite_functions_cannot_reach_outside(sqlite_url: str) -> None:
    with StanceDB(sqlite_url) as db, pytest.raises(Exception, match=r"not authorized|refused"):
        db.sql("SELECT load_extension('/tmp/evil')")


# --- PostgreSQL: the reader role -----------------------------------------------------------

def test_sql_runs_as_the_reader_role(pg: StanceDB) -> None:
    who = pg.sql("SELECT current_user AS who")
    assert who.who.tolist() == [READER_ROLE]


@pytest.mark.parametrize("query", [
    r"""SELECT U&"pg\005fread\005ffile"('/etc/hostname')""",
    "SELECT pg_read_file/* /* */ */('/etc/hostname')",
    "SELECT pg_read_file('/etc/hostname')",
    "SELECT pg_catalog.pg_read_binary_file('/etc/hostname')",
    "SELECT pg_ls_dir('.')",
    "SELECT query_to_xml('SELECT pg_read_file(''/etc/hostname'')', true, false, '')",
])
def test_sql_cannot_read_server_files_even_with_escaped_names(pg: StanceDB, query: str) -> None:
    assert "permission denied" in refused_by_privilege(pg, query)


@pytest.mark.parametrize("query", [
    "SELECT set_config('role', 'none', true), "
    "query_to_xml('SELECT pg_read_file(''/etc/hostname'')', true, false, '')",
    r"""SELECT U&"set\005fconfig"('role', session_user, true)""",
    "SELECT set_config('session_authorization', session_user, true)",
])
def test_sql_cannot_switch_back_to_the_login_role(pg: StanceDB, query: str) -> None:
    # After a plain SET ROLE a query could do this; inside stancedb_read() the server refuses.
    assert "cannot set parameter" in refused_by_privilege(pg, query)


def test_sql_cannot_signal_other_sessions(pg: StanceDB, postgres_url: str) -> None:
    with psycopg.connect(sa.make_url(postgres_url).set(drivername="postgresql")
                         .render_as_string(hide_password=False)) as victim:
        pid = victim.info.backend_pid
        for query in (rf"""SELECT U&"pg\005fterminate\005fbackend"({pid})""",
                      f"SELECT pg_cancel_backend({pid})",
                      f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = {pid}"):
            refused_by_privilege(pg, query)
        assert victim.execute("SELECT 1").fetchone() == (1,)


def test_sql_cannot_create_replication_slots(pg: StanceDB, admin: sa.Engine) -> None:
    slot = f"stancedb_probe_{uuid.uuid4().hex[:8]}"
    try:
        for query in (f"SELECT pg_create_physical_replication_slot('{slot}')::text",
                      r'SELECT U&"pg\005fcreate\005fphysical\005freplication\005fslot"'
                      f"('{slot}', true)::text"):
            refused_by_privilege(pg, query)
    finally:
        with admin.begin() as conn:
            exists = conn.execute(sa.text("SELECT count(*) FROM pg_replication_slots "
                                          "WHERE slot_name = :slot"), {"slot": slot}).scalar()
            if exists:
                conn.execute(sa.text("SELECT pg_drop_replication_slot(:slot)"), {"slot": slot})
    assert not exists


def test_sql_writes_hidden_from_the_first_word_are_refused(pg: StanceDB) -> None:
    # PostgreSQL nests comments; the first-word check does not, and reads SELECT here.
    with pytest.raises(ReadOnlyError, match="refused"):
        pg.sql("/* /* */ SELECT */ DELETE FROM events RETURNING 1")
    assert len(list(pg.log())) == 2 and pg.verify().ok


def test_sql_cannot_lift_its_own_time_limit(pg: StanceDB) -> None:
    with pytest.raises(QueryTimeoutError, match=r"query stopped after 0\.5 s"):
        pg.sql("SELECT set_config('statement_timeout', '0', false), pg_sleep(60)::text",
               timeout=0.5)


def test_sql_never_leaves_the_writers_lock_held(pg: StanceDB, admin: sa.Engine) -> None:
    # Anyone may take an advisory lock, and a session-level one outlives a rollback.
    taken = pg.sql(rf"""SELECT pg_backend_pid() AS pid,
                              U&"pg\005fadvisory\005flock"({WRITE_LOCK_KEY})::text AS taken""")
    with admin.connect() as conn:
        held = conn.execute(sa.text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                                    "AND pid = :pid"), {"pid": int(taken.pid[0])}).scalar()
    assert held == 0
    pg.append([statement(3)])
    assert len(pg.statements()) == 3


def test_sql_stopped_queries_leave_no_lock_behind(pg: StanceDB, admin: sa.Engine) -> None:
    key = uuid.uuid4().int % 2**62
    with pytest.raises(QueryTimeoutError, match=r"query stopped after 0\.5 s"):
        pg.sql(rf"""SELECT U&"pg\005fadvisory\005flock"({key})::text, pg_sleep(60)::text""",
               timeout=0.5)
    with admin.connect() as conn:
        assert conn.execute(sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar()
        assert conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": key}).scalar()


def test_sql_returns_at_most_max_rows_of_a_huge_result(pg: StanceDB) -> None:
    frame = pg.sql("SELECT generate_series(1, 5000000) AS n", max_rows=5)
    assert frame.n.tolist() == [1, 2, 3, 4, 5] and frame.attrs[MORE_ROWS] is True


def test_sql_reads_domain_typed_columns(pg: StanceDB) -> None:
    tables = pg.sql("SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = current_schema() AND table_name = 'events'")
    assert tables.table_name.tolist() == ["events"]


def test_reader_role_may_only_read(pg: StanceDB, admin: sa.Engine) -> None:
    with admin.connect() as conn:
        role = conn.execute(sa.text(
            "SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, "
            "rolcanlogin FROM pg_roles WHERE rolname = :r"), {"r": READER_ROLE}).one()
        assert not any(role)
        assert conn.execute(sa.text(
            "SELECT count(*) FROM pg_auth_members WHERE member = :r ::regrole"),
            {"r": READER_ROLE}).scalar() == 0
        relations = conn.execute(sa.text(
            "SELECT c.relname, c.relkind, has_table_privilege(:r, c.oid, 'SELECT'), "
            "has_table_privilege(:r, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, "
            "TRIGGER') FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
            "AND c.relkind IN ('r', 'v', 'm', 'p', 'f')"), {"r": READER_ROLE}).all()
        readable = {name for name, _kind, can_read, _can_write in relations if can_read}
        assert not [name for name, _kind, _can_read, can_write in relations if can_write]
        views = {name for name, kind, _r, _w in relations if kind == "v"}
        assert views >= {"v_statements", "v_quotes", "v_positions", "v_actor_target_latest"}
        assert readable >= views | {t.name for t in PROJECTION_TABLES} | {"events"}
        schema = conn.execute(sa.text(
            "SELECT has_schema_privilege(:r, current_schema(), 'USAGE'), "
            "has_schema_privilege(:r, current_schema(), 'CREATE')"), {"r": READER_ROLE}).one()
        assert tuple(schema) == (True, False)
        granted = conn.execute(sa.text(
            "SELECT p.proname FROM pg_proc p, aclexplode(p.proacl) acl "
            "WHERE p.pronamespace = current_schema()::regnamespace "
            "AND acl.grantee = :r ::regrole"), {"r": READER_ROLE}).scalars().all()
        assert granted == ["stancedb_read"]
        # Outside a read-only transaction too, the role itself may not write.
        conn.execute(sa.text(f"SET LOCAL ROLE {READER_ROLE}"))
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            conn.execute(sa.text("DELETE FROM statements"))
        conn.rollback()
    assert len(pg.statements()) == 2


def test_sql_refuses_a_login_that_cannot_assume_the_reader_role(pg: StanceDB, admin: sa.Engine,
                                                                postgres_url: str) -> None:
    login = f"stancedb_analyst_{uuid.uuid4().hex[:8]}"
    analyst_url = sa.make_url(postgres_url).set(username=login).render_as_string(
        hide_password=False)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE ROLE {login} LOGIN"))
    try:
        with StanceDB(analyst_url, migrate=False) as outsider, pytest.raises(
                ConfigError, match=f"GRANT {READER_ROLE} TO {login};"):
            outsider.sql("SELECT 1")
        typed = CliRunner().invoke(app, ["--db", analyst_url, "sql", "SELECT 1"])
        assert typed.exit_code == 2
        assert f"An administrator grants it with: GRANT {READER_ROLE} TO {login};" in typed.stderr
        # What docs/SQL.md tells an administrator to run for an analyst.
        with admin.begin() as conn:
            conn.execute(sa.text(f"GRANT {READER_ROLE} TO {login}"))
        with StanceDB(analyst_url) as analyst:
            assert analyst.sql("SELECT count(*) AS n FROM v_statements").n.tolist() == [2]
            assert "permission denied" in refused_by_privilege(
                analyst, "SELECT pg_read_file('/etc/hostname')")
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP ROLE {login}"))


def test_sql_refuses_an_altered_read_function(pg: StanceDB, admin: sa.Engine) -> None:
    # A member of the role may alter what the role owns: make it run as its caller, say.
    with admin.begin() as conn:
        conn.execute(sa.text("ALTER FUNCTION stancedb_read(text, bigint) SECURITY INVOKER"))
    with pytest.raises(ReadOnlyError, match=r"stancedb_read\(\) has been altered"):
        pg.sql("SELECT 1")


def test_an_owner_without_superuser_migrates_once_granted_the_role(
        pg: StanceDB, admin: sa.Engine, postgres_server: str) -> None:
    # `pg` has made sure the role exists; an owner who may not create roles must join it.
    owner = f"stancedb_owner_{uuid.uuid4().hex[:8]}"
    schema = f"t_{uuid.uuid4().hex[:12]}"
    url = sa.make_url(postgres_server).set(username=owner).update_query_dict(
        {"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE ROLE {owner} LOGIN"))
        conn.execute(sa.text(f"CREATE SCHEMA {schema} AUTHORIZATION {owner}"))
    try:
        with pytest.raises(sa.exc.DBAPIError, match=f"GRANT {READER_ROLE} TO {owner};"):
            StanceDB(url)
        with admin.begin() as conn:
            conn.execute(sa.text(f"GRANT {READER_ROLE} TO {owner}"))
        with StanceDB(url) as db:
            db.append([statement(1)])
            assert db.sql("SELECT current_user AS who, count(*) AS n FROM v_statements "
                          "GROUP BY 1").values.tolist() == [[READER_ROLE, 1]]
            assert "cannot set parameter" in refused_by_privilege(
                db, "SELECT set_config('role', 'none', true)")
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
            conn.execute(sa.text(f"DROP ROLE {owner}"))
