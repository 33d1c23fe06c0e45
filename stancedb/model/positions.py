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

import math
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from stancedb.config import DEFAULT_HALF_LIFE_DAYS

DAILY_COLUMNS = ["actor", "target", "day", "statements", "support", "oppose", "neutral",
                 "mean_score", "position", "last_stance"]
CHANGE_COLUMNS = ["actor", "target", "day", "before", "after", "direction", "statements",
                  "evidence"]
NETWORK_COLUMNS = ["actor1", "actor2", "kind", "weight", "targets"]


def daily(statements: pd.DataFrame, half_life: float = DEFAULT_HALF_LIFE_DAYS) -> pd.DataFrame:
    """One row per (actor, target, day with statements), with the smoothed position."""
    if statements.empty:
        return pd.DataFrame(columns=DAILY_COLUMNS)
    frame = statements.sort_values(["actor", "target", "stated_on", "position"]).assign(
        is_support=lambda f: (f.stance == "support").astype(int),
        is_oppose=lambda f: (f.stance == "oppose").astype(int),
        is_neutral=lambda f: (f.stance == "neutral").astype(int),
    )
    groups = frame.groupby(["actor", "target", "stated_on"], sort=True)
    days = groups.agg(
        statements=("score", "size"),
        support=("is_support", "sum"),
        oppose=("is_oppose", "sum"),
        neutral=("is_neutral", "sum"),
        score_sum=("score", "sum"),
        mean_score=("score", "mean"),
        last_stance=("stance", "last"),
    ).reset_index().rename(columns={"stated_on": "day"})
    days["position"] = smoothed_by_pair(days, half_life)
    days["mean_score"] = days["mean_score"].round(4)
    days["position"] = days["position"].round(4)
    return days[DAILY_COLUMNS].reset_index(drop=True)


def smoothed_by_pair(days: pd.DataFrame, half_life: float) -> list[float]:
    """Recency-weighted mean of all scores up to each day, for rows sorted by (actor,
    target, day) with each day's statement count and score sum."""
    return decayed_means([d.toordinal() for d in days["day"]],
                         days["score_sum"].astype(float).tolist(),
                         days["statements"].astype(float).tolist(),
                         list(zip(days["actor"], days["target"], strict=True)), half_life)


def from_daily_rows(rows: Sequence[Sequence[Any]], half_life: float) -> pd.DataFrame:
    """Daily positions from rows of the daily projection (query.daily_position_rows)."""
    smoothed = decayed_means([row[2].toordinal() for row in rows], [row[7] for row in rows],
                             [row[3] for row in rows], [row[:2] for row in rows], half_life)
    return pd.DataFrame(
        [(actor, target, day, count, support, oppose, neutral, round(mean, 4),
          round(position, 4), last)
         for (actor, target, day, count, support, oppose, neutral, _, mean, last), position
         in zip(rows, smoothed, strict=True)],
        columns=DAILY_COLUMNS)


def decayed_means(ordinals: Sequence[int], sums: Sequence[float], counts: Sequence[float],
                  pairs: Sequence[Hashable], half_life: float) -> list[float]:
    """A decayed running mean, restarted at each new pair, in one pass: each day's
    total and weight decay by 0.5 ** (gap / half_life) since the pair's previous day."""
    rate = math.log(2) / half_life
    result = []
    total = weight = 0.0
    previous_pair: Hashable = object()
    previous_day = 0
    for day, day_sum, count, pair in zip(ordinals, sums, counts, pairs, strict=True):
        if pair != previous_pair:
            total = weight = 0.0
        else:
            factor = math.exp(-rate * (day - previous_day))
            total *= factor
            weight *= factor
        total += day_sum
        weight += count
        result.append(total / weight)
        previous_pair, previous_day = pair, day
    return result


def latest(days: pd.DataFrame) -> pd.DataFrame:
    """Each (actor, target)'s last row: where the actor stands now (or at the as-of date)."""
    if days.empty:
        return days
    return days.sort_values("day").groupby(["actor", "target"], as_index=False).tail(1)


def changes(days: pd.DataFrame, statements: pd.DataFrame) -> pd.DataFrame:
    """Days on which an actor's position toward a target changes sign."""
    found = []
    ordered = days.sort_values(["actor", "target", "day"])
    previous: tuple[str, str, float, int] | None = None  # actor, target, position, sign
    for actor, target, day, position in zip(ordered["actor"], ordered["target"],
                                            ordered["day"], ordered["position"].astype(float),
                                            strict=True):
        if previous is not None and previous[:2] != (actor, target):
            previous = None
        sign = _sign(position)
        if previous is not None and sign != 0 and sign != previous[3]:
            found.append((actor, target, day, round(previous[2], 4), round(position, 4),
                          "to support" if sign > 0 else "to oppose"))
        if sign != 0:
            previous = (actor, target, position, sign)
    result = pd.DataFrame(found, columns=CHANGE_COLUMNS[:6])
    if result.empty:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    # The statements of each change's day are what caused it.
    causes = statements[["actor", "target", "stated_on", "statement_id", "evidence"]].merge(
        result[["actor", "target", "day"]], left_on=["actor", "target", "stated_on"],
        right_on=["actor", "target", "day"])
    causes["evidence"] = causes["evidence"].fillna("")
    grouped = causes.groupby(["actor", "target", "day"]).agg(
        statements=("statement_id", list), evidence=("evidence", " | ".join)).reset_index()
    return result.merge(grouped, on=["actor", "target", "day"], how="left")[CHANGE_COLUMNS]


def network(statements: pd.DataFrame, kind: str = "agreement",
            with_targets: bool = True) -> pd.DataFrame:
    """Actors tied by taking the same (agreement) or opposite (conflict) stance toward the
    same target, in the sense of Discourse Network Analyzer: the weight counts the targets.
    Each actor's stance toward a target is the sign of its mean score in the window."""
    if kind not in ("agreement", "conflict"):
        raise ValueError("kind must be agreement or conflict")
    if statements.empty:
        return pd.DataFrame(columns=NETWORK_COLUMNS)
    means = statements.groupby(["actor", "target"], as_index=False)["score"].mean()
    means["sign"] = np.sign(means["score"].round(9)).astype(int)
    held = means[means["sign"] != 0][["actor", "target", "sign"]]
    # Every two actors holding a stance toward the same target (a self-join on target).
    pairs = held.merge(held, on="target", suffixes=("1", "2"))
    pairs = pairs[pairs["actor1"] < pairs["actor2"]]
    same = pairs["sign1"] == pairs["sign2"]
    pairs = pairs[same if kind == "agreement" else ~same]
    if pairs.empty:
        return pd.DataFrame(columns=NETWORK_COLUMNS)
    grouped = pairs.sort_values("target").groupby(["actor1", "actor2"], sort=True)
    if with_targets:
        edges = grouped.agg(weight=("target", "size"), targets=("target", list)).reset_index()
    else:  # the weights alone are much cheaper on large windows
        edges = grouped.agg(weight=("target", "size")).reset_index()
        edges["targets"] = None
    edges["kind"] = kind
    result: pd.DataFrame = edges[NETWORK_COLUMNS].reset_index(drop=True)
    return result


def _sign(value: float) -> int:
    if value is None or pd.isna(value) or abs(value) < 1e-9:
        return 0
    return 1 if value > 0 else -1
