"""The `stancedb` command: thin Typer commands over the StanceDB library API.

Library errors become a one-line message on stderr and exit code 1 (bad input) or 2 (anything
else refused) here, and only here.
"""

from __future__ import annotations

import functools
import inspect
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

import pandas as pd
import sqlalchemy as sa
import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from stancedb._version import __version__
from stancedb.config import (
    DEFAULT_HALF_LIFE_DAYS,
    SQL_MAX_ROWS,
    SQL_TIMEOUT_SECONDS,
    TABLE_QUOTE_CHARS,
    TABLE_ROWS,
    URL_VARIABLE,
)
from stancedb.database import StanceDB
from stancedb.errors import InputError, IntegrityError, StanceDBError
from stancedb.extract.evaluation import DevScores
from stancedb.ingest import IngestReport
from stancedb.model.events import ENVELOPE_FIELDS
from stancedb.outputs import tables
from stancedb.outputs.report import ReportOptions
from stancedb.storage import readonly

app = typer.Typer(
    help="stancedb: an event-sourced database of reported stances (who said what about whom).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])

Format = Annotated[str, typer.Option("--format", "-f", help="table, csv or jsonl.")]
DateOpt = Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="YYYY-MM-DD.")]
AtOpt = Annotated[datetime | None, typer.Option(
    "--at", formats=["%Y-%m-%d"], help="Valid time: as of this date (YYYY-MM-DD).")]
KnownAtOpt = Annotated[str | None, typer.Option(
    "--known-at", help="Recorded time: what the database said then (ISO timestamp, UTC "
    "unless it says otherwise, e.g. 2026-11-01T12:00:00).")]
LevelOpt = Annotated[str, typer.Option(help="person or org.")]
ActorOpt = Annotated[str | None, typer.Option(help="Only this actor.")]
TargetOpt = Annotated[str | None, typer.Option(help="Only this target.")]
HalfLifeOpt = Annotated[float, typer.Option(help="Days for a statement's weight to halve.")]
LimitOpt = Annotated[int | None, typer.Option(help="At most this many rows.")]

# The filters commands share: each command names those it offers (see `filtered`), and gets
# them as one Filters object.
FILTER_OPTIONS: dict[str, tuple[Any, Any]] = {
    "actor": (ActorOpt, None),
    "target": (TargetOpt, None),
    "source": (Annotated[str | None, typer.Option(help="Only this outlet.")], None),
    "since": (DateOpt, None),
    "until": (DateOpt, None),
    "at": (AtOpt, None),
    "known_at": (KnownAtOpt, None),
    "level": (LevelOpt, "person"),
}


@dataclass(frozen=True)
class Filters:
    """The shared filters as a command received them (see FILTER_OPTIONS)."""

    actor: str | None = None
    target: str | None = None
    source: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    at: datetime | None = None
    known_at: str | None = None
    level: str = "person"

    @property
    def statements(self) -> dict[str, Any]:
        """The statement filters given: actor, target, source, since, until."""
        given = {"actor": self.actor, "target": self.target, "source": self.source,
                 "since": _day(self.since), "until": _day(self.until)}
        return {name: value for name, value in given.items() if value is not None}

    @property
    def at_day(self) -> date | None:
        return _day(self.at)

    @property
    def known_moment(self) -> datetime | None:
        return _moment(self.known_at)


def filtered(*names: str) -> Callable[[F], F]:
    """Give a command the filter options `names` (FILTER_OPTIONS), in place of its parameter
    `filters`, which receives them as one Filters object."""

    def decorate(command: F) -> F:
        signature = inspect.signature(command, eval_str=True)
        options = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY,
                                     annotation=FILTER_OPTIONS[name][0],
                                     default=FILTER_OPTIONS[name][1]) for name in names]
        parameters: list[inspect.Parameter] = []
        for parameter in signature.parameters.values():
            if parameter.name == "filters":
                parameters += options
            else:
                parameters.append(parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY)
                                  if parameter.default is not inspect.Parameter.empty
                                  else parameter)

        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            given = {name: kwargs.pop(name) for name in names if name in kwargs}
            return command(*args, filters=Filters(**given), **kwargs)

        wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
        return wrapper  # type: ignore[return-value]

    return decorate


# Library errors as exit codes: the first class an error is an instance of gives its code.
EXIT_CODE_OF: list[tuple[type[Exception], int]] = [
    (InputError, 1),          # bad input: the message says file:line
    (StanceDBError, 2),       # anything else the library refused
    (sa.exc.DBAPIError, 2),   # locked, unreachable, full or read-only databases
]


def exit_code(exc: Exception) -> int | None:
    return next((code for kind, code in EXIT_CODE_OF if isinstance(exc, kind)), None)


def _error_message(exc: Exception) -> str:
    if isinstance(exc, sa.exc.DBAPIError):
        # Locked, unreachable, full or read-only databases, values the database refuses:
        # the transaction was rolled back, so the database is as it was before.
        message = str(exc.orig).strip()
        if message == "disk I/O error":  # how SQLite reports a write the system refused
            message += " (is the disk full, or the file larger than the system allows?)"
        return f"database error: {message}"
    return f"error: {exc.located() if isinstance(exc, InputError) else exc}"


def handled(command: F) -> F:
    """Turn library errors into a clear message and an exit code, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (StanceDBError, sa.exc.DBAPIError) as exc:
            err.print(_error_message(exc), markup=False)
            raise typer.Exit(exit_code(exc) or 2) from None

    return wrapper  # type: ignore[return-value]


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option(
        "--db", envvar="STANCEDB_URL",
        help="Database URL or SQLite file (default: ./stancedb.sqlite).")] = None,
) -> None:
    ctx.obj = db


@contextmanager
def open_db(ctx: typer.Context, migrate: bool = True) -> Iterator[StanceDB]:
    database = StanceDB(ctx.obj, migrate=migrate)
    try:
        yield database
    finally:
        database.close()


def _check_format(fmt: str) -> None:
    if fmt not in tables.FORMATS:
        raise typer.BadParameter(f"{fmt!r}; choose table, csv or jsonl", param_hint="--format")


def _fetch_limit(fmt: str, limit: int | None) -> int | None:
    return TABLE_ROWS + 1 if fmt == "table" and limit is None else limit


def _capped(frame: pd.DataFrame, fmt: str, limit: int | None) -> pd.DataFrame:
    if fmt == "table" and limit is None and len(frame) > TABLE_ROWS:
        err.print(f"showing the first {TABLE_ROWS} rows; use --limit N, or --format csv "
                  "or jsonl for all", markup=False)
        return frame.head(TABLE_ROWS)
    return frame


def _moment(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO timestamp",
                                 param_hint="--known-at") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


@app.command()
@handled
def init(ctx: typer.Context) -> None:
    """Create the database, or bring its schema up to date.

    Example: stancedb --db sqlite:///stances.sqlite init
    """
    with open_db(ctx) as db:
        err.print(f"database ready: {db.url}", markup=False)


@app.command()
@handled
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to read.")],
    strict: Annotated[bool, typer.Option(
        help="Store nothing from a file with a bad row, and stop there.")] = False,
    source: Annotated[str | None, typer.Option(
        help="Outlet of articles that no manifest.csv or front matter names.")] = None,
    published: DateOpt = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1,
                                      help="Processes for article extraction.")] = 1,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", help="Read every file as csv, tsv, jsonl, parquet, dna (a Discourse "
        "Network Analyzer database) or gdelt (a GDELT 1.0 or 2.0 event export), whatever "
        "its name; default: by file name.")] = None,
) -> None:
    """Read articles (.txt, .md, .html, JSONL with a text field), statement files (CSV,
    TSV, JSONL) and Discourse Network Analyzer databases (.dna) into the log. Articles
    take outlet, url, date and title from a manifest.csv beside them, YAML front matter,
    or --source/--published. Bad rows are listed as file:line.

    Example: stancedb ingest seeds/ statements.csv --strict;
    stancedb ingest --format gdelt 20160728.export.CSV
    """
    with open_db(ctx) as db:
        with _progress() as advance:
            report = db.ingest(paths, strict=strict, progress=advance,
                               on_error=lambda m: err.print(m, markup=False),
                               on_warning=lambda m: err.print(f"warning: {m}", markup=False),
                               source=source, published=_day(published), jobs=jobs,
                               format=fmt)
        _summarise(report)
    if not report.ok:
        raise typer.Exit(1)


@contextmanager
def _progress() -> Iterator[Callable[[int, int, Path], None] | None]:
    if not sys.stderr.isatty():
        yield None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("ingesting", total=None)

        def advance(done: int, total: int, path: Path) -> None:
            bar.update(task, completed=done, total=total, description=path.name)

        yield advance


def _summarise(report: IngestReport) -> None:
    message = (f"{report.stored} statements stored, {report.skipped} already stored, "
               f"{report.bad_rows} bad rows, {len(report.files)} files")
    if report.documents:
        message += (f"; {report.documents} articles read, {report.unchanged_documents} "
                    "unchanged since last ingested")
    failed = sum(1 for f in report.files if f.errors and not f.stored)
    if failed:
        message += f" ({failed} not stored)"
    if report.stopped:
        message += "; stopped at the first bad file (--strict)"
    err.print(message, markup=False)


@app.command()
@handled
@filtered("actor", "target", "source", "since", "until", "at", "known_at", "level")
def statements(
    ctx: typer.Context,
    filters: Filters,
    limit: LimitOpt = None,
    fmt: Format = "table",
) -> None:
    """List current statements (retractions and corrections applied), or those of a past
    date (--at) or as the database had them at a past moment (--known-at).

    Example: stancedb statements --actor "Sergey Lavrov" --known-at 2026-11-01 --format jsonl
    """
    _check_format(fmt)
    with open_db(ctx) as db:
        frame = db.statements(limit=_fetch_limit(fmt, limit), at=filters.at_day,
                              known_at=filters.known_moment, level=filters.level,
                              **filters.statements)
    columns = ["stated_on", "actor", "stance", "target", "source", "statement_id"]
    tables.write(_capped(frame, fmt, limit), fmt, sys.stdout, columns=columns,
                 title="statements")


@app.command()
@handled
@filtered("since", "until", "known_at")
def quotes(
    ctx: typer.Context,
    speaker: Annotated[str | None, typer.Option(
        help="Only this speaker (the name, whatever its case).")] = None,
    document: Annotated[str | None, typer.Option(help="Only this document (file name).")] = None,
    filters: Filters = Filters(),
    limit: LimitOpt = None,
    fmt: Format = "table",
) -> None:
    """List who said what: every quote the extractor found in the articles (speaker, cue and
    content with their character offsets), whether or not it carries a stance. Each
    statement's quote_id names the quote it came from.

    Example: stancedb quotes --speaker "Sergey Lavrov" --since 2015-10-01 --format jsonl
    """
    _check_format(fmt)
    with open_db(ctx) as db:
        frame = db.quotes(speaker=speaker, document=document, known_at=filters.known_moment,
                          limit=_fetch_limit(fmt, limit), **filters.statements)
    frame = _capped(frame, fmt, limit)
    if fmt == "table":
        frame = frame.assign(content=[_abridged(text, TABLE_QUOTE_CHARS)
                                      for text in frame["content"]])
    tables.write(frame, fmt, sys.stdout, title="quotes",
                 columns=["stated_on", "speaker", "cue", "content", "document", "quote_id"])


def _abridged(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:chars - 1].rstrip() + "…"


@app.command()
@handled
@filtered("actor", "target", "since", "until", "level", "at", "known_at")
def positions(
    ctx: typer.Context,
    filters: Filters,
    half_life: HalfLifeOpt = DEFAULT_HALF_LIFE_DAYS,
    limit: LimitOpt = None,
    fmt: Format = "table",
) -> None:
    """Positions per actor and target on each day with statements: counts by stance, mean
    score, the recency-weighted position (docs/POSITIONS.md) and the last stance.

    Example: stancedb positions --target "Free Syrian Army" --level org --format csv
    """
    _check_format(fmt)
    with open_db(ctx) as db:
        frame = db.positions(level=filters.level, at=filters.at_day,
                             known_at=filters.known_moment, half_life=half_life,
                             **filters.statements)
    if limit is not None:
        frame = frame.head(limit)
    tables.write(_capped(frame, fmt, limit), fmt, sys.stdout,
                 title=f"positions ({filters.level} level)")


@app.command()
@handled
@filtered("actor", "target", "since", "until", "level", "at", "known_at")
def changes(
    ctx: typer.Context,
    filters: Filters,
    fmt: Format = "table",
) -> None:
    """Stance changes: the days an actor's position toward a target changed sign, with the
    statements that changed it.

    Example: stancedb changes --actor "Sergey Lavrov" --format csv
    """
    _check_format(fmt)
    with open_db(ctx) as db:
        frame = db.changes(level=filters.level, at=filters.at_day,
                           known_at=filters.known_moment, **filters.statements)
    tables.write(frame, fmt, sys.stdout, columns=["day", "actor", "target", "before", "after",
                                                  "direction", "evidence"],
                 title="stance changes")


@app.command()
@handled
@filtered("since", "until", "level", "at", "known_at")
def network(
    ctx: typer.Context,
    kind: Annotated[str, typer.Option(help="agreement or conflict.")] = "agreement",
    filters: Filters = Filters(),
    fmt: Format = "table",
) -> None:
    """Actor networks as in Discourse Network Analyzer: ties between actors with the same
    (agreement) or opposite (conflict) stance toward a target; weight = shared targets.

    Example: stancedb network --kind conflict --since 2015-10-01 --format csv
    """
    _check_format(fmt)
    with open_db(ctx) as db:
        frame = db.network(kind, filters.level, at=filters.at_day,
                           known_at=filters.known_moment, **filters.statements)
    tables.write(frame, fmt, sys.stdout, title=f"{kind} network")


@app.command()
@handled
@filtered("actor", "target", "source", "since", "until", "at", "known_at", "level")
def export(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(
        help="statements, positions, agreement or conflict (the networks).")] = "statements",
    out: Annotated[Path, typer.Option("--out", "-o", help="The file to write.")] = Path(
        "stancedb-export.parquet"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="parquet, csv, jsonl, graphml "
                                     "(networks) or dna (statements in Discourse Network "
                                     "Analyzer's CSV layout).")] = "parquet",
    filters: Filters = Filters(),
) -> None:
    """Write statements, daily positions or a network to a file for analysis elsewhere
    (Parquet for DuckDB, Spark or pandas; CSV; JSON Lines; GraphML for Gephi or networkx;
    DNA's statement CSV), with the filters of `statements`, --at and --known-at.

    Example: stancedb export statements --format parquet --out statements.parquet;
    stancedb export conflict --format graphml --out conflict.graphml
    """
    with open_db(ctx) as db:
        rows = db.export(out, kind=kind, fmt=fmt, level=filters.level, at=filters.at_day,
                         known_at=filters.known_moment, **filters.statements)
    err.print(f"wrote {rows:,} rows of {kind} to {out}", markup=False)


@app.command()
@handled
@filtered("actor", "since", "until", "at", "known_at", "level")
def report(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="Folder to write (created).")] = Path("reports/report"),
    target: Annotated[str | None, typer.Option(
        help="Target of the position chart (default: the most discussed).")] = None,
    filters: Filters = Filters(),
    half_life: HalfLifeOpt = DEFAULT_HALF_LIFE_DAYS,
) -> None:
    """Write a report folder: index.html (opens offline), charts as PNG and SVG with their
    CSV data, the statements, and summary.md.

    Example: stancedb report --target "Free Syrian Army" --out reports/fsa --level org
    """
    options = ReportOptions(target, filters.actor, _day(filters.since), _day(filters.until),
                            filters.at_day, filters.known_moment, filters.level, half_life)
    with open_db(ctx) as db:
        written = db.report(out, options)
    err.print(f"report written to {out / 'index.html'} ({written.statements} statements, "
              f"{len(written.files)} files)", markup=False)


@app.command()
@handled
def log(
    ctx: typer.Context,
    after: Annotated[int, typer.Option(help="Start after this position.")] = 0,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    subject: Annotated[str | None, typer.Option(
        help="Only events about this statement, document or entity.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
) -> None:
    """Show the raw event log, oldest first.

    Example: stancedb log --subject 3f2a9c1e-... --format jsonl
    """
    if fmt not in ("table", "jsonl"):
        raise typer.BadParameter(f"{fmt!r}; choose table or jsonl", param_hint="--format")
    with open_db(ctx) as db:
        events = db.log(after=after, limit=_fetch_limit(fmt, limit), subject=subject)
        if fmt == "jsonl":
            for event in events:
                record = dict(zip(ENVELOPE_FIELDS, event.envelope(), strict=True))
                record |= {"payload": event.payload, "hash": event.hash}
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            return
        frame = pd.DataFrame(
            [(e.position, e.recorded_at.strftime("%Y-%m-%d %H:%M:%S"), e.type, e.subject,
              _summary(e.payload)) for e in events],
            columns=["position", "recorded_at (UTC)", "type", "subject", "summary"],
        )
        tables.write(_capped(frame, fmt, limit), "table", sys.stdout, title="event log")


def _summary(payload: dict[str, Any]) -> str:
    if "actor" in payload:
        p = payload
        return f"{p['actor']} {p['stance']} {p['target']} ({p['stated_on']})"
    if "changes" in payload:
        return f"{json.dumps(payload['changes'], ensure_ascii=False)}: {payload['reason']}"
    if "reason" in payload:
        return str(payload["reason"])
    if "alias" in payload:
        return f"{payload['alias']} -> {payload['canonical']}"
    if "into" in payload:
        return f"{payload['source']} merged into {payload['into']}"
    if "org" in payload:
        return f"{payload['person']} speaks for {payload['org']}"
    if "quotes" in payload:
        return f"{len(payload['quotes'])} quotes in {payload['document']}"
    return str(payload.get("name", ""))


@app.command()
@handled
def retract(
    ctx: typer.Context,
    statement_id: Annotated[str, typer.Argument(help="The statement to retract.")],
    reason: Annotated[str, typer.Option(help="Why it no longer holds.")],
) -> None:
    """Retract a statement; the log keeps it, current views drop it.

    Example: stancedb retract 3f2a9c1e-... --reason "misattributed quote"
    """
    with open_db(ctx) as db:
        result = db.retract(statement_id, reason)
    err.print("retracted" if result.appended else "already retracted", markup=False)


@app.command()
@handled
def correct(
    ctx: typer.Context,
    statement_id: Annotated[str, typer.Argument(help="The statement to correct.")],
    reason: Annotated[str, typer.Option(help="Why it is corrected.")],
    actor: Annotated[str | None, typer.Option()] = None,
    actor_org: Annotated[str | None, typer.Option()] = None,
    target: Annotated[str | None, typer.Option()] = None,
    stance: Annotated[str | None, typer.Option(help="support, oppose or neutral.")] = None,
    score: Annotated[float | None, typer.Option(help="In [-1, 1].")] = None,
    modality: Annotated[str | None, typer.Option()] = None,
    stated_on: DateOpt = None,
    source: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Correct fields of a statement by recording a correction event.

    Example: stancedb correct 3f2a9c1e-... --stance oppose --reason "negation missed"
    """
    changes = {name: value for name, value in {
        "actor": actor, "actor_org": actor_org, "target": target, "stance": stance,
        "score": score, "modality": modality, "stated_on": _day(stated_on), "source": source,
    }.items() if value is not None}
    with open_db(ctx) as db:
        db.correct(statement_id, changes, reason)
    err.print(f"corrected {', '.join(changes)}", markup=False)


@app.command()
@handled
def alias(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The surface form, e.g. a spelling variant.")],
    canonical: Annotated[str, typer.Argument(help="The entity it names.")],
    confidence: Annotated[float, typer.Option(help="How sure, in [0, 1].")] = 1.0,
) -> None:
    """Record that a name is another name of a canonical entity.

    Example: stancedb alias "Sergei Lavrov" "Sergey Lavrov"
    """
    with open_db(ctx) as db:
        result = db.alias(name, canonical, confidence=confidence)
    err.print(f"{name} -> {canonical}" if result.appended
              else f"{name} -> {canonical} already: nothing recorded", markup=False)


@app.command()
@handled
def merge(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="The entity that disappears.")],
    into: Annotated[str, typer.Argument(help="The entity it becomes.")],
) -> None:
    """Merge one canonical entity into another (both names then resolve to the second).

    Example: stancedb merge "ISIS" "ISIL"
    """
    with open_db(ctx) as db:
        result = db.merge(source, into)
    err.print(f"{source} merged into {into}" if result.appended
              else f"{source} is merged into {into} already: nothing recorded", markup=False)


@app.command()
@handled
def role(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="Who speaks.")],
    org: Annotated[str, typer.Argument(help="For whom.")],
    title: Annotated[str | None, typer.Option("--role", help="e.g. Foreign Minister.")] = None,
    since: DateOpt = None,
    until: DateOpt = None,
) -> None:
    """Record that a person speaks for an organisation between two dates.

    Example: stancedb role "Sergey Lavrov" Russia --role "Foreign Minister" --since 2004-03-09
    """
    with open_db(ctx) as db:
        db.role(person, org, role=title, since=_day(since), until=_day(until))
    err.print(f"{person} speaks for {org}", markup=False)


@app.command()
@handled
def verify(
    ctx: typer.Context,
    projections: Annotated[bool, typer.Option(
        help="Also replay the log and compare the projections.")] = True,
    against: Annotated[Path | None, typer.Option(
        help="An anchor file (stancedb anchor): fail if the log no longer reaches its "
             "position or holds another event there.")] = None,
) -> None:
    """Check the hash chain of the log and that projections match a replay; print the
    head (position and hash).

    Example: stancedb verify --against /mnt/elsewhere/stancedb-anchor.json
    """
    with open_db(ctx) as db:
        report = db.verify(projections=projections, against=against)
    if not report.ok:
        for problem in report.problems:
            err.print(f"FAILED: {problem}", markup=False)
        raise IntegrityError("verification failed")
    checked = ", projections match the log" if projections else ""
    if report.anchor is not None:
        checked += f", anchor at position {report.anchor.position} holds"
    err.print(f"ok: {report.events} events, chain intact{checked}", markup=False)
    typer.echo(f"head: position {report.last_position}, hash {report.last_hash}")


@app.command()
@handled
def anchor(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(
        help="The JSON file to write; keep it (or a copy) where the database's owner "
             "cannot change it.")],
) -> None:
    """Check the hash chain and record its head (position, hash, time, database URL without
    password) in a small JSON file, for `verify --against FILE` to tell later whether the
    log was cut back or rewritten. An existing anchor is replaced only by a head that
    extends it.

    Example: stancedb anchor /mnt/elsewhere/stancedb-anchor.json
    """
    with open_db(ctx) as db:
        anchored = db.anchor(file)
    err.print(f"anchored position {anchored.position}, hash {anchored.hash} in {file}",
              markup=False)


@app.command()
@handled
def rebuild(ctx: typer.Context) -> None:
    """Recompute every projection from the event log.

    Example: stancedb rebuild
    """
    with open_db(ctx) as db:
        replayed = db.rebuild()
    err.print(f"rebuilt projections from {replayed} events", markup=False)


@app.command()
@handled
def sql(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="QUERY", help="One SELECT statement.")],
    fmt: Format = "table",
    timeout: Annotated[float, typer.Option(
        "--timeout", metavar="SECONDS", help="Stop the query after this long.")
    ] = SQL_TIMEOUT_SECONDS,
    max_rows: Annotated[int, typer.Option(
        "--max-rows", metavar="N", min=1, help="Show at most N rows (says so when more exist).")
    ] = SQL_MAX_ROWS,
) -> None:
    """Run a read-only SQL query (views: v_statements, v_quotes, v_positions,
    v_actor_target_latest). On PostgreSQL it runs as the role stancedb_reader (docs/SQL.md).

    Example: stancedb sql "SELECT actor, count(*) FROM v_statements GROUP BY actor"
    """
    _check_format(fmt)
    # Read-only: no migration (an analyst's login may not, and needs no writers' lock). A
    # database whose schema is behind says to run `stancedb init`.
    with open_db(ctx, migrate=False) as db:
        frame = db.sql(text, timeout=timeout, max_rows=max_rows)
    tables.write(frame, fmt, sys.stdout)
    if frame.attrs.get(readonly.MORE_ROWS):
        rows = "row" if max_rows == 1 else "rows"
        err.print(f"showing the first {max_rows:,} {rows}; the query has more (use --max-rows "
                  "N to see more)", markup=False)


@app.command()
@handled
def reextract(
    ctx: typer.Context,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes.")] = 1,
) -> None:
    """Re-run the current extractor over stored articles that an older one processed: old
    statements are retracted, new ones recorded, and `stancedb log` keeps both.

    Example: stancedb reextract -j 2
    """
    with open_db(ctx) as db:
        report = db.reextract(jobs=jobs)
    err.print(f"{report.documents} documents re-extracted: {report.retracted} statements "
              f"retracted, {report.recorded} recorded", markup=False)


@app.command(name="eval")
@handled
def evaluate(
    ctx: typer.Context,
    gold: Annotated[Path | None, typer.Option(help="Gold statements (JSONL).")] = None,
    entities: Annotated[Path | None, typer.Option(help="Gold entity aliases (JSON).")] = None,
    corpus: Annotated[Path | None, typer.Option(
        help="Extract these articles in memory instead of reading the database.")] = None,
    brat: Annotated[Path | None, typer.Option(
        help="A brat attribution corpus (text/, attributions/): score speakers.")] = None,
    shared: Annotated[Path | None, typer.Option(
        help="A shared folder (gold/, seeds/, data/): score every development set in it, "
             "one table per kind.")] = None,
    errors: Annotated[int, typer.Option(help="How many misses and errors to list.")] = 30,
) -> None:
    """Score extracted statements against gold: (actor, target, stance) triples at person
    and organisation level with date accuracy, or quotes and speakers against brat
    attributions, or every development set of a shared folder.

    Example: stancedb eval --gold gold/seeds.jsonl --entities gold/entities.json --corpus seeds/

    Example: stancedb eval --shared ../shared
    """
    if shared is not None:
        _print_dev_scores(StanceDB.score_dev_sets(shared))
        return
    if brat is not None:
        score = StanceDB.score_attributions(brat)
        typer.echo(f"quotes precision {score.precision:.2f}  recall {score.recall:.2f}  "
                   f"F1 {score.f1:.2f}  ({score.matched_gold} of {score.gold} gold "
                   f"attributions, {score.predicted} quotes found)")
        typer.echo(f"speaker accuracy {score.speaker_accuracy:.3f} "
                   f"({score.speakers_right} of {score.matched_gold}; "
                   f"{score.speakers_by_mention} of them descriptions found at the gold mention)")
        for line in score.errors[:errors]:
            typer.echo(f"  wrong speaker: {line}")
        return
    if gold is None or entities is None:
        raise typer.BadParameter("give --gold and --entities (or --brat)")
    with open_db(ctx) as db:
        result = db.evaluate(gold, entities, corpus)
    for name, level in (("person", result.person), ("org", result.org)):
        typer.echo(f"{name:6} precision {level.precision:.2f}  recall {level.recall:.2f}  "
                   f"F1 {level.f1:.2f}  ({level.true_positives} of {level.required} gold, "
                   f"{level.predicted} predicted)")
    typer.echo(f"dates within one day: {result.date_accuracy:.2f} "
               f"({result.dates_right} of {result.dates_checked})")
    for line in result.person.misses[:errors]:
        typer.echo(f"  missed: {line}")
    for line in result.person.false_positives[:errors]:
        typer.echo(f"  false positive: {line}")


def _print_dev_scores(scores: DevScores) -> None:
    stance_rows = [
        {"corpus": name, "level": level_name, "precision": round(level.precision, 3),
         "recall": round(level.recall, 3), "f1": round(level.f1, 3),
         "matched": level.true_positives, "gold": level.required,
         "predicted": level.predicted}
        for name, score in scores.stances.items()
        for level_name, level in (("person", score.person), ("org", score.org))]
    if stance_rows:
        tables.write(pd.DataFrame(stance_rows), "table", sys.stdout,
                     title="stance triples (required gold)")
    attribution_rows = [
        {"corpus": name, "precision": round(score.precision, 3),
         "recall": round(score.recall, 3), "f1": round(score.f1, 3),
         "matched": score.matched_gold, "gold": score.gold, "quotes": score.predicted,
         "speaker_accuracy": round(score.speaker_accuracy, 3)}
        for name, score in scores.attributions.items()]
    if attribution_rows:
        tables.write(pd.DataFrame(attribution_rows), "table", sys.stdout,
                     title="attributions (content overlap >= half)")
    if scores.missing:
        typer.echo(f"not found: {', '.join(scores.missing)}")


@app.command()
@handled
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Serve the REST API (OpenAPI at /openapi.json, docs at /docs). Writes need
    `Authorization: Bearer $STANCEDB_API_TOKEN`; without that variable the server is
    read-only. Request headers are limited to 64 KiB, bodies to 10 MB.

    Example: stancedb serve --port 8000   (with STANCEDB_API_TOKEN set to allow writes)
    """
    import uvicorn

    from stancedb.api import create_app
    from stancedb.api.server import UVICORN_OPTIONS

    with open_db(ctx) as db:
        application = create_app(db)
        mode = "read-write" if application.state.token else "read-only (no STANCEDB_API_TOKEN)"
        err.print(f"serving {db.url} on http://{host}:{port} ({mode}, {workers} worker"
                  f"{'s' if workers > 1 else ''})", markup=False)
        if workers == 1:
            uvicorn.run(application, host=host, port=port, **UVICORN_OPTIONS)
            return
        # Each worker process builds its own app and engine on the same database.
        os.environ[URL_VARIABLE] = db.url
    uvicorn.run("stancedb.api.server:app", factory=True, host=host, port=port,
                workers=workers, **UVICORN_OPTIONS)


@app.command()
def version() -> None:
    """Print the stancedb version.

    Example: stancedb version
    """
    typer.echo(__version__)


def main() -> None:
    app()
