"""Discourse Network Analyzer databases (DNA 3 and DNA 2, SQLite files) as stancedb events.

A DNA database holds documents (text, date, author, source) and statements coded in them:
a span of the text (Start, Stop) with variables. The "DNA Statement" type has person,
organization, concept and agreement; it becomes a `statement.recorded` event with the
person (or, without one, the organisation) as actor, the organisation as actor_org, the
concept as target (a concept), agreement 1 as support and 0 as oppose, the document's date,
the coded span as evidence with its offsets, and the coder as provenance. Every document
becomes a `document.ingested` event with its text, so the offsets index it. Entity
attributes named Alias become `entity.aliased` events. Statements of other types (notes,
story elements) are counted and reported, not imported.

DNA 3 keeps short-text values in ENTITIES and dates in seconds; DNA 2 keeps values in
DATASHORTTEXT and dates in milliseconds. The file is opened read-only.
"""

from __future__ import annotations

import bisect
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from stancedb.errors import InputError
from stancedb.model.events import (
    DNA_CODER_PREFIX,
    DocumentIngested,
    EntityAliased,
    Evidence,
    NewEvent,
    Provenance,
    Stance,
    StatementRecorded,
    digest,
    stable_id,
)
from stancedb.model.names import name_fault

IMPORTER = "import.dna"
STATEMENT_VARIABLES = {"person", "organization", "concept", "agreement"}
REQUIRED_TABLES = {"DOCUMENTS", "STATEMENTS", "VARIABLES", "DATASHORTTEXT", "DATABOOLEAN"}
SQLITE_HEADER = b"SQLite format 3\x00"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class DnaDocument:
    id: int
    title: str
    text: str
    author: str
    source: str
    published: date | None

    # DNA is written in Java: its offsets count UTF-16 code units, which differ from
    # Python's code points after any character beyond the Basic Multilingual Plane.
    @cached_property
    def _wide(self) -> list[int]:
        """UTF-16 offsets of the characters that take two code units."""
        offsets, at = [], 0
        for character in self.text:
            if ord(character) > 0xFFFF:
                offsets.append(at)
                at += 2
            else:
                at += 1
        return offsets

    @property
    def utf16_length(self) -> int:
        return len(self.text) + len(self._wide)

    def code_points(self, utf16_offset: int) -> int:
        """The Python string index of a DNA (UTF-16) offset."""
        return utf16_offset - bisect.bisect_left(self._wide, utf16_offset)


@dataclass(frozen=True)
class DnaStatement:
    id: int
    type_label: str
    document_id: int
    start: int
    stop: int
    coder: str
    values: dict[str, Any]
    is_stance: bool  # of a type with person, organization, concept and agreement


@dataclass
class DnaDatabase:
    version: str
    documents: dict[int, DnaDocument]
    statements: list[DnaStatement]
    aliases: list[tuple[str, str]]  # (alias, the entity it names)


@dataclass
class DnaEvents:
    events: list[NewEvent] = field(default_factory=list)
    statements: int = 0
    problems: list[str] = field(default_factory=list)
    other_types: Counter[str] = field(default_factory=Counter)


def is_dna_database(path: Path) -> bool:
    """A SQLite file with DNA's tables (whatever its name ends with)."""
    try:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return False
        with _read_only(path) as conn:
            return _tables(conn) >= REQUIRED_TABLES
    except (OSError, InputError):
        return False


def read_dna(path: Path) -> DnaDatabase:
    with _read_only(path) as conn:
        tables = _tables(conn)
        missing = REQUIRED_TABLES - tables
        if missing:
            raise InputError(f"not a DNA database (no {', '.join(sorted(missing))} table)",
                             str(path))
        try:
            return _read(conn, tables)
        except (sqlite3.DatabaseError, KeyError, TypeError, ValueError) as exc:
            raise InputError(f"unreadable DNA database: {exc}", str(path)) from None


def to_events(database: DnaDatabase, path: Path) -> DnaEvents:
    """The database's documents, aliases and DNA statements as events (with idempotency
    keys from their content, so importing the same database twice stores nothing)."""
    out = DnaEvents()
    version = f"DNA {database.version}"
    names: dict[int, str] = {}
    for document in database.documents.values():
        name = f"{path.name}#{document.id}"
        sha = digest(document.text)
        names[document.id] = name
        # The id is the document's place; the key its content: a document edited in DNA
        # and imported again is a new event about the same document.
        out.events.append(NewEvent(f"dna:document:{name}:{sha}", DocumentIngested(
            document_id=stable_id(f"dna:document:{name}"), name=name, sha256=sha,
            source=document.source or None, title=document.title or None,
            published=document.published, text=document.text,
            provenance=Provenance(IMPORTER, version, 1.0, f"{path}:document {document.id}"))))
    for alias, canonical in database.aliases:
        fault = _name_fault(("alias", alias), ("entity", canonical))
        if fault is not None:
            out.problems.append(f"{path}: alias {alias!r} of {canonical!r}: {fault}; "
                                "not imported")
            continue
        out.events.append(NewEvent(f"dna:alias:{alias}\x1f{canonical}", EntityAliased(
            alias, canonical, Provenance(IMPORTER, version, 1.0, str(path)))))
    for statement in database.statements:
        if not statement.is_stance:
            out.other_types[statement.type_label] += 1
            continue
        made = _statement_event(statement, database, names, path, version)
        if isinstance(made, str):
            out.problems.append(f"{path}: statement {statement.id}: {made}; not imported")
        else:
            out.events.append(made)
            out.statements += 1
    return out


def _statement_event(statement: DnaStatement, database: DnaDatabase, names: dict[int, str],
                     path: Path, version: str) -> NewEvent | str:
    document = database.documents.get(statement.document_id)
    if document is None:
        return f"its document {statement.document_id} does not exist"
    values = statement.values
    person = str(values.get("person") or "").strip()
    organization = str(values.get("organization") or "").strip()
    concept = str(values.get("concept") or "").strip()
    agreement = values.get("agreement")
    if not (person or organization):
        return "no person or organization"
    if not concept:
        return "no concept"
    if agreement not in (0, 1):
        return f"agreement is {agreement!r}, not 0 or 1"
    fault = _name_fault(("person", person), ("organization", organization),
                        ("concept", concept))
    if fault is not None:
        return fault
    if document.published is None:
        return "its document has no date"
    if not 0 <= statement.start < statement.stop <= document.utf16_length:
        return f"offsets {statement.start}-{statement.stop} are outside its document"
    key = "dna:statement:" + digest("\x1f".join(map(str, (
        names[document.id], digest(document.text), statement.id, statement.start,
        statement.stop, person, organization, concept, agreement, statement.coder))))
    stance: Stance = "support" if agreement == 1 else "oppose"
    start, stop = document.code_points(statement.start), document.code_points(statement.stop)
    # The id is the statement's place in the DNA file; the key its content: a statement
    # recoded in DNA and imported again replaces the old coding.
    return NewEvent(key, StatementRecorded(
        statement_id=stable_id(f"dna:statement:{names[document.id]}:{statement.id}"),
        actor=person or organization, target=concept,
        stance=stance, score=1.0 if agreement == 1 else -1.0, stated_on=document.published,
        source=document.source or path.name,
        provenance=Provenance(f"{DNA_CODER_PREFIX}{statement.coder}", version, 1.0,
                              f"{path}:statement {statement.id}"),
        actor_org=organization if person and organization else None, target_kind="concept",
        document=names[document.id],
        evidence=Evidence(document.text[start:stop], start, stop)))


def _name_fault(*named: tuple[str, str]) -> str | None:
    """The first (variable, name) that breaks the rule names follow everywhere (a given
    name; a missing one is checked above), as "person contains a ...", or None."""
    for variable, name in named:
        fault = name_fault(name) if name else None
        if fault is not None:
            return f"{variable} {fault}"
    return None


# --- reading the tables ----------------------------------------------------------------------

@contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1")
    except sqlite3.DatabaseError as exc:
        raise InputError(f"not a readable SQLite database: {exc}", str(path)) from None
    try:
        yield conn
    finally:
        conn.close()


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {name.upper() for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _read(conn: sqlite3.Connection, tables: set[str]) -> DnaDatabase:
    settings = dict(conn.execute("SELECT Property, Value FROM SETTINGS")) if (
        "SETTINGS" in tables) else {}
    coders = dict(conn.execute("SELECT ID, Name FROM CODERS")) if "CODERS" in tables else {}
    labels = dict(conn.execute("SELECT ID, Label FROM STATEMENTTYPES")) if (
        "STATEMENTTYPES" in tables) else {}
    dna_3 = "Entity" in _columns(conn, "DATASHORTTEXT")  # DNA 2 keeps values there itself
    documents = {
        row[0]: DnaDocument(row[0], row[1] or "", row[2] or "", row[3] or "", row[4] or "",
                            _day(row[5], milliseconds=not dna_3))
        for row in conn.execute("SELECT ID, Title, Text, Author, Source, Date FROM DOCUMENTS")}
    variables: dict[int, set[str]] = {}
    for type_id, variable in conn.execute("SELECT StatementTypeId, Variable FROM VARIABLES"):
        variables.setdefault(type_id, set()).add(variable)
    values: dict[int, dict[str, Any]] = {}
    for statement_id, variable, value in _values(conn, tables, dna_3):
        values.setdefault(statement_id, {})[variable] = value
    statements = [
        DnaStatement(row[0], labels.get(row[1], f"type {row[1]}"), row[2], row[3], row[4],
                     coders.get(row[5], f"coder {row[5]}"), values.get(row[0], {}),
                     variables.get(row[1], set()) >= STATEMENT_VARIABLES)
        for row in conn.execute(
            "SELECT ID, StatementTypeId, DocumentId, Start, Stop, Coder FROM STATEMENTS "
            "ORDER BY ID")]
    return DnaDatabase(settings.get("version", "unknown version"), documents, statements,
                       _aliases(conn, tables))


def _values(conn: sqlite3.Connection, tables: set[str],
            dna_3: bool) -> Iterator[tuple[int, str, Any]]:
    """(statement, variable name, value) for every coded value."""
    if dna_3:  # values live in ENTITIES
        yield from conn.execute(
            "SELECT d.StatementId, v.Variable, e.Value FROM DATASHORTTEXT d "
            "JOIN VARIABLES v ON v.ID = d.VariableId JOIN ENTITIES e ON e.ID = d.Entity")
    else:
        yield from conn.execute(
            "SELECT d.StatementId, v.Variable, d.Value FROM DATASHORTTEXT d "
            "JOIN VARIABLES v ON v.ID = d.VariableId")
    for table in ("DATABOOLEAN", "DATAINTEGER", "DATALONGTEXT"):
        if table in tables:
            yield from conn.execute(
                f"SELECT d.StatementId, v.Variable, d.Value FROM {table} d "
                "JOIN VARIABLES v ON v.ID = d.VariableId")


def _aliases(conn: sqlite3.Connection, tables: set[str]) -> list[tuple[str, str]]:
    """Alias attributes: each alias (several may be given, separated by ;) names the entity."""
    if {"ATTRIBUTEVALUES", "ATTRIBUTEVARIABLES", "ENTITIES"} <= tables:  # DNA 3
        rows = conn.execute(
            "SELECT e.Value, a.AttributeValue FROM ATTRIBUTEVALUES a "
            "JOIN ATTRIBUTEVARIABLES k ON k.ID = a.AttributeVariableId "
            "JOIN ENTITIES e ON e.ID = a.EntityId WHERE lower(k.AttributeVariable) = 'alias'")
    elif "ATTRIBUTES" in tables and "Alias" in _columns(conn, "ATTRIBUTES"):  # DNA 2
        rows = conn.execute("SELECT Value, Alias FROM ATTRIBUTES")
    else:
        return []
    found = []
    for entity, given in rows:
        for alias in str(given or "").split(";"):
            if alias.strip() and entity and alias.strip() != entity.strip():
                found.append((alias.strip(), entity.strip()))
    return sorted(set(found))


def _day(value: Any, milliseconds: bool) -> date | None:
    """A document date: seconds since 1970 (DNA 3) or milliseconds (DNA 2), in UTC."""
    if value in (None, ""):
        return None
    seconds = int(value) / 1000 if milliseconds else int(value)
    return (EPOCH + timedelta(seconds=seconds)).date()
