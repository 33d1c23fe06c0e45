"""Small builders of events and files for the tests, and the adversary who cuts the log."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlalchemy as sa

from stancedb.model.events import NewEvent, Provenance, StatementRecorded, stable_id

HEADER = "actor,target,stance,date,source"


def statement(n: int, actor: str = "Sergey Lavrov", target: str = "Free Syrian Army",
              stance: str = "support", day: date = date(2015, 10, 24),
              actor_org: str | None = None, key: str | None = None) -> NewEvent:
    key = key or f"test:{n}"
    score = {"support": 1.0, "oppose": -1.0, "neutral": 0.0}[stance]
    return NewEvent(key, StatementRecorded(
        statement_id=stable_id(key), actor=actor, target=target, stance=stance,  # type: ignore[arg-type]
        score=score, stated_on=day, source="Test Wire", provenance=Provenance("test", "1"),
        actor_org=actor_org,
    ))


def write_csv(path: Path, *rows: str, header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def cut_back(engine: sa.Engine, keep: int) -> None:
    """Delete the events after position `keep` as the database's owner can: with the guard
    triggers disabled (PostgreSQL, enabled again after) or dropped (SQLite)."""
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS events_no_delete")
            conn.exec_driver_sql(f"DELETE FROM events WHERE position > {keep:d}")
        else:
            conn.exec_driver_sql("ALTER TABLE events DISABLE TRIGGER events_no_update_delete")
            conn.exec_driver_sql(f"DELETE FROM events WHERE position > {keep:d}")
            conn.exec_driver_sql("ALTER TABLE events ENABLE TRIGGER events_no_update_delete")
