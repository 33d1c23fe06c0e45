"""Structured import: CSV, TSV and JSONL statement files, good rows and bad."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stancedb import StanceDB
from stancedb.projections import runner
from tests.factories import write_csv

GOOD = [
    "Sergey Lavrov,Free Syrian Army,support,2015-10-24,Al Jazeera",
    "Ahmad Saoud,Russia,oppose,2015-10-24,Al Jazeera",
]


def test_csv_rows_become_statements(db: StanceDB, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", *GOOD)
    report = db.ingest([path])
    assert report.ok and report.stored == 2
    frame = db.statements()
    assert list(frame.actor) == ["Sergey Lavrov", "Ahmad Saoud"]
    assert list(frame.score) == [1.0, -1.0]
    assert set(frame.extractor) == {"import.csv"}
    assert list(frame.origin) == [f"{path}:2", f"{path}:3"]


def test_optional_columns_are_kept(db: StanceDB, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "s.csv",
        'Sergey Lavrov,Free Syrian Army,support,2015-10-24,Al Jazeera,Russia,0.5,conditional,'
        '"ready to support, if asked",a.txt,12,38,0.7',
        header="actor,target,stance,date,source,actor_org,score,modality,evidence,document,"
               "evidence_start,evidence_end,confidence",
    )
    assert db.ingest([path]).ok
    row = db.statements().iloc[0]
    assert (row.actor_org, row.score, row.modality, row.document) == (
        "Russia", 0.5, "conditional", "a.txt")
    assert (row.evidence, row.evidence_start, row.evidence_end, row.confidence) == (
        "ready to support, if asked", 12, 38, 0.7)


def test_ingesting_the_same_file_twice_appends_nothing(db: StanceDB, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", *GOOD)
    db.ingest([path])
    again = db.ingest([path])
    assert (again.stored, again.skipped) == (0, 2)
    assert len(list(db.log())) == 2
    assert db.verify().ok


def test_each_bad_row_is_reported_with_file_and_line(db: StanceDB, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "s.csv",
        GOOD[0],
        "Putin,ISIL,maybe,2015-10-24,TASS",
        "Putin,ISIL,oppose,2015-02-30,TASS",
        "Putin,ISIL,oppose,2015-10-24",
        ',ISIL,oppose,2015-10-24,TASS',
        '"Putin,ISIL,oppose,2015-10-24,TASS',
    )
    errors: list[str] = []
    report = db.ingest([path], on_error=errors.append)
    assert report.stored == 1 and report.bad_rows == 5 and not report.ok
    assert errors[:4] == [
        f"{path}:3: unknown stance 'maybe' (expected support, oppose, neutral)",
        f"{path}:4: date '2015-02-30' is not a valid YYYY-MM-DD date",
        f"{path}:5: expected 5 fields, found 4",
        f"{path}:6: actor is empty",
    ]
    assert errors[4].startswith(f"{path}:7: ")


def test_quoted_newlines_keep_line_numbers_right(db: StanceDB, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv",
                     '"Sergey\nLavrov",FSA,support,2015-10-24,X', "Putin,ISIL,oops,2015-10-24,X")
    errors: list[str] = []
    db.ingest([path], on_error=errors.append)
    # (a name is one line: the rule names follow at every door, stancedb.model.names)
    assert errors == [f"{path}:2: actor contains a control character (U+000A)",
                      f"{path}:4: unknown stance 'oops' (expected support, oppose, neutral)"]


def test_strict_stores_nothing_from_a_file_with_a_bad_row(db: StanceDB, tmp_path: Path) -> None:
    good = write_csv(tmp_path / "a.csv", GOOD[0])
    bad = write_csv(tmp_path / "b.csv", GOOD[1], "Putin,ISIL,oppose,yesterday,TASS")
    later = write_csv(tmp_path / "c.csv", "Kerry,Russia,oppose,2015-10-24,AP")
    report = db.ingest([good, bad, later], strict=True)
    assert report.stopped and not report.ok
    assert list(db.statements().actor) == ["Sergey Lavrov"]


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file"),
    (b"actor,target\x00\x01\x02", "binary file (contains NUL bytes)"),
    (b"actor,target,stance,date,source\nL\xe9vy,FSA,support,2015-10-24,X\n",
     "not valid UTF-8 (byte 0xe9)"),
    (b"actor,target,stance,date,source\n", "no statements in file"),
    (b"actor,who\nLavrov,FSA\n", "missing required column(s): target, stance, date, source"),
])
def test_unreadable_files_get_one_clear_error(db: StanceDB, tmp_path: Path, content: bytes,
                                              reason: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    errors: list[str] = []
    report = db.ingest([path], strict=True, on_error=errors.append)
    assert len(errors) == 1 and reason in errors[0] and errors[0].startswith(str(path))
    assert not report.ok
    assert list(db.log()) == []


def test_jsonl_rows_are_validated_by_type(db: StanceDB, tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    rows = [
        {"actor": "Putin", "target": "ISIL", "stance": "oppose", "date": "2015-10-24",
         "source": "TASS", "score": -0.5},
        {"actor": 7, "target": "ISIL", "stance": "oppose", "date": "2015-10-24", "source": "X"},
        {"actor": "Putin", "target": "ISIL", "stance": "oppose", "date": "2015-10-24",
         "source": "X", "score": "strong"},
    ]
    rows.append({"actor": "Put\u0000in", "target": "ISIL", "stance": "oppose",
                 "date": "2015-10-24", "source": "X"})
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n[1, 2]\n{not json\n")
    errors: list[str] = []
    report = db.ingest([path], on_error=errors.append)
    assert report.stored == 1
    assert errors == [
        f"{path}:2: actor must be text, found a number",
        f"{path}:3: score 'strong' is not a number",
        f"{path}:4: actor contains a NUL character",
        f"{path}:5: expected a JSON object, found a list",
        f"{path}:6: invalid JSON: Expecting property name enclosed in double quotes",
    ]
    assert db.statements().score.tolist() == [-0.5]


def test_score_must_agree_with_stance(db: StanceDB, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", "Putin,ISIL,oppose,2015-10-24,TASS,0.4",
                     header="actor,target,stance,date,source,score")
    errors: list[str] = []
    db.ingest([path], on_error=errors.append)
    assert errors == [f"{path}:2: score 0.4 contradicts stance 'oppose'"]


def test_folders_are_read_recursively_and_other_files_reported(db: StanceDB,
                                                               tmp_path: Path) -> None:
    tmp_path = tmp_path / "corpus"
    (tmp_path / "sub").mkdir(parents=True)
    write_csv(tmp_path / "a.csv", GOOD[0])
    (tmp_path / "sub" / "b.tsv").write_text(
        "actor\ttarget\tstance\tdate\tsource\nPutin\tISIL\toppose\t2015-10-24\tTASS\n")
    (tmp_path / "notes.docx").write_text("x")
    (tmp_path / ".hidden.csv").write_text("junk")
    errors: list[str] = []
    report = db.ingest([tmp_path], on_error=errors.append)
    assert report.stored == 2
    assert len(errors) == 1 and "unsupported file type '.docx'" in errors[0]


def test_a_failed_batch_leaves_nothing_half_written(db: StanceDB, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [f"Actor {n},Target,support,2015-10-24,Wire" for n in range(25)]
    path = write_csv(tmp_path / "s.csv", *rows)
    calls = {"n": 0}
    real_apply = runner.apply

    def failing_apply(conn: object, events: list[object]) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("crash in the middle of the second batch")
        real_apply(conn, events)  # type: ignore[arg-type]

    monkeypatch.setattr(db.store, "projector", failing_apply)
    with pytest.raises(RuntimeError):
        db.ingest([path], batch_size=10)
    assert len(list(db.log())) == 10 and len(db.statements()) == 10
    assert db.verify().ok
    monkeypatch.setattr(db.store, "projector", real_apply)
    report = db.ingest([path], batch_size=10)
    assert (report.stored, report.skipped) == (15, 10)
    assert len(db.statements()) == 25 and db.verify().ok


def test_a_statement_id_longer_than_a_uuid_is_a_bad_row(db: StanceDB, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", "Putin,ISIL,oppose,2015-10-24,TASS," + "x" * 37,
                     header="actor,target,stance,date,source,statement_id")
    errors: list[str] = []
    assert db.ingest([path], on_error=errors.append).stored == 0
    assert errors == [f"{path}:2: statement_id is 37 characters long (at most 36)"]
