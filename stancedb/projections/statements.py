"""The current-statements projection: recorded statements with retractions and corrections
applied and names resolved to canonical entities (aliases, merges, roles)."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from stancedb.model.events import STANCE_SCORES, RecordedEvent
from stancedb.projections.context import ProjectionContext, as_date
from stancedb.storage.schema import statements
from stancedb.storage.sql import db_date, insert_rows, rows_where_in, upsert

COLUMNS = tuple(c.name for c in statements.columns)
_FETCH_CHUNK = 500


def on_recorded(ctx: ProjectionContext, run: Sequence[RecordedEvent]) -> None:
    latest = {event.payload["statement_id"]: event for event in run}
    replaced = set()
    for old in fetch(ctx, latest):
        ctx.mark_vacated(old._mapping)
        replaced.add(old.statement_id)
    rows = [resolve(ctx, raw_row(event.payload, event.position)) for event in latest.values()]
    store(ctx, [row for row in rows if row["statement_id"] in replaced])
    # The others have no row yet: a plain insert (COPY on PostgreSQL), no conflict check.
    store(ctx, [row for row in rows if row["statement_id"] not in replaced], new=True)
    # Every name recorded counts as seen, also when a later event in the run replaces it.
    remember_names(ctx, (e.payload[k] for e in run for k in ("actor", "target", "actor_org")))


def on_retracted(ctx: ProjectionContext, run: Sequence[RecordedEvent]) -> None:
    ids = {event.payload["statement_id"] for event in run}
    for old in fetch(ctx, ids):
        ctx.mark_vacated(old._mapping)
    for chunk in _chunks(sorted(ids)):
        ctx.conn.execute(sa.delete(statements).where(statements.c.statement_id.in_(chunk)))


def on_corrected(ctx: ProjectionContext, run: Sequence[RecordedEvent]) -> None:
    for event in run:  # in order: later corrections build on earlier ones
        found = fetch(ctx, [event.payload["statement_id"]])
        if not found:
            continue  # retracted or never recorded: nothing current to correct
        old = found[0]
        ctx.mark_vacated(old._mapping)
        row = dict(old._mapping)
        apply_changes(row, event.payload["changes"])
        row["position"] = event.position
        store(ctx, [resolve(ctx, row)])
        remember_names(ctx, (row["actor_name"], row["target_name"], row["actor_org_name"]))


def apply_changes(row: dict[str, Any], changes: dict[str, Any]) -> None:
    """Apply a correction's changes to a stored row (raw names, not resolved ones)."""
    renamed = {"actor": "actor_name", "target": "target_name", "actor_org": "actor_org_name"}
    for name, value in changes.items():
        row[renamed.get(name, name)] = date.fromisoformat(value) if name == "stated_on" else value
    if "stance" in changes and "score" not in changes:
        # Keep the strength, take the sign of the new stance.
        row["score"] = abs(row["score"]) * STANCE_SCORES[row["stance"]]


def raw_row(payload: dict[str, Any], position: int) -> dict[str, Any]:
    provenance = payload["provenance"]
    evidence = payload.get("evidence") or {}
    return {
        "statement_id": payload["statement_id"],
        "document": payload.get("document"),
        "actor_name": payload["actor"],
        "actor_org_name": payload.get("actor_org"),
        "target_name": payload["target"],
        "target_kind": payload.get("target_kind") or "entity",
        "stance": payload["stance"],
        "score": payload["score"],
        "modality": payload.get("modality") or "asserted",
        "stated_on": date.fromisoformat(payload["stated_on"]),
        "source": payload["source"],
        "url": payload.get("url"),
        "evidence": evidence.get("text"),
        "evidence_start": evidence.get("start"),
        "evidence_end": evidence.get("end"),
        "confidence": provenance.get("confidence", 1.0),
        "extractor": provenance["agent"],
        "extractor_version": provenance.get("version") or "",
        "origin": provenance.get("origin"),
        "position": position,
        "quote_id": payload.get("quote_id"),
    }


def resolve(ctx: ProjectionContext, row: dict[str, Any]) -> dict[str, Any]:
    """Fill the canonical actor, target and organisation from the raw names."""
    graph = ctx.graph
    row["stated_on"] = as_date(row["stated_on"])
    row["actor"] = graph.resolve(row["actor_name"])
    row["target"] = graph.resolve(row["target_name"])
    org_name = row.get("actor_org_name")
    row["actor_org"] = (
        graph.resolve(org_name) if org_name else ctx.roles.org_for(row["actor"], row["stated_on"])
    )
    row["org_actor"] = row["actor_org"] or row["actor"]
    return row


_BEFORE_DAY = operator.itemgetter(*COLUMNS[:COLUMNS.index("stated_on")])
_AFTER_DAY = operator.itemgetter(*COLUMNS[COLUMNS.index("stated_on") + 1:])


def store(ctx: ProjectionContext, rows: list[dict[str, Any]], new: bool = False) -> None:
    """Write statement rows (replacing those with the same id; `new`: none exists)."""
    conn = ctx.conn
    values = []
    for row in rows:
        ctx.mark_stale(row)
        values.append((*_BEFORE_DAY(row), db_date(conn, row["stated_on"]), *_AFTER_DAY(row)))
    if new:
        insert_rows(conn, "statements", COLUMNS, values)
    else:
        upsert(conn, "statements", COLUMNS, ["statement_id"], values)


def remember_names(ctx: ProjectionContext, names: Iterable[str | None]) -> None:
    """Add names not seen before to the entities table, with their canonical name."""
    graph = ctx.graph
    upsert(ctx.conn, "entities", ["name", "canonical"], ["name"],
           [(name, graph.resolve(name)) for name in sorted({n for n in names if n})],
           update=False)


def fetch(ctx: ProjectionContext, ids: Iterable[str]) -> list[Any]:
    """The current rows of these statements (dates may come back as ISO text)."""
    return rows_where_in(ctx.conn, "statements", COLUMNS, "statement_id", ids)


def reresolve(ctx: ProjectionContext, names: set[str], canonicals: set[str]) -> None:
    """Re-resolve statements that name any of `names`, or whose actor is in `canonicals`
    (their role-based organisation may change), after the name graph or roles changed."""
    if not names and not canonicals:
        return
    found: dict[str, Any] = {}
    columns = (statements.c.actor_name, statements.c.target_name, statements.c.actor_org_name)
    for chunk in _chunks(sorted(names)):
        query = sa.select(statements).where(sa.or_(*(c.in_(chunk) for c in columns)))
        found.update((row.statement_id, row) for row in ctx.conn.execute(query))
    for chunk in _chunks(sorted(canonicals)):
        query = sa.select(statements).where(statements.c.actor.in_(chunk))
        found.update((row.statement_id, row) for row in ctx.conn.execute(query))
    changed = []
    for old in found.values():
        row = resolve(ctx, dict(old._mapping))
        resolved = (row["actor"], row["target"], row["actor_org"])
        if resolved != (old.actor, old.target, old.actor_org):
            ctx.mark_vacated(old._mapping)
            changed.append(row)
    store(ctx, changed)


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _FETCH_CHUNK):
        yield items[start:start + _FETCH_CHUNK]


# --- reading -----------------------------------------------------------------------------------

def exists(conn: sa.Connection, statement_id: str) -> bool:
    """Is this a current statement (recorded, not retracted)?"""
    return bool(conn.scalar(sa.select(sa.func.count()).where(
        statements.c.statement_id == statement_id)))


def ids_of_document(conn: sa.Connection, document: str) -> list[str]:
    """The current statements made from the document with this name."""
    return list(conn.scalars(sa.select(statements.c.statement_id)
                             .where(statements.c.document == document)))
