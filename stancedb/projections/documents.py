"""The documents projection: one row per ingested document version."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from stancedb.model.events import RecordedEvent
from stancedb.projections.context import ProjectionContext
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
