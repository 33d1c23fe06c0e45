"""Dependencies of the handlers: the database of this app, and write access by token."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, Request

from stancedb.api.problems import Problem
from stancedb.database import StanceDB


def get_db(request: Request) -> StanceDB:
    db: StanceDB = request.app.state.db
    return db


def require_writer(request: Request,
                   authorization: Annotated[str | None, Header()] = None) -> None:
    """Writes need `Authorization: Bearer <token>`; with no token configured the server is
    read-only. Tokens are compared in constant time."""
    token: str | None = request.app.state.token
    if token is None:
        raise Problem(403, "Read-only server",
                      "this server is read-only: it has no STANCEDB_API_TOKEN configured")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
        raise Problem(401, "Unauthorized", "a valid 'Authorization: Bearer <token>' is required",
                      headers={"WWW-Authenticate": "Bearer"})


DbDep = Annotated[StanceDB, Depends(get_db)]
WriterDep = Depends(require_writer)
