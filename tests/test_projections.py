"""Projections: what a user sees after retractions, corrections, aliases, merges and roles,
and the invariant that incremental projections equal a rebuild from the log."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from stancedb import StanceDB
from stancedb.model.events import EntityAliased, NewEvent, Provenance
from stancedb.storage import db as dbmod
from tests.factories import statement

DAY = date(2015, 10, 24)
MANUAL = Provenance("manual")


def _sid(db: StanceDB, n: int, **kwargs: object) -> str:
    return db.append([statement(n, **kwargs)]).events[0].subject  # type: ignore[arg-type]


def test_retraction_removes_statement_and_its_position(db: StanceDB) -> None:
    sid = _sid(db, 1)
    _sid(db, 2, target="United States")
    db.retract(sid, "misattributed")
    assert list(db.statements().target) == ["United States"]
    assert list(db.positions().target) == ["United States"]
    assert db.verify().ok


def test_correction_replaces_fields_and_moves_positions(db: StanceDB) -> None:
    sid = _sid(db, 1)
    db.correct(sid, {"stance": "oppose", "stated_on": "2015-10-25"}, "negation missed")
    row = db.statements().iloc[0]
    assert (row.stance, row.score, row.stated_on) == ("oppose", -1.0, date(2015, 10, 25))
    days = db.positions()
    assert list(days.day) == [date(2015, 10, 25)]
    assert list(days.last_stance) == ["oppose"]


def test_alias_resolves_names_before_and_after_statements(db: StanceDB) -> None:
    _sid(db, 1, actor="Sergei Lavrov")
    db.alias("Sergei Lavrov", "Sergey Lavrov")
    _sid(db, 2, actor="Lavrov", target="United States")
    db.alias("Lavrov", "Sergey Lavrov")
    assert set(db.statements().actor) == {"Sergey Lavrov"}
    assert set(db.positions().actor) == {"Sergey Lavrov"}
    assert db.verify().ok


def test_merge_folds_two_entities_into_one(db: StanceDB) -> None:
    _sid(db, 1, actor="Putin", target="ISIS", stance="oppose")
    _sid(db, 2, actor="Putin", target="ISIL", stance="oppose", day=date(2015, 10, 24))
    db.merge("ISIS", "ISIL")
    days = db.positions(actor="Putin")
    assert list(days.target) == ["ISIL"]
    assert list(days.statements) == [2]


def test_role_gives_the_organisation_a_person_speaks_for(db: StanceDB) -> None:
    _sid(db, 1, actor="Sergey Lavrov")
    db.role("Sergey Lavrov", "Russia", role="Foreign Minister", since=date(2004, 3, 9))
    _sid(db, 2, actor="Sergey Lavrov", target="United States")
    assert set(db.statements().actor_org) == {"Russia"}
    assert set(db.positions(level="org").actor) == {"Russia"}
    db.role("Sergey Lavrov", "Russian Government", since=date(2016, 1, 1))
    assert set(db.statements().actor_org) == {"Russia"}  # not yet in 2015


def test_explicit_actor_org_wins_over_roles(db: StanceDB) -> None:
    db.role("Ahmad Saoud", "Free Syrian Army")
    _sid(db, 1, actor="Ahmad Saoud", actor_org="Division 13")
    assert list(db.statements().actor_org) == ["Division 13"]


def test_alias_cycle_makes_the_newest_target_canonical(db: StanceDB) -> None:
    _sid(db, 1, actor="A")
    db.alias("A", "B")
    db.alias("B", "A")
    assert list(db.statements().actor) == ["A"]
    db.alias("A", "A")
    assert list(db.statements().actor) == ["A"]
    assert db.verify().ok


def test_rebuild_keeps_every_index_of_the_projections(db: StanceDB) -> None:
    # A rebuild drops the secondary indexes for its bulk load and makes them again.
    def indexes() -> set[tuple[str, ...]]:
        inspector = sa.inspect(db.engine)
        return {(table, ix["name"] or "", *map(str, ix["column_names"]))
                for table in ("statements", "positions") for ix in inspector.get_indexes(table)}

    db.append([statement(n, day=date(2015, 10, 1 + n)) for n in range(5)])
    before = indexes()
    assert len(before) == 8  # 7 on statements, 1 on positions (keys not counted)
    db.rebuild()
    assert indexes() == before
    assert db.verify().ok


def test_the_name_graph_kept_between_appends_is_dropped_when_stale(backend_url: str) -> None:
    # Each batch takes the graph the batch before left on its connection (graph_cache.py);
    # after a rolled-back batch, or another writer's, it must load the links again.
    with StanceDB(backend_url) as db, StanceDB(backend_url) as other:
        _sid(db, 1, actor="A")
        db.alias("A", "B")
        with pytest.raises(RuntimeError), dbmod.write_transaction(db.engine) as conn:
            db.store.append_in(conn, [NewEvent("undone", EntityAliased("B", "C", MANUAL))])
            raise RuntimeError("rolled back after the projections were applied")
        assert list(db.statements().actor) == ["B"]
        other.alias("B", "D")
        db.alias("E", "A")
        assert list(db.statements().actor) == ["D"]
        assert dict(db.entities().values.tolist())["E"] == "D"
        assert db.verify().ok
