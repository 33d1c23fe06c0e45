"""`stancedb sql` on PostgreSQL: the query runs with the privileges of the role
`stancedb_reader` (alembic/versions/0004_reader_role.py), which may read stancedb's views and
tables and nothing else. Whatever the query calls, however its names are written, the server
checks it against that role: reading server files, signalling other sessions and creating
replication slots are refused.

- SET LOCAL ROLE switches the transaction to the role, and refuses a login that may not.
- A query could switch back with set_config('role', ...), so it runs inside stancedb_read(),
  a SECURITY DEFINER function owned by the role, where PostgreSQL refuses any change of role.
  The function returns rows of declared types: the query is described first (parsed on the
  server, not run) to declare its columns.
- The transaction is READ ONLY, with statement_timeout and lock_timeout, always rolled back.
- stancedb_read() stops after max_rows + 1 rows: neither the server nor this process holds
  more of the result.
- Anyone may take advisory locks, and a session-level one outlives the rollback (a query
  could keep the writers' lock). They are released before the connection, private to the
  query and never pooled, is closed.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import psycopg
import sqlalchemy as sa
from psycopg import sql
from psycopg.pq import ExecStatus

from stancedb.errors import ConfigError, QueryTimeoutError, ReadOnlyError, StanceDBError

READER_ROLE = "stancedb_reader"
READ_FUNCTION = "stancedb_read(text, bigint)"
LOCK_TIMEOUT = 5.0  # seconds, or the query's own limit when that is shorter

Connection = psycopg.Connection[tuple[Any, ...]]

# The declared type of each result column. The server reports a column of a domain type
# (information_schema's, say) as its base type; a column read straight from a table or view
# is declared with that column's own type instead, which the function's rows then match.
_COLUMN_TYPES = """
SELECT format_type(coalesce(a.atttypid, c.type_oid), coalesce(a.atttypmod, c.type_mod)),
       t.typtype
FROM unnest(%s::oid[], %s::int4[], %s::oid[], %s::int4[]) WITH ORDINALITY
     AS c(type_oid, type_mod, table_oid, column_number, n)
LEFT JOIN pg_attribute a
       ON a.attrelid = c.table_oid AND a.attnum = c.column_number AND c.column_number > 0
JOIN pg_type t ON t.oid = coalesce(a.atttypid, c.type_oid)
ORDER BY c.n
"""


def run(url: str, text: str, timeout: float, max_rows: int) -> tuple[pd.DataFrame, bool]:
    """The first `max_rows` rows of the query, and whether it had more."""
    conn = _connect(url)
    lock_timeout = min(timeout, LOCK_TIMEOUT)
    try:
        return _read(conn, text, timeout, lock_timeout, max_rows)
    except psycopg.Error as exc:
        raise _explained(exc, timeout, lock_timeout) from exc
    finally:
        _release(conn)


def _connect(url: str) -> Connection:
    conninfo = sa.make_url(url).set(drivername="postgresql").render_as_string(
        hide_password=False)
    try:
        conn = psycopg.connect(conninfo, autocommit=False)
    except psycopg.Error as exc:
        raise ConfigError(f"cannot connect: {exc}") from exc
    conn.read_only = True  # every transaction of this connection is READ ONLY
    return conn


def _read(conn: Connection, text: str, timeout: float, lock_timeout: float,
          max_rows: int) -> tuple[pd.DataFrame, bool]:
    with conn.cursor() as cursor:
        cursor.execute(f"SET LOCAL statement_timeout = {_milliseconds(timeout)}")
        cursor.execute(f"SET LOCAL lock_timeout = {_milliseconds(lock_timeout)}")
        _assume_reader_role(cursor)
        schema = _read_function_schema(cursor)
        # Names in the query mean what they mean inside stancedb_read().
        cursor.execute(sql.SQL("SET LOCAL search_path = {}, pg_temp").format(
            sql.Identifier(schema)))
        names, types = _describe(conn, cursor, text)
        declared = sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(f"c{n}"), sql.SQL(kind))
            for n, kind in enumerate(types))
        cursor.execute(sql.SQL("SELECT * FROM {}.stancedb_read(%s, %s) AS q({})").format(
            sql.Identifier(schema), declared), (text, max_rows + 1))
        rows = cursor.fetchall()  # at most max_rows + 1: the function stops there
    return pd.DataFrame(rows[:max_rows], columns=names), len(rows) > max_rows


def _milliseconds(seconds: float) -> int:
    return max(1, round(seconds * 1000))


def _assume_reader_role(cursor: psycopg.Cursor[tuple[Any, ...]]) -> None:
    cursor.execute("SELECT session_user")
    login = str(cursor.fetchone()[0])  # type: ignore[index]
    try:
        cursor.execute(f"SET LOCAL ROLE {READER_ROLE}")
    except psycopg.errors.UndefinedObject as exc:
        raise ConfigError(
            f"`stancedb sql` runs queries as the role {READER_ROLE}, which this server does "
            f"not have (stancedb creates it when it migrates a database; was it dropped?). "
            f"An administrator runs: CREATE ROLE {READER_ROLE} NOLOGIN; then `stancedb init` "
            f"on each stancedb database (see docs/SQL.md)") from exc
    except psycopg.errors.InsufficientPrivilege as exc:
        raise ConfigError(
            f"`stancedb sql` runs queries as the role {READER_ROLE}, and the login {login} "
            f"may not switch to it. An administrator grants it with: "
            f"GRANT {READER_ROLE} TO {_quoted(login)};") from exc


def _quoted(name: str) -> str:
    if re.fullmatch(r"[a-z_][a-z0-9_$]*", name):
        return name
    return '"' + name.replace('"', '""') + '"'


def _read_function_schema(cursor: psycopg.Cursor[tuple[Any, ...]]) -> str:
    cursor.execute(
        "SELECT n.nspname, p.prosecdef, pg_get_userbyid(p.proowner) "
        "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE p.oid = to_regprocedure(%s)", (READ_FUNCTION,))
    found = cursor.fetchone()
    if found is None:
        raise ConfigError(
            "this database has no stancedb_read() function, which `stancedb sql` needs: "
            "run `stancedb init` (as the database's owner) to bring its schema up to date")
    schema, definer, owner = found
    if not definer or owner != READER_ROLE:
        # Anyone who may act as the role could make it run as its caller instead.
        raise ReadOnlyError(
            f"refused: stancedb_read() has been altered (it must be SECURITY DEFINER and "
            f"owned by {READER_ROLE}); an administrator must restore it (see docs/SQL.md)")
    return str(schema)


def _describe(conn: Connection, cursor: psycopg.Cursor[tuple[Any, ...]],
              text: str) -> tuple[list[str], list[str]]:
    """The names and declared types of the query's columns, from the server's parse of it
    (as the reader role; nothing is run). A second statement fails here."""
    encoding = conn.info.encoding
    prepared = conn.pgconn.prepare(b"", text.encode(encoding))
    if prepared.status != ExecStatus.COMMAND_OK:
        raise psycopg.errors.error_from_result(prepared, encoding=encoding)
    described = conn.pgconn.describe_prepared(b"")
    if described.status != ExecStatus.COMMAND_OK:
        raise psycopg.errors.error_from_result(described, encoding=encoding)
    count = described.nfields
    if count == 0:
        raise StanceDBError("SQL error: the query returns no columns")
    names = [(described.fname(i) or b"").decode(encoding) for i in range(count)]
    cursor.execute(_COLUMN_TYPES, (
        [described.ftype(i) for i in range(count)], [described.fmod(i) for i in range(count)],
        [described.ftable(i) for i in range(count)],
        [described.ftablecol(i) for i in range(count)]))
    types = []
    for name, (kind, category) in zip(names, cursor.fetchall(), strict=True):
        if category == "p":  # void, record, ...: no column can be declared so
            raise StanceDBError(
                f"SQL error: column {name!r} is of type {kind}, which `stancedb sql` cannot "
                f"return; cast it (to text: ::text)")
        types.append(str(kind))
    return names, types


def _explained(exc: psycopg.Error, timeout: float, lock_timeout: float) -> StanceDBError:
    message = str(exc.diag.message_primary or exc).strip()
    if isinstance(exc, psycopg.errors.LockNotAvailable):
        return QueryTimeoutError(lock_timeout, waiting_for_lock=True)
    if isinstance(exc, psycopg.errors.QueryCanceled):
        return QueryTimeoutError(timeout)
    if isinstance(exc, (psycopg.errors.InsufficientPrivilege,
                        psycopg.errors.ReadOnlySqlTransaction)):
        return ReadOnlyError(f"refused: {message} (`stancedb sql` runs as {READER_ROLE}, "
                             "which may only read stancedb's views and tables)")
    if isinstance(exc, psycopg.errors.SyntaxError) and "multiple commands" in message:
        return ReadOnlyError("refused: one statement at a time")
    if isinstance(exc, psycopg.errors.DatatypeMismatch) and exc.diag.message_detail:
        # A column whose type the description could not tell (an expression of a domain
        # type): the function's row does not match the declared one.
        return StanceDBError(f"SQL error: {exc.diag.message_detail} Cast that column "
                             "(to text: ::text).")
    return StanceDBError(f"SQL error: {message}")


def _release(conn: Connection) -> None:
    """End the transaction, drop session-level advisory locks, close. Closing alone would
    release them only once the server process has gone, which may be after this returns."""
    try:
        if not conn.broken:
            conn.rollback()
            conn.execute("SELECT pg_advisory_unlock_all()")
            conn.rollback()
    except psycopg.Error:
        pass  # the server ends a broken session, and its locks with it, when it notices
    finally:
        conn.close()
