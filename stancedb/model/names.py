"""What stancedb accepts as an entity name, and as free text, at every door: the library
checks here, and the CLI, the REST API and statement files go through the library, so each
refuses the same input with the same reason.

A name (an actor, a target, an alias, a person, an organisation) is one line of text: at most
MAX_NAME_CHARS characters once the surrounding white space is trimmed, without control
characters (NUL, tabs, line breaks, the C1 controls, U+2028 and U+2029) and without unpaired
surrogates (which no database can store as UTF-8). Free text (a reason, a source) may span
lines, but holds no NUL (PostgreSQL cannot store one) and no unpaired surrogate either.
"""

from __future__ import annotations

import re

from stancedb.errors import InvalidEventError

# Statement files have always allowed names this long, so every stored name can still be
# aliased, merged or corrected.
MAX_NAME_CHARS = 1_000

_NOT_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NOT_IN_TEXT = re.compile("[\x00\ud800-\udfff]")


def name_fault(name: str) -> str | None:
    """Why `name` (already trimmed) cannot name an entity, or None when it can. The reason
    reads after the field's name: "alias " + "is 5,000 characters long (at most 1,000)"."""
    if not name:
        return "is empty"
    if len(name) > MAX_NAME_CHARS:
        return f"is {len(name):,} characters long (at most {MAX_NAME_CHARS:,})"
    found = _NOT_IN_NAMES.search(name)
    return None if found is None else _describe(found.group())


def checked_name(value: object, what: str) -> str:
    """`value` as a name, trimmed; InvalidEventError saying what is wrong with it otherwise."""
    if not isinstance(value, str):
        raise InvalidEventError(f"{what} must be text")
    name = value.strip()
    fault = name_fault(name)
    if fault is not None:
        raise InvalidEventError(f"{what} {fault}")
    return name


def checked_text(value: object, what: str) -> str:
    """`value` as non-empty free text, trimmed; InvalidEventError otherwise."""
    if not isinstance(value, str):
        raise InvalidEventError(f"{what} must be text")
    text = value.strip()
    if not text:
        raise InvalidEventError(f"{what} is empty")
    check_storable(text, what)
    return text


def check_storable(text: str | None, what: str) -> None:
    """Refuse text that no database can store (a NUL, an unpaired surrogate), as it is: a
    document's text is not trimmed, its offsets count from its first character."""
    found = None if text is None else _NOT_IN_TEXT.search(text)
    if found is not None:
        raise InvalidEventError(f"{what} {_describe(found.group())}")


def _describe(character: str) -> str:
    code = f"U+{ord(character):04X}"
    if character == "\x00":
        return "contains a NUL character"
    if "\ud800" <= character <= "\udfff":
        return f"contains an unpaired surrogate ({code})"
    return f"contains a control character ({code})"
