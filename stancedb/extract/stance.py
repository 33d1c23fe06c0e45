"""The stance a speaker takes toward each entity named in what they said.

For every mention in the attributed content, the dependency path from the mention up to the
clause that governs it decides:

- the mention is the **object** of a predicate (a verb, a noun such as "support for", or a
  preposition such as "against"): the predicate's polarity, flipped by each negation or
  failure word above it ("unable to help", "stop bombing"). It counts when the speaker's side
  acts (I, we, the speaker's own state), when no one in particular acts, or when the speaker
  demands the action ("they should stop bombing it"); an action that a third party takes
  says nothing about the speaker's view of its object.
- the mention is the **agent**: the speaker opposes an agent that acts with hostility, fails
  or refuses to cooperate, or is told what to stop; cooperative acts of others stay neutral.
- the mention **owns** a refusal, mistake or failure ("the Americans' refusal ... is a
  mistake"): oppose.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from stancedb.extract.coref import Referent, Resolver
from stancedb.extract.gazetteer import INSTITUTION_NOUNS
from stancedb.extract.lexicon import (
    ASPECTUAL_VERBS,
    COMMUNICATION_VERBS,
    CONDITION_MARKERS,
    DEMAND_VERBS,
    DEMAND_WORDS,
    FAILURE_WORDS,
    HEARSAY_WORDS,
    NEGATIVE_EVALUATIONS,
    NEGATORS,
    NOUN_POLARITY,
    POSITIVE_EVALUATIONS,
    PREPOSITION_POLARITY,
    QUANTITY_NOUNS,
    VERB_POLARITY,
)

CLIMB_THROUGH = {"appos", "conj", "compound", "nmod", "amod", "npadvmod", "nummod", "flat"}
# Singular nouns that name a group of actors, so "including X" can list its members.
COLLECTIVE_NOUNS = frozenset({"opposition", "coalition", "alliance", "community", "group",
                              "bloc", "movement", "front", "union", "leadership", "region",
                              "world", "west", "party", "government", "administration"})
SUBJECTS = {"nsubj", "nsubjpass", "csubj", "expl"}


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
        if not _heads_a_reference(token, inside):
            continue
        referent = resolver.referent(token, speaker, exclude=speaker_side)
        if referent is None or referent.name in speaker_side:
            continue
        verdict = _judge(token, inside, speaker_side, speaker, resolver, cue)
        if verdict is None:
            continue
        polarity, reason = verdict
        stance = TargetStance(referent, polarity, _conditional(token, inside), token, reason)
        previous = found.get(referent.name)
        if previous is None or (previous.polarity != polarity and polarity < 0):
            found[referent.name] = stance
    return list(found.values())


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
    if predicate is not None and _hearsay(predicate, inside, cue):
        return None
    if _in_condition(token, inside):
        return None  # "if they are committed to fighting X" states a condition, not a view
    if role == "object" and predicate is not None:
        polarity = _polarity(predicate, preposition)
        if polarity == 0:
            return None
        polarity *= _flips(predicate, inside, cue)
        agent = _agent(predicate, inside, cue)
        side = _side(agent, speaker, speaker_side, resolver)
        if side == "third" and not _demanded(predicate, inside, cue):
            return None
        return polarity, f"object of {predicate.lemma_}"
    if role == "agent" and predicate is not None:
        if token.lower_ in ("it", "its", "this", "that"):
            return None  # too often a dummy subject ("it was unclear whether ...")
        action = _effective_action(predicate)
        flips = _flips(action, inside, cue) * (-1 if _negated_phrase(token) else 1)
        if _demanded(action, inside, cue) and (flips < 0 or action.lemma_ in FAILURE_WORDS
                                               or _under_failure_word(action, predicate)):
            return -1, f"told to stop ({action.lemma_})"
        if VERB_POLARITY.get(action.lemma_, 0) * flips < 0:
            return -1, f"agent of {action.lemma_}"
        if _evaluated_negatively(predicate, inside):
            return -1, f"agent of {predicate.lemma_}, judged negatively"
        return None
    if role == "owner" and predicate is not None:
        if predicate.lemma_ in NEGATIVE_EVALUATIONS or predicate.lemma_ in FAILURE_WORDS:
            return -1, f"owner of {predicate.lemma_}"
        if predicate.lemma_ in POSITIVE_EVALUATIONS:
            return 1, f"owner of {predicate.lemma_}"
    return None


def _role(token: Token, inside: set[int]) -> tuple[str, Token | None, str | None]:
    """Climb from a mention to the predicate that governs it."""
    current = token
    preposition = None
    while current.head.i in inside and current.head.i != current.i:
        if current.dep_ in ("compound", "nmod") and current.head.lemma_ in NEGATIVE_EVALUATIONS:
            return "owner", current.head, None
        if current.dep_ in CLIMB_THROUGH:
            current = current.head
        elif (current.dep_ == "pobj" and current.head.lower_ == "of"
              and current.head.head.lemma_.lower() in QUANTITY_NOUNS
              and current.head.head.i in inside):
            current = current.head.head  # "the majority of X", "the leadership of X"
        else:
            break
    dep = current.dep_
    head = current.head
    if head.i not in inside and dep != "ROOT":
        return "none", None, None
    if dep == "poss":
        return "owner", head, None
    if dep in SUBJECTS:
        return "agent", head, None
    if dep == "agent" or (dep == "pobj" and head.dep_ == "agent"):
        return "agent", head.head if dep == "pobj" else head, None
    if dep == "pobj" and head.dep_ == "prep":
        preposition = head.lower_
        listing = preposition in ("including", "like") or (
            preposition == "as" and any(c.lower_ == "such" for c in head.children))
        if listing and (head.head.tag_ in ("NNS", "NNPS")
                        or head.head.lemma_.lower() in COLLECTIVE_NOUNS):
            # "opposition groups, including the FSA": the FSA stands where the groups do.
            return _role(head.head, inside)
        return "object", head.head, preposition
    if dep in ("dobj", "dative", "attr", "oprd", "obj"):
        return "object", head, None
    return "none", None, None


def _polarity(predicate: Token, preposition: str | None) -> int:
    if preposition in PREPOSITION_POLARITY:
        return PREPOSITION_POLARITY[preposition]
    if preposition in ("between", "among", "amongst"):
        return 0  # "talks between X and Y": X and Y deal with each other
    lemma = predicate.lemma_.lower()
    if lemma in COMMUNICATION_VERBS and preposition in ("to", "with"):
        return _topic_polarity(predicate)
    polarity = _lexical_polarity(predicate, lemma)
    if preposition == "with" and polarity < 0:
        return 0  # "fight X with Y": Y may be a partner or an enemy
    return polarity


def _topic_polarity(verb: Token) -> int:
    """ "spoke to Y about strengthening cooperation": positive when the topic is."""
    for child in verb.children:
        if (child.dep_ == "prep" and child.lower_ in ("about", "on")) or child.dep_ == "dobj":
            for token in child.subtree:
                if NOUN_POLARITY.get(token.lower_, 0) > 0 or (
                        VERB_POLARITY.get(token.lemma_, 0) > 0 and token.pos_ == "VERB"):
                    return 1
    return 0


def _lexical_polarity(predicate: Token, lemma: str) -> int:
    if predicate.pos_ in ("NOUN", "PROPN") or predicate.lower_ in NOUN_POLARITY:
        # (the tagger sometimes calls a noun such as "cooperation" a verb)
        return NOUN_POLARITY.get(predicate.lower_, NOUN_POLARITY.get(lemma, 0))
    if predicate.pos_ == "ADJ":
        return 1 if lemma in POSITIVE_EVALUATIONS else -1 if lemma in NEGATIVE_EVALUATIONS else 0
    if predicate.lemma_ == "prop" and any(c.lower_ == "up" for c in predicate.children):
        return 1
    return VERB_POLARITY.get(lemma, 0)


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
        if position > 0 and node.lemma_ in FAILURE_WORDS:
            sign = -sign
    return sign


def _effective_action(verb: Token) -> Token:
    """ "began bombing" -> bombing; "wants to cooperate" -> cooperate."""
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
    """ "neither the United States nor Europe" negates its members."""
    phrase = token
    while phrase.dep_ == "conj":
        phrase = phrase.head
    return any(c.lower_ in ("neither", "no") for c in phrase.children)


def _demanded(predicate: Token, inside: set[int], cue: Token | None) -> bool:
    chain = _ancestors_within(predicate, inside, cue)
    for position, node in enumerate(chain):
        if position > 0 and chain[position - 1].dep_ not in COMPLEMENTS:
            break  # a demand reaches its complements, not its modifiers
        for child in node.children:
            if child.dep_ in ("aux", "auxpass") and child.lemma_ in DEMAND_WORDS:
                return True
        if position > 0 and node.lemma_ in DEMAND_VERBS and chain[position - 1].dep_ == "xcomp":
            return True
        if node.head.lemma_ == "be" and node.dep_ in ("ccomp", "xcomp", "attr", "advcl"):
            # "What they've got to do is stop ...": the demand sits in the subject clause.
            for sibling in node.head.children:
                if sibling.dep_ in ("csubj", "nsubj") and any(
                        t.lemma_ in DEMAND_VERBS and any(c.dep_ == "xcomp" for c in t.children)
                        for t in sibling.subtree):
                    return True
    return False


def _evaluated_negatively(predicate: Token, inside: set[int]) -> bool:
    """ "... , which is a big mistake" attached to the clause or one of its parts."""
    for token in predicate.subtree:
        if token.i in inside and token.lemma_ in NEGATIVE_EVALUATIONS and token.dep_ in (
                "attr", "acomp", "dobj"):
            return True
    return False


def _agent(predicate: Token, inside: set[int], cue: Token | None) -> Token | None:
    """The subject of the clause the predicate belongs to (or the owner of a noun)."""
    for node in _ancestors_within(predicate, inside, cue):
        for child in node.children:
            if child.dep_ in ("nsubj", "csubj") or (node.pos_ == "NOUN" and child.dep_ == "poss"):
                return child
        if node.dep_ == "acl" and node.head.i in inside:
            # "groups opposed to X": the groups; "their willingness to support X": they.
            owner = next((c for c in node.head.children if c.dep_ == "poss"), None)
            return owner or node.head
        if node.dep_ in ("dobj", "nsubj", "nsubjpass") and node.i != predicate.i:
            break
    return None


def _side(agent: Token | None, speaker: Referent, speaker_side: frozenset[str],
          resolver: Resolver) -> str:
    if agent is None:
        return "none"
    if agent.lemma_.lower() in QUANTITY_NOUNS:
        # "80 percent of strikes had hit X": the strikes act, not a percentage.
        part = next((c for c in agent.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        whole = next((c for c in part.children if c.dep_ == "pobj"), None) if part else None
        if whole is not None:
            agent = whole
    lower = agent.lower_
    if lower in ("i", "we", "me", "us", "my", "our"):
        return "speaker"
    if agent.lemma_ in ("country", "side", "government", "nation", "state") and any(
            c.dep_ == "poss" and (c.lower_ in ("our", "my") or (
                c.lower_ in ("his", "her") and speaker.is_person)) for c in agent.children):
        return "speaker"
    if lower in ("he", "she") and speaker.is_person:
        resolved = resolver.referent(agent, speaker)
        if resolved is None or resolved.name == speaker.name:
            return "speaker"
    if lower in ("this", "that", "it", "which", "what", "who"):
        return "none"
    resolved = resolver.referent(agent, speaker)
    if resolved is None:
        # Unknown people and groups ("groups opposed to X") act for themselves; abstract
        # subjects ("the aim is to defeat X") leave the view to the speaker.
        group = agent.tag_ in ("NNS", "NNPS") or agent.lemma_ in INSTITUTION_NOUNS
        return "third" if agent.pos_ in ("PROPN", "PRON") or group else "none"
    return "speaker" if resolved.name in speaker_side else "third"


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
