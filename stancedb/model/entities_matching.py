"""Spelling variants of person names across documents: transliterations ("Sergei" and
"Sergey Lavrov"), typos ("Vladmir Putin"), particles ("Bashar Assad" and "Bashar al-Assad")
and middle initials ("John F. Kerry"). A variant is aliased to the name seen first."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from rapidfuzz import fuzz

from stancedb.model.entities import surname

FIRST_NAME_SIMILARITY = 80  # rapidfuzz ratio, 0-100


def _parts(name: str) -> tuple[str, str] | None:
    words = [w for w in name.replace(".", ". ").split() if not re.fullmatch(r"[A-Z]\.", w)]
    if len(words) < 2:
        return None
    return words[0].lower(), surname(words[-1]).lower()


def variant_aliases(names: Iterable[str], existing: Mapping[str, str]
                    ) -> Iterator[tuple[str, str, float]]:
    """(variant, canonical, confidence) for each new name that spells a known person."""
    by_surname: dict[str, list[str]] = {}
    for known in existing:
        parts = _parts(known)
        if parts:
            by_surname.setdefault(parts[1], []).append(known)
    for name in names:
        parts = _parts(name)
        if parts is None or name in existing:
            continue
        best: tuple[float, str] | None = None
        for known in by_surname.get(parts[1], []):
            known_parts = _parts(known)
            assert known_parts is not None
            score = fuzz.ratio(parts[0], known_parts[0])
            if score >= FIRST_NAME_SIMILARITY and (best is None or score > best[0]):
                best = (score, existing[known])
        if best is not None and best[1] != name:
            yield name, best[1], round(best[0] / 100, 2)
