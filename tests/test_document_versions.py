"""Document versions are numbered inside the append transaction: two ingests of changed texts
of the same article that both found the old version current (and so both extract) still
make one version each, N+1 and N+2, never two versions N+1."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlalchemy.engine import Connection

from stancedb import StanceDB
from stancedb.extract.documents import Document, Metadata, document_from_text
from stancedb.extract.pipeline import Extraction
from stancedb.ingest.formats import articles
from stancedb.model.events import DocumentIngested
from stancedb.projections import documents as document_projection
from stancedb.projections.documents import StoredVersion

NAME = "ferry.txt"


def text(version: str) -> Document:
    return document_from_text(NAME, f"The ferry sails at {version}.", "text",
                              Metadata("Outlet", None, date(2016, 1, 4)))


def test_two_changed_texts_stored_at_once_make_one_version_each(
        db: StanceDB, monkeypatch: pytest.MonkeyPatch) -> None:
    articles.store_extraction(db.store, Extraction(text("noon")))
    changed = [text("one"), text("two")]
    # Both ingests see version 1 as current, neither text stored: both go on to extract.
    assert not any(articles.known(db.store, document) for document in changed)

    read = document_projection.current_version
    seen: list[int] = []

    def slow_read(conn: Connection, name: str) -> StoredVersion | None:
        found = read(conn, name)
        seen.append(found.version if found else 0)
        time.sleep(0.3)  # time enough for the other thread to read, were it not locked out
        return found

    monkeypatch.setattr(document_projection, "current_version", slow_read)
    start = threading.Barrier(len(changed))
    failures: list[BaseException] = []

    def store(document: Document) -> None:
        start.wait()
        try:
            articles.store_extraction(db.store, Extraction(document))
        except BaseException as exc:  # reported below, not lost in the thread
            failures.append(exc)

    threads = [threading.Thread(target=store, args=(d,)) for d in changed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures

    ingested = [e.payload for e in db.log() if e.type == DocumentIngested.TYPE]
    # Read outside the writers' lock, both would make a version 2: [1, 2, 2].
    assert sorted(p["version"] for p in ingested) == [1, 2, 3]
    by_content = {p["sha256"]: p["version"] for p in ingested}
    assert len(by_content) == 3  # exactly one version per content
    # The second read waited for the first append: it saw version 2.
    assert sorted(seen) == [1, 2]
    assert db.verify().ok
