"""Raw SQL for the projections' hot paths, written once for SQLite and PostgreSQL.

Both databases accept `INSERT ... ON CONFLICT (...) DO UPDATE SET c = excluded.c`; only the
driver's parameter marks and the way dates travel differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Connection


def marks(conn: Connection, count: int) -> str:
    mark = "?" if conn.dialect.name == "sqlite" else "%s"
    return ", ".join([mark] * count)


def db_date(conn: Connection, value: Any) -> Any:
    """Dates go to SQLite as ISO text (its adapters are deprecated) and to PostgreSQL as is;
    any other value passes unchanged."""
    if conn.dialect.name != "sqlite" or not isinstance(value, date) or isinstance(value, datetime):
        return value
    return value.isoformat()


def upsert(conn: Connection, table: str, columns: Sequence[str], keys: Sequence[str],
           rows: Sequence[Sequence[Any]], update: bool = True) -> None:
    """Insert rows; on a key conflict replace the other columns (or keep the row)."""
    if not rows:
        return
    others = [c for c in columns if c not in keys]
    if update and others:
        action = "DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in others)
    else:
        action = "DO NOTHING"
    conn.exec_driver_sql(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks(conn, len(columns))}) "
        f"ON CONFLICT ({', '.join(keys)}) {action}",
        [tuple(row) for row in rows],
    )
