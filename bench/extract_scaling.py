"""Benchmark: does extraction cost grow linearly with an article's quotes? Invented articles
of 1,000 and 10,000 quotes (six reporting forms, with pronouns and descriptions, a hundred
made-up people) are parsed once; the extractor's rules (`pipeline.extract`: mentions,
reference, attribution, stance, dates) then run on each parse, and parsing is timed too. The
1,000-quote article is the baseline measured in the same run; a flat cost per quote is a
ratio near 1.

    .venv/bin/python bench/extract_scaling.py [--sizes 1000 10000] [--runs 3] [--write]

With --write, replaces the "Extraction per quote" section of bench/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import replace_section

import stancedb
from stancedb.extract import nlp, pipeline
from stancedb.extract.documents import Metadata, document_from_text

FIRST = ("Ann", "Tom", "Maria", "Carl", "Dana", "Paul", "Ruth", "Sam", "Laura", "Peter")
LAST = ("Lee", "Reed", "Lopez", "Webb", "Price", "Kerr", "Okafor", "Vance", "Becker", "Hale")
DAYS = ("Monday", "Tuesday", "Wednesday")


def article(quotes: int, seed: int = 0) -> str:
    """An invented article of about `quotes` attributions, one short paragraph each."""
    rnd = random.Random(seed)
    people = [f"{first} {last}" for first in FIRST for last in LAST]
    paragraphs = ["Budget row"]
    found = 0
    while found < quotes:
        a, b = rnd.sample(people, 2)
        form = rnd.randrange(6)
        if form == 4:
            paragraphs.append(f"Senator {a} met {b} on {rnd.choice(DAYS)}. \"We agreed on "
                              f"nothing,\" she said. He said the talks had failed.")
            found += 2
        elif form == 5:
            paragraphs.append(f"The senator said {b} had broken a promise, and the mayor "
                              f"praised {a}.")
            found += 2
        elif form == 0:
            paragraphs.append(f"{a} criticised {b} on {rnd.choice(DAYS)}. \"The plan is a "
                              f"disaster,\" {a.split()[1]} said.")
            found += 2
        elif form == 1:
            paragraphs.append(f"\"{b.split()[1]} has done a fine job,\" {a} told reporters.")
            found += 1
        elif form == 2:
            paragraphs.append(f"{a} said that {b} was wrong about the budget.")
            found += 1
        else:
            paragraphs.append(f"According to {a}, {b} will resign.")
            found += 1
    return "\n\n".join(paragraphs) + "\n"


def measure(quotes: int, runs: int) -> dict[str, float]:
    document = document_from_text(f"bench-{quotes}.txt", article(quotes), "text",
                                  Metadata("Bench", None, date(2024, 3, 6)))
    parse_times, extract_times = [], []
    parsed = None
    for _ in range(runs):
        began = time.perf_counter()
        parsed = next(nlp.parse([document.analysis_text]))
        parse_times.append(time.perf_counter() - began)
    assert parsed is not None
    found = 0
    for _ in range(runs):
        parsed.user_data.clear()  # no index left from the run before
        began = time.perf_counter()
        extraction = pipeline.extract(document, parsed)
        extract_times.append(time.perf_counter() - began)
        found = len(extraction.quotes)
    return {"quotes": found, "parse": statistics.median(parse_times),
            "extract": statistics.median(extract_times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    nlp.load()  # loading is not measured
    results = [measure(size, args.runs) for size in args.sizes]
    base = results[0]
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, spaCy {spacy.__version__}, stancedb "
        f"{stancedb.__version__}; median of {args.runs} runs; baseline: the "
        f"{args.sizes[0]:,}-quote article of the same run.",
        "",
        "| article | quotes found | parse ms/quote | rules ms/quote | rules ratio to baseline |",
        "|---|---:|---:|---:|---:|",
    ]
    for size, result in zip(args.sizes, results, strict=True):
        per_parse = 1000 * result["parse"] / result["quotes"]
        per_rules = 1000 * result["extract"] / result["quotes"]
        ratio = per_rules / (1000 * base["extract"] / base["quotes"])
        lines.append(f"| {size:,} quotes | {result['quotes']:,} | {per_parse:.2f} | "
                     f"{per_rules:.3f} | {ratio:.2f} |")
    table = "\n".join(lines)
    print(table)
    if args.write:
        replace_section(Path(__file__).with_name("BENCHMARKS.md"), "Extraction per quote",
                        "`bench/extract_scaling.py`: the extractor's rules on invented "
                        "articles of growing size (issue 14: they were quadratic in the "
                        "quotes of an article).\n\n" + table)


if __name__ == "__main__":
    main()
