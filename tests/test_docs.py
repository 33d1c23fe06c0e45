"""The documentation is executed, so it cannot rot: the README's tour and Python example,
every other shell command in the README and docs (or the reason it is not run here), and
every SQL query in docs/SQL.md (on both databases)."""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
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


# Shell commands of the README and docs that this suite does not run, and why.
NOT_RUN = {
    "make demo": "builds .venv and ingests every seed from nothing (minutes); the tour runs "
                 "the same commands",
    "make test": "runs this very suite",
    "stancedb ingest articles/": "no articles/ folder ships, and -j 2 starts worker "
                                 "processes that each load spaCy; the tour ingests seeds/",
    "stancedb eval": "needs gold standards (gold.jsonl, entities.json, polnear_dev/, "
                     "../shared) that are not in the repository",
    "STANCEDB_API_TOKEN=secret stancedb serve": "serves until stopped; tests/test_api.py "
                                                "runs the API in process",
    "curl ": "needs that server; tests/test_api.py sends the same requests in process",
}
SEED = ROOT / "seeds" / "000_de8a644924a3cebd.txt"
PLACEHOLDER_ID = "3f2a9c1e-..."


def shell_commands() -> Iterator[tuple[str, str]]:
    """(file, command) for every shell command in a code block of the README and docs:
    lines after a `$ ` prompt, and every line of an `sh` block."""
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for language, block in re.findall(r"```(\w*)\n(.*?)```", path.read_text(), re.DOTALL):
            for line in block.replace("\\\n", " ").splitlines():
                if line.startswith("$ "):
                    yield path.name, line[2:]
                elif language == "sh" and line.strip():
                    yield path.name, line.split("#")[0].strip()


def not_run(command: str) -> str | None:
    return next((why for start, why in NOT_RUN.items() if command.startswith(start)), None)


def test_every_shell_command_in_the_docs_runs_or_says_why_not(
        backend_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tour = {line[2:] for block in blocks(ROOT / "README.md", "console")
            for line in block.splitlines()}
    with StanceDB(backend_url) as db:
        db.ingest([EXAMPLE, SEED])  # statements, and an article with quotes
        ids = iter(db.statements().statement_id)
    monkeypatch.chdir(tmp_path)  # files the commands write land here
    runner = CliRunner()
    ran, excused = [], []
    for where, command in shell_commands():
        if where == "README.md" and command in tour:
            continue  # test_readme_tour_runs_as_written
        if not_run(command):
            excused.append(command)
            continue
        args = shlex.split(command, comments=True)
        if args[0] == "duckdb":  # the DuckDB shell's query, through its Python module
            assert args[1] == "-c"
            assert duckdb.sql(args[2]).fetchall(), command
        else:
            assert args[0] == "stancedb", f"{where}: what runs `{command}`?"
            args = [next(ids) if arg == PLACEHOLDER_ID else arg for arg in args[1:]]
            result = runner.invoke(app, ["--db", backend_url, *args])
            assert result.exit_code == 0, f"{where}: {command}\n{result.output}"
            assert result.output.strip() or args[0] in {"retract", "correct", "merge",
                                                        "reextract", "export"}, command
        ran.append(command)
    assert len(ran) >= 8 and len(excused) >= 8, (ran, excused)
    with StanceDB(backend_url) as db:
        assert db.verify().ok


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
