"""Readers that return pandas DataFrames: current statements, quotes and the daily positions
projection."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from stancedb.errors import InvalidEventError
from stancedb.storage.schema import positions as positions_table
from stancedb.storage.schema import quotes as quotes_table
from stancedb.storage.schema import statements as statements_table
from stancedb.storage.sql import db_date

# The export contract (DESIGN.md): these names, in this order, lead every statement export.
EXPORT_COLUMNS = [
    "statement_id", "document", "actor", "actor_org", "target", "stance", "score", "modality",
    "stated_on", "source", "evidence", "evidence_start", "evidence_end", "confidence",
    "extractor",
]
EXTRA_COLUMNS = ["target_kind", "url", "extractor_version", "origin", "position", "quote_id"]
# The export contract of quotes (DESIGN.md), then what else a quote has.
QUOTE_COLUMNS = [
    "quote_id", "document", "speaker", "speaker_org", "speaker_start", "speaker_end", "cue",
    "cue_start", "cue_end", "content", "content_start", "content_end", "stated_on", "source",
    "extractor", "extractor_version",
]
QUOTE_EXTRA_COLUMNS = ["kind", "confidence", "url", "document_id", "number", "position"]
# Quote cursors (`after`) count quotes in log order: the event's position times this, plus
# the quote's number in its document.
QUOTES_PER_POSITION = 2**20
LEVELS = ("person", "org")
SMALL_RESULT = 5_000


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

    def given(self) -> dict[str, Any]:
        return {name: value for name, value in vars(self).items() if value is not None}


# Compiled SQL by the shape of a query (which filters it has, not their values): compiling
# costs more than running a selective query, and an API serves the same few shapes.
_COMPILED: dict[tuple[Any, ...], tuple[str, tuple[str, ...], dict[str, Any], bool]] = {}


def statements(engine: Engine, filters: Filters, level: str = "person") -> pd.DataFrame:
    """Current statements; at `org` level the actor is whom the speaker speaks for."""
    _check_level(level)
    given = filters.given()
    rows, columns = _run(engine, ("statements", level, *sorted(given)), given,
                         lambda: _statements_query(level, given))
    frame = pd.DataFrame(rows, columns=columns)
    # Dates come back as they are stored. pandas converts a large column far faster than
    # Python would, but has a fixed cost that dominates a page of a hundred rows.
    if len(frame) > SMALL_RESULT:
        frame["stated_on"] = pd.to_datetime(frame["stated_on"], format="ISO8601").dt.date
    else:
        frame["stated_on"] = [_as_date(value) for value in frame["stated_on"]]
    return frame


@dataclass(frozen=True)
class QuoteFilters:
    speaker: str | None = None  # the speaker's name, whatever its case
    document: str | None = None
    since: date | None = None  # stated on or after (undated quotes drop out)
    until: date | None = None
    after: int | None = None  # cursor: quotes after this one (see quote_cursor)
    limit: int | None = None

    def given(self) -> dict[str, Any]:
        return {name: value for name, value in vars(self).items() if value is not None}


def quote_cursor(position: int, number: int) -> int:
    """The cursor of a quote: pass it as `after` to read the quotes that follow it."""
    return position * QUOTES_PER_POSITION + number


def quotes(engine: Engine, filters: QuoteFilters) -> pd.DataFrame:
    """Who said what: the quotes of the newest extraction of every document, dated ones by
    date and undated ones last (or, with a cursor, in log order)."""
    given = filters.given()
    if "speaker" in given:
        given["speaker"] = given["speaker"].casefold()
    if "after" in given:
        given["after_position"], given["after_number"] = divmod(given.pop("after"),
                                                                QUOTES_PER_POSITION)
    rows, columns = _run(engine, ("quotes", *sorted(given)), given,
                         lambda: _quotes_query(given))
    frame = pd.DataFrame(rows, columns=columns)
    # (pandas may hold a missing date as NaN: only text and dates are dates)
    frame["stated_on"] = [_as_date(value) if isinstance(value, (str, date)) else None
                          for value in frame["stated_on"].tolist()]
    # Offsets that may be missing stay whole numbers (12, not 12.0).
    return frame.astype({name: "Int64" for name in ("cue_start", "cue_end")})


def _quotes_query(given: dict[str, Any]) -> sa.Select:  # type: ignore[type-arg]
    t = quotes_table
    columns = [sa.type_coerce(t.c[name], sa.String).label(name) if name == "stated_on" else
               t.c[name] for name in QUOTE_COLUMNS + QUOTE_EXTRA_COLUMNS]
    query = sa.select(*columns)
    if "speaker" in given:
        query = query.where(t.c.speaker_folded == sa.bindparam("speaker"))
    if "document" in given:
        query = query.where(t.c.document == sa.bindparam("document"))
    if "since" in given:
        query = query.where(t.c.stated_on >= sa.bindparam("since"))
    if "until" in given:
        query = query.where(t.c.stated_on <= sa.bindparam("until"))
    if "after_position" in given:
        query = query.where(sa.or_(
            t.c.position > sa.bindparam("after_position"),
            sa.and_(t.c.position == sa.bindparam("after_position"),
                    t.c.number > sa.bindparam("after_number"))))
        query = query.order_by(t.c.position, t.c.number)
    else:
        # Undated quotes last on both databases (they sort NULLs differently).
        query = query.order_by(sa.case((t.c.stated_on.is_(None), 1), else_=0), t.c.stated_on,
                               t.c.position, t.c.number)
    if "limit" in given:
        query = query.limit(sa.bindparam("limit", type_=sa.Integer))
    return query


def daily_position_rows(engine: Engine, filters: Filters,
                        level: str = "person") -> list[tuple[Any, ...]]:
    """The daily positions projection, one row (actor, target, day, statements, support,
    oppose, neutral, score_sum, mean_score, last_stance) per actor, target and day with
    statements, sorted by actor, target and day. Only the actor, target, since and until
    filters apply: the projection keeps nothing else."""
    _check_level(level)
    given = {k: v for k, v in filters.given().items() if k in ("actor", "target", "since",
                                                                 "until")}
    rows, _ = _run(engine, ("positions", level, *sorted(given)), {"level": level, **given},
                   lambda: _positions_query(given))
    return [(*row[:2], _as_date(row[2]), *row[3:]) for row in rows]


def _statements_query(level: str, given: dict[str, Any]) -> sa.Select:  # type: ignore[type-arg]
    t = statements_table
    actor = t.c.actor if level == "person" else t.c.org_actor
    columns = [actor.label("actor") if name == "actor" else
               sa.type_coerce(t.c[name], sa.String).label(name) if name == "stated_on" else
               t.c[name] for name in EXPORT_COLUMNS + EXTRA_COLUMNS]
    query = _filtered(sa.select(*columns), actor, t.c.target, t.c.stated_on, given)
    for name in ("source", "document", "statement_id"):
        if name in given:
            query = query.where(t.c[name] == sa.bindparam(name))
    if "after" in given:
        query = query.where(t.c.position > sa.bindparam("after")).order_by(t.c.position)
    else:
        query = query.order_by(t.c.stated_on, t.c.position)
    if "limit" in given:
        query = query.limit(sa.bindparam("limit", type_=sa.Integer))
    return query


def _positions_query(given: dict[str, Any]) -> sa.Select:  # type: ignore[type-arg]
    t = positions_table
    query = sa.select(t.c.actor, t.c.target, sa.type_coerce(t.c.day, sa.String).label("day"),
                      t.c.statements, t.c.support, t.c.oppose, t.c.neutral, t.c.score_sum,
                      t.c.mean_score, t.c.last_stance).where(t.c.level == sa.bindparam("level"))
    query = _filtered(query, t.c.actor, t.c.target, t.c.day, given)
    return query.order_by(t.c.actor, t.c.target, t.c.day)


def _filtered(query: sa.Select, actor: sa.ColumnElement, target: sa.ColumnElement,  # type: ignore[type-arg]
              day: sa.ColumnElement, given: dict[str, Any]) -> sa.Select:  # type: ignore[type-arg]
    if "actor" in given:
        query = query.where(actor == sa.bindparam("actor"))
    if "target" in given:
        query = query.where(target == sa.bindparam("target"))
    if "since" in given:
        query = query.where(day >= sa.bindparam("since"))
    if "until" in given:
        query = query.where(day <= sa.bindparam("until"))
    return query


def _run(engine: Engine, shape: tuple[Any, ...], values: dict[str, Any],
         build: Callable[[], sa.Select]) -> tuple[list[Any], list[str]]:  # type: ignore[type-arg]
    """Rows and column names of the query `build` makes for this shape, with `values` bound
    to its named parameters."""
    with engine.connect() as conn:
        key = (conn.dialect.name, *shape)
        if key not in _COMPILED:
            compiled = build().compile(dialect=conn.dialect)
            names = tuple(compiled.positiontup or compiled.params)
            # Parameters the compiler adds itself (SQLite's OFFSET) keep their own values.
            _COMPILED[key] = (compiled.string, names, compiled.params, compiled.positional)
        sql, names, defaults, positional = _COMPILED[key]
        bound = [db_date(conn, values[n] if n in values else defaults[n]) for n in names]
        params: Any = tuple(bound) if positional else dict(zip(names, bound, strict=True))
        # Straight through the driver's cursor: row objects and per-value type conversion
        # cost more than the query itself on large selections.
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql, params)
            return list(cursor.fetchall()), [d[0] for d in cursor.description or ()]
        finally:
            cursor.close()


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise InvalidEventError(f"level must be one of {', '.join(LEVELS)}")


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
