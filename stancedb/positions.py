"""Positions over time, computed from statements (see docs/POSITIONS.md).

Pure functions on DataFrames of statements (columns actor, target, stance, score, stated_on,
and statement_id, source, evidence for the change log): no database here.

- daily: per (actor, target, day) the number of statements by stance, their mean score and
  the last stance stated that day;
- position: on each day with statements, the recency-weighted mean of all scores up to that
  day, a statement `h` days old weighing 0.5 ** (h / half_life);
- changes: the days where the position changes sign, with the statements of that day.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

DEFAULT_HALF_LIFE_DAYS = 30.0
DAILY_COLUMNS = ["actor", "target", "day", "statements", "support", "oppose", "neutral",
                 "mean_score", "position", "last_stance"]
CHANGE_COLUMNS = ["actor", "target", "day", "before", "after", "direction", "statements",
                  "evidence"]
NETWORK_COLUMNS = ["actor1", "actor2", "kind", "weight", "targets"]


def daily(statements: pd.DataFrame, half_life: float = DEFAULT_HALF_LIFE_DAYS) -> pd.DataFrame:
    """One row per (actor, target, day with statements), with the smoothed position."""
    if statements.empty:
        return pd.DataFrame(columns=DAILY_COLUMNS)
    frame = statements.sort_values(["actor", "target", "stated_on", "position"])
    groups = frame.groupby(["actor", "target", "stated_on"], sort=True)
    days = groups.agg(
        statements=("score", "size"),
        support=("stance", lambda s: int((s == "support").sum())),
        oppose=("stance", lambda s: int((s == "oppose").sum())),
        neutral=("stance", lambda s: int((s == "neutral").sum())),
        score_sum=("score", "sum"),
        mean_score=("score", "mean"),
        last_stance=("stance", "last"),
    ).reset_index().rename(columns={"stated_on": "day"})
    days["position"] = np.nan
    for _, index in days.groupby(["actor", "target"], sort=False).groups.items():
        part = days.loc[index]
        days.loc[index, "position"] = smoothed(part["day"], part["score_sum"],
                                               part["statements"], half_life)
    days["mean_score"] = days["mean_score"].round(4)
    days["position"] = days["position"].astype(float).round(4)
    return days[DAILY_COLUMNS].reset_index(drop=True)


def smoothed(days: pd.Series, score_sums: pd.Series, counts: pd.Series,
             half_life: float) -> np.ndarray:
    """Recency-weighted mean of all scores up to each day (days sorted ascending), kept as a
    decayed running sum so that it costs one pass."""
    ordinal = np.array([d.toordinal() for d in days], dtype=float)
    sums = score_sums.to_numpy(dtype=float)
    weights = counts.to_numpy(dtype=float)
    result = np.empty(len(ordinal))
    decay = np.log(2) / half_life
    total = weight = 0.0
    for i in range(len(ordinal)):
        if i:
            factor = float(np.exp(-decay * (ordinal[i] - ordinal[i - 1])))
            total *= factor
            weight *= factor
        total += sums[i]
        weight += weights[i]
        result[i] = total / weight
    return result


def latest(days: pd.DataFrame) -> pd.DataFrame:
    """Each (actor, target)'s last row: where the actor stands now (or at the as-of date)."""
    if days.empty:
        return days
    return days.sort_values("day").groupby(["actor", "target"], as_index=False).tail(1)


def changes(days: pd.DataFrame, statements: pd.DataFrame) -> pd.DataFrame:
    """Days on which an actor's position toward a target changes sign."""
    rows = []
    for (actor, target), part in days.sort_values("day").groupby(["actor", "target"]):
        previous: tuple[float, int] | None = None
        for day, position in zip(part["day"], part["position"].astype(float), strict=True):
            sign = _sign(position)
            if previous is not None and sign != 0 and sign != previous[1]:
                cause = statements[(statements.actor == actor) & (statements.target == target)
                                   & (statements.stated_on == day)]
                rows.append((actor, target, day, round(previous[0], 4), round(position, 4),
                             "to support" if sign > 0 else "to oppose",
                             list(cause.statement_id), " | ".join(cause.evidence.fillna(""))))
            if sign != 0:
                previous = (position, sign)
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def network(statements: pd.DataFrame, kind: str = "agreement") -> pd.DataFrame:
    """Actors tied by taking the same (agreement) or opposite (conflict) stance toward the
    same target, in the sense of Discourse Network Analyzer: the weight counts the targets.
    Each actor's stance toward a target is the sign of its mean score in the window."""
    if kind not in ("agreement", "conflict"):
        raise ValueError("kind must be agreement or conflict")
    if statements.empty:
        return pd.DataFrame(columns=NETWORK_COLUMNS)
    means = statements.groupby(["actor", "target"], as_index=False)["score"].mean()
    stances: dict[str, list[tuple[str, int]]] = {}
    for actor, target, mean in zip(means["actor"], means["target"], means["score"], strict=True):
        if _sign(float(mean)) != 0:
            stances.setdefault(str(target), []).append((str(actor), _sign(float(mean))))
    pairs: dict[tuple[str, str], list[str]] = {}
    for target, held in stances.items():
        for i, (first, first_sign) in enumerate(held):
            for second, second_sign in held[i + 1:]:
                if (kind == "agreement") == (first_sign == second_sign):
                    low, high = sorted((first, second))
                    pairs.setdefault((low, high), []).append(target)
    rows_out = [(a, b, kind, len(t), sorted(t)) for (a, b), t in sorted(pairs.items())]
    return pd.DataFrame(rows_out, columns=NETWORK_COLUMNS)


def at_date(statements: pd.DataFrame, at: date | None) -> pd.DataFrame:
    """Statements made on or before `at` (valid time)."""
    if at is None or statements.empty:
        return statements
    return statements[statements.stated_on <= at]


def _sign(value: float) -> int:
    if value is None or pd.isna(value) or abs(value) < 1e-9:
        return 0
    return 1 if value > 0 else -1
