"""The `stancedb` command, end to end, as a user types it."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
import typer.main
from typer.testing import CliRunner

from stancedb import StanceDB
from stancedb.cli import app
from tests.factories import cut_back, write_csv

ROWS = [
    "Sergei Lavrov,Free Syrian Army,support,2015-10-24,Al Jazeera",
    "Ahmad Saoud,Russia,oppose,2015-10-24,Al Jazeera",
]
EXPORT_KEYS = {"statement_id", "document", "actor", "actor_org", "target", "stance", "score",
               "modality", "stated_on", "source", "evidence", "evidence_start", "evidence_end",
               "confidence", "extractor"}


@pytest.fixture
def run(backend_url: str) -> object:
    runner = CliRunner()

    def invoke(*args: str) -> typer.testing.Result:  # type: ignore[name-defined]
        return runner.invoke(app, ["--db", backend_url, *args])

    return invoke


def test_every_command_has_help_with_an_example_and_is_in_the_readme() -> None:
    # Every registered command, not a list kept by hand: a new command without an example
    # or without a word in the README fails here.
    command = typer.main.get_command(app)
    names = sorted(command.commands)  # type: ignore[attr-defined]
    assert {"init", "ingest", "statements", "positions", "log", "retract", "correct", "alias",
            "merge", "role", "verify", "anchor", "rebuild", "sql"} <= set(names)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    runner = CliRunner()
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        example = re.compile(rf"^\s*Example: stancedb (--db \S+ )?{name}\b", re.MULTILINE)
        assert example.search(result.output), f"{name} --help shows no example of {name}"
        assert re.search(rf"\bstancedb {name}\b", readme), f"README.md never shows {name}"


def test_ingest_list_retract_and_verify(run: object, tmp_path: Path) -> None:
    invoke = run  # type: ignore[assignment]
    path = write_csv(tmp_path / "s.csv", *ROWS)
    assert invoke("init").exit_code == 0
    first = invoke("ingest", str(path))
    assert first.exit_code == 0, first.output
    assert "2 statements stored" in first.output
    second = invoke("ingest", str(path))
    assert "0 statements stored, 2 already stored" in second.output

    exported = invoke("statements", "--format", "jsonl")
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(records) == 2 and set(records[0]) >= EXPORT_KEYS
    assert records[0]["stated_on"] == "2015-10-24"

    assert invoke("alias", "Sergei Lavrov", "Sergey Lavrov").exit_code == 0
    listed = invoke("statements", "--actor", "Sergey Lavrov", "--format", "csv")
    assert "Sergey Lavrov,,Free Syrian Army,support" in listed.stdout

    sid = records[1]["statement_id"]
    assert invoke("retract", sid, "--reason", "misattributed").exit_code == 0
    remaining = invoke("statements", "--format", "csv").stdout
    assert sid not in remaining and "Sergey Lavrov" in remaining
    assert "statement.retracted" in invoke("log").stdout
    verified = invoke("verify")
    assert verified.exit_code == 0 and "chain intact" in verified.output


def test_bad_rows_give_a_nonzero_exit_and_file_line(run: object, tmp_path: Path) -> None:
    invoke = run  # type: ignore[assignment]
    path = write_csv(tmp_path / "s.csv", ROWS[0], "Putin,ISIL,oppose,2015-13-01,TASS")
    result = invoke("ingest", str(path))
    assert result.exit_code == 1
    assert f"{path}:3: date '2015-13-01' is not a valid YYYY-MM-DD date" in result.output
    assert "Traceback" not in result.output


def test_correct_role_merge_and_positions(run: object, tmp_path: Path) -> None:
    invoke = run  # type: ignore[assignment]
    invoke("ingest", str(write_csv(tmp_path / "s.csv", *ROWS)))
    sid = json.loads(invoke("statements", "--format", "jsonl").stdout.splitlines()[0])[
        "statement_id"]
    assert invoke("correct", sid, "--stance", "oppose", "--reason", "negation").exit_code == 0
    assert invoke("role", "Sergei Lavrov", "Russia", "--role", "Foreign Minister").exit_code == 0
    assert invoke("merge", "Free Syrian Army", "FSA").exit_code == 0
    org = invoke("positions", "--level", "org", "--format", "csv").stdout
    assert "Russia,FSA,2015-10-24,1,0,1,0,-1.0,-1.0,oppose" in org
    assert invoke("rebuild").exit_code == 0
    assert invoke("positions", "--level", "org", "--format", "csv").stdout == org


def test_realias_to_an_earlier_name_is_recorded(run: object, backend_url: str) -> None:
    invoke = run  # type: ignore[assignment]
    said = [invoke("alias", "A", canonical).output.strip() for canonical in "BCB"]
    assert said == ["A -> B", "A -> C", "A -> B"]
    # the same request again right after changes nothing, and says so
    assert invoke("alias", "A", "B").output.strip() == "A -> B already: nothing recorded"
    assert invoke("merge", "X", "Y").output.strip() == "X merged into Y"
    assert invoke("merge", "X", "Y").output.strip() == (
        "X is merged into Y already: nothing recorded")
    with StanceDB(backend_url) as db:
        assert [e.payload["canonical"] for e in db.log() if e.type == "entity.aliased"] == [
            "B", "C", "B"]
        entities = db.entities()
        assert entities[entities.name == "A"].canonical.tolist() == ["B"]


def test_sql_reads_and_refuses_writes(run: object, tmp_path: Path) -> None:
    invoke = run  # type: ignore[assignment]
    invoke("ingest", str(write_csv(tmp_path / "s.csv", *ROWS)))
    counted = invoke("sql", "SELECT count(*) AS n FROM v_statements", "--format", "csv")
    assert counted.exit_code == 0 and counted.stdout.splitlines() == ["n", "2"]
    refused = invoke("sql", "DELETE FROM events")
    assert refused.exit_code == 2 and "refused" in refused.output


def test_sql_caps_rows_and_says_more_exist(run: object, tmp_path: Path) -> None:
    invoke = run  # type: ignore[assignment]
    invoke("ingest", str(write_csv(tmp_path / "s.csv", *ROWS)))
    capped = invoke("sql", "SELECT actor FROM v_statements ORDER BY actor", "--max-rows", "1",
                    "--format", "csv")
    assert capped.exit_code == 0 and capped.stdout.splitlines() == ["actor", "Ahmad Saoud"]
    assert "showing the first 1 row; the query has more" in capped.stderr
    whole = invoke("sql", "SELECT actor FROM v_statements", "--max-rows", "2")
    assert whole.exit_code == 0 and "the query has more" not in whole.stderr
    assert invoke("sql", "SELECT 1", "--max-rows", "0").exit_code == 2  # a usage error


def test_sql_timeout_stops_a_runaway_query(run: object) -> None:
    endless = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
               "SELECT count(*) FROM c")
    run("init")  # type: ignore[operator]
    stopped = run("sql", endless, "--timeout", "0.5")  # type: ignore[operator]
    assert stopped.exit_code == 2
    assert "error: query stopped after 0.5 s" in stopped.stderr


def test_unknown_statement_is_a_clear_error(run: object) -> None:
    result = run("retract", "no-such-id", "--reason", "x")  # type: ignore[operator]
    assert result.exit_code == 2
    assert "no current statement with id no-such-id" in result.output


def test_console_script_runs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    script = Path(sys.executable).parent / "stancedb"
    done = subprocess.run([str(script), "--db", url, "init"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "database ready" in done.stderr


def test_tables_show_the_first_hundred_rows_and_say_so(run: object, tmp_path: Path) -> None:
    invoke = run  # type: ignore[assignment]
    rows = [f"Actor {n},Target,support,2015-10-24,Wire" for n in range(105)]
    invoke("ingest", str(write_csv(tmp_path / "s.csv", *rows)))
    shown = invoke("statements")
    assert "showing the first 100 rows" in shown.output
    assert shown.output.count("Wire") == 100
    everything = invoke("statements", "--format", "csv")
    assert len(everything.stdout.splitlines()) == 106


def test_unreachable_database_is_a_clear_error() -> None:
    result = CliRunner().invoke(
        app, ["--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "statements"])
    assert result.exit_code == 2
    assert result.output.startswith("database error: ")
    assert "Traceback" not in result.output


def test_verify_fails_and_names_the_tampered_position(sqlite_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(app, ["--db", sqlite_url, "ingest", str(write_csv(tmp_path / "s.csv", *ROWS))])
    path = sa.make_url(sqlite_url).database
    conn = sqlite3.connect(str(path))
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("UPDATE events SET payload = json_set(payload, '$.stance', 'neutral') "
                 "WHERE position = 2")
    conn.commit()
    conn.close()
    result = runner.invoke(app, ["--db", sqlite_url, "verify"])
    assert result.exit_code == 2
    assert "FAILED: position 2: hash mismatch" in result.output


def test_verify_prints_the_head_and_fails_against_an_anchor_of_a_longer_log(
        run: object, backend_url: str, tmp_path: Path) -> None:
    invoke = run  # type: ignore[assignment]
    invoke("ingest", str(write_csv(tmp_path / "s.csv", *ROWS)))
    verified = invoke("verify")
    assert verified.exit_code == 0, verified.output
    with StanceDB(backend_url) as db:
        head = list(db.log())[-1]
    assert f"head: position 2, hash {head.hash}\n" in verified.stdout
    anchor = tmp_path / "anchor.json"
    anchored = invoke("anchor", str(anchor))
    assert anchored.exit_code == 0, anchored.output
    assert f"anchored position 2, hash {head.hash} in {anchor}" in anchored.output
    invoke("alias", "Sergei Lavrov", "Sergey Lavrov")  # appending after the anchor is fine
    passed = invoke("verify", "--against", str(anchor))
    assert passed.exit_code == 0, passed.output
    assert "anchor at position 2 holds" in passed.output
    assert "head: position 3, hash " in passed.stdout

    with StanceDB(backend_url) as db:
        cut_back(db.engine, keep=1)
    assert invoke("rebuild").exit_code == 0
    assert invoke("verify").exit_code == 0  # the chain alone cannot tell
    failed = invoke("verify", "--against", str(anchor))
    assert failed.exit_code == 2
    assert "FAILED: the log ends at position 1, before the anchored position 2" in failed.output
    assert "Traceback" not in failed.output
    refused = invoke("anchor", str(anchor))
    assert refused.exit_code == 2 and "error: not anchored" in refused.output
    missing = invoke("verify", "--against", str(tmp_path / "none.json"))
    assert missing.exit_code == 1 and "none.json: no such anchor file" in missing.output


def test_eval_shared_scores_each_development_set_in_a_table(tmp_path: Path) -> None:
    # A shared folder laid out like ../shared, with one invented article per kind of gold.
    article = ("Budget row\n\nFinance Minister Helen Marsh criticised union leader Peter Cole "
               "on Monday.\n\n\"Cole has no plan,\" Marsh told reporters.\n")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(article)
    (tmp_path / "seeds" / "manifest.csv").write_text(
        "file,source,published\na.txt,Wire,2024-03-06\n")
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "seeds.jsonl").write_text(json.dumps(
        {"doc": "a.txt", "actor": "Helen Marsh", "target": "Peter Cole", "stance": "oppose",
         "date": "2024-03-04", "target_kind": "entity", "optional": False}) + "\n")
    (tmp_path / "gold" / "entities.json").write_text(json.dumps(
        {"Helen Marsh": {"org": None, "aliases": ["Marsh"]},
         "Peter Cole": {"org": None, "aliases": ["Cole"]}}))
    brat = tmp_path / "data" / "polnear_dev"
    (brat / "text").mkdir(parents=True)
    (brat / "attributions").mkdir()
    (brat / "text" / "a.txt").write_text(article)
    content = article.index("\"Cole")
    source = article.index("Marsh told")
    (brat / "attributions" / "a_x.ann").write_text(
        f"T1\tSource {source} {source + 5}\tMarsh\n"
        f"T2\tContent {content} {content + 19}\t{article[content:content + 19]}\n"
        "E1\tAttribution:T2 Content:T2 Source:T1\n")
    result = CliRunner().invoke(app, ["eval", "--shared", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "stance triples" in result.output and "attributions" in result.output
    seeds_person = next(line for line in result.output.splitlines()
                        if "seeds" in line and "person" in line)
    cells = [cell.strip() for cell in seeds_person.strip("│ ").split("│")]
    # corpus, level, precision, recall, f1, matched, gold: the one gold statement, found
    assert (cells[3], cells[5], cells[6]) == ("1.0", "1", "1")
    polnear = next(line for line in result.output.splitlines() if "polnear_dev" in line)
    cells = [cell.strip() for cell in polnear.strip("│ ").split("│")]
    # corpus, precision, recall, f1, matched, gold, quotes, speaker accuracy: the gold quote
    # is found with its speaker (the stance verb's own attribution is a second quote).
    assert (cells[2], cells[4], cells[5], cells[7]) == ("1.0", "1", "1", "1.0")
    assert "not found: bbc_dev" in result.output
