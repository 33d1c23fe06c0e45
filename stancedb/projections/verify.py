"""Verification: the hash chain of the log, and the projections against a fresh replay.

The chain check walks the log in order and recomputes every hash; the first position whose
number, hash or content does not follow is reported. Given an anchor (storage/anchors.py), the log
must still reach the anchored position and hold the anchored hash there. The projection check
replays the whole log into an in-memory SQLite database through the same handlers and
compares every projection table row by row with what is stored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from stancedb.model.events import GENESIS_HASH
from stancedb.projections import runner
from stancedb.storage import anchors
from stancedb.storage import db as dbmod
from stancedb.storage.schema import PROJECTION_TABLES
from stancedb.storage.store import EventStore

FLOAT_DIGITS = 9  # AVG and SUM may differ in the last bits between databases


@dataclass
class VerifyReport:
    events: int = 0
    last_position: int = 0  # the head of the intact chain: what an anchor records
    last_hash: str = GENESIS_HASH
    last_recorded_at: datetime | None = None
    first_bad_position: int | None = None
    anchor: anchors.Anchor | None = None  # the anchor checked, if any
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(engine: Engine, store: EventStore, check_projections: bool = True,
           against: anchors.Anchor | None = None) -> VerifyReport:
    report = VerifyReport(anchor=against)
    anchored_hash = _verify_chain(store, report, against.position if against else None)
    # A chain broken before the anchored position is reported already.
    if against is not None and (report.first_bad_position is None
                                or report.first_bad_position > against.position):
        problem = anchors.problem(against, report.last_position, anchored_hash)
        if problem:
            report.problems.append(problem)
    if check_projections and report.ok:
        _verify_projections(engine, store, report)
    return report


def _verify_chain(store: EventStore, report: VerifyReport, wanted: int | None) -> str | None:
    """Walk the chain into `report`; returns the hash at position `wanted` if it is reached
    (0: the genesis hash)."""
    previous = GENESIS_HASH
    expected_position = 1
    found = GENESIS_HASH if wanted == 0 else None
    for event in store.read():
        problem = None
        if event.position != expected_position:
            problem = f"position {expected_position} is missing (next is {event.position})"
        elif event.expected_hash(previous) != event.hash:
            problem = (f"position {event.position}: hash mismatch, the event was altered "
                       "after it was recorded")
        if problem:
            report.first_bad_position = expected_position
            report.problems.append(problem)
            return found
        previous = event.hash
        expected_position += 1
        report.events += 1
        report.last_position = event.position
        report.last_hash = event.hash
        report.last_recorded_at = event.recorded_at
        if event.position == wanted:
            found = event.hash
    return found


def _verify_projections(engine: Engine, store: EventStore, report: VerifyReport) -> None:
    replica = replay_into_memory(store)
    try:
        with engine.connect() as stored, replica.connect() as fresh:
            behind = runner.checkpoint(stored)
            if behind != report.last_position:
                report.problems.append(
                    f"projections are at position {behind}, the log at {report.last_position}")
                return
            for table in PROJECTION_TABLES:
                mismatch = _compare(table, stored, fresh)
                if mismatch:
                    report.problems.append(f"projection {table.name}: {mismatch}")
    finally:
        replica.dispose()


def replay_into_memory(store: EventStore, until: int | None = None) -> Engine:
    """A private in-memory database holding the projections of the log up to `until`."""
    replica = dbmod.create_engine("sqlite://")
    dbmod.migrate(replica)
    with dbmod.write_transaction(replica) as conn:
        batch = []
        for event in store.read(until=until):
            batch.append(event)
            if len(batch) >= runner.REPLAY_BATCH:
                runner.apply(conn, batch)
                batch = []
        runner.apply(conn, batch)
    return replica


def _compare(table: sa.Table, stored: sa.Connection, fresh: sa.Connection) -> str | None:
    query = sa.select(table)
    have = Counter(_normal(row) for row in stored.execute(query))
    want = Counter(_normal(row) for row in fresh.execute(query))
    if have == want:
        return None
    detail = f"{have.total()} rows stored, {want.total()} expected"
    extra = list((have - want).elements())
    missing = list((want - have).elements())
    if extra:
        detail += f"; unexpected row {extra[0]}"
    if missing:
        detail += f"; missing row {missing[0]}"
    return detail


def _normal(row: Any) -> tuple[Any, ...]:
    values = []
    for value in row:
        if isinstance(value, float):
            value = round(value, FLOAT_DIGITS)
        elif isinstance(value, date):
            value = value.isoformat()
        values.append(value)
    return tuple(values)
