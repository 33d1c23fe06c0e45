"""When a statement was made: a date or weekday in its sentence, resolved against the
publication date ("on Saturday" is the last Saturday on or before publication), else the
publication date itself. Dates inside the reported content describe events, not the
statement, and are not used."""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, datetime, timedelta

from spacy.tokens import Span

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE_DAYS = {"today": 0, "yesterday": 1, "tonight": 0}
_HAS_DAY = re.compile(r"\d")
_DATES_KEY = "stancedb.dates_by_sentence"


def statement_date(sentence: Span, content: set[int], published: date | None) -> date | None:
    """The date a statement in `sentence` was made, or None when nothing fixes it."""
    if published is None:
        return _absolute_date(sentence, content)
    for entity in _dates_in(sentence):
        if any(t.i in content for t in entity):
            continue
        resolved = resolve(entity.text, published)
        if resolved is not None:
            return resolved
    return published


def _dates_in(sentence: Span) -> list[Span]:
    """The DATE entities of a sentence, from an index of the document's built once: each
    Span.ents builds every entity of the document again, which made dating quadratic."""
    doc = sentence.doc
    index: dict[int, list[Span]] | None = doc.user_data.get(_DATES_KEY)
    if index is None:
        starts = [s.start for s in doc.sents]
        index = {}
        for entity in doc.ents:
            if entity.label_ == "DATE":
                first = starts[bisect_right(starts, entity.start) - 1]
                index.setdefault(first, []).append(entity)
        doc.user_data[_DATES_KEY] = index
    return index.get(sentence.start, [])


def _absolute_date(sentence: Span, content: set[int]) -> date | None:
    for entity in _dates_in(sentence):
        if not any(t.i in content for t in entity) and \
                re.search(r"\b\d{4}\b", entity.text):
            parsed = _parse(entity.text, None)
            if parsed is not None:
                return parsed
    return None


def resolve(text: str, published: date) -> date | None:
    lowered = text.lower().strip()
    for word, back in RELATIVE_DAYS.items():
        if lowered.endswith(word):
            return published - timedelta(days=back)
    for number, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", lowered) and not _HAS_DAY.search(lowered):
            back = (published.weekday() - number) % 7
            if "last" in lowered and back == 0:
                back = 7
            return published - timedelta(days=back)
    if lowered in ("last week", "a week ago"):
        return published - timedelta(days=7)
    if not _HAS_DAY.search(lowered):
        return None  # "in October", "this year": not precise to the day
    parsed = _parse(text, published)
    if parsed is None or parsed > published:
        return None
    return parsed




def _parse(text: str, published: date | None) -> date | None:
    from dateparser import parse

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past",
                                   "REQUIRE_PARTS": ["day", "month"]}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    try:
        parsed = parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        return None
    return parsed.date() if parsed else None


