"""Small builders of events and files for the tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from stancedb.events import NewEvent, Provenance, StatementRecorded, stable_id

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
