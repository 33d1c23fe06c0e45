"""When a statement was made: a date or weekday in its sentence, resolved against the
publication date ("on Saturday" is the last Saturday on or before publication), else the
publication date itself. Dates inside the reported content describe events, not the
statement, and are not used."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from spacy.tokens import Span

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE_DAYS = {"today": 0, "yesterday": 1, "tonight": 0}
_HAS_DAY = re.compile(r"\d")


def statement_date(sentence: Span, content: set[int], published: date | None) -> date | None:
    """The date a statement in `sentence` was made, or None when nothing fixes it."""
    if published is None:
        return _absolute_date(sentence, content)
    for entity in sentence.ents:
        if entity.label_ != "DATE" or any(t.i in content for t in entity):
            continue
        resolved = resolve(entity.text, published)
        if resolved is not None:
            return resolved
    return published


def _absolute_date(sentence: Span, content: set[int]) -> date | None:
    for entity in sentence.ents:
        if entity.label_ == "DATE" and not any(t.i in content for t in entity) and \
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


