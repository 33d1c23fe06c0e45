"""The fast serialisations of events equal the generic ones they stand in for: a changed byte
would change every hash and idempotency key in existing logs."""

from __future__ import annotations

import json
import uuid
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from stancedb.events import (
    _ID_NAMESPACE,
    Evidence,
    Provenance,
    StatementRecorded,
    canonical_json,
    chain_hash,
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
