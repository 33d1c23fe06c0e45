"""The REST API: `create_app(db)` builds a FastAPI application over one StanceDB. No
module-level engine or state: tests and the CLI make as many apps as they like.

    uvicorn-served by `stancedb serve`; OpenAPI at /openapi.json, docs at /docs.
"""

from __future__ import annotations

import os
import threading

from fastapi import APIRouter, FastAPI

from stancedb._version import __version__
from stancedb.api import analysis, documents, entities, events, problems, quotes, statements
from stancedb.database import StanceDB

TOKEN_VARIABLE = "STANCEDB_API_TOKEN"


def create_app(db: StanceDB, token: str | None = None) -> FastAPI:
    """An app over `db`. Writes need `token` (default: $STANCEDB_API_TOKEN); without one
    the app is read-only."""
    app = FastAPI(title="stancedb", version=__version__,
                  description="An event-sourced database of reported stances.")
    app.state.db = db
    app.state.token = token if token is not None else (os.environ.get(TOKEN_VARIABLE) or None)
    # A long poll holds a database connection and a worker thread while it waits: at most
    # this many wait at once; the others answer at once, and their clients poll again.
    app.state.waiters = threading.BoundedSemaphore(events.MAX_WAITERS)
    problems.install(app)
    v1 = APIRouter(prefix="/v1")
    for module in (statements, quotes, documents, entities, analysis, events):
        v1.include_router(module.router)
    app.include_router(v1)
    return app


__all__ = ["TOKEN_VARIABLE", "create_app"]
