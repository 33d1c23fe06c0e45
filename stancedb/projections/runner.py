"""Applies events to every projection, keeps their checkpoints, catches up and rebuilds.

Projections are folds with one handler per event type. The store calls `Projector.apply`
inside the append transaction, so a projection and its checkpoint always move together with
the log (exactly once). A rebuild clears the tables and replays the whole log through the
same handlers, so incremental and rebuilt projections are the same function of the log.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from stancedb.model.events import RecordedEvent
from stancedb.projections import documents, entities, positions, quotes, statements
from stancedb.projections import rebuild as bulk
from stancedb.projections.context import ProjectionContext
from stancedb.storage.schema import PROJECTION_TABLES, checkpoints
from stancedb.storage.sql import upsert
from stancedb.storage.store import EventStore

Handler = Callable[[ProjectionContext, Sequence[RecordedEvent]], None]

HANDLERS: dict[str, Handler] = {
    "document.ingested": documents.on_ingested,
    "document.attributed": quotes.on_attributed,
    "statement.recorded": statements.on_recorded,
    "statement.retracted": statements.on_retracted,
    "statement.corrected": statements.on_corrected,
    "entity.aliased": entities.on_aliased,
    "entity.merged": entities.on_merged,
    "entity.role": entities.on_role,
}
PROJECTIONS = ("documents", "statements", "quotes", "entities", "positions")
REPLAY_BATCH = 20_000


def apply(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    """Fold a batch of events (in position order) into the projections."""
    if not events:
        return
    ctx = ProjectionContext(conn)
    for event_type, run in groupby(events, key=lambda e: e.type):
        HANDLERS[event_type](ctx, list(run))
    positions.refresh(ctx)
    upsert(conn, "checkpoints", ["name", "position"], ["name"],
           [(name, events[-1].position) for name in PROJECTIONS])
    ctx.keep_graph(events[-1])


def checkpoint(conn: Connection) -> int:
    """The position every projection has applied (the lowest of their checkpoints)."""
    rows = {r.name: r.position for r in conn.execute(sa.select(checkpoints))}
    return min((rows.get(name, 0) for name in PROJECTIONS), default=0)


def clear(conn: Connection) -> None:
    for table in PROJECTION_TABLES:
        conn.execute(sa.delete(table))
    conn.execute(sa.delete(checkpoints))


def catch_up(conn: Connection, store: EventStore) -> int:
    """Apply the events the projections have not seen yet; returns how many."""
    applied = 0
    batch: list[RecordedEvent] = []
    for event in store.read(after=checkpoint(conn), conn=conn):
        batch.append(event)
        if len(batch) >= REPLAY_BATCH:
            apply(conn, batch)
            applied += len(batch)
            batch = []
    apply(conn, batch)
    return applied + len(batch)


def rebuild(conn: Connection, store: EventStore) -> int:
    """Recompute every projection from an empty state (mostly set-based: see
    projections/rebuild.py); returns the events replayed."""
    clear(conn)
    last = bulk.rebuild(conn, store, apply)
    if last:
        upsert(conn, "checkpoints", ["name", "position"], ["name"],
               [(name, last) for name in PROJECTIONS])
    return last
