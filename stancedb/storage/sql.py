"""Raw SQL for the log's and the projections' hot paths, written once for SQLite and
PostgreSQL.

Both databases accept `INSERT ... ON CONFLICT (...) DO UPDATE SET c = excluded.c`; what
differs is how many rows travel at once. On SQLite (in process) executemany is as fast as it
gets. On PostgreSQL every executemany row is a message to the server, so large batches go by
COPY, into the table itself or into a temporary staging table that one INSERT ... SELECT
... ON CONFLICT then merges; and look-ups by many keys send one array (`= ANY(%s)`) instead
of many IN lists.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

# Upserts of fewer rows than this on PostgreSQL go by executemany (staging costs three
# statements of its own).
STAGE_FROM = 200
IN_CHUNK = 500  # SQLite look-ups: keys per IN (...) list


def marks(conn: Connection, count: int) -> str:
    mark = "?" if conn.dialect.name == "sqlite" else "%s"
    return ", ".join([mark] * count)


def db_date(conn: Connection, value: Any) -> Any:
    """Dates go to SQLite as ISO text (its adapters are deprecated) and to PostgreSQL as is;
    any other value passes unchanged."""
    if conn.dialect.name != "sqlite" or not isinstance(value, date) or isinstance(value, datetime):
        return value
    return value.isoformat()


def copy_rows(conn: Connection, table: str, columns: Sequence[str],
              rows: Iterable[Sequence[Any]]) -> None:
    """PostgreSQL COPY ... FROM STDIN of rows into a table."""
    import psycopg

    raw: Any = conn.connection.dbapi_connection  # a psycopg connection
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    try:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.Error as exc:  # as SQLAlchemy reports errors of the statements it runs
        raise sa.exc.DBAPIError.instance(statement, None, exc, psycopg.Error) from exc


def insert_rows(conn: Connection, table: str, columns: Sequence[str],
                rows: Sequence[Sequence[Any]]) -> None:
    """Plain INSERT of rows (no conflict expected), by the fastest path of the database."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        copy_rows(conn, table, columns, rows)
        return
    conn.exec_driver_sql(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks(conn, len(columns))})",
        list(rows))


def upsert(conn: Connection, table: str, columns: Sequence[str], keys: Sequence[str],
           rows: Sequence[Sequence[Any]], update: bool = True) -> None:
    """Insert rows; on a key conflict replace the other columns (or keep the row). As with
    one INSERT per row, of rows with the same key the last wins (or, without update, the
    first)."""
    if not rows:
        return
    names = ", ".join(columns)
    others = [c for c in columns if c not in keys]
    if update and others:
        action = "DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in others)
    else:
        action = "DO NOTHING"
    conflict = f"ON CONFLICT ({', '.join(keys)}) {action}"
    if conn.dialect.name != "postgresql" or len(rows) < STAGE_FROM:
        conn.exec_driver_sql(
            f"INSERT INTO {table} ({names}) VALUES ({marks(conn, len(columns))}) {conflict}",
            [tuple(row) for row in rows])
        return
    # One statement may not touch a row twice: keep one row per key, as above.
    at = [columns.index(k) for k in keys]
    unique: dict[tuple[Any, ...], Sequence[Any]] = {}
    for row in rows:
        key = tuple(row[i] for i in at)
        if update or key not in unique:
            unique[key] = row
    stage = staging_table(conn, table, columns)
    copy_rows(conn, stage, columns, unique.values())
    conn.exec_driver_sql(
        f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage} WHERE 1 = 1 {conflict}")
    conn.exec_driver_sql(f"DELETE FROM {stage}")


def empty_temp_table(conn: Connection, name: str, columns: str) -> None:
    """An empty temporary table of this connection, made on first use."""
    conn.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({columns})")
    conn.exec_driver_sql(f"DELETE FROM {name}")


def staging_table(conn: Connection, table: str, columns: Sequence[str]) -> str:
    """A temporary table (PostgreSQL) with `columns` of `table`, emptied at commit."""
    tag = hashlib.sha1(",".join(columns).encode()).hexdigest()[:8]
    stage = f"staged_{table}_{tag}"
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DELETE ROWS AS "
        f"SELECT {', '.join(columns)} FROM {table} WITH NO DATA")
    return stage


def rows_where_in(conn: Connection, table: str, columns: Sequence[str], column: str,
                  values: Iterable[Any]) -> list[Any]:
    """The `columns` of the rows of `table` whose `column` is one of `values`."""
    wanted = list(dict.fromkeys(values))
    if not wanted:
        return []
    select = f"SELECT {', '.join(columns)} FROM {table} WHERE {column}"
    if conn.dialect.name == "postgresql":
        return list(conn.exec_driver_sql(f"{select} = ANY(%s)", (wanted,)))
    found: list[Any] = []
    for start in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[start:start + IN_CHUNK]
        found.extend(conn.exec_driver_sql(f"{select} IN ({marks(conn, len(chunk))})",
                                          tuple(chunk)))
    return found


@contextmanager
def indexes_suspended(conn: Connection, table: str) -> Iterator[None]:
    """Drop the secondary indexes of `table` for a bulk load, and make them again after it:
    building an index over a full table sorts once, where growing it a row at a time walks
    the tree for every row. Inside the caller's transaction, so a failure restores them."""
    if conn.dialect.name == "sqlite":
        found = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL", (table,)).all()  # (automatic indexes have no sql)
    else:
        found = conn.exec_driver_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = %s AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            (table,)).all()
    for name, _ in found:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, definition in found:
        conn.exec_driver_sql(definition)
