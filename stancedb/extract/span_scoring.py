"""Scoring predicted spans against gold spans, by character offsets.

Two measures, both micro-averaged over everything passed in (sum the counts of several
documents with `Counts.__add__`, then read precision, recall and F1):

- **exact**: a predicted span is right when a gold span has the same start, end and label.
- **overlap** (for content): a predicted span *matches* a gold span of the same label when
  the characters they share are at least half of the shorter of the two,
  ``2 * |p ∩ g| >= min(|p|, |g|)`` (``basis="shorter"``); the stricter variant asks for at
  least half of the gold span, ``2 * |p ∩ g| >= |g|`` (``basis="gold"``). Precision is the
  share of predicted spans that match some gold span, recall the share of gold spans matched
  by some predicted span (not one-to-one: two predicted halves of one gold span both count).

Spans are ``(start, end, label)`` with ``end`` exclusive; empty spans never match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Span = tuple[int, int, str]
Basis = Literal["shorter", "gold"]


class PrecisionRecall:
    """Precision, recall and F1 from matched and total counts on each side (for any class
    with `matched_predicted`, `predicted`, `matched_gold` and `gold`)."""

    matched_predicted: int
    predicted: int
    matched_gold: int
    gold: int

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Counts(PrecisionRecall):
    """Matched and total spans on each side; precision/recall/F1 follow from them."""

    matched_predicted: int = 0
    predicted: int = 0
    matched_gold: int = 0
    gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.matched_predicted + other.matched_predicted,
                      self.predicted + other.predicted,
                      self.matched_gold + other.matched_gold, self.gold + other.gold)

    def as_dict(self) -> dict[str, float | int]:
        return {"p": round(self.precision, 4), "r": round(self.recall, 4),
                "f": round(self.f1, 4), "predicted": self.predicted, "gold": self.gold}


def overlap_matches(predicted: tuple[int, int], gold: tuple[int, int],
                    basis: Basis = "shorter") -> bool:
    """Whether two spans share at least half of the shorter one (or of the gold one)."""
    shared = min(predicted[1], gold[1]) - max(predicted[0], gold[0])
    if shared <= 0:
        return False
    length_p, length_g = predicted[1] - predicted[0], gold[1] - gold[0]
    needed = min(length_p, length_g) if basis == "shorter" else length_g
    return 2 * shared >= needed


def overlap_counts(predicted: Iterable[Span], gold: Iterable[Span], label: str = "CONTENT",
                   basis: Basis = "shorter") -> Counts:
    """Overlap matching of the spans with `label` (one document's spans, or several
    documents' spans with offsets that cannot collide)."""
    found = sorted((s, e) for s, e, lab in predicted if lab == label)
    wanted = sorted((s, e) for s, e, lab in gold if lab == label)
    gold_hit = [False] * len(wanted)
    matched_predicted = 0
    for span in found:
        hit = False
        # Quadratic in the worst case, but an article has tens of spans per label.
        for index, other in enumerate(wanted):
            if other[0] >= span[1]:
                break
            if overlap_matches(span, other, basis):
                hit = gold_hit[index] = True
        matched_predicted += hit
    return Counts(matched_predicted, len(found), sum(gold_hit), len(wanted))


def exact_counts(predicted: Iterable[Span], gold: Iterable[Span],
                 label: str | None = None) -> Counts:
    """Exact matching of spans (of one label, or of all labels together)."""
    found = {s for s in predicted if label is None or s[2] == label}
    wanted = {s for s in gold if label is None or s[2] == label}
    both = len(found & wanted)
    return Counts(both, len(found), both, len(wanted))


def score_documents(pairs: Sequence[tuple[Sequence[Span], Sequence[Span]]],
                    labels: Sequence[str] = ("SOURCE", "CUE", "CONTENT"),
                    content_label: str = "CONTENT") -> dict[str, dict[str, float | int]]:
    """Per-label exact scores, all labels exact, and content overlap (both variants) over
    (predicted, gold) pairs, one pair per document."""
    exact = {label: Counts() for label in labels}
    total = Counts()
    shorter = gold_half = Counts()
    for predicted, gold in pairs:
        for label in labels:
            exact[label] += exact_counts(predicted, gold, label)
        total += exact_counts(predicted, gold)
        shorter += overlap_counts(predicted, gold, content_label, "shorter")
        gold_half += overlap_counts(predicted, gold, content_label, "gold")
    scores = {f"exact_{label}": counts.as_dict() for label, counts in exact.items()}
    scores["exact_all"] = total.as_dict()
    scores["content_overlap_shorter"] = shorter.as_dict()
    scores["content_overlap_gold"] = gold_half.as_dict()
    return scores
