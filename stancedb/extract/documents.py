"""Reading articles: plain text, Markdown, HTML and JSONL (a `text` field per line).

A `Document` keeps the text exactly as decoded from the file, so evidence offsets always index
that text. Markup and site furniture are not removed but *masked*: replaced by spaces of the
same length in `analysis_text`, which is what the NLP sees. Offsets therefore stay valid in
both texts, and nothing in a masked region can become a statement.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from stancedb.errors import InputError
from stancedb.extract.furniture import furniture_spans, heading_spans

ARTICLE_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown",
                    ".markdown": "markdown", ".html": "html", ".htm": "html"}
MANIFEST_NAME = "manifest.csv"
MAX_TITLE_CHARS = 200
PREFERRED_ENCODINGS = ("cp1252", "latin_1")


@dataclass(frozen=True)
class Metadata:
    source: str | None = None
    url: str | None = None
    published: date | None = None
    title: str | None = None


@dataclass(frozen=True)
class Document:
    name: str
    text: str  # exactly as decoded from the file: offsets index this
    analysis_text: str  # same length; markup and furniture masked with spaces
    metadata: Metadata
    title_span: tuple[int, int] | None = None
    published_inferred: bool = False
    warnings: tuple[str, ...] = ()
    format: str = "text"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def title(self) -> str | None:
        if self.metadata.title:
            return self.metadata.title
        if self.title_span:
            return self.text[self.title_span[0]:self.title_span[1]]
        return None


def is_article(path: Path) -> bool:
    return path.suffix.lower() in ARTICLE_SUFFIXES


def is_article_jsonl(path: Path) -> bool:
    """JSON Lines whose first record has a `text` field and no statement columns."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    return isinstance(record, dict) and "text" in record and "actor" not in record
    except (OSError, json.JSONDecodeError):
        return False
    return False


# --- decoding --------------------------------------------------------------------------------

def decode(path: Path, data: bytes) -> tuple[str, list[str]]:
    """UTF-8 when it is; otherwise the detected encoding, with a warning. Never raises on
    bad bytes: undecodable ones become U+FFFD, and the warning says so."""
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes)", str(path))
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    # On short texts detection is unsure between many 8-bit code pages; when Windows-1252,
    # by far the most common one for news in Western languages, fits, take it.
    best = next((m for m in matches if m.encoding in PREFERRED_ENCODINGS), None) or (
        matches[0] if matches else None)
    if best is not None and best.encoding not in ("utf_8", "utf-8"):
        return str(best), [f"{path}: not UTF-8; decoded as {best.encoding} (detected)"]
    text = data.decode("utf-8", errors="replace")
    return text, [f"{path}: not valid UTF-8 and no encoding detected; "
                  "undecodable bytes were replaced by U+FFFD"]


# --- masking ---------------------------------------------------------------------------------

_HTML_DROP = re.compile(r"<(script|style|noscript|head|nav|footer|aside)\b.*?</\1\s*>",
                        re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]*>")
_HTML_BLOCK = re.compile(r"</?(p|div|br|h[1-6]|li|tr|section|article|header|blockquote)\b",
                         re.IGNORECASE)
_HTML_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_MD_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)]*)\)")
_MD_MARKS = re.compile(r"^(\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s)|(\*\*|__|`)", re.MULTILINE)


def _blank(text: str, start: int, end: int, keep_newlines: bool = True) -> str:
    chunk = text[start:end]
    masked = "".join(c if keep_newlines and c == "\n" else " " for c in chunk)
    return text[:start] + masked + text[end:]


def mask_html(text: str) -> str:
    chars = list(text)
    for match in _HTML_DROP.finditer(text):
        _mask_range(chars, match.start(), match.end())
    for match in _HTML_TAG.finditer(text):
        # Block-level tags end a paragraph: keep a line break where the tag was.
        newline = bool(_HTML_BLOCK.match(match.group(0)))
        _mask_range(chars, match.start(), match.end(), newline_first=newline)
    for match in _HTML_ENTITY.finditer(text):
        decoded = html.unescape(match.group(0))
        if len(decoded) == 1 and chars[match.start()] == "&":
            chars[match.start()] = decoded
            _mask_range(chars, match.start() + 1, match.end())
    return "".join(chars)


def _mask_range(chars: list[str], start: int, end: int, newline_first: bool = False) -> None:
    for index in range(start, end):
        if chars[index] != "\n":
            chars[index] = " "
    if newline_first and end > start:
        chars[start] = "\n"


def mask_markdown(text: str) -> str:
    chars = list(text)
    front = _MD_FRONT.match(text)
    if front:
        _mask_range(chars, 0, front.end())
    for match in _MD_LINK.finditer(text):
        # keep the link text, mask the brackets and the target
        _mask_range(chars, match.start(), match.start(1))
        _mask_range(chars, match.end(1), match.end())
    for match in _MD_MARKS.finditer(text):
        _mask_range(chars, match.start(), match.end())
    return "".join(chars)


def front_matter(text: str) -> dict[str, str]:
    """YAML front matter (--- ... ---) at the top of a text or Markdown file."""
    match = _MD_FRONT.match(text)
    if not match:
        return {}
    import yaml

    try:
        loaded = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {str(k).lower(): str(v) for k, v in loaded.items() if v is not None}


# --- metadata --------------------------------------------------------------------------------

def read_manifest(folder: Path) -> tuple[dict[str, Metadata], list[str]]:
    """manifest.csv beside the files: columns file, outlet, url, published, title."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}, []
    entries: dict[str, Metadata] = {}
    problems: list[str] = []
    root = folder.resolve()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "file" not in [f.strip() for f in reader.fieldnames]:
                return {}, [f"{path}:1: manifest needs a 'file' column"]
            for row in reader:
                line = reader.line_num
                row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
                name = row.get("file", "")
                if not name:
                    continue
                if not (root / name).resolve().is_relative_to(root):
                    problems.append(f"{path}:{line}: {name!r} points outside its folder; ignored")
                    continue
                try:
                    published = date.fromisoformat(row["published"]) if row.get("published") \
                        else None
                except ValueError:
                    problems.append(f"{path}:{line}: published {row['published']!r} is not "
                                    "YYYY-MM-DD; ignored")
                    published = None
                entries[name] = Metadata(row.get("outlet") or row.get("source") or None,
                                         row.get("url") or None, published,
                                         row.get("title") or None)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        problems.append(f"{path}: unreadable manifest: {exc}")
    return entries, problems


def merge_metadata(*layers: Metadata | None) -> Metadata:
    """The first layer that gives a field wins (front matter, manifest, command line)."""
    merged = Metadata()
    for layer in reversed([m for m in layers if m is not None]):
        merged = replace(merged, **{k: v for k, v in layer.__dict__.items() if v is not None})
    return merged


def _front_metadata(values: dict[str, str]) -> Metadata:
    published = None
    raw = values.get("published") or values.get("date")
    if raw:
        try:
            published = date.fromisoformat(raw[:10])
        except ValueError:
            published = None
    return Metadata(values.get("source") or values.get("outlet"), values.get("url"),
                    published, values.get("title"))


# --- documents -------------------------------------------------------------------------------

def read_documents(path: Path, defaults: Metadata | None = None,
                   manifest: dict[str, Metadata] | None = None) -> Iterator[Document]:
    """The documents in one file (one, or one per line of an article JSONL file)."""
    data = path.read_bytes()
    if not data.strip():
        raise InputError("empty file", str(path))
    text, warnings = decode(path, data)
    listed = (manifest or {}).get(path.name)
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        yield from _jsonl_documents(path, text, warnings, defaults, listed)
        return
    kind = ARTICLE_SUFFIXES.get(path.suffix.lower(), "text")
    front = _front_metadata(front_matter(text)) if kind != "html" else None
    yield document_from_text(path.name, text, kind, merge_metadata(front, listed, defaults),
                             warnings)


def document_from_text(name: str, text: str, kind: str, metadata: Metadata,
                       warnings: list[str] | None = None) -> Document:
    """A document from its decoded text (also used to re-read stored documents)."""
    if "\x00" in text:
        raise InputError("the text contains NUL characters", name)
    masked = mask_html(text) if kind == "html" else mask_markdown(text) if kind == "markdown" \
        else _mask_front(text)
    return build_document(name, text, masked, metadata, list(warnings or []), kind)


def _mask_front(text: str) -> str:
    front = _MD_FRONT.match(text)
    return _blank(text, 0, front.end()) if front else text


def _jsonl_documents(path: Path, text: str, warnings: list[str], defaults: Metadata | None,
                     listed: Metadata | None) -> Iterator[Document]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc.msg}", str(path), number) from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError("expected an object with a text field", str(path), number)
        body = record["text"]
        own = _front_metadata({k: str(v) for k, v in record.items()
                               if k in ("source", "outlet", "url", "published", "date", "title")
                               and v is not None})
        name = str(record.get("name") or record.get("id") or f"{path.name}:{number}")
        yield build_document(name, body, body, merge_metadata(own, listed, defaults),
                             list(warnings), "text")


_SOURCE_LINE = re.compile(r"^\s*Source:\s*([^\n]{2,60}?)\s*$", re.MULTILINE)
_DATE_IN_TEXT = re.compile(
    r"\b(\d{4}-\d{2}-\d{2}|(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\s+\d{1,2},\s+\d{4}|\d{1,2}\s+(?:January|February|March|April|"
    r"May|June|July|August|September|October|November|December)\s+\d{4})\b")


def build_document(name: str, text: str, masked: str, metadata: Metadata,
                   warnings: list[str], kind: str) -> Document:
    for start, end in furniture_spans(masked):
        masked = _blank(masked, start, end)
    title_span = _title_span(masked, metadata.title)
    for start, end in heading_spans(masked):
        if (start, end) == title_span:
            continue
        masked = _blank(masked, start, end)
    inferred = False
    if metadata.published is None:
        found = infer_published(masked)
        if found is not None:
            metadata = replace(metadata, published=found)
            inferred = True
            warnings.append(f"{name}: no publication date given; {found} taken from the text")
        else:
            warnings.append(f"{name}: no publication date given or found in the text; "
                            "statements need a date in their sentence "
                            "(give --published or a manifest.csv)")
    if metadata.source is None:
        credited = _SOURCE_LINE.search(text)
        if credited:
            metadata = replace(metadata, source=credited.group(1).strip())
    return Document(name, text, masked, metadata, title_span, inferred, tuple(warnings),
                    kind)


def _title_span(masked: str, known_title: str | None) -> tuple[int, int] | None:
    if known_title:
        found = masked.find(known_title.strip())
        if found >= 0:
            return found, found + len(known_title.strip())
    for match in re.finditer(r"[^\n]+", masked):
        line = match.group(0).strip()
        if not line:
            continue
        start = match.start() + match.group(0).index(line)
        # A title is a short first line that does not end like a sentence.
        looks_like_title = (len(line) <= MAX_TITLE_CHARS and not line.endswith((".", ":", ";"))
                            and len(line.split()) >= 3)
        return (start, start + len(line)) if looks_like_title else None
    return None


def infer_published(masked: str) -> date | None:
    """A full date near the top of the article (a dateline), never a guess."""
    from dateparser import parse

    top = masked[:600]
    match = _DATE_IN_TEXT.search(top)
    if not match:
        return None
    parsed = parse(match.group(1), languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.date() if parsed else None

