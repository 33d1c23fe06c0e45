"""Word lists the extractor reasons with: reporting verbs, verbs and nouns that carry a stance
toward their object, markers of negation, conditions and demands, and titles of office."""

from __future__ import annotations

# Verbs that introduce reported content (lemmas).
SPEECH_VERBS = frozenset({
    "say", "tell", "add", "state", "declare", "announce", "claim", "insist", "argue", "warn",
    "note", "explain", "stress", "emphasize", "emphasise", "suggest", "write", "report",
    "confirm", "deny", "reply", "respond", "retort", "assert", "affirm", "maintain", "predict",
    "acknowledge", "admit", "concede", "point", "remark", "comment", "reiterate", "repeat",
    "believe", "think", "hope", "fear", "expect", "promise", "pledge", "vow", "propose",
    "signal", "indicate", "express", "describe", "call", "testify", "tweet",
    "post", "speak", "ask", "demand", "urge", "recall", "allege", "charge", "contend",
    "caution", "counter", "complain", "boast", "mention", "observe", "conclude", "agree",
    "disagree", "know", "learn", "show", "want",
})

# Verbs whose object receives the subject's stance: +1 support, -1 oppose.
VERB_POLARITY: dict[str, int] = {
    # support
    "support": 1, "back": 1, "help": 1, "assist": 1, "aid": 1, "cooperate": 1,
    "collaborate": 1, "work": 1, "coordinate": 1, "ally": 1, "partner": 1, "thank": 1,
    "praise": 1, "welcome": 1, "endorse": 1, "defend": 1, "protect": 1, "cover": 1,
    "arm": 1, "supply": 1, "fund": 1, "finance": 1, "train": 1, "invite": 1, "congratulate": 1,
    "trust": 1, "applaud": 1, "commend": 1, "hail": 1, "embrace": 1, "favor": 1, "favour": 1,
    "champion": 1, "recognize": 1, "recognise": 1, "prop": 1, "strengthen": 1, "offer": 1,
    "join": 1, "engage": 1, "contact": 1, "negotiate": 1, "admire": 1, "like": 1, "share": 1,
    "love": 1, "vote": 1, "elect": 1, "nominate": 1, "provide": 1, "reward": 1, "save": 1,
    # oppose
    "oppose": -1, "fight": -1, "combat": -1, "bomb": -1, "attack": -1, "strike": -1,
    "target": -1, "hit": -1, "kill": -1, "destroy": -1, "degrade": -1, "defeat": -1,
    "eliminate": -1, "eradicate": -1, "crush": -1, "reject": -1, "criticize": -1,
    "criticise": -1, "condemn": -1, "denounce": -1, "accuse": -1, "blame": -1, "dismiss": -1,
    "slam": -1, "threaten": -1, "sanction": -1, "punish": -1,
    "invade": -1, "shell": -1, "besiege": -1, "occupy": -1, "doubt": -1, "distrust": -1,
    "question": -1, "mock": -1, "ridicule": -1, "rebuke": -1, "scold": -1, "castigate": -1,
    "lambast": -1, "blast": -1, "fault": -1, "resist": -1, "counter": -1, "confront": -1,
    "undermine": -1, "betray": -1, "deceive": -1, "mislead": -1, "lie": -1, "ban": -1,
    "boycott": -1, "expel": -1, "isolate": -1, "warn": -1, "harm": -1, "hurt": -1,
    "damage": -1, "terrorize": -1, "persecute": -1, "impeach": -1, "sue": -1, "investigate": -1,
    "defund": -1, "repeal": -1, "overthrow": -1, "topple": -1, "oust": -1, "hate": -1,
    "despise": -1, "disparage": -1, "insult": -1, "smear": -1, "vilify": -1, "demonize": -1,
}

# Nouns that relate their owner to a target, with the same sign ("support for X").
NOUN_POLARITY: dict[str, int] = {
    "support": 1, "help": 1, "assistance": 1, "aid": 1, "cooperation": 1, "co-operation": 1,
    "collaboration": 1, "coordination": 1, "alliance": 1, "partnership": 1, "gratitude": 1,
    "thanks": 1, "praise": 1, "dialogue": 1, "contact": 1, "contacts": 1, "exchange": 1,
    "talks": 1, "friendship": 1, "solidarity": 1, "endorsement": 1, "backing": 1, "cover": 1,
    "protection": 1, "invitation": 1, "trust": 1, "admiration": 1, "respect": 1,
    "fight": -1, "war": -1, "attack": -1, "attacks": -1, "strikes": -1,
    "airstrikes": -1, "bombing": -1, "campaign": -1, "sanctions": -1, "criticism": -1,
    "condemnation": -1, "hostility": -1, "aggression": -1, "struggle": -1, "combat": -1,
    "offensive": -1, "operation": -1, "pressure": -1, "accusation": -1, "accusations": -1,
}

# Prepositions that carry a stance toward their object wherever they attach.
PREPOSITION_POLARITY = {"against": -1, "without": -1}

# Words saying the thing they govern does not happen (flip the polarity below them).
NEGATORS = frozenset({
    "not", "n't", "never", "no", "neither", "nor", "without", "hardly", "barely",
})
FAILURE_WORDS = frozenset({
    "unable", "fail", "refuse", "refusal", "decline", "reluctant", "unwilling", "stop",
    "cease", "end", "halt", "quit", "abandon", "failure", "impossible", "can't",
})

# Words that make the subject of the clause they govern the object of criticism.
NEGATIVE_EVALUATIONS = frozenset({
    "mistake", "error", "blunder", "failure", "refusal", "wrong", "unacceptable", "crime",
    "crimes", "disgrace", "outrage", "lie", "lies", "scandal", "disaster", "fault",
    "irresponsible", "dangerous", "illegal", "unlawful", "aggression", "provocation",
    "propaganda", "hypocrisy", "betrayal", "shame", "shameful", "terrible", "bad", "corrupt",
    "incompetent", "reckless", "deceptive", "dishonest", "fraud", "threat", "unclear",
    "skeptical", "sceptical", "false", "untrue", "baseless", "absurd", "ridiculous",
})
POSITIVE_EVALUATIONS = frozenset({
    "legitimate", "good", "great", "right", "important", "welcome", "positive", "useful",
    "constructive", "helpful", "correct", "honest", "reliable", "strong", "excellent",
    "brave", "courageous", "qualified", "fit",
})

# Modal words that turn a clause into a demand the speaker makes ("they should stop ...").
DEMAND_WORDS = frozenset({"should", "must", "ought"})
# Main verbs that make a demand of their infinitive complement ("they have got to stop").
DEMAND_VERBS = frozenset({"have", "get", "need"})
# Verbs whose real action is their complement ("began bombing", "want to cooperate").
ASPECTUAL_VERBS = frozenset({"begin", "start", "continue", "keep", "resume", "try", "attempt",
                             "seek", "plan", "intend", "go", "want", "wish", "decide", "agree",
                             "promise", "threaten_to", "be"})
# Nouns of quantity or collectivity: "the majority of Russian air strikes" stands for the strikes.
QUANTITY_NOUNS = frozenset({"majority", "most", "many", "some", "all", "part", "half", "percent",
                            "number", "dozens", "hundreds", "thousands", "leadership", "members",
                            "people", "government", "forces", "side", "rest", "bulk", "share",
                            "one", "each", "any", "none"})
# Verbs of meeting and talking: the partner is supported when the topic is cooperative.
COMMUNICATION_VERBS = frozenset({"speak", "talk", "meet", "confer", "discuss", "agree",
                                 "negotiate", "consult"})
# Words that put what follows in someone else's mouth or in doubt.
HEARSAY_WORDS = frozenset({"claim", "claims", "allegation", "allegations", "rumor", "rumour",
                           "whether"})
CONDITION_MARKERS = frozenset({"if", "unless", "provided", "providing", "as long as"})

# Titles of office: a noun phrase with one of these heads describes a person.
TITLES = frozenset({
    "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson",
    "deputy", "ambassador", "envoy", "chancellor", "king", "queen", "prince", "general",
    "colonel", "lieutenant", "commander", "leader", "chief", "head", "senator", "governor",
    "mayor", "representative", "chairman", "chairwoman", "chair", "director", "official",
    "adviser", "advisor", "counterpart", "premier", "fm", "pm", "diplomat", "negotiator",
    "lawmaker", "legislator", "candidate", "nominee", "speaker", "pope", "cleric", "judge",
    "justice", "attorney", "prosecutor", "member", "emir", "sheikh", "vice", "manager",
    "aide", "strategist", "chairperson", "founder", "ceo", "executive", "officer", "analyst",
    "professor", "economist", "expert", "activist", "campaigner", "organizer", "governor-elect",
    "congressman", "congresswoman", "sen.", "rep.", "gov.", "gen.", "col.", "lt.",
})
TITLE_EXPANSIONS = {"fm": "foreign minister", "pm": "prime minister", "sen.": "senator",
                    "rep.": "representative", "gov.": "governor", "gen.": "general",
                    "col.": "colonel", "lt.": "lieutenant"}

# Pronouns by what they can refer to.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "theirs", "it", "its"})
SPEAKER_PRONOUNS = frozenset({"i", "me", "my", "we", "us", "our", "ours", "myself",
                              "ourselves"})
