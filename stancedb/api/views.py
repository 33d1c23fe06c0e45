"""Turning library results into JSON-ready values for the responses."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from stancedb.events import RecordedEvent, format_timestamp

MAX_POSITION = 2**62  # log positions are 64-bit integers in both databases


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as dicts, with NaN as None."""
    rows = frame.to_dict(orient="records")
    return [{str(k): (None if isinstance(v, float) and math.isnan(v) else v)
             for k, v in row.items()} for row in rows]


def event_public(event: RecordedEvent) -> dict[str, Any]:
    return {"position": event.position, "event_id": event.event_id, "type": event.type,
            "subject": event.subject, "occurred_on": event.occurred_on,
            "recorded_at": format_timestamp(event.recorded_at), "payload": event.payload,
            "hash": event.hash}
