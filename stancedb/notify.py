"""Waking followers when the log grows.

A follower reads "events after position P" and then waits for more. On PostgreSQL every
append sends a NOTIFY on the channel `stancedb_events` with its last position; the server
delivers it only when the append commits, so a woken follower always finds the events. A
follower LISTENs before it looks at the log, so an append that commits between the look and
the wait still wakes it. SQLite has no such signal: the follower looks again every
POLL_SECONDS.
"""

from __future__ import annotations

import time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from stancedb.schema import events

CHANNEL = "stancedb_events"
POLL_SECONDS = 0.05


def announce(conn: Connection, last_position: int) -> None:
    """Tell listeners, once this transaction commits, that the log reaches `last_position`."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_notify(%s, %s)", (CHANNEL, str(last_position)))


def wait_for_events(engine: Engine, after: int, timeout: float) -> bool:
    """True as soon as the log holds an event after position `after` (at once if it does
    already); False when `timeout` seconds pass first."""
    deadline = time.monotonic() + max(timeout, 0.0)
    if engine.dialect.name != "postgresql":
        while True:
            if _last_position(engine) > after:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(min(POLL_SECONDS, max(deadline - time.monotonic(), 0.0)))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        listener: Any = conn.connection.dbapi_connection  # a psycopg connection
        conn.exec_driver_sql(f"LISTEN {CHANNEL}")
        try:
            if _last_position_on(conn) > after:
                return True
            while (left := deadline - time.monotonic()) > 0:
                for notice in listener.notifies(timeout=left, stop_after=1):
                    if int(notice.payload) > after:
                        return True
            return False
        finally:
            conn.exec_driver_sql(f"UNLISTEN {CHANNEL}")


def _last_position(engine: Engine) -> int:
    with engine.connect() as conn:
        return _last_position_on(conn)


def _last_position_on(conn: Connection) -> int:
    return int(conn.scalar(sa.select(sa.func.coalesce(sa.func.max(events.c.position), 0)))
               or 0)
