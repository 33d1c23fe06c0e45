"""How good or bad a word says something is, from well-kept lexicons.

The first source is VADER's lexicon (Hutto & Gilbert, ICWSM 2014; MIT licence, shipped in
the `vaderSentiment` package): about 7,500 words rated by ten people each from -4 (extremely
negative) to +4 (extremely positive). Words are looked up as written and by lemma.
Adjectives VADER does not rate are looked up in Pattern's adjective lexicon (De Smedt &
Daelemans, 2012; public domain (PDDL), shipped in the `textblob` package): about 2,900
adjectives rated per word sense from -1 to +1, used where the senses agree in sign and
scaled to VADER's range.

VADER was built on social media text. A few evaluative words of public debate that it lacks
are supplied below; each is a general term of praise or blame, not a phrase of any article.
Words that VADER rates but that name events rather than judge anyone ("war", "death",
"crisis") are the caller's business: the stance rules only read valence in evaluative
positions (a predicate about someone, a modifier of what someone did).
"""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ElementTree
from functools import cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

# Judgements of conduct or claims that VADER does not rate (general terms of blame/praise).
SUPPLEMENT: dict[str, float] = {
    "blunder": -2.0, "hypocrisy": -2.0, "hypocritical": -2.0, "corrupt": -2.5,
    "baseless": -2.0, "groundless": -2.0, "false": -1.5, "untrue": -1.5, "absurd": -1.8,
    "unlawful": -2.0, "deceptive": -2.0, "misleading": -1.8, "irresponsibility": -1.9,
    "incompetence": -2.1, "debacle": -2.3, "disgraceful": -2.2, "unacceptable": -2.0,
    "credible": 1.5, "gaffe": -1.8, "shambles": -2.2, "prudent": 1.5,
}
# Words VADER rates that in news name a topic, an event or a state of affairs rather than
# judge anyone ("the party", "security", "war", "debt", "free trade", "super PAC"). Chosen
# by reading the most frequent rated words of the PolNeAR training articles.
NOT_JUDGEMENTS = frozenset({
    "party", "parties", "united", "security", "justice", "supreme", "intelligence", "energy",
    "war", "wars", "terrorism", "terrorist", "terrorists", "terror", "violence", "violent",
    "crisis", "weapons", "gun", "guns", "death", "deaths", "dead", "died", "killed", "prison",
    "victims", "debt", "deficit", "recession", "unemployment", "super", "care", "interest",
    "interests", "free", "freedom", "special", "natural", "grand", "original", "active",
    "certain", "certainly", "sure", "chance", "share", "shared", "play", "played", "kind",
    "hand", "like", "yes", "god", "hell", "heart", "credit", "value", "values", "growth",
    "gains", "gain", "increase", "increased", "lower", "low", "drop", "cut", "cuts", "risk",
    "risks", "fire", "battle", "battleground", "combat", "fight", "fighting", "conflict",
    "conflicts", "struggle", "struggles", "assault", "attack", "attacks", "offensive",
    "award", "wealth", "wealthy",
    "rich", "poor", "benefits", "benefit", "safety", "safe", "secure", "peace", "relief",
    "win", "won", "wins", "winning", "winner", "lose", "lost", "losing", "loss", "losses",
    "defeat", "agreement", "agreed", "agree", "supporters", "supporter", "support",
    "supported", "supporting", "supports", "endorsed", "endorsement", "endorse", "help",
    "helping", "protest", "charges", "alone", "missing", "fallen", "broke", "huge", "focused",
    "committed", "engaged", "ready", "hope", "hopes", "hoped", "hoping", "wish", "fear",
    "fears", "worry", "worried", "promise", "promises", "promised", "favorite", "prospect",
    "opportunity", "opportunities", "advantage", "ability", "importance", "prominent",
    "powerful", "influential", "popular", "popularity", "approval", "favorable", "favored",
    "anti", "pro",  # prefixes split off by the tokenizer ("anti-Semitic")
    # intensifiers: they say how much, not how good ("an incredible blunder")
    "incredible", "incredibly", "extraordinary", "remarkable", "unbelievable", "enormous",
    "real", "total", "complete", "utter", "absolute", "sheer", "big", "major", "serious",
    "seriously", "really", "very", "extremely", "truly", "quite", "pretty",
    # degree words: they say how much, not how good ("has more work to do")
    "more", "most", "less", "least", "fewer", "further",
    # stance adverbs: they say how sure, not how good ("clearly wrong")
    "clearly", "exactly", "obviously", "definitely", "probably", "actually", "simply",
    "fully", "surely", "indeed", "plainly", "evidently", "effectively", "essentially",
    "virtually", "basically",
})
# Below this absolute rating a word is too mild to carry a stance on its own.
THRESHOLD = 1.0


@cache
def lexicon() -> dict[str, float]:
    """VADER's ratings (word -> mean rating), with the supplement."""
    table: dict[str, float] = {}
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(
        encoding="utf-8")
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                table[parts[0]] = float(parts[1])
            except ValueError:
                continue
    table.update(SUPPLEMENT)
    return table


@cache
def adjective_lexicon() -> dict[str, float]:
    """Pattern's adjectives whose senses agree in sign, scaled to VADER's -4..4."""
    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "en" / "en-sentiment.xml"
    senses: dict[str, list[float]] = {}
    for word in ElementTree.parse(path).getroot():
        if word.get("pos") == "JJ" and word.get("form"):
            senses.setdefault(str(word.get("form")), []).append(float(word.get("polarity", 0)))
    table = {}
    for form, polarities in senses.items():
        if all(p >= 0 for p in polarities) or all(p <= 0 for p in polarities):
            table[form] = 4.0 * sum(polarities) / len(polarities)
    return table


def rating(token: Token) -> float:
    """The word's rating as a judgement, as written or by lemma (0.0 when unrated or when
    the word names a topic rather than judging)."""
    lower = token.lower_
    if lower in NOT_JUDGEMENTS or token.lemma_.lower() in NOT_JUDGEMENTS:
        return 0.0
    table = lexicon()
    found = table.get(lower)
    if found is None:
        found = table.get(token.lemma_.lower())
    if found is None and token.pos_ == "ADJ":
        found = adjective_lexicon().get(lower)
    if found is None and token.pos_ == "ADV" and lower.endswith("ly"):
        # A manner adverb judges as its adjective does: superbly, clumsily -> superb, clumsy.
        stem = lower[:-2]
        stem = stem[:-1] + "y" if stem.endswith("i") else stem
        found = table.get(stem) or adjective_lexicon().get(stem)
    return found or 0.0


def vader_rating(token: Token) -> float:
    """The rating in VADER's lexicon alone (as written, else by lemma), 0.0 when unrated or
    when the word names a topic rather than judging."""
    lower, lemma = token.lower_, token.lemma_.lower()
    if lower in NOT_JUDGEMENTS or lemma in NOT_JUDGEMENTS:
        return 0.0
    table = lexicon()
    return table.get(lower, table.get(lemma, 0.0))


def polarity(token: Token) -> int:
    """+1, -1 or 0: the sign of a rating strong enough to judge with."""
    value = rating(token)
    if value >= THRESHOLD:
        return 1
    if value <= -THRESHOLD:
        return -1
    return 0
