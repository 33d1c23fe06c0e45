"""Reports: a folder with index.html (self-contained: charts embedded), every chart as PNG
and SVG with the CSV data behind it, the statements as CSV, and a Markdown summary."""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from stancedb.config import DEFAULT_HALF_LIFE_DAYS, REPORT_MAX_STATEMENTS
from stancedb.model import positions as positions_model
from stancedb.outputs import charts

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from stancedb.database import StanceDB




@dataclass(frozen=True)
class ReportOptions:
    target: str | None = None
    actor: str | None = None
    since: date | None = None
    until: date | None = None
    at: date | None = None
    known_at: datetime | None = None
    level: str = "person"
    half_life: float = DEFAULT_HALF_LIFE_DAYS


@dataclass
class Report:
    folder: Path
    target: str | None
    files: list[Path] = field(default_factory=list)
    statements: int = 0


def write_report(db: StanceDB, out: Path, options: ReportOptions) -> Report:
    out.mkdir(parents=True, exist_ok=True)
    filters = {"until": options.until} if options.until else {}
    history = db.statements(at=options.at, known_at=options.known_at, level=options.level,
                            **filters)
    if options.actor:
        history = history[history.actor == options.actor]
    days = positions_model.daily(history, options.half_life)
    shown = days[days.day >= options.since] if options.since else days
    window = history[history.stated_on >= options.since] if options.since else history
    target = options.target or _busiest_target(window)
    report = Report(out, target, statements=len(window))
    latest = positions_model.latest(days)
    changes = positions_model.changes(days, history)
    if options.since is not None:
        changes = changes[changes.day >= options.since]
    agreement = positions_model.network(window, "agreement", with_targets=False)
    conflict = positions_model.network(window, "conflict", with_targets=False)
    sections: list[tuple[str, str, str]] = []  # (title, image file stem, text)
    if target is not None:
        name = f"position_{_slug(target)}"
        _save(report, charts.position_over_time(shown, window, target), name,
              shown[shown.target == target])
        sections.append((f"Positions toward {target}", name,
                         "Lines: the recency-weighted position (half-life "
                         f"{options.half_life:g} days); markers: days with statements, "
                         "coloured by the stance stated and labelled with the outlet."))
    _save(report, charts.latest_heatmap(latest), "latest_heatmap", latest)
    sections.append(("Where each actor stands", "latest_heatmap",
                     "Each cell is the actor's latest position toward the target."))
    _save(report, charts.changes_timeline(changes), "stance_changes", changes)
    sections.append(("Stance changes", "stance_changes",
                     "Days on which an actor's position toward a target changed sign."))
    _save(report, charts.network_chart(agreement, conflict), "network",
          pd.concat([agreement, conflict], ignore_index=True))
    sections.append(("Agreement and conflict", "network",
                     "Actors tied by the same (agreement) or opposite (conflict) stance "
                     "toward the same target; the weight counts the targets."))
    # The statements listed in the page (all of them when there are few; every statement is
    # one `stancedb statements --format csv` away).
    statements_csv = out / "statements.csv"
    _listed(window).to_csv(statements_csv, index=False)
    report.files.append(statements_csv)
    (out / "index.html").write_text(_html(report, options, sections, window, changes),
                                    encoding="utf-8")
    (out / "summary.md").write_text(_markdown(report, options, latest, changes),
                                    encoding="utf-8")
    report.files += [out / "index.html", out / "summary.md"]
    return report


def _listed(statements: pd.DataFrame) -> pd.DataFrame:
    """The statements a report lists: the latest REPORT_MAX_STATEMENTS."""
    return statements.sort_values("stated_on", kind="stable").tail(REPORT_MAX_STATEMENTS)


def _busiest_target(statements: pd.DataFrame) -> str | None:
    if statements.empty:
        return None
    return str(statements.target.value_counts().index[0])


def _save(report: Report, figure: Figure, stem: str, data: pd.DataFrame) -> None:
    import matplotlib.pyplot as plt

    for suffix in ("png", "svg"):
        path = report.folder / f"{stem}.{suffix}"
        charts.save(figure, path, suffix)
        report.files.append(path)
    plt.close(figure)
    data_path = report.folder / f"{stem}.csv"
    data.to_csv(data_path, index=False)
    report.files.append(data_path)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "target"


def _describe(options: ReportOptions) -> str:
    parts = [f"{options.level} level"]
    if options.since or options.until:
        parts.append(f"statements from {options.since or 'the start'} to "
                     f"{options.until or 'the end'}")
    if options.at:
        parts.append(f"as of {options.at} (valid time)")
    if options.known_at:
        parts.append(f"as recorded by {options.known_at.isoformat()} (recorded time)")
    if options.actor:
        parts.append(f"actor {options.actor}")
    return "; ".join(parts)


def _html(report: Report, options: ReportOptions, sections: list[tuple[str, str, str]],
          statements: pd.DataFrame, changes: pd.DataFrame) -> str:
    escape = html.escape
    figures = []
    for title, stem, text in sections:
        data = base64.b64encode((report.folder / f"{stem}.png").read_bytes()).decode("ascii")
        figures.append(
            f"<section><h2>{escape(title)}</h2><p>{escape(text)}</p>"
            f'<img alt="{escape(title)}" src="data:image/png;base64,{data}">'
            f'<p class="files">Files: {stem}.png, {stem}.svg, data {stem}.csv</p></section>')
    rows = []
    listed = _listed(statements)
    for row in listed.itertuples():
        source = escape(str(row.source))
        url = row.url if isinstance(row.url, str) and row.url.startswith("http") else None
        link = f'<a href="{escape(url)}">{source}</a>' if url else source
        rows.append(
            f"<tr><td>{row.stated_on}</td><td>{escape(str(row.actor))}</td>"
            f'<td class="{row.stance}">{row.stance}</td><td>{escape(str(row.target))}</td>'
            f"<td>{link}</td><td>{escape(str(row.evidence or ''))}</td></tr>")
    change_items = "".join(
        f"<li>{c.day}: {escape(str(c.actor))} turned {escape(str(c.direction))[3:]} "
        f"{escape(str(c.target))} ({c.before:+.2f} → {c.after:+.2f})</li>"
        for c in changes.itertuples()) or "<li>none</li>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>stancedb report{": " + escape(report.target) if report.target else ""}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }}
img {{ max-width: 100%; border: 1px solid #ddd; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.85em; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left;
          vertical-align: top; }}
.support {{ color: #1a9850; font-weight: bold; }} .oppose {{ color: #d73027; font-weight: bold; }}
.files {{ color: #777; font-size: 0.8em; }}
</style></head><body>
<h1>Stance report</h1>
<p>{len(statements)} statements; {escape(_describe(options))}.</p>
<h2>Stance changes</h2><ul>{change_items}</ul>
{"".join(figures)}
<section><h2>Statements</h2>
<p>{"All" if len(listed) == len(statements) else f"The latest {len(listed)} of"}
{len(statements)} statements (also in statements.csv; all of them with
<code>stancedb statements --format csv</code>).</p>
<table><tr><th>date</th><th>actor</th><th>stance</th><th>target</th><th>source</th>
<th>evidence</th></tr>
{"".join(rows)}
</table></section>
</body></html>
"""


def _markdown(report: Report, options: ReportOptions, latest: pd.DataFrame,
              changes: pd.DataFrame) -> str:
    lines = ["# Stance report", "", f"{report.statements} statements; {_describe(options)}.", ""]
    if report.target:
        lines += [f"## Positions toward {report.target}", ""]
        toward = latest[latest.target == report.target].sort_values("position")
        for row in toward.itertuples():
            lines.append(f"- {row.actor}: {row.position:+.2f} (last stated {row.last_stance} "
                         f"on {row.day})")
        lines.append("")
    lines += ["## Stance changes", ""]
    lines += [f"- {c.day}: {c.actor} turned {str(c.direction)[3:]} {c.target} "
              f"({c.before:+.2f} → {c.after:+.2f})" for c in changes.itertuples()] or ["- none"]
    lines += ["", "## Files", ""]
    lines += [f"- {path.name}" for path in report.files]
    return "\n".join(lines) + "\n"
