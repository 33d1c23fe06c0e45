"""EventStore: the only writer of the event log.

An append is one transaction under the single-writer lock: new keys are filtered against the
log (idempotency; a strict key already stored must come with the same request, see NewEvent),
positions continue gaplessly from the last one, each event's hash chains to the previous
event's, the rows go in by the fastest path the database offers (executemany on SQLite, COPY
on PostgreSQL), and the projections are brought up to date before the commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from stancedb.errors import ConflictError
from stancedb.model.events import (
    GENESIS_HASH,
    NewEvent,
    RecordedEvent,
    canonical_json,
    chain_hash,
    format_timestamp,
    time_ordered_id,
)
from stancedb.storage.db import write_transaction
from stancedb.storage.notify import announce
from stancedb.storage.schema import events
from stancedb.storage.sql import db_date, insert_rows, rows_where_in

# Called inside the append transaction with the events just written.
Projector = Callable[[Connection, list[RecordedEvent]], None]

EVENT_COLUMNS = (
    "position", "event_id", "type", "schema_version", "key", "subject",
    "occurred_on", "recorded_at", "payload", "hash",
)
READ_PAGE = 5_000


@dataclass(frozen=True, slots=True)
class AppendResult:
    appended: int
    skipped: int
    last_position: int
    events: list[RecordedEvent]


class EventStore:
    def __init__(self, engine: Engine, projector: Projector | None = None) -> None:
        self.engine = engine
        self.projector = projector

    # --- writing -----------------------------------------------------------------------------

    def append(self, batch: Sequence[NewEvent]) -> AppendResult:
        """Append a batch in order, in one transaction; keys already stored are skipped."""
        with write_transaction(self.engine) as conn:
            return self.append_in(conn, batch)

    def append_in(self, conn: Connection, batch: Sequence[NewEvent]) -> AppendResult:
        """Append within a write transaction the caller holds (see db.write_transaction)."""
        fresh = self._without_stored_keys(conn, batch)
        last_position, last_hash, last_recorded = self._head(conn)
        if not fresh:
            return AppendResult(0, len(batch), last_position, [])
        now = datetime.now(UTC)
        # Recorded time never runs backwards along the log, even if the clock does.
        recorded_at = max(now, last_recorded) if last_recorded else now
        hashed_time = format_timestamp(recorded_at)  # one batch, one recorded time
        stored_time = _stored_time(conn.dialect.name, recorded_at)
        recorded: list[RecordedEvent] = []
        rows: list[tuple[Any, ...]] = []
        previous = last_hash
        for position, new in enumerate(fresh, start=last_position + 1):
            data = new.data
            payload = data.to_payload()
            payload_json = data.payload_json()
            event_id = time_ordered_id()
            occurred_on = data.occurred_on
            previous = chain_hash(previous, (
                position, event_id, data.TYPE, data.SCHEMA_VERSION, new.key, data.subject,
                occurred_on.isoformat() if occurred_on else None, hashed_time), payload_json)
            recorded.append(RecordedEvent(position, event_id, data.TYPE, data.SCHEMA_VERSION,
                                          new.key, data.subject, occurred_on, recorded_at,
                                          payload, previous))
            rows.append((position, event_id, data.TYPE, data.SCHEMA_VERSION, new.key,
                         data.subject, db_date(conn, occurred_on), stored_time, payload_json,
                         previous))
        insert_rows(conn, "events", EVENT_COLUMNS, rows)
        if self.projector is not None:
            self.projector(conn, recorded)
        announce(conn, recorded[-1].position)  # wakes followers when this commits
        return AppendResult(len(recorded), len(batch) - len(recorded), recorded[-1].position,
                            recorded)

    def _without_stored_keys(self, conn: Connection, batch: Sequence[NewEvent]) -> list[NewEvent]:
        unique: dict[str, NewEvent] = {}
        for new in batch:
            first = unique.setdefault(new.key, new)
            if first is not new and (first.strict or new.strict) and (
                    request_of(first.type, first.data.to_payload())
                    != request_of(new.type, new.data.to_payload())):
                raise _conflict(new.key, "another event of the same batch")
        stored = {key for (key,) in rows_where_in(conn, "events", ["key"], "key", unique)}
        self._check_strict_keys(conn, [unique[key] for key in stored if unique[key].strict])
        return [new for key, new in unique.items() if key not in stored]

    @staticmethod
    def _check_strict_keys(conn: Connection, reused: list[NewEvent]) -> None:
        """A strict key already stored is a retry only when it repeats the stored request."""
        if not reused:
            return
        wanted = {new.key: new for new in reused}
        rows = conn.execute(
            sa.select(events.c.key, events.c.position, events.c.type, events.c.payload)
            .where(events.c.key.in_(list(wanted)))
        )
        for row in rows:
            new = wanted[row.key]
            if request_of(row.type, row.payload) != request_of(new.type, new.data.to_payload()):
                raise _conflict(row.key, f"the {row.type} event at position {row.position}")

    @staticmethod
    def _head(conn: Connection) -> tuple[int, str, datetime | None]:
        row = conn.execute(
            sa.select(events.c.position, events.c.hash, events.c.recorded_at)
            .order_by(events.c.position.desc()).limit(1)
        ).first()
        if row is None:
            return 0, GENESIS_HASH, None
        return row.position, row.hash, _utc(row.recorded_at)

    # --- reading -----------------------------------------------------------------------------

    def last_position(self, conn: Connection | None = None) -> int:
        query = sa.select(sa.func.coalesce(sa.func.max(events.c.position), 0))
        if conn is not None:
            return int(conn.scalar(query) or 0)
        with self.engine.connect() as own:
            return int(own.scalar(query) or 0)

    def read(self, after: int = 0, until: int | None = None, limit: int | None = None,
             conn: Connection | None = None) -> Iterator[RecordedEvent]:
        """Events with after < position <= until, in order, read a page at a time."""
        remaining = limit
        while remaining is None or remaining > 0:
            page = READ_PAGE if remaining is None else min(READ_PAGE, remaining)
            query = sa.select(events).where(events.c.position > after)
            if until is not None:
                query = query.where(events.c.position <= until)
            query = query.order_by(events.c.position).limit(page)
            if conn is not None:
                rows = conn.execute(query).all()
            else:
                with self.engine.connect() as own:
                    rows = own.execute(query).all()
            for row in rows:
                yield from_row(row)
            if len(rows) < page:
                return
            after = rows[-1].position
            if remaining is not None:
                remaining -= len(rows)

    def position_at(self, moment: datetime, conn: Connection | None = None) -> int:
        """The last position recorded at or before `moment` (0 when none)."""
        query = sa.select(sa.func.coalesce(sa.func.max(events.c.position), 0)).where(
            events.c.recorded_at <= _stored_time(self.engine.dialect.name, moment)
        )
        if conn is not None:
            return int(conn.scalar(query) or 0)
        with self.engine.connect() as own:
            return int(own.scalar(query) or 0)

    def read_recorded(self, since: datetime | None = None,
                      until: datetime | None = None) -> Iterator[RecordedEvent]:
        """Events by recorded (transaction) time: since < recorded_at <= until."""
        after = self.position_at(since) if since is not None else 0
        last = self.position_at(until) if until is not None else None
        return self.read(after=after, until=last)

    def history(self, subject: str) -> list[RecordedEvent]:
        query = sa.select(events).where(events.c.subject == subject).order_by(events.c.position)
        with self.engine.connect() as conn:
            return [from_row(row) for row in conn.execute(query)]


# --- idempotency -----------------------------------------------------------------------------

def request_of(event_type: str, payload: dict[str, Any]) -> str:
    """What a retry under a strict key must repeat: the event's type and payload, less the
    version of the stancedb that wrote it (a retry may reach an upgraded server)."""
    provenance = payload.get("provenance")
    if isinstance(provenance, dict) and "version" in provenance:
        payload = {**payload, "provenance": {k: v for k, v in provenance.items()
                                             if k != "version"}}
    return canonical_json([event_type, payload])


def _conflict(key: str, first: str) -> ConflictError:
    return ConflictError(
        f"idempotency key {key!r} was first used for a different request ({first}); a retry "
        "must repeat its request exactly, and a new request needs a new key")


# --- rows ------------------------------------------------------------------------------------

def from_row(row: Any) -> RecordedEvent:
    occurred = row.occurred_on
    if isinstance(occurred, str):
        occurred = date.fromisoformat(occurred)
    payload = row.payload
    return RecordedEvent(
        position=row.position, event_id=row.event_id, type=row.type,
        schema_version=row.schema_version, key=row.key, subject=row.subject,
        occurred_on=occurred, recorded_at=_utc(row.recorded_at), payload=payload, hash=row.hash,
    )


def _utc(moment: datetime | str) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        # A moment within a day of year 1 or 9999 whose offset takes it past the range
        # ("0001-01-01T00:00+00:01"): the nearest moment there is, long before or after
        # anything recorded.
        return (datetime.min if moment.year == 1 else datetime.max).replace(tzinfo=UTC)


def _stored_time(dialect: str, moment: datetime) -> Any:
    """Recorded times are naive UTC text on SQLite and timestamptz on PostgreSQL."""
    moment = _utc(moment)
    if dialect == "sqlite":
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f")
    return moment


