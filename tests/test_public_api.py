"""The public surface is exactly what `stancedb.__all__` names."""

from __future__ import annotations

import stancedb
from stancedb.errors import StanceDBError


def test_exported_names_are_exactly_the_intended_ones() -> None:
    assert sorted(stancedb.__all__) == [
        "ConfigError", "ConflictError", "InputError", "IntegrityError", "InvalidEventError",
        "NotFoundError", "QueryTimeoutError", "ReadOnlyError", "StanceDB", "StanceDBError",
        "__version__",
    ]
    for name in stancedb.__all__:
        assert hasattr(stancedb, name)


def test_every_error_is_a_stancedb_error() -> None:
    for name in stancedb.__all__:
        value = getattr(stancedb, name)
        if isinstance(value, type) and name.endswith("Error"):
            assert issubclass(value, StanceDBError)


def test_input_errors_say_where() -> None:
    error = stancedb.InputError("unknown stance 'maybe'", "a.csv", 7)
    assert str(error) == "a.csv:7: unknown stance 'maybe'"
