"""Site furniture and headings: lines of a web page that are not the article's reporting.

Furniture (player links, share buttons and counts, photo credits, page timestamps, slugs,
tag lists, credit lines) and headings (short lines that do not end like a sentence: section
titles, captions, related-article links) are masked before extraction, so they can never
become statements. The article's own title is kept: headline-style reports come from it.
"""

from __future__ import annotations

import re

_FURNITURE_LINE = re.compile(
    r"^\s*(live|share( this( article| story)?)?|"
    r"advertisement|ad|read more|continue reading|subscribe.*|sign up.*|"
    r"follow us.*|related( articles| stories| coverage)?|more from .*|click here.*|tweet|"
    r"email|print|comments?|loading\.*|skip to (main )?content|menu|home|"
    r"(source|sources|with reporting by|reporting by|editing by|additional reporting by|"
    r"written by|compiled by)\b.{0,80})\s*$",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"(©|\(c\)\s|\bphoto\s*(by|:)|\bimage\s*(by|:)|\bcredit\s*:|"
                     r"getty images|/afp\b|\bafp photo|reuters/|associated press photo)",
                     re.IGNORECASE)
_COUNTS = re.compile(r"^\s*[\d\s,.]+[kKmM]?\s*$")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_SLUG = re.compile(r"^\s*[a-z0-9]+(-[a-z0-9]+)+\s*$")
# "LOS ANGELES (AP) — ...", "MOSCOW (Sputnik) ...", "NAIROBI, Kenya (Reuters) —": the
# dateline before the first sentence, a city in capitals with perhaps its region or country.
_DATELINE = re.compile(r"^\s*[A-Z][A-Z.'-]+(?:[ ,]+[A-Z][A-Z.'-]+)*"
                       r"(?:,\s*[A-Z][a-z.]+(?:\s[A-Z][a-z.]+){0,2})?\s*"
                       r"(?:\([^)\n]{1,30}\)\s*[—–-]{0,2}|[—–-]{1,2})\s")
_SENTENCE_END = ('.', '!', '"', '”', "'", '’', ':', ';', ')', '…')
MAX_HEADING_WORDS = 16


def _lines(text: str) -> list[tuple[int, int, str]]:
    spans = []
    start = 0
    for line in text.split("\n"):
        spans.append((start, start + len(line), line))
        start += len(line) + 1
    return spans


def furniture_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for start, end, line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        words = stripped.split()
        if (_FURNITURE_LINE.match(stripped) or _COUNTS.match(stripped) or _SLUG.match(stripped)
                or (_CREDIT.search(stripped) and len(words) <= 20)
                or (_CLOCK.search(stripped) and len(words) <= 8)
                or _is_tag_list(stripped)):
            spans.append((start, end))
            continue
        dateline = _DATELINE.match(line)
        if dateline:
            spans.append((start, start + dateline.end()))
    return spans


def _is_tag_list(line: str) -> bool:
    items = [item.strip() for item in line.split(",")]
    return (len(items) >= 4 and not line.rstrip().endswith(_SENTENCE_END)
            and all(0 < len(item.split()) <= 4 for item in items))


def heading_spans(text: str) -> list[tuple[int, int]]:
    """Short unquoted lines that do not end like a sentence, or are a question."""
    spans = []
    for start, _end, line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        words = stripped.split()
        quoted = any(mark in stripped for mark in ('"', '“', '”'))
        ends_sentence = stripped.endswith(_SENTENCE_END)
        question = stripped.endswith("?") and not quoted
        if len(words) <= MAX_HEADING_WORDS and (question or not ends_sentence) and not quoted:
            first = start + line.index(stripped)
            spans.append((first, first + len(stripped)))
    return spans
