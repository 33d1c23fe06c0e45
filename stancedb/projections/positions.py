"""The daily positions projection: per (level, actor, target, day) the count of statements by
stance, the sum and mean of their scores, and the last stance recorded that day.

`person` level keys on the statement's actor; `org` level on whom the actor speaks for
(`actor_org`, or the actor itself when it has none). A stale day is recomputed from the
current statements, so the projection is always a function of them.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from stancedb.projections.context import PositionKey, ProjectionContext
from stancedb.storage.sql import db_date, empty_temp_table, insert_rows, marks

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
SINGLE_COLUMNS = ("level VARCHAR(8), actor TEXT, target TEXT, day DATE, statements INTEGER, "
                  "support INTEGER, oppose INTEGER, neutral INTEGER, score_sum FLOAT, "
                  "mean_score FLOAT, last_stance VARCHAR(8), last_position BIGINT")
UPDATES = ", ".join(f"{name} = excluded.{name}" for name in COLUMNS.split(", ")[4:])


def refresh(ctx: ProjectionContext) -> None:
    """Recompute the stale days from the statements, as one set-based statement per level;
    then remove the vacated days no statement contributes to any more.

    Most days of a bulk import get their first statement: such a day's row is that
    statement's stance and score (count 1, sum and mean the score), written as is. Only the
    days that had statements before, or got more than one, are aggregated."""
    if not ctx.stale_positions:
        return
    conn = ctx.conn
    single = {key: found for key, found in ctx.contributions.items()
              if found is not None and key not in ctx.vacated_positions}
    keys = [(level, actor, target, db_date(conn, day))
            for level, actor, target, day in ctx.stale_positions if
            (level, actor, target, day) not in single]
    vacated = [(level, actor, target, db_date(conn, day))
               for level, actor, target, day in ctx.vacated_positions]
    ctx.forget_positions()
    empty_temp_table(conn, "stale_positions", "level VARCHAR(8), actor TEXT, target TEXT, day DATE")
    insert_rows(conn, "stale_positions", ("level", "actor", "target", "day"), keys)
    if single:
        _write_first_statements(conn, single)
    if not conn.exec_driver_sql("SELECT 1 FROM stale_positions LIMIT 1").first():
        return  # (nothing vacated either: a vacated day is stale)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE stale_positions")  # temporary tables have no statistics
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


def _write_first_statements(conn: Connection,
                            single: dict[PositionKey, tuple[str, float, int]]) -> None:
    """Days with one new statement: written as they are when the day had no row before;
    a day that had one goes to stale_positions, to be aggregated."""
    empty_temp_table(conn, "single_positions", SINGLE_COLUMNS)
    insert_rows(conn, "single_positions", COLUMNS.split(", "), [
        (level, actor, target, db_date(conn, day), 1, int(stance == "support"),
         int(stance == "oppose"), int(stance == "neutral"), score, score, stance, position)
        for (level, actor, target, day), (stance, score, position) in single.items()])
    same_day = ("p.level = f.level AND p.actor = f.actor AND p.target = f.target "
                "AND p.day = f.day")
    conn.exec_driver_sql("INSERT INTO stale_positions SELECT f.level, f.actor, f.target, f.day "
                         f"FROM single_positions f JOIN positions p ON {same_day}")
    conn.exec_driver_sql(f"INSERT INTO positions ({COLUMNS}) SELECT {COLUMNS} "
                         # (WHERE: SQLite's parser needs one before ON CONFLICT)
                         "FROM single_positions WHERE 1 = 1 ON CONFLICT DO NOTHING")


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
