"""Benchmark: article ingest end to end (read, extract, store in a fresh SQLite database)
against bare spaCy `nlp.pipe` over the same texts, in the same run.

    .venv/bin/python bench/extract.py DIR [--runs 3] [--jobs 1] [--write]

Prints a Markdown table; the last line is `ratio X` (stancedb articles/s over bare spaCy
articles/s). With --write, replaces the "Extraction" section of bench/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import replace_section

import stancedb
from stancedb import StanceDB
from stancedb.extract import attribution_model, nlp
from stancedb.extract.documents import is_article, read_documents


def article_paths(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and is_article(p))


def bare_spacy(texts: list[str]) -> float:
    # en_core_web_sm as stancedb configures it (line breaks end sentences), without the
    # attribution model: the cost of the model is part of what is measured.
    model = attribution_model.evaluation_pipeline(None)
    began = time.perf_counter()
    for _ in model.pipe(texts, batch_size=nlp.BATCH_SIZE):
        pass
    return time.perf_counter() - began


def stancedb_ingest(paths: list[Path], jobs: int) -> float:
    with tempfile.TemporaryDirectory() as folder, \
            StanceDB(f"sqlite:///{folder}/bench.sqlite") as db:
        began = time.perf_counter()
        # A fixed date for undated articles, so that every statement is stored too.
        report = db.ingest(paths, jobs=jobs, published=date(2016, 10, 1))
        stored = report.stored
        elapsed = time.perf_counter() - began
        assert not any(f.errors for f in report.files), report.files[0].errors
        assert stored > 0
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    paths = article_paths(args.folder)
    if not paths:
        parser.error(f"no articles in {args.folder}")
    texts = [d.analysis_text for p in paths for d in read_documents(p)]
    nlp.load()  # both sides start with the model loaded
    bare = [bare_spacy(texts) for _ in range(args.runs)]
    full = [stancedb_ingest(paths, args.jobs) for _ in range(args.runs)]
    bare_rate = len(texts) / statistics.median(bare)
    full_rate = len(texts) / statistics.median(full)
    words = sum(len(t.split()) for t in texts)
    lines = [
        f"Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"spaCy {spacy.__version__}, model {nlp.model_version()}, stancedb "
        f"{stancedb.__version__}, jobs {args.jobs}.",
        f"{len(texts)} articles ({words:,} words) from `{args.folder.name}`, "
        f"median of {args.runs} runs.",
        "",
        "| system | median s | articles/s |",
        "|---|---:|---:|",
        f"| bare spaCy `nlp.pipe` (baseline) | {statistics.median(bare):.2f} | "
        f"{bare_rate:.1f} |",
        f"| stancedb ingest (read, extract, store) | {statistics.median(full):.2f} | "
        f"{full_rate:.1f} |",
        "",
        f"ratio {full_rate / bare_rate:.2f}",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        replace_section(Path(__file__).with_name("BENCHMARKS.md"), "Extraction", text)


if __name__ == "__main__":
    main()
