"""The entities projection: every name seen with its canonical name, the alias and merge
links between names, and the roles that say whom a person speaks for."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from stancedb.model.entities import Role
from stancedb.model.events import RecordedEvent
from stancedb.projections import statements as statement_projection
from stancedb.projections.context import ProjectionContext, as_date
from stancedb.storage.schema import entities, entity_links
from stancedb.storage.sql import db_date, upsert


def on_aliased(ctx: ProjectionContext, run: Sequence[RecordedEvent]) -> None:
    for event in run:
        payload = event.payload
        _link(ctx, event, payload["alias"], payload["canonical"], "alias")


def on_merged(ctx: ProjectionContext, run: Sequence[RecordedEvent]) -> None:
    for event in run:
        payload = event.payload
        _link(ctx, event, payload["source"], payload["into"], "merge")


def on_role(ctx: ProjectionContext, run: Sequence[RecordedEvent]) -> None:
    conn = ctx.conn
    for event in run:
        payload = event.payload
        role = Role(event.position, payload["person"], payload["org"],
                    as_date(payload.get("since")), as_date(payload.get("until")))
        upsert(conn, "entity_roles", ["position", "person", "org", "role", "since", "until"],
               ["position"], [(role.position, role.person, role.org, payload.get("role"),
                               db_date(conn, role.since), db_date(conn, role.until))])
        statement_projection.remember_names(ctx, [role.person, role.org])
        ctx.roles.add(role)
        statement_projection.reresolve(ctx, set(), {ctx.graph.resolve(role.person)})


def _link(ctx: ProjectionContext, event: RecordedEvent, name: str, parent: str,
          kind: str) -> None:
    conn = ctx.conn
    graph = ctx.graph
    roles = ctx.roles  # loaded against the graph as it was, brought in line below
    changed, removed = graph.link(name, parent)
    if removed:
        conn.execute(sa.delete(entity_links).where(entity_links.c.name.in_(removed)))
    if name != parent:
        confidence = event.payload.get("provenance", {}).get("confidence", 1.0)
        upsert(conn, "entity_links", ["name", "parent", "kind", "confidence", "position"],
               ["name"], [(name, parent, kind, confidence, event.position)])
    statement_projection.remember_names(ctx, [name, parent])
    upsert(conn, "entities", ["name", "canonical"], ["name"],
           [(n, graph.resolve(n)) for n in sorted(changed)])
    roles.renamed(changed)
    # Statements naming a moved name, and those whose actor's role-based organisation may
    # move: the actor is (or was) a moved name, or has a role for an org name that moved.
    canonicals = (set(changed.values()) | {graph.resolve(n) for n in changed}
                  | roles.speakers_for(changed))
    statement_projection.reresolve(ctx, set(changed), canonicals)


def links(conn: sa.Connection, name: str, parent: str, kind: str, confidence: float) -> bool:
    """Whether `name` is linked to `parent` by this kind of link with this confidence now:
    an alias or merge saying so again would change nothing."""
    found = conn.execute(sa.select(entity_links.c.parent, entity_links.c.kind,
                                   entity_links.c.confidence)
                         .where(entity_links.c.name == name)).first()
    return found is not None and tuple(found) == (parent, kind, confidence)


def names_ending(conn: sa.Connection, endings: set[str]) -> dict[str, str]:
    """Names seen that end with one of `endings` (any case), with their canonical names."""
    query = sa.select(entities).where(
        sa.or_(*(entities.c.name.ilike(f"%{ending}") for ending in sorted(endings))))
    return {row.name: row.canonical for row in conn.execute(query)}


def every_name(conn: sa.Connection) -> list[tuple[str, str]]:
    """Every name seen with its canonical name, by canonical name and name."""
    rows = conn.execute(sa.select(entities.c.name, entities.c.canonical)
                        .order_by(entities.c.canonical, entities.c.name))
    return [(row.name, row.canonical) for row in rows]
