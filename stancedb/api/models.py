"""Request and response bodies of the REST API (input, output kept apart from storage)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from stancedb.model.names import MAX_NAME_CHARS

# Names are checked by the library (stancedb.model.names), so that the API refuses what the CLI
# refuses, with the same reason; the schema only describes the rule.
Name = Annotated[str, Field(json_schema_extra={
    "minLength": 1, "maxLength": MAX_NAME_CHARS,
    "description": "One line of text: no control characters, at most "
                   f"{MAX_NAME_CHARS:,} characters once trimmed."})]
StanceName = Literal["support", "oppose", "neutral"]
ModalityName = Literal["asserted", "conditional", "reported", "denied"]


class StatementCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    actor: Name
    target: Name
    stance: StanceName
    stated_on: date
    source: str = Field(min_length=1, max_length=500)
    actor_org: Name | None = None
    score: float | None = Field(default=None, ge=-1, le=1)
    modality: ModalityName = "asserted"
    evidence: str | None = Field(default=None, max_length=100_000)
    evidence_start: int | None = Field(default=None, ge=0, le=2**31 - 1)
    evidence_end: int | None = Field(default=None, ge=0, le=2**31 - 1)
    document: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    confidence: float | None = Field(default=None, ge=0, le=1)
    target_kind: Literal["entity", "concept"] = "entity"


class StatementPublic(BaseModel):
    statement_id: str
    document: str | None
    actor: str
    actor_org: str | None
    target: str
    stance: str
    score: float
    modality: str
    stated_on: date
    source: str
    evidence: str | None
    evidence_start: int | None
    evidence_end: int | None
    confidence: float
    extractor: str
    position: int
    quote_id: str | None = Field(description="The quote (GET /v1/quotes) it came from.")


class StatementPage(BaseModel):
    items: list[StatementPublic]
    next_after: int | None = Field(description="Pass as `after` for the next page.")


class QuotePublic(BaseModel):
    """Who said what. Offsets are character offsets into the document's text as read."""

    quote_id: str
    document: str
    speaker: str
    speaker_org: str | None
    speaker_start: int
    speaker_end: int
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    content: str
    content_start: int
    content_end: int
    stated_on: date | None
    source: str | None
    extractor: str
    extractor_version: str
    kind: str
    confidence: float
    url: str | None
    document_id: str
    number: int = Field(description="Its place among the quotes of its document.")
    position: int = Field(description="The log position of the event that recorded it.")


class QuotePage(BaseModel):
    items: list[QuotePublic]
    next_after: int | None = Field(description="Pass as `after` for the next page.")


class Recorded(BaseModel):
    statement_id: str
    created: bool


class EventPublic(BaseModel):
    position: int
    event_id: str
    type: str
    subject: str
    occurred_on: date | None
    recorded_at: str
    payload: dict[str, Any]
    hash: str


class StatementDetail(BaseModel):
    current: StatementPublic | None
    history: list[EventPublic]


class Retraction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=2000)


class Correction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=2000)
    actor: Name | None = None
    actor_org: Name | None = None
    target: Name | None = None
    stance: StanceName | None = None
    score: float | None = Field(default=None, ge=-1, le=1)
    modality: ModalityName | None = None
    stated_on: date | None = None
    source: str | None = Field(default=None, min_length=1, max_length=500)

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump(exclude={"reason"}).items() if v is not None}


class DocumentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=500)
    text: str = Field(min_length=1, max_length=5_000_000)
    format: Literal["text", "markdown", "html"] = "text"
    source: str | None = Field(default=None, max_length=500)
    url: str | None = Field(default=None, max_length=2000)
    published: date | None = None
    title: str | None = Field(default=None, max_length=1000)


class AliasCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    alias: Name
    canonical: Name
    confidence: float = Field(default=1.0, ge=0, le=1)


class MergeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: Name
    into: Name


class Entity(BaseModel):
    name: str
    canonical: str


class Accepted(BaseModel):
    appended: int


class Position(BaseModel):
    actor: str
    target: str
    day: date
    statements: int
    support: int
    oppose: int
    neutral: int
    mean_score: float
    position: float
    last_stance: str


class Change(BaseModel):
    actor: str
    target: str
    day: date
    before: float
    after: float
    direction: str
    statements: list[str]
    evidence: str


class Edge(BaseModel):
    actor1: str
    actor2: str
    kind: str
    weight: int
    targets: list[str] | None


class Health(BaseModel):
    status: str
    events: int
    writable: bool
