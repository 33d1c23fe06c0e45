"""Engines and migrations: how stancedb connects to SQLite and PostgreSQL.

SQLite runs in WAL mode with a busy timeout and foreign keys on. Write transactions take the
database's write lock at BEGIN (SQLite `BEGIN IMMEDIATE`, a PostgreSQL transaction-scoped
advisory lock), so positions are assigned one writer at a time and stay gapless.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from alembic import command
from stancedb.errors import ConfigError

SQLITE_BUSY_TIMEOUT_MS = 30_000
# The key of the PostgreSQL advisory lock that serialises writers (any constant will do).
WRITE_LOCK_KEY = 0x5354414E


def create_engine(url: str) -> Engine:
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise ConfigError(f"not a database URL: {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return sa.create_engine(parsed, pool_pre_ping=True)
    raise ConfigError(f"unsupported database {backend!r}: use sqlite:/// or postgresql://")


def _sqlite_engine(url: sa.URL) -> Engine:
    in_memory = url.database in (None, "", ":memory:")
    busy_timeout_ms = _busy_timeout_ms(url)
    if in_memory:
        engine = sa.create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        if url.database and not url.query.get("uri"):
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        if not in_memory and "mode=ro" not in str(url):
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")
        # 64 MiB of page cache (the default is 2 MiB): indexes of large logs stay in memory.
        dbapi_connection.execute("PRAGMA cache_size=-65536")
        dbapi_connection.execute("PRAGMA wal_autocheckpoint=16384")

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _busy_timeout_ms(url: sa.URL) -> int:
    """How long a writer waits for another to finish: `?timeout=SECONDS` in the URL (as
    SQLAlchemy's SQLite driver reads it), else SQLITE_BUSY_TIMEOUT_MS."""
    given = url.query.get("timeout")
    if given is None:
        return SQLITE_BUSY_TIMEOUT_MS
    try:
        seconds = float(given if isinstance(given, str) else given[0])
    except ValueError:
        raise ConfigError(f"timeout must be a number of seconds, not {given!r}") from None
    if seconds < 0:
        raise ConfigError("timeout must not be negative")
    return int(seconds * 1000)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that holds the database's single-writer lock until it ends."""
    with engine.connect().execution_options(write=True) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
        yield conn


# --- migrations ------------------------------------------------------------------------------

def _migrations_dir() -> Path:
    package_dir = Path(__file__).resolve().parent.parent  # stancedb/, this is stancedb/storage/
    for candidate in (package_dir / "_migrations", package_dir.parent / "alembic"):
        if (candidate / "env.py").exists():
            return candidate
    raise ConfigError("the Alembic migrations of stancedb are missing from this installation")


@cache
def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_migrations_dir()))
    return config


@cache
def head_revision() -> str | None:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> bool:
    """Bring the schema to the newest revision; True when something was applied."""
    with engine.connect() as conn:
        if current_revision(conn) == head_revision():
            return False  # the common case needs no write lock
    with write_transaction(engine) as conn:
        if current_revision(conn) == head_revision():
            return False
        config = _alembic_config()
        config.attributes["connection"] = conn
        try:
            command.upgrade(config, "head")
        finally:
            config.attributes.pop("connection", None)
        return True
