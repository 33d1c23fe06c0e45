"""Readers that return pandas DataFrames: current statements and the daily positions
projection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from stancedb.errors import InvalidEventError
from stancedb.projections.sql import db_date
from stancedb.schema import positions as positions_table
from stancedb.schema import statements as statements_table

# The export contract (DESIGN.md): these names, in this order, lead every statement export.
EXPORT_COLUMNS = [
    "statement_id", "document", "actor", "actor_org", "target", "stance", "score", "modality",
    "stated_on", "source", "evidence", "evidence_start", "evidence_end", "confidence",
    "extractor",
]
EXTRA_COLUMNS = ["target_kind", "url", "extractor_version", "origin", "position"]
LEVELS = ("person", "org")


@dataclass(frozen=True)
class Filters:
    actor: str | None = None
    target: str | None = None
    source: str | None = None
    document: str | None = None
    after: int | None = None  # cursor: only statements recorded after this log position
    statement_id: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int | None = None


def statements(engine: Engine, filters: Filters, level: str = "person") -> pd.DataFrame:
    """Current statements; at `org` level the actor is whom the speaker speaks for."""
    if level not in LEVELS:
        raise InvalidEventError(f"level must be one of {', '.join(LEVELS)}")
    t = statements_table
    actor = t.c.actor if level == "person" else t.c.org_actor
    # Dates come back as they are stored and are converted once, column-wise, by pandas:
    # much faster than a Python conversion per row on large selections.
    columns = [actor.label("actor") if name == "actor" else
               sa.type_coerce(t.c[name], sa.String).label(name) if name == "stated_on" else
               t.c[name] for name in EXPORT_COLUMNS + EXTRA_COLUMNS]
    query = sa.select(*columns)
    query = _filtered(query, actor, t.c.target, t.c.stated_on, filters)
    if filters.source:
        query = query.where(t.c.source == filters.source)
    if filters.document:
        query = query.where(t.c.document == filters.document)
    if filters.statement_id:
        query = query.where(t.c.statement_id == filters.statement_id)
    if filters.after is not None:
        query = query.where(t.c.position > filters.after).order_by(t.c.position)
    else:
        query = query.order_by(t.c.stated_on, t.c.position)
    if filters.limit:
        query = query.limit(filters.limit)
    return _frame(engine, query, date_columns=["stated_on"])


def daily_positions(engine: Engine, filters: Filters, level: str = "person") -> pd.DataFrame:
    """The daily positions projection (one row per actor, target and day with statements,
    with the day's score sum), sorted by actor, target and day. Only the actor, target,
    since and until filters apply: the projection keeps nothing else."""
    if level not in LEVELS:
        raise InvalidEventError(f"level must be one of {', '.join(LEVELS)}")
    t = positions_table
    query = sa.select(t.c.actor, t.c.target, sa.type_coerce(t.c.day, sa.String).label("day"),
                      t.c.statements, t.c.support, t.c.oppose, t.c.neutral, t.c.score_sum,
                      t.c.mean_score, t.c.last_stance).where(t.c.level == level)
    query = _filtered(query, t.c.actor, t.c.target, t.c.day, filters)
    query = query.order_by(t.c.actor, t.c.target, t.c.day)
    return _frame(engine, query, date_columns=["day"])


def _filtered(query: sa.Select, actor: sa.ColumnElement, target: sa.ColumnElement,  # type: ignore[type-arg]
              day: sa.ColumnElement, filters: Filters) -> sa.Select:  # type: ignore[type-arg]
    if filters.actor:
        query = query.where(actor == filters.actor)
    if filters.target:
        query = query.where(target == filters.target)
    if filters.since:
        query = query.where(day >= filters.since)
    if filters.until:
        query = query.where(day <= filters.until)
    return query


def _frame(engine: Engine, query: sa.Select, date_columns: list[str]) -> pd.DataFrame:  # type: ignore[type-arg]
    with engine.connect() as conn:
        # Straight through the driver's cursor: row objects and per-value type conversion
        # cost more than the query itself on large selections.
        compiled = query.compile(dialect=conn.dialect)
        values = {name: db_date(conn, value) for name, value in compiled.params.items()}
        params: Any = (tuple(values[name] for name in compiled.positiontup or ())
                       if compiled.positional else values)
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(compiled.string, params)
            columns = [d[0] for d in cursor.description or ()]
            frame = pd.DataFrame(cursor.fetchall(), columns=columns)
        finally:
            cursor.close()
    for column in date_columns:
        frame[column] = pd.to_datetime(frame[column], format="ISO8601").dt.date
    return frame
