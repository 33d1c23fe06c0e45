"""Mentions of people, organisations and states in one parsed document, each linked to a
canonical name for the document: "Marsh" to "Helen Marsh", "NUT" to "National Union of
Teachers" when the text defines it, "Moscow" and "the Kremlin" to "Russia", "Americans" to
"United States". Titles and appositions give people a role and the organisation they speak for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from stancedb.extract import gazetteer
from stancedb.extract.given_names import gender_of
from stancedb.extract.lexicon import (
    GENDERED_NOUNS,
    HONORIFICS,
    TITLE_EXPANSIONS,
    TITLE_QUALIFIERS,
    TITLES,
)
from stancedb.model.entities import surname

# Entity labels of names that can hold a country's name as one of their words.
ORGANISATION_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "LAW", "PRODUCT", "WORK_OF_ART",
               "EVENT"}
ORG_WORDS = frozenset({
    "army", "party", "front", "council", "ministry", "department", "group", "coalition",
    "forces", "committee", "agency", "union", "organization", "organisation", "institute",
    "university", "company", "corp", "inc", "news", "times", "post", "bank", "court",
    "office", "service", "observatory", "league", "movement", "brigade", "division",
    "authority", "government", "state", "states", "republic", "kingdom", "house", "senate",
    "congress", "assembly", "parliament", "association", "foundation", "center", "centre",
    "network", "channel", "fund", "board", "commission", "administration", "campaign",
})
# Nouns that end the names of events, contests and documents ("the Carling Cup", "the
# Olympic Games", "the Budget", "the Cannes Film Festival"): they neither speak nor are judged.
EVENT_NOUNS = frozenset({"cup", "games", "olympics", "championship", "championships",
                         "tournament", "festival", "awards", "prize", "trophy", "budget",
                         "summit", "marathon", "final", "finals"})
# Kinds of entity that people speak for and that "they" and "it" can stand for.
ORGANISED = frozenset({"org", "state"})
ROLE_WORDS = frozenset({"state", "defense", "defence", "foreign", "interior"})
_ACRONYM = re.compile(r"\A[A-Z][A-Za-z]{0,2}[A-Z]{1,6}\Z")


@dataclass
class Mention:
    start: int  # token indices in the doc
    end: int
    kind: str  # person, org, state, news, place
    name: str  # canonical name in this document

    @property
    def is_person(self) -> bool:
        return self.kind == "person"


@dataclass
class Person:
    name: str
    org: str | None = None
    title: str | None = None
    gender: str | None = None  # "m" or "f" where the text says so ("Mrs", "spokeswoman")


@dataclass
class MentionIndex:
    """All mentions of one document, by token, with people's roles."""

    doc: Doc
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def add(self, mention: Mention) -> None:
        if any(i in self.by_token for i in range(mention.start, mention.end)):
            return
        self.mentions.append(mention)
        for i in range(mention.start, mention.end):
            self.by_token[i] = mention

    def at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def org_of(self, name: str) -> str | None:
        person = self.people.get(name)
        return person.org if person else None


def find_mentions(doc: Doc) -> MentionIndex:
    index = MentionIndex(doc)
    acronyms = _defined_acronyms(doc)
    # Gazetteer matches first: they are right where the small NER model cuts names wrongly.
    names = [e for e in doc.ents if e.label_ in NAME_LABELS]
    for span in [*_outside_longer_names(_gazetteer_spans(doc), names), *names]:
        mention = _classify(span, acronyms, index)
        if mention is not None:
            index.add(mention)
    _add_acronym_mentions(doc, index, acronyms)
    index.mentions.sort(key=lambda m: m.start)
    _trim_overextended_names(index)
    surnames: dict[str, str] = {}
    for mention in index.mentions:
        if mention.is_person:
            mention.name = _person_name(mention.name, surnames)
    _add_surname_mentions(doc, index, surnames)
    _link_short_organisation_names(index)
    index.mentions.sort(key=lambda m: m.start)
    _add_roles(doc, index)
    return index


def _link_short_organisation_names(index: MentionIndex) -> None:
    """A one-word organisation name that begins a longer one named in the same text is
    that organisation ("Merrill" for "Merrill Lynch", "Deutsche" for "Deutsche Bank")."""
    longer: dict[str, set[str]] = {}
    for mention in index.mentions:
        if mention.kind == "org" and " " in mention.name:
            longer.setdefault(mention.name.split()[0], set()).add(mention.name)
    for mention in index.mentions:
        if mention.kind == "org" and " " not in mention.name and \
                len(longer.get(mention.name, ())) == 1:
            mention.name = next(iter(longer[mention.name]))


def _outside_longer_names(known: list[Span], names: list[Span]) -> list[Span]:
    """Known country names that are not a word of a longer organisation's name: "the U.S.
    Court of Appeals" and "USA Today" are bodies of their own, not the United States."""
    longer = [(e.start, e.end) for e in names if e.label_ in ORGANISATION_LABELS]
    kept = []
    for span in known:
        entry = gazetteer.lookup(span.text)
        inside = any(start <= span.start and span.end <= end and end - start > len(span)
                     for start, end in longer)
        if not (inside and entry is not None and entry.kind in ("country", "bloc")):
            kept.append(span)
    return kept


def _gazetteer_spans(doc: Doc) -> list[Span]:
    """Known surface forms the NER missed or cut wrongly (longest match wins)."""
    matches = _matcher(doc.vocab)(doc, as_spans=True)
    found: list[Span] = []
    for span in sorted(matches, key=lambda s: (s.start, -len(s))):
        if found and span.start < found[-1].end:
            continue
        if len(span) > 1 or span.text[:1].isupper():
            found.append(span)
    return found


@cache
def _matcher(vocab: Vocab) -> PhraseMatcher:
    from stancedb.extract import nlp

    matcher = PhraseMatcher(vocab, attr="ORTH")
    tokenizer = nlp.load().tokenizer
    forms = [*gazetteer.surface_forms(), *gazetteer.party_adjectives()]
    matcher.add("KNOWN", [tokenizer(form) for form in forms])
    return matcher


def _defined_acronyms(doc: Doc) -> dict[str, str]:
    """ "National Union of Teachers (NUT)": NUT names whatever the words before the brackets
    name."""
    acronyms: dict[str, str] = {}
    for token in doc:
        if token.text != "(" or token.i + 2 >= len(doc) or doc[token.i + 2].text != ")":
            continue
        short = doc[token.i + 1].text
        if not _ACRONYM.match(short):
            continue
        letters = [c for c in short if c.isupper()]
        # Walk back over capitalised words (and small joining words) covering the initials.
        start = token.i
        words = 0
        while start > 0 and words < 12:
            previous = doc[start - 1]
            if previous.text[:1].isupper() or previous.lower_ in ("of", "and", "the", "for"):
                start -= 1
                words += 1
            else:
                break
        while start < token.i and doc[start].lower_ in ("the", "of", "and", "for"):
            start += 1
        long_form = doc[start:token.i].text
        if long_form and long_form[0].upper() == letters[0]:
            entry = gazetteer.lookup(long_form)
            acronyms[short] = entry.canonical if entry else long_form
    return acronyms


def _add_acronym_mentions(doc: Doc, index: MentionIndex, acronyms: dict[str, str]) -> None:
    """Every later use of an acronym the text defined ("... (IAAF)", then "the IAAF said")
    names the same body, where the NER did not tag it."""
    for token in doc:
        if token.text in acronyms and index.at(token) is None:
            mention = _classify(Span(doc, token.i, token.i + 1, label="ORG"), acronyms, index)
            if mention is not None:
                index.add(mention)


def _classify(found: Span, acronyms: dict[str, str], index: MentionIndex) -> Mention | None:
    span = _trim(found)
    if span is None:
        return None
    text = span.text
    if text in acronyms:
        entry = gazetteer.lookup(acronyms[text])
        return Mention(span.start, span.end, entry.kind if entry else "org", acronyms[text])
    entry = gazetteer.lookup(text) or (gazetteer.lookup(text.title()) if text.isupper() else None)
    if entry is not None and entry.kind == "place":
        return None
    if entry is not None:
        kind = {"country": "state", "bloc": "state"}.get(entry.kind, entry.kind)
        head = span.root.head
        if entry.kind == "country" and span.root.dep_ in ("compound", "nmod") and \
                head.lower_ in gazetteer.GOVERNMENT_NOUNS and head.tag_ == "NN":
            # "the UK government", as "the British government": the state's executive
            return Mention(span.start, span.end, kind, gazetteer.government_name(entry.canonical))
        return Mention(span.start, span.end, kind, entry.canonical)
    party = gazetteer.party_adjectives().get(text)
    if party is not None:
        return Mention(span.start, span.end, "org", party)
    adjective = gazetteer.adjectives().get(text)
    if adjective is not None:
        return _adjective_mention(span, adjective)
    # A lone title word is no name, unless a courtesy title makes it a surname ("Mr. King";
    # but "Mr President", "Madam Speaker" address an office).
    surname = span.start > 0 and _honorific(span.doc[span.start - 1]) is not None \
        and span[0].lower_ not in ADDRESSED_OFFICES
    if span.label_ == "NORP" or (len(span) == 1 and span[0].lower_ in TITLES | ROLE_WORDS
                                 and not surname):
        return None
    if _portfolio(span):
        return None
    title_end = _title_prefix_end(span)
    if title_end > span.start and not (span.label_ == "ORG" and span[-1].lower_ in ORG_WORDS):
        # (a title word inside an organisation's name is no title: "the Justice Department")
        # "Chilean FM Ana Soto" tagged as one entity: the name follows the title.
        name = span.doc[title_end:span.end]
        if name and all(t.text[:1].isupper() for t in name):
            return Mention(name.start, name.end, "person", _clean_name(name.text))
        return None
    if not _plausible_name(span) or _continues_organisation(span):
        return None
    if span[-1].lower_ in EVENT_NOUNS:
        return None  # "the Carling Cup", "the Budget": an event or a document, no actor
    if span.label_ == "PERSON" or (span.label_ not in ("ORG", "GPE", "FAC")
                                   and _looks_like_person(span)):
        return Mention(span.start, span.end, "person", _clean_name(text))
    if span.label_ == "GPE" and text[:1].isupper():
        # A town or region the gazetteer does not know as a country: a place. It may still
        # act as its own subject ("Leeds rejected the bid": a club or council speaking).
        return Mention(span.start, span.end, "place", _clean_name(text))
    if span.label_ == "FAC" and text[:1].isupper():
        return Mention(span.start, span.end, "place", _clean_name(text))  # a venue or building
    if span.label_ in ("ORG", "LAW") and text[:1].isupper():
        return Mention(span.start, span.end, "org", _clean_name(text))
    return None


def _portfolio(span: Span) -> bool:
    """The portfolio of a title before it ("Health Secretary Ann Lee", "Trade Minister"),
    which the NER may tag as an organisation: words that qualify titles, then a title."""
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return after is not None and after.lower_ in PORTFOLIO_TITLES and all(
        t.lower_ in TITLE_QUALIFIERS for t in span)


# Offices named with their portfolio ("Health Secretary"), unlike "Treasury spokesman", where
# the body speaks through its spokesman.
PORTFOLIO_TITLES = frozenset({"secretary", "minister", "commissioner", "spokesperson",
                              "tsar", "czar"})


def _continues_organisation(span: Span) -> bool:
    """Whether the span goes on from an organisation's name as a compound of it ("BBC
    Radio Five Live"): then it is part of that name, nobody's own."""
    if span.start == 0 or span.label_ == "ORG":
        return False
    before = span.doc[span.start - 1]
    return before.ent_type_ == "ORG" and before.dep_ == "compound" and \
        span.start <= before.head.i < span.end


def _adjective_mention(span: Span, state: str) -> Mention | None:
    """A country adjective stands for the country when it heads a noun phrase ("the
    Russians") or modifies an institution ("the Chilean government", "Chilean air strikes")."""
    token = span.root
    if token.dep_ not in ("amod", "compound", "nmod"):
        return Mention(span.start, span.end, "state", state)
    head = token.head
    if head.lower_ in gazetteer.GOVERNMENT_NOUNS and head.tag_ == "NN":
        # "the Chilean government": the state's executive
        return Mention(span.start, span.end, "state", gazetteer.government_name(state))
    if head.lower_ in gazetteer.INSTITUTION_NOUNS or (
            head.dep_ == "compound" and head.head.lower_ in gazetteer.INSTITUTION_NOUNS):
        return Mention(span.start, span.end, "state", state)
    return None


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_space
                           or doc[start].is_punct or _honorific(doc[start]) is not None):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct
                           or doc[end - 1].text in ("’s", "'s")
                           or doc[end - 1].lower_ in ("of", "the", "and", "for")):
        end -= 1
    if start >= end:
        return None
    trimmed = doc[start:end]
    trimmed.label_ = span.label_
    return trimmed


def _honorific(token: Token) -> str | None:
    """ "Mrs" -> "f", "Mr." -> "m", "Dr" -> "": a courtesy title, and the gender it tells."""
    return HONORIFICS.get(token.lower_.rstrip("."))


# Offices addressed with a courtesy title ("Mr President", "Madam Speaker"): not surnames.
ADDRESSED_OFFICES = frozenset({"president", "speaker", "chairman", "chair", "mayor",
                               "minister", "secretary", "chancellor", "ambassador",
                               "governor", "prime"})


def _title_prefix_end(span: Span) -> int:
    """Index just after the last title word in the span (span.start when there is none)."""
    last = span.start
    # The last word is the name's own ("Ann King", "Tom Bishop"), never a title before it;
    # a span of titles only ("Foreign Minister") holds no name at all.
    def is_title(token: Token) -> bool:
        return token.lower_ in TITLES or token.lower_ in ("foreign", "defense", "defence")

    if all(is_title(t) or t.is_punct for t in span):
        return span.end
    for token in span[:-1]:
        if is_title(token):
            last = token.i + 1
    return last


def _plausible_name(span: Span) -> bool:
    """Headline fragments tagged as names ("Obama Power Plant Rules Face Key Test", "The
    Latest") are not names: too long, or holding verbs, or led by a determiner."""
    words = [t for t in span if not t.is_punct]
    if not words or len(words) > 6:
        return False
    if span.label_ == "PERSON" and (len(words) > 4 or any(t.pos_ in ("VERB", "AUX") for t in words)
                                   or not words[0].text[:1].isupper()):
        return False
    return not (words[0].lower_ in ("the", "a", "an") and span.label_ == "PERSON")


def _looks_like_person(span: Span) -> bool:
    words = [t for t in span if not t.is_punct]
    return (2 <= len(words) <= 3 and all(t.pos_ == "PROPN" and t.text[:1].isupper()
                                         and t.is_alpha for t in words)
            and not any(t.lower_ in ORG_WORDS for t in words)
            and gazetteer.lookup(span.text) is None)


def _clean_name(text: str) -> str:
    text = text.replace("[", "").replace("]", "")
    text = re.sub(r"(’s|'s)$", "", text.strip())
    return " ".join(text.split())


def _trim_overextended_names(index: MentionIndex) -> None:
    """A person's name that ends with another full name of the text has taken in a word
    before it ("Rip Donald Trump" from a title-case headline, "Universe Ana Ruiz" from "Miss
    Universe Ana Ruiz"): the NER cut it too wide, and the shorter name is the person's."""
    full = {m.name for m in index.mentions if m.is_person and len(m.name.split()) >= 2}
    for mention in index.mentions:
        if not mention.is_person:
            continue
        words = mention.name.split()
        shorter = next((" ".join(words[k:]) for k in range(1, len(words) - 1)
                        if " ".join(words[k:]) in full), None)
        if shorter is not None:
            mention.name = shorter


def _person_name(name: str, surnames: dict[str, str]) -> str:
    """Link a name to the first full name seen with the same surname (and initial)."""
    parts = name.split()
    family = surname(parts[-1])
    known = surnames.get(family)
    if len(parts) == 1:
        return known or name
    if known is None:
        surnames[family] = name
        return name
    return known if known.split()[0][:1] == parts[0][:1] else name


def _add_surname_mentions(doc: Doc, index: MentionIndex, surnames: dict[str, str]) -> None:
    """A surname the NER missed (or called an organisation) still names the person."""
    for token in doc:
        if token.i in index.by_token and index.by_token[token.i].is_person:
            continue
        full = surnames.get(surname(token.text))
        if full and token.pos_ == "PROPN":
            existing = index.by_token.get(token.i)
            if existing is not None and existing.end - existing.start == 1:
                existing.kind, existing.name = "person", full
            elif existing is None:
                index.add(Mention(token.i, token.i + 1, "person", full))
    # Later full mentions of a person seen first by surname only.
    for mention in index.mentions:
        if mention.is_person and " " not in mention.name and surname(mention.name) in surnames:
            mention.name = surnames[surname(mention.name)]
    # A first name alone ("Michael is in form") names the one person with that first name.
    given: dict[str, set[str]] = {}
    for full in surnames.values():
        given.setdefault(full.split()[0], set()).add(full)
    for mention in index.mentions:
        if mention.is_person and " " not in mention.name and len(given.get(mention.name, ())) == 1:
            mention.name = next(iter(given[mention.name]))


# --- roles -----------------------------------------------------------------------------------

def _add_roles(doc: Doc, index: MentionIndex) -> None:
    for mention in index.mentions:
        if not mention.is_person:
            continue
        person = index.people.setdefault(mention.name, Person(mention.name))
        title, org = role_before(doc, mention, index)
        if org is None:
            after_title, org = role_after(doc, mention, index)
            title = title or after_title
        if title and not person.title:
            person.title = title
        if org and not person.org:
            person.org = org
        if person.gender is None:
            person.gender = _gender_near(doc, mention)
    # What the text says first; where it says nothing, the given name's usual gender.
    for person in index.people.values():
        words = person.name.split()
        if person.gender is None and len(words) >= 2:
            person.gender = gender_of(words[0])


def _gender_near(doc: Doc, mention: Mention) -> str | None:
    """The gender a courtesy title before the name ("Mrs Marsh") or a gendered noun of office
    just before or after it ("spokeswoman Ann Lee", "Ann Lee, the chairwoman") tells."""
    if mention.start > 0:
        honorific = _honorific(doc[mention.start - 1])
        if honorific:
            return honorific
    # Before the name any gendered noun of the title ("spokeswoman Ann Lee"); after it only
    # one in apposition to the name ("Ann Lee, the chairwoman"), not another person's.
    name = range(mention.start, mention.end)
    # The title runs back to a verb, a preposition or punctuation ("the businessman says of
    # Ann Lee": his noun, not her title), except the comma of an apposition ("the
    # chairwoman, Ann Lee").
    appositive = any(doc[i].dep_ == "appos" for i in name)
    before = []
    for token in reversed(doc[max(0, mention.start - 4):mention.start]):
        comma = token.i == mention.start - 1 and token.text == "," and appositive
        if token.pos_ in ("VERB", "AUX", "ADP", "PUNCT", "SPACE") and not comma:
            break
        before.append(token)
    window = [*before, *(t for t in doc[mention.end:mention.end + 6]
                         if t.dep_ == "appos" and t.head.i in name)]
    for token in window:
        gender = GENDERED_NOUNS.get(token.lower_)
        if gender:
            return gender
    return None


def role_before(doc: Doc, mention: Mention, index: MentionIndex) -> tuple[str | None, str | None]:
    """ "Chilean Foreign Minister Ana Soto", "Downing Street spokesman Tom Hale"."""
    start = mention.start
    i = start - 1
    words: list[Token] = []
    while i >= 0 and start - i <= 8:
        token = doc[i]
        if token.is_space or (token.is_punct and token.text not in ("’s", "'s", "’", "'")):
            break
        if token.pos_ in ("VERB", "AUX", "ADP") and token.lower_ not in ("of",):
            break
        if token.lower_ in ("the", "a", "an"):
            break
        words.insert(0, token)
        i -= 1
    return _title_and_org(words, index)


def role_after(doc: Doc, mention: Mention, index: MentionIndex) -> tuple[str | None, str | None]:
    """ "Ana Soto, a member of the Socialist Party, ..." and
    "Tom Hale, U.S. State Department spokesman said ..."."""
    i = mention.end
    if i >= len(doc) or doc[i].text != ",":
        return None, None
    words: list[Token] = []
    i += 1
    while i < len(doc) and len(words) < 14:
        token = doc[i]
        if token.is_space or token.text in (",", ";", ":", ".", "(", ")", "“", "”", '"') or (
                token.pos_ in ("VERB", "AUX") and token.lower_ not in TITLES):
            break
        words.append(token)
        i += 1
    return _title_and_org(words, index)


def _title_and_org(words: list[Token], index: MentionIndex) -> tuple[str | None, str | None]:
    titles = [t for t in words if t.lower_ in TITLES]
    if not titles:
        return None, None
    last = titles[-1]
    title_words = [t.lower_ for t in words if t.i <= last.i and (t.lower_ in TITLES or t.lower_
                   in ("foreign", "defense", "defence", "prime", "state", "interior", "finance",
                       "deputy", "press", "vice", "former", "shadow", "acting"))]
    title = " ".join(TITLE_EXPANSIONS.get(w, w) for w in title_words) or None
    org = None
    for token in words:
        mention = index.at(token)
        if mention is not None and mention.kind in ORGANISED:
            org = mention.name
            break
        state = gazetteer.adjectives().get(token.text)
        if state is not None:
            org = state
            break
    if org is None:
        org = _named_group(words)
    return title, org


def _named_group(words: list[Token]) -> str | None:
    """ "a spokesman for the Harbor 9 residents group": capitalised words after for/of."""
    for position, token in enumerate(words):
        if token.lower_ in ("for", "of") and position + 1 < len(words):
            rest = [t for t in words[position + 1:]
                    if t.lower_ != "the" and t.lower_ not in TITLES | ROLE_WORDS]
            name: list[str] = []
            for t in rest:
                if t.text[:1].isupper() or (name and t.like_num):
                    name.append(t.text)
                else:
                    break
            if name:
                return " ".join(name)
    return None
