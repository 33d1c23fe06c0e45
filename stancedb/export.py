"""Exports: current statements, daily positions and the agreement and conflict networks,
written to a file as CSV, JSON Lines or Parquet for analysis elsewhere (pandas, R, DuckDB,
Spark).

A file is written beside its destination and renamed into place, so an export that fails
half way leaves no half-written file behind (and an older export of the same name intact).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from stancedb import output
from stancedb.errors import ConfigError

if TYPE_CHECKING:
    import pyarrow as pa

EXPORT_FORMATS = ("csv", "jsonl", "parquet")
EXPORT_KINDS = ("statements", "positions", "agreement", "conflict")
# Columns of whole numbers that may be empty in a whole export (statements without offsets).
WHOLE_NUMBER_COLUMNS = {"evidence_start", "evidence_end"}


def check(kind: str, fmt: str) -> None:
    if kind not in EXPORT_KINDS:
        raise ConfigError(f"cannot export {kind!r}; choose {', '.join(EXPORT_KINDS)}")
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose {', '.join(EXPORT_FORMATS)}")


def parquet_table(frame: pd.DataFrame) -> pa.Table:
    """The frame as an Arrow table: dates stay dates, text stays text, numbers keep their
    type; a column with no value in this export gets the type it has when it has values
    (so that exports of different slices read together)."""
    import pyarrow as pa  # only for Parquet: it is large to load

    table = pa.Table.from_pandas(frame, preserve_index=False)
    for index, column in enumerate(table.schema):
        if pa.types.is_null(column.type):
            wanted = pa.int64() if column.name in WHOLE_NUMBER_COLUMNS else pa.string()
            table = table.set_column(index, column.name, table.column(index).cast(wanted))
    return table


def write_frame(frame: pd.DataFrame, fmt: str, path: Path) -> None:
    """Write `frame` to `path` in `fmt` (csv, jsonl, parquet), all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            pq.write_table(parquet_table(frame), partial, compression="zstd")
        else:
            with partial.open("w", encoding="utf-8", newline="") as out:
                output.write(frame, fmt, out)
        os.replace(partial, path)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
