"""Who said what: every quote the extractor finds is stored with its document's extraction
(`document.attributed`), survives re-extraction, new versions and rebuilds, and is listed by
`db.quotes()`, `stancedb quotes` and `GET /v1/quotes`; statements name their quote."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from alembic import command
from stancedb import StanceDB
from stancedb import database as database_module
from stancedb.api import create_app
from stancedb.cli import app
from stancedb.extract.documents import Metadata, document_from_text
from stancedb.extract.pipeline import Extraction
from stancedb.ingest.formats import articles as articles_module
from stancedb.model.events import (
    AttributedQuote,
    DocumentAttributed,
    NewEvent,
    Provenance,
    StatementRecorded,
)
from stancedb.projections import runner
from stancedb.storage import db as dbmod
from stancedb.storage.store import AppendResult
from tests.factories import statement

# Invented for these tests: a direct quote, an indirect statement, and more.
ARTICLE = (
    "Harbour Council split over ferry contract\n\n"
    "Mayor Elena Varga said on Tuesday that the Harbour Council would reject the offer from "
    "Nordlink Ferries.\n\n"
    "“We will never support Nordlink Ferries while they ignore the islanders,” Varga told "
    "reporters.\n\n"
    "Councillor Tomas Berg said he would welcome a new tender.\n"
)
PUBLISHED = date(2024, 5, 7)
OUTLET = "Coastal Herald"
QUOTE_KEYS = {"quote_id", "document", "speaker", "speaker_org", "speaker_start", "speaker_end",
              "cue", "cue_start", "cue_end", "content", "content_start", "content_end",
              "stated_on", "source", "extractor", "extractor_version"}


def ingest(db: StanceDB, folder: Path, text: str = ARTICLE, name: str = "ferry.txt") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    assert db.ingest([path], source=OUTLET, published=PUBLISHED).ok
    return path


def check_offsets(quotes: pd.DataFrame, text: str) -> None:
    records: list[dict[str, Any]] = quotes.to_dict(orient="records")  # type: ignore[assignment]
    for q in records:
        assert text[q["content_start"]:q["content_end"]] == q["content"]
        assert q["speaker_end"] > q["speaker_start"]
        assert text[q["speaker_start"]:q["speaker_end"]]  # the words that name the speaker
        if isinstance(q["cue"], str):
            assert text[q["cue_start"]:q["cue_end"]] == q["cue"]
        else:
            assert pd.isna(q["cue_start"]) and pd.isna(q["cue_end"])


def snapshot(db: StanceDB) -> list[tuple[Any, ...]]:
    with db.engine.connect() as conn:
        return sorted(tuple(row) for row in conn.execute(sa.text("SELECT * FROM quotes")))


def test_quotes_are_stored_with_offsets_and_statements_name_them(
        db: StanceDB, tmp_path: Path) -> None:
    ingest(db, tmp_path)
    quotes = db.quotes()
    assert len(quotes) >= 2
    assert {"quote", "indirect"} <= set(quotes.kind)
    assert "Elena Varga" in set(quotes.speaker)
    assert set(quotes.columns) >= QUOTE_KEYS
    check_offsets(quotes, ARTICLE)
    assert set(quotes.document) == {"ferry.txt"} and set(quotes.source) == {OUTLET}
    assert set(quotes.extractor) == {"stancedb.extract"}
    assert set(quotes.stated_on) == {PUBLISHED}
    assert quotes.quote_id.is_unique
    statements = db.statements()
    assert len(statements) >= 2
    assert set(statements.quote_id) <= set(quotes.quote_id)
    for s in statements.itertuples():  # the statement's evidence holds its quote's content
        quote = quotes[quotes.quote_id == s.quote_id].iloc[0]
        assert s.evidence_start <= quote.content_start and quote.content_end <= s.evidence_end
    attributed = [e for e in db.log() if e.type == DocumentAttributed.TYPE]
    assert len(attributed) == 1
    assert [q["quote_id"] for q in attributed[0].payload["quotes"]] == list(
        quotes.sort_values("number").quote_id)
    assert db.verify().ok


def test_ingesting_again_appends_nothing_and_rebuild_gives_the_same_quotes(
        db: StanceDB, tmp_path: Path) -> None:
    path = ingest(db, tmp_path)
    before, events = snapshot(db), len(list(db.log()))
    assert db.ingest([path], source=OUTLET, published=PUBLISHED).unchanged_documents == 1
    assert len(list(db.log())) == events
    db.rebuild()
    assert snapshot(db) == before
    assert db.verify().ok


def test_filters(db: StanceDB, tmp_path: Path) -> None:
    ingest(db, tmp_path)
    everyone = db.quotes()
    varga = db.quotes(speaker="elena VARGA")
    assert len(varga) >= 2 and set(varga.speaker) == {"Elena Varga"}
    assert db.quotes(speaker="Varga").empty  # the name, not a part of it
    assert len(db.quotes(document="ferry.txt")) == len(everyone)
    assert db.quotes(document="other.txt").empty
    assert len(db.quotes(since=PUBLISHED, until=PUBLISHED)) == len(everyone)
    assert db.quotes(since=date(2024, 5, 8)).empty and db.quotes(until=date(2024, 5, 6)).empty
    assert len(db.quotes(limit=1)) == 1
    assert db.quotes(known_at=datetime(2000, 1, 1, tzinfo=UTC)).empty


def test_cursor_pages_read_every_quote_once(db: StanceDB, tmp_path: Path) -> None:
    ingest(db, tmp_path)
    ingest(db, tmp_path, ARTICLE.replace("Tuesday", "Wednesday"), name="ferry2.txt")
    from stancedb.storage.query import quote_cursor

    seen: list[str] = []
    after = 0
    while True:
        page = db.quotes(after=after, limit=2)
        seen += list(page.quote_id)
        if len(page) < 2:
            break
        after = quote_cursor(int(page.position.iloc[-1]), int(page.number.iloc[-1]))
    assert sorted(seen) == sorted(db.quotes().quote_id)


def test_reextract_with_a_newer_extractor_replaces_the_quotes(
        db: StanceDB, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest(db, tmp_path)
    old = db.quotes()
    assert db.reextract().documents == 0
    recorded = datetime.now(UTC)
    for module in (articles_module, database_module):
        monkeypatch.setattr(module, "EXTRACTOR_VERSION", "99.0")
    assert db.reextract().documents == 1
    new = db.quotes()
    assert len(new) == len(old) and new.quote_id.is_unique
    assert not set(new.quote_id) & set(old.quote_id)
    assert set(new.extractor_version) == {"99.0"}
    check_offsets(new, ARTICLE)
    assert set(db.statements().quote_id) <= set(new.quote_id)
    assert db.reextract().documents == 0
    # what the database said before the re-extraction
    assert set(db.quotes(known_at=recorded).quote_id) == set(old.quote_id)
    before = snapshot(db)
    db.rebuild()
    assert snapshot(db) == before
    assert db.verify().ok


def test_an_extraction_that_finds_nothing_clears_the_quotes(
        db: StanceDB, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest(db, tmp_path)
    assert not db.quotes().empty
    monkeypatch.setattr(articles_module, "EXTRACTOR_VERSION", "99.0")
    document = document_from_text("ferry.txt", ARTICLE, "text", Metadata(OUTLET, None,
                                                                         PUBLISHED))
    articles_module.store_extraction(db.store, Extraction(document), reason="nothing found")
    assert db.quotes().empty and db.statements().empty
    db.rebuild()
    assert db.quotes().empty and db.verify().ok


def test_a_changed_file_replaces_its_quotes(db: StanceDB, tmp_path: Path) -> None:
    path = ingest(db, tmp_path)
    first = db.quotes()
    changed = ARTICLE.replace("Nordlink Ferries", "Baltic Lines")
    ingest(db, tmp_path, changed)
    second = db.quotes()
    assert len(second) == len(first) and not set(second.quote_id) & set(first.quote_id)
    assert len(set(second.document_id)) == 1 and set(second.document_id) != set(
        first.document_id)
    assert not any("Nordlink" in content for content in second.content)
    check_offsets(second, changed)
    assert set(db.statements().quote_id) <= set(second.quote_id)
    assert path.read_text(encoding="utf-8") == changed
    before = snapshot(db)
    db.rebuild()
    assert snapshot(db) == before and db.verify().ok


def test_reextract_adds_the_quotes_of_documents_read_before_quotes_were_stored(
        db: StanceDB, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_append = db.store.append_in  # (an article is stored in a transaction of its own)

    def as_before(conn: sa.Connection, batch: list[NewEvent]) -> AppendResult:  # no quotes
        return real_append(conn, [
            NewEvent(e.key, dataclasses.replace(e.data, quote_id=None))
            if isinstance(e.data, StatementRecorded) else e
            for e in batch if e.type != DocumentAttributed.TYPE])

    with monkeypatch.context() as patch:
        patch.setattr(db.store, "append_in", as_before)
        ingest(db, tmp_path)
    statements = db.statements()
    assert db.quotes().empty and set(statements.quote_id) == {None}
    report = db.reextract()
    assert (report.documents, report.retracted, report.recorded) == (1, 0, len(statements))
    assert not db.quotes().empty
    # the statements stay as they were (the same extractor made them)
    assert list(db.statements().statement_id) == list(statements.statement_id)
    assert db.reextract().documents == 0
    assert db.verify().ok


def test_quotes_without_a_cue_or_a_date(backend_url: str) -> None:
    """A transcript line has no cue; an undated article's quotes have no date. Both are
    stored and listed (undated ones last), and come out as nulls, not NaN or 12.0."""
    transcript = AttributedQuote("q-1", "Ana Costa", 0, 9, "We are ready.", 11, 24,
                                 kind="transcript", confidence=0.6)
    said = AttributedQuote("q-2", "Ana Costa", 30, 39, "she would go", 45, 57, cue="said",
                           cue_start=40, cue_end=44, stated_on=date(2024, 1, 2))
    with StanceDB(backend_url) as db:
        db.append([NewEvent("quotes:doc-1:test", DocumentAttributed(
            "doc-1", "talk.txt", (transcript, said), Provenance("test", "1")))])
        frame = db.quotes()
        assert list(frame.quote_id) == ["q-2", "q-1"]
        assert frame.stated_on.tolist() == [date(2024, 1, 2), None]
        assert list(db.quotes(since=date(2024, 1, 1)).quote_id) == ["q-2"]
        client = TestClient(create_app(db))
        items = client.get("/v1/quotes").json()["items"]  # (pages: in log order)
        assert [(i["quote_id"], i["cue"], i["cue_start"], i["stated_on"], i["source"])
                for i in items] == [("q-1", None, None, None, None),
                                    ("q-2", "said", 40, "2024-01-02", None)]
    result = CliRunner().invoke(app, ["--db", backend_url, "quotes", "--format", "jsonl"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["cue_start"], r["stated_on"], r["kind"]) for r in records] == [
        (40, "2024-01-02", "quote"), (None, None, "transcript")]
    table = CliRunner().invoke(app, ["--db", backend_url, "quotes"])
    assert table.exit_code == 0 and "We are ready." in table.stdout


def test_cli_quotes(backend_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    path = tmp_path / "ferry.txt"
    path.write_text(ARTICLE, encoding="utf-8")

    def run(*args: str) -> str:
        result = runner.invoke(app, ["--db", backend_url, *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    run("ingest", str(path), "--source", OUTLET, "--published", PUBLISHED.isoformat())
    lines = [json.loads(line) for line in run("quotes", "--format", "jsonl").splitlines()]
    assert len(lines) >= 2
    for record in lines:
        assert set(record) >= QUOTE_KEYS
        assert ARTICLE[record["content_start"]:record["content_end"]] == record["content"]
        assert isinstance(record["speaker_start"], int) and record["stated_on"] == "2024-05-07"
        assert record["cue_start"] is None or isinstance(record["cue_start"], int)
    rows = list(csv.DictReader(io.StringIO(run("quotes", "--format", "csv"))))
    assert [r["quote_id"] for r in rows] == [r["quote_id"] for r in lines]
    assert all("." not in r["cue_start"] for r in rows)  # whole numbers
    assert "Elena Varga" in run("quotes", "--speaker", "ELENA VARGA")
    assert "no rows" in run("quotes", "--speaker", "Nobody")
    assert "no rows" in run("quotes", "--document", "other.txt")
    assert "no rows" in run("quotes", "--since", "2024-05-08")
    assert len(run("quotes", "--until", "2024-05-07", "--format", "jsonl").splitlines()) == len(
        lines)
    ids = {record["quote_id"] for record in lines}
    statements = [json.loads(line) for line in run("statements", "--format",
                                                   "jsonl").splitlines()]
    assert statements and {s["quote_id"] for s in statements} <= ids
    out = tmp_path / "statements.csv"
    run("export", "statements", "--format", "csv", "--out", str(out))
    exported = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))
    assert {r["quote_id"] for r in exported} <= ids


def test_api_quotes(db: StanceDB, tmp_path: Path) -> None:
    ingest(db, tmp_path)
    client = TestClient(create_app(db, token="t"))
    everything = client.get("/v1/quotes").json()
    assert len(everything["items"]) == len(db.quotes()) and everything["next_after"] is None
    assert set(everything["items"][0]) >= QUOTE_KEYS
    ids: list[str] = []
    after = 0
    while after is not None:
        page = client.get("/v1/quotes", params={"after": after, "limit": 1}).json()
        ids += [item["quote_id"] for item in page["items"]]
        after = page["next_after"]
    assert sorted(ids) == sorted(item["quote_id"] for item in everything["items"])
    varga = client.get("/v1/quotes", params={"speaker": "elena varga",
                                             "document": "ferry.txt", "since": "2024-05-07",
                                             "until": "2024-05-07"}).json()["items"]
    assert len(varga) >= 2 and {item["speaker"] for item in varga} == {"Elena Varga"}
    assert client.get("/v1/quotes", params={"since": "2024-05-08"}).json()["items"] == []
    assert client.get("/v1/quotes", params={"after": -1}).status_code == 422
    statements = client.get("/v1/statements").json()["items"]
    assert statements and {s["quote_id"] for s in statements} <= set(ids)
    assert "/v1/quotes" in client.get("/openapi.json").json()["paths"]


@pytest.fixture
def alembic_connection() -> Iterator[Any]:
    config = dbmod._alembic_config()
    yield config
    config.attributes.pop("connection", None)


def test_a_0002_database_with_statements_is_upgraded(backend_url: str, tmp_path: Path,
                                                    alembic_connection: Any) -> None:
    with StanceDB(backend_url) as db:
        db.append([statement(n, day=date(2015, 10, n)) for n in range(1, 4)])
        retracted = db.statements().statement_id.iloc[0]
        db.retract(retracted, "wrong")
        before = db.statements().drop(columns="quote_id")
        last = db.store.last_position()
        columns = [c["name"] for c in sa.inspect(db.engine).get_columns("statements")]
    # Back to revision 0002, as an older stancedb left it.
    engine = dbmod.create_engine(backend_url)
    with dbmod.write_transaction(engine) as conn:
        alembic_connection.attributes["connection"] = conn
        command.downgrade(alembic_connection, "0002")
    with engine.connect() as conn:
        assert dbmod.current_revision(conn) == "0002"
        inspector = sa.inspect(conn)
        assert "quotes" not in inspector.get_table_names()
        assert [c["name"] for c in inspector.get_columns("statements")] == [
            c for c in columns if c != "quote_id"]
        assert {"v_statements", "v_positions"} <= set(inspector.get_view_names())
        assert "quotes" not in {r.name for r in conn.execute(sa.text(
            "SELECT name FROM checkpoints"))}
    engine.dispose()
    # First use migrates; nothing needs replaying.
    with StanceDB(backend_url) as db:
        with db.engine.connect() as conn:
            assert dbmod.current_revision(conn) == dbmod.head_revision()
            assert runner.checkpoint(conn) == last
            checkpoints = {row.name: row.position for row in conn.execute(
                sa.text("SELECT name, position FROM checkpoints"))}
        assert checkpoints["quotes"] == last
        after = db.statements()
        assert set(after.quote_id) == {None} and retracted not in set(after.statement_id)
        pd.testing.assert_frame_equal(after.drop(columns="quote_id"), before)
        assert db.quotes().empty
        assert db.verify().ok
        ingest(db, tmp_path)
        assert not db.quotes().empty and db.sql("SELECT * FROM v_quotes").shape[0] == len(
            db.quotes())
        assert db.verify().ok
