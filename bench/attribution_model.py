"""Benchmark: the runtime spaCy pipeline with and without the attribution model.

    .venv/bin/python bench/attribution_model.py DIR [--runs 3] [--model PATH]

Runs en_core_web_sm (with the line-break sentence component, as `nlp.load()` has it) over the
analysis texts of the articles in DIR, then the same pipeline plus the attribution component,
each `--runs` times alternately; prints the medians and `ratio X` (articles/s with the
component over articles/s without it).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from spacy.language import Language

from stancedb.extract import attribution_model, nlp
from stancedb.extract.documents import is_article, read_documents


def seconds(pipeline: Language, texts: list[str]) -> float:
    began = time.perf_counter()
    for _ in pipeline.pipe(texts, batch_size=nlp.BATCH_SIZE):
        pass
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", type=Path, default=attribution_model.PACKAGED_MODEL)
    args = parser.parse_args()
    paths = sorted(p for p in args.folder.rglob("*") if p.is_file() and is_article(p))
    texts = [d.analysis_text for p in paths for d in read_documents(p)]
    bare = attribution_model.evaluation_pipeline(None)
    full = attribution_model.evaluation_pipeline(args.model)
    seconds(full, texts[:4])  # warm both up (first calls allocate)
    seconds(bare, texts[:4])
    bare_runs, full_runs = [], []
    for _ in range(args.runs):
        bare_runs.append(seconds(bare, texts))
        full_runs.append(seconds(full, texts))
    bare_s, full_s = statistics.median(bare_runs), statistics.median(full_runs)
    print(f"{len(texts)} articles, median of {args.runs} runs")
    print(f"en_core_web_sm: {bare_s:.2f} s ({len(texts) / bare_s:.1f} articles/s), "
          f"runs {[round(s, 2) for s in bare_runs]}")
    print(f"+ attribution: {full_s:.2f} s ({len(texts) / full_s:.1f} articles/s), "
          f"runs {[round(s, 2) for s in full_runs]}")
    print(f"ratio {bare_s / full_s:.2f}")


if __name__ == "__main__":
    main()
