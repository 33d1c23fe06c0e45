"""Schemathesis against the app's own /openapi.json: no generated request may get a 5xx.
Writes are made with the token, so the write paths are exercised too. (Each operation's
cases are drawn with Hypothesis directly; the schemathesis pytest plugin is not used.)"""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from stancedb import StanceDB
from stancedb.api import create_app
from tests.factories import statement

TOKEN = "schema-token"
EXAMPLES = 40


def test_no_generated_request_gets_a_server_error(tmp_path: Path) -> None:
    with StanceDB(f"sqlite:///{tmp_path / 'api.sqlite'}") as db:
        db.append([statement(1), statement(2, target="ISIL", stance="oppose")])
        schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(db, token=TOKEN))
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 14
        for operation in operations:
            @given(case=operation.as_strategy())
            @settings(max_examples=EXAMPLES, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
            def no_server_error(case: schemathesis.Case) -> None:
                _short_waits(case)
                case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"},
                                       checks=[not_a_server_error])

            no_server_error()


def _short_waits(case: schemathesis.Case) -> None:
    """A long poll (GET /v1/events?wait=S) on this idle database would wait S seconds."""
    query = case.query or {}
    if isinstance(query.get("wait"), (int, float)):
        query["wait"] = min(query["wait"], 0.01)
