"""The quotes projection: who said what, as the newest `document.attributed` event of each
document name has it. A later event for the same name (a re-extraction, or a new version of
the file) replaces every quote of the earlier one, also with none."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from stancedb.model.events import RecordedEvent
from stancedb.projections.context import ProjectionContext
from stancedb.storage.schema import quotes
from stancedb.storage.sql import db_date, upsert

COLUMNS = tuple(c.name for c in quotes.columns)
_CHUNK = 500


def on_attributed(ctx: ProjectionContext, run: Sequence[RecordedEvent]) -> None:
    latest = {event.payload["document"]: event for event in run}  # the last one wins
    names = sorted(latest)
    for start in range(0, len(names), _CHUNK):
        chunk = names[start:start + _CHUNK]
        ctx.conn.execute(sa.delete(quotes).where(quotes.c.document.in_(chunk)))
    rows = [row for event in latest.values() for row in quote_rows(ctx, event)]
    upsert(ctx.conn, "quotes", COLUMNS, ["quote_id"], rows)


def quote_rows(ctx: ProjectionContext, event: RecordedEvent) -> list[tuple[Any, ...]]:
    payload = event.payload
    provenance = payload["provenance"]
    shared = {"document_id": payload["document_id"], "document": payload["document"],
              "source": payload.get("source"), "url": payload.get("url"),
              "extractor": provenance["agent"],
              "extractor_version": provenance.get("version") or "",
              "position": event.position}
    rows = []
    for number, quote in enumerate(payload.get("quotes") or ()):
        stated_on = date.fromisoformat(quote["stated_on"]) if quote.get("stated_on") else None
        row = {**shared, **quote, "number": number,
               "speaker_folded": quote["speaker"].casefold(),
               "stated_on": db_date(ctx.conn, stated_on),
               "kind": quote.get("kind") or "quote",
               "confidence": quote.get("confidence", 1.0)}
        rows.append(tuple(row.get(name) for name in COLUMNS))
    return rows
