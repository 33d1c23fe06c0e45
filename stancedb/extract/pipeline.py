"""The article extractor: a document in, its reported statements out.

Steps, each in its own module: parse (nlp), find mentions and roles (mentions), resolve
references (coref), find attributions (attribution), judge stances toward the entities in
each attributed content (stance), and date each statement (dates).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from stancedb.errors import InputError
from stancedb.extract import nlp
from stancedb.extract.attribution import Attribution, AttributionFinder
from stancedb.extract.coref import Resolver
from stancedb.extract.dates import statement_date
from stancedb.extract.documents import Document
from stancedb.extract.mentions import MentionIndex, Person, find_mentions
from stancedb.extract.stance import TargetStance, content_stances, topic_stances

EXTRACTOR_NAME = "stancedb.extract"
# Bump when the rules change: `stancedb reextract` re-runs documents extracted by older ones.
# 2.0: the attribution model and the general stance rules of issue 13; 2.1: its later rules.
EXTRACTOR_VERSION = "2.3"

STRENGTH = {"asserted": 1.0, "conditional": 0.6, "reported": 0.8, "denied": 0.5}


@dataclass(frozen=True)
class ExtractedStatement:
    actor: str
    actor_org: str | None
    target: str
    stance: str
    score: float
    modality: str
    stated_on: date | None
    evidence: str
    evidence_start: int
    evidence_end: int
    confidence: float
    how: str  # quote, indirect, according, stance-verb, headline: and why the stance
    quote: int  # index of the quote (in Extraction.quotes) the statement comes from


@dataclass(frozen=True)
class Quote:
    """Who said what: one attribution, whether or not it carries a stance.

    Offsets are character offsets into the document text as read. The speaker offsets point
    at the words that name the speaker in the text (a pronoun or description included);
    `speaker` is who they were resolved to. A quote without a cue word ("NAME: ..." lines of
    a transcript) has no cue offsets.
    """

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
    kind: str  # quote, indirect, according, stance-verb, headline, transcript
    confidence: float


@dataclass
class Extraction:
    document: Document
    statements: list[ExtractedStatement] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)


def extract(document: Document, parsed: Doc) -> Extraction:
    index = find_mentions(parsed)
    resolver = Resolver(index)
    resolver.learn_roles()
    finder = AttributionFinder(parsed, resolver, document.title_span)
    result = Extraction(document, people=index.people)
    seen: set[tuple[str, str, str, int]] = set()
    for attribution in finder.find():
        number = len(result.quotes)
        result.quotes.append(_quote(document, index, attribution))
        for statement in _statements(document, parsed, index, resolver, attribution, number):
            key = (statement.actor, statement.target, statement.stance, statement.evidence_start)
            if key not in seen:
                seen.add(key)
                result.statements.append(statement)
    return result


def extract_all(documents: Iterable[Document], batch_size: int = nlp.BATCH_SIZE,
                jobs: int = 1, on_failure: Callable[[Document, str], None] | None = None
                ) -> Iterator[Extraction]:
    """Extract a stream of documents, parsing them in batches (and processes).

    A document that cannot be parsed or extracted costs only itself: it is passed to
    `on_failure` with the reason and the others go on; without `on_failure` it raises
    InputError naming the document."""
    pending: list[Document] = []
    for document in documents:
        pending.append(document)
        if len(pending) >= batch_size:
            yield from _batch(pending, batch_size, jobs, on_failure)
            pending = []
    yield from _batch(pending, batch_size, jobs, on_failure)


def _batch(documents: list[Document], batch_size: int, jobs: int,
           on_failure: Callable[[Document, str], None] | None) -> Iterator[Extraction]:
    if not documents:
        return
    parsed: list[Doc | Exception]
    try:
        parsed = list(nlp.parse([d.analysis_text for d in documents], batch_size, jobs))
    except Exception:  # one document broke the batch: parse each alone to find which
        parsed = [_parse_alone(document) for document in documents]
    for document, doc in zip(documents, parsed, strict=True):
        if isinstance(doc, Exception):
            _failed(document, doc, on_failure)
            continue
        try:
            found = extract(document, doc)
        except Exception as exc:  # a fault in one article's extraction is that article's
            _failed(document, exc, on_failure)
            continue
        yield found


def _parse_alone(document: Document) -> Doc | Exception:
    try:
        return next(nlp.parse([document.analysis_text], 1, 1))
    except Exception as exc:
        return exc


def _failed(document: Document, error: Exception,
            on_failure: Callable[[Document, str], None] | None) -> None:
    first_line = (str(error).strip().splitlines() or [""])[0][:300]
    reason = f"cannot be extracted ({type(error).__name__}: {first_line})"
    if on_failure is None:
        raise InputError(reason, document.name) from error
    on_failure(document, reason)


def _quote(document: Document, index: MentionIndex, attribution: Attribution) -> Quote:
    tokens = attribution.content
    start = tokens[0].idx if tokens else attribution.evidence[0]
    end = tokens[-1].idx + len(tokens[-1]) if tokens else attribution.evidence[1]
    speaker = attribution.speaker
    said_by = attribution.speaker_token
    speaker_start, speaker_end = attribution.speaker_span or (said_by.idx,
                                                              said_by.idx + len(said_by))
    cue = attribution.cue
    cue_start, cue_end = attribution.cue_span or ((cue.idx, cue.idx + len(cue)) if cue
                                                  else (None, None))
    inside = {t.i for t in tokens}
    anchor = cue or said_by
    return Quote(
        speaker=speaker.name,
        speaker_org=index.org_of(speaker.name) if speaker.is_person else None,
        speaker_start=speaker_start,
        speaker_end=speaker_end,
        cue=document.text[cue_start:cue_end] if cue_start is not None else None,
        cue_start=cue_start,
        cue_end=cue_end,
        content=document.text[start:end],
        content_start=start,
        content_end=end,
        stated_on=statement_date(anchor.sent, inside, document.metadata.published),
        kind=attribution.kind,
        confidence=_quote_confidence(attribution),
    )


def _quote_confidence(attribution: Attribution) -> float:
    """How sure the speaker is right: named in the text, a pronoun or description resolved,
    or unnamed ("critics"); found by the model and the rules, or by one of them."""
    score = {"named": 0.85, "description": 0.7, "pronoun": 0.65, "speaker": 0.7,
             "unnamed": 0.8}.get(attribution.speaker.how, 0.6)
    if attribution.cue is None:
        score -= 0.1  # a quotation that goes on without a cue of its own
    return round(score, 2)


def _statements(document: Document, parsed: Doc, index: MentionIndex, resolver: Resolver,
                attribution: Attribution, quote: int) -> Iterator[ExtractedStatement]:
    speaker = attribution.speaker
    if speaker.kind in ("unnamed", "news") or (speaker.kind == "place" and
                                               speaker.how != "named"):
        return  # an unnamed source, a news outlet relaying or a place: no actor to record
    org = index.org_of(speaker.name) if speaker.is_person else None
    side = frozenset(n for n in (speaker.name, org) if n)
    content = list(attribution.content)
    if attribution.kind in ("stance-verb", "headline") and attribution.cue is not None:
        content = sorted({*content, *attribution.cue_chain}, key=lambda t: t.i)
    judged = content_stances(content, speaker, side, resolver, attribution.cue)
    if attribution.cue is not None:
        named = {stance.target.name for stance in judged}
        judged += [stance for stance in topic_stances(attribution.cue, content, speaker, side,
                                                      resolver)
                   if stance.target.name not in named]
    inside = {t.i for t in content}
    anchor = attribution.cue or attribution.speaker_token
    start, end = attribution.evidence
    for stance in judged:
        modality = _modality(attribution, stance)
        yield ExtractedStatement(
            actor=speaker.name,
            actor_org=org,
            target=stance.target.name,
            stance="support" if stance.polarity > 0 else "oppose",
            score=round(stance.polarity * STRENGTH[modality], 2),
            modality=modality,
            stated_on=statement_date(anchor.sent, inside, document.metadata.published),
            evidence=document.text[start:end],
            evidence_start=start,
            evidence_end=end,
            confidence=_confidence(attribution, stance),
            how=f"{attribution.kind}: {stance.reason}",
            quote=quote,
        )


def _modality(attribution: Attribution, stance: TargetStance) -> str:
    if attribution.denied:
        return "denied"
    if stance.conditional:
        return "conditional"
    if attribution.relayed_by_news:
        return "reported"
    return "asserted"


def _confidence(attribution: Attribution, stance: TargetStance) -> float:
    score = 0.7
    if attribution.speaker.how == "named":
        score += 0.1
    elif attribution.speaker.how == "pronoun":
        score -= 0.1
    if attribution.kind == "quote":
        score += 0.1
    if attribution.kind == "headline":
        score -= 0.1
    if stance.target.how != "named":
        score -= 0.1
    return round(min(max(score, 0.1), 0.95), 2)
