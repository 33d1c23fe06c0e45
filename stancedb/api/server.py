"""The app as uvicorn workers build it: one StanceDB per worker process, on the database
named by STANCEDB_URL (set by `stancedb serve`)."""

from __future__ import annotations

from fastapi import FastAPI

from stancedb.api import create_app
from stancedb.database import StanceDB


def app() -> FastAPI:
    return create_app(StanceDB())
