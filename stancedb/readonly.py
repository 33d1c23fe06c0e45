"""The read-only SQL door for analysts (`stancedb sql`).

Defence in depth, because the query text comes from a person:
- one statement only, and it must start with SELECT, WITH, VALUES, TABLE or EXPLAIN;
- SQLite: the file is opened read-only (`mode=ro`), `query_only` is on, and an authorizer
  allows reading and nothing else (no ATTACH, PRAGMA, writes or schema changes);
- PostgreSQL: a separate connection in a READ ONLY transaction with a statement timeout,
  always rolled back; the query is prepared on the server, which refuses a second statement;
  server functions that act outside the transaction (signal backends, read server files,
  take advisory locks, change settings) are refused by name. For shared servers, also give
  analysts a role that has only SELECT on the views.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

import pandas as pd
import sqlalchemy as sa

from stancedb.errors import ConfigError, ReadOnlyError, StanceDBError

ALLOWED_FIRST_WORDS = ("select", "with", "values", "table", "explain")
STATEMENT_TIMEOUT_MS = 60_000
_COMMENTS = re.compile(r"(--[^\n]*)|(/\*.*?\*/)", re.DOTALL)
# A name may be written quoted ("pg_sleep") or schema-qualified (pg_catalog.pg_sleep).
_POSTGRES_DENIED = re.compile(
    r"\b\"?(pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile|"
    r"pg_read_file|pg_read_binary_file|pg_ls_\w+|pg_stat_file|lo_\w+|pg_file_\w+|dblink\w*|"
    r"pg_promote|pg_switch_wal|pg_create_\w+|pg_drop_\w+|pg_backup_\w+|pg_start_backup|"
    r"pg_stop_backup|pg_\w*advisory\w*|set_config|pg_notify|pg_log_backend_memory_contexts|"
    r"pg_sleep\w*|query_to_xml\w*|dblink|pg_logical_\w+|pg_replication_\w+|"
    r"pg_stat_reset\w*)\"?\s*\(",
    re.IGNORECASE,
)
_SQLITE_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
                   getattr(sqlite3, "SQLITE_RECURSIVE", 33)}


def run(url: str, text: str) -> pd.DataFrame:
    _check_shape(text)
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _run_sqlite(parsed.database or "", text)
    return _run_postgres(url, text)


def _check_shape(text: str) -> None:
    bare = _COMMENTS.sub(" ", text).strip().rstrip(";").strip()
    if not bare:
        raise ReadOnlyError("empty query")
    first = bare.split(None, 1)[0].lower()
    if first not in ALLOWED_FIRST_WORDS:
        raise ReadOnlyError(
            f"refused: `stancedb sql` only reads; {first.upper()} is not allowed "
            f"(use SELECT, WITH, VALUES, TABLE or EXPLAIN)")


def _authorize(action: int, *_args: Any) -> int:
    return sqlite3.SQLITE_OK if action in _SQLITE_ALLOWED else sqlite3.SQLITE_DENY


def _run_sqlite(path: str, text: str) -> pd.DataFrame:
    if not path or path == ":memory:":
        raise ConfigError("`stancedb sql` needs a database file, not an in-memory database")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ConfigError(f"cannot open {path} read-only: {exc}") from exc
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.set_authorizer(_authorize)
        try:
            cursor = conn.execute(text)
        except (sqlite3.Warning, sqlite3.ProgrammingError) as exc:
            raise ReadOnlyError(f"refused: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            if "not authorized" in str(exc):
                raise ReadOnlyError(
                    "refused: `stancedb sql` only reads; that statement would change "
                    "or leave the database") from exc
            raise StanceDBError(f"SQL error: {exc}") from exc
        columns = [d[0] for d in cursor.description or ()]
        return pd.DataFrame(cursor.fetchall(), columns=columns)
    finally:
        conn.close()


def _run_postgres(url: str, text: str) -> pd.DataFrame:
    import psycopg

    # Both as written and without comments: a comment can hide a call from the pattern,
    # and a string holding "--" or "/*" can hide one from the comment stripper.
    denied = _POSTGRES_DENIED.search(text) or _POSTGRES_DENIED.search(_COMMENTS.sub(" ", text))
    if denied:
        raise ReadOnlyError(f"refused: `stancedb sql` does not call {denied.group(1)}()")
    parsed = sa.make_url(url).set(drivername="postgresql")
    conninfo = parsed.render_as_string(hide_password=False)
    try:
        conn = psycopg.connect(conninfo, autocommit=False)
    except psycopg.Error as exc:
        raise ConfigError(f"cannot connect: {exc}") from exc
    try:
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}")
            try:
                cursor.execute(text, prepare=True)
            except psycopg.errors.SyntaxError as exc:
                if "multiple commands" in str(exc):
                    raise ReadOnlyError("refused: one statement at a time") from exc
                raise StanceDBError(f"SQL error: {str(exc).strip()}") from exc
            except psycopg.errors.ReadOnlySqlTransaction as exc:
                raise ReadOnlyError(f"refused: `stancedb sql` only reads ({exc})") from exc
            except psycopg.Error as exc:
                raise StanceDBError(f"SQL error: {str(exc).strip()}") from exc
            columns = [d.name for d in cursor.description or ()]
            rows = cursor.fetchall() if cursor.description else []
        return pd.DataFrame(rows, columns=columns)
    finally:
        conn.rollback()
        conn.close()
