"""Articles into the log: each document with its extracted statements, the roles of the
people quoted, and alias events that tie spelling variants to names seen before.

One document is one append (one transaction): its `document.ingested` event, and, when the
file changed since it was last ingested, the retraction of the old version's statements; its
`document.attributed` event (every quote found, which replaces the quotes of the document's
earlier versions and extractions), the new statements (each with the id of its quote) and
roles. Re-ingesting an unchanged file appends nothing and skips the NLP.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Connection

from stancedb.extract.documents import Document
from stancedb.extract.pipeline import (
    EXTRACTOR_NAME,
    EXTRACTOR_VERSION,
    Extraction,
    extract_all,
)
from stancedb.model.entities import surname
from stancedb.model.entities_matching import variant_aliases
from stancedb.model.events import (
    AttributedQuote,
    DocumentAttributed,
    DocumentIngested,
    EntityAliased,
    EntityRole,
    Evidence,
    NewEvent,
    Provenance,
    StatementRecorded,
    StatementRetracted,
    stable_id,
)
from stancedb.projections import documents as document_projection
from stancedb.projections import entities as entity_projection
from stancedb.projections import statements as statement_projection
from stancedb.storage.db import write_transaction
from stancedb.storage.store import EventStore

UNKNOWN_SOURCE = "unknown"


@dataclass
class ArticleResult:
    document: str
    statements: int = 0
    skipped: bool = False  # unchanged since it was last ingested
    undated: int = 0
    version: int = 1
    warnings: list[str] = field(default_factory=list)


def known(store: EventStore, document: Document) -> bool:
    """Is this exact text the current version of the document with this name? (A check that
    spares the NLP; store_extraction decides again inside its transaction.)"""
    with store.engine.connect() as conn:
        current = document_projection.current_version(conn, document.name)
    return current is not None and current.sha256 == document.sha256


def document_key(name: str, version: int, sha256: str) -> str:
    # The version is part of the key: a file changed and changed back is a third version.
    return f"doc:{name}:v{version}:{sha256}"


def ingest_documents(store: EventStore, documents: Iterable[Document], *, jobs: int = 1,
                     on_result: Callable[[ArticleResult], None] | None = None,
                     on_failure: Callable[[Document, str], None] | None = None
                     ) -> Iterator[ArticleResult]:
    """Extract and store documents not stored yet; unchanged ones are skipped. A document
    that cannot be extracted goes to `on_failure` and the others are stored (without it,
    InputError is raised naming the document)."""
    fresh: list[Document] = []
    for document in documents:
        if known(store, document):
            yield _report(ArticleResult(document.name, skipped=True), on_result)
        else:
            fresh.append(document)
    for extraction in extract_all(fresh, jobs=jobs, on_failure=on_failure):
        yield _report(store_extraction(store, extraction), on_result)


def _report(result: ArticleResult,
            on_result: Callable[[ArticleResult], None] | None) -> ArticleResult:
    if on_result:
        on_result(result)
    return result


def store_extraction(store: EventStore, extraction: Extraction,
                     reason: str | None = None) -> ArticleResult:
    """Store one extraction in one write transaction: the current version of the document
    is read under the writers' lock, so two processes storing changed texts of the same
    document make versions N+1 and N+2, never two versions N+1."""
    with write_transaction(store.engine) as conn:
        return _store_extraction(store, conn, extraction, reason)


def _store_extraction(store: EventStore, conn: Connection, extraction: Extraction,
                      reason: str | None) -> ArticleResult:
    document = extraction.document
    result = ArticleResult(document.name, warnings=list(document.warnings))
    previous = document_projection.current_version(conn, document.name)
    events: list[NewEvent] = []
    if previous is not None and previous.sha256 == document.sha256:
        # A re-extraction (or another process that stored this text first): the stored
        # statements are retracted only when asked to, as those of an older extractor.
        doc_id, version = previous.document_id, previous.version
        why = reason
    else:
        version = previous.version + 1 if previous else 1
        key = document_key(document.name, version, document.sha256)
        doc_id = stable_id(key)
        events.append(NewEvent(key, DocumentIngested(
            document_id=doc_id, name=document.name, sha256=document.sha256,
            source=document.metadata.source, url=document.metadata.url, title=document.title,
            published=document.metadata.published,
            published_inferred=document.published_inferred, text=document.text,
            format=document.format, version=version,
            supersedes=previous.document_id if previous else None,
            provenance=Provenance(EXTRACTOR_NAME, EXTRACTOR_VERSION))))
        why = reason or (f"superseded by version {version} of {document.name}"
                         if previous else None)
    result.version = version
    if why:
        events += _retractions(conn, document.name, why)
    # Also when nothing was found: a re-extraction that finds no quote clears the old ones.
    events.append(attribution_event(extraction, doc_id))
    statements, undated = statement_events(extraction, doc_id)
    result.statements = len(statements)
    result.undated = undated
    if undated:
        result.warnings.append(f"{document.name}: {undated} statements have no date and were "
                               "not stored (give --published or a manifest.csv)")
    events += statements
    events += role_events(extraction)
    events += alias_events(conn, extraction)
    store.append_in(conn, events)
    return result


def quote_id(document_id: str, number: int) -> str:
    """The id of the quote numbered `number` in this extractor's reading of a document."""
    return stable_id(f"quote:{document_id}:{EXTRACTOR_VERSION}:{number}")


def attribution_event(extraction: Extraction, document_id: str) -> NewEvent:
    """Every quote of the extraction, whether or not it yields a statement."""
    document = extraction.document
    quotes = tuple(
        AttributedQuote(
            quote_id=quote_id(document_id, number), speaker=q.speaker,
            speaker_start=q.speaker_start, speaker_end=q.speaker_end, content=q.content,
            content_start=q.content_start, content_end=q.content_end,
            speaker_org=q.speaker_org, cue=q.cue, cue_start=q.cue_start, cue_end=q.cue_end,
            stated_on=q.stated_on, kind=q.kind, confidence=q.confidence)
        for number, q in enumerate(extraction.quotes))
    return NewEvent(f"quotes:{document_id}:{EXTRACTOR_VERSION}", DocumentAttributed(
        document_id=document_id, document=document.name, quotes=quotes,
        provenance=Provenance(EXTRACTOR_NAME, EXTRACTOR_VERSION, origin=document.name),
        source=document.metadata.source or UNKNOWN_SOURCE, url=document.metadata.url))


def statement_events(extraction: Extraction, document_id: str) -> tuple[list[NewEvent], int]:
    document = extraction.document
    source = document.metadata.source or UNKNOWN_SOURCE
    events = []
    undated = 0
    for number, found in enumerate(extraction.statements):
        if found.stated_on is None:
            undated += 1
            continue
        key = f"stmt:{document_id}:{EXTRACTOR_VERSION}:{number}"
        events.append(NewEvent(key, StatementRecorded(
            statement_id=stable_id(key), actor=found.actor, target=found.target,
            stance=found.stance,  # type: ignore[arg-type]
            score=found.score, stated_on=found.stated_on, source=source,
            provenance=Provenance(EXTRACTOR_NAME, EXTRACTOR_VERSION, found.confidence,
                                  document.name),
            actor_org=found.actor_org, modality=found.modality,  # type: ignore[arg-type]
            document=document.name, url=document.metadata.url,
            evidence=Evidence(found.evidence, found.evidence_start, found.evidence_end),
            quote_id=quote_id(document_id, found.quote),
        )))
    return events, undated


def role_events(extraction: Extraction) -> list[NewEvent]:
    events = []
    speakers = {s.actor for s in extraction.statements}
    for person in extraction.people.values():
        if person.org and person.name in speakers:
            events.append(NewEvent(f"role:{person.name}:{person.org}", EntityRole(
                person=person.name, org=person.org, role=person.title,
                provenance=Provenance(EXTRACTOR_NAME, EXTRACTOR_VERSION, 0.8,
                                      extraction.document.name))))
    return events


def alias_events(conn: Connection, extraction: Extraction) -> list[NewEvent]:
    """Spelling variants of people already known (Sergei / Sergey Lavrov) become aliases."""
    names = {s.actor for s in extraction.statements} | {s.target for s in extraction.statements}
    people = [n for n in names if n in extraction.people]
    if not people:
        return []
    # Only names that could share a surname with these people, not every entity known.
    endings = {surname(person.split()[-1]) for person in people}
    existing = entity_projection.names_ending(conn, endings)
    events = []
    for variant, canonical, confidence in variant_aliases(people, existing):
        events.append(NewEvent(f"alias:{variant}->{canonical}", EntityAliased(
            alias=variant, canonical=canonical,
            provenance=Provenance("stancedb.aliasing", EXTRACTOR_VERSION, confidence,
                                  extraction.document.name))))
    return events


def _retractions(conn: Connection, name: str, reason: str) -> list[NewEvent]:
    return [NewEvent(f"retract:{sid}", StatementRetracted(
        sid, reason, Provenance(EXTRACTOR_NAME, EXTRACTOR_VERSION)))
        for sid in statement_projection.ids_of_document(conn, name)]


def stored_documents(store: EventStore) -> list[dict[str, Any]]:
    """The newest version of every stored document, with its text, for re-extraction: the
    extractor versions of its current statements and of its stored quotes."""
    with store.engine.connect() as conn:
        return document_projection.newest_versions(conn, EXTRACTOR_NAME)
