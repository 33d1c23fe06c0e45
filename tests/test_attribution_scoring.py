"""How quotes are scored against brat attribution gold (stancedb eval --brat)."""

from __future__ import annotations

from pathlib import Path

from stancedb.extract.evaluation import (
    AttributionScore,
    GoldAttribution,
    read_brat,
    same_speaker,
    score_attribution,
)


def test_names_match_by_surname_party_and_family_name_first() -> None:
    assert same_speaker("Ann Lee", "Ms. Lee")
    assert same_speaker("Ban Ki-moon", "Mr. Ban")  # family name written first
    assert same_speaker("Democratic Party", "Many Democrats")
    assert not same_speaker("Ann Lee", "Mr. Ban")


def test_content_overlap_of_half_the_shorter_span_matches() -> None:
    gold = [GoldAttribution("Ann Lee", (100, 200), source_span=(80, 87)),
            GoldAttribution("Tom Reed", (300, 400), source_span=(280, 288))]
    score = AttributionScore()
    # The first overlaps by 60 of its 100 characters; the second quote misses everything.
    score_attribution(gold, [("Ann Lee", 140, 210, 80, 87), ("Ann Lee", 500, 600, 480, 487)],
                      "a.txt", score)
    assert (score.gold, score.predicted, score.matched_gold, score.matched_predicted) == \
        (2, 2, 1, 1)
    assert score.speaker_accuracy == 1.0 and score.f1 == 0.5


def test_a_description_source_is_matched_at_its_mention_whoever_it_resolves_to() -> None:
    # The gold does not say whom "the Indiana governor" is; a speaker found at that very
    # mention is right. A pronoun source is checked by name.
    described = GoldAttribution("The Indiana governor", (100, 200), None, (80, 100), True)
    pronoun = GoldAttribution("Tom Reed", (300, 400), source_span=(290, 292))
    score = AttributionScore()
    score_attribution([described, pronoun], [("Mike Pence", 100, 200, 80, 100),
                                             ("Ann Lee", 300, 400, 290, 292)], "a.txt", score)
    assert (score.speakers_right, score.speakers_by_mention) == (1, 1)
    assert score.errors == ["a.txt: gold 'Tom Reed', found 'Ann Lee'"]


def test_a_description_found_elsewhere_is_not_credited() -> None:
    described = GoldAttribution("the union leader", (100, 200), None, (80, 96), True)
    score = AttributionScore()
    score_attribution([described], [("Mike Pence", 100, 200, 20, 30)], "a.txt", score)
    assert (score.matched_gold, score.speakers_right) == (1, 0)


def test_of_quotes_overlapping_one_attribution_the_one_with_its_cue_is_judged() -> None:
    # "Lee said that Reed told aides ...": both reports cover the words; the gold's cue
    # ("told", at 130-134) says which of them it is.
    gold = [GoldAttribution("Tom Reed", (100, 200), source_span=(120, 128), cue=(130, 134))]
    score = AttributionScore()
    score_attribution(gold, [("Ann Lee", 95, 200, 80, 87, 88, 92),
                             ("Tom Reed", 135, 200, 120, 128, 130, 134)], "a.txt", score)
    assert (score.matched_gold, score.speakers_right) == (1, 1)


def test_a_relative_pronoun_source_is_matched_at_its_mention(tmp_path: Path) -> None:
    # "..., who said ...": the gold gives no referent for "who"; the nearest earlier named
    # source is no guess for it, so a speaker found at "who" is right.
    ann = tmp_path / "a_1.ann"
    ann.write_text("T1\tSource 0 7\tAnn Lee\nT2\tCue 8 12\tsaid\nT3\tContent 13 30\tx\n"
                   "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
                   "T4\tSource 50 53\twho\nT5\tCue 54 58\tsaid\nT6\tContent 59 90\ty\n"
                   "E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6\n", encoding="utf-8")
    gold = read_brat(ann)
    assert gold[1].description and gold[1].cue == (54, 58)
    score = AttributionScore()
    score_attribution(gold, [("Ann Lee", 13, 30, 0, 7), ("Tom Reed", 59, 90, 50, 53)],
                      "a.txt", score)
    assert score.speakers_right == 2
