"""What the projection handlers share while they apply one batch of events: the connection,
the entity name graph (kept from the batch before when still current: graph_cache.py)
and roles (loaded once per batch), and the daily positions made stale."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from stancedb.model.entities import NameGraph, Role, RoleBook
from stancedb.model.events import RecordedEvent
from stancedb.projections import graph_cache
from stancedb.storage.schema import entity_roles

# (level, actor, target, day) of a daily position to recompute.
PositionKey = tuple[str, str, str, date]


@dataclass
class ProjectionContext:
    conn: Connection
    stale_positions: set[PositionKey] = field(default_factory=set)
    # Days a statement left (retracted, corrected, re-resolved): they may now be empty.
    vacated_positions: set[PositionKey] = field(default_factory=set)
    # Of each stale day, the (stance, score, position) of the one statement that made it
    # stale, or None when more than one did: a day with one new statement and none before
    # needs no aggregation (see positions.refresh).
    contributions: dict[PositionKey, tuple[str, float, int] | None] = field(
        default_factory=dict)
    _graph: NameGraph | None = None
    _roles: RoleBook | None = None

    @property
    def graph(self) -> NameGraph:
        if self._graph is None:
            self._graph = graph_cache.take(self.conn)
        return self._graph

    def keep_graph(self, last: RecordedEvent) -> None:
        """Leave the name graph, if this batch used it, for the next batch to take."""
        if self._graph is not None:
            graph_cache.keep(self.conn, self._graph, last)

    @property
    def roles(self) -> RoleBook:
        if self._roles is None:
            rows = self.conn.execute(sa.select(entity_roles))
            self._roles = RoleBook(
                (Role(r.position, r.person, r.org, as_date(r.since), as_date(r.until))
                 for r in rows),
                self.graph,
            )
        return self._roles

    def mark_stale(self, row: Mapping[str, Any]) -> None:
        """Mark the daily positions a statement row contributes to (person and org level)."""
        contribution = (row["stance"], row["score"], row["position"])
        for key in _position_keys(row):
            self.contributions[key] = None if key in self.stale_positions else contribution
            self.stale_positions.add(key)

    def forget_positions(self) -> None:
        """Drop the marks (once the days are recomputed)."""
        self.stale_positions.clear()
        self.vacated_positions.clear()
        self.contributions.clear()

    def mark_vacated(self, row: Mapping[str, Any]) -> None:
        """Mark the daily positions a statement row no longer contributes to."""
        keys = _position_keys(row)
        self.stale_positions.update(keys)
        self.vacated_positions.update(keys)


def _position_keys(row: Mapping[str, Any]) -> tuple[PositionKey, PositionKey]:
    day = as_date(row["stated_on"])
    assert day is not None
    return (("person", row["actor"], row["target"], day),
            ("org", row["org_actor"], row["target"], day))


def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)
