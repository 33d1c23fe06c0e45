"""`stancedb export`: statements, positions and networks to Parquet, CSV and JSON Lines files
that other tools read back, honouring filters, --at and --known-at."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from stancedb import ConfigError, StanceDB
from stancedb.cli import app
from tests.factories import statement


def _fill(db: StanceDB) -> None:
    db.append([statement(1, actor="A", target="NATO", day=date(2015, 10, 1)),
               statement(2, actor="B", target="NATO", stance="oppose", day=date(2015, 10, 2)),
               statement(3, actor="C", target="NATO", day=date(2015, 10, 3))])


def test_parquet_statements_read_back_with_their_types(db: StanceDB, tmp_path: Path) -> None:
    _fill(db)
    out = tmp_path / "nested" / "statements.parquet"
    assert db.export(out) == 3
    table = pq.read_table(out)
    assert str(table.schema.field("stated_on").type) == "date32[day]"
    assert str(table.schema.field("evidence_start").type) == "int64"  # none given: typed
    assert str(table.schema.field("actor_org").type) in ("string", "large_string")
    back = table.to_pandas()
    expected = db.statements()
    assert list(back.columns) == list(expected.columns)
    assert back["statement_id"].tolist() == expected["statement_id"].tolist()
    assert back["stated_on"].tolist() == [date(2015, 10, d) for d in (1, 2, 3)]
    assert back["score"].tolist() == [1.0, -1.0, 1.0]


def test_filters_at_and_known_at_apply_to_exports(db: StanceDB, tmp_path: Path) -> None:
    _fill(db)
    before = datetime.now(UTC)
    time.sleep(0.01)
    db.retract(db.statements(actor="A")["statement_id"][0], "misattributed")
    out = tmp_path / "s.parquet"
    assert db.export(out, actor="B") == 1
    assert db.export(out, at=date(2015, 10, 2)) == 1  # A is retracted, C is later
    assert db.export(out, known_at=before) == 3  # before the retraction
    assert sorted(pq.read_table(out).to_pandas()["actor"]) == ["A", "B", "C"]


def test_positions_and_networks_in_csv_and_jsonl(db: StanceDB, tmp_path: Path) -> None:
    _fill(db)
    assert db.export(tmp_path / "p.csv", kind="positions", fmt="csv") == 3
    positions = pd.read_csv(tmp_path / "p.csv")
    assert positions.set_index("actor")["last_stance"].to_dict() == {
        "A": "support", "B": "oppose", "C": "support"}
    assert db.export(tmp_path / "c.jsonl", kind="conflict", fmt="jsonl") == 2
    ties = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
    assert {frozenset((t["actor1"], t["actor2"])) for t in ties} == {
        frozenset("AB"), frozenset("BC")}
    assert db.export(tmp_path / "a.parquet", kind="agreement") == 1


def test_a_failed_export_leaves_no_file(db: StanceDB, tmp_path: Path) -> None:
    _fill(db)
    with pytest.raises(ConfigError, match="choose csv, jsonl, parquet"):
        db.export(tmp_path / "s.xml", fmt="xml")
    (tmp_path / "taken").mkdir()
    with pytest.raises(ConfigError, match="cannot write"):
        db.export(tmp_path / "taken")
    left = {p.name for p in tmp_path.iterdir()}
    assert "s.xml" not in left and not any(name.endswith(".partial") for name in left)


def test_cli_export(backend_url: str, tmp_path: Path) -> None:
    with StanceDB(backend_url) as db:
        _fill(db)
    runner = CliRunner()
    out = tmp_path / "s.parquet"
    result = runner.invoke(app, ["--db", backend_url, "export", "--format", "parquet",
                                 "--out", str(out), "--target", "NATO", "--until",
                                 "2015-10-02"])
    assert result.exit_code == 0, result.output
    assert "wrote 2 statements rows" in result.output
    assert pq.read_table(out).num_rows == 2
    bad = runner.invoke(app, ["--db", backend_url, "export", "graphs", "--out", str(out)])
    assert bad.exit_code == 2 and "cannot export 'graphs'" in bad.output
    assert "Traceback" not in bad.output


def test_duckdb_reads_the_parquet_export_as_stancedb_has_it(db: StanceDB,
                                                            tmp_path: Path) -> None:
    import duckdb

    _fill(db)
    db.append([statement(4, actor="A", target="NATO", stance="oppose", day=date(2015, 10, 9))])
    out = tmp_path / "s.parquet"
    db.export(out)
    counted = duckdb.sql(f"SELECT actor, count(*), sum(score), max(stated_on) FROM '{out}' "
                         "GROUP BY actor ORDER BY actor").fetchall()
    assert counted == [("A", 2, 0.0, date(2015, 10, 9)), ("B", 1, -1.0, date(2015, 10, 2)),
                       ("C", 1, 1.0, date(2015, 10, 3))]
