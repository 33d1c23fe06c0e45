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
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Connection, Engine

# The head of the log, read on a connection given or on one of its own (EventStore's).
LastPosition = Callable[[Connection | None], int]

CHANNEL = "stancedb_events"
POLL_SECONDS = 0.05


def announce(conn: Connection, last_position: int) -> None:
    """Tell listeners, once this transaction commits, that the log reaches `last_position`."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_notify(%s, %s)", (CHANNEL, str(last_position)))


def wait_for_events(engine: Engine, last_position: LastPosition, after: int,
                    timeout: float) -> bool:
    """True as soon as the log holds an event after position `after` (at once if it does
    already); False when `timeout` seconds pass first."""
    deadline = time.monotonic() + max(timeout, 0.0)
    if engine.dialect.name != "postgresql":
        while True:
            if last_position(None) > after:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(min(POLL_SECONDS, max(deadline - time.monotonic(), 0.0)))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        listener: Any = conn.connection.dbapi_connection  # a psycopg connection
        conn.exec_driver_sql(f"LISTEN {CHANNEL}")
        try:
            if last_position(conn) > after:
                return True
            while (left := deadline - time.monotonic()) > 0:
                for notice in listener.notifies(timeout=left, stop_after=1):
                    if int(notice.payload) > after:
                        return True
            return False
        finally:
            conn.exec_driver_sql(f"UNLISTEN {CHANNEL}")

