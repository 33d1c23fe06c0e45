"""The article extractor on short texts written for these tests (not from any dev set)."""

from __future__ import annotations

from datetime import date

import pytest

from stancedb.extract.dates import resolve
from stancedb.extract.documents import Metadata, document_from_text
from stancedb.extract.pipeline import ExtractedStatement, extract_all

PUBLISHED = date(2021, 3, 12)  # a Friday


def statements(text: str, kind: str = "text") -> list[ExtractedStatement]:
    document = document_from_text("t.txt", text, kind, Metadata("Wire", None, PUBLISHED))
    return next(extract_all([document])).statements


def triples(text: str) -> set[tuple[str, str, str]]:
    return {(s.actor, s.stance, s.target) for s in statements(text)}


def test_indirect_speech_with_title_and_country() -> None:
    found = statements("German Chancellor Angela Merkel said on Tuesday that Germany is "
                       "ready to support Ukraine.")
    assert [(s.actor, s.actor_org, s.stance, s.target) for s in found] == [
        ("Angela Merkel", "Germany", "support", "Ukraine")]
    assert found[0].stated_on == date(2021, 3, 9)


def test_direct_quote_with_pronoun_speaker() -> None:
    text = ("French President Emmanuel Macron spoke in Paris.\n\n"
            "“We will fight the Islamic State until it is defeated,” he said.")
    assert triples(text) == {("Emmanuel Macron", "oppose", "Islamic State")}


def test_according_to_and_acronyms() -> None:
    text = ("The North Atlantic Treaty Organization (NATO) met in Brussels.\n\n"
            "According to Canadian Defence Minister Anita Anand, NATO must help Ukraine.")
    assert ("Anita Anand", "support", "Ukraine") in triples(text)


def test_negation_flips_the_stance() -> None:
    assert triples("Canadian Prime Minister Jane Doe said Canada will not support Venezuela.") == {
        ("Jane Doe", "oppose", "Venezuela")}


def test_third_party_action_is_not_the_speakers_view() -> None:
    text = "Senator John Roe said Iran is helping Hezbollah."
    found = triples(text)
    assert ("John Roe", "support", "Hezbollah") not in found
    assert ("John Roe", "oppose", "Iran") not in found


def test_hostile_agent_is_opposed_and_conditions_are_marked() -> None:
    text = ("“Turkey is bombing our villages,” said Kurdish commander Ali Veli. "
            "Italian Foreign Minister Maria Rossi said Italy is ready to help Greece if asked.")
    found = {(s.actor, s.stance, s.target): s for s in statements(text)}
    assert ("Ali Veli", "oppose", "Turkey") in found
    assert found[("Maria Rossi", "support", "Greece")].modality == "conditional"


def test_headline_report() -> None:
    found = statements("China offers Pakistan loans against debt crisis\n\n"
                       "The offer came on Monday.")
    assert ("China", "support", "Pakistan") in {(s.actor, s.stance, s.target) for s in found}


def test_evidence_offsets_index_the_file_text() -> None:
    text = ("<html><body><p>Listen Live</p><h1>Talks</h1>"
            "<p>Swedish Prime Minister Anna Berg said Sweden will back Finland.</p>"
            "</body></html>")
    found = statements(text, "html")
    assert found
    for statement in found:
        assert text[statement.evidence_start:statement.evidence_end] == statement.evidence
        assert "<" not in statement.evidence


@pytest.mark.parametrize(("phrase", "expected"), [
    ("Saturday", date(2021, 3, 6)),
    ("Friday", date(2021, 3, 12)),
    ("yesterday", date(2021, 3, 11)),
    ("March 3", date(2021, 3, 3)),
    ("in March", None),
    ("last week", date(2021, 3, 5)),
])
def test_dates_resolve_against_publication(phrase: str, expected: date | None) -> None:
    assert resolve(phrase, PUBLISHED) == expected
