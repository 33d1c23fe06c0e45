"""Discourse Network Analyzer databases in: the sample of ../shared/data/dna_sample (DNA 3 and
DNA 2 files of the same coding) comes in statement by statement as DNA coded it."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancedb import StanceDB
from stancedb.cli import app
from tests.conftest import SHARED

SAMPLE = SHARED / "data" / "dna_sample"
pytestmark = pytest.mark.skipif(not (SAMPLE / "sample_v3.dna").exists(),
                                reason=f"the DNA sample is not in {SAMPLE}")


def coded() -> list[dict[str, str]]:
    """The sample's own export of its statements (DNA Statement rows only)."""
    with (SAMPLE / "statements_v3.csv").open(encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["statement_type"] == "DNA Statement"]


def test_the_dna_3_sample_comes_in_as_coded(db: StanceDB) -> None:
    warnings: list[str] = []
    report = db.ingest([SAMPLE / "sample_v3.dna"], on_warning=warnings.append)
    assert report.ok and report.stored == 40
    assert warnings == [f"{SAMPLE / 'sample_v3.dna'}: 1 statement(s) of type 'Annotation' "
                        "are not stances; not imported"]
    frame = db.statements()
    assert Counter(frame.stance) == {"support": 29, "oppose": 11}
    by_origin = {row.origin.rsplit(" ", 1)[1]: row for row in frame.itertuples()}
    for expected in coded():
        row = by_origin[expected["statement_id"]]
        assert row.actor == (expected["person"] or expected["organization"])
        assert row.target == expected["concept"] and row.target_kind == "concept"
        assert row.stance == ("support" if expected["agreement"] == "1" else "oppose")
        assert row.stated_on.isoformat() == expected["date"][:10]
        assert (row.evidence_start, row.evidence_end) == (int(expected["start"]),
                                                          int(expected["stop"]))
        assert row.extractor == f"dna coder: {expected['coder']}"
        if expected["statement_text"]:
            assert row.evidence == expected["statement_text"]
    documents = db.sql("SELECT name, title, published FROM documents ORDER BY name")
    assert len(documents) == 7
    assert db.verify().ok


def test_importing_twice_stores_nothing_and_dna_2_gives_the_same_statements(
        db: StanceDB) -> None:
    db.ingest([SAMPLE / "sample_v3.dna"])
    again = db.ingest([SAMPLE / "sample_v3.dna"])
    assert (again.stored, again.skipped) == (0, 40)
    if not (SAMPLE / "sample_v2.dna").exists():
        pytest.skip(f"the DNA 2 sample is not in {SAMPLE}")
    assert db.ingest([SAMPLE / "sample_v2.dna"]).stored == 40  # another file: its own

    def coding(document_prefix: str) -> Counter[tuple[object, ...]]:
        frame = db.statements()
        frame = frame[frame.document.str.startswith(document_prefix)]
        return Counter(zip(frame.actor, frame.actor_org.fillna(""), frame.target,
                           frame.stance, frame.stated_on, frame.evidence_start,
                           strict=True))

    assert coding("sample_v2.dna#") == coding("sample_v3.dna#")


def test_format_dna_reads_a_database_whatever_its_name(backend_url: str,
                                                       tmp_path: Path) -> None:
    renamed = tmp_path / "coding.sqlite"
    shutil.copy(SAMPLE / "sample_v3.dna", renamed)
    runner = CliRunner()
    result = runner.invoke(app, ["--db", backend_url, "ingest", "--format", "dna",
                                 str(renamed)])
    assert result.exit_code == 0, result.output
    assert "40 statements stored" in result.output
    broken = tmp_path / "broken.dna"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    failed = runner.invoke(app, ["--db", backend_url, "ingest", str(broken)])
    assert failed.exit_code == 1 and "Traceback" not in failed.output
    assert f"{broken}: not a" in failed.output


def test_reextract_leaves_a_coders_statements_alone(db: StanceDB) -> None:
    db.ingest([SAMPLE / "sample_v3.dna"])
    assert db.reextract().documents == 0
    assert len(db.statements()) == 40


def test_alias_attributes_become_aliases(db: StanceDB, tmp_path: Path) -> None:
    import sqlite3

    copy = tmp_path / "aliased.dna"
    shutil.copy(SAMPLE / "sample_v3.dna", copy)
    with sqlite3.connect(copy) as conn:  # give a person two aliases, as a coder would
        alias_variable = conn.execute(
            "SELECT a.ID FROM ATTRIBUTEVARIABLES a JOIN VARIABLES v ON v.ID = a.VariableId "
            "WHERE v.Variable = 'person' AND a.AttributeVariable = 'Alias'").fetchone()[0]
        entity = conn.execute("SELECT ID FROM ENTITIES WHERE Value = 'Joel Bluestein'"
                              ).fetchone()[0]
        conn.execute("INSERT OR REPLACE INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, "
                     "AttributeValue) VALUES (?, ?, ?)",
                     (entity, alias_variable, "J. Bluestein; Bluestein, Joel"))
    assert db.ingest([copy]).ok
    names = dict(db.entities().itertuples(index=False))
    assert names["J. Bluestein"] == names["Bluestein, Joel"] == "Joel Bluestein"


def test_dna_names_follow_the_same_name_rules(db: StanceDB, tmp_path: Path) -> None:
    import sqlite3

    copy = tmp_path / "names.dna"
    shutil.copy(SAMPLE / "sample_v3.dna", copy)
    with sqlite3.connect(copy) as conn:  # a line break inside a coded person's name
        conn.execute("UPDATE ENTITIES SET Value = 'Joel' || char(10) || 'Bluestein' "
                     "WHERE Value = 'Joel Bluestein'")
    errors: list[str] = []
    report = db.ingest([copy], on_error=errors.append)
    assert errors and all(error.endswith(
        "person contains a control character (U+000A); not imported") for error in errors)
    assert report.stored == 40 - len(errors)
    assert "Joel\nBluestein" not in set(db.statements().actor)


def test_a_statement_recoded_in_dna_replaces_its_old_coding(db: StanceDB,
                                                            tmp_path: Path) -> None:
    import sqlite3

    copy = tmp_path / "coding.dna"
    shutil.copy(SAMPLE / "sample_v3.dna", copy)
    assert db.ingest([copy]).stored == 40
    with sqlite3.connect(copy) as conn:  # the coder changes her mind about statement 1
        conn.execute("UPDATE DATABOOLEAN SET Value = 1 - Value WHERE StatementId = 1")
    again = db.ingest([copy])
    assert (again.stored, again.skipped) == (1, 39)
    frame = db.statements()
    assert len(frame) == 40
    first = frame[frame.origin.str.endswith(":statement 1")]
    assert first.stance.tolist() == ["support"]  # was oppose in the sample
    assert db.verify().ok


def test_dna_offsets_count_utf16_units_as_java_does() -> None:
    from stancedb.ingest.formats.dna import DnaDocument

    document = DnaDocument(1, "t", "a\U0001F600bc", "", "", None)  # an emoji: 2 UTF-16 units
    assert document.utf16_length == 5
    assert [document.code_points(o) for o in (0, 1, 3, 4, 5)] == [0, 1, 2, 3, 4]
    assert document.text[document.code_points(3):document.code_points(5)] == "bc"
