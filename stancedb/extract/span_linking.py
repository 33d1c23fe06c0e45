"""Attributions from the attribution model's spans: which SOURCE and CUE each CONTENT
belongs to, and whom the SOURCE names.

The model (attribution_model.py) tags tokens as SOURCE, CUE or CONTENT. A content span is
linked to the nearest cue in the sentences it covers with no other content between them
("X said A", "'A,' X said", "A, according to X"); the cue to the nearest source in its own
sentence, else to its grammatical subject. Content with no cue near it goes on with the
speaker of the quotation before it in the same or the previous paragraph ("'A,' said X.
'B.'"). Whom a source names is decided by the mention rules and the resolver: a named
person or organisation in the span, else what its head word refers to (a pronoun, a
description such as "the club's manager"), else the source's own words ("critics", "a
senior official"): an unnamed speaker, kept as a quote but never made a statement's actor.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from stancedb.extract.coref import Referent, Resolver
from stancedb.extract.gazetteer import INSTITUTION_NOUNS

SPANS_KEY = "attribution"
# Words trimmed from the ends of an unnamed source ("the critics", "sources familiar").
_LEADING = ("the ", "a ", "an ")
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Pronouns that stand for unnamed people as sources ("some say", "others argue").
QUANTIFIERS = frozenset({"some", "many", "most", "others", "few", "several", "both", "all",
                         "one", "none"})
# Prepositions that introduce examples of a noun ("critics like X", "such as X").
EXAMPLE_PREPOSITIONS = frozenset({"like", "including", "as"})
# Words that pick some members out of a group ("one Republican", "fellow Democrats").
MEMBER_QUANTIFIERS = frozenset({"one", "some", "many", "several", "few", "most", "both",
                                "other", "fellow", "another", "two", "three", "dozens"})


@dataclass(frozen=True)
class LinkedSpans:
    """One attribution as the model found it."""

    content: Span
    cue: Span | None
    source: Span | None


def model_spans(doc: Doc) -> list[Span]:
    """The model's spans, if the pipeline ran the attribution component. Content never runs
    over a blank line: a paragraph that goes on quoting opens its own quotation, so a span
    across one joins the end of one speaker's words to the start of the next paragraph's."""
    if SPANS_KEY not in doc.spans:
        return []
    spans: list[Span] = []
    for span in doc.spans[SPANS_KEY]:
        if span.label_ != "CONTENT":
            spans.append(span)
            continue
        start = span.start
        for token in span:
            if blank_line(token):
                spans.extend(_words(doc, start, token.i, span.label_))
                start = token.i + 1
        spans.extend(_words(doc, start, span.end, span.label_))
    return sorted(spans, key=lambda s: s.start)


def _words(doc: Doc, start: int, end: int, label: str) -> list[Span]:
    """The span from start to end without white space at its ends, if a word is left (not
    only punctuation: a closing quotation mark alone is no content)."""
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    if all(t.is_punct or t.is_space for t in doc[start:end]):
        return []
    return [Span(doc, start, end, label=label)]


def blank_line(token: Token) -> bool:
    return token.is_space and token.text.count("\n") >= 2


class Sentences:
    """The bounds of each token's sentence, read once: Span.sent scans the document on each
    call, which made linking quadratic in the spans of a long article."""

    def __init__(self, doc: Doc) -> None:
        self.length = len(doc)
        self.start = [0] * len(doc)
        self.end = [0] * len(doc)
        for sentence in doc.sents:
            for i in range(sentence.start, sentence.end):
                self.start[i] = sentence.start
                self.end[i] = sentence.end


def _starting_in(spans: list[Span], starts: list[int], low: int, high: int) -> list[Span]:
    """The spans (sorted by start) that start in [low, high)."""
    return spans[bisect_left(starts, low):bisect_left(starts, high)]


def link(doc: Doc, spans: list[Span]) -> list[LinkedSpans]:
    """Each content span with its cue and source (either may be missing)."""
    contents = [s for s in spans if s.label_ == "CONTENT"]
    cues = sorted((s for s in spans if s.label_ == "CUE"), key=lambda s: s.start)
    sources = sorted((s for s in spans if s.label_ == "SOURCE"), key=lambda s: s.start)
    cue_starts = [c.start for c in cues]
    source_starts = [s.start for s in sources]
    content_starts = [c.start for c in contents]
    sentences = Sentences(doc)
    linked = []
    for content in contents:
        # the cues in a sentence the content covers
        last_end = sentences.end[content.end - 1]
        candidates = _starting_in(cues, cue_starts, sentences.start[content.start], last_end)
        governor = _governor(doc, content)
        if governor is not None and not any(c.start <= governor.start < c.end
                                            for c in candidates):
            # The word that governs the content may be its cue though the model did not tag
            # it ("X's claim that ...", "X warned that ...").
            candidates.append(governor)
        cue = _nearest(content, candidates, content_starts)
        if cue is None:
            # A quotation that runs on past the sentence: its cue may follow it ("'A. B,'
            # said X." split into two sentences), in the next sentence at the latest.
            bound = sentences.end[last_end] if last_end < len(doc) else len(doc)
            later = [c for c in _starting_in(cues, cue_starts, content.end, bound)
                     if not _line_break_between(doc, content, c)]
            cue = _nearest(content, later, content_starts)
        source = None
        if cue is not None:
            near = _starting_in(sources, source_starts, sentences.start[cue.start],
                                sentences.end[cue.start])
            source = _nearest(cue, near, content_starts)
        linked.append(LinkedSpans(content, cue, source))
    return linked


def unlinked_cues(doc: Doc, spans: list[Span], linked: list[LinkedSpans]
                  ) -> list[tuple[Span, Span | None]]:
    """The cues no content was linked to, each with the nearest source in its sentence: the
    model saw a report ("..., sources said") but gave its words to another cue or none."""
    used = {item.cue.start for item in linked if item.cue is not None}
    sources = sorted((s for s in spans if s.label_ == "SOURCE"), key=lambda s: s.start)
    source_starts = [s.start for s in sources]
    sentences = Sentences(doc)
    found = []
    for cue in spans:
        if cue.label_ != "CUE" or cue.start in used:
            continue
        near = _starting_in(sources, source_starts, sentences.start[cue.start],
                            sentences.end[cue.start])
        found.append((cue, _nearest(cue, near, [])))
    return found


def _line_break_between(doc: Doc, first: Span, second: Span) -> bool:
    """Is there a line break between the end of one span and the start of a later one? A
    cue after a quotation is on its line ("'A. B,' said X."); the next line is another
    paragraph, with reports of its own."""
    return any("\n" in t.text_with_ws for t in doc[first.end - 1:second.start])


def _governor(doc: Doc, content: Span) -> Span | None:
    head = content.root.head
    if content.start <= head.i < content.end or head.pos_ not in ("VERB", "NOUN"):
        return None
    return doc[head.i:head.i + 1]


def _gap(a: Span, b: Span) -> int:
    return b.start - a.end if a.end <= b.start else a.start - b.end if b.end <= a.start else 0


def _nearest(anchor: Span, candidates: list[Span], content_starts: list[int]) -> Span | None:
    """The candidate nearest to `anchor` with no content span starting between them."""
    best: Span | None = None
    for candidate in candidates:
        low, high = sorted((anchor.end, candidate.end)) if candidate.start >= anchor.end \
            else sorted((candidate.end, anchor.start))
        between = bisect_right(content_starts, high - 1) - bisect_left(content_starts, low)
        if between > 0 and not (candidate.start <= anchor.start < candidate.end):
            continue
        if best is None or _gap(anchor, candidate) < _gap(anchor, best):
            best = candidate
    return best


def source_referent(source: Span, resolver: Resolver) -> Referent | None:
    """Whom a source span names: a person mentioned in it ("White House spokesman Josh
    Earnest"), else what its head refers to ("Russia's foreign minister": the minister, not
    Russia; "the party, which said": the party), else an organisation mentioned in it, else
    its own words ("critics"). None for a pronoun that nobody could be found for."""
    mentions = [m for m in (resolver.index.at(t) for t in source) if m is not None]
    # Not a person the head is related to: "the MP for Northfield", "Lee's spokesman".
    person = next((m for m in mentions if m.is_person
                   and not _dependent(resolver.index.doc[m.start], source)), None)
    if person is not None:
        return Referent(person.name, person.kind, "named")
    head = source.root
    words = source
    if head.lower_ in RELATIVE_PRONOUNS:
        clause = head.head
        if clause.dep_ not in ("relcl", "acl") or clause.head.i == clause.i:
            return None
        head = clause.head  # the noun the relative clause is about
        words = noun_phrase_words(head)
    found = some_members(head, resolver) or resolver.referent(head, unnamed=True)
    if found is not None:
        return found
    author = work_author(head, resolver)
    if author is not None:
        return author
    # An organisation or state the source names, unless it only qualifies the head ("leaders
    # of communities in the U.S." are not the United States speaking); an institution's
    # owner is who speaks through it ("Russia's foreign ministry", "the government of Peru").
    institution = source.root.lower_ in INSTITUTION_NOUNS or \
        source.root.lemma_.lower() in INSTITUTION_NOUNS
    named = next((m for m in mentions if m.kind in ("org", "state", "news") and (
        institution or not _dependent(resolver.index.doc[m.start], source))), None)
    if named is not None:
        return Referent(named.name, named.kind, "named")
    if head.lower_ in RELATIVE_PRONOUNS or (head.pos_ not in ("NOUN", "PROPN", "NUM")
                                            and head.lower_ not in QUANTIFIERS):
        return None  # a pronoun nobody was found for, or no noun phrase at all ("together")
    return Referent(unnamed_name(words), "unnamed", "unnamed")


# Things someone makes to say something with: who made one says what it says ("Trump's
# tweet", "a speech Clinton delivered", "Clinton has a new ad hitting Trump").
WORK_NOUNS = frozenset({"ad", "advertisement", "commercial", "spot", "letter", "speech",
                        "statement", "comment", "remark", "tweet", "post", "video", "book",
                        "memo", "editorial", "op-ed", "column", "essay", "approach",
                        "response", "answer", "message", "email", "footage", "interview",
                        "testimony", "campaign"})
# Verbs by which someone puts out a work ("released a letter", "has a new ad").
AUTHOR_VERBS = frozenset({"have", "release", "issue", "publish", "run", "air", "make",
                          "launch", "unveil", "post", "send", "write", "deliver", "give",
                          "put", "pen", "sign", "tweet", "produce", "film", "record"})


def work_author(head: Token, resolver: Resolver) -> Referent | None:
    """Who made the work a source's head names, where the phrase or its clause says: its
    owner ("Trump's approach", "his best response"), the subject of a relative clause without
    a relative pronoun ("a speech Mrs. Clinton delivered"), its "by" phrase, or the subject
    of the verb that puts it out ("Hillary Clinton has a new campaign ad hitting Trump")."""
    if head.lemma_.lower() not in WORK_NOUNS or head.pos_ != "NOUN":
        return None
    authors = [c for c in head.children if c.dep_ == "poss"]
    for clause in (c for c in head.children if c.dep_ in ("relcl", "acl")
                   and c.lemma_.lower() in AUTHOR_VERBS):
        # ("a speech Lee delivered", not "a letter Lee received")
        subjects = [c for c in clause.children if c.dep_ == "nsubj"]
        if subjects and subjects[0].lower_ not in RELATIVE_PRONOUNS:
            authors.append(subjects[0])
    for by in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "by"):
        authors.extend(c for c in by.children if c.dep_ == "pobj")
    if head.dep_ == "dobj" and head.head.lemma_.lower() in AUTHOR_VERBS:
        authors.extend(c for c in head.head.children if c.dep_ == "nsubj")
    for author in authors:
        found = resolver.referent(author)
        if found is not None and found.kind in ("person", "org", "state", "organisation"):
            return Referent(found.name, found.kind, "author")
    return None


def some_members(head: Token, resolver: Resolver) -> Referent | None:
    """ "one Republican", "many Mexicans", "fellow Democrats": a party's or a country's name
    counted or quantified picks out some of its members or people, who speak as themselves,
    not as the party or the state ("the Democrats" is the party)."""
    mention = resolver.index.at(head)
    if mention is None or mention.kind not in ("org", "organisation", "state") or not any(
            c.dep_ in ("det", "amod", "nummod", "quantmod")
            and (c.lower_ in MEMBER_QUANTIFIERS or c.like_num) for c in head.children):
        return None
    return Referent(unnamed_name(noun_phrase_words(head)), "unnamed", "unnamed")


def noun_phrase_words(head: Token) -> Span:
    """The words of a noun phrase up to its head ("many Democrats")."""
    return head.doc[head.left_edge.i:head.i + 1]


def _dependent(token: Token, span: Span) -> bool:
    """Whether a word of a span hangs off its head through a preposition or a possessive;
    not examples of the head ("critics, like Senator Ann Lee,", "groups such as Oxfam"),
    which are who the head is."""
    hangs = False
    while token.i != span.root.i and span.start <= token.head.i < span.end:
        if token.dep_ == "prep" and token.lower_ in EXAMPLE_PREPOSITIONS:
            return False
        hangs = hangs or token.dep_ in ("prep", "pobj", "poss")
        token = token.head
    return hangs


def unnamed_name(source: Span) -> str:
    """ "The critics" -> "critics": a source's words, as a name for an unnamed speaker."""
    text = " ".join(source.text.split())
    lowered = text.lower()
    for article in _LEADING:
        if lowered.startswith(article):
            return text[len(article):]
    return text


def head_token(span: Span) -> Token:
    """The word of a cue that carries its meaning: the verb of "has learned", "according"
    of "according to"."""
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX") and t.lemma_ != "be"]
    return verbs[-1] if verbs else span.root
