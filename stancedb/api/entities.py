"""/v1/entities: names and what they resolve to; aliases and merges."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from stancedb.api.deps import CONFLICT, DbDep, IdempotencyKey, Responses, WriterDep
from stancedb.api.models import Accepted, AliasCreate, Entity, MergeCreate
from stancedb.api.views import records

router = APIRouter(prefix="/entities", tags=["entities"])
UNCHANGED: Responses = {
    200: {"model": Accepted, "description": "A retry: nothing was appended."}, **CONFLICT}


@router.get("", response_model=list[Entity])
def list_entities(db: DbDep) -> list[dict[str, Any]]:
    return records(db.entities())


@router.post("/aliases", response_model=Accepted, status_code=201, responses=UNCHANGED,
             dependencies=[WriterDep])
def add_alias(db: DbDep, body: AliasCreate, response: Response,
              idempotency_key: IdempotencyKey = None) -> dict[str, Any]:
    """Make `alias` a name of `canonical` (the newest alias of a name wins). Without an
    Idempotency-Key, a request that the current links already say changes nothing and
    appends nothing (200); any other is recorded (201), also one that restores an earlier
    alias."""
    key = f"api-alias-key:{idempotency_key}" if idempotency_key else None
    result = db.alias(body.alias, body.canonical, confidence=body.confidence, agent="api",
                      key=key)
    return _accepted(result.appended, response)


@router.post("/merge", response_model=Accepted, status_code=201, responses=UNCHANGED,
             dependencies=[WriterDep])
def merge(db: DbDep, body: MergeCreate, response: Response,
          idempotency_key: IdempotencyKey = None) -> dict[str, Any]:
    """Merge the entity `source` into `into`; retries as for aliases."""
    key = f"api-merge-key:{idempotency_key}" if idempotency_key else None
    result = db.merge(body.source, body.into, agent="api", key=key)
    return _accepted(result.appended, response)


def _accepted(appended: int, response: Response) -> dict[str, Any]:
    if not appended:
        response.status_code = 200
    return {"appended": appended}
