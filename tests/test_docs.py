"""The documentation is executed, so it cannot rot: the README's tour and Python example,
and every SQL query in docs/SQL.md (on both databases)."""

from __future__ import annotations

import re
import shlex
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancedb import StanceDB
from stancedb.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "statements.csv"


def blocks(path: Path, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", path.read_text(), re.DOTALL)


def test_readme_tour_runs_as_written(backend_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    lines = [line[2:] for block in blocks(ROOT / "README.md", "console")
             for line in block.splitlines() if line.startswith("$ stancedb ")]
    assert len(lines) >= 10
    for line in lines:
        args = shlex.split(line)[1:]
        result = runner.invoke(app, ["--db", backend_url, *args])
        assert result.exit_code == 0, f"{line}\n{result.output}"
    with StanceDB(backend_url) as db:
        lavrov = db.statements(actor="Sergey Lavrov", target="Free Syrian Army")
        assert len(lavrov) >= 3 and set(lavrov.actor_org) == {"Russia"}
        assert not db.quotes().empty
        assert set(db.statements().quote_id.dropna()) <= set(db.quotes().quote_id)


def test_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "docs" / "examples").mkdir(parents=True)
    shutil.copy(EXAMPLE, tmp_path / "docs" / "examples")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(blocks(ROOT / "README.md", "python")[0], namespace)
    assert len(namespace["frame"]) == 3  # type: ignore[arg-type]


# An article of our own for the guide's queries of quotes: one of its quotes yields a
# statement, the other none.
ARTICLE = ("Mayor Elena Varga said on Tuesday that the Harbour Council would reject the offer "
           "from Nordlink Ferries.\n\nThe timetable will change in June, Varga told reporters.\n")


@pytest.mark.parametrize("query", blocks(ROOT / "docs" / "SQL.md", "sql"))
def test_sql_guide_queries_run(db: StanceDB, query: str) -> None:
    db.ingest([EXAMPLE])
    db.role("Sergei Lavrov", "Russia")
    db.add_document("ferry.txt", ARTICLE, source="Coastal Herald", published=date(2024, 5, 7))
    frame = db.sql(query)
    assert not frame.empty, query
