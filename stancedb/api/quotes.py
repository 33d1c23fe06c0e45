"""/v1/quotes: who said what, with cursor pagination."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from stancedb.api.deps import DbDep, answer
from stancedb.api.models import QuotePage
from stancedb.api.views import MAX_POSITION, records
from stancedb.config import API_MAX_PAGE, API_PAGE
from stancedb.storage.query import quote_cursor

router = APIRouter(prefix="/quotes", tags=["quotes"])


@router.get("", response_model=QuotePage)
async def list_quotes(
    db: DbDep,
    speaker: Annotated[str | None, Query(description="The speaker's name, any case.")] = None,
    document: str | None = None, since: date | None = None, until: date | None = None,
    known_at: datetime | None = None,
    after: Annotated[int, Query(ge=0, le=MAX_POSITION,
                                description="Cursor: the `next_after` of the page before.")] = 0,
    limit: Annotated[int, Query(ge=1, le=API_MAX_PAGE)] = API_PAGE,
) -> dict[str, Any]:
    """Every quote the extractor found in the current version of each document (speaker,
    cue, content and their offsets), whether or not it carries a stance, in log order."""
    frame = await answer(lambda: db.quotes(
        speaker=speaker, document=document, since=since, until=until, known_at=known_at,
        after=after, limit=limit), short=known_at is None)
    items = records(frame)
    full = len(items) == limit
    last = items[-1] if full else None
    return {"items": items,
            "next_after": quote_cursor(last["position"], last["number"]) if last else None}
