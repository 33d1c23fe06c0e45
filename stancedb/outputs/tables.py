"""Writing DataFrames for people (a table) and for programs (CSV, JSON Lines)."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import Any, TextIO

import pandas as pd
from rich.console import Console
from rich.table import Table

FORMATS = ("table", "csv", "jsonl")


def write(frame: pd.DataFrame, fmt: str, out: TextIO, columns: list[str] | None = None,
          title: str | None = None) -> None:
    if fmt == "csv":
        frame.to_csv(out, index=False, lineterminator="\n")
    elif fmt == "jsonl":
        for record in frame.to_dict(orient="records"):
            out.write(json.dumps({str(k): plain(v) for k, v in record.items()},
                                 ensure_ascii=False) + "\n")
    else:
        _table(frame[columns] if columns else frame, out, title)


def plain(value: Any) -> Any:
    """A value as plain JSON: None for NaN and NaT, ISO text for dates, Python numbers."""
    kind = type(value)
    if kind is str or kind is int or kind is bool:  # most values: answer them first
        return value
    if kind is float:
        return None if math.isnan(value) else value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _table(frame: pd.DataFrame, out: TextIO, title: str | None) -> None:
    console = Console(file=out, width=200 if not out.isatty() else None)
    if frame.empty:
        console.print("(no rows)")
        return
    table = Table(title=title, show_lines=False)
    for column in frame.columns:
        table.add_column(str(column), overflow="fold")
    for record in frame.itertuples(index=False):
        table.add_row(*("" if plain(v) is None else str(plain(v)) for v in record))
    console.print(table)
