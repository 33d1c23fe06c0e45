"""Benchmark: does an alias cost the same however long the chain of aliases it extends? Chains
of 1,000 and 10,000 links (each new name an alias of the newest name before it, so that all
resolve to the first) are appended in one batch, appended one alias at a time (as
`stancedb alias` and the REST API do), and rebuilt from the log. Baselines measured in the
same run: the 1,000-link chain (a flat cost per link is a ratio near 1) and as many
statements appended and rebuilt the same ways (a statement's cost does not grow with the log).

    .venv/bin/python bench/aliases.py [--sizes 1000 10000] [--runs 3] [--postgres URL]
        [--rerooting 1000 2000] [--write]

--rerooting also times chains grown the other way (each link makes a new name the root of
all the names before it), on SQLite only: every link then renames the whole chain, so the
cost per link grows with the chain by nature (and on PostgreSQL one such append of 2,000
links holds the database's write lock for minutes). Progress goes to stderr; with --write,
the table replaces the "Alias chains" section of bench/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import fresh_postgres, machine, replace_section

from stancedb import StanceDB
from stancedb.model.events import EntityAliased, NewEvent, Provenance, StatementRecorded, stable_id

PROVENANCE = Provenance("bench", "1")
TARGET = 1.5  # the bound on the growth of the cost per link, 1k to 10k

# (database, links, measurement) -> seconds of each run
Timings = dict[tuple[str, int, str], list[float]]


def chain(links: int, at_root: bool = False) -> list[NewEvent]:
    """N1 -> N0, N2 -> N1, ...: every name resolves to N0 (at_root: N0 -> N1, N1 -> N2, ...,
    every name resolves to the newest)."""
    pairs = ((f"N{n}", f"N{n + 1}") if at_root else (f"N{n + 1}", f"N{n}")
             for n in range(links))
    return [NewEvent(f"alias:{n}", EntityAliased(name, parent, PROVENANCE))
            for n, (name, parent) in enumerate(pairs)]


def statements(count: int) -> list[NewEvent]:
    """As many statements as links, each by a name of its own."""
    return [NewEvent(f"statement:{n}", StatementRecorded(
        statement_id=stable_id(f"statement:{n}"), actor=f"N{n}", target="Target",
        stance="support", score=1.0, stated_on=date(2015, 10, 24), source="Wire",
        provenance=PROVENANCE)) for n in range(count)]


@contextmanager
def fresh(database: str, postgres: str | None) -> Iterator[StanceDB]:
    """An empty, migrated database (not timed)."""
    if database == "SQLite":
        with tempfile.TemporaryDirectory() as folder, \
                StanceDB(f"sqlite:///{Path(folder) / 'aliases.sqlite'}") as db:
            yield db
        return
    assert postgres is not None
    url, drop = fresh_postgres(postgres)
    try:
        with StanceDB(url) as db:
            yield db
    finally:
        drop()


def timed(call: Callable[[], object]) -> float:
    began = time.perf_counter()
    call()
    return time.perf_counter() - began


def one_by_one(db: StanceDB, events: list[NewEvent]) -> None:
    for event in events:
        db.append([event])


def resolves_to_one_name(db: StanceDB, links: int) -> None:
    names = db.entities()
    assert len(names) == links + 1 and names.canonical.nunique() == 1, names.head()


def measure(databases: list[str], sizes: list[int], runs: int, postgres: str | None,
            rerooting: list[int]) -> Timings:
    timings: Timings = defaultdict(list)
    for run in range(1, runs + 1):
        for database in databases:
            for size in sizes:
                measure_size(timings, database, size, postgres)
                print(f"run {run}: {database}, {size:,} links done", file=sys.stderr)
        for size in rerooting:
            with fresh("SQLite", None) as db:
                events = chain(size, at_root=True)
                timings["SQLite", size, "rerooting"].append(
                    timed(lambda db=db, events=events: db.append(events)))
                resolves_to_one_name(db, size)
            print(f"run {run}: {size:,} links grown at the root done", file=sys.stderr)
    return timings


def measure_size(timings: Timings, database: str, size: int, postgres: str | None) -> None:
    def add(measurement: str, seconds: float) -> None:
        timings[database, size, measurement].append(seconds)

    for kind, events in (("alias", chain(size)), ("statement", statements(size))):
        with fresh(database, postgres) as db:
            add(f"{kind} batch", timed(lambda db=db, events=events: db.append(events)))
            add(f"{kind} rebuild", timed(db.rebuild))
            if kind == "alias":
                resolves_to_one_name(db, size)
        with fresh(database, postgres) as db:
            add(f"{kind} each", timed(lambda db=db, events=events: one_by_one(db, events)))
            if kind == "alias":
                resolves_to_one_name(db, size)


MODES = (("batch", "chain in one append"), ("each", "one append per link"),
         ("rebuild", "rebuild from the log"))


def table(databases: list[str], sizes: list[int], runs: int, timings: Timings,
          rerooting: list[int], postgres_version: str | None) -> str:
    def per_link(database: str, size: int, measurement: str) -> float:
        return 1000 * statistics.median(timings[database, size, measurement]) / size

    lines = [
        machine() + (f" PostgreSQL {postgres_version}." if postgres_version else ""),
        f"Chains of {', '.join(f'{s:,}' for s in sizes)} aliases (N1 -> N0, N2 -> N1, ...), "
        f"each run on a fresh database; median of {runs} runs. \"vs statement\": the cost "
        "per link over the cost per statement of as many statements appended or rebuilt the "
        "same way in the same run.",
        "",
        "| database | links | mode | ms per link | vs statement | vs "
        f"{sizes[0]:,} links |",
        "|---|---:|---|---:|---:|---:|",
    ]
    worst = 0.0
    for database in databases:
        for size in sizes:
            for mode, label in MODES:
                cost = per_link(database, size, f"alias {mode}")
                statement_cost = per_link(database, size, f"statement {mode}")
                ratio = cost / per_link(database, sizes[0], f"alias {mode}")
                if size != sizes[0]:
                    worst = max(worst, ratio)
                lines.append(f"| {database} | {size:,} | {label} | {cost:.3f} | "
                             f"{cost / statement_cost:.2f} | {ratio:.2f}x |")
    if len(sizes) > 1:
        lines += ["", f"Target: the cost per link at {sizes[-1]:,} links within {TARGET}x of "
                      f"that at {sizes[0]:,}. Largest ratio {worst:.2f}x: "
                      f"{'met' if worst <= TARGET else 'missed'}."]
    if rerooting:
        lines += ["", "Chains grown at the root (N0 -> N1, N1 -> N2, ...: each link renames "
                      "every name before it, whose rows in `entities` are rewritten), in one "
                      "append on SQLite: the cost per link grows with the names it renames.",
                  "", "| links | ms per link | vs the shortest |", "|---:|---:|---:|"]
        for size in rerooting:
            cost = per_link("SQLite", size, "rerooting")
            base = per_link("SQLite", rerooting[0], "rerooting")
            lines.append(f"| {size:,} | {cost:.3f} | {cost / base:.2f}x |")
    return "\n".join(lines)


def server_version(postgres: str) -> str:
    engine = sa.create_engine(postgres)
    try:
        with engine.connect() as conn:
            return str(conn.exec_driver_sql("SHOW server_version").scalar()).split()[0]
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", help="PostgreSQL server URL to measure as well")
    parser.add_argument("--rerooting", type=int, nargs="*", default=[],
                        help="sizes of chains grown at the root to time as well")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    databases = ["SQLite"] + (["PostgreSQL"] if args.postgres else [])
    timings = measure(databases, args.sizes, args.runs, args.postgres, args.rerooting)
    text = table(databases, args.sizes, args.runs, timings, args.rerooting,
                 server_version(args.postgres) if args.postgres else None)
    print(text)
    if args.write:
        replace_section(Path(__file__).with_name("BENCHMARKS.md"), "Alias chains",
                        "`bench/aliases.py` (issue 14: a chain of n aliases cost n^3 to append "
                        "and to rebuild; 1,000 took 63 s and 69 s).\n\n" + text)


if __name__ == "__main__":
    main()
