"""Anchors: the head of the log, recorded outside the database.

The hash chain shows that no event in the log was altered or taken out of its middle, but
not that the log still ends where it did: whoever holds the database owner's rights can drop
the guard triggers, delete the newest events (or delete them and append others in their
place) and rebuild the projections, and the chain checks again. An anchor is the head's
position and hash, with when and from which database it was taken, in a small JSON file kept
elsewhere. Verifying against it fails when the log no longer reaches that position, or holds
another event there; events appended after it are fine.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from stancedb.errors import InputError

FORMAT = "stancedb-anchor/1"
_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Anchor:
    position: int  # the head's position (0: the log was empty)
    hash: str  # the head's hash (the genesis hash for an empty log)
    head_recorded_at: datetime | None  # when the head event was recorded
    anchored_at: datetime | None
    database: str | None  # the URL, without its password

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "database": self.database, "position": self.position,
                "hash": self.hash, "head_recorded_at": _iso(self.head_recorded_at),
                "anchored_at": _iso(self.anchored_at)}

    def describe(self) -> str:
        """Where and when it was taken, as far as the file says."""
        said = []
        if self.anchored_at is not None:
            said.append(f"anchored {self.anchored_at.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC")
        if self.database:
            said.append(f"from {self.database}")
        return " ".join(said) or "anchor"


def public_url(url: str) -> str:
    """The database URL without its password (an anchor may be kept anywhere)."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        return url
    bare = sa.URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port,
                         parsed.database, parsed.query)
    return bare.render_as_string(hide_password=False)


def now() -> datetime:
    return datetime.now(UTC)


def write(path: Path, anchor: Anchor) -> None:
    """Write the anchor file whole or not at all (a new file renamed over the old one)."""
    text = json.dumps(anchor.to_json(), indent=2) + "\n"
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise InputError(f"cannot write the anchor: {exc.strerror or exc}", str(path)) from None


def read(path: Path) -> Anchor:
    """The anchor in a file written by `write`; InputError (naming the file) if it is not.
    Only format, position and hash are required, so an anchor can be written by hand from
    the head that `stancedb verify` prints."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("no such anchor file", str(path)) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a stancedb anchor file: {exc}", str(path)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f'not a stancedb anchor file (no "format": "{FORMAT}")', str(path))
    position, hash_ = data.get("position"), data.get("hash")
    if isinstance(position, bool) or not isinstance(position, int) or position < 0:
        raise InputError(f"position must be a whole number >= 0, not {position!r}", str(path))
    if not isinstance(hash_, str) or not _HASH.fullmatch(hash_):
        raise InputError(f"hash must be 64 hexadecimal digits, not {hash_!r}", str(path))
    database = data.get("database")
    return Anchor(position, hash_, _moment(data.get("head_recorded_at"), path),
                  _moment(data.get("anchored_at"), path),
                  str(database) if database is not None else None)


def problem(anchor: Anchor, last_position: int, found_hash: str | None) -> str | None:
    """What is wrong with a log whose intact chain ends at `last_position` and holds
    `found_hash` at the anchored position; None when it still holds the anchored event."""
    taken = anchor.describe()
    if last_position < anchor.position:
        return (f"the log ends at position {last_position}, before the anchored position "
                f"{anchor.position} ({taken}): events were removed")
    if found_hash != anchor.hash:
        return (f"position {anchor.position}: hash {found_hash} is not the anchored "
                f"{anchor.hash} ({taken}): the log was rewritten at or before that position")
    return None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _moment(value: Any, path: Path) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"not an ISO timestamp: {value!r}", str(path)) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
