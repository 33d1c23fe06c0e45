"""The event store contract (tests/contract.py), once per database: each subclass says only
how to make a fresh database. PostgreSQL's skip (a failure when CI=true) comes from the
`postgres_url` fixture (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.contract import EventStoreContract


class TestSQLiteEventStore(EventStoreContract):
    @pytest.fixture
    def url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'stances.sqlite'}"


class TestPostgreSQLEventStore(EventStoreContract):
    @pytest.fixture
    def url(self, postgres_url: str) -> str:
        return postgres_url
