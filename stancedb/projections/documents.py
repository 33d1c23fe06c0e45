"""The documents projection: one row per ingested document version."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from stancedb.model.events import DocumentAttributed, DocumentIngested, RecordedEvent
from stancedb.projections.context import ProjectionContext
from stancedb.storage.schema import documents, events, statements
from stancedb.storage.sql import db_date, upsert

COLUMNS = ["document_id", "name", "sha256", "source", "url", "title", "published",
           "published_inferred", "position"]


def on_ingested(ctx: ProjectionContext, run: Sequence[RecordedEvent]) -> None:
    rows = []
    for event in run:
        p = event.payload
        published = date.fromisoformat(p["published"]) if p.get("published") else None
        rows.append((p["document_id"], p["name"], p["sha256"], p.get("source"), p.get("url"),
                     p.get("title"), db_date(ctx.conn, published),
                     bool(p.get("published_inferred")), event.position))
    upsert(ctx.conn, "documents", COLUMNS, ["document_id"], rows)


# --- reading -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class StoredVersion:
    document_id: str
    sha256: str
    version: int


def current_version(conn: sa.Connection, name: str) -> StoredVersion | None:
    """The newest stored version of the document with this name."""
    row = conn.execute(
        sa.select(documents.c.document_id, documents.c.sha256)
        .where(documents.c.name == name)
        .order_by(documents.c.position.desc()).limit(1)
    ).first()
    if row is None:
        return None
    count = conn.scalar(sa.select(sa.func.count()).where(documents.c.name == name))
    return StoredVersion(row.document_id, row.sha256, int(count or 1))


def newest_versions(conn: sa.Connection, extractor: str) -> list[dict[str, Any]]:
    """The newest version of every stored document: its `document.ingested` payload (with
    the text), the versions of `extractor` that made its current statements, and those that
    stored its quotes."""
    newest: dict[str, Any] = {}
    for row in conn.execute(sa.select(documents).order_by(documents.c.position)):
        newest[row.name] = row
    found = []
    for row in newest.values():
        payload = conn.scalar(sa.select(events.c.payload).where(
            events.c.subject == row.document_id, events.c.type == DocumentIngested.TYPE))
        versions = set(conn.scalars(
            sa.select(statements.c.extractor_version)
            .where(statements.c.document == row.name, statements.c.extractor == extractor)))
        # Which extractor versions stored this version's quotes (by their event keys).
        prefix = f"quotes:{row.document_id}:"
        attributed = {key.removeprefix(prefix) for key in conn.scalars(
            sa.select(events.c.key).where(events.c.subject == row.document_id,
                                          events.c.type == DocumentAttributed.TYPE))}
        found.append({"payload": payload, "extractor_versions": versions,
                      "attributed_versions": attributed})
    return found
