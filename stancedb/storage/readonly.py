"""The read-only SQL door for analysts (`stancedb sql`): one query, a time limit, a row cap.

What stops a query from writing or reaching outside is what the database lets it do, never a
reading of its text (a deny list of names cannot be complete: quoting, Unicode escapes and
nested comments hide any name from it):
- SQLite: the file is opened read-only (`mode=ro`), `query_only` is on, and an authorizer
  allows reading and nothing else (no ATTACH, PRAGMA, writes, schema changes, extensions);
  a progress handler stops the query at its time limit.
- PostgreSQL (`readonly_postgres`): the query runs as the role `stancedb_reader`, which may
  only read, in a READ ONLY transaction with a statement timeout, always rolled back.

Both return at most `max_rows` rows and read at most one more (to know whether more exist);
the frame's `attrs["more_rows"]` says so. The first-word check below only gives a clear
message for the obvious mistakes (DELETE, DROP, ...); it is not what protects the database.
"""

from __future__ import annotations

import math
import re
import sqlite3
import time
from typing import Any

import pandas as pd
import sqlalchemy as sa

from stancedb.config import SQL_MAX_ROWS, SQL_TIMEOUT_SECONDS
from stancedb.errors import ConfigError, QueryTimeoutError, ReadOnlyError, StanceDBError

ALLOWED_FIRST_WORDS = ("select", "with", "values", "table", "explain")
DEFAULT_TIMEOUT = SQL_TIMEOUT_SECONDS  # (names kept for callers of readonly.run)
DEFAULT_MAX_ROWS = SQL_MAX_ROWS
MORE_ROWS = "more_rows"  # the key in DataFrame.attrs: True when the query had more rows
_COMMENTS = re.compile(r"(--[^\n]*)|(/\*.*?\*/)", re.DOTALL)
_SQLITE_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
                   getattr(sqlite3, "SQLITE_RECURSIVE", 33)}
# SQLite calls the progress handler every this many virtual machine instructions (about a
# millisecond's work), so the time limit is kept to within a few milliseconds.
_SQLITE_PROGRESS_STEPS = 10_000


def run(url: str, text: str, *, timeout: float = DEFAULT_TIMEOUT,
        max_rows: int = DEFAULT_MAX_ROWS) -> pd.DataFrame:
    """The first `max_rows` rows of one read-only query; attrs["more_rows"] is True when the
    query had more. QueryTimeoutError after `timeout` seconds."""
    _check_limits(timeout, max_rows)
    _check_shape(text)
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        frame, more = _run_sqlite(parsed.database or "", text, timeout, max_rows)
    else:
        from stancedb.storage import readonly_postgres  # psycopg is loaded only when needed

        frame, more = readonly_postgres.run(url, text, timeout, max_rows)
    frame.attrs[MORE_ROWS] = more
    return frame


def _check_limits(timeout: float, max_rows: int) -> None:
    if not (math.isfinite(timeout) and timeout > 0):
        raise ConfigError(f"timeout must be a positive number of seconds, not {timeout!r}")
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 1:
        raise ConfigError(f"max_rows must be a whole number of at least 1, not {max_rows!r}")


def _check_shape(text: str) -> None:
    if "\x00" in text:  # libpq would read the text only up to it
        raise ReadOnlyError("refused: the query contains a NUL character")
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


def _run_sqlite(path: str, text: str, timeout: float,
                max_rows: int) -> tuple[pd.DataFrame, bool]:
    if not path or path == ":memory:":
        raise ConfigError("`stancedb sql` needs a database file, not an in-memory database")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ConfigError(f"cannot open {path} read-only: {exc}") from exc
    deadline = time.monotonic() + timeout
    stopped = False

    def past_deadline() -> int:
        # A non-zero answer makes SQLite abandon the statement ("interrupted").
        nonlocal stopped
        stopped = stopped or time.monotonic() >= deadline
        return int(stopped)

    try:
        conn.execute("PRAGMA query_only = ON")
        conn.set_authorizer(_authorize)
        conn.set_progress_handler(past_deadline, _SQLITE_PROGRESS_STEPS)
        try:
            cursor = conn.execute(text)
            # Rows are computed as they are fetched: the rest of the result is never made.
            rows = cursor.fetchmany(max_rows + 1)
        except (sqlite3.Warning, sqlite3.ProgrammingError) as exc:
            raise ReadOnlyError(f"refused: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            if stopped:
                raise QueryTimeoutError(timeout) from exc
            if "not authorized" in str(exc):
                raise ReadOnlyError(
                    "refused: `stancedb sql` only reads; that statement would change "
                    "or leave the database") from exc
            raise StanceDBError(f"SQL error: {exc}") from exc
        columns = [d[0] for d in cursor.description or ()]
        return pd.DataFrame(rows[:max_rows], columns=columns), len(rows) > max_rows
    finally:
        conn.close()
