"""Scoring extracted statements against hand-annotated gold.

Stance triples (the format of ../shared/gold): per document, the set of (actor, target,
stance) triples; names matched through an entity alias file (case, a leading "the",
punctuation and white space ignored). Precision counts predicted non-neutral triples, leaving
out those that match an optional gold triple; recall counts required gold triples. At
organisation level each name is first mapped to its `org`. Dates count as right within one
day of the gold date.

Attribution (brat standoff, as in PolNeAR): precision, recall and F1 of quotes whose content
overlaps a gold attribution's content by at least half of the shorter span, and, on the
matched ones, whether the quote's speaker is the gold source. Pronoun sources are read as the
nearest earlier named source in the gold file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from stancedb.errors import InputError
from stancedb.extract.span_scoring import PrecisionRecall, overlap_matches

Triple = tuple[str, str, str]
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "him", "her", "them", "his", "its",
                      "their", "you", "who", "which", "that", "whom"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
DETERMINERS = ("the ", "a ", "an ", "one ", "another ", "this ", "these ", "those ")
# Annotations whose "source" is a reporting verb are slips of the annotation tool.
NOT_SOURCES = frozenset({"said", "says", "say", "told", "added", "according to"})


@dataclass(frozen=True)
class Predicted:
    document: str
    actor: str
    target: str
    stance: str
    stated_on: date | None


@dataclass
class LevelScore:
    true_positives: int = 0
    predicted: int = 0  # non-neutral, not matching only an optional triple
    required: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.required if self.required else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class StanceScore:
    person: LevelScore
    org: LevelScore
    dates_right: int
    dates_checked: int
    documents: int

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.dates_checked if self.dates_checked else 0.0


class Aliases:
    """Gold entity names and their surface forms."""

    def __init__(self, entities: dict[str, Any]) -> None:
        self.canonical: dict[str, str] = {}
        self.org: dict[str, str] = {}
        for name, entry in entities.items():
            if name.startswith("_") or not isinstance(entry, dict):
                continue
            self.org[name] = entry.get("org") or name
            for form in [name, *entry.get("aliases", [])]:
                self.canonical.setdefault(normal(form), name)

    @classmethod
    def load(cls, path: Path) -> Aliases:
        try:
            return cls(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"unreadable entity file: {exc}", str(path)) from None

    def person(self, name: str) -> str:
        return self.canonical.get(normal(name), f"?{name}")

    def organisation(self, name: str) -> str:
        person = self.person(name)
        return self.org.get(person, person)


def normal(name: str) -> str:
    text = re.sub(r"[’']s\b", "", name.lower().strip())  # "Trump's" names Trump
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"[^\w\s]", "", text)
    return " ".join(text.split())


def load_gold(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InputError(f"invalid JSON: {exc.msg}", str(path), number) from None
    return rows


def score_stances(gold: list[dict[str, Any]], predicted: Iterable[Predicted],
                  aliases: Aliases) -> StanceScore:
    predictions = [p for p in predicted if p.stance in ("support", "oppose")]
    documents = sorted({g["doc"] for g in gold})
    person = _score_level(gold, predictions, documents, aliases.person)
    org = _score_level(gold, predictions, documents, aliases.organisation)
    right = checked = 0
    for row in gold:
        if row.get("optional"):
            continue
        triple = (aliases.person(row["actor"]), aliases.person(row["target"]), row["stance"])
        dates = [p.stated_on for p in predictions if p.document == row["doc"]
                 and (aliases.person(p.actor), aliases.person(p.target), p.stance) == triple]
        if dates:
            checked += 1
            gold_date = date.fromisoformat(row["date"])
            right += any(d is not None and abs((d - gold_date).days) <= 1 for d in dates)
    return StanceScore(person, org, right, checked, len(documents))


def _score_level(gold: list[dict[str, Any]], predictions: list[Predicted],
                 documents: list[str], name: Any) -> LevelScore:
    score = LevelScore()
    for document in documents:
        required: set[Triple] = set()
        optional: set[Triple] = set()
        for row in gold:
            if row["doc"] == document:
                triple = (name(row["actor"]), name(row["target"]), row["stance"])
                (optional if row.get("optional") else required).add(triple)
        found = {(name(p.actor), name(p.target), p.stance) for p in predictions
                 if p.document == document}
        hits = found & required
        counted = found - (optional - required)
        score.true_positives += len(hits)
        score.predicted += len(counted)
        score.required += len(required)
        score.misses += [f"{document}: {t}" for t in sorted(required - found)]
        score.false_positives += [f"{document}: {t}" for t in sorted(counted - required)]
    return score


# --- attribution -----------------------------------------------------------------------------

@dataclass(frozen=True)
class GoldAttribution:
    source: str
    content: tuple[int, int]
    # For a pronoun or a description ("the Republican nominee"): the nearest earlier named
    # source in the gold file, which the source is taken to refer to.
    resolved: str | None = None
    # Where the source is in the text, and whether it is a description (not a name or a
    # pronoun), whose referent the gold does not give.
    source_span: tuple[int, int] | None = None
    description: bool = False
    cue: tuple[int, int] | None = None


@dataclass
class AttributionScore(PrecisionRecall):
    """Quotes against brat attributions. A found quote and a gold attribution match when
    their content spans overlap by at least half of the shorter of the two; precision is the
    share of quotes that match a gold attribution, recall the share of gold attributions
    matched. Speaker accuracy is read on the matched gold attributions: is the speaker of the
    quote that overlaps most the gold source (see `same_speaker`)? A gold source that is a
    description ("the Indiana governor") or a relative pronoun ("who") is also matched by a
    speaker found at that very mention (overlapping spans), whoever it was resolved to: the
    gold does not say whom it refers to. Other pronouns are checked by name. Where several
    quotes overlap a gold attribution (a report nested in another), the one with the gold's
    cue is the one judged."""

    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_predicted: int = 0
    speakers_right: int = 0
    speakers_by_mention: int = 0  # of speakers_right: descriptions matched by their span
    errors: list[str] = field(default_factory=list)

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_right / self.matched_gold if self.matched_gold else 0.0


def read_brat(path: Path) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, int, int, str]] = {}
    links: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            label, *offsets = parts[1].split()
            if ";" in " ".join(offsets):  # discontinuous: take its outer bounds
                numbers = [int(n) for n in re.findall(r"\d+", " ".join(offsets))]
                start, end = min(numbers), max(numbers)
            else:
                start, end = int(offsets[0]), int(offsets[1])
            spans[parts[0]] = (label, start, end, parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            links.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    found = []
    previous_named = None
    for link in sorted(links, key=lambda lk: spans.get(lk.get("Content", ""), ("", 0))[1]):
        source = spans.get(link.get("Source", ""))
        content = spans.get(link.get("Content", ""))
        if source is None or content is None:
            continue
        text = source[3]
        key = normal(text)
        if key in NOT_SOURCES:
            continue
        span = (source[1], source[2])
        cue = spans.get(link.get("Cue", ""))
        cue_span = (cue[1], cue[2]) if cue is not None else None
        if key in PRONOUNS:
            # A relative pronoun refers to the noun its clause hangs from, which the gold
            # does not give (the previous source is no guess for it): like a description,
            # it is also matched by a speaker found at that mention.
            found.append(GoldAttribution(previous_named or text, (content[1], content[2]),
                                         source_span=span, description=key in RELATIVE,
                                         cue=cue_span))
            continue
        # "the Indiana governor", "critics": a common noun heads it ("The New York Times"
        # is a name).
        description = text[:1].islower() or (text.lower().startswith(DETERMINERS)
                                             and text.split()[-1][:1].islower())
        described = text.lower().startswith(DETERMINERS) and previous_named is not None
        found.append(GoldAttribution(text, (content[1], content[2]),
                                     previous_named if described else None, span,
                                     description, cue_span))
        if not described:
            previous_named = text
    return found


def same_speaker(predicted: str, gold: str) -> bool:
    """Same name, or the predicted surname among the words that head the gold source
    ("Mr. Grassley and Mr. Leahy", "The Trump campaign") or of a name in apposition to them
    ("Another critic, Laurence H. Tribe,"), or the same entity in the gazetteer
    ("Republicans" and "Republican Party")."""
    from stancedb.extract.gazetteer import lookup

    p = normal(predicted)
    if not p:
        return False
    # The words that head the gold source, and a name in apposition to them ("Another
    # critic, Laurence H. Tribe,"), each name the speaker.
    for part in re.split(r"[,(]", gold)[:2]:
        g = normal(part)
        if not g:
            continue
        if p == g or p in g or g in p or p.split()[-1] in g.split():
            return True
        # "Mr. Ban" is Ban Ki-moon: a courtesy title before a family name written first.
        if g.split()[0] in COURTESY_TITLES and p.split()[0] == g.split()[-1]:
            return True
        # "Many Democrats", "one Republican": members of the party that was found.
        plain = QUANTIFIER.sub("", part.strip())
        known_p = lookup(predicted)
        known_g = lookup(part) or lookup(plain) or lookup(plain.title())
        if known_p is not None and known_g is not None and \
                known_p.canonical == known_g.canonical:
            return True
    return False


COURTESY_TITLES = frozenset({"mr", "mrs", "ms", "dr", "miss"})
QUANTIFIER = re.compile(r"^(?:the|a|an|many|some|several|one|other|few|most|all|both)\s+",
                        re.IGNORECASE)


class FoundQuote(NamedTuple):
    """A quote as the scorer reads it; the cue's span, when known, tells apart quotes whose
    contents overlap the same gold attribution (a report nested in another)."""

    speaker: str
    content_start: int
    content_end: int
    speaker_start: int
    speaker_end: int
    cue_start: int = -1
    cue_end: int = -1


def score_attribution(gold: list[GoldAttribution], found: list[tuple[Any, ...]],
                      document: str, score: AttributionScore) -> None:
    """Add one document's quotes (FoundQuote fields, the cue's span optional) to the
    score."""
    quotes = [FoundQuote(*q) for q in found]
    score.gold += len(gold)
    score.predicted += len(quotes)
    matched: set[int] = set()
    for attribution in gold:
        overlapping = [(min(q.content_end, attribution.content[1])
                        - max(q.content_start, attribution.content[0]), k)
                       for k, q in enumerate(quotes)
                       if overlap_matches((q.content_start, q.content_end), attribution.content)]
        if not overlapping:
            continue
        matched.update(k for _shared, k in overlapping)
        score.matched_gold += 1
        # The quote that is this attribution: the one with the gold's cue, else the one
        # that overlaps its content most.
        same_cue = [(shared, k) for shared, k in overlapping
                    if attribution.cue is not None and _overlap(quotes[k], attribution.cue)]
        quote = quotes[max(same_cue or overlapping)[1]]
        names = [attribution.source] + ([attribution.resolved] if attribution.resolved else [])
        if any(same_speaker(quote.speaker, name) for name in names):
            score.speakers_right += 1
        elif attribution.description and attribution.source_span is not None and \
                quote.speaker_start < attribution.source_span[1] and \
                attribution.source_span[0] < quote.speaker_end:
            score.speakers_right += 1
            score.speakers_by_mention += 1
        else:
            score.errors.append(
                f"{document}: gold {attribution.source!r}, found {quote.speaker!r}")
    score.matched_predicted += len(matched)


def _overlap(quote: FoundQuote, cue: tuple[int, int]) -> bool:
    return quote.cue_start < cue[1] and cue[0] < quote.cue_end


# --- runs ------------------------------------------------------------------------------------

def extracted_predictions(folder: Path) -> list[Predicted]:
    """Statements the extractor finds in a folder of articles (nothing is stored)."""
    from stancedb.extract.documents import is_article, read_documents, read_manifest
    from stancedb.extract.pipeline import extract_all

    manifest, _problems = read_manifest(folder)
    documents = [document for path in sorted(folder.iterdir()) if is_article(path)
                 for document in read_documents(path, None, manifest)]
    return [Predicted(e.document.name, s.actor, s.target, s.stance, s.stated_on)
            for e in extract_all(documents) for s in e.statements]


def score_attribution_folder(folder: Path) -> AttributionScore:
    """Quotes against a brat corpus: text/<stem>.txt and attributions/<stem>_*.ann (the
    first annotator's file when there are several)."""
    from stancedb.extract.documents import read_documents
    from stancedb.extract.pipeline import extract_all

    texts = sorted((folder / "text").glob("*.txt"))
    if not texts:
        raise InputError("no text/*.txt files (expected text/ and attributions/)", str(folder))
    score = AttributionScore()
    documents = [document for path in texts for document in read_documents(path)]
    for extraction in extract_all(documents):
        stem = Path(extraction.document.name).stem
        annotations = sorted((folder / "attributions").glob(f"{stem}_*.ann"))
        if not annotations:
            continue
        found = [(q.speaker, q.content_start, q.content_end, q.speaker_start, q.speaker_end,
                  -1 if q.cue_start is None else q.cue_start,
                  -1 if q.cue_end is None else q.cue_end) for q in extraction.quotes]
        score_attribution(read_brat(annotations[0]), found, extraction.document.name, score)
    return score


# --- the shared development sets -------------------------------------------------------------

# Stance corpora under a shared folder: (name, gold, entities, articles), relative to it.
STANCE_DEV_SETS = (
    ("seeds", "gold/seeds.jsonl", "gold/entities.json", "seeds"),
    ("bbc_dev", "data/bbc_dev/gold.jsonl", "data/bbc_dev/entities.json", "data/bbc_dev/text"),
)
# Attribution corpora (brat) under a shared folder.
ATTRIBUTION_DEV_SETS = (("polnear_dev", "data/polnear_dev"),)


@dataclass
class DevScores:
    """Every development set found under a shared folder, scored; the sets not found."""

    stances: dict[str, StanceScore] = field(default_factory=dict)
    attributions: dict[str, AttributionScore] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def score_dev_sets(shared: Path) -> DevScores:
    """Extract and score each development set of a shared folder (as `../shared` is laid
    out): stance triples on seeds and bbc_dev, attributions on polnear_dev."""
    scores = DevScores()
    for name, gold, entities, articles in STANCE_DEV_SETS:
        paths = [shared / gold, shared / entities, shared / articles]
        if not all(p.exists() for p in paths):
            scores.missing.append(name)
            continue
        scores.stances[name] = score_stances(load_gold(paths[0]),
                                             extracted_predictions(paths[2]),
                                             Aliases.load(paths[1]))
    for name, folder in ATTRIBUTION_DEV_SETS:
        if not (shared / folder / "text").is_dir():
            scores.missing.append(name)
            continue
        scores.attributions[name] = score_attribution_folder(shared / folder)
    if not scores.stances and not scores.attributions:
        raise InputError("no development set found (expected gold/, seeds/ or data/)",
                         str(shared))
    return scores
