"""/v1/events: the log as a feed a follower polls with `after`; /v1/health."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from stancedb.api.deps import DbDep
from stancedb.api.models import EventPublic, Health
from stancedb.api.views import MAX_POSITION, event_public

router = APIRouter(tags=["log"])


@router.get("/events", response_model=list[EventPublic])
def read_events(db: DbDep, after: Annotated[int, Query(ge=0, le=MAX_POSITION)] = 0,
                limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> list[dict[str, Any]]:
    return [event_public(e) for e in db.log(after=after, limit=limit)]


@router.get("/health", response_model=Health)
def health(db: DbDep, request: Request) -> dict[str, Any]:
    return {"status": "ok", "events": db.store.last_position(),
            "writable": request.app.state.token is not None}
