"""Matplotlib charts of positions: lines over time, a latest-position heatmap, a timeline of
stance changes and an agreement/conflict network. Each function draws on a new figure and
returns it; the caller saves it (PNG and SVG) and closes it."""

from __future__ import annotations

import math
import warnings
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, never a window

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

STANCE_COLOURS = {"support": "#1a9850", "oppose": "#d73027", "neutral": "#7f7f7f"}
SCALE_TICKS = ([-1, -0.5, 0, 0.5, 1], ["oppose  −1", "−0.5", "neutral  0", "+0.5", "support  +1"])
MAX_ACTORS = 20
MAX_TARGETS = 15
MAX_EDGES = 60
MAX_CHANGE_ROWS = 25


def position_over_time(days: pd.DataFrame, statements: pd.DataFrame, target: str) -> Figure:
    """One line per actor: the smoothed position toward `target`; markers for the days with
    statements, coloured by the stance stated, labelled with the outlet when few."""
    figure, axes = plt.subplots(figsize=(11, 5.5), layout="constrained")
    shown = days[days.target == target]
    actors = list(shown.groupby("actor")["statements"].sum()
                  .sort_values(ascending=False).index[:MAX_ACTORS])
    palette = plt.get_cmap("tab20")
    end = pd.to_datetime(shown.day.max()) if len(shown) else None
    for number, actor in enumerate(actors):
        part = shown[shown.actor == actor].sort_values("day")
        when = pd.to_datetime(part.day)
        colour = palette(number % 20)
        axes.step(when, part.position, where="post", color=colour, linewidth=1.8,
                  label=actor, alpha=0.9)
        if end is not None and when.iloc[-1] < end:
            # A position holds until the actor speaks again: dotted to the window's end.
            axes.plot([when.iloc[-1], end], [part.position.iloc[-1]] * 2, ":", color=colour,
                      linewidth=1.4, alpha=0.8)
        axes.scatter(when, part.position, s=30 + 25 * part.statements.clip(upper=6),
                     c=[STANCE_COLOURS[s] for s in part.last_stance], edgecolors="white",
                     linewidths=0.8, zorder=3)
    labelled = statements[(statements.target == target) & (statements.actor.isin(actors))]
    if 0 < len(labelled) <= 25:
        # One label per marker; labels of markers close together are stacked, not piled.
        span = max(_x(labelled.stated_on.max()) - _x(labelled.stated_on.min()), 1.0)
        placed: list[tuple[float, int]] = []
        for row in labelled.sort_values(["stated_on", "source"]).itertuples():
            score = float(row.score)  # type: ignore[arg-type]
            x = _x(row.stated_on)
            side = 1 if score >= 0 else -1
            rank = sum(1 for px, ps in placed if ps == side and abs(px - x) < 0.12 * span)
            placed.append((x, side))
            # Labels of markers near the right edge go to their left, off the legend.
            right = x > _x(labelled.stated_on.min()) + 0.85 * span
            axes.annotate(str(row.source), (x, score), textcoords="offset points",
                          xytext=(-6 if right else 6,
                                  side * (8 + 10 * rank) - (4 if side < 0 else 0)),
                          ha="right" if right else "left", fontsize=7, color="#444444")
    _position_axes(axes)
    axes.set_title(f"Positions toward {target} over time")
    axes.set_xlabel("date stated")
    axes.set_ylabel("position (recency-weighted score)")
    stance_keys = [Line2D([], [], marker="o", linestyle="", color=c, label=f"stated: {s}")
                   for s, c in STANCE_COLOURS.items()]
    handles, _labels = axes.get_legend_handles_labels()
    axes.legend(handles=handles + stance_keys, loc="upper left", bbox_to_anchor=(1.01, 1),
                fontsize=8, title="actor", title_fontsize=9, frameon=False)
    _date_axis(axes, shown.day)
    return figure


def latest_heatmap(latest: pd.DataFrame) -> Figure:
    """Actors × targets, each cell the actor's latest position toward the target."""
    actors = list(latest.groupby("actor")["statements"].sum()
                  .sort_values(ascending=False).index[:MAX_ACTORS])
    targets = list(latest.groupby("target")["statements"].sum()
                   .sort_values(ascending=False).index[:MAX_TARGETS])
    grid = (latest[latest.actor.isin(actors) & latest.target.isin(targets)]
            .pivot_table(index="actor", columns="target", values="position", aggfunc="last")
            .reindex(index=actors, columns=targets))
    width = max(7.0, 1.2 + 0.75 * len(targets))
    height = max(4.0, 1.6 + 0.38 * len(actors))
    figure, axes = plt.subplots(figsize=(width, height), layout="constrained")
    colours = plt.get_cmap("RdYlGn").with_extremes(bad="#eeeeee")
    image = axes.imshow(grid.to_numpy(dtype=float), cmap=colours, vmin=-1, vmax=1,
                        aspect="auto")
    axes.set_xticks(range(len(targets)), targets, rotation=35, ha="right", fontsize=8)
    axes.set_yticks(range(len(actors)), actors, fontsize=8)
    values = grid.to_numpy(dtype=float)
    for row in range(values.shape[0]):
        for column in range(values.shape[1]):
            value = float(values[row, column])
            if not math.isnan(value):
                axes.text(column, row, f"{value:+.2f}", ha="center", va="center", fontsize=7,
                          color="black" if abs(value) < 0.7 else "white")
    bar = figure.colorbar(image, ax=axes, ticks=SCALE_TICKS[0], shrink=0.8)
    bar.ax.set_yticklabels(SCALE_TICKS[1], fontsize=8)
    bar.set_label("latest position")
    axes.set_title("Latest position of each actor toward each target (grey: no statement)")
    axes.set_xlabel("target")
    axes.set_ylabel("actor")
    return figure


def changes_timeline(changes: pd.DataFrame) -> Figure:
    """Each stance change as a marker on its date, one row per (actor, target); the pairs
    that changed most often when there are many."""
    labels = changes.actor.astype(str) + " → " + changes.target.astype(str)
    busiest = labels.value_counts().index[:MAX_CHANGE_ROWS]
    shown_all = len(labels.unique()) <= MAX_CHANGE_ROWS
    changes = changes[labels.isin(busiest)]
    rows = sorted(set(busiest))
    figure, axes = plt.subplots(figsize=(11, max(3.0, 1.4 + 0.4 * len(rows))),
                                layout="constrained")
    if changes.empty:
        axes.text(0.5, 0.5, "No stance changes in this window", ha="center", va="center",
                  transform=axes.transAxes, fontsize=12, color="#555555")
        axes.set_xticks([])
        axes.set_yticks([])
    else:
        position = {label: number for number, label in enumerate(rows)}
        for row in changes.itertuples():
            to_support = row.direction == "to support"
            axes.scatter(_x(row.day), position[f"{row.actor} → {row.target}"],
                         marker="^" if to_support else "v", s=110,
                         color=STANCE_COLOURS["support" if to_support else "oppose"], zorder=3)
        axes.set_yticks(range(len(rows)), rows, fontsize=8)
        axes.set_ylim(-0.7, len(rows) - 0.3)
        axes.grid(axis="x", color="#dddddd")
        _date_axis(axes, changes.day)
        axes.legend(handles=[
            Line2D([], [], marker="^", linestyle="", color=STANCE_COLOURS["support"],
                   label="turned to support"),
            Line2D([], [], marker="v", linestyle="", color=STANCE_COLOURS["oppose"],
                   label="turned to oppose")], loc="upper left", bbox_to_anchor=(1.01, 1),
            frameon=False, fontsize=8)
    axes.set_title("Stance changes (the position changes sign)" if shown_all else
                   f"Stance changes of the {MAX_CHANGE_ROWS} actor-target pairs that changed "
                   "most")
    axes.set_xlabel("date")
    return figure


def network_chart(agreement: pd.DataFrame, conflict: pd.DataFrame) -> Figure:
    """Actors on a circle; green lines join actors who agree, red dashed ones actors in
    conflict; line width counts the targets."""
    # The strongest ties only, among the most connected actors: a readable picture.
    agreement = agreement.nlargest(MAX_EDGES, "weight")
    conflict = conflict.nlargest(MAX_EDGES, "weight")
    degree = pd.concat([agreement.actor1, agreement.actor2, conflict.actor1, conflict.actor2])
    actors = sorted(degree.value_counts().index[:MAX_ACTORS])
    agreement = agreement[agreement.actor1.isin(actors) & agreement.actor2.isin(actors)]
    conflict = conflict[conflict.actor1.isin(actors) & conflict.actor2.isin(actors)]
    figure, axes = plt.subplots(figsize=(9, 8), layout="constrained")
    axes.set_axis_off()
    axes.set_title(f"Agreement and conflict between actors (shared targets; the strongest "
                   f"{MAX_EDGES} ties of each kind)")
    if not actors:
        axes.text(0.5, 0.5, "No two actors share a target in this window", ha="center",
                  va="center", transform=axes.transAxes, fontsize=12, color="#555555")
        return figure
    place = {a: (math.cos(2 * math.pi * k / len(actors)), math.sin(2 * math.pi * k / len(actors)))
             for k, a in enumerate(actors)}
    for edges, colour, style in ((agreement, STANCE_COLOURS["support"], "-"),
                                 (conflict, STANCE_COLOURS["oppose"], "--")):
        for row in edges.itertuples():
            (x1, y1), (x2, y2) = place[str(row.actor1)], place[str(row.actor2)]
            axes.plot([x1, x2], [y1, y2], style, color=colour, alpha=0.6,
                      linewidth=1 + 1.5 * float(row.weight))  # type: ignore[arg-type]
    for actor, (x, y) in place.items():
        axes.scatter([x], [y], s=90, color="#4c72b0", zorder=3)
        axes.annotate(actor, (x, y), xytext=(8 * x, 8 * y), textcoords="offset points",
                      ha="left" if x >= 0 else "right", va="center", fontsize=8)
    axes.set_xlim(-1.6, 1.6)
    axes.set_ylim(-1.3, 1.3)
    axes.legend(handles=[Line2D([], [], color=STANCE_COLOURS["support"], label="agree"),
                         Line2D([], [], color=STANCE_COLOURS["oppose"], linestyle="--",
                                label="conflict")], loc="lower right", frameon=False)
    return figure


def _position_axes(axes: Axes) -> None:
    axes.set_ylim(-1.45, 1.45)  # room for the outlet labels beyond ±1
    axes.set_yticks(*SCALE_TICKS)
    axes.axhline(0, color="#999999", linewidth=0.8)
    axes.axhspan(0, 1.45, color=STANCE_COLOURS["support"], alpha=0.04)
    axes.axhspan(-1.45, 0, color=STANCE_COLOURS["oppose"], alpha=0.04)
    axes.grid(axis="x", color="#eeeeee")


def _date_axis(axes: Axes, days: pd.Series) -> None:
    locator = mdates.AutoDateLocator(maxticks=10)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    formatter = mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_formatter(formatter)
    if len(days):
        first, last = pd.to_datetime(days.min()), pd.to_datetime(days.max())
        margin = max((last - first) * 0.05, pd.Timedelta(days=7))  # whole days on the axis
        axes.set_xlim(first - margin, last + margin)


def _x(day: object) -> float:
    """A date as a matplotlib x coordinate."""
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def save(figure: Figure, target: Any, suffix: str, dpi: int = 150) -> None:
    """Write a figure as PNG or SVG and close it. A name in a script the font lacks is
    drawn as boxes, which is no reason to fail a chart."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.savefig(target, format=suffix, dpi=dpi)
