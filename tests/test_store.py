"""The event store contract, proven on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from stancedb import InputError, IntegrityError, StanceDB
from stancedb.model.events import (
    GENESIS_HASH,
    Evidence,
    StatementRecorded,
    _to_plain,
    time_ordered_id,
)
from stancedb.storage import anchors
from stancedb.storage.db import head_revision
from tests.factories import cut_back, statement


def test_a_strict_retry_may_reach_a_newer_stancedb(db: StanceDB) -> None:
    first = replace(statement(1, key="request-1"), strict=True)
    db.append([first])
    data = first.data
    assert isinstance(data, StatementRecorded)
    upgraded = replace(data, provenance=replace(data.provenance, version="99"))
    assert db.append([replace(first, data=upgraded)]).skipped == 1


def test_strict_keys_change_no_stored_byte(backend_url: str, tmp_path: Path) -> None:
    other = f"sqlite:///{tmp_path / 'plain.sqlite'}"
    with StanceDB(backend_url) as strict, StanceDB(other) as plain:
        strict.append([replace(statement(1), strict=True)])
        plain.append([statement(1)])
        (a,), (b,) = list(strict.log()), list(plain.log())
        assert (a.key, a.payload, a.type) == (b.key, b.payload, b.type)
        assert a.hash == a.expected_hash(GENESIS_HASH) and strict.verify().ok


def test_read_by_position_range_and_by_recorded_time(db: StanceDB) -> None:
    db.append([statement(n) for n in range(1, 6)])
    assert [e.position for e in db.store.read(after=1, until=3)] == [2, 3]
    assert [e.position for e in db.store.read(after=3, limit=1)] == [4]
    events = list(db.log())
    moment = events[-1].recorded_at
    assert len(list(db.store.read_recorded(until=moment))) == 5
    assert list(db.store.read_recorded(since=moment)) == []
    assert db.store.position_at(moment - timedelta(days=1)) == 0


def test_moments_at_the_ends_of_the_calendar_are_before_or_after_everything(
        db: StanceDB) -> None:
    db.append([statement(1)])
    # Converting these to UTC leaves datetime's range: they clamp to its ends.
    earliest = datetime(1, 1, 1, tzinfo=timezone(timedelta(minutes=1)))
    latest = datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-1)))
    assert db.store.position_at(earliest) == 0
    assert db.store.position_at(latest) == 1


def test_recorded_at_is_utc_and_never_goes_backwards(db: StanceDB) -> None:
    db.append([statement(1)])
    db.append([statement(2)])
    first, second = db.log()
    assert first.recorded_at.tzinfo == UTC
    assert first.recorded_at <= second.recorded_at <= datetime.now(UTC)


def test_history_lists_every_event_about_a_subject(db: StanceDB) -> None:
    result = db.append([statement(1)])
    sid = result.events[0].subject
    db.correct(sid, {"stance": "oppose"}, "misread")
    db.retract(sid, "duplicate")
    assert [e.type for e in db.log(subject=sid)] == [
        "statement.recorded", "statement.corrected", "statement.retracted"]


def test_database_refuses_update_and_delete_on_events(db: StanceDB) -> None:
    db.append([statement(1)])
    for raw in ("UPDATE events SET type = 'x'", "DELETE FROM events"):
        with pytest.raises(sa.exc.DatabaseError, match="immutable"), db.engine.begin() as conn:
            conn.exec_driver_sql(raw)
    assert len(list(db.log())) == 1


def test_sqlite_shell_cannot_update_or_delete(sqlite_url: str) -> None:
    with StanceDB(sqlite_url) as db:
        db.append([statement(1)])
    path = sa.make_url(sqlite_url).database
    assert path
    conn = sqlite3.connect(path)
    for raw in ("UPDATE events SET payload = '{}'", "DELETE FROM events"):
        with pytest.raises(sqlite3.DatabaseError, match="immutable"):
            conn.execute(raw)
    conn.close()


def test_postgres_refuses_truncate(postgres_url: str) -> None:
    with StanceDB(postgres_url) as db:
        db.append([statement(1)])
        with pytest.raises(sa.exc.DatabaseError, match="immutable"), db.engine.begin() as conn:
            conn.exec_driver_sql("TRUNCATE events")


def test_new_database_is_migrated_on_first_use(backend_url: str) -> None:
    with StanceDB(backend_url) as db, db.engine.connect() as conn:
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        views = {"v_statements", "v_quotes", "v_positions", "v_actor_target_latest"}
        names = set(sa.inspect(conn).get_view_names())
    assert revision == head_revision() and revision is not None
    assert views <= names


def test_tampering_is_caught_and_named(db: StanceDB) -> None:
    db.append([statement(n) for n in range(1, 5)])
    _tamper(db, "UPDATE events SET payload = {} WHERE position = 3",
            '\'{"stance": "oppose"}\'')
    report = db.verify()
    assert not report.ok
    assert report.first_bad_position == 3
    assert "position 3" in report.problems[0]


def test_a_removed_event_is_a_gap(db: StanceDB) -> None:
    db.append([statement(n) for n in range(1, 5)])
    _tamper(db, "DELETE FROM events WHERE position = {}", "2")
    report = db.verify()
    assert report.first_bad_position == 2
    assert "missing" in report.problems[0]


def test_projection_drift_is_caught(db: StanceDB) -> None:
    db.append([statement(1), statement(2)])
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE statements SET stance = 'oppose'")
    report = db.verify()
    assert not report.ok
    assert "projection statements" in report.problems[0]
    db.rebuild()
    assert db.verify().ok


def _tamper(db: StanceDB, sql: str, value: str) -> None:
    """Change the log behind the database's back: drop the guard triggers first."""
    with db.engine.begin() as conn:
        if db.dialect == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER events_no_update")
            conn.exec_driver_sql("DROP TRIGGER events_no_delete")
        else:
            conn.exec_driver_sql("DROP TRIGGER events_no_update_delete ON events")
            value = value.replace("'{", "'{").replace("}'", "}'::jsonb") if "{" in value else value
        conn.exec_driver_sql(sql.format(value))


def test_statement_payload_spelt_out_equals_the_generic_conversion() -> None:
    plain = statement(1).data
    assert isinstance(plain, StatementRecorded)
    full = replace(plain, evidence=Evidence("q", 1, 2), actor_org="NATO", url="http://x",
                   quote_id="8c1aa5d1-4681-539a-8669-b8283945b7ff")
    for data in (plain, full):
        generic = _to_plain(data)
        if generic["quote_id"] is None:  # left out, so older payloads keep their bytes
            del generic["quote_id"]
        assert data.to_payload() == generic


def test_event_ids_are_time_ordered_uuids() -> None:
    ids = [time_ordered_id() for _ in range(3)]
    time.sleep(0.002)
    later = time_ordered_id()
    assert all(uuid.UUID(i).version == 7 for i in ids) and max(ids) < later


def test_an_anchor_records_the_head_outside_the_database(db: StanceDB, tmp_path: Path) -> None:
    path = tmp_path / "anchor.json"
    db.append([statement(n) for n in range(1, 4)])
    anchored = db.anchor(path)
    head = list(db.log())[-1]
    saved = json.loads(path.read_text())
    assert (saved["position"], saved["hash"]) == (3, head.hash)
    assert (anchored.position, anchored.hash) == (3, head.hash)
    assert saved["database"] == anchors.public_url(db.url)
    assert saved["head_recorded_at"] == head.recorded_at.isoformat()
    assert datetime.fromisoformat(saved["anchored_at"]) >= head.recorded_at
    report = db.verify(against=path)
    assert report.ok and (report.last_position, report.last_hash) == (3, head.hash)


def test_events_appended_after_the_anchor_pass_and_the_anchor_moves_on(
        db: StanceDB, tmp_path: Path) -> None:
    path = tmp_path / "anchor.json"
    assert db.anchor(path).position == 0  # an empty log anchors at the genesis hash
    db.append([statement(1), statement(2)])
    assert db.verify(against=path).ok
    assert db.anchor(path).position == 2
    db.append([statement(3)])
    db.alias("Sergey Lavrov", "Lavrov")
    report = db.verify(against=path)
    assert report.ok and report.last_position == 4


def test_a_log_cut_back_before_the_anchor_fails_against_it(db: StanceDB, tmp_path: Path) -> None:
    path = tmp_path / "anchor.json"
    db.append([statement(n) for n in range(1, 6)])
    db.anchor(path)
    cut_back(db.engine, keep=3)
    db.rebuild()
    assert db.verify().ok  # the chain alone cannot tell
    report = db.verify(against=path)
    assert not report.ok
    assert report.problems == [report.problems[0]]
    assert "the log ends at position 3, before the anchored position 5" in report.problems[0]
    assert "events were removed" in report.problems[0]
    with pytest.raises(IntegrityError, match="not anchored"):  # anchors never move back
        db.anchor(path)
    assert json.loads(path.read_text())["position"] == 5


def test_a_log_rewritten_before_the_anchor_fails_against_it(db: StanceDB, tmp_path: Path) -> None:
    path = tmp_path / "anchor.json"
    db.append([statement(n) for n in range(1, 6)])
    anchored = db.anchor(path)
    cut_back(db.engine, keep=3)
    # The same statements told otherwise, and one more: the log reaches past the anchor.
    db.append([statement(4, stance="oppose"), statement(5, stance="oppose"), statement(6)])
    db.rebuild()
    assert db.verify().ok
    report = db.verify(against=path)
    assert not report.ok
    assert report.problems[0].startswith(f"position 5: hash {list(db.log())[4].hash} is not "
                                         f"the anchored {anchored.hash}")
    assert "rewritten" in report.problems[0]


def test_what_is_not_an_anchor_file_is_a_clear_error(db: StanceDB, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such anchor file"):
        db.verify(against=tmp_path / "missing.json")
    notes = tmp_path / "notes.json"
    notes.write_text('{"position": 3}')
    with pytest.raises(InputError, match="not a stancedb anchor file"):
        db.verify(against=notes)
    with pytest.raises(InputError, match="not overwritten"):
        db.anchor(notes)
    assert notes.read_text() == '{"position": 3}'
    by_hand = tmp_path / "by_hand.json"
    by_hand.write_text(json.dumps({"format": anchors.FORMAT, "position": -1, "hash": "ab"}))
    with pytest.raises(InputError, match="position must be a whole number"):
        db.verify(against=by_hand)


def test_an_anchor_keeps_no_password() -> None:
    url = "postgresql+psycopg://stance:s3cret@db.example:5432/stances"
    assert anchors.public_url(url) == "postgresql+psycopg://stance@db.example:5432/stances"
