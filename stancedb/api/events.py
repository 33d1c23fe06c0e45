"""/v1/events: the log as a feed a follower polls with `after`; /v1/health."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from stancedb.api.deps import DbDep, answer
from stancedb.api.models import EventPublic, Health
from stancedb.api.views import MAX_POSITION, event_public
from stancedb.config import (
    API_EVENTS_PAGE,
    API_MAX_EVENTS_PAGE,
    API_MAX_WAIT_SECONDS,
    API_MAX_WAITERS,
)

router = APIRouter(tags=["log"])
MAX_WAIT_SECONDS = API_MAX_WAIT_SECONDS
MAX_WAITERS = API_MAX_WAITERS  # long polls waiting at once (see create_app)


@router.get("/events", response_model=list[EventPublic])
async def read_events(db: DbDep, request: Request,
                      after: Annotated[int, Query(ge=0, le=MAX_POSITION)] = 0,
                      limit: Annotated[int, Query(ge=1, le=API_MAX_EVENTS_PAGE)] = API_EVENTS_PAGE,
                      wait: Annotated[float, Query(
                          ge=0, le=MAX_WAIT_SECONDS,
                          description="Long poll: when nothing follows `after`, wait up to "
                                      "this many seconds for an event.")] = 0
                      ) -> list[dict[str, Any]]:
    waiters: threading.BoundedSemaphore = request.app.state.waiters
    if wait and waiters.acquire(blocking=False):
        try:
            await answer(lambda: db.wait_for_events(after, wait), short=False)
        finally:
            waiters.release()
    return await answer(lambda: [event_public(e) for e in db.log(after=after, limit=limit)],
                        short=True)


@router.get("/health", response_model=Health)
async def health(db: DbDep, request: Request) -> dict[str, Any]:
    return {"status": "ok", "events": await answer(db.last_position, short=True),
            "writable": request.app.state.token is not None}
