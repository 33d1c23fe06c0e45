"""/v1/statements: list with cursor pagination, read one with its history, append, retract,
correct."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from stancedb.api.deps import CONFLICT, DbDep, IdempotencyKey, Responses, WriterDep, answer
from stancedb.api.models import (
    Correction,
    Recorded,
    Retraction,
    StatementCreate,
    StatementDetail,
    StatementPage,
)
from stancedb.api.views import MAX_POSITION, event_public, records
from stancedb.config import API_MAX_PAGE, API_PAGE

router = APIRouter(prefix="/statements", tags=["statements"])


@router.get("", response_model=StatementPage)
async def list_statements(
    db: DbDep, actor: str | None = None, target: str | None = None,
    source: str | None = None, since: date | None = None, until: date | None = None,
    at: date | None = None, known_at: datetime | None = None,
    level: Annotated[str, Query(pattern="^(person|org)$")] = "person",
    after: Annotated[int, Query(ge=0, le=MAX_POSITION,
                                description="Cursor: a log position.")] = 0,
    limit: Annotated[int, Query(ge=1, le=API_MAX_PAGE)] = API_PAGE,
) -> dict[str, Any]:
    frame = await answer(lambda: db.statements(
        actor=actor, target=target, source=source, since=since, until=until, at=at,
        known_at=known_at, level=level, after=after, limit=limit), short=known_at is None)
    items = records(frame)
    full = len(items) == limit
    return {"items": items, "next_after": int(items[-1]["position"]) if full else None}


@router.get("/{statement_id}", response_model=StatementDetail)
async def read_statement(db: DbDep, statement_id: str) -> dict[str, Any]:
    current, history = await answer(lambda: db.statement(statement_id), short=True)
    return {"current": current, "history": [event_public(e) for e in history]}


RETRY: Responses = {200: {"model": Recorded, "description": "A retry: nothing was appended."},
                    **CONFLICT}


@router.post("", response_model=Recorded, status_code=201, responses=RETRY,
             dependencies=[WriterDep])
def create_statement(db: DbDep, body: StatementCreate, response: Response,
                     idempotency_key: IdempotencyKey = None) -> dict[str, Any]:
    """Append a statement. A retry with the same Idempotency-Key and body, or without a key
    the same content, appends nothing and answers 200 with `created: false`; the same key
    with another body is refused with 409 and nothing is written."""
    fields = body.model_dump(exclude_none=True)
    fields["date"] = fields.pop("stated_on").isoformat()
    key = f"api:{idempotency_key}" if idempotency_key else None
    statement_id, created = db.record(fields, key=key)
    if not created:
        response.status_code = 200
    return {"statement_id": statement_id, "created": created}


@router.post("/{statement_id}/retract", response_model=Recorded, dependencies=[WriterDep])
def retract_statement(db: DbDep, statement_id: str, body: Retraction) -> dict[str, Any]:
    result = db.retract(statement_id, body.reason, agent="api")
    return {"statement_id": statement_id, "created": result.appended == 1}


@router.post("/{statement_id}/correct", response_model=Recorded, responses=CONFLICT,
             dependencies=[WriterDep])
def correct_statement(db: DbDep, statement_id: str, body: Correction,
                      idempotency_key: IdempotencyKey = None) -> dict[str, Any]:
    """Correct fields of a statement. A retry with the same Idempotency-Key and body
    appends nothing (`created: false`); the same key with another body, or for another
    statement, is refused with 409. Without a key every correction is recorded."""
    key = f"api-correct:{idempotency_key}" if idempotency_key else None
    result = db.correct(statement_id, body.changes(), body.reason, agent="api", key=key)
    return {"statement_id": statement_id, "created": result.appended == 1}
