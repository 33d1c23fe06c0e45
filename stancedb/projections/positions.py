"""The daily positions projection: per (level, actor, target, day) the count of statements by
stance, the sum and mean of their scores, and the last stance recorded that day.

`person` level keys on the statement's actor; `org` level on whom the actor speaks for
(`actor_org`, or the actor itself when it has none). A stale day is recomputed from the
current statements, so the projection is always a function of them.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from stancedb.projections.context import ProjectionContext
from stancedb.projections.sql import db_date, marks

STANCE_CODES = "CASE s.stance WHEN 'support' THEN 1 WHEN 'oppose' THEN 2 ELSE 3 END"
# The last stance of a day is the one recorded at the highest position; encoding the stance
# in the low bits of position * 4 lets one MAX() find it on both databases.
# (x - x / 4 * 4 is x modulo 4 in integer arithmetic, spelt the same on both databases.)
_LAST = f"MAX(s.position * 4 + {STANCE_CODES})"
LAST_STANCE = (
    f"CASE {_LAST} - {_LAST} / 4 * 4 "
    "WHEN 1 THEN 'support' WHEN 2 THEN 'oppose' ELSE 'neutral' END"
)
ACTOR_COLUMN = {"person": "s.actor", "org": "s.org_actor"}
COLUMNS = ("level, actor, target, day, statements, support, oppose, neutral, score_sum, "
           "mean_score, last_stance, last_position")
UPDATES = ", ".join(f"{name} = excluded.{name}" for name in COLUMNS.split(", ")[4:])


def refresh(ctx: ProjectionContext) -> None:
    """Recompute the stale days from the statements, as one set-based statement per level;
    then remove the vacated days no statement contributes to any more."""
    if not ctx.stale_positions:
        return
    conn = ctx.conn
    keys = [(level, actor, target, db_date(conn, day))
            for level, actor, target, day in sorted(ctx.stale_positions)]
    vacated = [(level, actor, target, db_date(conn, day))
               for level, actor, target, day in sorted(ctx.vacated_positions)]
    ctx.stale_positions.clear()
    ctx.vacated_positions.clear()
    conn.exec_driver_sql(
        "CREATE TEMP TABLE IF NOT EXISTS stale_positions "
        "(level VARCHAR(8), actor TEXT, target TEXT, day DATE)"
    )
    conn.exec_driver_sql("DELETE FROM stale_positions")
    conn.exec_driver_sql(f"INSERT INTO stale_positions VALUES ({marks(conn, 4)})", keys)
    for level, actor in ACTOR_COLUMN.items():
        conn.exec_driver_sql(_aggregated(level, f"""
            FROM stale_positions d
            JOIN statements s
              ON {actor} = d.actor AND s.target = d.target AND s.stated_on = d.day
            WHERE d.level = '{level}'""") + f" ON CONFLICT (level, actor, target, day) "
                             f"DO UPDATE SET {UPDATES}")
    for level, actor in ACTOR_COLUMN.items():
        emptied = [key[1:] for key in vacated if key[0] == level]
        if emptied:
            conn.exec_driver_sql(
                f"DELETE FROM positions WHERE level = '{level}' AND actor = {{0}} "
                "AND target = {0} AND day = {0} AND NOT EXISTS (SELECT 1 FROM statements s "
                f"WHERE {actor} = positions.actor AND s.target = positions.target "
                "AND s.stated_on = positions.day)".format(marks(conn, 1)), emptied)


def recompute_all(conn: Connection) -> None:
    """Every daily position from all current statements (the positions table is empty)."""
    for level in ACTOR_COLUMN:
        conn.exec_driver_sql(_aggregated(level, "FROM statements s"))


def _aggregated(level: str, source: str) -> str:
    """INSERT of the daily aggregates, at `level`, of the statements `source` selects."""
    actor = ACTOR_COLUMN[level]
    return f"""
        INSERT INTO positions ({COLUMNS})
        SELECT '{level}', {actor}, s.target, s.stated_on, COUNT(*),
               SUM(CASE WHEN s.stance = 'support' THEN 1 ELSE 0 END),
               SUM(CASE WHEN s.stance = 'oppose' THEN 1 ELSE 0 END),
               SUM(CASE WHEN s.stance = 'neutral' THEN 1 ELSE 0 END),
               SUM(s.score), AVG(s.score), {LAST_STANCE}, MAX(s.position)
        {source}
        GROUP BY {actor}, s.target, s.stated_on"""
