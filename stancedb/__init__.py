"""stancedb: an event-sourced database of reported stances.

The public surface is what `__all__` names; everything else is internal.
"""

from stancedb._version import __version__
from stancedb.database import StanceDB
from stancedb.errors import (
    ConfigError,
    ConflictError,
    InputError,
    IntegrityError,
    InvalidEventError,
    NotFoundError,
    QueryTimeoutError,
    ReadOnlyError,
    StanceDBError,
)

__all__ = [
    "ConfigError",
    "ConflictError",
    "InputError",
    "IntegrityError",
    "InvalidEventError",
    "NotFoundError",
    "QueryTimeoutError",
    "ReadOnlyError",
    "StanceDB",
    "StanceDBError",
    "__version__",
]
