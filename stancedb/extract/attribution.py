"""Attribution: who said what. Finds reported content and its speaker in a parsed document:

- direct quotes (“...,” said X / X said: “...”), also quotes running over several sentences;
- indirect speech (X said (that) ..., X says he is ready to ...);
- "according to X";
- verbs that carry a stance themselves (X criticised Y, X thanked Y, Y's offer was rejected
  by X), where the verb's object is what the stance is about;
- the article's title as a headline report ("Norway offers Kenya loans for railways").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import TypeGuard

from spacy.tokens import Doc, Span, Token

from stancedb.extract import span_linking
from stancedb.extract.coref import Referent, Resolver
from stancedb.extract.lexicon import (
    LIGHT_VERBS,
    NOUN_POLARITY,
    SPEECH_VERBS,
    STANCE_CUES,
    VERB_POLARITY,
    appeal_polarity,
    clause_asked,
    verb_sense,
)

OPEN_QUOTES = {"“": "”", '"': '"', "«": "»"}
CLOSE_QUOTES = frozenset({"”", "»"})
REPORTED_RELAYS = ("according",)
# A dash that signs a quotation with its speaker's name ("“...” ― Ana Ruiz").
SIGNATURE = re.compile(r"[ \t\u00a0]*[―—–][ \t\u00a0]*")


@dataclass
class Attribution:
    speaker: Referent
    speaker_token: Token
    cue: Token | None
    content: list[Token]
    evidence: tuple[int, int]  # character offsets of the quote or sentence
    kind: str  # quote, indirect, according, stance-verb, headline, transcript
    relayed_by_news: bool = False
    denied: bool = False
    # Character offsets of all the words naming the speaker and of the whole cue ("Finance
    # Minister Helen Marsh", "according to"), where they are more than one token.
    speaker_span: tuple[int, int] | None = None
    cue_span: tuple[int, int] | None = None
    from_model: bool = False

    @property
    def cue_chain(self) -> list[Token]:
        """The cue and the verbs it is the infinitive of ("refused to endorse": endorse,
        refused), which carry its negation and refusal."""
        chain = []
        node = self.cue
        while node is not None:
            chain.append(node)
            if node.dep_ != "xcomp" or node.head.i == node.i:
                break
            node = node.head
        return chain


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations (marks included).

    A straight quote opens when it follows white space or an opening bracket and precedes a
    word, and closes otherwise. A quotation that is still open when the next one opens ends
    where the next begins: news copy leaves a quotation open when it goes on in a new
    paragraph ("... rugby. "David is ..."). A quotation never runs past a blank line unless
    it opened with a typographic mark, which closes unambiguously.
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    closing = ""
    for i, char in enumerate(text):
        if char not in OPEN_QUOTES and char not in CLOSE_QUOTES:
            if char == "\n" and open_at is not None and closing == '"' and \
                    text.startswith("\n\n", i):
                spans.append((open_at, i))  # an unclosed straight quote ends with its paragraph
                open_at = None
            continue
        opens = char in OPEN_QUOTES and (char != '"' or _opens_here(text, i))
        if opens:
            if open_at is not None:
                spans.append((open_at, _trimmed_end(text, i)))
            open_at, closing = i, OPEN_QUOTES[char]
        elif open_at is not None and char == closing:
            spans.append((open_at, i + 1))
            open_at = None
    if open_at is not None:
        spans.append((open_at, _trimmed_end(text, len(text))))
    return [(a, b) for a, b in spans if b - a > 1]


def _opens_here(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-:") and not after.isspace()


def _trimmed_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


class AttributionFinder:
    def __init__(self, doc: Doc, resolver: Resolver, title_span: tuple[int, int] | None):
        self.doc = doc
        self.resolver = resolver
        self.text = doc.text  # (Doc.text joins every token again on each call)
        self.quotes = quote_spans(self.text)
        self.paragraph_breaks = [m.start() for m in re.finditer(r"\n\s*", self.text)]
        self.title_span = title_span
        # Tokens inside each quotation, found once.
        self.quoted: dict[tuple[int, int], list[Token]] = {q: [] for q in self.quotes}
        for token in doc:
            if not token.is_space:
                quote = self.in_quote(token)
                if quote is not None:
                    self.quoted[quote].append(token)
        resolver.quoted.update(t.i for tokens in self.quoted.values() for t in tokens)
        self.signatures = self._signatures()
        self.quote_starts = [start for start, _end in self.quotes]
        self.quote_ends = [end for _start, end in self.quotes]
        # The model's content spans by start, set when the model's spans are linked.
        self.model_content_starts: list[int] = []
        self.model_content_reach: list[int] = []

    def in_quote(self, token: Token) -> tuple[int, int] | None:
        position = bisect_right(self.quotes, (token.idx, len(self.text) + 1)) - 1
        if position >= 0:
            start, end = self.quotes[position]
            if start < token.idx < end - 1:  # inside the marks, not the closing mark
                return start, end
        return None

    def find(self) -> Iterator[Attribution]:
        """Attributions in text order: the model's, sentence by sentence, and those the rules
        find that the model did not (stance verbs, headlines, transcripts)."""
        from_model, orphans = self._model_links()
        turn: tuple[Attribution, int] | None = None  # a transcript speaker and line end
        last: tuple[Attribution, int] | None = None  # the last attribution and its paragraph
        for sentence in self.doc.sents:
            if not sentence.text.strip():
                continue
            if self.title_span and sentence.start_char >= self.title_span[0] and \
                    sentence.end_char <= self.title_span[1] + 1:
                yield from self._headline(sentence)
                continue
            transcript = self._transcript(sentence)
            if transcript is not None:
                line_end = self.text.find("\n", sentence.start_char)
                turn = (transcript, len(self.text) if line_end < 0 else line_end)
                yield transcript
                continue
            modelled = []
            for linked in from_model.get(sentence.start, []):
                found_here = self._from_spans(linked, sentence, last)
                if found_here is not None:
                    modelled.append(found_here)
                    last = (found_here, self._paragraph(sentence))
            for cue, source in orphans.get(sentence.start, []):
                found_here = self._from_cue(cue, source, sentence)
                if found_here is not None:
                    modelled.append(found_here)
                    # "X reports:" with the next paragraph: what goes on uncued is X's.
                    last = (found_here, self._paragraph(sentence))
            ruled = []
            for rule_found in self._sentence(sentence):
                twin = _covering(rule_found, modelled)
                if twin is None:
                    ruled.append(rule_found)
                else:
                    modelled[modelled.index(twin)] = _merged(twin, rule_found)
            found = sorted(modelled + ruled, key=lambda a: a.evidence)
            for attribution in found:
                yield attribution
                yield from self._conjoined_speakers(attribution)
            if found:
                if ruled:
                    last = (ruled[-1], self._paragraph(sentence))
                continue
            words = [t for t in sentence if not t.is_space]
            if not words:
                continue
            extent = (words[0].idx, words[-1].idx + len(words[-1]))
            if turn is not None and sentence.start_char < turn[1]:
                # The speaker's turn goes on to the end of the line.
                yield Attribution(turn[0].speaker, turn[0].speaker_token, None, words, extent,
                                  "transcript")
            elif last is not None and last[0].kind in ("quote", "indirect") \
                    and self._paragraph(sentence) - last[1] <= 1 and self._quoted_sentence(words):
                # A quotation without a cue goes on with the last quoted speaker: "'X,' said
                # Lee. 'Y.'" (in this paragraph, or in the next one that opens with a quote).
                content = [t for t in words if t.i in self.resolver.quoted]
                yield Attribution(last[0].speaker, last[0].speaker_token, None, content, extent,
                                  "quote")
                last = (last[0], self._paragraph(sentence))

    def _model_links(self) -> tuple[dict[int, list[span_linking.LinkedSpans]],
                                    dict[int, list[tuple[Span, Span | None]]]]:
        """The model's attributions by the sentence they are placed in (their cue's, else
        their content's first), and its cues that no content was linked to, with their
        sources, by sentence."""
        by_sentence: dict[int, list[span_linking.LinkedSpans]] = {}
        spans = span_linking.model_spans(self.doc)
        linked_spans = span_linking.link(self.doc, spans)
        contents = sorted((item.content.start_char, item.content.end_char)
                          for item in linked_spans)
        self.model_content_starts = [start for start, _end in contents]
        # the furthest end among the contents up to each one, to test overlaps by bisection
        self.model_content_reach = list(accumulate((end for _start, end in contents), max))
        for linked in linked_spans:
            anchor = linked.cue if linked.cue is not None else linked.content
            by_sentence.setdefault(anchor.sent.start, []).append(linked)
        orphans: dict[int, list[tuple[Span, Span | None]]] = {}
        for cue, source in span_linking.unlinked_cues(self.doc, spans, linked_spans):
            orphans.setdefault(cue.sent.start, []).append((cue, source))
        return by_sentence, orphans

    def _from_spans(self, linked: span_linking.LinkedSpans, sentence: Span,
                    last: tuple[Attribution, int] | None) -> Attribution | None:
        content = [t for t in linked.content if not t.is_space]
        if not content:
            return None
        said: Span = linked.content
        cue_token = span_linking.head_token(linked.cue) if linked.cue is not None else None
        speaker: Referent | None
        speaker_token: Token | None
        speaker_span: tuple[int, int] | None
        if cue_token is not None and any(c.dep_ in ("ccomp", "xcomp")
                                         for c in cue_token.children):
            # A cue with a complement of its own ("Lee told reporters the plan was ...") does
            # not also introduce a whole quotation in an earlier sentence: that goes on with
            # the previous speaker.
            earlier = [t for t in content if t.sent.start < cue_token.sent.start]
            if earlier and all(t.i in self.resolver.quoted or t.is_punct for t in earlier):
                content = [t for t in content if t.sent.start >= cue_token.sent.start]
                if not content:
                    return None
                said = self.doc[content[0].i:content[-1].i + 1]
        signed = self._signed(content)
        if signed is not None:
            quote, (speaker, speaker_token, speaker_span) = signed
            # the signature is not what was said
            content = [t for t in content if quote[0] <= t.idx < quote[1]]
        else:
            speaker, speaker_token, speaker_span = self._model_speaker(linked.source,
                                                                       cue_token)
        if speaker is None or speaker_token is None:
            quoted = sum(1 for t in content if t.i in self.resolver.quoted)
            if last is None or self._paragraph(sentence) - last[1] > 1 or \
                    cue_token is not None or quoted < len(content) / 2:
                return None
            # Content without a cue of its own goes on with the last speaker.
            speaker, speaker_token = last[0].speaker, last[0].speaker_token
            speaker_span = last[0].speaker_span
        self.resolver.note_speaker(speaker_token, speaker)
        parts = [said] + [s for s in (linked.cue, linked.source) if s is not None]
        first = min(p.sent.start for p in parts)
        final = max(p[-1].sent.end for p in parts)
        evidence = _extent(self.doc[first:final])
        inside = sum(1 for t in content if t.i in self.resolver.quoted)
        if cue_token is not None and cue_token.lemma_.lower() == "accord":
            kind = "according"
        elif inside >= len(content) / 2:
            kind = "quote"
        elif cue_token is not None and _stance_verb(cue_token):
            kind = "stance-verb"
        else:
            kind = "indirect"
        denied = cue_token is not None and _denied(cue_token)
        cue_span = (linked.cue.start_char, linked.cue.end_char) if linked.cue is not None \
            else None
        return Attribution(speaker, speaker_token, cue_token, content, evidence, kind,
                           self._relayed(sentence), denied, speaker_span, cue_span, True)

    def _model_speaker(self, source: Span | None, cue_token: Token | None
                       ) -> tuple[Referent | None, Token | None, tuple[int, int] | None]:
        """Whom the model's source names, with its token and span; without one, the cue's
        grammatical subject read as a source."""
        agent = _passive_agent(cue_token) if cue_token is not None else None
        if agent is not None and (source is None or not source.start <= agent.i < source.end):
            # "X is backed by Y", "X has been endorsed by Y": the one who backs speaks, not
            # the one backed, wherever the model put the source.
            phrase = noun_phrase(agent)
            speaker = span_linking.source_referent(phrase, self.resolver)
            if speaker is not None:
                return speaker, agent, (phrase.start_char, phrase.end_char)
        if source is not None and cue_token is not None:
            own = _own_subject_for(source, cue_token)
            speaker = span_linking.source_referent(own, self.resolver) \
                if own is not source else None
            if speaker is not None:
                return speaker, own.root, (own.start_char, own.end_char)
        if source is not None:
            speaker = span_linking.source_referent(source, self.resolver)
            if speaker is not None:
                return speaker, source.root, (source.start_char, source.end_char)
        if cue_token is None:
            return None, None, None
        speaker_token = self._speaker_token(_coordinated_reporting_verb(cue_token))
        if speaker_token is None:
            return None, None, None
        # A person named in the subject's noun phrase ("A lawyer for the firm, Ann Lee,"),
        # else what its head refers to, else its own words ("The council").
        phrase = noun_phrase(speaker_token)
        speaker = span_linking.source_referent(phrase, self.resolver)
        if speaker is None:
            return None, None, None
        return speaker, speaker_token, (phrase.start_char, phrase.end_char)

    def _from_cue(self, cue: Span, source: Span | None, sentence: Span) -> Attribution | None:
        """A cue the model tagged with no content of its own ("..., sources said", "X
        tweeted that ..."): its content is what the grammar gives the verb."""
        cue_token = span_linking.head_token(cue)
        if self.in_quote(cue_token):
            return None
        content, evidence, kind = self._content(cue_token, sentence, set())
        if not content and cue_token.lower_ == "according":
            # "..., according to police": what is reported is the rest of the sentence.
            content = _outside(sentence, cue_token, source)
            evidence, kind = _extent(sentence), "according"
        if not content:
            content = self._block_after_colon(cue)
            if not content:
                return None
            evidence = (content[0].idx, content[-1].idx + len(content[-1]))
            kind = "quote" if sum(t.i in self.resolver.quoted for t in content) * 2 >= \
                len(content) else "indirect"
        speaker, speaker_token, speaker_span = self._model_speaker(source, cue_token)
        if speaker is None or speaker_token is None:
            return None
        self.resolver.note_speaker(speaker_token, speaker)
        return Attribution(speaker, speaker_token, cue_token, content, evidence, kind,
                           self._relayed(sentence), _denied(cue_token), speaker_span,
                           (cue.start_char, cue.end_char), True)

    def _block_after_colon(self, cue: Span) -> list[Token]:
        """ "X added:" closing a paragraph introduces the next paragraph as X's words."""
        following = [t for t in self.doc[cue.end - 1:cue.end + 2] if not t.is_space]
        colon = next((t for t in following if t.text == ":"), None)
        if colon is None or colon.i + 1 >= len(self.doc) or \
                not span_linking.blank_line(self.doc[colon.i + 1]):
            return []
        words = []
        for token in self.doc[colon.i + 2:]:
            if span_linking.blank_line(token):
                break
            if not token.is_space:
                words.append(token)
        return words

    def _conjoined_speakers(self, found: Attribution) -> Iterator[Attribution]:
        """ "Lee and Cole said ...", "the Tories and the Liberals insist ...": each conjunct
        of the speaker says it too."""
        first = found.speaker_token
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        if found.cue is None or first.dep_ != "nsubj" or first.head.i != found.cue.i:
            return  # only a coordinated subject of the cue itself
        if any(c.lower_ in ("or", "nor", "neither", "either") for c in first.subtree
               if c.dep_ in ("cc", "preconj")):
            return  # "Lee or Reed will ...", "neither Lee nor Reed": not each of them
        for conjunct in found.speaker_token.conjuncts:
            if self.in_quote(conjunct):
                continue
            speaker = self.resolver.referent(conjunct)
            if _can_speak(speaker) and speaker.name != found.speaker.name:
                yield replace(found, speaker=speaker, speaker_token=conjunct, speaker_span=None)

    def _paragraph(self, sentence: Span) -> int:
        """The number of the paragraph (a run of lines) the sentence starts in."""
        return bisect_right(self.paragraph_breaks, sentence.start_char)

    def _quoted_sentence(self, words: list[Token]) -> bool:
        """Does the sentence open with, or inside, a quotation, and is mostly quoted?"""
        inside = sum(1 for t in words if t.i in self.resolver.quoted)
        opens = words[0].text in OPEN_QUOTES or words[0].i in self.resolver.quoted
        return opens and inside >= len(words) / 2

    def _transcript(self, sentence: Span) -> Attribution | None:
        """ "WALLACE: Governor, ...": a line opened by a speaker's name and a colon."""
        words = [t for t in sentence if not t.is_space and t.text not in ('"', "“", "'")]
        colon = next((k for k, t in enumerate(words[:5]) if t.text == ":"), None)
        if colon is None or colon == 0 or not all(t.text[:1].isupper() for t in words[:colon]):
            return None
        # A name, not a heading ("The Latest:", "Climate Change: ..."): no article, no verb.
        if words[0].lower_ in ("the", "a", "an") or any(
                t.pos_ in ("VERB", "AUX") for t in words[:colon]):
            return None
        if sentence.start > 0 and "\n" not in self.doc[sentence.start - 1].text_with_ws:
            return None
        name = " ".join(t.text for t in words[:colon])
        speaker = self.resolver.named(name)
        if speaker is None:
            return None
        content = words[colon + 1:]
        if not content:
            return None
        self.resolver.note_speaker(words[0], speaker)
        return Attribution(speaker, words[0], None, content,
                           (content[0].idx, content[-1].idx + len(content[-1])), "transcript")

    def _sentence(self, sentence: Span) -> Iterator[Attribution]:
        yield from self._signed_quotes(sentence)
        used_quotes: set[tuple[int, int]] = set()
        for token in sentence:
            if token.lemma_ == "accord" or token.lower_ in REPORTED_RELAYS:
                found = self._according(token, sentence)
                if found:
                    yield found
                continue
            lemma = token.lemma_.lower()
            if not _predicate(token) or not (_cue_verb(token) or _light_stance(token)):
                continue
            if self.in_quote(token):
                continue  # a verb inside a quotation is what was said, not who said it
            if lemma not in SPEECH_VERBS and self._embedded(token):
                continue  # "..., said X, that Y supports Z": Y's support is X's content
            found_speaker = self._speaker(token)
            if found_speaker is None:
                continue
            speaker_token, speaker = found_speaker
            self.resolver.note_speaker(speaker_token, speaker)
            content, evidence, kind = self._content(token, sentence, used_quotes)
            if not content:
                continue
            yield Attribution(speaker, speaker_token, token, content, evidence, kind,
                              self._relayed(sentence), _denied(token))

    def _signatures(self) -> dict[tuple[int, int], tuple[Referent, Token, tuple[int, int]]]:
        """Quotations signed with a dash and a person's name ("“We will win.” ― Ana Ruiz"),
        as readers' comments, vox pops and epigraphs are printed: the signer, the first
        token of the name and its character span, by quotation."""
        starts = [t.idx for t in self.doc]
        found = {}
        for quote in self.quotes:
            signature = SIGNATURE.match(self.text, quote[1])
            if signature is None:
                continue
            position = bisect_left(starts, signature.end())
            if position >= len(self.doc):
                continue
            name = self.doc[position]
            mention = self.resolver.index.at(name)
            if mention is None or not mention.is_person:
                continue
            last = self.doc[mention.end - 1]
            found[quote] = (Referent(mention.name, "person", "named"), name,
                            (name.idx, last.idx + len(last)))
        return found

    def _signed(self, content: list[Token]) -> tuple[
            tuple[int, int], tuple[Referent, Token, tuple[int, int]]] | None:
        """The quotation that holds most of the content, with its signer, if it is
        signed."""
        held: dict[tuple[int, int], int] = {}
        for token in content:
            quote = self.in_quote(token)
            if quote is not None:
                held[quote] = held.get(quote, 0) + 1
        if not held:
            return None
        quote = max(held, key=lambda q: held[q])
        signer = self.signatures.get(quote)
        if signer is None or 2 * held[quote] < len(content):
            return None
        return quote, signer

    def _signed_quotes(self, sentence: Span) -> Iterator[Attribution]:
        """Signed quotations closing in this sentence that no attribution of the model
        holds."""
        for quote in self._quotes_in(sentence):
            signed = self.signatures.get(quote)
            if signed is None or not sentence.start_char <= quote[1] - 1 < sentence.end_char \
                    or not self.quoted[quote] or self._held_by_model(quote):
                continue
            speaker, name, span = signed
            self.resolver.note_speaker(name, speaker)
            yield Attribution(speaker, name, None, self.quoted[quote], quote, "quote",
                              speaker_span=span)

    def _quotes_in(self, sentence: Span) -> list[tuple[int, int]]:
        """The quotations that overlap a sentence (quotations never overlap each other, so
        their ends are in order as their starts are)."""
        first = bisect_right(self.quote_ends, sentence.start_char)
        last = bisect_left(self.quote_starts, sentence.end_char)
        return self.quotes[first:last]

    def _held_by_model(self, quote: tuple[int, int]) -> bool:
        """Does any content span of the model overlap the quotation?"""
        before_end = bisect_left(self.model_content_starts, quote[1])
        return before_end > 0 and self.model_content_reach[before_end - 1] > quote[0]

    @staticmethod
    def _embedded(verb: Token) -> bool:
        """Is the verb part of what another verb reports, or of a condition?"""
        node = verb
        while node.head.i != node.i:
            if node.dep_ == "advcl" and any(c.dep_ == "mark" for c in node.children):
                return True
            if node.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass")
                                           for c in node.children):
                return False  # "X criticised A, and Y praised B": a clause of its own
            node = node.head
            if _cue_verb(node):
                return True
        return False

    def _speaker_token(self, verb: Token) -> Token | None:
        if verb.pos_ == "NOUN":
            # A reporting noun: "X's claim that ...", "a statement by X".
            owner = next((c for c in verb.children if c.dep_ == "poss"), None)
            if owner is not None:
                return owner
            by = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            return next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
        for child in verb.children:
            if child.dep_ == "nsubj":
                if child.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
                    return verb.head
                return child
        agent = _passive_agent(verb)
        if agent is not None:
            return agent
        # “...,” retorted a union spokesman: after a quote the subject may follow the verb.
        if verb.lemma_.lower() in SPEECH_VERBS and self._after_quote(verb):
            for child in verb.children:
                if child.dep_ in ("dobj", "attr", "nsubjpass") and child.i > verb.i:
                    return child
        # "X says he ..., and adds ...": a conjoined verb shares the subject; "X refused to
        # endorse Y": an infinitive complement has its governor's subject.
        if verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
            return self._speaker_token(verb.head)
        # "with X accusing Y of ...", "X, praising Y, ...": a participle modifying a noun
        # has that noun as its subject.
        if verb.tag_ == "VBG" and verb.dep_ == "acl" and verb.head.pos_ in ("PROPN", "NOUN"):
            return verb.head
        # "The agency quoted X as saying ...", "cited X as saying": the one quoted speaks.
        if verb.tag_ == "VBG":
            governor = verb.head.head if verb.head.lower_ == "as" else verb.head
            if governor.lemma_.lower() in QUOTING_VERBS:
                quoted = next((c for c in governor.children if c.dep_ in ("dobj", "obj")), None)
                if quoted is not None:
                    return quoted
        # "X mocked the complaint, saying ..." and "X sent tweets saying ...": the participle
        # speaks for the subject of the verb it hangs from.
        if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "acl", "xcomp"):
            governor = verb.head.head if verb.dep_ == "acl" else verb.head
            if governor.pos_ in ("VERB", "AUX"):
                return next((c for c in governor.children if c.dep_ == "nsubj"), None)
        return None

    def _speaker(self, verb: Token) -> tuple[Token, Referent] | None:
        """Who speaks through a verb by the grammar, if anyone who can."""
        speaker_token = self._speaker_token(verb)
        if speaker_token is None:
            return None
        speaker = span_linking.some_members(speaker_token, self.resolver) or \
            self.resolver.referent(speaker_token, unnamed=True)
        return (speaker_token, speaker) if _can_speak(speaker) else None

    def _after_quote(self, verb: Token) -> bool:
        """Does the verb follow a closing quotation mark (and perhaps a comma)?"""
        before = [t for t in self.doc[max(0, verb.i - 3):verb.i] if not t.is_space]
        while before and before[-1].text == ",":
            before.pop()
        return bool(before) and before[-1].text in ("”", '"', "’", "'")

    def _content(self, verb: Token, sentence: Span,
                 used: set[tuple[int, int]]) -> tuple[list[Token], tuple[int, int], str]:
        quotes = [q for q in self._quotes_in(sentence) if q not in used]
        clauses = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "parataxis")]
        lemma = verb.lemma_.lower()
        # (a passive stance verb's subject is what it acts on: "X was criticised by Y")
        objects = [c for c in verb.children
                   if c.dep_ in ("dobj", "dative", "prep", "attr", "nsubjpass")]
        if appeal_polarity(verb):
            # "urged X to resign", "called on X to apologise", "called for X to go": the
            # addressee and what is asked of them.
            asked = [c for c in verb.children if clause_asked(c)]
            tokens = sorted({t for c in objects + clauses + asked for t in c.subtree
                             if not t.is_space}, key=lambda t: t.i)
            return tokens, _extent(sentence), "stance-verb"
        if objects and _stance_verb(verb) and all(c.dep_ == "xcomp" for c in clauses):
            # A stance verb's objects are what the stance is about ("threw her support behind
            # X, calling him ..."), with any quotation inside its own phrase, and with the
            # infinitive that says what the object is to do ("backed X to win the seat").
            tokens = sorted({t for c in objects + clauses for t in c.subtree
                             if not t.is_space}, key=lambda t: t.i)
            return tokens, _extent(sentence), "stance-verb"
        quoted = sorted((t for q in quotes for t in self.quoted[q]), key=lambda t: t.i)
        inside_quotes = {t.i for t in quoted}
        clause_tokens = [t for c in clauses for t in c.subtree
                         if not t.is_space and not t.is_punct]
        if clause_tokens and not all(t.i in inside_quotes for t in clause_tokens):
            # Indirect speech, perhaps with a partial quote ("said the air force is willing
            # to help the FSA “if it knew where they were”"): the clause and the quote.
            used.update(quotes)
            tokens = sorted({*clause_tokens, *(t for t in quoted if t.sent == sentence)},
                            key=lambda t: t.i)
            return tokens, _extent(sentence), "indirect"
        if quotes:
            used.update(quotes)
            start = min(q[0] for q in quotes)
            end = max(q[1] for q in quotes)
            return quoted, (start, end), "quote"
        if objects and _stance_verb(verb):
            picked = objects + clauses
            kind = "stance-verb"
        elif clauses:
            picked = clauses
            kind = "indirect"
        elif lemma in STANCE_CUES and objects:
            picked = objects
            kind = "stance-verb"
        else:
            return [], (0, 0), ""
        tokens = sorted({t for c in picked for t in c.subtree if not t.is_space},
                        key=lambda t: t.i)
        return tokens, _extent(sentence), kind

    def _according(self, token: Token, sentence: Span) -> Attribution | None:
        """ "According to X, ..." / "..., according to X"."""
        to = next((c for c in token.children if c.lower_ == "to"), None)
        source = next((c for c in (to.children if to else token.children)
                       if c.dep_ == "pobj"), None)
        if source is None:
            return None
        speaker = self.resolver.referent(source)
        if not _can_speak(speaker):
            return None
        content = _outside(sentence, token, None)
        self.resolver.note_speaker(source, speaker)
        return Attribution(speaker, source, token, content,
                           _extent(sentence), "according")

    def _relayed(self, sentence: Span) -> bool:
        for token in sentence:
            if token.lower_ == "according":
                for t in token.subtree:
                    mention = self.resolver.index.at(t)
                    if mention is not None and mention.kind == "news":
                        return True
        return False

    def _headline(self, sentence: Span) -> Iterator[Attribution]:
        # "The Latest: Trump urges ...": a label before a colon is not the subject.
        colon = next((t.i for t in sentence if t.text == ":"), None)
        for token in sentence:
            if colon is not None and token.i <= colon:
                continue
            lemma = token.lemma_.lower()
            if not _predicate(token) or not (VERB_POLARITY.get(verb_sense(token))
                                             or lemma in SPEECH_VERBS):
                continue
            found_speaker = self._speaker(token)
            if found_speaker is None:
                continue
            speaker_token, speaker = found_speaker
            content = [t for t in sentence if t.i > token.i or t.i == token.i]
            yield Attribution(speaker, speaker_token, token, content,
                              _extent(sentence), "headline")


def _covering(found: Attribution, modelled: list[Attribution]) -> Attribution | None:
    """The model's attribution that is this one: the same cue, or content of which one
    holds at least half of the other."""
    start, end = _content_extent(found)
    for other in modelled:
        if found.cue is not None and other.cue_span is not None and \
                other.cue_span[0] <= found.cue.idx < other.cue_span[1]:
            return other
        other_start, other_end = _content_extent(other)
        if found.cue is not None and other_start <= found.cue.idx < other_end:
            # A report inside another's words ("Lee said Cole has long called for X") is
            # the reported speaker's own attribution, not the reporter's.
            continue
        shared = min(end, other_end) - max(start, other_start)
        if shared > 0 and 2 * shared >= min(end - start, other_end - other_start):
            return other
    return None


def _merged(modelled: Attribution, ruled: Attribution) -> Attribution:
    """One attribution found by both: the speaker the grammar names (the subject of the
    reporting verb) over the model's source, the cue the grammar gives, and the content of
    both (a stance verb's object is what its stance is about, whether or not the model called
    it content)."""
    content = sorted({*modelled.content, *ruled.content}, key=lambda t: t.i)
    # The subject of the reporting verb, where it names someone, is surer than the source the
    # model linked (measured on PolNeAR's dev set).
    grammar = ruled.speaker.how == "named" or modelled.speaker.how in ("unnamed", "pronoun")
    speaker = ruled.speaker if grammar else modelled.speaker
    speaker_token = ruled.speaker_token if grammar else modelled.speaker_token
    speaker_span = modelled.speaker_span
    if grammar and not (speaker_span and speaker_span[0] <= speaker_token.idx < speaker_span[1]):
        # (the model's source span stays where it holds the grammar's subject)
        speaker_span = ruled.speaker_span
    evidence = (min(modelled.evidence[0], ruled.evidence[0]),
                max(modelled.evidence[1], ruled.evidence[1]))
    return Attribution(speaker, speaker_token, ruled.cue or modelled.cue, content, evidence,
                       ruled.kind, ruled.relayed_by_news, ruled.denied or modelled.denied,
                       speaker_span, modelled.cue_span, True)


def _content_extent(found: Attribution) -> tuple[int, int]:
    tokens = found.content
    if not tokens:
        return found.evidence
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


# Verbs by which a reporter relays someone else's words ("quoted X as saying").
QUOTING_VERBS = frozenset({"quote", "cite"})


def _cue_verb(token: Token) -> bool:
    """A reporting verb, or a stance verb whose subject speaks (also a phrasal one: "hit out
    at")."""
    return token.lemma_.lower() in SPEECH_VERBS or verb_sense(token) in STANCE_CUES


def _coordinated_reporting_verb(cue: Token) -> Token:
    """A reporting or stance verb conjoined to a plain clause (not another reporting or
    stance verb) inside what a verb reports is coordinated with that verb, whatever the
    parse says: "X said the plan was unfair and accused Y" is X accusing Y, not the plan;
    but in "X said Lee criticised the plan and accused Y" Lee accuses. Else the cue."""
    if cue.dep_ != "conj" or not _cue_verb(cue) or _cue_verb(cue.head):
        return cue
    node = cue.head
    while node.head.i != node.i:
        node = node.head
        if node.lemma_.lower() in SPEECH_VERBS:
            return node
    return cue


# The dependents that make up a noun phrase naming someone: "the chief executive of the
# firm, Ann Lee," but not a relative or participle clause ("the man who ...").
PHRASE_DEPENDENTS = frozenset({"det", "amod", "compound", "poss", "nummod", "prep", "pobj",
                               "appos", "flat", "case", "nmod", "quantmod", "cc", "conj",
                               "punct"})


def noun_phrase(head: Token) -> Span:
    """The noun phrase a word heads, without clauses hanging from it or its dependents: the
    unbroken run of its phrase's words around the head ("The mayor, who was elected in May,"
    is "The mayor")."""
    words = {head.i}
    pending = [head]
    while pending:
        node = pending.pop()
        for child in node.children:
            if child.dep_ in PHRASE_DEPENDENTS:
                words.add(child.i)
                pending.append(child)
    start = end = head.i
    while start - 1 in words:
        start -= 1
    while end + 1 in words:
        end += 1
    doc = head.doc
    while end > head.i and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[start:end + 1]


def _outside(sentence: Span, according: Token, source: Span | None) -> list[Token]:
    """The words of a sentence outside its "according to X" phrase (and the source the model
    tagged there), without the punctuation that joined them."""
    skip = {t.i for t in according.subtree}
    if source is not None:
        skip.update(range(source.start, source.end))
    words = [t for t in sentence if t.i not in skip and not t.is_space]
    while words and words[0].is_punct and not words[0].is_quote:
        words.pop(0)
    while words and words[-1].is_punct and not words[-1].is_quote:
        words.pop()
    return words


def _own_subject_for(source: Span, cue: Token) -> Span:
    """The source of a cue, as the model linked it, unless it is the subject of another verb
    while the cue has a subject of its own: then the cue's subject ("Morial told a woman who
    suggested ...": Morial tells; "The convention, which most nations signed, obligates
    ...": the convention obligates)."""
    root = source.root
    if root.dep_ not in ("nsubj", "nsubjpass") or root.head.i == cue.i:
        return source
    own = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    # (a relative pronoun is no surer: "X ran a feature that profiled ...": X's feature)
    if own is None or source.start <= own.i < source.end or \
            own.lower_ in span_linking.RELATIVE_PRONOUNS or own.tag_ in ("WP", "WDT", "DT"):
        return source
    return noun_phrase(own)


def _passive_agent(verb: Token) -> Token | None:
    """The head of a passive verb's "by" phrase ("endorsed by the paper": paper)."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _denied(cue: Token) -> bool:
    """ "X denied ...", "X did not say ...": the cue itself says it was not so."""
    return cue.lemma_.lower() == "deny" or any(c.dep_ == "neg" for c in cue.children)


def _can_speak(speaker: Referent | None) -> TypeGuard[Referent]:
    """News organisations relay rather than speak; a town or region speaks only when it is
    named as the subject itself ("Leeds rejected the bid"), never through a description."""
    if speaker is None or speaker.kind == "news":
        return False
    return speaker.kind != "place" or speaker.how == "named"


def _predicate(token: Token) -> bool:
    """A verb, or a word the tagger mistook for another part of speech but the parser
    gave a subject ("did not back X" with "back" tagged as an adverb)."""
    return token.pos_ in ("VERB", "AUX") or (
        token.pos_ in ("ADV", "NOUN", "ADJ") and any(c.dep_ == "nsubj" for c in token.children)
        and token.lemma_.lower() in VERB_POLARITY)


def _stance_verb(verb: Token) -> bool:
    """An expressive stance verb ("criticised X", "hit out at X"), a light verb with a stance
    noun, or an appeal for someone to go or stay ("urged X to resign")."""
    sense = verb_sense(verb)
    return (sense in STANCE_CUES and bool(VERB_POLARITY.get(sense))) or _light_stance(verb) \
        or bool(appeal_polarity(verb))


def _light_stance(verb: Token) -> bool:
    """A light verb with a stance noun as its object: "threw her support behind X", "gave
    his backing to X", "voiced criticism of X"."""
    return verb.lemma_.lower() in LIGHT_VERBS and any(
        NOUN_POLARITY.get(noun.lemma_.lower()) for noun in light_objects(verb))


def light_objects(verb: Token) -> list[Token]:
    """A verb's direct objects with their conjuncts ("her weight and her support")."""
    found = []
    for child in verb.children:
        if child.dep_ in ("dobj", "obj"):
            found.append(child)
            found.extend(c for c in child.subtree if c.dep_ == "conj")
    return found


def _extent(sentence: Span) -> tuple[int, int]:
    """Character offsets of a sentence without the white space (or masking) around it."""
    words = [t for t in sentence if not t.is_space]
    if not words:
        return sentence.start_char, sentence.start_char
    return words[0].idx, words[-1].idx + len(words[-1].text)
