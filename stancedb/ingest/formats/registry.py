"""Input formats: one reader per format behind a small Protocol, and the one registry that
ingest asks which format a file is in (by its name, by sniffing, or as --format names it).

A format is read in one of three ways (its `kind`): statement rows (csv, tsv, jsonl,
parquet, gdelt), appended in batches and each bad row reported as file:line; a database
(dna), converted and appended in one transaction; or articles (text, Markdown, HTML, JSON
Lines with a text field), extracted by the NLP pipeline (stancedb.ingest.formats.articles).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from stancedb.errors import ConfigError, InputError
from stancedb.extract.documents import ARTICLE_SUFFIXES, is_article, is_article_jsonl
from stancedb.ingest.formats import gdelt
from stancedb.ingest.formats.structured import (
    BadRow,
    BytesCallback,
    Row,
    read_csv,
    read_jsonl,
    read_parquet,
)
from stancedb.model.events import NewEvent

Kind = Literal["rows", "database", "articles"]
# What a row reader yields: a row to validate, a bad row (file:line), an event as read, or
# something only its format's detail understands (a GDELT event without both actors).
Item = Row | BadRow | NewEvent | object


class FormatDetail(Protocol):
    """What a format has to say about a file beyond the counts every format reports."""

    def note(self, item: object) -> None:
        """A valid row the reader yielded that makes no statement."""

    def warnings(self, path: Path) -> list[str]:
        """What to tell about the file once it is read."""


class Reader(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> Kind: ...

    @property
    def suffixes(self) -> tuple[str, ...]:
        """The file names it claims (none: read only when --format names it)."""

    @property
    def nameable(self) -> bool:
        """May --format name it?"""

    @property
    def text(self) -> bool:
        """Is a file checked as UTF-8 text before it is read?"""

    def claims(self, path: Path) -> bool:
        """Is this file in this format (by its name, or a look inside)?"""

    def read(self, path: Path, on_bytes: BytesCallback | None) -> Iterator[Item]:
        """The file's rows in order; bad rows as BadRow carrying file:line (kind rows)."""

    def detail(self) -> FormatDetail | None:
        """A fresh format-specific detail for one file's report, if the format has one."""


def _no_detail() -> FormatDetail | None:
    return None


def _no_rows(path: Path, on_bytes: BytesCallback | None) -> Iterator[Item]:
    raise InputError("not a file of statement rows", str(path))


@dataclass(frozen=True)
class FileFormat:
    """A Reader: a format's name, kind and file names, and the function that reads it."""

    name: str
    kind: Kind
    suffixes: tuple[str, ...]
    rows: Callable[[Path, BytesCallback | None], Iterator[Item]] = _no_rows
    nameable: bool = True
    text: bool = True
    sniff: Callable[[Path], bool] | None = None
    new_detail: Callable[[], FormatDetail | None] = field(default=_no_detail)

    def claims(self, path: Path) -> bool:
        if self.sniff is not None:
            return self.sniff(path)
        return path.suffix.lower() in self.suffixes

    def read(self, path: Path, on_bytes: BytesCallback | None) -> Iterator[Item]:
        return self.rows(path, on_bytes)

    def detail(self) -> FormatDetail | None:
        return self.new_detail()


def _is_article(path: Path) -> bool:
    # JSON Lines are articles when their first record has a text field and no statement.
    return is_article(path) or (path.suffix.lower() in (".jsonl", ".ndjson")
                                and is_article_jsonl(path))


ARTICLES = FileFormat("article", "articles", tuple(ARTICLE_SUFFIXES), nameable=False,
                      sniff=_is_article)
# The registry, in the order files are claimed (articles first: they sniff JSON Lines).
FORMATS: tuple[Reader, ...] = (
    ARTICLES,
    FileFormat("csv", "rows", (".csv",), lambda path, on_bytes: read_csv(path, ",", on_bytes)),
    FileFormat("tsv", "rows", (".tsv",), lambda path, on_bytes: read_csv(path, "\t", on_bytes)),
    FileFormat("jsonl", "rows", (".jsonl", ".ndjson"), read_jsonl),
    FileFormat("parquet", "rows", (".parquet",), read_parquet, text=False),
    FileFormat("dna", "database", (".dna",)),
    FileFormat("gdelt", "rows", (), gdelt.read_events, new_detail=gdelt.OneSidedEvents),
)
# Formats a user may name with --format (the others are found by their file names).
NAMED = tuple(reader.name for reader in FORMATS if reader.nameable)
SUFFIXES = tuple(sorted(suffix for reader in FORMATS for suffix in reader.suffixes))


def named(name: str) -> Reader:
    """The format --format names (ConfigError when there is none)."""
    for reader in FORMATS:
        if reader.nameable and reader.name == name:
            return reader
    raise ConfigError(f"unknown format {name!r}; choose {', '.join(NAMED)}")


def of(path: Path) -> Reader | None:
    """The format that claims this file, or None."""
    return next((reader for reader in FORMATS if reader.claims(path)), None)


def unsupported(path: Path) -> InputError:
    return InputError(f"unsupported file type {path.suffix or '(none)'!r}; "
                      f"supported: {', '.join(SUFFIXES)}", str(path))
