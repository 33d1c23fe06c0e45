"""Who "he", "they" and "the party spokesman" are: light, rule-based reference resolution.

- "he"/"she": the last person quoted or named before, preferring recent speakers;
- "they"/"it": the last state or organisation named before (not a news agency), skipping
  entities named in the same clause (a pronoun and a name in one clause are different
  referents) and entities the caller excludes (the speaker);
- "I"/"we": the speaker;
- a description ("Chile's Foreign Minister", "the club's manager", "a union spokesman"):
  the person with that title and organisation, else the organisation itself.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass

from spacy.tokens import Token

from stancedb.extract import gazetteer
from stancedb.extract.lexicon import (
    GROUP_PRONOUNS,
    HONORIFICS,
    PERSON_PRONOUNS,
    SPEAKER_PRONOUNS,
    TITLE_EXPANSIONS,
    TITLE_QUALIFIERS,
    TITLES,
)
from stancedb.extract.mentions import ORG_WORDS, ORGANISED, Mention, MentionIndex, Person

LOOKBACK_SENTENCES = 4
# How far back people named together stay a group that "the pair" can mean.
GROUP_LOOKBACK_SENTENCES = 10
# Nouns for two people together ("the pair", "both").
PAIR_WORDS = frozenset({"pair", "duo", "couple", "both", "twosome"})
# Nouns that describe an organisation or a state by its kind ("the firm", "the club", "the
# country"); a definite one refers to the last organisation (or state) named.
ORGANISATION_NOUNS = frozenset({
    "firm", "company", "club", "team", "side", "party", "bank", "group", "union", "council",
    "board", "association", "federation", "league", "ministry", "department", "agency",
    "court", "regulator", "watchdog", "charity", "organisation", "organization",
    "government", "administration", "country", "nation", "state", "committee", "body",
    "institute", "university", "school", "hospital", "airline", "carrier", "insurer",
    "retailer", "broadcaster", "network", "studio", "label", "publisher", "manufacturer",
    "maker", "supplier", "operator", "giant", "conglomerate", "corporation", "business",
})
# Titles that only a person holds (not "head", "member", "official" of many, nor "regulator"
# or "executive", which also name bodies): a definite one refers back to a person.
PERSON_TITLES = frozenset({"president", "minister", "secretary", "senator", "governor",
                           "mayor", "chancellor", "premier", "nominee", "candidate",
                           "chairman", "chairwoman", "spokesman", "spokeswoman", "ambassador",
                           "congressman", "congresswoman", "manager", "coach", "captain",
                           "president-elect", "ceo", "prosecutor", "judge", "king", "queen",
                           "mp", "mep", "lawmaker", "legislator", "leader", "boss", "owner",
                           "director", "commissioner", "envoy", "diplomat", "author", "peer",
                           "founder", "analyst", "economist", "professor", "lawyer",
                           "bishop", "archbishop", "cardinal", "pope", "prince", "princess"})
# Qualifiers that make a title another office ("deputy prime minister", "former leader"),
# as mentions.py keeps them in a person's title.
SUBORDINATE_QUALIFIERS = frozenset({"deputy", "vice", "former", "shadow", "acting"})
# What "they" and "it" can stand for: states, organisations, and the gazetteer's own
# (parties, the UN, armed groups), whose mentions are of the kind "organisation".
GROUPS = ORGANISED | {"organisation"}
# Things that say what is in them ("the report says", "the ad shows"): "it" after one as a
# subject stands for it.
DOCUMENT_NOUNS = frozenset({
    "report", "study", "ad", "advertisement", "statement", "letter", "poll", "survey",
    "video", "recording", "footage", "complaint", "lawsuit", "suit", "memo", "analysis",
    "bill", "ruling", "editorial", "article", "book", "website", "post",
    "tweet", "document", "paper", "filing", "review", "audit", "investigation", "probe",
    "release", "commercial", "spot", "speech", "message", "email", "note", "order"})
# Plural nouns that name people or groups, beyond the agent suffixes ("-ers", "-ists").
PEOPLE_NOUNS = frozenset({
    "people", "official", "critic", "state", "nation", "country", "group", "member", "aide",
    "lawmaker", "democrat", "republican", "expert", "advocate", "opponent", "proponent",
    "resident", "citizen", "authority", "police", "family", "parent", "student", "woman",
    "man", "child", "company", "firm", "agency", "organization", "organisation", "union",
    "party", "colleague", "ally", "rival", "candidate", "delegate", "diplomat", "staff",
    "staffer", "economist", "analyst", "scientist", "activist", "source", "insider",
    "executive", "chief", "governor", "senator", "judge", "team", "campaign", "plaintiff",
    "lawyer", "attorney", "victim", "veteran", "immigrant", "refugee", "protester",
    "demonstrator", "conservative", "liberal", "progressive", "moderate", "independent",
    "bank", "government", "administration", "city", "county", "president", "agent",
    "participant", "applicant", "defendant", "consultant", "assistant", "migrant",
    "informant", "respondent", "other"})
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "eer")
# Words with those endings that name no one.
NOT_AGENTS = frozenset({"number", "paper", "letter", "matter", "order", "factor", "sector",
                        "error", "border", "power", "center", "chapter", "computer", "water",
                        "meter", "layer", "cancer", "quarter", "corner", "tower", "poster",
                        "filter", "trailer", "flyer", "voucher", "dinner", "door", "floor",
                        "color", "colour", "honor", "honour", "rumor", "rumour", "motor",
                        "indicator", "vector", "mirror", "horror", "favor", "offer",
                        "answer", "dollar", "river", "weather", "winter", "summer", "murder",
                        "chamber", "register", "character", "theater", "theatre", "finger",
                        "cover", "silver", "shelter"})
STATE_NOUNS = frozenset({"country", "nation", "state", "government", "administration"})
MASCULINE = frozenset({"he", "him", "his", "himself"})
# Subject and object pronouns that carry a chain of reference through a narrative.
CHAIN_PRONOUNS = frozenset({"he", "she", "him", "her"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs"})
FEMININE = frozenset({"she", "her", "hers", "herself"})


def _agrees(pronoun: str, person: Person | None) -> bool:
    """A pronoun agrees with a person unless the text gave the person the other gender
    ("Mrs Marsh ... he" does not agree), or the given name's usual gender where the text says
    nothing (given_names.py). Unknown genders agree with anything."""
    wanted = "m" if pronoun in MASCULINE else "f" if pronoun in FEMININE else None
    found = person.gender if person is not None else None
    return wanted is None or found is None or found == wanted


def _people_noun(token: Token) -> bool:
    """Whether a plural noun names people or groups of them, who speak ("critics", "aides",
    "states", "lawmakers"): a word of the list, or one of the suffixes of agent nouns."""
    lemma = token.lemma_.lower()
    return lemma in PEOPLE_NOUNS or (lemma.endswith(AGENT_SUFFIXES)
                                     and lemma not in NOT_AGENTS)


def _indefinite(token: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("a", "an", "another", "one")
               for c in token.children)


def _after_honorific(token: Token) -> bool:
    before = token.doc[token.i - 1] if token.i > 0 else None
    return before is not None and before.lower_.rstrip(".") in HONORIFICS


@dataclass(frozen=True)
class Referent:
    name: str
    kind: str  # person, org, state, organisation
    how: str  # named, pronoun, description, speaker, author (of a work that speaks)

    @property
    def is_person(self) -> bool:
        return self.kind == "person"


class Resolver:
    def __init__(self, index: MentionIndex) -> None:
        self.index = index
        self.doc = index.doc
        self.speakers: list[tuple[int, str]] = []  # (token index, person), kept sorted
        self.sentence_starts = [s.start for s in self.doc.sents] or [0]
        # Tokens inside quotation marks (set by the attribution finder): there a speaker says
        # "I", so "he" and "she" are someone else.
        self.quoted: set[int] = set()
        # Narrative pronouns resolved so far, in text order (see _person_before).
        self._pronouns: list[int] | None = None
        self._next_pronoun = 0
        self._chain_positions: list[int] = []
        self._chain_names: list[str] = []
        self.mention_starts = [m.start for m in index.mentions]
        self.person_mentions = sorted((m for m in index.mentions if m.is_person),
                                      key=lambda m: m.start)
        self.person_starts = [m.start for m in self.person_mentions]
        self._positions_by_name: dict[str, list[int]] | None = None
        self._org_heads: dict[str, list[tuple[int, str]]] | None = None

    def learn_roles(self) -> None:
        """Read every description once ("the Russian president"), so that people whose
        organisation only a later description gives have it from the start."""
        for token in self.doc:
            if token.lower_ in TITLES and token.pos_ in ("NOUN", "PROPN") and \
                    self.index.at(token) is None and token.dep_ != "compound":
                self.description(token)

    def note_speaker(self, token: Token, referent: Referent) -> None:
        # (the author of a work that speaks, "Diamond's book", is not a speaker there)
        if referent.is_person and referent.how != "author":
            insort(self.speakers, (token.i, referent.name))

    def referent(self, token: Token, speaker: Referent | None = None,
                 exclude: frozenset[str] = frozenset(), unnamed: bool = False
                 ) -> Referent | None:
        """What the noun phrase headed by `token` refers to, if anything known; with
        `unnamed` (for a speaker) also unnamed people a pronoun stands for ("critics ...
        they")."""
        mention = self._mention_in_phrase(token)
        if mention is not None:
            return Referent(mention.name, mention.kind, "named")
        lower = token.lower_
        if lower in SPEAKER_PRONOUNS:
            return speaker
        if lower in PERSON_PRONOUNS:
            return self._person_before(token, exclude)
        if lower in GROUP_PRONOUNS:
            return self._group_before(token, exclude, unnamed=unnamed)
        if _after_honorific(token) and token.text[:1].isupper():
            # "Mr. King": after a courtesy title a title word is the surname of someone
            # named ("Ann King"); "Mr President" still addresses the office.
            surname = token.lower_
            for person in self.index.people:
                if person.lower().split()[-1] == surname:
                    return Referent(person, "person", "named")
        if lower in TITLES or any(c.lower_ in TITLES for c in token.children
                                  if c.dep_ == "compound"):
            return self.description(token)
        if token.pos_ == "NOUN":
            named = self._organisation_by_head(token)
            if named is not None:
                return named
        if token.lemma_.lower() in ORGANISATION_NOUNS and token.pos_ == "NOUN":
            return self.organisation_description(token)
        return None

    def _organisation_by_head(self, token: Token) -> Referent | None:
        """Head match: "the commission" after "the Athletics Integrity Commission", "the
        board" after "the National Electoral Board": a definite description whose noun is
        the last word of an organisation named earlier refers to the latest such one."""
        if token.tag_ != "NN" or not any(c.dep_ == "det" and c.lower_ == "the"
                                         for c in token.children):
            return None
        if any(c.dep_ in ("amod", "compound") for c in token.children):
            return None  # "the new board", "the transport union": perhaps another one
        if any(c.dep_ == "prep" and c.lower_ == "of" and any(
                o.dep_ == "pobj" and (o.pos_ == "PROPN" or any(d.dep_ == "det" for d in o.children))
                for o in c.children) for c in token.children):
            return None  # "the foundation of the state": a noun with its own complement
        noun = token.lower_
        if noun not in ORGANISATION_NOUNS and noun not in ORG_WORDS:
            return None  # only nouns that name a kind of body ("the commission", "the board")
        named = self._organisations_by_last_word().get(noun, [])
        before = bisect_left(named, (token.i, ""))
        if not before:
            return None
        return Referent(named[before - 1][1], "org", "description")

    def _organisations_by_last_word(self) -> dict[str, list[tuple[int, str]]]:
        """Organisations of more than one word by their last word, (start, name) in text
        order, gathered once."""
        if self._org_heads is None:
            self._org_heads = {}
            for mention in self.index.mentions:
                words = mention.name.lower().split()
                if mention.kind == "org" and len(words) > 1:
                    self._org_heads.setdefault(words[-1], []).append(
                        (mention.start, mention.name))
            for starts in self._org_heads.values():
                starts.sort()
        return self._org_heads

    def named(self, name: str) -> Referent | None:
        """A person by a name as written, in any case ("WALLACE" -> "Chris Wallace")."""
        wanted = name.lower()
        for person in self.index.people:
            if person.lower() == wanted or person.lower().split()[-1] == wanted.split()[-1]:
                return Referent(person, "person", "named")
        if name.isupper() or name.istitle():
            return Referent(name.title() if name.isupper() else name, "person", "named")
        return None

    def _mention_in_phrase(self, token: Token) -> Mention | None:
        mention = self.index.at(token)
        if mention is not None:
            return mention
        # "Lieutenant Colonel Ana Soto": the name may sit among the head's compounds;
        # "the Chilean side": a state adjective before an institution names the state.
        title = token.lower_ in TITLES
        for child in token.children:
            if child.dep_ in ("compound", "flat", "amod") and child.i < token.i:
                found = self.index.at(child)
                if found is not None and (found.is_person or (
                        child.dep_ == "amod" and found.kind == "state")):
                    return found
            # "the party spokesman Ann Lee", "the regulator, Ofwat": a name in apposition
            # right after a description is what the description names; after a title with
            # its organisation ("the president of the federation, Ann Lee") too.
            if child.dep_ in ("appos", "flat") and (title or child.i <= token.i + 2 + sum(
                    1 for t in child.lefts)):
                found = self.index.at(child)
                if found is not None:
                    return found
        if token.lower_ in TITLES:
            return self._appositive_of_holder(token)
        return None

    def members(self, token: Token) -> list[Referent]:
        """A definite plural that stands for people named together before: "the pair",
        "the two", "both men" (two named people joined by "and"), or a plural noun that
        introduced them ("sprinters X and Y" ... "the sprinters")."""
        if token.tag_ not in ("NNS", "NNPS") and token.lower_ not in PAIR_WORDS:
            return []
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
            return []  # "the pair of shoes", "the members of the board": other things
        if not any(c.lower_ in ("the", "both", "these", "those") for c in token.children) \
                and token.lower_ != "both":
            return []
        counted = next((c.text for c in token.children if c.dep_ == "nummod"), None)
        for group, introduced_by in reversed(self._named_groups(token.i)):
            if token.lemma_.lower() in introduced_by or (
                    (token.lower_ in PAIR_WORDS or counted in ("two", "2")) and len(group) == 2):
                return [Referent(name, "person", "description") for name in group]
        return []

    def _named_groups(self, before: int) -> list[tuple[list[str], frozenset[str]]]:
        """People named together ("X and Y") before a position, in text order, in the last
        few paragraphs' sentences, each with the nouns that introduced them ("sprinters X
        and Y")."""
        current = bisect_right(self.sentence_starts, before) - 1
        first = self.sentence_starts[max(0, current - GROUP_LOOKBACK_SENTENCES)]
        groups = []
        low = bisect_left(self.person_starts, first)
        high = bisect_left(self.person_starts, before)
        for mention in self.person_mentions[low:high]:
            head = self.doc[mention.end - 1]
            if head.dep_ == "conj":
                continue
            names = [mention.name]
            for conjunct in head.conjuncts:
                found = self.index.at(conjunct)
                if found is not None and found.is_person and conjunct.i > head.i:
                    names.append(found.name)
            if len(names) < 2:
                continue
            nouns = frozenset(t.lemma_.lower() for t in self.doc[max(0, mention.start - 3):
                                                                 mention.start]
                              if t.pos_ == "NOUN")
            groups.append((names, nouns))
        return groups

    def _appositive_of_holder(self, title: Token) -> Mention | None:
        """ "The chairman of Acme, Ann Lee, said": the parser often hangs the name in
        apposition on the organisation, the nearest noun; a person there is the title's
        holder (the organisation is no person, so the apposition cannot be its own)."""
        for prep in title.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("of", "at", "for"):
                continue
            for owner in prep.children:
                if owner.dep_ != "pobj":
                    continue
                owner_mention = self.index.at(owner)
                if owner_mention is not None and owner_mention.is_person:
                    continue
                for child in owner.children:
                    found = self.index.at(child) if child.dep_ == "appos" else None
                    if found is not None and found.is_person:
                        return found
        return None

    def _person_before(self, token: Token, exclude: frozenset[str]) -> Referent | None:
        """Search back sentence by sentence, this one first: in each, the most recent person
        who is a subject or a speaker there, else the most recent person named there. Earlier
        pronouns of the narrative count as mentions of whom they stand for ("He sees Owen as
        ...", then "he told reporters": the same man). An object pronoun does not refer to the
        subject of its own clause ("Lopez praised Reed, calling him ...": him is Reed)."""
        self._resolve_narrative_pronouns(before=token.i)
        current = bisect_right(self.sentence_starts, token.i) - 1
        barred = set(exclude)
        if token.dep_ in ("dobj", "pobj", "dative", "obj"):
            barred |= self._clause_subjects(token)
        for number in range(current, max(-1, current - LOOKBACK_SENTENCES - 1), -1):
            start = self.sentence_starts[number]
            end = token.i if number == current else (
                self.sentence_starts[number + 1] if number + 1 < len(self.sentence_starts)
                else len(self.doc))
            # A pronoun outside quotation marks does not stand for a name inside them in its
            # own sentence ("'Michael is in form,' he said": he is the speaker).
            candidates = [(m.start, m.end, m.name) for m in self._people_between(start, end)
                          if not (m.start in self.quoted and token.i not in self.quoted)]
            candidates += [(p, p + 1, name) for p, name in self._chain_between(start, end)]
            # A speaker named by a description ("the Labour MP asked") is a mention too.
            candidates += self._speakers_between(start, end)
            people = sorted(c for c in candidates if c[2] not in barred
                            and _agrees(token.lower_, self.index.people.get(c[2])))
            if not people:
                continue
            # Salience: whoever speaks there, then the subject of a main clause, then any
            # subject ("Lee said Cole was wrong. She added ...": she is Lee), then anyone.
            # A speaker reported inside another's words ("Lee said Cole called for X")
            # is less salient than the reporter.
            speakers = [c for c in people if self._speakers_between(c[0], c[1])]
            reporters = [c for c in speakers if self._in_main_clause(c[0])]
            subjects = [c for c in people if self._is_subject_at(c[0])]
            main = [c for c in subjects if self._in_main_clause(c[0])]
            chosen = (reporters or speakers or main or subjects or people)[-1]
            return Referent(chosen[2], "person", "pronoun")
        return None

    def _speakers_between(self, start: int, end: int) -> list[tuple[int, int, str]]:
        low = bisect_left(self.speakers, (start, ""))
        high = bisect_left(self.speakers, (end, ""))
        return [(p, p + 1, name) for p, name in self.speakers[low:high]]

    def _resolve_narrative_pronouns(self, before: int) -> None:
        """Resolve, in text order, the personal pronouns outside quotation marks that come
        before a position, so that later pronouns can follow the chain."""
        if self._pronouns is None:
            self._pronouns = [t.i for t in self.doc if t.lower_ in CHAIN_PRONOUNS
                              and t.i not in self.quoted]
        while self._next_pronoun < len(self._pronouns) and \
                self._pronouns[self._next_pronoun] < before:
            position = self._pronouns[self._next_pronoun]
            self._next_pronoun += 1
            found = self._person_before(self.doc[position], frozenset())
            if found is not None:
                self._chain_positions.append(position)
                self._chain_names.append(found.name)

    def _chain_between(self, start: int, end: int) -> list[tuple[int, str]]:
        low = bisect_left(self._chain_positions, start)
        high = bisect_left(self._chain_positions, end)
        return list(zip(self._chain_positions[low:high], self._chain_names[low:high],
                        strict=True))

    def _in_main_clause(self, position: int) -> bool:
        """Whether a word's clause is its sentence's main one (no clause above it)."""
        node = self.doc[position]
        while node.head.i != node.i:
            if node.dep_ in ("ccomp", "advcl", "relcl", "acl", "xcomp", "csubj", "pcomp"):
                return False
            node = node.head
        return True

    def _chain_name(self, position: int) -> str | None:
        """Whom the narrative pronoun at `position` was resolved to, if it was."""
        self._resolve_narrative_pronouns(before=position + 1)
        found = bisect_left(self._chain_positions, position)
        if found < len(self._chain_positions) and self._chain_positions[found] == position:
            return self._chain_names[found]
        return None

    def _is_subject_at(self, position: int) -> bool:
        mention = self.index.by_token.get(position)
        if mention is not None:
            return self._is_subject(mention)
        return self.doc[position].dep_ in ("nsubj", "nsubjpass")

    def _people_between(self, start: int, end: int) -> list[Mention]:
        low = bisect_left(self.person_starts, start)
        high = bisect_left(self.person_starts, end)
        return self.person_mentions[low:high]

    def _clause_subjects(self, token: Token) -> set[str]:
        """Names of the subjects of the clause a token is an argument of."""
        verb = token.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        names = set()
        while True:
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    mention = self._mention_in_phrase(child)
                    if mention is not None:
                        names.add(mention.name)
            # A participle or infinitive shares its governor's subject.
            if verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.i != verb.i and \
                    not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
                verb = verb.head
                continue
            return names

    def _group_before(self, token: Token, exclude: frozenset[str],
                      clause_check: bool = True, unnamed: bool = False) -> Referent | None:
        """The most recent state or organisation before `token`: subjects first (they are
        what a text goes on talking about), then any other mention. A subject that names no
        entity stands between: "they" after a plural noun subject ("the players said they
        ...", "Twenty-seven states are challenging the rules before the Court of Appeals.
        They argue ...") stands for those people, and "it" after a document ("the report
        says ... It also points out") for that document, not for an organisation named
        before them or beside them. Such an antecedent is an unnamed speaker when the caller
        asks for one (`unnamed`), else no referent."""
        first = self._window_start(token)
        skip = set(exclude)
        if clause_check and token.dep_ != "poss":
            # (a possessive may own what its own clause names: "the UN came under criticism
            # for its failure")
            skip |= self._names_in_clause(token)
        low = bisect_left(self.mention_starts, first)
        high = bisect_left(self.mention_starts, token.i)
        candidates = [m for m in self.index.mentions[low:high]
                      if m.kind in GROUPS and m.name not in skip]
        subjects = [m for m in candidates if self._is_subject(m)]
        noun = self._noun_subject_before(token, first)
        if noun is not None and (not subjects or noun.i > subjects[-1].start):
            if not unnamed:
                return None
            words = [t for t in self.doc[noun.left_edge.i:noun.i + 1] if not t.is_space]
            if self.index.at(noun) is not None:  # people named together: all of them
                words = [t for t in self.doc[noun.left_edge.i:noun.right_edge.i + 1]
                         if not t.is_space]
                while words and words[-1].is_punct:
                    words.pop()
            while words and (words[0].lower_ in ("the", "a", "an") or words[0].is_punct):
                words.pop(0)
            return Referent(" ".join(t.text for t in words), "unnamed", "pronoun")
        for group in (subjects, candidates):
            if group:
                chosen = group[-1]
                return Referent(chosen.name, chosen.kind, "pronoun")
        return None

    def _noun_subject_before(self, token: Token, first: int) -> Token | None:
        """The last subject of a main clause between `first` and a group pronoun that names
        no entity and agrees with it: for "they" a plural noun naming people, or people named
        together ("Mr. Grassley and Mr. Leahy"); for "it" a document (not a word inside
        quotation marks when the pronoun is outside them, nor one of the pronoun's own
        clause)."""
        plural = token.lower_ in PLURAL_PRONOUNS
        own = {t.i for t in token.head.subtree} if token.head.i != token.i else set()
        for t in reversed(self.doc[first:token.i]):
            if t.dep_ not in ("nsubj", "nsubjpass") or t.i in own or \
                    not self._in_main_clause(t.i):
                continue
            mention = self.index.at(t)
            if plural and mention is not None and mention.is_person and any(
                    c.dep_ == "conj" and (self.index.at(c) or mention).is_person
                    and self.index.at(c) is not None for c in t.children):
                return t  # "Mr. Grassley and Mr. Leahy say ...": they are the two
            if t.pos_ != "NOUN" or mention is not None:
                continue
            if t.i in self.quoted and token.i not in self.quoted:
                continue
            if plural and t.tag_ == "NNS" and _people_noun(t):
                return t
            if not plural and t.tag_ == "NN" and t.lemma_.lower() in DOCUMENT_NOUNS:
                return t
        return None

    def _is_subject(self, mention: Mention) -> bool:
        node = self.doc[mention.start]
        while node.dep_ in ("compound", "amod", "conj", "appos", "flat") and \
                node.head.i != node.i:
            node = node.head
        return node.dep_ in ("nsubj", "nsubjpass")

    def _names_in_clause(self, token: Token) -> set[str]:
        """Names, and what other pronouns stand for, in the pronoun's own clause (not in
        clauses below it): a pronoun does not refer to something named beside it."""
        clause = token.head
        while clause.dep_ not in ("ROOT", "ccomp", "advcl", "relcl", "conj", "parataxis") \
                and clause.head.i != clause.i:
            clause = clause.head
        names = set()
        for t in self._own_clause(clause):
            if t.i == token.i:
                continue
            mention = self.index.at(t)
            if mention is not None:
                names.add(mention.name)
            elif t.lower_ in GROUP_PRONOUNS and t.lower_ != token.lower_:
                other = self._group_before(t, frozenset(), clause_check=False)
                if other is not None:
                    names.add(other.name)
        return names

    @staticmethod
    def _own_clause(clause: Token) -> list[Token]:
        own = [clause]
        stack = list(clause.children)
        while stack:
            node = stack.pop()
            if node.dep_ in ("ccomp", "advcl", "relcl", "parataxis", "acl", "pcomp"):
                continue
            own.append(node)
            stack.extend(node.children)
        return own

    def _window_start(self, token: Token) -> int:
        current = bisect_right(self.sentence_starts, token.i) - 1
        return self.sentence_starts[max(0, current - LOOKBACK_SENTENCES)]

    def description(self, token: Token) -> Referent | None:
        """ "Russia's Foreign Minister", "the club's manager" -> the person known to hold that
        title for that organisation; else the organisation itself. An indefinite description
        ("a union leader", "a party spokesman") introduces someone new: it names no earlier
        person, only the organisation it gives."""
        phrase = [t for t in token.subtree if t.i <= token.i or t.dep_ in ("prep", "pobj")]
        title = " ".join(TITLE_EXPANSIONS.get(t.lower_, t.lower_) for t in phrase
                         if t.lower_ in TITLES or t.lower_ in TITLE_QUALIFIERS)
        org = self._organisation_in(phrase, token)
        if not _indefinite(token):
            head_title = TITLE_EXPANSIONS.get(token.lower_, token.lower_)
            candidates = [p for p in self.index.people.values()
                          if p.title and head_title in p.title
                          and (org is None or p.org in (org, None))
                          and self._mentioned_before(p.name, token.i)]
            if title:
                exact = [p for p in candidates if p.title and title in p.title]
                candidates = exact or candidates
            # "the prime minister" is not the deputy prime minister, nor a former one.
            other_office = frozenset(
                p.name for p in candidates
                if (SUBORDINATE_QUALIFIERS & set((p.title or "").lower().split()))
                - set(title.split()))
            candidates = [p for p in candidates if p.name not in other_office]
            if len(candidates) >= 1 and (org is not None or len(candidates) == 1):
                person = candidates[-1] if org is None else self._latest(candidates, token.i)
                if org and person.org is None:
                    person.org = org
                return Referent(person.name, "person", "description")
            if not candidates and self._introduced_unnamed(token):
                # "an analyst said ... the analyst added": the one introduced, unnamed.
                return None
            if not candidates and token.lower_ in PERSON_TITLES:
                # "the Democratic nominee said": a definite description of someone whose
                # title the text has not given refers back like "he" or "she" would, to a
                # person of that organisation (or of none known).
                # Not the speaker whose words it is in ("He said the chairman would go":
                # the chairman is not he), nor a person of another organisation.
                found = self._person_before(token, frozenset(
                    p.name for p in self.index.people.values()
                    if org is not None and p.org not in (org, None))
                    | self._reporting_subjects(token) | other_office
                    | (self._other_offices(title, head_title) if org is None else frozenset()))
                if found is not None:
                    return Referent(found.name, "person", "description")
        if org is not None:
            return Referent(org, "state" if org in gazetteer.COUNTRIES else "org", "description")
        return None

    def _other_offices(self, title: str, head_title: str) -> frozenset[str]:
        """People known by another office than a qualified title names ("the foreign
        minister" is not Senator Lee); a bare title ("the MP") bars nobody by title, and a
        description with an organisation ("the Labour MP") is bounded by that instead."""
        if not title or title == head_title:
            return frozenset()
        return frozenset(p.name for p in self.index.people.values()
                         if p.title and title not in p.title)

    def _reporting_subjects(self, token: Token) -> frozenset[str]:
        """The people who are subjects of the clauses that govern a token's clause."""
        names: set[str] = set()
        clause = token.head
        while clause.head.i != clause.i:
            clause = clause.head
            for child in clause.children:
                if child.dep_ == "nsubj" and child.i != token.i and child.i < token.i and \
                        token not in child.subtree:
                    mention = self._mention_in_phrase(child)
                    if mention is not None:
                        names.add(mention.name)
                    elif child.lower_ in PERSON_PRONOUNS:
                        chained = self._chain_name(child.i)
                        if chained:
                            names.add(chained)
        return frozenset(names)

    def _introduced_unnamed(self, token: Token) -> bool:
        """Whether an indefinite description with the same head noun ("a senior official",
        "an economist") comes shortly before: a definite one then refers to that person."""
        return any(t.lower_ == token.lower_ and _indefinite(t) and self.index.at(t) is None
                   for t in self.doc[self._window_start(token):token.i])

    def _organisation_in(self, phrase: list[Token], head: Token) -> str | None:
        """The organisation or state a description names: a mention, a country or party
        adjective, or a possessive description of its own ("the club's manager")."""
        for t in phrase:
            mention = self.index.at(t)
            if mention is not None and mention.kind in ORGANISED:
                return mention.name
            state = gazetteer.adjectives().get(t.text) or gazetteer.party_adjectives().get(t.text)
            if state:
                return state
            if t.dep_ == "poss" and t.head.i == head.i and t.lemma_.lower() in ORGANISATION_NOUNS:
                found = self.organisation_description(t)
                if found is not None:
                    return found.name
        return None

    def organisation_description(self, token: Token) -> Referent | None:
        """ "the firm", "the club", "the country": the organisation or state of that kind
        named most recently (a definite description refers back)."""
        definite = any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "its", "their")
                       for c in token.children)
        if not definite or token.tag_ != "NN":
            return None
        if any(c.dep_ in ("amod", "compound", "nmod") and c.text[:1].isupper()
               and self.index.at(c) is None for c in token.children):
            return None  # "the Chilean government", "the Acme board": one not known here
        # "the country" is a state; "the firm", "the group" an organisation, never a state
        wanted = "state" if token.lemma_.lower() in STATE_NOUNS else "org"
        first = self._window_start(token)
        for mention in reversed(self.index.mentions):
            if mention.start >= token.i or mention.start < first:
                continue
            if mention.kind == wanted:
                name = mention.name
                if token.lower_ in gazetteer.GOVERNMENT_NOUNS and not name.endswith(" Government"):
                    name = gazetteer.government_name(name)  # "the government": its executive
                return Referent(name, mention.kind, "description")
        return None

    def _mentioned_before(self, name: str, position: int) -> bool:
        return self._last_seen(name, position) >= 0

    def _latest(self, people: list[Person], position: int) -> Person:
        return max(people, key=lambda person: self._last_seen(person.name, position))

    def _last_seen(self, name: str, position: int) -> int:
        """Where a name was last mentioned before a position (-1: never), from the
        mentions' positions by name, gathered once."""
        if self._positions_by_name is None:
            self._positions_by_name = {}
            for mention in self.index.mentions:  # (in text order)
                self._positions_by_name.setdefault(mention.name, []).append(mention.start)
        positions = self._positions_by_name.get(name, [])
        before = bisect_left(positions, position)
        return positions[before - 1] if before else -1
