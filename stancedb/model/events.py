"""Event types of the stance log: frozen values, their canonical form and the hash chain.

No I/O here. A new event is a `NewEvent` (idempotency key + typed data); the store turns it
into a `RecordedEvent` by giving it a position, an id, a recording time and a chained hash.

Event types (each versioned by `SCHEMA_VERSION`):

    document.ingested    an article or file was read
    document.attributed  who said what in a document: every quote an extractor found
    statement.recorded   actor -> target stance, with evidence and provenance
    statement.retracted  a statement no longer holds (kept in the log)
    statement.corrected  some fields of a statement are replaced
    entity.aliased       a surface form now names a canonical entity
    entity.merged        two canonical entities are the same
    entity.role          a person speaks for an organisation between two dates
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import time
import typing
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, ClassVar, Literal, get_args

from stancedb.errors import InvalidEventError

Stance = Literal["support", "oppose", "neutral"]
Modality = Literal["asserted", "conditional", "reported", "denied"]
STANCES: tuple[str, ...] = get_args(Stance)
MODALITIES: tuple[str, ...] = get_args(Modality)
STANCE_SCORES: dict[str, float] = {"support": 1.0, "oppose": -1.0, "neutral": 0.0}

# Fields of a statement that a correction may replace.
CORRECTABLE_FIELDS = (
    "actor", "actor_org", "target", "target_kind", "stance", "score", "modality",
    "stated_on", "source", "url", "document",
)

_ID_NAMESPACE = uuid.UUID("5f0c7a52-9a4e-4d1b-8f0e-2b7c1d3e6a90")
GENESIS_HASH = "0" * 64


# json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False), with its C
# encoder made once instead of per call: bulk imports serialise millions of payloads, and
# making the encoder costs more than encoding a statement. (No cycle check: payloads are
# plain trees of JSON values.)
_encode_chunks = json.encoder.c_make_encoder(  # type: ignore[attr-defined]
    None, None, json.encoder.encode_basestring, None, ":", ",", True, False, True,
) if json.encoder.c_make_encoder is not None else None  # type: ignore[attr-defined]


def canonical_json(value: Any) -> str:
    """The one serialisation that hashes and keys are computed over."""
    if _encode_chunks is None or isinstance(value, (str, int, float)) or value is None:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "".join(_encode_chunks(value, 0))


def _json_value(value: Any) -> str:
    """One scalar as canonical_json writes it."""
    if value is None:
        return "null"
    kind = type(value)
    if kind is str:
        return _encode_text(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    return canonical_json(value)


_encode_text = json.encoder.encode_basestring


def stable_id(key: str) -> str:
    """A deterministic UUID for a key (version 5 in stancedb's namespace), so re-ingesting
    gives the same ids. Equal to str(uuid.uuid5(namespace, key)), spelt out for speed."""
    value = int.from_bytes(hashlib.sha1(_ID_NAMESPACE.bytes + key.encode()).digest()[:16])
    value = (value & ~(0xF << 76)) | (0x5 << 76)  # version 5
    return _uuid_text((value & ~(0x3 << 62)) | (0x2 << 62))  # RFC 4122 variant


def time_ordered_id() -> str:
    """A version 7 UUID (RFC 9562): milliseconds since the epoch, then random bits. Ids made
    one after another sort together, so the unique index on event_id grows at its end
    instead of at random places (which slows bulk appends as the log grows)."""
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10))
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    return _uuid_text((value & ~(0x3 << 62)) | (0x2 << 62))  # RFC 9562 variant


def _uuid_text(value: int) -> str:
    """The canonical 8-4-4-4-12 text of a 128-bit value, as str(uuid.UUID(int=value))."""
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def format_timestamp(moment: datetime) -> str:
    """UTC timestamp with microseconds, as hashed and shown."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True, slots=True)
class Evidence:
    text: str
    start: int | None = None
    end: int | None = None


# A statement coded in Discourse Network Analyzer has as its agent this prefix and the coder
# who coded it: the DNA reader writes it and the DNA export removes it again.
DNA_CODER_PREFIX = "dna coder: "


@dataclass(frozen=True, slots=True)
class Provenance:
    """Who or what produced an event: an extractor, an importer, or "manual"."""

    agent: str
    version: str = ""
    confidence: float = 1.0
    origin: str | None = None  # the file (and line) the event was read from


class EventData:
    """Base of the typed payloads; subclasses are frozen dataclasses."""

    TYPE: ClassVar[str]
    SCHEMA_VERSION: ClassVar[int] = 1

    @property
    def subject(self) -> str:
        raise NotImplementedError

    @property
    def occurred_on(self) -> date | None:
        return None

    def to_payload(self) -> dict[str, Any]:
        return _to_plain(self)  # type: ignore[no-any-return]

    def payload_json(self) -> str:
        """canonical_json(self.to_payload()): what the hash covers and the log stores."""
        return canonical_json(self.to_payload())

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> EventData:
        return _from_plain(cls, payload)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class DocumentIngested(EventData):
    TYPE: ClassVar[str] = "document.ingested"
    document_id: str
    name: str
    sha256: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: date | None = None
    published_inferred: bool = False
    text: str | None = None
    format: str = "text"  # text, markdown, html: how to read `text` again
    version: int = 1  # of the document with this name
    supersedes: str | None = None  # the document_id of the previous version
    provenance: Provenance = field(default_factory=lambda: Provenance("manual"))

    @property
    def subject(self) -> str:
        return self.document_id

    @property
    def occurred_on(self) -> date | None:
        return self.published


@dataclass(frozen=True, slots=True)
class AttributedQuote:
    """Who said what: one attribution in a document, whether or not it carries a stance
    toward a named target. Offsets are character offsets into the document's text as read;
    a quote without a cue word (a transcript's "NAME: ...") has no cue."""

    quote_id: str
    speaker: str
    speaker_start: int
    speaker_end: int
    content: str
    content_start: int
    content_end: int
    speaker_org: str | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    stated_on: date | None = None
    kind: str = "quote"  # quote, indirect, according, stance-verb, headline, transcript
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class DocumentAttributed(EventData):
    """Every quote an extractor found in one document. The newest such event of a document
    name replaces the quotes of its earlier ones (a re-extraction, a new version)."""

    TYPE: ClassVar[str] = "document.attributed"
    document_id: str
    document: str  # the document's name
    quotes: tuple[AttributedQuote, ...]
    provenance: Provenance
    source: str | None = None
    url: str | None = None

    @property
    def subject(self) -> str:
        return self.document_id

    @property
    def occurred_on(self) -> date | None:
        return min((q.stated_on for q in self.quotes if q.stated_on), default=None)

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> EventData:
        quotes = tuple(_from_plain(AttributedQuote, q) for q in payload.get("quotes") or ())
        return _from_plain(cls, {**payload, "quotes": quotes})  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class StatementRecorded(EventData):
    TYPE: ClassVar[str] = "statement.recorded"
    statement_id: str
    actor: str
    target: str
    stance: Stance
    score: float
    stated_on: date
    source: str
    provenance: Provenance
    actor_org: str | None = None
    target_kind: str = "entity"
    modality: Modality = "asserted"
    document: str | None = None
    url: str | None = None
    evidence: Evidence | None = None
    quote_id: str | None = None  # the quote (document.attributed) it was derived from

    @property
    def subject(self) -> str:
        return self.statement_id

    @property
    def occurred_on(self) -> date | None:
        return self.stated_on

    def to_payload(self) -> dict[str, Any]:
        # Spelt out: bulk imports make millions of these, and the generic conversion costs
        # more than the rest of the event. A test checks it equals the generic one.
        # `quote_id` is left out when there is none, so statements without one keep the
        # bytes (hashes, keys) they had before statements carried it.
        provenance, evidence = self.provenance, self.evidence
        payload: dict[str, Any] = {
            "statement_id": self.statement_id, "actor": self.actor, "target": self.target,
            "stance": self.stance, "score": self.score,
            "stated_on": self.stated_on.isoformat(), "source": self.source,
            "provenance": {"agent": provenance.agent, "version": provenance.version,
                           "confidence": provenance.confidence, "origin": provenance.origin},
            "actor_org": self.actor_org, "target_kind": self.target_kind,
            "modality": self.modality, "document": self.document, "url": self.url,
            "evidence": None if evidence is None else {
                "text": evidence.text, "start": evidence.start, "end": evidence.end},
        }
        if self.quote_id is not None:
            payload["quote_id"] = self.quote_id
        return payload

    def payload_json(self) -> str:
        # canonical_json(self.to_payload()) written out with the keys in sorted order, about
        # four times faster; a property test holds the two equal.
        p, e, j = self.provenance, self.evidence, _json_value
        evidence = ("null" if e is None else
                    f'{{"end":{j(e.end)},"start":{j(e.start)},"text":{j(e.text)}}}')
        quote = "" if self.quote_id is None else f',"quote_id":{j(self.quote_id)}'
        return (
            f'{{"actor":{j(self.actor)},"actor_org":{j(self.actor_org)},'
            f'"document":{j(self.document)},"evidence":{evidence},'
            f'"modality":{j(self.modality)},"provenance":{{"agent":{j(p.agent)},'
            f'"confidence":{j(p.confidence)},"origin":{j(p.origin)},"version":{j(p.version)}}}'
            f'{quote},"score":{j(self.score)},"source":{j(self.source)},'
            f'"stance":{j(self.stance)},'
            f'"stated_on":"{self.stated_on.isoformat()}","statement_id":{j(self.statement_id)},'
            f'"target":{j(self.target)},"target_kind":{j(self.target_kind)},"url":{j(self.url)}}}'
        )


@dataclass(frozen=True, slots=True)
class StatementRetracted(EventData):
    TYPE: ClassVar[str] = "statement.retracted"
    statement_id: str
    reason: str
    provenance: Provenance = field(default_factory=lambda: Provenance("manual"))

    @property
    def subject(self) -> str:
        return self.statement_id


@dataclass(frozen=True, slots=True)
class StatementCorrected(EventData):
    TYPE: ClassVar[str] = "statement.corrected"
    statement_id: str
    changes: dict[str, Any]
    reason: str
    provenance: Provenance = field(default_factory=lambda: Provenance("manual"))

    @property
    def subject(self) -> str:
        return self.statement_id


@dataclass(frozen=True, slots=True)
class EntityAliased(EventData):
    TYPE: ClassVar[str] = "entity.aliased"
    alias: str
    canonical: str
    provenance: Provenance = field(default_factory=lambda: Provenance("manual"))

    @property
    def subject(self) -> str:
        return self.canonical


@dataclass(frozen=True, slots=True)
class EntityMerged(EventData):
    TYPE: ClassVar[str] = "entity.merged"
    source: str
    into: str
    provenance: Provenance = field(default_factory=lambda: Provenance("manual"))

    @property
    def subject(self) -> str:
        return self.into


@dataclass(frozen=True, slots=True)
class EntityRole(EventData):
    TYPE: ClassVar[str] = "entity.role"
    person: str
    org: str
    role: str | None = None
    since: date | None = None
    until: date | None = None
    provenance: Provenance = field(default_factory=lambda: Provenance("manual"))

    @property
    def subject(self) -> str:
        return self.person

    @property
    def occurred_on(self) -> date | None:
        return self.since


EVENT_TYPES: dict[str, type[EventData]] = {
    cls.TYPE: cls
    for cls in (
        DocumentIngested, DocumentAttributed, StatementRecorded, StatementRetracted,
        StatementCorrected, EntityAliased, EntityMerged, EntityRole,
    )
}


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event not yet in the log: its idempotency key and its data.

    A key derived from content (a row, a document) names that content: the same key again is
    the same input read again, and is skipped. A `strict` key is one a caller chose for a
    request (an API's Idempotency-Key): the same key again must come with the same request,
    or the store refuses the append (ConflictError) instead of dropping the new request."""

    key: str
    data: EventData
    strict: bool = False

    @property
    def type(self) -> str:
        return self.data.TYPE


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """An event as stored: immutable, positioned, chained."""

    position: int
    event_id: str
    type: str
    schema_version: int
    key: str
    subject: str
    occurred_on: date | None
    recorded_at: datetime
    payload: dict[str, Any]
    hash: str

    def data(self) -> EventData:
        return decode(self.type, self.schema_version, self.payload)

    def envelope(self) -> tuple[Any, ...]:
        """Everything the hash covers except the payload, as plain JSON values in the order
        of ENVELOPE_FIELDS."""
        return (self.position, self.event_id, self.type, self.schema_version, self.key,
                self.subject, self.occurred_on.isoformat() if self.occurred_on else None,
                format_timestamp(self.recorded_at))

    def expected_hash(self, previous_hash: str) -> str:
        return chain_hash(previous_hash, self.envelope(), canonical_json(self.payload))


def chain_hash(previous_hash: str, envelope: Sequence[Any], payload_json: str) -> str:
    """SHA-256 over the previous hash, the envelope's values (in the order of
    ENVELOPE_FIELDS) and the canonical payload."""
    fields = "[" + ",".join(map(_json_value, envelope)) + "]"  # the JSON list of them
    return digest(previous_hash + fields + payload_json)


ENVELOPE_FIELDS = ("position", "event_id", "type", "schema_version", "key", "subject",
                   "occurred_on", "recorded_at")


def decode(type_name: str, schema_version: int, payload: Mapping[str, Any]) -> EventData:
    cls = EVENT_TYPES.get(type_name)
    if cls is None:
        raise InvalidEventError(f"unknown event type {type_name!r}")
    if schema_version != cls.SCHEMA_VERSION:
        raise InvalidEventError(
            f"{type_name} schema version {schema_version} is not supported "
            f"(this stancedb reads version {cls.SCHEMA_VERSION})"
        )
    return cls.from_payload(payload)


# --- plain-value conversion ------------------------------------------------------------------

_SCALARS = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _to_plain(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    names = _FIELD_NAMES.get(kind)
    if names is None and dataclasses.is_dataclass(value):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: _to_plain(getattr(value, name)) for name in names}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_plain(v) for v in value]
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _from_plain(cls: type, payload: Mapping[str, Any]) -> Any:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name in payload:
            kwargs[f.name] = _convert(hints[f.name], payload[f.name])
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise InvalidEventError(f"bad {cls.__name__} payload: {exc}") from exc


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    options = get_args(hint) if typing.get_origin(hint) in (typing.Union, _UnionType) else (hint,)
    for option in options:
        if option is date:
            return date.fromisoformat(value)
        if option in (Evidence, Provenance):
            return _from_plain(option, value)
    return value


_UnionType = type(int | None)
