"""GDELT event exports (1.0 and 2.0) as `statement.recorded` events.

A GDELT export is tab-separated with no header; the column names are those of the GDELT
codebooks. Rows of 57 fields are GDELT 1.0 back files (no SOURCEURL), 58 fields GDELT 1.0
daily files, 61 fields GDELT 2.0 (which adds three ADM2 columns); one file may mix them. A
file whose first row names the columns (GLOBALEVENTID, ...), comma- or tab-separated, is
read by those names, with `NA` as an empty value (as R writes it).

Each event becomes a statement: Actor1 (its name, else its code) is the actor, Actor2 the
target, the Goldstein scale divided by 10 the score in [-1, 1], QuadClass the stance (1 and
2, cooperation: support; 3 and 4, conflict: oppose), SQLDATE the date, SOURCEURL's host
the source (`GDELT` where a row has no URL) and the URL its url. The GLOBALEVENTID is the
idempotency key: the same event in two files is stored once. GDELT codes events, not
quotes: the score keeps the Goldstein value as GDELT gives it, even where its sign and the
QuadClass disagree (some CAMEO codes do). An event without both actors is no stance: it is
counted and reported, not stored.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from stancedb.errors import InputError
from stancedb.ingest.formats.structured import BadRow
from stancedb.model.events import (
    Evidence,
    NewEvent,
    Provenance,
    Stance,
    StatementRecorded,
    stable_id,
)

IMPORTER = "import.gdelt"
STANCE_OF_QUADCLASS: dict[str, Stance] = {
    "1": "support", "2": "support", "3": "oppose", "4": "oppose"}
# Positions of the columns used, the same in every GDELT layout without a header.
COLUMNS = {"GLOBALEVENTID": 0, "SQLDATE": 1, "Actor1Code": 5, "Actor1Name": 6,
           "Actor2Code": 15, "Actor2Name": 16, "EventCode": 26, "QuadClass": 29,
           "GoldsteinScale": 30}
LAYOUTS = {57: ("GDELT 1.0", False), 58: ("GDELT 1.0", True), 61: ("GDELT 2.0", True)}
MISSING = {"", "NA"}
REPORT_EVERY = 2_000  # rows
SHOWN_LINES = 10  # lines of one-sided events named in the warning


@dataclass(frozen=True, slots=True)
class OneSided:
    """A valid event without both actors: no stance."""

    line: int


@dataclass
class OneSidedEvents:
    """GDELT's detail of a file's ingest: the valid events without both actors (no stance),
    how many and where (the first SHOWN_LINES lines)."""

    count: int = 0
    lines: list[int] = field(default_factory=list)

    def note(self, item: object) -> None:
        if isinstance(item, OneSided):
            self.count += 1
            if len(self.lines) < SHOWN_LINES:
                self.lines.append(item.line)

    def warnings(self, path: Path) -> list[str]:
        if not self.count:
            return []
        lines = ", ".join(map(str, self.lines))
        more = ", ..." if self.count > len(self.lines) else ""
        return [f"{path}: {self.count} events without both actors were not stored "
                f"(lines {lines}{more})"]


def read_events(path: Path, on_bytes: Callable[[int], None] | None = None
                ) -> Iterator[NewEvent | BadRow | OneSided]:
    with path.open("rb") as raw, io.TextIOWrapper(raw, "utf-8-sig", newline="") as handle:
        first = handle.readline()
        delimiter = "\t" if "\t" in first else ","
        named = first.split(delimiter, 1)[0].strip().strip('"').upper() == "GLOBALEVENTID"
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter,
                            quoting=csv.QUOTE_MINIMAL if named else csv.QUOTE_NONE)
        header: dict[str, int] | None = None
        try:
            if named:  # names compared without case: GDELT's own, or lower-cased copies
                given = {name.strip().lower(): i for i, name in enumerate(next(reader))}
                absent = [name for name in COLUMNS if name.lower() not in given]
                if absent:
                    raise InputError(f"not a GDELT header: no {', '.join(absent)} column",
                                     str(path), 1)
                header = {name: given[name.lower()] for name in (*COLUMNS, "SOURCEURL")
                          if name.lower() in given}
                header["fields"] = len(given)
            for values in reader:
                line = reader.line_num
                if on_bytes and line % REPORT_EVERY == 0:
                    on_bytes(raw.tell())
                if not values or all(not v.strip() for v in values):
                    continue
                try:
                    yield _event(values, header, path, line)
                except ValueError as exc:
                    yield BadRow(InputError(str(exc), str(path), line))
        except csv.Error as exc:  # an unclosed quote that runs past the field size limit
            raise InputError(f"malformed GDELT file: {exc}", str(path), reader.line_num
                             ) from None


def _event(values: list[str], header: dict[str, int] | None, path: Path,
           line: int) -> NewEvent | OneSided:
    if header is None:
        layout = LAYOUTS.get(len(values))
        if layout is None:
            raise ValueError(f"{len(values)} fields: GDELT rows have 57, 58 (1.0) or 61 (2.0)")
        version, has_url = layout
        at = COLUMNS
        url = values[-1].strip() if has_url else ""
    else:
        if len(values) != header["fields"]:
            raise ValueError(f"expected {header['fields']} fields, found {len(values)}")
        version, at = "GDELT", header
        url = values[header["SOURCEURL"]].strip() if "SOURCEURL" in header else ""
    if url in MISSING:
        url = ""

    def field(name: str) -> str:
        value = values[at[name]].strip()
        return "" if value in MISSING else value

    event_id = field("GLOBALEVENTID")
    if not event_id.isdigit():
        raise ValueError(f"GLOBALEVENTID {event_id[:40]!r} is not a number")
    actor = field("Actor1Name") or field("Actor1Code")
    target = field("Actor2Name") or field("Actor2Code")
    if not (actor and target):
        return OneSided(line)
    stance = STANCE_OF_QUADCLASS.get(field("QuadClass"))
    if stance is None:
        raise ValueError(f"QuadClass {field('QuadClass')[:40]!r} is not 1, 2, 3 or 4")
    try:
        goldstein = float(field("GoldsteinScale"))
    except ValueError:
        raise ValueError(f"GoldsteinScale {field('GoldsteinScale')[:40]!r} is not a number"
                         ) from None
    if not -10.0 <= goldstein <= 10.0:
        raise ValueError(f"GoldsteinScale {goldstein} is outside [-10, 10]")
    day = field("SQLDATE")
    try:
        stated_on = date(int(day[:4]), int(day[4:6]), int(day[6:8]))
        if len(day) != 8:
            raise ValueError
    except ValueError:
        raise ValueError(f"SQLDATE {day[:40]!r} is not a YYYYMMDD date") from None
    key = f"gdelt:{int(event_id)}"
    return NewEvent(key, StatementRecorded(
        statement_id=stable_id(key), actor=actor, target=target, stance=stance,
        score=round(goldstein / 10.0, 6), stated_on=stated_on,
        source=(urlsplit(url).hostname or "GDELT") if url else "GDELT",
        provenance=Provenance(IMPORTER, version, 1.0, f"{path}:{line}"),
        url=url or None,
        evidence=Evidence(f"GDELT event {int(event_id)}: CAMEO {field('EventCode')}")))
