"""Settings: where the database is. Default: the SQLite file stancedb.sqlite in the working
directory; the environment variable STANCEDB_URL or the CLI's --db override it."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_SQLITE_FILE = "stancedb.sqlite"
URL_VARIABLE = "STANCEDB_URL"


def database_url(explicit: str | None = None) -> str:
    """The database URL to use: explicit, else $STANCEDB_URL, else ./stancedb.sqlite.

    A bare file path is accepted and taken as a SQLite file."""
    url = explicit or os.environ.get(URL_VARIABLE) or DEFAULT_SQLITE_FILE
    if "://" not in url:
        url = f"sqlite:///{Path(url).resolve()}"
    return url


# --- defaults: each defined here once, and referenced by the library, the CLI and the API ---

# Positions: days for a statement's weight to halve (docs/POSITIONS.md).
DEFAULT_HALF_LIFE_DAYS = 30.0
# Ingest: events per append (one transaction each), and bad rows listed per file.
BATCH_SIZE = 20_000
MAX_REPORTED_ERRORS = 1_000
# Read-only SQL: the time limit (seconds) and the most rows returned.
SQL_TIMEOUT_SECONDS = 30.0
SQL_MAX_ROWS = 100_000
# CLI tables: rows shown on a terminal unless --limit says otherwise, and characters of a quote.
TABLE_ROWS = 100
TABLE_QUOTE_CHARS = 80
# Reports: the statements listed in index.html and statements.csv.
REPORT_MAX_STATEMENTS = 500
# REST API: page sizes, long polls, request limits.
API_PAGE = 100
API_MAX_PAGE = 1_000
API_EVENTS_PAGE = 500
API_MAX_EVENTS_PAGE = 5_000
API_MAX_WAIT_SECONDS = 30
API_MAX_WAITERS = 8  # long polls waiting at once
API_MAX_BODY_BYTES = 10 * 1024 * 1024
API_MAX_HEADER_BYTES = 64 * 1024
