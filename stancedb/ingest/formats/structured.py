"""Structured statement files (CSV, TSV, JSONL): reading them row by row and turning each
valid row into a `statement.recorded` event.

Columns: actor, target, stance, date, source (required); actor_org, score, modality, evidence,
evidence_start, evidence_end, document, url, confidence, target_kind, statement_id (optional).
Rows are read lazily, so memory stays flat however large the file is.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from stancedb._version import __version__
from stancedb.errors import InputError
from stancedb.model.events import (
    MODALITIES,
    STANCE_SCORES,
    STANCES,
    Evidence,
    NewEvent,
    Provenance,
    StatementRecorded,
    digest,
    stable_id,
)
from stancedb.model.names import name_fault

REQUIRED = ("actor", "target", "stance", "date", "source")
OPTIONAL = ("actor_org", "score", "modality", "evidence", "evidence_start", "evidence_end",
            "document", "url", "confidence", "target_kind", "statement_id")
TARGET_KINDS = ("entity", "concept")
MAX_OFFSET = 2**31 - 1  # character offsets are 32-bit integers in the database
IDENTITY_FIELDS = tuple(name for name in REQUIRED + OPTIONAL if name != "statement_id")
NUMBER_FIELDS = ("score", "confidence", "evidence_start", "evidence_end")
# Read when given (an export read back), but not part of a row's identity.
PROVENANCE_FIELDS = ("extractor", "extractor_version")
# The longest text a field may hold: a name, an outlet or an id is short; a quote or a URL
# may be longer. A longer value is a broken row (a runaway quote, a binary blob), not data.
MAX_CHARS = 1_000
LONG_FIELDS = {"evidence": 100_000, "url": 8_192, "document": 4_096,
               "statement_id": 36}  # (a UUID's length: the column's width on PostgreSQL)
MAX_SHOWN_COLUMNS = 20
NAME_FIELDS = ("actor", "target", "actor_org")
TEXT_FIELDS = tuple(name for name in REQUIRED + OPTIONAL + PROVENANCE_FIELDS
                    if name not in NUMBER_FIELDS)
csv.field_size_limit(64 * 1024 * 1024)


@dataclass(frozen=True, slots=True)
class Row:
    """One record as read: where it starts, and its fields (strings, or JSON values)."""

    line: int
    fields: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class BadRow:
    error: InputError


# Readers report how many bytes of the file they have read through `on_bytes`.
BytesCallback = Callable[[int], None]
REPORT_EVERY = 2_000  # rows


def read_csv(path: Path, delimiter: str = ",",
             on_bytes: BytesCallback | None = None) -> Iterator[Row | BadRow]:
    with path.open("rb") as raw, io.TextIOWrapper(raw, "utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError("empty file", str(path)) from None
        except csv.Error as exc:
            raise InputError(f"unreadable header: {exc}", str(path), 1) from None
        columns = _with_date_column([name.strip().lower() for name in header])
        missing = [name for name in REQUIRED if name not in columns]
        if missing:
            found = [_abridged(c) for c in columns if c]
            shown = ", ".join(found[:MAX_SHOWN_COLUMNS]) + (", ..." if found[
                MAX_SHOWN_COLUMNS:] else "")
            raise InputError(f"missing required column(s): {', '.join(missing)} "
                             f"(found: {shown or 'none'})", str(path), 1)
        end_line = reader.line_num
        while True:
            start_line = end_line + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                end_line = reader.line_num
                hint = (" (a quote opened here is never closed: the rest of the file is "
                        "this one field)" if "unexpected end of data" in str(exc) else "")
                yield BadRow(InputError(f"malformed CSV: {exc}{hint}", str(path), start_line))
                continue
            end_line = reader.line_num
            if on_bytes and end_line % REPORT_EVERY == 0:
                on_bytes(raw.tell())
            if not values or all(not v.strip() for v in values):
                continue
            if len(values) != len(columns):
                yield BadRow(InputError(
                    f"expected {len(columns)} fields, found {len(values)}", str(path), start_line))
                continue
            yield Row(start_line, dict(zip(columns, values, strict=True)))


def read_jsonl(path: Path, on_bytes: BytesCallback | None = None) -> Iterator[Row | BadRow]:
    with path.open("rb") as raw, io.TextIOWrapper(raw, "utf-8-sig") as handle:
        for number, text in enumerate(handle, start=1):
            if on_bytes and number % REPORT_EVERY == 0:
                on_bytes(raw.tell())
            if not text.strip():
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                yield BadRow(InputError(f"invalid JSON: {exc.msg}", str(path), number))
                continue
            if not isinstance(value, dict):
                yield BadRow(InputError(
                    f"expected a JSON object, found {_json_kind(value)}", str(path), number))
                continue
            yield Row(number, _renamed({str(k).strip().lower(): v for k, v in value.items()}))


def read_parquet(path: Path, on_bytes: BytesCallback | None = None
                 ) -> Iterator[Row | BadRow]:
    """A Parquet file (a stancedb export, or DuckDB's or Spark's): rows numbered from 1."""
    import pyarrow.parquet as pq

    try:
        source = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several kinds for a file that is not Parquet
        raise InputError(f"not a readable Parquet file: {exc}", str(path)) from None
    columns = _with_date_column([name.strip().lower() for name in source.schema_arrow.names])
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise InputError(f"missing required column(s): {', '.join(missing)}", str(path))
    number = 0
    for batch in source.iter_batches(batch_size=REPORT_EVERY):
        for record in batch.to_pylist():
            number += 1
            values = [v.isoformat() if isinstance(v, date) else v for v in record.values()]
            yield Row(number, dict(zip(columns, values, strict=True)))
        if on_bytes:
            on_bytes(path.stat().st_size * number // max(source.metadata.num_rows, 1))


def _with_date_column(columns: list[str]) -> list[str]:
    """stancedb's own exports call the date `stated_on`: read it as `date`."""
    if "date" not in columns and "stated_on" in columns:
        return ["date" if name == "stated_on" else name for name in columns]
    return columns


def _renamed(fields: dict[str, Any]) -> dict[str, Any]:
    if "date" not in fields and "stated_on" in fields:
        fields["date"] = fields.pop("stated_on")
    return fields


def to_event(row: Row, origin: str, importer: str, key: str | None = None) -> NewEvent:
    """Validate one row and make its event; raises InputError naming the field at fault.
    `key` overrides the content-derived idempotency key (an API's Idempotency-Key)."""
    try:
        fields = _validated(row.fields)
    except ValueError as exc:
        raise InputError(str(exc), origin, row.line or None) from None
    # A row's identity is its content: the same row ingested again is the same statement.
    identity = "\x1f".join([str(fields[name]) for name in IDENTITY_FIELDS])
    key = key or "row:" + (fields["statement_id"] or digest(identity))
    stance = fields["stance"]
    score = fields["score"] if fields["score"] is not None else STANCE_SCORES[stance]
    evidence = None
    if fields["evidence"] or fields["evidence_start"] is not None:
        evidence = Evidence(fields["evidence"] or "", fields["evidence_start"],
                            fields["evidence_end"])
    data = StatementRecorded(
        statement_id=fields["statement_id"] or stable_id(key),
        actor=fields["actor"],
        target=fields["target"],
        stance=stance,
        score=score,
        stated_on=fields["date"],
        source=fields["source"],
        # An export read back keeps the extractor that made its statements.
        provenance=Provenance(fields["extractor"] or importer,
                              (fields["extractor_version"] or "") if fields["extractor"]
                              else __version__, fields["confidence"], f"{origin}:{row.line}"),
        actor_org=fields["actor_org"],
        target_kind=fields["target_kind"],
        modality=fields["modality"],
        document=fields["document"],
        url=fields["url"],
        evidence=evidence,
    )
    return NewEvent(key, data)


def _validated(raw: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in TEXT_FIELDS:  # inlined _text: this loop runs for every field of every row
        value = raw.get(name)
        if (value.__class__ is str and "\x00" not in value and len(value) <= MAX_CHARS
                and name != "statement_id"):
            value = value.strip() or None
        elif value is not None:
            value = _text(raw, name)
        out[name] = value
    for name in NUMBER_FIELDS:
        out[name] = raw.get(name)
    for name in REQUIRED:
        if not out[name]:
            raise ValueError(f"{name} is empty")
    for name in NAME_FIELDS:  # the rule every door applies to names (stancedb.model.names)
        value = out[name]
        if value is not None and (fault := name_fault(value)) is not None:
            raise ValueError(f"{name} {fault}")
    stance = out["stance"].lower()
    if stance not in STANCES:
        raise ValueError(f"unknown stance {_abridged(out['stance'])!r} "
                         f"(expected {', '.join(STANCES)})")
    out["stance"] = stance
    out["date"] = _date(out["date"])
    out["score"] = _number(raw, "score", -1.0, 1.0)
    if out["score"] is not None and out["score"] * STANCE_SCORES[stance] < 0:
        raise ValueError(f"score {out['score']} contradicts stance {stance!r}")
    confidence = _number(raw, "confidence", 0.0, 1.0)
    out["confidence"] = 1.0 if confidence is None else confidence
    modality = (out["modality"] or "asserted").lower()
    if modality not in MODALITIES:
        raise ValueError(f"unknown modality {_abridged(out['modality'])!r} "
                         f"(expected {', '.join(MODALITIES)})")
    out["modality"] = modality
    kind = (out["target_kind"] or "entity").lower()
    if kind not in TARGET_KINDS:
        raise ValueError(f"unknown target_kind {_abridged(out['target_kind'])!r} "
                         "(expected entity, concept)")
    out["target_kind"] = kind
    out["evidence_start"] = _offset(raw, "evidence_start")
    out["evidence_end"] = _offset(raw, "evidence_end")
    if (out["evidence_start"] is None) != (out["evidence_end"] is None):
        raise ValueError("evidence_start and evidence_end must be given together")
    if out["evidence_start"] is not None and out["evidence_end"] < out["evidence_start"]:
        raise ValueError("evidence_end is before evidence_start")
    return out


def _text(raw: Mapping[str, Any], name: str) -> Any:
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text, found {_json_kind(value)}")
    if "\x00" in value:
        raise ValueError(f"{name} contains a NUL character")
    limit = LONG_FIELDS.get(name, MAX_CHARS)
    if len(value) > limit:
        raise ValueError(f"{name} is {len(value):,} characters long (at most {limit:,})")
    return value.strip() or None


def _abridged(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[:length] + "..."


def _date(value: str) -> date:
    try:
        if len(value) > 10:
            return datetime.fromisoformat(value).date()
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"date {_abridged(value)!r} is not a valid YYYY-MM-DD date") from None


def _number(raw: Mapping[str, Any], name: str, low: float, high: float) -> float | None:
    value = raw.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{name} must be a number, found {_json_kind(value)}")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{name} {_abridged(str(value))!r} is not a number") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"{name} {value!r} is outside [{low:g}, {high:g}]")
    return round(number, 6)


def _offset(raw: Mapping[str, Any], name: str) -> int | None:
    value = raw.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(f"{name} must be a whole number, found {value!r}")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} {_abridged(str(value))!r} is not a whole number") from None
    if not 0 <= number <= MAX_OFFSET:
        raise ValueError(f"{name} must be between 0 and {MAX_OFFSET}")
    return number


def _json_kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", bool: "a boolean", int: "a number",
             float: "a number", str: "text", type(None): "null"}
    return names.get(type(value), type(value).__name__)
