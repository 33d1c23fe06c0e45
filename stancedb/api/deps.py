"""Dependencies of the handlers: the database of this app, and write access by token."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Request
from fastapi.concurrency import run_in_threadpool

from stancedb.api.problems import Problem
from stancedb.database import StanceDB

T = TypeVar("T")


async def get_db(request: Request) -> StanceDB:
    db: StanceDB = request.app.state.db
    return db


async def require_writer(request: Request,
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


async def answer(call: Callable[[], T], *, short: bool) -> T:
    """Run a library call for a handler. Short, bounded reads run on the event loop: handing
    them to the thread pool costs more than they do (about 1 ms a request on 2 cores).
    Anything that may take long (a replay of the log for known_at, a large window) goes to
    the thread pool, so the server keeps answering meanwhile. Run several workers
    (`stancedb serve --workers N`) to use several cores."""
    return call() if short else await run_in_threadpool(call)


DbDep = Annotated[StanceDB, Depends(get_db)]
WriterDep = Depends(require_writer)

# A write's Idempotency-Key names the request; the library refuses it with another request
# (ConflictError, 409) instead of dropping that request.
IdempotencyKey = Annotated[str | None, Header(
    max_length=200, description="Names this request: a retry with the same key and body "
    "appends nothing; the same key with another body is refused with 409 and nothing is "
    "written.")]
Responses = dict[int | str, dict[str, Any]]
CONFLICT: Responses = {409: {"description": "The Idempotency-Key was used for another "
                                            "request; nothing was written."}}
