"""The fast serialisations of events equal the generic ones they stand in for: a changed byte
would change every hash and idempotency key in existing logs."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from stancedb.model.events import (
    _ID_NAMESPACE,
    AttributedQuote,
    DocumentAttributed,
    Evidence,
    Provenance,
    StatementRecorded,
    canonical_json,
    chain_hash,
    decode,
    digest,
    stable_id,
)

texts = st.text(max_size=20)
optional_texts = st.none() | texts
scores = st.floats(-1.0, 1.0) | st.sampled_from([1, 0, -1])
offsets = st.none() | st.integers(0, 2**31 - 1)

statements = st.builds(
    StatementRecorded,
    statement_id=texts, actor=texts, target=texts,
    stance=st.sampled_from(["support", "oppose", "neutral"]), score=scores,
    stated_on=st.dates(date(1, 1, 1), date(9999, 12, 31)), source=texts,
    provenance=st.builds(Provenance, agent=texts, version=texts,
                         confidence=st.floats(0.0, 1.0), origin=optional_texts),
    actor_org=optional_texts, target_kind=texts,
    modality=st.sampled_from(["asserted", "conditional", "reported", "denied"]),
    document=optional_texts, url=optional_texts,
    evidence=st.none() | st.builds(Evidence, text=texts, start=offsets, end=offsets),
    quote_id=optional_texts,
)


def reference_json(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@given(statements)
def test_statement_payload_json_is_the_canonical_json_of_its_payload(
        data: StatementRecorded) -> None:
    assert data.payload_json() == canonical_json(data.to_payload())
    assert canonical_json(data.to_payload()) == reference_json(data.to_payload())


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | texts,
                    lambda inner: st.lists(inner) | st.dictionaries(texts, inner)))
def test_canonical_json_is_sorted_compact_json(value: object) -> None:
    assert canonical_json(value) == reference_json(value)


@given(st.text())
def test_stable_id_is_a_version_5_uuid_in_the_stancedb_namespace(key: str) -> None:
    assert stable_id(key) == str(uuid.uuid5(_ID_NAMESPACE, key))


@given(st.tuples(st.integers(1, 2**62), texts, texts, st.integers(1, 9), texts, texts,
                 optional_texts, texts), texts)
def test_chain_hash_covers_the_envelope_as_a_json_list(envelope: tuple[object, ...],
                                                       payload: str) -> None:
    previous = "0" * 64
    expected = digest(previous + json.dumps(list(envelope), ensure_ascii=False,
                                            separators=(",", ":")) + payload)
    assert chain_hash(previous, envelope, payload) == expected


# Bytes written by stancedb before statements carried quote_id (commit 0a8a0eb): a
# statement without a quote must serialise to exactly these, or every hash and key of an
# existing log would change.
GOLDEN = [
    (StatementRecorded(
        statement_id="3f2a9c1e-0000-5000-8000-000000000001", actor="Ana Costa",
        target="Argentina", stance="support", score=0.8, stated_on=date(2021, 3, 8),
        source="Wire", provenance=Provenance("stancedb.extract", "1.0", 0.8, "a.txt"),
        actor_org="Brazil", modality="reported", document="a.txt", url=None,
        evidence=Evidence("Brazil is ready to support “Argentina”.", 10, 52)),
     '{"actor":"Ana Costa","actor_org":"Brazil","document":"a.txt","evidence":{"end":52,'
     '"start":10,"text":"Brazil is ready to support “Argentina”."},"modality":"reported",'
     '"provenance":{"agent":"stancedb.extract","confidence":0.8,"origin":"a.txt",'
     '"version":"1.0"},"score":0.8,"source":"Wire","stance":"support",'
     '"stated_on":"2021-03-08","statement_id":"3f2a9c1e-0000-5000-8000-000000000001",'
     '"target":"Argentina","target_kind":"entity","url":null}'),
    (StatementRecorded(
        statement_id="x", actor="A", target="B", stance="oppose", score=-1.0,
        stated_on=date(2015, 10, 24), source="S", provenance=Provenance("csv")),
     '{"actor":"A","actor_org":null,"document":null,"evidence":null,"modality":"asserted",'
     '"provenance":{"agent":"csv","confidence":1.0,"origin":null,"version":""},"score":-1.0,'
     '"source":"S","stance":"oppose","stated_on":"2015-10-24","statement_id":"x",'
     '"target":"B","target_kind":"entity","url":null}'),
]


def test_statements_without_a_quote_keep_the_bytes_they_had() -> None:
    for data, before in GOLDEN:
        assert data.payload_json() == before
        assert canonical_json(data.to_payload()) == before
        # and an old payload (no quote_id key) decodes to the same statement
        assert decode(StatementRecorded.TYPE, 1, json.loads(before)) == data


def test_a_statement_with_a_quote_names_it_in_sorted_place() -> None:
    data, before = GOLDEN[1]
    quoted = dataclasses.replace(data, quote_id="q-1")
    assert quoted.payload_json() == before.replace(
        '"version":""},"score"', '"version":""},"quote_id":"q-1","score"')
    assert decode(StatementRecorded.TYPE, 1, json.loads(quoted.payload_json())) == quoted


quotes = st.builds(
    AttributedQuote, quote_id=texts, speaker=texts, speaker_start=st.integers(0, 99),
    speaker_end=st.integers(0, 2**31 - 1), content=texts, content_start=st.integers(0, 99),
    content_end=st.integers(0, 99), speaker_org=optional_texts, cue=optional_texts,
    cue_start=offsets, cue_end=offsets, stated_on=st.none() | st.dates(),
    kind=st.sampled_from(["quote", "indirect", "according", "transcript"]),
    confidence=st.floats(0.0, 1.0))


@given(st.builds(DocumentAttributed, document_id=texts, document=texts,
                 quotes=st.lists(quotes, max_size=3).map(tuple),
                 provenance=st.builds(Provenance, agent=texts, version=texts),
                 source=optional_texts, url=optional_texts))
def test_attributions_round_trip_through_their_payload(data: DocumentAttributed) -> None:
    payload = json.loads(data.payload_json())
    assert decode(DocumentAttributed.TYPE, 1, payload) == data
    assert data.occurred_on == min((q.stated_on for q in data.quotes if q.stated_on),
                                   default=None)
