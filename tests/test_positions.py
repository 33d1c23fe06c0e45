"""Positions over time, stance changes, networks, as-of queries and reports."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from stancedb import StanceDB
from stancedb.cli import app
from stancedb.model import positions as model
from tests.factories import statement

ROOT = Path(__file__).resolve().parents[1]


def frame(*rows: tuple[str, str, str, float, date]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"actor": a, "target": t, "stance": s, "score": sc, "stated_on": d,
          "statement_id": f"s{n}", "evidence": f"e{n}", "position": n}
         for n, (a, t, s, sc, d) in enumerate(rows)])


def test_position_is_a_recency_weighted_mean_with_the_stated_half_life() -> None:
    rows = frame(("A", "T", "support", 1.0, date(2020, 1, 1)),
                 ("A", "T", "oppose", -1.0, date(2020, 1, 31)))
    days = model.daily(rows, half_life=30)
    # On day 31 the first statement weighs one half: (0.5 * 1 - 1) / 1.5
    assert list(days.position) == [1.0, round((0.5 - 1) / 1.5, 4)]
    assert list(days.last_stance) == ["support", "oppose"]


def test_changes_name_the_day_and_the_statements_that_caused_them() -> None:
    rows = frame(("A", "T", "support", 1.0, date(2020, 1, 1)),
                 ("A", "T", "oppose", -1.0, date(2020, 3, 1)),
                 ("B", "T", "oppose", -1.0, date(2020, 1, 1)))
    found = model.changes(model.daily(rows), rows)
    assert len(found) == 1
    change = found.iloc[0]
    assert (change.actor, change.day, change.direction) == ("A", date(2020, 3, 1), "to oppose")
    assert change.statements == ["s1"]


def test_networks_tie_actors_by_shared_targets() -> None:
    rows = frame(("A", "T", "support", 1.0, date(2020, 1, 1)),
                 ("B", "T", "support", 1.0, date(2020, 1, 1)),
                 ("C", "T", "oppose", -1.0, date(2020, 1, 1)),
                 ("A", "U", "oppose", -1.0, date(2020, 1, 1)),
                 ("B", "U", "oppose", -1.0, date(2020, 1, 1)))
    agreement = model.network(rows, "agreement")
    assert agreement[["actor1", "actor2", "weight"]].values.tolist() == [["A", "B", 2]]
    conflict = model.network(rows, "conflict")
    assert sorted(conflict.actor1 + conflict.actor2) == ["AC", "BC"]


def test_retraction_is_gone_now_but_known_before(db: StanceDB) -> None:
    sid = db.append([statement(1), statement(2, target="ISIL", stance="oppose")]
                    ).events[0].subject
    before = datetime.now(UTC)
    time.sleep(0.01)
    db.retract(sid, "misattributed")
    assert sid not in set(db.statements().statement_id)
    assert sid in set(db.statements(known_at=before).statement_id)
    assert "Free Syrian Army" not in set(db.positions().target)
    assert "Free Syrian Army" in set(db.positions(known_at=before).target)
    assert len(db.statements(known_at=before - timedelta(days=1))) == 0


def test_at_limits_positions_to_valid_time(db: StanceDB) -> None:
    db.append([statement(1, day=date(2015, 10, 1)),
               statement(2, stance="oppose", day=date(2015, 11, 1))])
    assert list(db.positions(at=date(2015, 10, 15)).last_stance) == ["support"]
    assert list(db.positions().last_stance) == ["support", "oppose"]
    assert len(db.changes()) == 1 and len(db.changes(at=date(2015, 10, 15))) == 0


def test_cli_retract_and_known_at(sqlite_url: str) -> None:
    runner = CliRunner()
    with StanceDB(sqlite_url) as db:
        sid = db.append([statement(1)]).events[0].subject
    moment = datetime.now(UTC).isoformat()
    time.sleep(0.01)
    assert runner.invoke(app, ["--db", sqlite_url, "retract", sid, "--reason", "x"]
                         ).exit_code == 0
    now = runner.invoke(app, ["--db", sqlite_url, "statements", "--format", "csv"]).stdout
    then = runner.invoke(app, ["--db", sqlite_url, "statements", "--format", "csv",
                               "--known-at", moment]).stdout
    assert sid not in now and sid in then
    positions = runner.invoke(app, ["--db", sqlite_url, "positions", "--format", "csv",
                                    "--known-at", moment]).stdout
    assert "Sergey Lavrov,Free Syrian Army,2015-10-24" in positions


def test_report_writes_an_offline_page_charts_and_data(db: StanceDB, tmp_path: Path) -> None:
    db.ingest([ROOT / "seeds"])
    out = tmp_path / "report"
    result = CliRunner().invoke(app, ["--db", db.url, "report", "--out", str(out),
                                      "--target", "Free Syrian Army"])
    assert result.exit_code == 0, result.output
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert len(pngs) >= 4
    for png in pngs:
        stem = png[:-4]
        assert (out / f"{stem}.svg").stat().st_size > 1000
        assert (out / f"{stem}.csv").exists()
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = (out / "index.html").read_text()
    assert page.count("data:image/png;base64,") >= 4
    assert not re.search(r'<(img|script|link)[^>]+(src|href)="https?:', page)
    assert "Sergey Lavrov" in page and "Free Syrian Army" in (out / "summary.md").read_text()
    chart_data = pd.read_csv(out / "position_free_syrian_army.csv")
    supporters = set(chart_data[chart_data.position > 0].actor)
    assert {"Sergey Lavrov", "Vladimir Putin"} <= supporters


@pytest.mark.parametrize("level", ["person", "org"])
def test_seed_positions_on_the_right_dates(db: StanceDB, level: str) -> None:
    db.ingest([ROOT / "seeds"])
    days = db.positions(level=level)
    def where(actor: str, target: str) -> pd.DataFrame:
        return days[(days.actor == actor) & (days.target == target)]
    if level == "person":
        lavrov = where("Sergey Lavrov", "Free Syrian Army")
        assert date(2015, 10, 24) in set(lavrov.day) and (lavrov.position > 0).all()
        assert list(where("Vladimir Putin", "Free Syrian Army").day) == [date(2015, 12, 11)]
        assert (where("Samir Nashar", "Russia").position < 0).all()
    else:
        assert (where("Russia", "Free Syrian Army").position > 0).all()
        assert (where("Free Syrian Army", "Russia").position < 0).all()
