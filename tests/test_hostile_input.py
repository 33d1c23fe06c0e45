"""Hostile input: every broken file or row gets one clear line (file:line: reason, never a
traceback), nothing of a refused file is stored, the rest of the run goes on, and --strict
stops cleanly with the log as it was. The readers are fuzzed with hypothesis."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from stancedb import InputError, StanceDB
from stancedb.cli import app
from stancedb.ingest import check_text_file
from stancedb.ingest.formats.structured import BadRow, Row, read_csv, read_jsonl, to_event
from stancedb.model.events import NewEvent

HEADER = "actor,target,stance,date,source\n"
GOOD_ROW = "Sergey Lavrov,Free Syrian Army,support,2015-10-24,Reuters\n"
BIG = 50 * 2**20  # a 50 MB single line


def hostile_corpus(folder: Path) -> dict[str, str]:
    """Write the corpus; returns each bad file's name and the reason its error must give."""
    folder.mkdir()
    (folder / "good.csv").write_text(HEADER + GOOD_ROW + "Putin,ISIL,oppose,2015-10-25,TASS\n")
    (folder / "empty.csv").write_bytes(b"")
    (folder / "binary.csv").write_bytes(HEADER.encode() + b"\x89PNG\x00\x01\x02\n")
    (folder / "latin1.csv").write_bytes(HEADER.encode() + b"L\xe9vy,FSA,support,2015-10-24,X\n")
    (folder / "long_line.csv").write_text("a" * BIG)
    (folder / "long_field.csv").write_text(HEADER + "b" * BIG + ",FSA,support,2015-10-24,X\n")
    (folder / "columns.csv").write_text("who,what\nLavrov,FSA\n")
    (folder / "quote.csv").write_text(HEADER + GOOD_ROW.replace("Sergey", "Sergei")
                                      + '"Kerry,Russia,oppose,2015-10-24,AP\n' + GOOD_ROW)
    (folder / "date.csv").write_text(HEADER + "Kerry,Russia,oppose,2015-02-30,AP\n")
    (folder / "stance.csv").write_text(HEADER + "Kerry,Russia,maybe,2015-10-24,AP\n")
    (folder / "types.jsonl").write_text(json.dumps({
        "actor": ["Kerry"], "target": "Russia", "stance": "oppose", "date": "2015-10-24",
        "source": "AP"}) + "\n")
    articles = folder / "articles"
    articles.mkdir()
    (articles / "manifest.csv").write_text("file,outlet,published\n../../secret.txt,X,2015-10-24\n"
                                           "a.txt,Wire,2015-10-24\n")
    (articles / "a.txt").write_text("Kerry said the United States supports the talks.\n")
    return {
        "empty.csv": "empty file",
        "binary.csv": "binary file (contains NUL bytes)",
        "latin1.csv": "not valid UTF-8 (byte 0xe9)",
        "long_line.csv": "missing required column(s)",
        "long_field.csv": "actor is 52,428,800 characters long (at most 1,000)",
        "columns.csv": "missing required column(s): actor, target, stance, date, source",
        "quote.csv": "a quote opened here is never closed",
        "date.csv": "date '2015-02-30' is not a valid YYYY-MM-DD date",
        "stance.csv": "unknown stance 'maybe'",
        "types.jsonl": "actor must be text, found a list",
        "manifest.csv": "'../../secret.txt' points outside its folder; ignored",
    }


@pytest.mark.slow
def test_a_hostile_corpus_gets_one_line_per_fault_and_the_rest_is_stored(
        backend_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    reasons = hostile_corpus(folder)
    result = CliRunner().invoke(app, ["--db", backend_url, "ingest", str(folder)])
    assert result.exit_code == 1, result.output  # bad rows were reported
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    for name, reason in reasons.items():
        said = [line for line in lines if f"{name}:" in line]
        assert len(said) == 1 and reason in said[0], (name, said)
        assert len(said[0]) < 300  # a line a person reads, not a 50 MB echo
    with StanceDB(backend_url) as db:
        imported = db.statements()
        imported = imported[imported.extractor.str.startswith("import.")]
        # good.csv's two rows and the row of quote.csv before the unclosed quote
        assert sorted(imported.actor) == ["Putin", "Sergei Lavrov", "Sergey Lavrov"]
        assert db.verify().ok


@pytest.mark.parametrize("name", ["binary.csv", "latin1.csv", "empty.csv", "date.csv",
                                  "long_field.csv"])
def test_strict_refuses_a_bad_file_cleanly_and_leaves_the_log_unchanged(
        backend_url: str, tmp_path: Path, name: str) -> None:
    reasons = hostile_corpus(tmp_path / "corpus")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", backend_url, "ingest",
                               str(tmp_path / "corpus" / "good.csv")]).exit_code == 0
    with StanceDB(backend_url) as db:
        before = [e.hash for e in db.log()]
    result = runner.invoke(app, ["--db", backend_url, "ingest", "--strict",
                                 str(tmp_path / "corpus" / name)])
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert reasons[name] in result.output
    with StanceDB(backend_url) as db:
        assert [e.hash for e in db.log()] == before
        assert db.verify().ok


@pytest.mark.slow
def test_thousands_of_tiny_files(backend_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "tiny"
    folder.mkdir()
    for n in range(2_000):
        (folder / f"{n:05d}.csv").write_text(HEADER + f"Actor {n},NATO,support,2015-10-24,X\n")
    with StanceDB(backend_url) as db:
        report = db.ingest([folder])
        assert report.ok and report.stored == 2_000 and len(report.files) == 2_000
        assert len(db.statements()) == 2_000 and db.verify().ok


def _read_all(data: bytes, suffix: str) -> list[Row | BadRow]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            check_text_file(path)
            reader = read_jsonl(path) if suffix == ".jsonl" else read_csv(path)
            return list(reader)
        except InputError:
            return []


def _every_row_is_an_event_or_an_input_error(items: list[Row | BadRow]) -> None:
    for item in items:
        assert isinstance(item, Row | BadRow)
        if isinstance(item, Row):
            try:
                assert isinstance(to_event(item, "fuzz", "import.fuzz"), NewEvent)
            except InputError as exc:
                assert exc.line == item.line


csv_texts = st.lists(st.sampled_from([
    "actor", "target", "stance", "date", "source", "score", "support", "oppose", "x",
    "2015-10-24", "2015-02-30", "-0.5", "1e309", '"', '""', ",", "\n", "\r\n", "\t", " ",
    "\x00", "é", "\ufeff"]), max_size=60).map("".join)
fuzz = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


@fuzz
@given(st.one_of(st.binary(max_size=400), csv_texts.map(str.encode),
                 csv_texts.map(lambda text: (HEADER + text).encode())))
def test_the_csv_reader_only_ever_says_row_or_input_error(data: bytes) -> None:
    _every_row_is_an_event_or_an_input_error(_read_all(data, ".csv"))


json_values = st.recursive(st.none() | st.booleans() | st.floats() | st.integers()
                           | st.text(max_size=12),
                           lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=8)
row_objects = st.fixed_dictionaries(
    {}, optional={name: json_values | st.just("2015-10-24") | st.just("support")
                  for name in ("actor", "target", "stance", "date", "source", "score",
                               "confidence", "evidence_start", "evidence_end")})


@fuzz
@given(st.one_of(st.binary(max_size=300),
                 st.lists(json_values | row_objects, max_size=5).map(
                     lambda rows: "\n".join(json.dumps(r) for r in rows).encode())))
def test_the_jsonl_reader_only_ever_says_row_or_input_error(data: bytes) -> None:
    _every_row_is_an_event_or_an_input_error(_read_all(data, ".jsonl"))


def test_names_that_look_like_sql_are_only_ever_data(db: StanceDB, tmp_path: Path) -> None:
    # Values travel as bound parameters everywhere; only identifiers of stancedb's own are
    # written into SQL text.
    name = "Robert'); DROP TABLE statements; --"
    target = '" OR 1=1 --'
    path = tmp_path / "s.csv"
    path.write_text(HEADER + f'"{name}","{target.replace(chr(34), 2 * chr(34))}",'
                             "oppose,2015-10-24,%s%%\n")
    assert db.ingest([path]).stored == 1
    found = db.statements(actor=name, target=target, source="%s%%")
    assert found[["actor", "target", "source"]].values.tolist() == [[name, target, "%s%%"]]
    assert len(db.positions(actor=name, target=target)) == 1
    db.alias(name, "Bobby Tables")
    assert db.statements(actor="Bobby Tables").actor.tolist() == ["Bobby Tables"]
    assert db.verify().ok


def test_statement_files_apply_the_same_name_rules(db: StanceDB, tmp_path: Path) -> None:
    # The rule of stancedb.model.names, as the CLI and the API apply it, for names read from files.
    rows = [{"actor": "Jane\u0001Doe", "target": "NATO"}, {"actor": "Jane Doe",
                                                           "target": "NA\u2028TO"},
            {"actor": "Jane Doe", "target": "NATO", "actor_org": "x" * 1_001},
            {"actor": "Jane Doe", "target": "NATO"}]
    path = tmp_path / "names.jsonl"
    path.write_text("\n".join(json.dumps({**row, "stance": "support", "date": "2015-10-24",
                                          "source": "AP"}) for row in rows) + "\n")
    errors: list[str] = []
    assert db.ingest([path], on_error=errors.append).stored == 1
    assert errors == [f"{path}:1: actor contains a control character (U+0001)",
                      f"{path}:2: target contains a control character (U+2028)",
                      f"{path}:3: actor_org is 1,001 characters long (at most 1,000)"]
