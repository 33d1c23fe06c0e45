"""How `stancedb serve` runs the app: uvicorn's settings, and the app as its workers build
it (one StanceDB per worker process, on the database named by STANCEDB_URL)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from stancedb.api import create_app
from stancedb.config import API_MAX_HEADER_BYTES
from stancedb.database import StanceDB

# The request line and headers of a request may take this many bytes. A client that sends
# more (a 100 MB header) is answered 400 and disconnected while the headers arrive, before
# the app or its token check sees the request. httptools, the parser uvicorn prefers, reads
# headers of any size; h11 bounds what it holds of an unfinished request, bodies excepted.
MAX_HEADER_BYTES = API_MAX_HEADER_BYTES
UVICORN_OPTIONS: dict[str, Any] = {
    "http": "h11", "h11_max_incomplete_event_size": MAX_HEADER_BYTES, "log_level": "warning",
}


def app() -> FastAPI:
    return create_app(StanceDB())
