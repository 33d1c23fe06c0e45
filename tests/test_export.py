"""`stancedb export`: statements, positions and networks to Parquet, CSV and JSON Lines files
that other tools read back, honouring filters, --at and --known-at."""

from __future__ import annotations

import json
import os
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from stancedb import ConfigError, StanceDB
from stancedb.cli import app
from stancedb.model.events import Evidence, NewEvent, Provenance, StatementRecorded, stable_id
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
    assert "wrote 2 rows of statements" in result.output
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


ROUND_TRIP_COLUMNS = ["statement_id", "document", "actor", "actor_org", "target", "stance",
                      "score", "modality", "stated_on", "source", "evidence", "evidence_start",
                      "evidence_end", "confidence", "extractor", "target_kind", "url",
                      "extractor_version"]


def _varied(db: StanceDB, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "actor,target,stance,date,source,score,modality,evidence,evidence_start,evidence_end,"
        "document,url,confidence,target_kind,actor_org\n"
        'Sergei Lavrov,Free Syrian Army,support,2015-10-24,Reuters,0.5,reported,"We are '
        'ready, he said",10,30,a.txt,http://x/1,0.8,entity,Russia\n'
        "Ahmad Saoud,Russia,oppose,2015-10-25,Al Jazeera,,asserted,,,,,,,entity,\n"
        "John Kerry,ceasefire,neutral,2015-10-26,AP,0,conditional,,,,,,,concept,\n")
    assert db.ingest([source]).ok
    db.alias("Sergei Lavrov", "Sergey Lavrov")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_an_export_imported_into_an_empty_database_gives_the_same_statements(
        db: StanceDB, tmp_path: Path, fmt: str) -> None:
    _fill(db)
    _varied(db, tmp_path)
    out = tmp_path / f"statements.{fmt}"
    db.export(out, fmt=fmt)
    with StanceDB(f"sqlite:///{tmp_path / 'copy.sqlite'}") as copy:
        report = copy.ingest([out])
        assert report.ok, report.files[0].errors
        expected = db.statements()[ROUND_TRIP_COLUMNS].sort_values("statement_id")
        got = copy.statements()[ROUND_TRIP_COLUMNS].sort_values("statement_id")
        pd.testing.assert_frame_equal(got.reset_index(drop=True),
                                      expected.reset_index(drop=True), check_dtype=False)
        assert copy.ingest([out]).stored == 0  # and again: the same ids, nothing new


def test_graphml_and_dna_layout_read_back(db: StanceDB, tmp_path: Path) -> None:
    import networkx as nx

    _fill(db)
    db.export(tmp_path / "conflict.graphml", kind="conflict", fmt="graphml")
    network = nx.read_graphml(tmp_path / "conflict.graphml")
    assert sorted(tuple(sorted(edge)) for edge in network.edges()) == [("A", "B"), ("B", "C")]
    assert all(data["weight"] == 1 and data["targets"] == "NATO"
               for _, _, data in network.edges(data=True))
    with pytest.raises(ConfigError, match="GraphML is for the networks"):
        db.export(tmp_path / "s.graphml", fmt="graphml")
    db.export(tmp_path / "dna.csv", fmt="dna")
    rows = pd.read_csv(tmp_path / "dna.csv", keep_default_na=False)
    assert list(rows.columns[:8]) == ["statement_id", "statement_type", "document_id", "date",
                                      "person", "organization", "concept", "agreement"]
    assert sorted(zip(rows.person, rows.concept, rows.agreement.astype(str), strict=True)) == [
        ("A", "NATO", "1"), ("B", "NATO", "0"), ("C", "NATO", "1")]


ROUND_TRIPS = int(os.environ.get("STANCEDB_ROUND_TRIPS", "25"))
names = st.text(st.characters(codec="utf-8", exclude_characters="\x00\r"), min_size=1,
                max_size=12).map(str.strip).filter(bool)
# Entity names as every door takes them in (stancedb.model.names: one line, no control characters)
entity_names = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"),
                                     exclude_characters="\u2028\u2029"),
                       min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def recorded(draw: st.DrawFn) -> NewEvent:
    stance = draw(st.sampled_from(["support", "oppose", "neutral"]))
    strength = 0.0 if stance == "neutral" else draw(st.floats(0.01, 1.0))
    start = draw(st.none() | st.integers(0, 10_000))
    evidence = None
    if start is not None or draw(st.booleans()):
        evidence = Evidence(draw(names), start, None if start is None else start + 5)
    key = f"property:{draw(st.uuids())}"
    return NewEvent(key, StatementRecorded(
        statement_id=stable_id(key), actor=draw(entity_names), target=draw(entity_names),
        stance=stance, score=round(strength if stance == "support" else -strength, 6),
        stated_on=draw(st.dates(date(1900, 1, 1), date(2100, 12, 31))), source=draw(names),
        provenance=Provenance("property", "1", draw(st.floats(0.0, 1.0).map(
            lambda c: round(c, 6))), None),
        actor_org=draw(st.none() | entity_names), target_kind=draw(st.sampled_from(
            ["entity", "concept"])),
        modality=draw(st.sampled_from(["asserted", "conditional", "reported", "denied"])),
        document=draw(st.none() | names), url=draw(st.none() | names), evidence=evidence))


@settings(max_examples=ROUND_TRIPS, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(recorded(), min_size=1, max_size=6), st.sampled_from(["csv", "jsonl",
                                                                       "parquet"]))
def test_any_statements_round_trip_through_an_export(events: list[NewEvent], fmt: str
                                                     ) -> None:
    with tempfile.TemporaryDirectory() as folder:
        with StanceDB(f"sqlite:///{folder}/a.sqlite") as db:
            db.append(events)
            out = Path(folder) / f"s.{fmt}"
            db.export(out, fmt=fmt)
            expected = db.statements()[ROUND_TRIP_COLUMNS]
        with StanceDB(f"sqlite:///{folder}/b.sqlite") as copy:
            report = copy.ingest([out])
            assert report.ok, report.files[0].errors
            got = copy.statements()[ROUND_TRIP_COLUMNS]
    key = ["statement_id"]
    pd.testing.assert_frame_equal(got.sort_values(key).reset_index(drop=True),
                                  expected.sort_values(key).reset_index(drop=True),
                                  check_dtype=False)
