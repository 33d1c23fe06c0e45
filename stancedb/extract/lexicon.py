"""Closed word classes the extractor reasons with. Each set is a general grammatical or
semantic class of English, named in its comment; none holds a phrase of any particular
article. How good or bad open-class words are (adjectives, nouns, adverbs) is not listed
here: it comes from VADER's lexicon (valence.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

# Reporting verbs: verbs that introduce reported content (lemmas).
SPEECH_VERBS = frozenset({
    "say", "tell", "add", "state", "declare", "announce", "claim", "insist", "argue", "warn",
    "note", "explain", "stress", "emphasize", "emphasise", "suggest", "write", "report",
    "confirm", "deny", "reply", "respond", "retort", "assert", "affirm", "maintain", "predict",
    "acknowledge", "admit", "concede", "point", "remark", "comment", "reiterate", "repeat",
    "believe", "think", "hope", "fear", "expect", "promise", "pledge", "vow", "propose",
    "signal", "indicate", "express", "describe", "call", "testify", "tweet",
    "post", "speak", "ask", "demand", "urge", "recall", "allege", "charge", "contend",
    "caution", "counter", "complain", "boast", "mention", "observe", "conclude", "agree",
    "disagree", "know", "learn", "show", "want", "brand", "label", "dub", "quip",
    "joke", "reveal", "disclose", "estimate", "forecast", "recommend",
    "advise", "concur", "protest", "lament", "grumble", "exclaim", "shout", "whisper",
})

# Stance verbs: verbs whose object receives the subject's stance, in four classes.
# Expressive verbs are statements in themselves ("X criticised Y" reports what X said);
# acts of help or hostility relate their subject to their object but are not statements.
EXPRESSED_SUPPORT = frozenset({
    "support", "back", "endorse", "champion", "favor", "favour", "praise", "applaud",
    "commend", "hail", "laud", "salute", "congratulate", "thank", "welcome", "admire",
    "respect", "trust", "defend", "recommend", "embrace", "recognize", "recognise",
})
EXPRESSED_OPPOSITION = frozenset({
    "oppose", "criticize", "criticise", "condemn", "denounce", "accuse", "blame", "attack",
    "slam", "blast", "lambast", "rebuke", "scold", "castigate", "chastise", "berate", "fault",
    "mock", "ridicule", "deride", "insult", "disparage", "smear", "vilify", "demonize",
    "demonise", "reject", "dismiss", "rebuff", "refute", "rebut", "dispute", "contest",
    "challenge", "doubt", "distrust", "question", "warn", "threaten", "brand", "sue",
    "deny",
})
SUPPORTING_ACTS = frozenset({
    "help", "assist", "aid", "cooperate", "collaborate", "coordinate", "ally", "partner",
    "protect", "fund", "finance", "sponsor", "strengthen", "join", "rescue", "save", "vote",
    "elect", "nominate", "reward",
})
HOSTILE_ACTS = frozenset({
    "fight", "combat", "resist", "counter", "confront", "block", "obstruct", "undermine",
    "sabotage", "betray", "deceive", "mislead", "prosecute", "investigate", "impeach",
    "sanction", "punish", "ban", "boycott", "expel", "sack", "fire", "oust", "overthrow",
    "topple", "isolate", "hate", "despise", "bomb", "strike", "target", "kill", "destroy",
    "defeat", "invade", "occupy", "harm", "hurt", "damage", "persecute",
})
# Phrasal stance verbs: a verb with its particle, its preposition or both, whose stance
# toward the object neither word has alone ("hit out at X", "rounded on X", "stood up for
# X" but "stood up to X", "let X down"), keyed "lemma particle preposition" as
# `verb_sense` builds them. The expressive ones report what their subject said.
PHRASAL_EXPRESSED_SUPPORT = frozenset({
    "stand by", "stand with", "side with", "stand up for", "stick up for", "speak up for",
    "rally behind", "rally around", "speak out for",
})
PHRASAL_EXPRESSED_OPPOSITION = frozenset({
    "hit out at", "hit out", "lash out at", "lash out", "round on", "call out",
    "tear into", "lay into", "speak out against", "rail against", "stand up to",
    "talk down", "sound off at",
})
PHRASAL_HOSTILE_ACTS = frozenset({"let down", "go after", "gang up on", "turn against"})
# Verbs of choosing: the one chosen is favoured ("picked X as his running mate", "singled
# out X as a future captain"), unless what they are chosen for is bad ("singled out X for
# criticism"). Singling out reports what its subject said.
SELECTION_VERBS = frozenset({"choose", "pick", "select", "shortlist", "single out"})
EXPRESSED_SELECTION = frozenset({"single out"})
VERB_POLARITY: dict[str, int] = {
    **dict.fromkeys(SUPPORTING_ACTS | EXPRESSED_SUPPORT | PHRASAL_EXPRESSED_SUPPORT
                    | SELECTION_VERBS, 1),
    **dict.fromkeys(HOSTILE_ACTS | EXPRESSED_OPPOSITION | PHRASAL_EXPRESSED_OPPOSITION
                    | PHRASAL_HOSTILE_ACTS, -1),
}
# Verbs whose subject is a speaker even without reported content: the expressive stance
# verbs, and verbs of appeal and offer ("X urged Y to ...", "X offered Y help").
STANCE_CUES = (EXPRESSED_SUPPORT | EXPRESSED_OPPOSITION | PHRASAL_EXPRESSED_SUPPORT
               | PHRASAL_EXPRESSED_OPPOSITION | EXPRESSED_SELECTION
               | {"urge", "offer", "call", "appeal"})
# Verbs of appeal: their addressee is asked to do what their complement says ("urged X to
# resign", "called on X to apologise", "asked X to step down").
APPEAL_VERBS = frozenset({"urge", "call", "ask", "press", "tell", "demand", "implore",
                          "beg", "want", "push", "challenge", "appeal", "seek", "persuade",
                          "convince", "encourage"})
# Verbs of departure and contrition: asked of someone, they say the speaker wants them gone
# or thinks them at fault ("X should resign", "urged X to step down", "X must apologise").
DEPARTURE_VERBS = frozenset({"resign", "quit", "step down", "stand down", "step aside",
                             "stand aside", "apologise", "apologize", "go"})
# Verbs of staying on: asked of someone, they say the speaker wants them kept ("urged X to
# stay", "hopes to persuade X to carry on").
RETENTION_VERBS = frozenset({"stay", "remain", "stay on", "carry on", "continue"})
# Nouns of departure and contrition, the same demands as nouns ("called for X's resignation").
DEPARTURE_NOUNS = frozenset({"resignation", "sacking", "dismissal", "removal", "ouster",
                             "impeachment", "apology", "departure", "firing", "exit"})

PARTICLE_ADVERBS = frozenset({"aside", "down", "out", "up", "off", "away"})
PHRASAL_VERBS = (PHRASAL_EXPRESSED_SUPPORT | PHRASAL_EXPRESSED_OPPOSITION | PHRASAL_HOSTILE_ACTS
                 | {v for v in SELECTION_VERBS if " " in v}
                 | {v for v in DEPARTURE_VERBS | RETENTION_VERBS if " " in v})


def verb_sense(verb: Token, preposition: str | None = None) -> str:
    """The verb's lemma, or the phrasal verb it forms with its particle and preposition
    where the lexicon knows one ("hit out at", "let down"); `preposition` picks the
    preposition that reaches a particular object."""
    lemma = verb.lemma_.lower()
    # (the parser tags some particles as adverbs: "step aside")
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"
                 or (c.dep_ == "advmod" and c.lower_ in PARTICLE_ADVERBS)]
    prepositions = [preposition] if preposition else [
        c.lower_ for c in verb.children if c.dep_ == "prep"]
    for particle in particles:
        for prep in prepositions:
            if f"{lemma} {particle} {prep}" in PHRASAL_VERBS:
                return f"{lemma} {particle} {prep}"
        # (an object reached by a preposition of its own is no object of the phrasal verb:
        # "called out to X across the room")
        if f"{lemma} {particle}" in PHRASAL_VERBS and preposition is None:
            return f"{lemma} {particle}"
    for prep in prepositions:
        if f"{lemma} {prep}" in PHRASAL_VERBS:
            return f"{lemma} {prep}"
    return lemma

# Relational nouns: nouns that relate their owner to a target with a stance ("support for
# X", "criticism of X", "an attack on X").
NOUN_POLARITY: dict[str, int] = {
    "support": 1, "backing": 1, "endorsement": 1, "help": 1, "assistance": 1, "aid": 1,
    "cooperation": 1, "co-operation": 1, "collaboration": 1, "alliance": 1,
    "partnership": 1, "gratitude": 1, "thanks": 1, "praise": 1, "solidarity": 1,
    "protection": 1, "trust": 1, "admiration": 1, "respect": 1, "confidence": 1,
    "loyalty": 1, "tribute": 1,
    "opposition": -1, "criticism": -1, "condemnation": -1, "attack": -1, "attacks": -1,
    "accusation": -1, "accusations": -1, "hostility": -1, "fight": -1, "war": -1,
    "campaign": -1, "offensive": -1, "sanctions": -1, "pressure": -1, "challenge": -1,
    "lawsuit": -1, "complaint": -1, "contempt": -1, "disdain": -1, "distrust": -1,
    "rebuke": -1, "boycott": -1, "protest": -1, "scorn": -1, "derision": -1,
}

# Experiencer adjectives: they say how the subject feels ("X was delighted", "X is worried"),
# not how good or bad the subject is; what they are about is reached by a preposition
# ("delighted with Y"), never the subject itself. Feelings that impute cowardice or shame
# ("afraid", "scared", "ashamed") are left out: said of someone, they are a jab.
EXPERIENCER_ADJECTIVES = frozenset({
    "happy", "unhappy", "glad", "pleased", "delighted", "thrilled", "excited", "proud",
    "satisfied", "dissatisfied", "content", "relieved", "grateful", "thankful", "hopeful",
    "optimistic", "pessimistic", "confident", "angry", "furious", "upset", "sad",
    "disappointed", "frustrated", "worried", "concerned", "anxious", "annoyed", "irritated",
    "dismayed", "saddened", "shocked", "surprised", "stunned", "keen", "eager", "supportive",
    "sympathetic", "sceptical", "skeptical", "enthusiastic", "bitter", "tired",
    "comfortable", "uncomfortable", "uneasy", "wary", "nervous",
})

# Prepositions that carry a stance toward their object wherever they attach.
PREPOSITION_POLARITY = {"against": -1}
# Prepositions through which relational nouns and adjectives reach their target ("support
# for X", "criticism of X", "an attack on X", "loyal to X", "angry with X").
NOUN_PREPOSITIONS = frozenset({"for", "of", "to", "with", "on", "upon", "at", "in", "toward",
                               "towards", "behind", "over"})
# Prepositions through which a verb without a direct object reaches its target ("voted for
# X", "hit back at X", "sided with X", "turned on X").
VERB_PREPOSITIONS = frozenset({"for", "at", "with", "on", "upon", "to", "toward", "towards",
                               "behind"})

# Verbs of giving: their recipient is supported ("offered Kenya loans", "sent aid to X").
GIVING_VERBS = frozenset({"offer", "provide", "grant", "lend", "send", "supply", "donate",
                          "give", "deliver", "extend", "award"})

# Light verbs: verbs whose stance is their object noun's ("give support to X", "threw his
# backing behind X", "voiced criticism of X", "launched an attack on X").
LIGHT_VERBS = frozenset({"give", "throw", "lend", "offer", "voice", "express", "pledge",
                         "launch", "mount", "level", "make", "show", "extend", "declare",
                         "announce", "signal", "file", "bring", "lodge", "pay",
                         # verbs of aiming a stance at someone ("reserved his scorn for X",
                         # "heaped praise on X", "aimed criticism at X")
                         "reserve", "heap", "pour", "aim"})

# Naming verbs: the stance is the valence of the name given ("called X a disgrace").
NAMING_VERBS = frozenset({"call", "brand", "label", "describe", "dub", "term", "deem",
                          "consider", "hail", "denounce"})

# Verbs of performance: their object is the subject's own deed or work, so what judges the
# object judges the subject ("did a good job", "made a terrible mistake", "ran a dirty
# campaign"); the object of other verbs is only what they act on ("bought a great firm").
PERFORMANCE_VERBS = frozenset({"do", "make", "commit", "run", "play", "perform", "deliver",
                               "produce", "achieve", "put", "turn", "give", "have", "show",
                               "take", "handle", "manage", "lead", "wage", "fight",
                               # what one earns or deserves judges one too
                               "deserve", "earn", "merit"})

# Verbs of having and offering: with "no"/"nothing" they say the subject lacks something.
DEFICIENCY_VERBS = frozenset({"have", "offer", "show", "provide", "lack", "give", "bring"})

# Negators: words saying the thing they govern does not happen (flip the polarity below).
NEGATORS = frozenset({
    "not", "n't", "never", "no", "neither", "nor", "without", "hardly", "barely",
})
# Refusal and failure words: like negation, and a judgement of whoever fails or refuses.
FAILURE_WORDS = frozenset({
    "unable", "fail", "refuse", "refusal", "decline", "reluctant", "unwilling", "stop",
    "cease", "end", "halt", "quit", "abandon", "failure", "impossible",
})

# Verbs of reversal: they undo what they govern, so they flip its polarity ("overturn the
# decision to protect X", "lift the sanctions on X"), but judge no one by themselves.
REVERSAL_VERBS = frozenset({"overturn", "reverse", "revoke", "repeal", "annul", "quash",
                            "rescind", "scrap", "undo", "lift", "withdraw", "cancel"})

# Modal verbs of obligation: they turn a clause into a demand ("they should stop ...").
DEMAND_WORDS = frozenset({"should", "must", "ought"})
# Verbs of obligation with an infinitive ("they have to stop", "X needs to go").
DEMAND_VERBS = frozenset({"have", "get", "need"})
# Aspectual and intention verbs: the real action is their complement ("began bombing",
# "wants to cooperate", "is trying to block").
ASPECTUAL_VERBS = frozenset({"begin", "start", "continue", "keep", "resume", "try", "attempt",
                             "seek", "plan", "intend", "go", "want", "wish", "decide", "agree",
                             "promise", "be", "vow", "pledge", "threaten", "aim", "hope"})
# Partitive and collective nouns: "the majority of X", "the leadership of X" stand for X.
PARTITIVE_NOUNS = frozenset({"majority", "most", "many", "some", "all", "part", "half",
                             "percent", "number", "dozens", "hundreds", "thousands",
                             "leadership", "members", "rest", "bulk", "share", "one", "each",
                             "any", "none", "few", "minority"})
# Verbs of meeting and talking: the partner is supported when the topic is cooperative.
COMMUNICATION_VERBS = frozenset({"speak", "talk", "meet", "confer", "discuss", "agree",
                                 "negotiate", "consult"})
# Hearsay words: they put what follows in someone else's mouth or in doubt.
HEARSAY_WORDS = frozenset({"claim", "claims", "allegation", "allegations", "rumor", "rumour",
                           "whether", "speculation", "report", "reports"})
# Subordinators of condition.
CONDITION_MARKERS = frozenset({"if", "unless", "provided", "providing"})

# Titles and nouns of office or occupation: a noun phrase headed by one describes a person.
TITLES = frozenset({
    "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson",
    "deputy", "ambassador", "envoy", "chancellor", "king", "queen", "prince", "princess",
    "general", "colonel", "lieutenant", "commander", "leader", "chief", "head", "senator",
    "governor", "mayor", "representative", "chairman", "chairwoman", "chair", "director",
    "official", "adviser", "advisor", "counterpart", "premier", "fm", "pm", "diplomat",
    "negotiator", "lawmaker", "legislator", "candidate", "nominee", "speaker", "pope",
    "cleric", "judge", "justice", "attorney", "prosecutor", "member", "emir", "sheikh",
    "vice", "manager", "aide", "strategist", "chairperson", "founder", "ceo", "executive",
    "officer", "analyst", "professor", "economist", "expert", "activist", "campaigner",
    "organizer", "organiser", "congressman", "congresswoman", "councillor", "councilor",
    "coach", "boss", "captain", "owner", "lawyer", "barrister", "solicitor", "counsel",
    "commissioner", "inspector", "superintendent", "treasurer", "whip",
    "mp", "mep", "peer", "cardinal", "bishop", "archbishop", "rabbi", "imam", "president-elect",
    "governor-elect", "regulator", "auditor", "trustee", "partner", "researcher", "scientist",
    "doctor", "surgeon", "teacher", "headteacher", "principal", "dean", "rector", "editor",
    "correspondent", "columnist", "author", "writer", "director-general", "secretary-general",
    "pundit", "commentator",
    "sen.", "rep.", "gov.", "gen.", "col.", "lt.",
})
TITLE_EXPANSIONS = {"fm": "foreign minister", "pm": "prime minister", "sen.": "senator",
                    "rep.": "representative", "gov.": "governor", "gen.": "general",
                    "col.": "colonel", "lt.": "lieutenant"}
# Words that qualify a title ("foreign minister", "shadow chancellor", "deputy leader").
TITLE_QUALIFIERS = frozenset({"foreign", "defense", "defence", "prime", "state", "interior",
                              "finance", "deputy", "press", "shadow", "home", "health",
                              "education", "justice", "trade", "culture", "energy",
                              "environment", "transport", "labour", "labor", "treasury",
                              "chief", "first", "vice", "assistant", "junior", "senior",
                              "executive", "managing", "general", "attorney"})

# Nouns for people by their relation to someone ("X's rival", "X's wife"): what is said of
# them is not said of X.
PERSON_NOUNS = TITLES | frozenset({
    "rival", "ally", "friend", "opponent", "colleague", "successor", "predecessor", "wife",
    "husband", "son", "daughter", "father", "mother", "brother", "sister", "child",
    "children", "family", "partner", "adversary", "challenger", "running-mate", "mate",
    "teammate", "team-mate", "deputy", "boss", "employee", "staff", "supporter", "fan",
    "critic", "client", "lawyer", "counterpart", "protege", "mentor", "replacement",
    # people by sex or number alone, and by what they do
    "man", "woman", "men", "women", "person", "people", "player",
})

# Kinship nouns.
KIN_NOUNS = frozenset({"wife", "husband", "son", "daughter", "child", "children", "father",
                       "mother", "brother", "sister", "parent", "parents", "family", "partner",
                       "fiancee", "fiance", "grandson", "granddaughter", "nephew", "niece",
                       "cousin", "uncle", "aunt", "widow", "widower"})

# Courtesy titles before a name (not part of it), and the gender each tells ("" for none).
HONORIFICS = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "mx": "", "sir": "m",
              "dame": "f", "lady": "f", "lord": "m", "dr": "", "prof": "", "rev": "",
              "madam": "f", "mme": "f", "mlle": "f", "herr": "m", "frau": "f",
              "senor": "m", "señor": "m", "senora": "f", "señora": "f"}
# Nouns of office or kinship that tell the gender of the person they describe.
GENDERED_NOUNS = {
    "spokesman": "m", "spokeswoman": "f", "chairman": "m", "chairwoman": "f",
    "congressman": "m", "congresswoman": "f", "businessman": "m", "businesswoman": "f",
    "king": "m", "queen": "f", "prince": "m", "princess": "f", "actor": "m", "actress": "f",
    "husband": "m", "wife": "f", "father": "m", "mother": "f", "son": "m", "daughter": "f",
    "brother": "m", "sister": "f", "uncle": "m", "aunt": "f", "grandfather": "m",
    "grandmother": "f", "widow": "f", "widower": "m", "sportsman": "m", "sportswoman": "f",
    "councilman": "m", "councilwoman": "f", "policeman": "m", "policewoman": "f",
    "headmaster": "m", "headmistress": "f", "duke": "m", "duchess": "f", "baron": "m",
    "baroness": "f", "emperor": "m", "empress": "f", "nun": "f", "monk": "m",
}

# Pronouns by what they can refer to.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "theirs", "it", "its"})
SPEAKER_PRONOUNS = frozenset({"i", "me", "my", "we", "us", "our", "ours", "myself",
                              "ourselves"})


def is_departure(verb: Token) -> bool:
    """A verb of departure or contrition used intransitively: "resign", "step down",
    "apologise (to X)", "go" on its own ("X must go"), not "quit the talks" or "go ahead"."""
    sense = verb_sense(verb)
    if sense not in DEPARTURE_VERBS or any(c.dep_ in ("dobj", "obj") for c in verb.children):
        return False
    if sense == "go":
        return all(c.dep_ in ("nsubj", "aux", "mark", "punct", "neg") or c.lower_ == "now"
                   for c in verb.children)
    return True


def asked_of(verb: Token) -> int:
    """What asking someone to do this says of them: -1 for a departure ("resign"), +1 for
    staying on in a post ("stay", "carry on", "stay on as manager"; not "stay calm", "stay in
    prison", "remain under investigation", "continue to fight"), else 0."""
    if is_departure(verb):
        return -1
    if verb_sense(verb) in RETENTION_VERBS and all(_in_post(c) for c in verb.children):
        return 1
    return 0


def _in_post(dependent: Token) -> bool:
    """A dependent that keeps "stay" about a post: its subject, auxiliaries, negation, the
    particle, "as" + a role, "in" + an office word, or a time ("until May")."""
    if dependent.dep_ in ("nsubj", "aux", "mark", "neg", "prt", "punct", "npadvmod"):
        return True
    if dependent.dep_ == "advmod":
        return dependent.lower_ in ("on", "now", "longer")
    if dependent.dep_ == "prep":
        objects = [c.lemma_.lower() for c in dependent.children if c.dep_ == "pobj"]
        return dependent.lower_ in ("as", "until", "till") or (
            dependent.lower_ == "on" and not objects) or (
            dependent.lower_ in ("in", "at") and any(o in OFFICE_NOUNS for o in objects))
    return False


# Nouns for a post one holds ("stay in the job", "remain in office").
OFFICE_NOUNS = frozenset({"job", "post", "office", "role", "charge", "position", "club",
                          "team", "government", "cabinet", "seat"})


def clause_asked(clause: Token) -> int:
    """The polarity of a complement clause under a verb of appeal: "(urged X) to resign",
    "(called for X) to go", "(persuaded X) to stay on", "(demanded that X) resign". A
    clause in the indicative reports what someone does ("told X she would resign"): no
    appeal."""
    if clause.dep_ == "advcl":
        if not any(c.dep_ == "mark" and c.lower_ == "for" for c in clause.children):
            return 0
    elif clause.dep_ == "ccomp":
        mandative = clause.tag_ == "VB" and not any(c.dep_ == "aux" for c in clause.children)
        obliged = any(c.dep_ == "aux" and c.lower_ in ("should", "must") for c in clause.children)
        if not (mandative or obliged):
            return 0
    elif clause.dep_ != "xcomp" or not any(c.dep_ == "aux" and c.lower_ == "to"
                                           for c in clause.children):
        return 0  # ("urged X to resign", not "said X wanted to resign")
    return asked_of(clause)


def appeal_polarity(verb: Token) -> int:
    """A verb of appeal whose complement or object asks someone to go (-1: "urged X to
    resign", "called on X to apologise", "demanded X's resignation") or to stay (+1:
    "persuaded X to stay on"); else 0."""
    if verb.lemma_.lower() not in APPEAL_VERBS:
        return 0
    addressed = any(c.dep_ in ("dobj", "obj") or (c.dep_ == "prep" and c.lower_ == "on")
                    for c in verb.children)
    for child in verb.children:
        asked = clause_asked(child)
        if asked and (child.dep_ != "xcomp" or addressed):
            return asked  # (an infinitive asks the addressee: "urged X to", not "wanted to")
        nouns = [child] if child.dep_ in ("dobj", "obj") else [
            c for c in child.children if c.dep_ == "pobj"] if child.lower_ == "for" else []
        if any(n.lemma_.lower() in DEPARTURE_NOUNS for n in nouns):
            return -1
    return 0
