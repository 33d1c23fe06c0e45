"""/v1/positions, /v1/changes, /v1/network and /v1/charts: positions over time."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from stancedb.api.deps import DbDep, answer
from stancedb.api.models import Change, Edge, Position
from stancedb.api.problems import Problem
from stancedb.api.views import records
from stancedb.config import DEFAULT_HALF_LIFE_DAYS
from stancedb.outputs import charts

router = APIRouter(tags=["positions"])
Level = Annotated[str, Query(pattern="^(person|org)$")]
HalfLife = Annotated[float, Query(ge=0.1, le=3650)]


@router.get("/positions", response_model=list[Position])
async def positions(db: DbDep, actor: str | None = None, target: str | None = None,
              since: date | None = None, until: date | None = None, at: date | None = None,
              known_at: datetime | None = None, level: Level = "person",
              half_life: HalfLife = DEFAULT_HALF_LIFE_DAYS) -> list[dict[str, Any]]:
    # One pair's positions come from the daily projection and are cheap; wider ones are not.
    short = known_at is None and actor is not None and target is not None
    return records(await answer(lambda: db.positions(
        level, actor=actor, target=target, since=since, until=until, at=at,
        known_at=known_at, half_life=half_life), short=short))


@router.get("/changes", response_model=list[Change])
def changes(db: DbDep, actor: str | None = None, target: str | None = None,
            since: date | None = None, until: date | None = None, at: date | None = None,
            known_at: datetime | None = None, level: Level = "person") -> list[dict[str, Any]]:
    return records(db.changes(level, actor=actor, target=target, since=since, until=until,
                              at=at, known_at=known_at))


@router.get("/network", response_model=list[Edge])
def network(db: DbDep, kind: Annotated[str, Query(pattern="^(agreement|conflict)$")]
            = "agreement", since: date | None = None, until: date | None = None,
            at: date | None = None, known_at: datetime | None = None,
            level: Level = "person") -> list[dict[str, Any]]:
    return records(db.network(kind, level, since=since, until=until, at=at,
                              known_at=known_at))


@router.get("/charts/position.{suffix}", response_class=Response,
            responses={200: {"content": {"image/png": {}, "image/svg+xml": {}}}})
def position_chart(db: DbDep, suffix: Annotated[str, Path(pattern="^(png|svg)$")],
                   target: str, actor: str | None = None, level: Level = "person",
                   at: date | None = None, known_at: datetime | None = None) -> Response:
    import io

    import matplotlib.pyplot as plt

    days = db.positions(level, actor=actor, target=target, at=at, known_at=known_at)
    if days.empty:
        raise Problem(404, "No positions", f"no statements toward {target!r} match")
    statements = db.statements(actor=actor, target=target, at=at, known_at=known_at,
                               level=level)
    figure = charts.position_over_time(days, statements, target)
    buffer = io.BytesIO()
    charts.save(figure, buffer, suffix, dpi=120)
    plt.close(figure)
    media = "image/png" if suffix == "png" else "image/svg+xml"
    return Response(buffer.getvalue(), media_type=media)
