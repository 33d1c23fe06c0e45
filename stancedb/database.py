"""StanceDB: the one library API. The CLI and the REST API are thin layers over it.

    with StanceDB("sqlite:///stances.sqlite") as db:
        db.ingest(["statements.csv"])
        frame = db.statements(actor="Sergey Lavrov")
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy.engine import Engine

from stancedb.config import (
    BATCH_SIZE,
    DEFAULT_HALF_LIFE_DAYS,
    SQL_MAX_ROWS,
    SQL_TIMEOUT_SECONDS,
    database_url,
)
from stancedb.errors import InputError, IntegrityError, InvalidEventError, NotFoundError
from stancedb.extract import evaluation
from stancedb.extract.documents import Document, Metadata, document_from_text
from stancedb.extract.pipeline import EXTRACTOR_NAME, EXTRACTOR_VERSION, extract_all
from stancedb.ingest import (
    IngestOptions,
    IngestReport,
    ProgressCallback,
    ingest_paths,
)
from stancedb.ingest.formats import structured
from stancedb.ingest.formats.articles import ingest_documents, store_extraction, stored_documents
from stancedb.model import positions as positions_model
from stancedb.model.events import (
    CORRECTABLE_FIELDS,
    MODALITIES,
    STANCES,
    EntityAliased,
    EntityMerged,
    EntityRole,
    EventData,
    NewEvent,
    Provenance,
    RecordedEvent,
    StatementCorrected,
    StatementRetracted,
)
from stancedb.model.names import check_storable, checked_name, checked_text
from stancedb.outputs import export
from stancedb.projections import entities as entity_links_projection
from stancedb.projections import runner, verify
from stancedb.projections import statements as statement_projection
from stancedb.storage import anchors, notify, query, readonly
from stancedb.storage import db as dbmod
from stancedb.storage.store import AppendResult, EventStore

if TYPE_CHECKING:
    from stancedb.outputs.report import Report, ReportOptions

# The statement filters the daily positions projection can answer by itself.
PROJECTED_FILTERS = {"actor", "target", "until"}

@dataclass
class ReextractReport:
    documents: int = 0
    retracted: int = 0
    recorded: int = 0


def _stored_document(payload: dict[str, Any]) -> Document:
    published = date.fromisoformat(payload["published"]) if payload.get("published") else None
    metadata = Metadata(payload.get("source"), payload.get("url"), published,
                        payload.get("title"))
    return document_from_text(payload["name"], payload.get("text") or "",
                              payload.get("format") or "text", metadata)


class StanceDB:
    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = database_url(url)
        self.engine = dbmod.create_engine(self.url)
        try:
            if migrate:
                dbmod.migrate(self.engine)
            self.store = EventStore(self.engine, projector=runner.apply)
            if migrate:
                self.catch_up()
        except BaseException:
            self.engine.dispose()  # no one else can: the caller never gets this object
            raise

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> StanceDB:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # --- the log -----------------------------------------------------------------------------

    def append(self, batch: Sequence[NewEvent]) -> AppendResult:
        return self.store.append(batch)

    def log(self, after: int = 0, limit: int | None = None,
            subject: str | None = None) -> Iterator[RecordedEvent]:
        if subject is not None:
            return iter(self.store.history(subject))
        return self.store.read(after=after, limit=limit)

    def last_position(self) -> int:
        """The position of the newest event in the log (0 when it is empty)."""
        return self.store.last_position()

    def wait_for_events(self, after: int, timeout: float) -> bool:
        """Block until the log holds an event after position `after` (True), or `timeout`
        seconds pass (False). Woken by NOTIFY on PostgreSQL; polls on SQLite."""
        return notify.wait_for_events(self.engine, self.store.last_position, after, timeout)

    def catch_up(self) -> int:
        """Bring projections up to the end of the log (after an upgrade, or a crash)."""
        with self.engine.connect() as conn:
            if runner.checkpoint(conn) >= self.store.last_position(conn):
                return 0
        with dbmod.write_transaction(self.engine) as conn:
            return runner.catch_up(conn, self.store)

    def rebuild(self) -> int:
        """Recompute every projection from the log; returns the number of events replayed."""
        with dbmod.write_transaction(self.engine) as conn:
            return runner.rebuild(conn, self.store)

    def verify(self, projections: bool = True,
               against: str | Path | anchors.Anchor | None = None) -> verify.VerifyReport:
        """Check the hash chain and (`projections`) that the projections equal a replay of
        the log. `against`: an anchor, or its file (see `anchor`): the log must still reach
        its position and hold its hash there, or it was cut back or rewritten."""
        anchor = anchors.read(Path(against)) if isinstance(against, str | Path) else against
        return verify.verify(self.engine, self.store, check_projections=projections,
                             against=anchor)

    def anchor(self, path: str | Path) -> anchors.Anchor:
        """Check the hash chain and record its head (position, hash, time, this database's
        URL without password) in the JSON file `path`, to be kept outside the database so
        that `verify(against=path)` can tell a log cut back or rewritten since. An existing
        anchor file is replaced only by a head that extends it: anchors never move back."""
        path = Path(path)
        previous = None
        if path.exists():
            try:
                previous = anchors.read(path)
            except InputError as exc:
                raise InputError(f"{exc.reason}; not overwritten", exc.file) from None
        report = verify.verify(self.engine, self.store, check_projections=False,
                               against=previous)
        if not report.ok:
            raise IntegrityError(f"not anchored: {'; '.join(report.problems)}")
        anchor = anchors.Anchor(report.last_position, report.last_hash,
                                report.last_recorded_at, anchors.now(),
                                anchors.public_url(self.url))
        anchors.write(path, anchor)
        return anchor

    # --- input -------------------------------------------------------------------------------

    def ingest(self, paths: Iterable[str | Path], *, strict: bool = False,
               progress: ProgressCallback | None = None,
               on_error: Callable[[str], None] | None = None,
               on_warning: Callable[[str], None] | None = None,
               batch_size: int = BATCH_SIZE, source: str | None = None,
               published: date | None = None, jobs: int = 1,
               format: str | None = None) -> IngestReport:
        """Read statement files, articles and DNA databases (files or folders). Bad rows and
        unreadable files go to `on_error` as file:line: reason; `source` and `published`
        apply to articles that neither a manifest.csv nor front matter describes; `format`
        (one of formats.NAMED) reads every file so, whatever its name."""
        options = IngestOptions(strict, progress, on_error, on_warning, batch_size,
                                Metadata(source=source, published=published), jobs, format)
        return ingest_paths(self.store, [Path(p) for p in paths], options)

    def record(self, fields: dict[str, Any], *, agent: str = "api",
               key: str | None = None) -> tuple[str, bool]:
        """Record one statement from a mapping with the columns of a statement file (actor,
        target, stance, date, source, ...). Returns its id and whether it was new."""
        event = structured.to_event(structured.Row(0, fields), agent, agent, key)
        # The caller's key names this request (strict); a key from the content names it too.
        result = self.store.append([replace(event, strict=key is not None)])
        return event.data.subject, result.appended == 1

    def add_document(self, name: str, text: str, *, kind: str = "text",
                     source: str | None = None, url: str | None = None,
                     published: date | None = None, title: str | None = None
                     ) -> pd.DataFrame:
        """Extract and store one article given as text; returns its current statements."""
        for value, what in ((name, "document name"), (text, "text"), (source, "source"),
                            (url, "url"), (title, "title")):
            check_storable(value, what)
        document = document_from_text(name, text, kind, Metadata(source, url, published,
                                                                 title))
        list(ingest_documents(self.store, [document]))
        return self.statements(document=name)

    def statement(self, statement_id: str) -> tuple[dict[str, Any] | None,
                                                     list[RecordedEvent]]:
        """A statement as it is now (None when retracted) and every event about it."""
        with self.engine.connect() as conn:
            exists = statement_projection.exists(conn, statement_id)
        history = self.store.history(statement_id)
        if not exists and not history:
            raise NotFoundError(f"no statement with id {statement_id}")
        current = None
        if exists:
            frame = query.statements(self.engine, query.Filters(statement_id=statement_id))
            current = {str(k): v for k, v in frame.to_dict(orient="records")[0].items()}
        return current, history

    def entities(self) -> pd.DataFrame:
        """Every name seen, with the canonical entity it resolves to."""
        with self.engine.connect() as conn:
            return pd.DataFrame(entity_links_projection.every_name(conn),
                                columns=["name", "canonical"])

    # --- changes -----------------------------------------------------------------------------

    def retract(self, statement_id: str, reason: str, *, agent: str = "manual") -> AppendResult:
        self._require_statement(statement_id)
        data = StatementRetracted(statement_id, checked_text(reason, "reason"),
                                  Provenance(agent))
        return self._record(data, key=f"retract:{statement_id}")

    def correct(self, statement_id: str, changes: dict[str, Any], reason: str, *,
                agent: str = "manual", key: str | None = None) -> AppendResult:
        self._require_statement(statement_id)
        checked = _checked_changes(changes)
        data = StatementCorrected(statement_id, checked, checked_text(reason, "reason"),
                                  Provenance(agent))
        return self._record(data, key=key)

    def alias(self, alias: str, canonical: str, *, confidence: float = 1.0,
              agent: str = "manual", key: str | None = None) -> AppendResult:
        """Make `alias` a name of `canonical`; the newest alias of a name wins, so aliasing
        A to B, to C and to B again leaves A naming B. See _link for retries."""
        data = EntityAliased(checked_name(alias, "alias"),
                             checked_name(canonical, "canonical name"),
                             Provenance(agent, confidence=_unit(confidence, "confidence")))
        return self._link(data, data.alias, data.canonical, "alias", key)

    def merge(self, source: str, into: str, *, agent: str = "manual",
              key: str | None = None) -> AppendResult:
        """Merge the entity `source` into `into`. See _link for retries."""
        data = EntityMerged(checked_name(source, "source entity"),
                            checked_name(into, "target entity"), Provenance(agent))
        return self._link(data, data.source, data.into, "merge", key)

    def role(self, person: str, org: str, *, role: str | None = None,
             since: date | None = None, until: date | None = None, agent: str = "manual",
             key: str | None = None) -> AppendResult:
        if since and until and until < since:
            raise InvalidEventError(f"role ends ({until}) before it starts ({since})")
        data = EntityRole(checked_name(person, "person"), checked_name(org, "organisation"),
                          None if role is None else checked_name(role, "role"), since, until,
                          Provenance(agent))
        return self._record(data, key=key)

    def _record(self, data: EventData, key: str | None) -> AppendResult:
        """Append one event: under the caller's idempotency key (strict: reused with another
        request it is refused), or under a key of its own."""
        return self.store.append([_new_event(data, key)])

    def _link(self, data: EntityAliased | EntityMerged, name: str, parent: str, kind: str,
              key: str | None) -> AppendResult:
        """Record an alias or a merge. With a `key`, a retry is the same key with the same
        request. Without one, a request is a retry when the links already say what it says
        (this name, this parent, this kind and confidence): it would change nothing, so
        nothing is appended. Any other request is new and recorded, even one that restores
        an earlier link (A to B, to C, to B again). Names make no key: "A->B" to "C" and "A"
        to "B->C" are two requests."""
        if key is not None:
            return self._record(data, key)
        with dbmod.write_transaction(self.engine) as conn:
            if entity_links_projection.links(conn, name, parent, kind,
                                             data.provenance.confidence):
                return AppendResult(0, 1, self.store.last_position(conn), [])
            return self.store.append_in(conn, [_new_event(data, None)])

    def _require_statement(self, statement_id: str) -> None:
        with self.engine.connect() as conn:
            found = statement_projection.exists(conn, statement_id)
        if not found:
            raise NotFoundError(f"no current statement with id {statement_id}")

    # --- reading -----------------------------------------------------------------------------

    def statements(self, *, at: date | None = None, known_at: datetime | None = None,
                   level: str = "person", **filters: Any) -> pd.DataFrame:
        """Current statements (filters: actor, target, source, document, since, until,
        limit). `at`: only those made by that date (valid time). `known_at`: as the
        database had them at that moment (recorded time), before later retractions,
        corrections and merges."""
        wanted = query.Filters(**filters)
        if at is not None:
            wanted = replace(wanted, until=_earlier(wanted.until, at))
        with self._as_of(known_at) as engine:
            return query.statements(engine, wanted, level)

    def quotes(self, *, speaker: str | None = None, document: str | None = None,
               since: date | None = None, until: date | None = None,
               known_at: datetime | None = None, after: int | None = None,
               limit: int | None = None) -> pd.DataFrame:
        """Who said what: every quote (attribution) the extractor found in the current
        version of each document, whether or not it carries a stance, with the speaker, the
        cue and the content and their character offsets into the document's text.
        `speaker` matches the speaker's name whatever its case; `since`/`until` the date it
        was stated (inclusive); `known_at` as for statements; `after` is a cursor
        (query.quote_cursor of the last quote read), which orders by log position."""
        wanted = query.QuoteFilters(speaker, document, since, until, after, limit)
        with self._as_of(known_at) as engine:
            return query.quotes(engine, wanted)

    def positions(self, level: str = "person", *, at: date | None = None,
                  known_at: datetime | None = None,
                  half_life: float = DEFAULT_HALF_LIFE_DAYS,
                  **filters: Any) -> pd.DataFrame:
        """Daily positions per (actor, target): counts, mean score, the recency-weighted
        position (docs/POSITIONS.md) and the last stance, for days up to `at`."""
        since = filters.pop("since", None)
        if known_at is None and _given(filters) <= PROJECTED_FILTERS:
            # The daily positions projection already holds each day's aggregates: far
            # cheaper than reading and grouping the statements.
            wanted = query.Filters(**{**filters, "until": _earlier(filters.get("until"), at)})
            days = positions_model.from_daily_rows(
                query.daily_position_rows(self.engine, wanted, level), half_life)
        else:
            frame = self.statements(at=at, known_at=known_at, level=level, **filters)
            days = positions_model.daily(frame, half_life)
        return days[days.day >= since] if since is not None else days

    def changes(self, level: str = "person", *, at: date | None = None,
                known_at: datetime | None = None,
                half_life: float = DEFAULT_HALF_LIFE_DAYS,
                **filters: Any) -> pd.DataFrame:
        """The days on which an actor's position toward a target changed sign."""
        frame, since = self._history(level, at, known_at, filters)
        found = positions_model.changes(positions_model.daily(frame, half_life), frame)
        return found[found.day >= since] if since is not None else found

    def network(self, kind: str = "agreement", level: str = "person", *,
                at: date | None = None, known_at: datetime | None = None,
                **filters: Any) -> pd.DataFrame:
        """Agreement or conflict ties between actors over the statements in the window
        (since/until, at, known_at and the other statement filters)."""
        frame = self.statements(at=at, known_at=known_at, level=level, **filters)
        return positions_model.network(frame, kind)

    def export(self, out: str | Path, *, kind: str = "statements", fmt: str = "parquet",
               level: str = "person", at: date | None = None,
               known_at: datetime | None = None, **filters: Any) -> int:
        """Write current statements, daily positions, or the agreement or conflict network
        (`kind`) to the file `out` as csv, jsonl, parquet, graphml (networks) or dna (DNA's
        statement CSV), with the same filters, `at` and `known_at` as the readers; returns
        the number of rows (statements, days or ties) written."""
        export.check(kind, fmt)
        if kind == "statements":
            frame = self.statements(level=level, at=at, known_at=known_at, **filters)
        elif kind == "positions":
            frame = self.positions(level, at=at, known_at=known_at, **filters)
        else:
            frame = self.network(kind, level, at=at, known_at=known_at, **filters)
        export.write_frame(frame, fmt, Path(out), kind)
        return len(frame)

    def _history(self, level: str, at: date | None, known_at: datetime | None,
                 filters: dict[str, Any]) -> tuple[pd.DataFrame, date | None]:
        """All statements up to the window's end: smoothing needs what came before it."""
        since = filters.pop("since", None)
        return self.statements(at=at, known_at=known_at, level=level, **filters), since

    @contextmanager
    def _as_of(self, known_at: datetime | None) -> Iterator[Engine]:
        """This database, or a private replay of its log up to what was recorded by
        `known_at` (transaction time)."""
        if known_at is None:
            yield self.engine
            return
        replica = verify.replay_into_memory(self.store, self.store.position_at(known_at))
        try:
            yield replica
        finally:
            replica.dispose()

    def reextract(self, jobs: int = 1) -> ReextractReport:
        """Re-run the current extractor over stored documents whose statements an older one
        made: old statements are retracted, new ones recorded, the history stays in the log."""
        report = ReextractReport()
        # Only articles the extractor read: a DNA document's statements are a coder's.
        # A document whose statements are current but whose quotes this extractor has not
        # stored (read before quotes were stored) gets its quotes; its statements stay.
        outdated: dict[str, bool] = {}
        documents = []
        for found in stored_documents(self.store):
            if found["payload"].get("provenance", {}).get("agent") != EXTRACTOR_NAME:
                continue
            old_statements = bool(found["extractor_versions"] - {EXTRACTOR_VERSION})
            if old_statements or EXTRACTOR_VERSION not in found["attributed_versions"]:
                outdated[found["payload"]["name"]] = old_statements
                documents.append(_stored_document(found["payload"]))
        reason = f"re-extracted with {EXTRACTOR_NAME} {EXTRACTOR_VERSION}"
        for extraction in extract_all(documents, jobs=jobs):
            name = extraction.document.name
            before = len(self.statements(document=name)) if outdated[name] else 0
            result = store_extraction(self.store, extraction,
                                      reason=reason if outdated[name] else None)
            report.documents += 1
            report.retracted += before
            report.recorded += result.statements
        return report

    def evaluate(self, gold: Path, entities: Path,
                 corpus: Path | None = None) -> evaluation.StanceScore:
        """Score statements against gold triples: those the extractor finds in `corpus`
        (nothing stored), or else the current statements of this database."""
        rows = evaluation.load_gold(gold)
        if corpus is not None:
            predicted = evaluation.extracted_predictions(corpus)
        else:
            records = self.statements().to_dict(orient="records")
            predicted = [evaluation.Predicted(str(r["document"] or ""), str(r["actor"]),
                                              str(r["target"]), str(r["stance"]), r["stated_on"])
                         for r in records]
        return evaluation.score_stances(rows, predicted, evaluation.Aliases.load(entities))

    @staticmethod
    def score_attributions(brat: Path) -> evaluation.AttributionScore:
        """Score the extractor's quotes and speakers against a brat attribution corpus
        (text/, attributions/); reads no database."""
        return evaluation.score_attribution_folder(Path(brat))

    @staticmethod
    def score_dev_sets(shared: Path) -> evaluation.DevScores:
        """Score every development set of a shared folder (gold/, seeds/, data/); reads no
        database."""
        return evaluation.score_dev_sets(Path(shared))

    def report(self, out: str | Path, options: ReportOptions | None = None) -> Report:
        """Write a report folder `out`: index.html, charts as PNG and SVG with their CSV data,
        the statements, and summary.md (see stancedb.outputs.report)."""
        from stancedb.outputs.report import ReportOptions, write_report  # (matplotlib: when used)

        return write_report(self, Path(out), options or ReportOptions())

    def sql(self, text: str, *, timeout: float = SQL_TIMEOUT_SECONDS,
            max_rows: int = SQL_MAX_ROWS) -> pd.DataFrame:
        """Run one read-only query; any attempt to write is refused. At most `max_rows` rows
        are returned, and `frame.attrs["more_rows"]` is True when the query had more; the
        query is stopped with QueryTimeoutError after `timeout` seconds."""
        return readonly.run(self.url, text, timeout=timeout, max_rows=max_rows)


def _new_event(data: EventData, key: str | None) -> NewEvent:
    if key is not None:
        return NewEvent(key, data, strict=True)
    return NewEvent(f"{data.TYPE}:{uuid.uuid4()}", data)


def _earlier(day: date | None, other: date | None) -> date | None:
    return min(day, other) if day and other else day or other


def _given(filters: dict[str, Any]) -> set[str]:
    return {name for name, value in filters.items() if value is not None}


def _unit(value: float, what: str) -> float:
    if not 0.0 <= value <= 1.0:
        raise InvalidEventError(f"{what} must be between 0 and 1, got {value}")
    return value


def _checked_changes(changes: dict[str, Any]) -> dict[str, Any]:
    if not changes:
        raise InvalidEventError("a correction needs at least one changed field")
    checked: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in CORRECTABLE_FIELDS:
            raise InvalidEventError(
                f"cannot correct {name!r}; correctable: {', '.join(CORRECTABLE_FIELDS)}")
        if name == "stance" and value not in STANCES:
            raise InvalidEventError(f"stance must be one of {', '.join(STANCES)}")
        if name == "modality" and value not in MODALITIES:
            raise InvalidEventError(f"modality must be one of {', '.join(MODALITIES)}")
        if name == "score":
            value = float(value)
            if not -1.0 <= value <= 1.0:
                raise InvalidEventError("score must be between -1 and 1")
        if name == "stated_on":
            value = _iso_date(value)
        if name in ("actor", "target"):
            value = checked_name(value, name)
        elif name == "actor_org":  # none (None or blank) takes the organisation away
            value = checked_name(value, name) if value and str(value).strip() else None
        elif name == "source":
            value = checked_text(value, name)
        elif name in ("url", "document") and isinstance(value, str):
            check_storable(value, name)
        checked[name] = value
    return checked


def _iso_date(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError as exc:
        raise InvalidEventError(f"not a date (YYYY-MM-DD): {value!r}") from exc
