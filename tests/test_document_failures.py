"""One document's failure is that document's alone, and a document longer than spaCy takes
is read in pieces with its offsets intact. Faults are injected in-process: a document whose
extraction raises, and a spaCy whose length limit is small, stand for a rule's bug and for
a 1,000,000-character article (error E088) without taking minutes to parse."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from spacy.tokens import Doc
from typer.testing import CliRunner

from stancedb import StanceDB
from stancedb.api import create_app
from stancedb.cli import app
from stancedb.extract import nlp, pipeline
from stancedb.extract.documents import Document

TOKEN = "t" * 32
PUBLISHED = date(2024, 3, 6)
GOOD = ("Port deal\n\nMayor Ann Lee praised Governor Tom Reed on Monday. \"He kept his word,\" "
        "Lee said.\n")
PARAGRAPH = ("Union leader Dana Price criticised Governor Paul Kerr on Tuesday. "
             "\"His plan is a disaster for nurses,\" Price said.\n\n")


@pytest.fixture
def poisoned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction of any document named poison*.txt raises, as a bug in a rule would."""
    extract = pipeline.extract

    def failing(document: Document, parsed: Doc) -> pipeline.Extraction:
        if document.name.startswith("poison"):
            raise ValueError("a rule broke on this text")
        return extract(document, parsed)

    monkeypatch.setattr(pipeline, "extract", failing)


@pytest.fixture
def short_spacy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """spaCy refusing texts over 2,000 characters; stancedb cutting pieces of 600."""
    monkeypatch.setattr(nlp.load(), "max_length", 2_000)
    monkeypatch.setattr(nlp, "PIECE_CHARS", 600)
    yield


def write_folder(folder: Path, names: list[str]) -> Path:
    folder.mkdir()
    for name in names:
        (folder / name).write_text(GOOD.replace("Port deal", f"Port deal {name}"),
                                   encoding="utf-8")
    return folder


def test_a_document_that_fails_extraction_does_not_lose_the_others(
        db: StanceDB, tmp_path: Path, poisoned: None) -> None:
    folder = write_folder(tmp_path / "news", ["a.txt", "poison.txt", "b.txt", "c.txt"])
    errors: list[str] = []
    report = db.ingest([folder], on_error=errors.append, source="Wire", published=PUBLISHED)
    assert not report.ok
    assert len(errors) == 1
    assert errors[0].startswith(f"{folder / 'poison.txt'}: cannot be extracted")
    assert "a rule broke on this text" in errors[0]
    stored = set(db.statements()["document"])
    assert stored == {"a.txt", "b.txt", "c.txt"}


def test_the_cli_names_the_failed_document_and_exits_non_zero(
        tmp_path: Path, poisoned: None) -> None:
    folder = write_folder(tmp_path / "news", ["a.txt", "poison.txt"])
    database = f"sqlite:///{tmp_path / 'x.sqlite'}"
    runner = CliRunner()
    assert runner.invoke(app, ["--db", database, "init"]).exit_code == 0
    result = runner.invoke(app, ["--db", database, "ingest", str(folder), "--source", "Wire",
                                     "--published", "2024-03-06"])
    assert result.exit_code != 0
    assert "poison.txt: cannot be extracted (ValueError: a rule broke on this text)" in \
        result.output
    with StanceDB(database) as db:
        assert set(db.statements()["document"]) == {"a.txt"}


def test_a_document_that_fails_over_rest_is_a_422_naming_it(
        db: StanceDB, poisoned: None) -> None:
    with TestClient(create_app(db, token=TOKEN)) as client:
        response = client.post("/v1/documents", headers={"Authorization": f"Bearer {TOKEN}"},
                               json={"name": "poison.txt", "text": GOOD,
                                     "published": "2024-03-06"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"].startswith("cannot be extracted (ValueError: a rule")
    assert db.statements().empty


def test_a_document_longer_than_spacy_takes_is_read_in_pieces(
        db: StanceDB, tmp_path: Path, short_spacy: None) -> None:
    text = "Budget row\n\n" + PARAGRAPH * 40  # about 5,000 characters, over the 2,000
    assert len(text) > nlp.load().max_length
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "long.txt").write_text(text, encoding="utf-8")
    (folder / "short.txt").write_text(GOOD, encoding="utf-8")
    errors: list[str] = []
    report = db.ingest([folder], on_error=errors.append, source="Wire", published=PUBLISHED)
    assert report.ok, errors
    statements = db.statements(document="long.txt")
    assert set(zip(statements["actor"], statements["stance"], statements["target"],
                   strict=True)) == {("Dana Price", "oppose", "Paul Kerr")}
    quotes = db.quotes(document="long.txt")
    # Every paragraph's quotation is found, at its own offsets in the whole text.
    assert len(quotes[quotes["content"].str.contains("disaster")]) == 40
    for row in quotes.itertuples():
        assert text[row.content_start:row.content_end] == row.content
        # (the speaker's offsets cover the source's noun phrase where the model tagged it)
        assert text[row.speaker_start:row.speaker_end] in ("Price", "Dana Price",
                                                           "Union leader Dana Price")
    assert not db.statements(document="short.txt").empty


def test_pieces_are_cut_at_paragraphs_and_join_to_the_text() -> None:
    text = "One paragraph here.\n\n" * 10 + "x" * 30
    cut = nlp.pieces(text, 50)
    assert "".join(cut) == text
    assert all(len(piece) <= 50 for piece in cut)
    assert all(piece.endswith("\n\n") for piece in cut[:-2])
    # No break at all: cut at the limit, nothing lost.
    assert nlp.pieces("y" * 120, 50) == ["y" * 50, "y" * 50, "y" * 20]
