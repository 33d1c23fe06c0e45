"""The one exception hierarchy of stancedb. The CLI maps these to exit codes (cli.EXIT_CODE_OF)
and the REST API to HTTP problems (api.problems.STATUS_OF), each in one table;
nothing below the edges prints or exits.

    StanceDBError
    ├── ConfigError            a setting or database URL is unusable
    ├── InvalidEventError      an event or payload breaks the event model
    ├── NotFoundError          a statement or entity that does not exist
    ├── ConflictError          an idempotency key reused for a different request
    ├── InputError             a file or row that cannot be read (carries file:line)
    ├── ReadOnlyError          a write attempted through the read-only SQL door
    ├── QueryTimeoutError      a read-only query stopped at its time limit
    └── IntegrityError         the log or a projection fails verification
"""

from __future__ import annotations


class StanceDBError(Exception):
    """Base of every error stancedb raises on purpose."""


class ConfigError(StanceDBError):
    pass


class InvalidEventError(StanceDBError):
    pass


class NotFoundError(StanceDBError):
    pass


class ConflictError(StanceDBError):
    """A request reused the idempotency key of an earlier, different request: nothing was
    written (a retry must repeat its request exactly; a new request needs a new key)."""


class InputError(StanceDBError):
    """A problem with input, located as `file:line: reason` when the line is known."""

    def __init__(self, reason: str, file: str | None = None, line: int | None = None) -> None:
        self.reason = reason
        self.file = file
        self.line = line
        super().__init__(self.located())

    def located(self) -> str:
        if self.file is None:
            return self.reason
        if self.line is None:
            return f"{self.file}: {self.reason}"
        return f"{self.file}:{self.line}: {self.reason}"


class ReadOnlyError(StanceDBError):
    pass


class QueryTimeoutError(StanceDBError):
    """A read-only query stopped at its time limit, or at its limit for waiting on a lock."""

    def __init__(self, seconds: float, *, waiting_for_lock: bool = False) -> None:
        self.seconds = seconds
        super().__init__(f"query stopped after waiting {seconds:g} s for a lock"
                         if waiting_for_lock else
                         f"query stopped after {seconds:g} s (its time limit)")


class IntegrityError(StanceDBError):
    pass
