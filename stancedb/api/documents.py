"""/v1/documents: an article in, its extracted statements out."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from stancedb.api.deps import DbDep, WriterDep
from stancedb.api.models import DocumentCreate, StatementPublic
from stancedb.api.views import records

router = APIRouter(prefix="/documents", tags=["documents"])


@router.post("", response_model=list[StatementPublic], status_code=201,
             dependencies=[WriterDep])
def add_document(db: DbDep, body: DocumentCreate) -> list[dict[str, Any]]:
    frame = db.add_document(body.name, body.text, kind=body.format, source=body.source,
                            url=body.url, published=body.published, title=body.title)
    return records(frame)
