"""Rebuilding every projection from the log, mostly in set-based SQL.

Replaying a large log event by event through the handlers costs Python work per event. But
most statements have one event in their whole history (recorded, never retracted or
corrected), and their current row is their payload with names resolved. So a rebuild:

1. replays, through the same handlers as the incremental path and in log order, every
   event except those single-event statements (documents, entities, and statements with a
   history);
2. inserts the single-event statements straight from the log with one INSERT ... SELECT,
   their names as recorded;
3. resolves those names against the final entity graph and roles (as the handlers do when
   an alias, merge or role arrives after a statement), registers them as entities, and
   recomputes the daily positions of everything in one GROUP BY per level.

The property test (tests/test_projection_properties.py) holds the result equal to the
incremental projections for random histories.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from stancedb.model.events import RecordedEvent
from stancedb.projections import positions
from stancedb.projections import statements as statement_projection
from stancedb.projections.context import ProjectionContext
from stancedb.storage.schema import entity_links, entity_roles, events
from stancedb.storage.sql import empty_temp_table, indexes_suspended
from stancedb.storage.store import EventStore, from_row

PAGE = 20_000


Apply = Callable[[Connection, Sequence[RecordedEvent]], None]


def rebuild(conn: Connection, store: EventStore, apply: Apply) -> int:
    """Recompute the (cleared) projections from the log with `apply` (the incremental fold)
    for what needs it; returns the position of the last event."""
    last = store.last_position(conn)
    if last == 0:
        return 0
    empty_temp_table(conn, "storied", "subject TEXT PRIMARY KEY")
    # Statements with more than one event (recorded twice, retracted, corrected).
    conn.exec_driver_sql(
        "INSERT INTO storied SELECT subject FROM events WHERE type IN ('statement.recorded', "
        "'statement.retracted', 'statement.corrected') GROUP BY subject HAVING COUNT(*) > 1")
    batch: list[RecordedEvent] = []
    for event in _replayed_one_by_one(conn):
        batch.append(event)
        if len(batch) >= PAGE:
            apply(conn, batch)
            batch = []
    apply(conn, batch)
    with indexes_suspended(conn, "statements"):
        conn.exec_driver_sql(_insert_single_event_statements(conn.dialect.name))
    ctx = ProjectionContext(conn)
    _register_names(ctx)
    linked = set(conn.scalars(sa.select(entity_links.c.name)))
    speakers = {ctx.graph.resolve(p) for p in conn.scalars(sa.select(entity_roles.c.person))}
    statement_projection.reresolve(ctx, linked, speakers)
    ctx.forget_positions()  # every day is recomputed below
    conn.exec_driver_sql("DELETE FROM positions")
    with indexes_suspended(conn, "positions"):
        positions.recompute_all(conn)
    return last


def _replayed_one_by_one(conn: Connection) -> Iterator[RecordedEvent]:
    after = 0
    while True:
        query = (sa.select(events).where(events.c.position > after)
                 .where(sa.or_(events.c.type != "statement.recorded",
                               events.c.subject.in_(sa.text("SELECT subject FROM storied"))))
                 .order_by(events.c.position).limit(PAGE))
        page = [from_row(row) for row in conn.execute(query)]
        if not page:
            return
        yield from page
        after = page[-1].position


def _insert_single_event_statements(dialect: str) -> str:
    def text(path: str) -> str:
        if dialect == "sqlite":
            return f"json_extract(e.payload, '$.{path}')"
        *parents, leaf = path.split(".")
        return "e.payload" + "".join(f"->'{p}'" for p in parents) + f"->>'{leaf}'"

    def typed(path: str, sql_type: str) -> str:
        return text(path) if dialect == "sqlite" else f"CAST({text(path)} AS {sql_type})"

    actor, target, org = text("actor"), text("target"), text("actor_org")
    return f"""
        INSERT INTO statements (statement_id, document, actor, actor_name, actor_org,
            actor_org_name, org_actor, target, target_name, target_kind, stance, score,
            modality, stated_on, source, url, evidence, evidence_start, evidence_end,
            confidence, extractor, extractor_version, origin, position, quote_id)
        SELECT e.subject, {text("document")}, {actor}, {actor}, {org}, {org},
               COALESCE({org}, {actor}), {target}, {target},
               COALESCE(NULLIF({text("target_kind")}, ''), 'entity'), {text("stance")},
               {typed("score", "DOUBLE PRECISION")},
               COALESCE(NULLIF({text("modality")}, ''), 'asserted'),
               {typed("stated_on", "DATE")}, {text("source")}, {text("url")},
               {text("evidence.text")}, {typed("evidence.start", "INTEGER")},
               {typed("evidence.end", "INTEGER")},
               COALESCE({typed("provenance.confidence", "DOUBLE PRECISION")}, 1.0),
               {text("provenance.agent")}, COALESCE({text("provenance.version")}, ''),
               {text("provenance.origin")}, e.position, {text("quote_id")}
        FROM events e
        WHERE e.type = 'statement.recorded'
          AND e.subject NOT IN (SELECT subject FROM storied)"""


def _register_names(ctx: ProjectionContext) -> None:
    """Every name the statements carry is an entity, with its canonical name."""
    names = ctx.conn.exec_driver_sql(
        "SELECT actor_name FROM statements UNION SELECT target_name FROM statements "
        "UNION SELECT actor_org_name FROM statements WHERE actor_org_name IS NOT NULL")
    statement_projection.remember_names(ctx, (name for (name,) in names))
