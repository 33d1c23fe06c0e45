"""The stance a speaker takes toward each entity named in what they said.

Each mention in the attributed content (and in the arguments of a stance-bearing cue) is
judged by its place in the dependency tree, climbing from the mention to the predicate that
governs it. The classes of evidence, each a rule below:

- **object of a relation**: the mention is the object of a verb, noun, adjective or
  preposition that relates its subject to it ("back X", "support for X", "critical of X",
  "against X"); a light verb takes its stance noun's relation ("threw her support behind
  X"); a naming verb takes the valence of the name it gives ("called X a disgrace"). The
  polarity is flipped by each negation or refusal above it ("did not back X", "refused to
  endorse X"). It counts when the speaker's side acts, when no one in particular acts, or
  when the speaker demands the action; what a third party does to X says nothing about the
  speaker's view of X. The owner of the object of a stance verb receives its stance
  ("attacked X's record").
- **agent judged**: the mention is the subject of a hostile act or a failure ("X is trying
  to block reforms", "X failed to ..."), is told to stop, or is judged by an evaluative
  complement, manner adverb or object ("X is a great player", "X is doing well", "X did a
  terrible job"); a deficiency ("X has no plan") judges it negatively.
- **owner judged**: the mention owns or performs something evaluated ("X's blunder", "a
  gaffe by X", "X's plans are a disaster").

Valence of evaluative words comes from VADER's lexicon (valence.py). Content inside a
condition ("if they keep fighting X") is skipped, and so is hearsay ("claims that", "whether").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from stancedb.extract import valence
from stancedb.extract.attribution import light_objects
from stancedb.extract.coref import Referent, Resolver
from stancedb.extract.gazetteer import INSTITUTION_NOUNS
from stancedb.extract.lexicon import (
    ASPECTUAL_VERBS,
    COMMUNICATION_VERBS,
    CONDITION_MARKERS,
    DEFICIENCY_VERBS,
    DEMAND_VERBS,
    DEMAND_WORDS,
    DEPARTURE_NOUNS,
    EXPERIENCER_ADJECTIVES,
    FAILURE_WORDS,
    GIVING_VERBS,
    HEARSAY_WORDS,
    KIN_NOUNS,
    LIGHT_VERBS,
    NAMING_VERBS,
    NEGATORS,
    NOUN_POLARITY,
    NOUN_PREPOSITIONS,
    PARTITIVE_NOUNS,
    PERFORMANCE_VERBS,
    PERSON_NOUNS,
    PHRASAL_VERBS,
    PREPOSITION_POLARITY,
    REVERSAL_VERBS,
    SELECTION_VERBS,
    VERB_POLARITY,
    VERB_PREPOSITIONS,
    appeal_polarity,
    asked_of,
    clause_asked,
    verb_sense,
)
from stancedb.extract.span_linking import some_members

CLIMB_THROUGH = {"appos", "conj", "compound", "nmod", "amod", "npadvmod", "nummod", "flat"}
# Dependents that modify a noun: a name there may own the noun rather than be it.
MODIFIERS = {"compound", "amod", "nmod"}
# Singular nouns that name a group of actors, so "including X" can list its members.
COLLECTIVE_NOUNS = frozenset({"opposition", "coalition", "alliance", "community", "group",
                              "bloc", "movement", "front", "union", "leadership", "region",
                              "world", "west", "party", "government", "administration"})
SUBJECTS = {"nsubj", "nsubjpass", "csubj", "expl"}
# Dependents that start a clause of their own: valence inside them is about something else.
CLAUSES = {"ccomp", "advcl", "relcl", "acl", "csubj", "parataxis", "xcomp", "pcomp"}
# Valence words that are not judgements in these positions (function words VADER rates).
UNJUDGING_POS = {"DET", "PRON", "ADP", "CCONJ", "SCONJ", "PART", "AUX", "NUM", "PUNCT",
                 "PROPN", "INTJ"}


@dataclass(frozen=True)
class TargetStance:
    target: Referent
    polarity: int  # +1 support, -1 oppose
    conditional: bool
    token: Token  # the mention's head, for evidence and dates
    reason: str


def content_stances(content: list[Token], speaker: Referent, speaker_side: frozenset[str],
                    resolver: Resolver, cue: Token | None = None) -> list[TargetStance]:
    """Stances toward the entities in `content` (tokens of what was said)."""
    inside = {t.i for t in content}
    found: dict[str, TargetStance] = {}
    for token in content:
        if not _heads_a_reference(token, inside) or _kin(token) or \
                some_members(token, resolver):
            continue
        # Outside quotation marks a pronoun may stand for the speaker ("X said she was ready":
        # the speaker's own side); inside them the speaker says "I", so "he" is someone else.
        exclude = speaker_side if token.i in resolver.quoted else frozenset()
        # "the pair", "the sprinters" after "sprinters X and Y": each member is meant
        referent = resolver.referent(token, speaker, exclude=exclude)
        referents = resolver.members(token) if referent is None else [referent]
        referents = [r for r in referents if r.name not in speaker_side]
        if not referents:
            continue
        verdict = _judge(token, inside, speaker_side, speaker, resolver, cue)
        if verdict is None:
            continue
        polarity, reason = verdict
        for referent in referents:
            stance = TargetStance(referent, polarity, _conditional(token, inside), token, reason)
            previous = found.get(referent.name)
            if previous is None or (previous.polarity != polarity and polarity < 0):
                found[referent.name] = stance
    return list(found.values())


def topic_stances(cue: Token, content: list[Token], speaker: Referent,
                  speaker_side: frozenset[str], resolver: Resolver) -> list[TargetStance]:
    """The topic of a speech verb ("'...,' X said of Y", "X said about Y that ...",
    "speaking of Y"): what the content says as a whole, its predicates' evaluations, is
    said of Y."""
    inside = {t.i for t in content}
    topics = [pobj for prep in cue.children if prep.dep_ == "prep"
              and prep.lower_ in ("of", "about") for pobj in prep.children
              if pobj.dep_ == "pobj" and pobj.i not in inside]
    if not topics:
        return []
    roots = [t for t in content if (t.head.i not in inside or t.head.i == t.i)
             and t.pos_ in ("VERB", "AUX", "ADJ") and not _in_condition(t, inside)
             and not _passive(t) and _about_the_topic(t)]
    judged = sum(_complement_valence(r) * _flips(r, inside, cue) for r in roots)
    if not judged:
        return []
    found = []
    for topic in topics:
        referent = resolver.referent(topic, speaker)
        if referent is None or referent.name in speaker_side:
            continue
        found.append(TargetStance(referent, 1 if judged > 0 else -1, False, topic,
                                  f"topic of {cue.lemma_}"))
    return found


def _about_the_topic(predicate: Token) -> bool:
    """A predicate of the content that can be about the speech verb's topic: its subject is
    a pronoun that may stand for it, or it has none ("A brilliant manager."); not "His
    critics are wrong", said of X, nor a passive ("He was treated terribly")."""
    subjects = [c for c in predicate.children if c.dep_ in ("nsubj", "csubj")]
    return all(c.lower_ in ("he", "she", "they", "it") for c in subjects)


def _kin(token: Token) -> bool:
    """ "his wife Maggie", "their son, Tom": family members are not the positions of
    public debate this extracts."""
    head = token.head if token.dep_ in ("appos", "compound", "flat") else token
    return head.lemma_.lower() in KIN_NOUNS


def _heads_a_reference(token: Token, inside: set[int]) -> bool:
    """The token that stands for a noun phrase: its head is outside the phrase."""
    if token.pos_ not in ("PROPN", "NOUN", "PRON", "ADJ"):
        return False
    head = token.head
    same_name = (token.dep_ in ("compound", "flat") and head.pos_ == "PROPN"
                 and head.i in inside and head.ent_iob_ == "I")
    return not same_name


def _judge(token: Token, inside: set[int], speaker_side: frozenset[str], speaker: Referent,
           resolver: Resolver, cue: Token | None) -> tuple[int, str] | None:
    role, predicate, preposition = _role(token, inside)
    if predicate is None:
        return None
    if _hearsay(predicate, inside, cue) or _in_condition(token, inside):
        return None  # "if they keep fighting X" states a condition; "claims that" hearsay
    if role == "object":
        return _as_object(predicate, preposition, inside, speaker, speaker_side, resolver, cue)
    if role == "agent":
        if token.lower_ in ("it", "its", "this", "that"):
            return None  # too often a dummy subject ("it is not clear whether ...")
        return _as_agent(token, predicate, inside, cue)
    if role == "owner":
        return _as_owner(predicate, inside, cue)
    if role == "circumstance":
        return _as_circumstance(predicate, inside, cue)
    if role == "departure":
        return -_flips(predicate, inside, cue), f"departure asked ({predicate.lemma_})"
    return None


# --- roles ------------------------------------------------------------------------------------

def _role(token: Token, inside: set[int]) -> tuple[str, Token | None, str | None]:
    """Climb from a mention to the predicate that governs it: (role, predicate, preposition)."""
    current = token
    while current.head.i in inside and current.head.i != current.i:
        head = current.head
        if current.dep_ in MODIFIERS and head.pos_ == "NOUN" and not _stands_for_owner(head):
            if head.lemma_.lower() in PERSON_NOUNS:
                return "none", None, None  # "his Anfield successor": an affiliation
            # "US bankruptcy law", "the Tory plans": X modifies a thing of X's.
            return _owned(head, inside)
        if current.dep_ in CLIMB_THROUGH:
            current = head
        elif (current.dep_ == "pobj" and head.lower_ == "of"
              and head.head.lemma_.lower() in PARTITIVE_NOUNS and head.head.i in inside):
            # Partitive: "the majority of X", "most of X" stand for X.
            current = head.head
        else:
            break
    dep = current.dep_
    head = current.head
    if head.i not in inside and dep != "ROOT":
        return "none", None, None
    if dep == "poss":
        return _owned(head, inside)  # "X's plans": X owns the noun; the noun's place decides
    if dep == "pobj" and head.lower_ == "of" and _patient_nominal(head.head):
        return "none", None, None  # "the killing of X", "the arrest of X": X suffers it
    if dep == "pobj" and head.lower_ in ("by", "from", "of") and head.head.pos_ == "NOUN" \
            and head.head.lemma_.lower() not in NOUN_POLARITY:
        # "a blunder by X", "a bid from X", "the plans of X": X is the noun's author.
        return _owned(head.head, inside)
    if dep == "nsubjpass" and (VERB_POLARITY.get(verb_sense(head))
                               or head.lemma_.lower() in NAMING_VERBS):
        return "object", head, None  # "X was criticised by Y": X is what the verb acts on
    if dep in ("nsubj", "nsubjpass") and head.dep_ == "relcl" and head.head.pos_ == "NOUN" \
            and head.head.i in inside and not VERB_POLARITY.get(head.lemma_.lower()) \
            and head.head.lemma_.lower() not in PERSON_NOUNS:
        # Authorship through a relative clause: "the way X handled it", "the plan X drew
        # up" are X's, as "X's handling" and "X's plan" are (not "the man X appointed").
        return _owned(head.head, inside)
    if dep in SUBJECTS:
        return "agent", head, None
    if dep == "agent" or (dep == "pobj" and head.dep_ == "agent"):
        verb = head.head if dep == "pobj" else head
        if verb.dep_ == "acl":
            return "none", None, None  # "a compromise rebuffed by X": the writer's description
        return "agent", verb, None
    if dep == "pobj" and head.dep_ in ("prep", "dative"):
        preposition = head.lower_
        listing = preposition in ("including", "like") or (
            preposition == "as" and any(c.lower_ == "such" for c in head.children))
        if listing and (head.head.tag_ in ("NNS", "NNPS")
                        or head.head.lemma_.lower() in COLLECTIVE_NOUNS):
            # "opposition groups, including X": X stands where the groups do.
            return _role(head.head, inside)
        if preposition == "under" and (head.head.pos_ == "NOUN" or (
                head.head.pos_ == "VERB" and not any(
                    c.dep_ in SUBJECTS and valence.polarity(c) for c in head.head.children))):
            # Rule: "more waste under X", "the city prospered under X" judge X's time in
            # charge (not "crime soared under X", whose subject turns the verb's sense).
            return "circumstance", head.head, None
        if preposition == "in" and head.head.lemma_.lower() in PERSON_NOUNS and \
                _modifier_sign(head.head):
            # Identity: "a brilliant leader in X", "good players in X and Y" say that X is
            # one (not a place: the noun is a person's role).
            return "owner", head.head, None
        if not _relates(head.head, preposition):
            return "none", None, None
        return "object", head.head, preposition
    if dep in ("dobj", "obj") and head.lemma_.lower() in GIVING_VERBS and not any(
            c.dep_ == "prep" and c.lower_ == "with" for c in head.children) and not any(
            c.dep_ == "dative" for c in head.children):
        # What a giving verb gives is no beneficiary ("delivered his Budget", "don't give it
        # away"); its recipient is ("sent aid to X", "offered X loans", "supplied X with arms").
        return "none", None, None
    if dep in ("dobj", "dative", "attr", "oprd", "obj"):
        return "object", head, None
    return "none", None, None


def _patient_nominal(noun: Token) -> bool:
    """Nouns of events done to someone, whose "of" names who undergoes them ("the killing
    of X", "the arrest of X", "the sacking of X"), not who does them ("the plans of X")."""
    lemma = noun.lemma_.lower()
    return noun.pos_ == "NOUN" and (lemma in PATIENT_NOMINALS or (
        noun.tag_ in ("NN", "NNS") and noun.lower_.endswith(("ing", "ings"))
        and lemma not in NOUN_POLARITY and valence.rating(noun) < 0))


# Nominals of harm or of transfer done to someone or something ("the arrest of X", "the
# sale of X"); -ing nouns count as well. (Departures asked for, "the resignation of X", and
# benefits, "the election of X", keep their own rules.)
PATIENT_NOMINALS = frozenset({"arrest", "murder", "death", "execution", "assassination",
                              "detention", "imprisonment", "treatment", "abuse", "torture",
                              "kidnap", "abduction", "sale", "closure", "takeover",
                              "acquisition", "prosecution", "conviction", "persecution"})


def _stands_for_owner(noun: Token) -> bool:
    """Nouns a modifier names rather than owns: institutions ("the Russian government" is
    Russia) and relational nouns ("Tory attacks")."""
    lemma = noun.lemma_.lower()
    return lemma in INSTITUTION_NOUNS or noun.lower_ in INSTITUTION_NOUNS or lemma in NOUN_POLARITY


def _relates(predicate: Token, preposition: str) -> bool:
    """Does a prepositional object stand in the predicate's relation? Nouns and adjectives
    relate through their prepositions ("support for X", "critical of X"). A verb with a
    direct object relates only that object: "praised X for Y", "warned X about Y" make Y a
    topic; without one, "voted for X", "hit back at X", "sided with X" relate X."""
    if preposition in PREPOSITION_POLARITY or preposition == "behind":
        return True
    if predicate.pos_ == "VERB" and verb_sense(predicate, preposition) in PHRASAL_VERBS:
        return True  # "stood by X", "hit out at X": the phrasal verb's own object
    if predicate.pos_ in ("NOUN", "PROPN", "ADJ"):
        return preposition in NOUN_PREPOSITIONS
    if predicate.lemma_.lower() in LIGHT_VERBS and light_objects(predicate):
        return preposition in NOUN_PREPOSITIONS
    if any(c.dep_ in ("dobj", "obj") for c in predicate.children):
        return False
    return preposition in VERB_PREPOSITIONS


def _owned(noun: Token, inside: set[int]) -> tuple[str, Token | None, str | None]:
    """The owner of a noun stands where the noun does when the noun is a judgement ("X's
    mistake"), the subject of one ("X's plans are a disaster"), or the object of a stance
    verb ("attacked X's record", "rejected X's claims")."""
    if noun.lemma_.lower() in DEPARTURE_NOUNS and _asked_for(noun):
        return "departure", noun, None  # "called for X's resignation"
    if valence.polarity(noun) != 0 and noun.lemma_.lower() not in NOUN_POLARITY:
        return "owner", noun, None
    if noun.lemma_.lower() not in NOUN_POLARITY and _modifier_sign(noun) != 0:
        return "owner", noun, None  # "X's reckless plan", "a humiliating retreat by X"
    if noun.dep_ in ("nsubj", "csubj") and noun.head.i in inside:
        return "owner", noun.head, None
    if noun.lemma_.lower() in PERSON_NOUNS or any(c.dep_ == "appos" for c in noun.children):
        return "none", None, None  # "X's rival, Y": the noun is another person
    verb = noun.head
    if noun.dep_ in ("dobj", "obj", "nsubjpass") and verb.i in inside and (
            VERB_POLARITY.get(verb_sense(verb)) or verb.lemma_.lower() in NAMING_VERBS):
        return "object", verb, None
    if noun.dep_ in ("dobj", "obj") and verb.i in inside and noun.dep_ != "compound" and \
            verb.lemma_.lower() in GIVING_VERBS and any(
                c.dep_ == "compound" and c.i < noun.i for c in noun.children):
        return "object", verb, None  # "offers Pakistan loans" parsed as a compound
    if noun.dep_ == "pobj" and verb.dep_ == "prep" and verb.head.i in inside \
            and _relates(verb.head, verb.lower_) \
            and (PREPOSITION_POLARITY.get(verb.lower_)
                 or VERB_POLARITY.get(verb.head.lemma_.lower())):
        return "object", verb.head, verb.lower_
    return "none", None, None


def _asked_for(noun: Token) -> bool:
    """Is a noun what an appeal asks for: "demanded X's resignation", "called for his
    sacking", "calls for an apology from X"?"""
    head = noun.head
    if noun.dep_ in ("dobj", "obj"):
        return appeal_polarity(head) < 0
    return noun.dep_ == "pobj" and head.lower_ == "for" and appeal_polarity(head.head) < 0


# --- the object of a relation -----------------------------------------------------------------

def _as_object(predicate: Token, preposition: str | None, inside: set[int], speaker: Referent,
               speaker_side: frozenset[str], resolver: Resolver,
               cue: Token | None) -> tuple[int, str] | None:
    polarity = _relation_polarity(predicate, preposition)
    if polarity == 0 or _asked(predicate):
        return None
    subject_negated = any(c.dep_ in ("nsubj", "nsubjpass") and any(
        d.lower_ in ("neither", "no") and d.dep_ in ("preconj", "det") for d in c.children)
        for c in predicate.children)  # "neither X nor Y criticised Z", "no one backed Z"
    refused = _refused(predicate, inside, cue)
    if polarity < 0 and (subject_negated or refused
                         or any(c.dep_ == "neg" for c in predicate.children)):
        # "did not criticise X", "will not fight X": withholding a hostile act or word is
        # no support (while "did not back X" withholds support: opposition).
        return None
    polarity *= _flips(predicate, inside, cue) * (-1 if subject_negated else 1)
    agent = _agent(predicate, inside, cue)
    side = _side(agent, speaker, speaker_side, resolver)
    if side == "none" and (_passive(predicate) or _generic_gerund(predicate)):
        # "X was attacked": someone unnamed acted on X; "attacking X brought trouble": an
        # action in general, not one the speaker takes or asks for.
        side = "third"
    if side == "third" and not _demanded(predicate, inside, cue):
        return None
    return polarity, f"object of {predicate.lemma_}"


def _refused(predicate: Token, inside: set[int], cue: Token | None) -> bool:
    """Is the predicate the infinitive of a refusal or failure ("declined to threaten X",
    "refused to condemn X"), inside the content or as its cue?"""
    node = predicate
    while node.dep_ == "xcomp" and node.head.i != node.i:
        node = node.head
        if node.lemma_.lower() in FAILURE_WORDS:
            return True
        if node.i not in inside and (cue is None or node.i != cue.i):
            break
    return False


def _relation_polarity(predicate: Token, preposition: str | None) -> int:
    if preposition == "against" and predicate.lemma_.lower() in CONTEST_NOUNS:
        return 0  # "his debate against X", "the match against X": a contest, no stance
    if preposition in PREPOSITION_POLARITY:
        return PREPOSITION_POLARITY[preposition]
    if preposition in ("between", "among", "amongst"):
        return 0  # "talks between X and Y": X and Y deal with each other
    lemma = predicate.lemma_.lower()
    if predicate.pos_ == "VERB":
        sense = verb_sense(predicate, preposition)
        if sense in SELECTION_VERBS:
            return _chosen_for(predicate)
        if sense in PHRASAL_VERBS and sense in VERB_POLARITY:
            return VERB_POLARITY[sense]  # "hit out at X", "stood up for X", "let X down"
        appeal = appeal_polarity(predicate)
        if appeal:
            return appeal  # "urged X to resign": the addressee should go (or stay)
    if lemma in COMMUNICATION_VERBS and preposition in ("to", "with"):
        return _topic_polarity(predicate)
    polarity = _lexical_polarity(predicate, lemma)
    if preposition == "with" and polarity < 0:
        return 0  # "fight X with Y": Y may be a partner or an enemy
    return polarity


def _chosen_for(verb: Token) -> int:
    """Verbs of choosing favour the one chosen, unless what they are chosen as or for is
    bad: "singled out X for criticism", "picked X as the worst of them"."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("as", "for"):
            continue
        for role in prep.children:
            judged = NOUN_POLARITY.get(role.lemma_.lower(), 0) or _phrase_valence(role)
            if judged < 0:
                return -1
    return 1


def _topic_polarity(verb: Token) -> int:
    """Verbs of meeting and talking: "spoke to Y about closer cooperation" supports Y when
    the topic is a cooperative relation."""
    for child in verb.children:
        if (child.dep_ == "prep" and child.lower_ in ("about", "on")) or child.dep_ == "dobj":
            for token in child.subtree:
                if NOUN_POLARITY.get(token.lemma_.lower(), 0) > 0 or (
                        VERB_POLARITY.get(token.lemma_.lower(), 0) > 0
                        and token.pos_ == "VERB"):
                    return 1
    return 0


def _lexical_polarity(predicate: Token, lemma: str) -> int:
    if predicate.pos_ in ("NOUN", "PROPN") or (predicate.pos_ != "ADJ"
                                               and lemma in NOUN_POLARITY
                                               and lemma not in VERB_POLARITY):
        # Relational nouns: "support for X", "criticism of X".
        return NOUN_POLARITY.get(predicate.lower_, NOUN_POLARITY.get(lemma, 0))
    if predicate.pos_ == "ADJ":
        # Evaluative adjectives with an object: "critical of X", "proud of X".
        return valence.polarity(predicate)
    if lemma in NAMING_VERBS:
        # "called X a disgrace", "branded X's plans a fantasy": the name given decides.
        named = [c for c in predicate.children if c.dep_ in ("oprd", "xcomp", "ccomp")
                 or (c.dep_ == "prep" and c.lower_ == "as")]
        judged = sum(_phrase_valence(c) for c in named)
        return (judged > 0) - (judged < 0) or VERB_POLARITY.get(lemma, 0)
    if lemma in VERB_POLARITY:
        return VERB_POLARITY[lemma]
    if lemma in LIGHT_VERBS:
        # "threw her support behind X", "gave his backing to X": the stance noun relates.
        for noun in light_objects(predicate):
            if NOUN_POLARITY.get(noun.lemma_.lower()):
                return NOUN_POLARITY[noun.lemma_.lower()]
    if lemma in GIVING_VERBS:
        return 1  # "offered X loans", "sent aid to X": the recipient is helped
    if predicate.pos_ == "VERB" and abs(valence.rating(predicate)) >= 1.5:
        # Verbs VADER rates strongly: "admire X", "despise X".
        return valence.polarity(predicate)
    return 0


# --- the agent judged ----------------------------------------------------------------------

def _as_agent(token: Token, predicate: Token, inside: set[int],
              cue: Token | None) -> tuple[int, str] | None:
    if _patient(token):
        # The subject of a passive is acted on, not acting ("X was arrested"): only what is
        # said of it judges it ("X was disgraced").
        judged = _complement_valence(predicate) * _flips(predicate, inside, cue)
        return (judged, f"judged by what is said of it ({predicate.lemma_})") if judged else None
    action = _effective_action(predicate)
    flips = _flips(action, inside, cue) * (-1 if _negated_phrase(token) else 1)
    if _demanded(action, inside, cue) and (flips < 0 or action.lemma_ in FAILURE_WORDS
                                           or _under_failure_word(action, predicate)):
        return -1, f"told to stop ({action.lemma_})"
    asked = asked_of(action)
    if flips > 0 and asked and (_demanded(action, inside, cue) or (
            clause_asked(action) and appeal_polarity(action.head))):
        # "X should resign", "X must go", "called for X to go", "X should stay on"
        return asked, f"asked to {'go' if asked < 0 else 'stay'} ({verb_sense(action)})"
    lemma = verb_sense(action)
    if lemma in FAILURE_WORDS or _under_failure_word(action, predicate):
        return -1, f"agent of a failure ({lemma})"
    hostile = VERB_POLARITY.get(lemma, 0) if lemma in VERB_POLARITY else (
        -1 if action.pos_ == "VERB" and valence.rating(action) <= -1.5 else 0)
    if lemma in PROCEDURAL_VERBS:
        hostile = 0  # "the FBI investigated her": a lawful contest, no blame of the FBI
    if hostile * flips < 0:
        return -1, f"agent of {lemma}"
    if lemma in DEFICIENCY_VERBS and _lacks(action):
        return -1, f"judged lacking ({lemma})"
    judged = _complement_valence(action) * flips
    if judged:
        return judged, f"judged by what is said of it ({lemma})"
    if _evaluated_clause(predicate, inside) < 0:
        return -1, f"agent of {lemma}, judged negatively"
    return None


def _patient(token: Token) -> bool:
    node = token
    while node.dep_ in ("conj", "appos", "compound", "flat") and node.head.i != node.i:
        node = node.head
    return node.dep_ == "nsubjpass"


def _lacks(verb: Token) -> bool:
    """ "X has no plan", "X offers nothing", "X lacks ideas": a deficiency of the subject."""
    if verb.lemma_.lower() == "lack":
        return True
    for child in verb.children:
        if child.dep_ not in ("dobj", "obj") or child.lemma_.lower() in NOT_LACKS or any(
                c.dep_ == "acl" for c in child.children):
            continue  # "has no plans to visit": an intention, not a lack
        if child.lower_ in ("nothing", "none") or (any(
                d.lower_ == "no" and d.dep_ == "det" for d in child.children)
                and valence.rating(child) >= 0 and child.lemma_.lower() not in HARMFUL_THINGS):
            return True  # (lacking something harmful is no deficiency: "has no weapon")
    # "X does not have the votes" (not "hasn't had to", an obligation, nor "has no weapon")
    return verb.lemma_.lower() == "have" and any(c.dep_ == "neg" for c in verb.children) and \
        any(c.dep_ in ("dobj", "obj") and c.lemma_.lower() not in NOT_LACKS
            and valence.rating(c) >= 0 for c in verb.children)


# Things whose lack is no deficiency: "has no weapon", "has no debts", "no criminal record".
HARMFUL_THINGS = frozenset({"weapon", "gun", "debt", "record", "charge", "conviction",
                            "criminal", "link", "ties", "connection", "involvement"})
# "has no chance", "had no choice": predictions and constraints, not deficiencies of merit.
NOT_LACKS = frozenset({"chance", "choice", "option", "alternative", "doubt", "time", "comment"})


def _complement_valence(verb: Token) -> int:
    """What a clause says of its subject: a complement ("is a great player", "was wrong"),
    a manner adverb ("played brilliantly", "is doing well") or an evaluated object ("did a
    good job", "made a terrible mistake")."""
    total = 0.0
    for child in verb.children:
        if child.dep_ in ("acomp", "oprd") and (_feeling(child) or verb.lemma_ == "feel"):
            # (what someone feels, "X feels betrayed", says how X feels, not what X is)
            total += _beside_feeling(child)
            continue
        if child.dep_ in ("dobj", "obj"):
            # (a relational noun's modifiers rate the relation, not the subject: "had full
            # confidence in X")
            if verb.lemma_.lower() in PERFORMANCE_VERBS and \
                    child.lemma_.lower() not in NOUN_POLARITY:
                total += _phrase_valence(child, object_=True)
        elif child.dep_ in ("acomp", "attr", "oprd") or (
                child.dep_ == "advmod" and child.pos_ == "ADV"):
            total += _phrase_valence(child)
    feeling = _feeling(verb)
    if feeling:
        total += _beside_feeling(verb)
    elif verb.pos_ == "ADJ":
        total += valence.rating(verb)
    elif verb.tag_ == "VBN" and _passive(verb):
        # A participle used as an adjective ("X is talented"), as Pattern's adjective lexicon
        # lists it; a verbal passive ("X was arrested") reports an event, not a judgement.
        total += valence.adjective_lexicon().get(verb.lower_, 0.0)
    return (total >= valence.THRESHOLD) - (total <= -valence.THRESHOLD)


def _feeling(word: Token) -> bool:
    """Is the word an experiencer adjective ("delighted", "happier")?"""
    return word.lower_ in EXPERIENCER_ADJECTIVES or word.lemma_.lower() in EXPERIENCER_ADJECTIVES


def _beside_feeling(feeling: Token) -> float:
    """ "X was delighted" says how X feels, not what X is; a judgement joined to the feeling
    still judges ("was tired and incompetent"): the valence of those conjuncts."""
    return sum(_phrase_valence(c) for c in feeling.conjuncts if not _feeling(c))


def _modifier_sign(noun: Token) -> int:
    """The sign of what a noun's adjectives say of it ("a reckless plan": -1), by VADER's
    ratings only: Pattern rates words such as "own" and "first", which judge nothing."""
    total = 0.0
    for child in noun.children:
        if child.dep_ == "amod" and child.pos_ == "ADJ" and not child.ent_type_:
            value = valence.vader_rating(child)
            negated = any(c.dep_ == "neg" for c in child.children)
            total += -value if negated else value
    return (total >= valence.THRESHOLD) - (total <= -valence.THRESHOLD)


def _phrase_valence(head: Token, object_: bool = False) -> float:
    """The summed valence of the evaluative words of a phrase, without the clauses and
    names inside it. For an object only its modifiers judge ("a good job"), not the noun
    itself ("won the war" says nothing good or bad of the winner)."""
    total = 0.0
    stack = [c for c in head.children if c.dep_ in ("amod", "advmod", "compound")] \
        if object_ else [head]
    while stack:
        node = stack.pop()
        if node.pos_ not in UNJUDGING_POS and node.ent_type_ == "" and not (
                object_ and node.i == head.i):
            value = valence.rating(node)
            if abs(value) >= valence.THRESHOLD:
                negated = any(c.dep_ == "neg" or c.lower_ in ("not", "never", "no")
                              for c in node.children)
                total += -value if negated else value
        stack.extend(c for c in node.children if c.dep_ not in CLAUSES)
    return total


def _evaluated_clause(predicate: Token, inside: set[int]) -> int:
    """An evaluation attached to a whole clause or one of its parts by a relative clause or
    apposition ("..., which is a disgrace"): the sign of the evaluative words there."""
    for token in predicate.subtree:
        if token.i in inside and token.dep_ in ("attr", "acomp") and token.head.dep_ == "relcl":
            judged = _phrase_valence(token)
            if judged:
                return (judged > 0) - (judged < 0)
    return 0


def _as_owner(noun_or_predicate: Token, inside: set[int],
              cue: Token | None) -> tuple[int, str] | None:
    """ "X's blunder" (the noun judges) or "X's plans are a disaster" (the predicate does)."""
    node = noun_or_predicate
    if node.pos_ in ("NOUN", "PROPN") and valence.polarity(node):
        sign = valence.polarity(node) * _flips(node, inside, cue)
        return sign, f"owner of {node.lemma_}"
    if node.pos_ in ("NOUN", "PROPN") and _modifier_sign(node):
        sign = _modifier_sign(node) * _flips(node, inside, cue)
        return sign, f"owner of a judged {node.lemma_}"
    judged = _complement_valence(node) * _flips(node, inside, cue)
    if judged:
        return judged, f"owner of what is judged by {node.lemma_}"
    return None


def _as_circumstance(predicate: Token, inside: set[int],
                     cue: Token | None) -> tuple[int, str] | None:
    """What happens under someone ("more waste under X", "prospered under X"): the sign of
    the noun or of the verb itself."""
    sign = valence.polarity(predicate)
    if not sign and predicate.pos_ == "NOUN":
        sign = _modifier_sign(predicate)
    if not sign:
        return None
    return sign * _flips(predicate, inside, cue), f"under the target: {predicate.lemma_}"


# --- scope: negation, demands, conditions, hearsay -------------------------------------------

def _ancestors_within(token: Token, inside: set[int], cue: Token | None) -> list[Token]:
    chain = [token]
    current = token
    stop = cue.i if cue is not None else -1
    while current.head.i != current.i and current.head.i in inside and current.head.i != stop:
        current = current.head
        chain.append(current)
    return chain


# Negation and failure words reach down only through complements ("not ready to help",
# "stop bombing", "refusal to coordinate"), not into modifiers ("instead of X, stop Y").
COMPLEMENTS = {"xcomp", "ccomp", "acomp", "dobj", "acl", "conj", "aux", "auxpass"}


def _flips(predicate: Token, inside: set[int], cue: Token | None) -> int:
    sign = 1
    chain = _ancestors_within(predicate, inside, cue)
    for position, node in enumerate(chain):
        if position > 0 and chain[position - 1].dep_ not in COMPLEMENTS:
            break
        for child in node.children:
            if child.dep_ in ("neg", "preconj") and child.lower_ in NEGATORS:
                sign = -sign
        if position > 0 and (node.lemma_ in FAILURE_WORDS or (
                node.lemma_ in REVERSAL_VERBS and chain[position - 1].dep_ != "conj")):
            sign = -sign  # (a reversal undoes its object, not a verb joined to it by "and")
    return sign


def _effective_action(verb: Token) -> Token:
    """Aspectual and intention verbs pass on to their complement: "began bombing" ->
    bombing; "wants to cooperate" -> cooperate; "is trying to block" -> block."""
    current = verb
    for _ in range(4):
        if current.lemma_ not in ASPECTUAL_VERBS:
            break
        complement = next((c for c in current.children if c.dep_ in ("xcomp", "acomp")), None)
        if complement is None:
            break
        current = complement
    return current


def _under_failure_word(action: Token, predicate: Token) -> bool:
    return predicate.lemma_ in FAILURE_WORDS or action.head.lemma_ in FAILURE_WORDS


def _hearsay(predicate: Token, inside: set[int], cue: Token | None) -> bool:
    """Content inside "claims of ..." or "whether ..." is not the speaker's own view."""
    for node in _ancestors_within(predicate, inside, cue):
        if node.lemma_.lower() in HEARSAY_WORDS or node.lower_ in HEARSAY_WORDS:
            return True
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in node.children):
            return True
    return False


def _negated_phrase(token: Token) -> bool:
    """ "neither X nor Y" negates its members."""
    phrase = token
    while phrase.dep_ == "conj":
        phrase = phrase.head
    return any(c.lower_ in ("neither", "no") for c in phrase.children)


def _demanded(predicate: Token, inside: set[int], cue: Token | None) -> bool:
    """A demand reaches the action it governs: a modal of obligation ("they should stop"),
    a verb of obligation with an infinitive ("they have to stop", "X needs to go"), or a
    pseudo-cleft ("what X must do is stop ...")."""
    chain = _ancestors_within(predicate, inside, cue)
    for position, node in enumerate(chain):
        if position > 0 and chain[position - 1].dep_ not in COMPLEMENTS:
            break  # a demand reaches its complements, not its modifiers
        if any(c.lower_ in ("why", "whether", "how") for c in node.children):
            return False  # "why should X join Y": a question, not a demand
        for child in node.children:
            if child.dep_ in ("aux", "auxpass") and child.lemma_ in DEMAND_WORDS:
                return True
        if position > 0 and node.lemma_ in DEMAND_VERBS and chain[position - 1].dep_ == "xcomp":
            return True
        if node.head.lemma_ == "be" and node.dep_ in ("ccomp", "xcomp", "attr", "advcl"):
            for sibling in node.head.children:
                if sibling.dep_ in ("csubj", "nsubj") and any(
                        (t.lemma_ in DEMAND_VERBS and any(c.dep_ == "xcomp" for c in t.children))
                        or (t.lemma_ in DEMAND_WORDS and t.dep_ == "aux")
                        for t in sibling.subtree):
                    return True
    return False


def _asked(verb: Token) -> bool:
    """An indirect question ("asked why the council should join X") asserts nothing."""
    return any(c.lower_ in ("why", "whether") and c.dep_ in ("advmod", "mark")
               for c in verb.children)


def _generic_gerund(verb: Token) -> bool:
    return verb.tag_ == "VBG" and verb.dep_ in ("csubj", "nsubj", "pcomp", "acl", "advcl")


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _agent(predicate: Token, inside: set[int], cue: Token | None) -> Token | None:
    """The subject of the clause the predicate belongs to (or the owner of a noun); for a
    passive verb, its by-phrase."""
    for node in _ancestors_within(predicate, inside, cue):
        if _passive(node):
            by = next((c for c in node.children if c.dep_ == "agent"), None)
            return next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
        for child in node.children:
            if child.dep_ in ("nsubj", "csubj") or (node.pos_ == "NOUN" and child.dep_ == "poss"):
                return child
        if node.dep_ == "acl" and node.head.i in inside:
            # "groups opposed to X": the groups act; a nominalised intention ("their
            # readiness to help X") is its owner's.
            owner = next((c for c in node.head.children if c.dep_ == "poss"), None)
            return owner or node.head
        if node.dep_ in ("dobj", "nsubj", "nsubjpass") and node.i != predicate.i:
            break
    return None


def _side(agent: Token | None, speaker: Referent, speaker_side: frozenset[str],
          resolver: Resolver) -> str:
    if agent is None:
        return "none"
    if agent.lemma_.lower() in PARTITIVE_NOUNS:
        # Partitive subject: "most of the strikes hit X": the strikes act, not "most".
        part = next((c for c in agent.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        whole = next((c for c in part.children if c.dep_ == "pobj"), None) if part else None
        if whole is not None:
            agent = whole
    lower = agent.lower_
    if lower in ("i", "we", "me", "us", "my", "our"):
        return "speaker"
    if agent.lemma_ in ("country", "side", "government", "nation", "state", "party", "club",
                        "company", "team") and any(
            c.dep_ == "poss" and (c.lower_ in ("our", "my") or (
                c.lower_ in ("his", "her") and speaker.is_person)) for c in agent.children):
        return "speaker"
    if lower in ("he", "she") and speaker.is_person:
        resolved = resolver.referent(agent, speaker)
        if resolved is None or resolved.name == speaker.name:
            return "speaker"
    if lower in ("this", "that", "it", "which", "what", "who"):
        return "none"
    if any((r := resolver.referent(c, speaker)) is not None and r.name in speaker_side
           for c in agent.conjuncts):
        return "speaker"  # "Lee and Reed criticised X", with Reed speaking
    resolved = resolver.referent(agent, speaker)
    if resolved is None:
        # Unknown people and groups ("groups opposed to X", "the council") act for
        # themselves; abstract subjects ("the aim is to defeat X") leave the view to the
        # speaker.
        return "none" if agent.lemma_.lower() in ABSTRACT_SUBJECTS else "third"
    return "speaker" if resolved.name in speaker_side else "third"


# Nouns of contests one enters against someone ("the debate against X", "a race against Y").
CONTEST_NOUNS = frozenset({"debate", "race", "match", "game", "election", "primary",
                           "contest", "fixture", "final", "tie", "bout", "runoff", "run-off"})
# Verbs of lawful contest: they relate their object ("sued X") but blame no one for acting.
PROCEDURAL_VERBS = frozenset({"investigate", "probe", "prosecute", "sue", "challenge",
                              "contest", "compete", "debate", "question"})
# Abstract nouns that name a goal or a course of action: as subjects they act for no one.
ABSTRACT_SUBJECTS = frozenset({"aim", "goal", "objective", "purpose", "priority", "task",
                               "plan", "idea", "strategy", "policy", "mission", "intention",
                               "job", "solution", "answer", "way", "need", "point", "focus",
                               "challenge", "option", "choice", "step", "move", "decision"})


def _in_condition(token: Token, inside: set[int]) -> bool:
    node = token
    while node.head.i != node.i and node.head.i in inside:
        if node.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKERS
                                        for m in node.children):
            return True
        node = node.head
    return False


def _conditional(token: Token, inside: set[int]) -> bool:
    for node in _ancestors_within(token, inside, None):
        for child in node.children:
            if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKERS
                                             for m in child.children):
                return True
        if node.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKERS
                                        for m in node.children):
            return True
    return False
