"""The statistical attribution model (docs/MODEL.md): it ships in the package and loads
offline, finds SOURCE, CUE and CONTENT spans, leaves the named entities alone, and keeps its
measured quality on the PolNeAR dev articles. The sentences here are made up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc

from stancedb.extract import attribution_model, nlp
from stancedb.extract.span_scoring import Counts, exact_counts, overlap_counts, overlap_matches
from tests.conftest import SHARED

POLNEAR_DEV = SHARED / "data" / "polnear_dev"
# Measured on polnear_dev when the model was trained (meta.json, docs/MODEL.md); the floor
# leaves room for a different machine's arithmetic, not for a worse model.
CONTENT_OVERLAP_F1_FLOOR = 0.80
ENT_ATTRS: list[int | str] = ["ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID"]
SENTENCES = [
    '"The plan will fail," said union leader Maria Gomez.',
    "Finance Minister Tom Hale told reporters that taxes would not rise.",
    "The senator said on Tuesday that the bill was dead.",
]


def spans(doc: Doc) -> set[tuple[str, str]]:
    return {(s.label_, s.text) for s in doc.spans[attribution_model.SPANS_KEY]}


def test_the_model_ships_in_the_package() -> None:
    path = attribution_model.PACKAGED_MODEL
    assert path.is_relative_to(Path(attribution_model.__file__).resolve().parent)
    meta = json.loads((path / "meta.json").read_text())
    assert meta["data"]["commit"] == "c3eee833c035bf7b8c84f55b58c0bf7346cfae76"
    assert meta["data"]["train"]["articles"] == 818
    assert "content_overlap_shorter" in meta["dev_scores"]
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    assert size < 30_000_000
    model = attribution_model.load_model()
    assert model.pipe_names == ["ner"]
    ner = model.get_pipe("ner")
    assert isinstance(ner, EntityRecognizer)
    assert set(ner.labels) == set(attribution_model.LABELS)
    assert "+stancedb_attribution-" in nlp.model_version()


def test_it_finds_source_cue_and_content() -> None:
    quote, told, said = nlp.load().pipe(SENTENCES)
    assert {("SOURCE", "union leader Maria Gomez"), ("CUE", "said")} <= spans(quote)
    assert any(label == "CONTENT" and "The plan will fail" in text
               for label, text in spans(quote))
    assert {("SOURCE", "Finance Minister Tom Hale"), ("CUE", "told")} <= spans(told)
    assert any(label == "CONTENT" and text.endswith("taxes would not rise")
               for label, text in spans(told))
    assert {("SOURCE", "The senator"), ("CUE", "said")} <= spans(said)
    assert any(label == "CONTENT" and text.endswith("the bill was dead")
               for label, text in spans(said))


def test_named_entities_and_tensor_are_left_as_they_were() -> None:
    runtime = nlp.load()
    for text in SENTENCES:
        with runtime.select_pipes(disable=[attribution_model.COMPONENT]):
            before = runtime(text)
        after = runtime(text)
        assert spans(after)
        assert (after.to_array(ENT_ATTRS) == before.to_array(ENT_ATTRS)).all()
        assert [(e.text, e.label_) for e in after.ents] == [(e.text, e.label_)
                                                            for e in before.ents]
        assert (after.tensor == before.tensor).all()
        assert [s.text for s in after.sents] == [s.text for s in before.sents]


def test_it_runs_in_several_processes() -> None:
    single = [spans(doc) for doc in nlp.load().pipe(SENTENCES)]
    several = [spans(doc) for doc in nlp.load().pipe(SENTENCES, n_process=2, batch_size=1)]
    assert several == single


def test_content_overlap_is_at_least_half_of_the_shorter_span() -> None:
    assert overlap_matches((0, 10), (5, 30))  # 5 shared, shorter 10
    assert not overlap_matches((0, 10), (6, 30))
    assert not overlap_matches((0, 10), (5, 30), basis="gold")  # needs 13 of the gold 25
    assert not overlap_matches((0, 10), (10, 20))
    gold = [(0, 20, "CONTENT"), (40, 60, "CONTENT"), (70, 75, "SOURCE")]
    predicted = [(2, 18, "CONTENT"), (100, 120, "CONTENT"), (70, 75, "SOURCE")]
    counts = overlap_counts(predicted, gold)
    assert counts == Counts(matched_predicted=1, predicted=2, matched_gold=1, gold=2)
    assert counts.precision == counts.recall == counts.f1 == 0.5
    assert exact_counts(predicted, gold, "SOURCE") == Counts(1, 1, 1, 1)
    assert exact_counts(predicted, gold, "CONTENT").f1 == 0.0


@pytest.mark.skipif(not POLNEAR_DEV.is_dir(),
                    reason="../shared/data/polnear_dev (PolNeAR dev articles, not shipped) "
                           "is not present")
def test_content_overlap_on_polnear_dev() -> None:
    from stancedb.extract.train import evaluate

    runtime = nlp.load()
    # The component reads only the tokens (its NER has its own tok2vec), so the other
    # components are skipped to keep this test short; the predictions are the same.
    with runtime.select_pipes(enable=[attribution_model.COMPONENT]):
        scores = evaluate(runtime, POLNEAR_DEV)
    assert scores["content_overlap_shorter"]["f"] >= CONTENT_OVERLAP_F1_FLOOR, scores
