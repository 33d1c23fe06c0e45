"""Turning library results into JSON-ready values for the responses."""

from __future__ import annotations

from typing import Any

import pandas as pd

from stancedb.model.events import RecordedEvent, format_timestamp
from stancedb.outputs.tables import plain

MAX_POSITION = 2**62  # log positions are 64-bit integers in both databases


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as plain JSON values (NaN as None, dates as ISO text). Column by
    column: Series.tolist() gives Python values far faster than row-wise conversion."""
    names = [str(name) for name in frame.columns]
    columns = [[plain(value) for value in frame[name].tolist()] for name in frame.columns]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def event_public(event: RecordedEvent) -> dict[str, Any]:
    return {"position": event.position, "event_id": event.event_id, "type": event.type,
            "subject": event.subject, "occurred_on": event.occurred_on,
            "recorded_at": format_timestamp(event.recorded_at), "payload": event.payload,
            "hash": event.hash}
