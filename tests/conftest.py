"""Fixtures. `backend_url` runs a test against SQLite and, when STANCEDB_TEST_POSTGRES_URL is
set, against PostgreSQL too (each test in its own schema, dropped afterwards). In CI
(CI=true) a missing or unreachable PostgreSQL fails the run instead of skipping."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from stancedb import StanceDB

POSTGRES_URL = os.environ.get("STANCEDB_TEST_POSTGRES_URL")
IN_CI = os.environ.get("CI") == "true"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The PostgreSQL server URL, or a skip (a failure in CI) when there is none."""
    if not POSTGRES_URL:
        if IN_CI:
            pytest.fail("CI requires PostgreSQL: set STANCEDB_TEST_POSTGRES_URL")
        pytest.skip("PostgreSQL not configured: set STANCEDB_TEST_POSTGRES_URL")
    engine = sa.create_engine(POSTGRES_URL)
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL at {POSTGRES_URL} is unreachable: {exc}")
        pytest.skip(f"PostgreSQL at {POSTGRES_URL} is unreachable")
    finally:
        engine.dispose()
    return POSTGRES_URL


@contextmanager
def postgres_schema(server_url: str) -> Iterator[str]:
    """A URL whose connections live in a fresh schema of their own, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = sa.make_url(server_url).update_query_dict(
        {"options": f"-csearch_path={schema}"}
    ).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    with postgres_schema(postgres_server) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'stances.sqlite'}"


@pytest.fixture(params=BACKENDS)
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'stances.sqlite'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def db(backend_url: str) -> Iterator[StanceDB]:
    database = StanceDB(backend_url)
    try:
        yield database
    finally:
        database.close()
