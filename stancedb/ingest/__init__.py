"""Ingest: find files, detect their format (stancedb.ingest.formats.registry), check they
are readable text, and append their statements in batches, reporting every bad row as
`file:line: reason`.

A file is checked whole before anything of it is stored (empty, binary, not UTF-8), so such a
file never leaves half its rows behind. Rows are appended in batches, each batch one
transaction with idempotency keys, so an interrupted ingest re-run stores the rest exactly once.
With `strict`, a file with any bad row stores nothing and the run stops there.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from stancedb.config import BATCH_SIZE, MAX_REPORTED_ERRORS
from stancedb.errors import InputError
from stancedb.extract.documents import (
    MANIFEST_NAME,
    Document,
    Metadata,
    read_documents,
    read_manifest,
)
from stancedb.ingest.formats import dna
from stancedb.ingest.formats import registry as formats
from stancedb.ingest.formats.articles import ingest_documents
from stancedb.ingest.formats.structured import BadRow, Row, to_event
from stancedb.model.events import NewEvent
from stancedb.storage.store import EventStore

# SQLite databases (stancedb's own among them) found in a folder are not input.
DATABASE_SUFFIXES = (".sqlite", ".sqlite3", ".db", "-wal", "-shm", "-journal")
CHECK_CHUNK = 1 << 20

# progress(bytes done in this run, bytes in the whole run, file being read)
ProgressCallback = Callable[[int, int, Path], None]


@dataclass
class FileReport:
    path: Path
    format: str | None = None
    rows: int = 0
    stored: int = 0
    skipped: int = 0
    bad_rows: int = 0
    errors: list[str] = field(default_factory=list)
    # What the file's format has to say beyond these counts (GDELT: one-sided events)
    detail: formats.FormatDetail | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and self.bad_rows == 0


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)
    stopped: bool = False  # strict mode stopped at a bad file
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.files)

    @property
    def stored(self) -> int:
        return sum(f.stored for f in self.files)

    @property
    def skipped(self) -> int:
        return sum(f.skipped for f in self.files if f.format != "article")

    @property
    def bad_rows(self) -> int:
        return sum(f.bad_rows for f in self.files)

    @property
    def documents(self) -> int:
        return sum(f.rows for f in self.files if f.format == "article")

    @property
    def unchanged_documents(self) -> int:
        return sum(f.skipped for f in self.files if f.format == "article")


def discover(paths: list[Path]) -> Iterator[Path]:
    """Files named, and the files under folders named (sorted; hidden files left out)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if child.is_file() and not any(p.startswith(".") for p in relative.parts):
                    yield child
        else:
            yield path


def check_text_file(path: Path) -> None:
    """Refuse missing, empty, binary and non-UTF-8 files before reading any row."""
    if not path.exists():
        raise InputError("no such file", str(path))
    if path.stat().st_size == 0:
        raise InputError("empty file", str(path))
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        while chunk := handle.read(CHECK_CHUNK):
            if b"\x00" in chunk:
                line += chunk[:chunk.index(b"\x00")].count(b"\n")
                raise InputError("binary file (contains NUL bytes)", str(path), line)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line += chunk[:exc.start].count(b"\n")
                raise InputError(f"not valid UTF-8 (byte 0x{chunk[exc.start]:02x})",
                                 str(path), line) from None
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise InputError("not valid UTF-8 (truncated character at end)", str(path),
                             line) from None


@dataclass
class IngestOptions:
    strict: bool = False
    progress: ProgressCallback | None = None
    on_error: Callable[[str], None] | None = None
    on_warning: Callable[[str], None] | None = None
    batch_size: int = BATCH_SIZE
    defaults: Metadata | None = None  # outlet and date for articles that give none
    jobs: int = 1
    format: str | None = None  # every file in this format, whatever its name (formats.NAMED)


def ingest_paths(store: EventStore, paths: list[Path], options: IngestOptions) -> IngestReport:
    named = formats.named(options.format) if options.format is not None else None
    # A database file in a folder is not input (stancedb's own, say), unless --format says.
    files = [p for p in discover(paths) if p.name != MANIFEST_NAME and (
        named or not p.name.endswith(DATABASE_SUFFIXES))]
    # Each file's reader: the one named, else the one that claims it (None: unsupported,
    # reported as a bad file among the statement files).
    readers = {p: named or formats.of(p) for p in files}
    dna_files = [p for p in files if (r := readers[p]) is not None and r.kind == "database"]
    articles = [p for p in files if (r := readers[p]) is not None and r.kind == "articles"]
    structured = [p for p in files if p not in {*articles, *dna_files}]
    total = sum(_size(p) for p in files)
    report = IngestReport()
    done = _ingest_structured(store, [(p, readers[p]) for p in structured], options, report,
                              total)
    for path in dna_files:
        if report.stopped:
            break
        _ingest_dna(store, path, options, report)
        done += _size(path)
        if options.progress:
            options.progress(done, total, path)
    if not report.stopped and articles:
        _ingest_articles(store, articles, options, report, done, total)
    return report


def _ingest_dna(store: EventStore, path: Path, options: IngestOptions,
                report: IngestReport) -> None:
    """A Discourse Network Analyzer database, in one transaction (see formats/dna.py)."""
    file_report = FileReport(path, "dna")
    report.files.append(file_report)
    try:
        converted = dna.to_events(dna.read_dna(path), path)
    except InputError as exc:
        _note_error(file_report, exc.located(), options.on_error)
        report.stopped = options.strict
        return
    for problem in converted.problems:
        file_report.bad_rows += 1
        _note_error(file_report, problem, options.on_error)
    for label, count in sorted(converted.other_types.items()):
        _warn(report, options,
              f"{path}: {count} statement(s) of type {label!r} are not stances; not imported")
    file_report.rows = converted.statements + file_report.bad_rows
    if options.strict and file_report.bad_rows:
        report.stopped = True
        return
    result = store.append(converted.events)
    file_report.stored = sum(1 for e in result.events if e.type == "statement.recorded")
    file_report.skipped = converted.statements - file_report.stored


def _ingest_structured(store: EventStore, files: list[tuple[Path, formats.Reader | None]],
                       options: IngestOptions, report: IngestReport, total: int) -> int:
    strict, progress, on_error = options.strict, options.progress, options.on_error
    batch_size = options.batch_size
    done = 0
    for path, reader in files:
        def file_progress(read: int, before: int = done, path: Path = path) -> None:
            if progress:
                progress(before + read, total, path)

        file_ingest = _FileIngest(store, path, on_error, batch_size, file_progress, reader)
        report.files.append(file_ingest.report)
        file_ingest.run(strict)
        if file_ingest.report.detail is not None:
            for message in file_ingest.report.detail.warnings(path):
                _warn(report, options, message)
        done += _size(path)
        if progress:
            progress(done, total, path)
        if strict and not file_ingest.report.ok:
            report.stopped = True
            break
    return done


def _warn(report: IngestReport, options: IngestOptions, message: str) -> None:
    report.warnings.append(message)
    if options.on_warning:
        options.on_warning(message)


def _ingest_articles(store: EventStore, files: list[Path], options: IngestOptions,
                     report: IngestReport, done: int, total: int) -> None:
    """Read articles (with the manifest.csv of their folder), extract, store."""
    manifests: dict[Path, dict[str, Metadata]] = {}
    by_name: dict[str, FileReport] = {}

    def warn(message: str) -> None:
        _warn(report, options, message)

    def documents() -> Iterator[Document]:
        for path in files:
            file_report = FileReport(path, "article")
            report.files.append(file_report)
            if path.parent not in manifests:
                manifests[path.parent], problems = read_manifest(path.parent)
                for problem in problems:
                    warn(problem)
            try:
                for document in read_documents(path, options.defaults, manifests[path.parent]):
                    by_name[document.name] = file_report
                    yield document
            except InputError as exc:
                _note_error(file_report, exc.located(), options.on_error)
            except OSError as exc:
                _note_error(file_report, f"{path}: cannot read: {exc.strerror or exc}",
                            options.on_error)
            if options.strict and not file_report.ok:
                report.stopped = True
                return

    def failed(document: Document, reason: str) -> None:
        file_report = by_name[document.name]
        where = str(file_report.path) if document.name == file_report.path.name else \
            f"{file_report.path}: {document.name}"
        _note_error(file_report, f"{where}: {reason}", options.on_error)

    read = done
    for result in ingest_documents(store, documents(), jobs=options.jobs, on_failure=failed):
        file_report = by_name[result.document]
        file_report.rows += 1
        file_report.stored += result.statements
        file_report.skipped += int(result.skipped)
        for message in result.warnings:
            warn(message)
        if options.progress:
            read += _size(file_report.path)
            options.progress(min(read, total), total, file_report.path)


def _note_error(file_report: FileReport, message: str,
                on_error: Callable[[str], None] | None) -> None:
    file_report.errors.append(message)
    if on_error:
        on_error(message)


class _FileIngest:
    def __init__(self, store: EventStore, path: Path,
                 on_error: Callable[[str], None] | None, batch_size: int,
                 on_bytes: Callable[[int], None], reader: formats.Reader | None) -> None:
        self.store = store
        self.reader = reader
        self.path = path
        self.report = FileReport(path)
        self.on_error = on_error
        self.batch_size = batch_size
        self.on_bytes = on_bytes

    def run(self, strict: bool) -> None:
        try:
            if self.reader is None:
                raise formats.unsupported(self.path)
            self.report.format = self.reader.name
            self.report.detail = self.reader.detail()
            if self.reader.text:
                check_text_file(self.path)
            if strict:
                for _ in self._events(count=False):
                    pass
            if self.report.ok:
                self._store()
        except InputError as exc:
            self._note(exc.located())
        except OSError as exc:
            self._note(f"{self.path}: cannot read: {exc.strerror or exc}")

    def _events(self, count: bool = True) -> Iterator[NewEvent]:
        """The file's valid rows as events; bad rows are reported and counted."""
        assert self.reader is not None  # (run checked)
        rows = self.reader.read(self.path, self.on_bytes)
        importer = f"import.{self.reader.name}"
        any_row = False
        for item in rows:
            any_row = True
            if count:
                self.report.rows += 1
            if isinstance(item, BadRow):
                self._bad(item.error)
                continue
            if isinstance(item, NewEvent):  # GDELT rows are events as read
                yield item
                continue
            if not isinstance(item, Row):  # a valid row that makes no statement
                if count and self.report.detail is not None:
                    self.report.detail.note(item)
                continue
            try:
                yield to_event(item, str(self.path), importer)
            except InputError as exc:
                self._bad(exc)
        if not any_row:
            raise InputError("no statements in file (only a header or blank lines)",
                             str(self.path))

    def _store(self) -> None:
        batch: list[NewEvent] = []
        for event in self._events():
            batch.append(event)
            if len(batch) >= self.batch_size:
                self._append(batch)
                batch = []
        self._append(batch)

    def _append(self, batch: list[NewEvent]) -> None:
        if batch:
            result = self.store.append(batch)
            self.report.stored += result.appended
            self.report.skipped += result.skipped

    def _bad(self, error: InputError) -> None:
        self.report.bad_rows += 1
        if self.report.bad_rows <= MAX_REPORTED_ERRORS:
            self._note(error.located())
        elif self.report.bad_rows == MAX_REPORTED_ERRORS + 1:
            self._note(f"{self.path}: more bad rows follow; only the first "
                       f"{MAX_REPORTED_ERRORS} are listed")

    def _note(self, message: str) -> None:
        self.report.errors.append(message)
        if self.on_error:
            self.on_error(message)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
