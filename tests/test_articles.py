"""Ingesting articles: metadata, offsets, versions, re-extraction, and the dev-set scores."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from stancedb import StanceDB
from stancedb import database as database_module
from stancedb.extract.evaluation import (
    Aliases,
    extracted_predictions,
    load_gold,
    score_attribution_folder,
    score_stances,
)
from stancedb.ingest.formats import articles as articles_module
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = SHARED / "gold"
POLNEAR = SHARED / "data" / "polnear_dev"
BBC = SHARED / "data" / "bbc_dev"
ARTICLE = ("Brazilian President Ana Costa said on Monday that Brazil is ready to support "
           "Argentina.\n\n“We will never back the junta in Venezuela,” Costa said.\n")


def test_seed_statements_carry_exact_evidence(db: StanceDB) -> None:
    report = db.ingest([SEEDS])
    assert report.ok and report.documents == 5 and report.stored >= 15
    frame = db.statements()
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for row in frame.itertuples():
        assert texts[row.document][row.evidence_start:row.evidence_end] == row.evidence
        assert row.extractor == "stancedb.extract"
    lavrov = frame[(frame.actor == "Sergey Lavrov") & (frame.target == "Free Syrian Army")]
    assert set(lavrov.stance) == {"support"}
    assert set(lavrov.actor_org) == {"Russia"}
    assert date(2015, 10, 24) in set(lavrov.stated_on)
    assert set(frame[frame.document == "002_33c2dc9b53ea6dc3.txt"].source) == {"Sputnik"}
    assert db.verify().ok


def test_reingesting_unchanged_articles_appends_nothing(db: StanceDB) -> None:
    db.ingest([SEEDS])
    before = len(list(db.log()))
    again = db.ingest([SEEDS])
    assert again.unchanged_documents == 5 and again.stored == 0
    assert len(list(db.log())) == before


def test_a_changed_file_is_a_new_version(db: StanceDB, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    db.ingest([path], source="Wire", published=date(2021, 3, 10))
    first = db.statements()
    assert ("Ana Costa", "support", "Argentina") in set(
        zip(first.actor, first.stance, first.target, strict=True))
    path.write_text(ARTICLE.replace("Argentina", "Chile"), encoding="utf-8")
    db.ingest([path], source="Wire", published=date(2021, 3, 10))
    second = db.statements()
    assert "Chile" in set(second.target) and "Argentina" not in set(second.target)
    retracted = [e for e in db.log() if e.type == "statement.retracted"]
    assert len(retracted) == len(first)
    assert "superseded by version 2" in retracted[0].payload["reason"]


def test_reextract_replaces_statements_of_an_older_extractor(
        db: StanceDB, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    db.ingest([path], source="Wire", published=date(2021, 3, 10))
    count = len(db.statements())
    assert db.reextract().documents == 0  # nothing older than the current extractor
    for module in (articles_module, database_module):
        monkeypatch.setattr(module, "EXTRACTOR_VERSION", "99.0")
    report = db.reextract()
    assert (report.documents, report.retracted, report.recorded) == (1, count, count)
    assert set(db.statements().extractor_version) == {"99.0"}
    assert db.reextract().documents == 0
    kinds = [e.type for e in db.log()]
    assert kinds.count("statement.retracted") == count
    assert db.verify().ok


def test_metadata_from_front_matter_and_missing_dates(db: StanceDB, tmp_path: Path) -> None:
    (tmp_path / "with.md").write_text(
        "---\ntitle: Talks\nsource: Daily Planet\npublished: 2020-05-04\n---\n\n" + ARTICLE,
        encoding="utf-8")
    (tmp_path / "without.txt").write_text(ARTICLE.replace(" on Monday", ""), encoding="utf-8")
    warnings: list[str] = []
    report = db.ingest([tmp_path], on_warning=warnings.append)
    assert report.ok
    frame = db.statements()
    assert set(frame.document) == {"with.md"}
    assert set(frame.source) == {"Daily Planet"} and date(2020, 5, 4) in set(frame.stated_on)
    assert any("without.txt" in w and "no publication date" in w for w in warnings)
    assert any("without.txt" in w and "not stored" in w for w in warnings)


def test_other_encodings_are_read_with_a_warning(db: StanceDB, tmp_path: Path) -> None:
    text = ARTICLE.replace("Ana Costa", "Anaïs Côté").replace("Costa said", "Côté said")
    (tmp_path / "latin.txt").write_bytes(text.encode("cp1252"))
    warnings: list[str] = []
    db.ingest([tmp_path], published=date(2021, 3, 10), on_warning=warnings.append)
    assert any("not UTF-8" in w for w in warnings)
    frame = db.statements()
    assert "Anaïs Côté" in set(frame.actor)
    for row in frame.itertuples():
        assert text[row.evidence_start:row.evidence_end] == row.evidence


def test_manifests_cannot_point_outside_their_folder(db: StanceDB, tmp_path: Path) -> None:
    shutil.copy(SEEDS / "000_de8a644924a3cebd.txt", tmp_path)
    (tmp_path / "manifest.csv").write_text(
        "file,outlet,url,published,title\n../../etc/passwd,X,,2020-01-01,\n"
        "000_de8a644924a3cebd.txt,Al Jazeera,,2015-10-24,\n", encoding="utf-8")
    warnings: list[str] = []
    db.ingest([tmp_path], on_warning=warnings.append)
    assert any("points outside its folder" in w for w in warnings)
    assert set(db.statements().source) == {"Al Jazeera"}


# Floors on every shared development set, at what the extractor measures (CHANGELOG,
# docs/EXTRACTION.md): a fall below one is a regression, whichever set rose meanwhile.


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold (seed gold) is not present")
def test_seed_gold_scores(sqlite_url: str) -> None:
    with StanceDB(sqlite_url) as db:
        db.ingest([SEEDS])
        score = db.evaluate(GOLD / "seeds.jsonl", GOLD / "entities.json")
    assert score.person.f1 >= 0.74
    assert score.org.f1 >= 0.78
    assert score.date_accuracy >= 0.90


@pytest.mark.slow
@pytest.mark.skipif(not BBC.exists(), reason="../shared/data/bbc_dev (stance gold) is not present")
def test_bbc_dev_scores() -> None:
    score = score_stances(load_gold(BBC / "gold.jsonl"), extracted_predictions(BBC / "text"),
                          Aliases.load(BBC / "entities.json"))
    assert score.person.f1 >= 0.59
    assert score.org.f1 >= 0.64


INVENTED = ROOT / "tests" / "data" / "heldout"


@pytest.mark.slow
def test_invented_article_scores() -> None:
    # Our own invented articles (tests/data/heldout/README.md): other domains and registers.
    score = score_stances(load_gold(INVENTED / "gold.jsonl"),
                          extracted_predictions(INVENTED / "text"),
                          Aliases.load(INVENTED / "entities.json"))
    assert score.person.f1 >= 0.50
    assert score.org.f1 >= 0.58


@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR.exists(),
                    reason="../shared/data/polnear_dev (attribution gold) is not present")
def test_polnear_attribution_scores() -> None:
    score = score_attribution_folder(POLNEAR)
    assert score.matched_gold >= 1565
    assert score.f1 >= 0.83
    assert score.speaker_accuracy >= 0.895


def test_a_file_changed_back_is_a_third_version(db: StanceDB, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    for text in (ARTICLE, ARTICLE.replace("Argentina", "Chile"), ARTICLE):
        path.write_text(text, encoding="utf-8")
        db.ingest([path], source="Wire", published=date(2021, 3, 10))
    assert "Argentina" in set(db.statements().target)
    assert "Chile" not in set(db.statements().target)
    assert [e.payload["version"] for e in db.log() if e.type == "document.ingested"] == [1, 2, 3]
