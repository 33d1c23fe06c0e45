"""/v1/entities: names and what they resolve to; aliases and merges."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from stancedb.api.deps import DbDep, WriterDep
from stancedb.api.models import Accepted, AliasCreate, Entity, MergeCreate
from stancedb.api.views import records

router = APIRouter(prefix="/entities", tags=["entities"])


@router.get("", response_model=list[Entity])
def list_entities(db: DbDep) -> list[dict[str, Any]]:
    return records(db.entities())


@router.post("/aliases", response_model=Accepted, status_code=201, dependencies=[WriterDep])
def add_alias(db: DbDep, body: AliasCreate) -> dict[str, Any]:
    result = db.alias(body.alias, body.canonical, confidence=body.confidence, agent="api",
                      key=f"api-alias:{body.alias}->{body.canonical}")
    return {"appended": result.appended}


@router.post("/merge", response_model=Accepted, status_code=201, dependencies=[WriterDep])
def merge(db: DbDep, body: MergeCreate) -> dict[str, Any]:
    result = db.merge(body.source, body.into, agent="api",
                      key=f"api-merge:{body.source}->{body.into}")
    return {"appended": result.appended}
