"""The contract of the event store and its projections, written once.

`EventStoreContract` is abstract (pytest does not collect it): tests/test_contract.py
subclasses it once per database, and a subclass says nothing but how to make the database
(the `url` fixture). Whatever holds on one database must hold on the other, through its own
paths: executemany on SQLite, COPY and staging tables on PostgreSQL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
import sqlalchemy as sa

import stancedb.storage.sql as sql_paths
from stancedb import ConflictError, StanceDB
from stancedb.model.events import GENESIS_HASH, EntityAliased, NewEvent, Provenance, stable_id
from stancedb.projections import runner
from stancedb.storage import db as dbmod
from tests.factories import statement

MANUAL = Provenance("manual")
BULK = sql_paths.STAGE_FROM + 50  # rows enough for PostgreSQL's staging path


class Boom(Exception):
    """The fault injected into an append."""


def alias(key: str, name: str, canonical: str) -> NewEvent:
    return NewEvent(key, EntityAliased(name, canonical, MANUAL))


def state(db: StanceDB) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (the log, the projections, their checkpoints), in order."""
    with db.engine.connect() as conn:
        tables = sorted(set(sa.inspect(conn).get_table_names()) - {"alembic_version"})
        return {table: sorted((tuple(row) for row in conn.exec_driver_sql(
            f"SELECT * FROM {table}")), key=repr) for table in tables}


def projections(db: StanceDB) -> list[Any]:
    return [db.statements().to_dict("records"), db.positions().to_dict("records"),
            db.positions(level="org").to_dict("records"),
            sorted(map(tuple, db.entities().values.tolist()))]


class EventStoreContract:
    """One suite for every database: subclasses provide `url` (a fresh, empty database)."""

    @pytest.fixture
    def url(self) -> str:
        raise NotImplementedError("a subclass says how to make the database")

    @pytest.fixture
    def db(self, url: str) -> Iterator[StanceDB]:
        database = StanceDB(url)
        try:
            yield database
        finally:
            database.close()

    # --- appending and reading ---------------------------------------------------------------

    def test_appended_events_read_back_as_written(self, db: StanceDB) -> None:
        batch = [statement(1), statement(2, actor="Putin", stance="oppose"),
                 alias("alias:1", "Lavrov", "Sergey Lavrov")]
        result = db.append(batch)
        assert (result.appended, result.skipped, result.last_position) == (3, 0, 3)
        read = list(db.log())
        assert read == result.events
        assert [(e.key, e.type, e.payload) for e in read] == [
            (new.key, new.type, new.data.to_payload()) for new in batch]
        assert [e.subject for e in read] == [new.data.subject for new in batch]
        assert len({e.event_id for e in read}) == 3

    def test_positions_are_gapless_and_ordered_across_batches(self, db: StanceDB) -> None:
        first = db.append([statement(1), statement(2)])
        second = db.append([statement(3)])
        third = db.append([statement(n) for n in range(4, 4 + BULK)])
        assert (first.last_position, second.last_position) == (2, 3)
        assert third.last_position == 3 + BULK
        read = list(db.log())
        assert [e.position for e in read] == list(range(1, 4 + BULK))
        assert [e.key for e in read] == [f"test:{n}" for n in range(1, 4 + BULK)]
        assert [e.recorded_at for e in read] == sorted(e.recorded_at for e in read)

    def test_reading_from_a_position(self, db: StanceDB,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr("stancedb.storage.store.READ_PAGE", 3)  # several pages per read
        db.append([statement(n) for n in range(1, 11)])
        for after in range(11):
            assert [e.position for e in db.log(after=after)] == list(range(after + 1, 11))
        assert [e.position for e in db.store.read(after=2, until=7)] == [3, 4, 5, 6, 7]
        assert [e.position for e in db.log(after=4, limit=4)] == [5, 6, 7, 8]
        assert list(db.log(after=10)) == []
        assert db.store.last_position() == 10

    # --- idempotency -------------------------------------------------------------------------

    def test_a_stored_key_with_the_same_body_adds_no_event(self, db: StanceDB) -> None:
        db.append([statement(1), statement(2)])
        before = state(db)
        again = db.append([statement(1), statement(2)])
        assert (again.appended, again.skipped, again.events) == (0, 2, [])
        assert state(db) == before
        mixed = db.append([statement(2), statement(3), statement(3)])
        assert (mixed.appended, mixed.skipped) == (1, 2)
        assert [e.key for e in db.log()] == ["test:1", "test:2", "test:3"]
        strict = replace(statement(4, key="request-4"), strict=True)
        db.append([strict])
        assert db.append([strict]).skipped == 1  # a retry of the same request
        assert db.store.last_position() == 4

    def test_a_reused_strict_key_with_another_body_is_refused(self, db: StanceDB) -> None:
        db.append([replace(statement(1, key="request-1"), strict=True)])
        before = state(db)
        other = replace(statement(1, key="request-1", target="ISIL"), strict=True)
        with pytest.raises(ConflictError, match="'request-1' was first used for a different "
                           r"request \(the statement.recorded event at position 1\)"):
            db.append([statement(2), other])
        with pytest.raises(ConflictError, match="another event of the same batch"):
            db.append([replace(statement(3, key="request-3"), strict=True),
                       replace(statement(3, key="request-3", stance="oppose"), strict=True)])
        assert state(db) == before  # each whole batch was refused

    def test_a_reused_content_key_is_skipped_whatever_its_body(self, db: StanceDB) -> None:
        # A key from content names that content: the same row read again from another
        # file is the same row.
        db.append([statement(1)])
        again = db.append([statement(1, target="ISIL")])
        assert (again.appended, again.skipped) == (0, 1)

    # --- the hash chain ----------------------------------------------------------------------

    def test_each_hash_chains_to_the_previous_and_verify_passes(self, db: StanceDB) -> None:
        db.append([statement(1), statement(2)])
        db.append([alias("alias:1", "Lavrov", "Sergey Lavrov"), statement(3)])
        previous = GENESIS_HASH
        for event in db.log():
            assert event.hash == event.expected_hash(previous)
            previous = event.hash
        report = db.verify()
        assert report.ok, report.problems
        assert (report.last_position, report.last_hash) == (4, previous)

    # --- concurrency -------------------------------------------------------------------------

    def test_concurrent_appenders_leave_no_gap_and_a_follower_misses_none(
            self, url: str, db: StanceDB) -> None:
        writers, batches, per_batch = 2, 10, 20
        done = threading.Event()
        seen: list[int] = []
        failures: list[BaseException] = []

        def follow() -> None:
            after = 0
            while True:
                finished = done.is_set()  # read before the poll: the last poll is complete
                page = list(db.log(after=after, limit=50))
                seen.extend(event.position for event in page)
                after = page[-1].position if page else after
                if finished and not page:
                    return
                time.sleep(0.002)

        def write(writer: int) -> None:
            try:
                with StanceDB(url) as own:
                    for batch in range(batches):
                        own.append([statement(n, target=f"T{writer}",
                                              key=f"w{writer}:b{batch}:{n}")
                                    for n in range(per_batch)])
            except BaseException as exc:  # reported by the main thread
                failures.append(exc)

        follower = threading.Thread(target=follow)
        follower.start()
        threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        done.set()
        follower.join(timeout=120)
        assert not failures, failures
        total = writers * batches * per_batch
        assert seen == list(range(1, total + 1))  # every event once, in order, no gap
        assert len(db.statements()) == total
        assert db.verify().ok

    # --- projections -------------------------------------------------------------------------

    def test_projections_equal_a_rebuild_after_appends(self, db: StanceDB) -> None:
        sid = db.append([statement(1, actor="Sergei Lavrov")]).events[0].subject
        db.append([statement(2, actor="Putin", target="ISIL", stance="oppose"),
                   statement(3, actor="Sergey Lavrov", target="ISIL")])
        db.alias("Sergei Lavrov", "Sergey Lavrov")
        db.role("Sergey Lavrov", "Russia")
        db.correct(sid, {"target": "United States"}, "wrong target")
        db.merge("ISIL", "ISIS")
        db.retract(db.append([statement(4)]).events[0].subject, "duplicate")
        incremental = projections(db)
        assert db.verify().ok  # the projections equal a replay of the log
        assert db.rebuild() == db.store.last_position()
        assert projections(db) == incremental
        assert db.verify().ok

    def test_bulk_upserts_take_the_staging_path_and_equal_a_rebuild(
            self, db: StanceDB, monkeypatch: pytest.MonkeyPatch) -> None:
        staged: list[str] = []
        real = sql_paths.staging_table

        def spy(conn: sa.Connection, table: str, columns: Any) -> str:
            staged.append(table)
            return real(conn, table, columns)

        monkeypatch.setattr(sql_paths, "staging_table", spy)
        # BULK new statements and names: the names' upsert goes in bulk.
        db.append([statement(n, actor=f"Actor {n}") for n in range(BULK)])
        # The same statements recorded again (new keys, same ids): the rows are replaced.
        db.append([replace(statement(n, actor=f"Actor {n}", stance="oppose",
                                     key=f"again:{n}"),
                           data=replace(statement(n, actor=f"Actor {n}", stance="oppose")
                                        .data, statement_id=stable_id(f"test:{n}")))
                   for n in range(BULK)])
        if db.dialect == "postgresql":
            assert {"entities", "statements"} <= set(staged)
        else:
            assert staged == []  # executemany: SQLite has no staging tables
        frame = db.statements()
        assert len(frame) == BULK and set(frame.stance) == {"oppose"}
        assert len(db.positions()) == BULK
        incremental = projections(db)
        assert db.verify().ok
        db.rebuild()
        assert projections(db) == incremental

    def test_an_upsert_keeps_one_row_per_key_on_every_path(self, db: StanceDB) -> None:
        # As with one INSERT per row: of rows with the same key the last wins, or without
        # update the first (the old row stays).
        def upsert(rows: list[tuple[str, str]], update: bool) -> None:
            with dbmod.write_transaction(db.engine) as conn:
                sql_paths.upsert(conn, "entities", ["name", "canonical"], ["name"], rows,
                                 update=update)

        def stored() -> dict[str, str]:
            with db.engine.connect() as conn:
                return dict(conn.exec_driver_sql("SELECT name, canonical FROM entities").all())

        for count in (3, BULK):  # row by row, and (PostgreSQL) staged
            names = [f"N{count}:{n}" for n in range(count)]
            upsert([(name, "first") for name in names] + [(names[0], "second")], update=True)
            upsert([(name, "kept?") for name in names] + [(names[1], "third")], update=False)
            upsert([(names[1], "fourth"), (names[1], "fifth")], update=True)
            found = {name: canonical for name, canonical in stored().items()
                     if name in names}
            assert found == {names[0]: "second", names[1]: "fifth",
                             **{name: "first" for name in names[2:]}}

    # --- a failed append leaves nothing ------------------------------------------------------

    FAULTS = ("after the event insert", "before the projection update",
              "inside the projections", "after the projections", "before the commit")

    @pytest.mark.parametrize("fault", FAULTS)
    def test_a_fault_anywhere_in_an_append_changes_nothing(
            self, db: StanceDB, monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
        db.append([statement(1, actor="Sergei Lavrov"), statement(2)])
        db.append([alias("alias:1", "Sergei Lavrov", "Lavrov")])  # a name graph to keep
        before = state(db)
        incremental = projections(db)

        def failing(real: Callable[..., Any], after: bool) -> Callable[..., Any]:
            def step(*args: Any, **kwargs: Any) -> Any:
                if after:
                    real(*args, **kwargs)
                raise Boom(fault)
            return step

        project = db.store.projector
        assert project is runner.apply
        if fault == "after the event insert":
            monkeypatch.setattr("stancedb.storage.store.insert_rows",
                                failing(sql_paths.insert_rows, after=True))
        elif fault == "before the projection update":
            monkeypatch.setattr(db.store, "projector", failing(project, after=False))
        elif fault == "inside the projections":  # statements written, positions not
            monkeypatch.setattr("stancedb.projections.positions.refresh",
                                failing(runner.positions.refresh, after=False))
        elif fault == "after the projections":
            monkeypatch.setattr(db.store, "projector", failing(project, after=True))
        else:
            monkeypatch.setattr("stancedb.storage.store.announce", failing(lambda *a: None, False))
        batch = [statement(3, actor="Sergei Lavrov", target="ISIL"),
                 alias("alias:2", "Lavrov", "Sergey Lavrov"), statement(4, stance="oppose")]
        with pytest.raises(Boom):
            db.append(batch)
        monkeypatch.undo()  # (verify replays through the same code)
        assert state(db) == before
        assert projections(db) == incremental
        assert db.verify().ok
        assert db.append(batch).appended == 3  # the same batch goes in once the fault is gone
        assert set(db.statements().actor) == {"Sergey Lavrov"}
        report = db.verify()
        assert report.ok and report.last_position == 6, report.problems
