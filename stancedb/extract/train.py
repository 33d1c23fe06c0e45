"""Training the attribution model (SOURCE, CUE, CONTENT spans) on PolNeAR.

    python -m stancedb.extract.train [--shared ../shared] [--out DIR] [--max-minutes N]

Steps: convert the PolNeAR train and dev articles (read from `--shared`, never copied into the
project) to DocBin files in `build/attribution/`, train with `attribution.cfg` (spaCy's own
`spacy train`, in one subprocess), give the NER its own copy of the tok2vec, score it on the
dev articles through the runtime pipeline, and write the model with its `meta.json` (data,
settings, dev scores) to `--out` (default: the packaged `stancedb/extract/models/attribution`).
See docs/MODEL.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans
from thinc.api import Config

from stancedb.extract import attribution_model
from stancedb.extract.documents import read_documents
from stancedb.extract.span_scoring import Span as CharSpan
from stancedb.extract.span_scoring import score_documents

CONFIG = Path(__file__).with_name("attribution.cfg")
BUILD = Path("build/attribution")
CORPUS = {
    "name": "PolNeAR",
    "version": "1.0.0",
    "url": "https://github.com/networkdynamics/PolNeAR",
    "commit": "c3eee833c035bf7b8c84f55b58c0bf7346cfae76",
    "citation": "Newell, Margolin & Ruths (2018), An Attribution Relations Corpus for "
                "Political News, LREC 2018",
    "license": "none stated upstream; the texts belong to their publishers and are not shipped",
}
LABELS = {"Source": "SOURCE", "Cue": "CUE", "Content": "CONTENT"}
# `T1<TAB>Content 120 211;215 230<TAB>text`: a possibly discontinuous text-bound annotation.
_T_LINE = re.compile(r"^T\d+\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")


def annotation_file(text_path: Path) -> Path | None:
    """The gold file of an article: the first annotator's by sorted file name."""
    candidates = sorted(p for p in (text_path.parent.parent / "attributions").glob("*.ann")
                        if p.stem.rsplit("_", 1)[0] == text_path.stem)
    return candidates[0] if candidates else None


def read_gold(ann_path: Path) -> list[CharSpan]:
    """Source, Cue and Content spans of a brat file; a discontinuous span gives one span per
    piece (Attribution and the other labels are left out)."""
    spans: list[CharSpan] = []
    for line in ann_path.read_text(encoding="utf-8").splitlines():
        found = _T_LINE.match(line)
        if found is None or found[1] not in LABELS:
            continue
        for piece in found[2].split(";"):
            start, end = (int(n) for n in piece.split())
            spans.append((start, end, LABELS[found[1]]))
    return spans


def align(doc: Doc, gold: Sequence[CharSpan]) -> list[Span]:
    """Gold spans as token spans of `doc` (expanded to whole tokens, without whitespace tokens
    at their edges); spans entirely in masked text are dropped, overlaps resolved by
    filter_spans (longest first)."""
    spans = []
    for start, end, label in gold:
        if not doc.text[start:end].strip():
            continue  # a masked heading or furniture: the runtime never sees it
        span = doc.char_span(start, end, label, alignment_mode="expand")
        if span is None:
            continue
        first, last = span.start, span.end
        while first < last and doc[first].is_space:
            first += 1
        while last > first and doc[last - 1].is_space:
            last -= 1
        if first < last:
            spans.append(Span(doc, first, last, label))
    return filter_spans(spans)


def char_spans(spans: Sequence[Span]) -> list[CharSpan]:
    return [(s.start_char, s.end_char, s.label_) for s in spans]


def gold_documents(folder: Path, nlp: Language) -> Iterator[tuple[str, Doc]]:
    """Each article with a gold file, tokenised as the runtime tokenises its analysis text,
    with the aligned gold spans as its entities (every other token outside)."""
    for text_path in sorted((folder / "text").glob("*.txt")):
        ann_path = annotation_file(text_path)
        if ann_path is None:
            continue
        for document in read_documents(text_path):
            doc = nlp.make_doc(document.analysis_text)
            doc.set_ents(align(doc, read_gold(ann_path)), default="outside")
            yield text_path.stem, doc


def paragraphs(doc: Doc) -> Iterator[Doc]:
    """The doc cut after line breaks that no gold span crosses: smaller training examples
    shuffle better, and the model's context is a few tokens wide anyway."""
    start = 0
    for token in doc[:-1]:
        ends_line = "\n" in token.text or "\n" in token.whitespace_
        if ends_line and doc[token.i + 1].ent_iob_ != "I":
            yield doc[start:token.i + 1].as_doc()
            start = token.i + 1
    if start < len(doc):
        yield doc[start:].as_doc()


def convert(shared: Path, build: Path, nlp: Language) -> dict[str, dict[str, int]]:
    """train.spacy (paragraphs) and dev.spacy (whole articles) in `build`; their counts."""
    build.mkdir(parents=True, exist_ok=True)
    counts: dict[str, dict[str, int]] = {}
    for part, folder in (("train", "polnear_train"), ("dev", "polnear_dev")):
        docs = DocBin(store_user_data=False)
        tally = {"articles": 0, "examples": 0, "tokens": 0, "SOURCE": 0, "CUE": 0, "CONTENT": 0}
        for _, doc in gold_documents(shared / "data" / folder, nlp):
            tally["articles"] += 1
            tally["tokens"] += len(doc)
            for ent in doc.ents:
                tally[ent.label_] += 1
            pieces = list(paragraphs(doc)) if part == "train" else [doc]
            for piece in pieces:
                docs.add(piece)
            tally["examples"] += len(pieces)
        docs.to_disk(build / f"{part}.spacy")
        counts[part] = tally
    return counts


def run_training(config: Path, build: Path, max_minutes: float, threads: int,
                 overrides: Sequence[str]) -> tuple[Path, dict[str, Any]]:
    """`spacy train` in one subprocess; interrupted (SIGINT, so spaCy keeps its best
    checkpoint) after `max_minutes`. The best model's directory, and how the run went."""
    output = build / "training"
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(output),
               "--paths.train", str(build / "train.spacy"),
               "--paths.dev", str(build / "dev.spacy"),
               "--paths.base_model", str(attribution_model.base_model_path()), *overrides]
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "OPENBLAS_NUM_THREADS": str(threads),
           "MKL_NUM_THREADS": str(threads)}
    log_path = build / "train.log"
    print(f"training: {' '.join(command)}\n(log in {log_path})", flush=True)
    began = time.monotonic()
    timed_out = False
    with log_path.open("w") as log, log_path.open() as tail:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        while process.poll() is None:
            # Echo the log as it grows; stop with SIGINT, so that spaCy keeps model-best.
            time.sleep(5)
            print(tail.read(), end="", flush=True)
            if not timed_out and time.monotonic() - began > max_minutes * 60:
                timed_out = True
                process.send_signal(signal.SIGINT)
        print(tail.read(), end="", flush=True)
    minutes = (time.monotonic() - began) / 60
    best = output / "model-best"
    if not timed_out and process.returncode != 0:
        raise SystemExit(f"spacy train failed with exit code {process.returncode}")
    if not (best / "meta.json").exists():
        best = output / "model-last"
    # The console logger's rows: epoch, step, losses, scores, and the score that picks the
    # best checkpoint last.
    rows = [(int(e), int(s), float(score)) for e, s, score in re.findall(
        r"^\s*(\d+)\s+(\d+)\s.*\s([\d.]+)\s*$", log_path.read_text(), re.MULTILINE)]
    last = rows[-1] if rows else (0, 0, 0.0)
    best_row = max(rows, key=lambda row: row[2]) if rows else last
    return best, {"minutes": round(minutes, 1), "stopped_by_time": timed_out,
                  "epochs_completed": last[0], "steps": last[1], "best_step": best_row[1]}


def package(trained: Path, out: Path, meta: dict[str, Any]) -> Path:
    """The trained NER alone, with its own copy of the tok2vec, written to `out`."""
    import spacy

    nlp = spacy.load(trained)
    if "tok2vec" in nlp.pipe_names:
        # Both listen-free after this: the NER's tok2vec is its own, the shared one can go.
        nlp.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
        nlp.remove_pipe("tok2vec")
    nlp.meta.update(meta)
    shutil.rmtree(out, ignore_errors=True)
    nlp.to_disk(out)
    # The build paths of this machine mean nothing where the model is loaded.
    config = Config().from_disk(out / "config.cfg", interpolate=False)
    for key in ("train", "dev", "base_model"):
        config["paths"][key] = None
    config.to_disk(out / "config.cfg")
    return out


def evaluate(nlp: Language, folder: Path) -> dict[str, dict[str, float | int]]:
    """Scores on the gold articles in `folder` of a pipeline ending in the attribution
    component (the runtime one, or one from `evaluation_pipeline`), by character offsets
    against the aligned gold spans (see span_scoring)."""
    golds = list(gold_documents(folder, nlp))
    texts = (doc.text for _, doc in golds)
    pairs = [(char_spans(doc.spans[attribution_model.SPANS_KEY]), char_spans(gold.ents))
             for (_, gold), doc in zip(golds, nlp.pipe(texts), strict=True)]
    return score_documents(pairs)


def directory_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, default=attribution_model.PACKAGED_MODEL)
    parser.add_argument("--build", type=Path, default=BUILD)
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--max-minutes", type=float, default=90.0,
                        help="stop training after this long, keeping the best checkpoint")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--skip-convert", action="store_true",
                        help="reuse the DocBin files already in --build")
    # Anything else is a config override for spacy train, e.g. --training.dropout 0.2.
    args, overrides = parser.parse_known_args(argv)
    for part in ("polnear_train", "polnear_dev"):
        if not (args.shared / "data" / part / "text").is_dir():
            parser.error(f"{args.shared / 'data' / part} is missing")

    base = attribution_model.evaluation_pipeline(None)
    if not args.skip_convert:
        counts = convert(args.shared, args.build, base)
        (args.build / "counts.json").write_text(json.dumps(counts, indent=2) + "\n")
    counts = json.loads((args.build / "counts.json").read_text())
    print(f"converted: {counts}", flush=True)
    trained, run = run_training(args.config, args.build, args.max_minutes, args.threads,
                                overrides)
    training = json.loads((trained / "meta.json").read_text()).get("performance", {})
    meta = attribution_model.model_meta(corpus={**CORPUS, **counts_for_meta(counts)},
                                        settings=settings(args, overrides, run, training))
    package(trained, args.out, meta)
    scores = evaluate(attribution_model.evaluation_pipeline(args.out),
                      args.shared / "data" / "polnear_dev")
    meta["dev_scores"] = scores
    meta["size_bytes"] = directory_size(args.out)
    package(trained, args.out, meta)
    print(json.dumps({"dev_scores": scores, **run, "size_bytes": meta["size_bytes"]},
                     indent=2))


def counts_for_meta(counts: dict[str, dict[str, int]]) -> dict[str, Any]:
    return {"train": {"folder": "polnear_train", "compartment": "train",
                      "of_compartment": 840, **counts["train"]},
            "dev": {"folder": "polnear_dev", "compartment": "dev",
                    "of_compartment": 84, **counts["dev"]},
            "annotator": "the first file by sorted name where an article has several"}


def settings(args: argparse.Namespace, overrides: Sequence[str], run: dict[str, Any],
             training: dict[str, Any]) -> dict[str, Any]:
    from importlib.metadata import version

    return {"config": args.config.name, "overrides": list(overrides),
            "seed": 0, "threads": args.threads, "max_minutes": args.max_minutes, **run,
            "hardware": f"{os.cpu_count()} CPU cores, no GPU",
            "spacy": version("spacy"), "base_model": attribution_model.base_model_name(),
            "best_checkpoint_dev": {k: v for k, v in training.items()
                                    if k in ("ents_f", "ents_p", "ents_r")}}


if __name__ == "__main__":
    main()
