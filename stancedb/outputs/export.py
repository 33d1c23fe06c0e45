"""Exports: current statements, daily positions and the agreement and conflict networks,
written to a file as CSV, JSON Lines or Parquet for analysis elsewhere (pandas, R, DuckDB,
Spark), the networks as GraphML (Gephi, igraph, networkx), and statements in the CSV
statement layout of Discourse Network Analyzer.

A file is written beside its destination and renamed into place, so an export that fails
half way leaves no half-written file behind (and an older export of the same name intact).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from stancedb.errors import ConfigError
from stancedb.model.events import DNA_CODER_PREFIX
from stancedb.outputs import tables

if TYPE_CHECKING:
    import networkx as nx
    import pyarrow as pa

EXPORT_FORMATS = ("csv", "jsonl", "parquet", "graphml", "dna")
NETWORK_KINDS = ("agreement", "conflict")
EXPORT_KINDS = ("statements", "positions", *NETWORK_KINDS)
# Discourse Network Analyzer's statement table, as DNA and rDNA export it.
DNA_COLUMNS = ["statement_id", "statement_type", "document_id", "date", "person",
               "organization", "concept", "agreement", "other_variables", "coder",
               "document_title", "document_author", "document_source", "document_section",
               "start", "stop", "statement_text"]
# Columns of whole numbers that may be empty in a whole export (statements without offsets).
WHOLE_NUMBER_COLUMNS = {"evidence_start", "evidence_end"}


def check(kind: str, fmt: str) -> None:
    if kind not in EXPORT_KINDS:
        raise ConfigError(f"cannot export {kind!r}; choose {', '.join(EXPORT_KINDS)}")
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose {', '.join(EXPORT_FORMATS)}")
    if fmt == "graphml" and kind not in NETWORK_KINDS:
        raise ConfigError("GraphML is for the networks: export agreement or conflict")
    if fmt == "dna" and kind != "statements":
        raise ConfigError("the DNA layout is for statements")


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


def graph(edges: pd.DataFrame, kind: str) -> nx.Graph:
    """The network as a networkx graph: actors as nodes, ties with their weight (how many
    targets) and the targets, joined by "; " (GraphML attributes are scalars)."""
    import networkx as nx

    network = nx.Graph(kind=kind)
    for tie in edges.to_dict(orient="records"):
        network.add_edge(tie["actor1"], tie["actor2"], weight=int(tie["weight"]),
                         kind=tie["kind"], targets="; ".join(tie["targets"] or ()))
    return network


def dna_layout(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements in DNA's statement table. An actor without an organisation is written
    as an organisation when it is one (someone speaks for it), else as a person; agreement
    is 1 for support, 0 for oppose, and empty for neutral, which DNA does not code."""
    organisations = set(statements["actor_org"].dropna())
    has_org = statements["actor_org"].notna()
    is_org = ~has_org & statements["actor"].isin(organisations)
    coder = statements["extractor"].str.removeprefix(DNA_CODER_PREFIX)
    return pd.DataFrame({
        "statement_id": statements["statement_id"], "statement_type": "DNA Statement",
        "document_id": statements["document"],
        "date": [f"{day.isoformat()}T00:00:00Z" for day in statements["stated_on"]],
        "person": statements["actor"].where(~is_org, ""),
        "organization": statements["actor_org"].where(has_org, statements["actor"].where(
            is_org, "")),
        "concept": statements["target"],
        "agreement": statements["stance"].map({"support": "1", "oppose": "0"}).fillna(""),
        "other_variables": "", "coder": coder, "document_title": "", "document_author": "",
        "document_source": statements["source"], "document_section": "",
        "start": statements["evidence_start"].astype("Int64"),
        "stop": statements["evidence_end"].astype("Int64"),
        "statement_text": statements["evidence"],
    }, columns=DNA_COLUMNS)


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """A network's lists of targets as "; "-joined text, for CSV."""
    if "targets" not in frame.columns:
        return frame
    return frame.assign(targets=frame["targets"].map(
        lambda v: "; ".join(v) if isinstance(v, list) else v))


def write_frame(frame: pd.DataFrame, fmt: str, path: Path, kind: str = "statements") -> None:
    """Write `frame` (of `kind`) to `path` in `fmt`, all or nothing."""
    # Offsets with gaps would be floats in pandas: keep them whole numbers (10, not 10.0).
    frame = frame.astype({c: "Int64" for c in WHOLE_NUMBER_COLUMNS if c in frame.columns})
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "parquet":
            import pyarrow.parquet as pq

            pq.write_table(parquet_table(frame), partial, compression="zstd")
        elif fmt == "graphml":
            import networkx as nx

            nx.write_graphml(graph(frame, kind), partial)
        else:
            if fmt != "jsonl":
                frame = _flat(dna_layout(frame) if fmt == "dna" else frame)
            with partial.open("w", encoding="utf-8", newline="") as out:
                tables.write(frame, "jsonl" if fmt == "jsonl" else "csv", out)
        os.replace(partial, path)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None
    except (ValueError, TypeError) as exc:  # pyarrow's and networkx's refusals
        raise ConfigError(f"cannot write {path} as {fmt}: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)
