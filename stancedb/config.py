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
