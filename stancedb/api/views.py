"""Turning library results into JSON-ready values for the responses."""

from __future__ import annotations

from typing import Any

import pandas as pd

from stancedb.events import RecordedEvent, format_timestamp
from stancedb.output import plain

MAX_POSITION = 2**62  # log positions are 64-bit integers in both databases


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as plain JSON values (NaN as None, dates as ISO text)."""
    return [{str(k): plain(v) for k, v in row.items()}
            for row in frame.to_dict(orient="records")]


def event_public(event: RecordedEvent) -> dict[str, Any]:
    return {"position": event.position, "event_id": event.event_id, "type": event.type,
            "subject": event.subject, "occurred_on": event.occurred_on,
            "recorded_at": format_timestamp(event.recorded_at), "payload": event.payload,
            "hash": event.hash}
