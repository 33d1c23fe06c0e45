"""The REST API over FastAPI's TestClient, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from stancedb import InvalidEventError, StanceDB
from stancedb.api import create_app
from stancedb.api.server import MAX_HEADER_BYTES
from stancedb.cli import app as cli
from stancedb.model.names import MAX_NAME_CHARS
from tests.factories import statement

TOKEN = "test-token"
WRITER = {"Authorization": f"Bearer {TOKEN}"}
BODY = {"actor": "Jane Doe", "target": "NATO", "stance": "support",
        "stated_on": "2024-01-02", "source": "Wire"}


@pytest.fixture
def client(db: StanceDB) -> Iterator[TestClient]:
    with TestClient(create_app(db, token=TOKEN)) as test_client:
        yield test_client


def test_openapi_and_health(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/v1/statements", "/v1/positions", "/v1/events", "/v1/documents"} <= set(
        spec["paths"])
    assert client.get("/v1/health").json() == {"status": "ok", "events": 0, "writable": True}


def test_writes_need_the_token(client: TestClient) -> None:
    assert client.post("/v1/statements", json=BODY).status_code == 401
    wrong = client.post("/v1/statements", json=BODY, headers={"Authorization": "Bearer x"})
    assert wrong.status_code == 401
    assert wrong.headers["content-type"] == "application/problem+json"
    created = client.post("/v1/statements", json=BODY, headers=WRITER)
    assert created.status_code == 201 and created.json()["created"] is True
    days = client.get("/v1/positions", params={"target": "NATO"}).json()
    assert [(d["actor"], d["position"]) for d in days] == [("Jane Doe", 1.0)]


def test_without_a_token_the_server_is_read_only(db: StanceDB,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STANCEDB_API_TOKEN", raising=False)
    with TestClient(create_app(db)) as read_only:
        answer = read_only.post("/v1/statements", json=BODY, headers=WRITER)
        assert answer.status_code == 403 and "read-only" in answer.json()["detail"]
        assert read_only.get("/v1/health").json()["writable"] is False


def test_idempotency_key_makes_retries_safe(client: TestClient) -> None:
    headers = {**WRITER, "Idempotency-Key": "retry-1"}
    first = client.post("/v1/statements", json=BODY, headers=headers)
    again = client.post("/v1/statements", json=BODY, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == {"statement_id": first.json()["statement_id"], "created": False}
    assert len(client.get("/v1/statements").json()["items"]) == 1


def test_reused_idempotency_key_with_another_body_is_refused(client: TestClient) -> None:
    headers = {**WRITER, "Idempotency-Key": "retry-1"}
    sid = client.post("/v1/statements", json=BODY, headers=headers).json()["statement_id"]
    other = {**BODY, "source": "Other"}
    events = client.get("/v1/health").json()["events"]

    refused = client.post("/v1/statements", json=other, headers=headers)
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    assert "'api:retry-1' was first used for a different request" in refused.json()["detail"]
    # a correction: the same key and body is a retry; another body, or the same body for
    # another statement, is refused
    second = client.post("/v1/statements", json=other, headers=WRITER).json()["statement_id"]
    fix = {**WRITER, "Idempotency-Key": "fix-1"}
    change = {"stance": "oppose", "reason": "misread"}
    assert client.post(f"/v1/statements/{sid}/correct", json=change,
                       headers=fix).json()["created"] is True
    assert client.post(f"/v1/statements/{sid}/correct", json=change,
                       headers=fix).json()["created"] is False
    for path, body in ((sid, {**change, "reason": "another"}), (second, change)):
        answer = client.post(f"/v1/statements/{path}/correct", json=body, headers=fix)
        assert answer.status_code == 409, body
    # aliases and merges
    name = {**WRITER, "Idempotency-Key": "name-1"}
    alias = {"alias": "J. Doe", "canonical": "Jane Doe"}
    assert client.post("/v1/entities/aliases", json=alias, headers=name).status_code == 201
    assert client.post("/v1/entities/aliases", json=alias, headers=name).json() == {
        "appended": 0}
    assert client.post("/v1/entities/aliases", json={**alias, "canonical": "John Doe"},
                       headers=name).status_code == 409
    assert client.post("/v1/entities/merge", json={"source": "J. Doe", "into": "Jane Doe"},
                       headers=name).status_code == 201  # keys of each kind of request
    # what was refused left nothing behind
    assert client.get("/v1/health").json()["events"] == events + 4
    assert client.get(f"/v1/statements/{sid}").json()["current"]["source"] == "Wire"


def test_realias_to_an_earlier_name_is_recorded(client: TestClient) -> None:
    for canonical in ("B", "C", "B"):
        answer = client.post("/v1/entities/aliases", json={"alias": "A", "canonical":
                                                           canonical}, headers=WRITER)
        assert answer.status_code == 201 and answer.json() == {"appended": 1}
    assert {"name": "A", "canonical": "B"} in client.get("/v1/entities").json()
    for into in ("M", "N", "M"):
        answer = client.post("/v1/entities/merge", json={"source": "L", "into": into},
                             headers=WRITER)
        assert answer.json() == {"appended": 1}
    assert {"name": "L", "canonical": "M"} in client.get("/v1/entities").json()


def test_a_retried_alias_without_a_key_changes_nothing(client: TestClient) -> None:
    # The same request again right after is the state it asks for: nothing to append.
    body = {"alias": "A", "canonical": "B", "confidence": 0.5}
    assert client.post("/v1/entities/aliases", json=body, headers=WRITER).status_code == 201
    again = client.post("/v1/entities/aliases", json=body, headers=WRITER)
    assert again.status_code == 200 and again.json() == {"appended": 0}
    # ... but another confidence, or a merge where an alias was, is another request
    for path, other in (("aliases", {**body, "confidence": 0.9}),
                        ("merge", {"source": "A", "into": "B"})):
        answer = client.post(f"/v1/entities/{path}", json=other, headers=WRITER)
        assert answer.json() == {"appended": 1}, other
    assert client.post("/v1/entities/merge", json={"source": "A", "into": "B"},
                       headers=WRITER).json() == {"appended": 0}


def test_names_with_arrow_do_not_collide(client: TestClient) -> None:
    # Keys were once made of the names joined by "->": these two aliases had one key.
    for alias, canonical in (("A->B", "C"), ("A", "B->C")):
        answer = client.post("/v1/entities/aliases", json={"alias": alias,
                                                           "canonical": canonical},
                             headers=WRITER)
        assert answer.json() == {"appended": 1}
    for source, into in (("X->Y", "Z"), ("X", "Y->Z")):
        answer = client.post("/v1/entities/merge", json={"source": source, "into": into},
                             headers=WRITER)
        assert answer.json() == {"appended": 1}
    names = {(e["name"], e["canonical"]) for e in client.get("/v1/entities").json()}
    assert {("A->B", "C"), ("A", "B->C"), ("X->Y", "Z"), ("X", "Y->Z")} <= names


BAD_NAMES = [("", "is empty"), ("   ", "is empty"),
             ("x" * 5_000, "is 5,000 characters long (at most 1,000)"),
             ("Jane\x00Doe", "contains a NUL character"),
             ("Jane\nDoe", "contains a control character (U+000A)"),
             ("Jane\x1bDoe", "contains a control character (U+001B)"),
             ("Jane\x85Doe", "contains a control character (U+0085)"),
             ("Jane\u2028Doe", "contains a control character (U+2028)")]


@pytest.mark.parametrize(("name", "reason"), BAD_NAMES)
def test_nul_in_names_is_refused_on_both_databases(client: TestClient, db: StanceDB,
                                                     name: str, reason: str) -> None:
    # NUL was stored on SQLite and a 500 on PostgreSQL; every name input refuses it, and
    # the other faults of a name, with the same reason.
    sid = client.post("/v1/statements", json=BODY, headers=WRITER).json()["statement_id"]
    head = client.get("/v1/health").json()["events"]
    writes = [
        ("/v1/entities/aliases", {"alias": name, "canonical": "B"}, "alias"),
        ("/v1/entities/aliases", {"alias": "A", "canonical": name}, "canonical name"),
        ("/v1/entities/merge", {"source": name, "into": "B"}, "source entity"),
        ("/v1/entities/merge", {"source": "A", "into": name}, "target entity"),
        ("/v1/statements", {**BODY, "actor": name}, "actor"),
        ("/v1/statements", {**BODY, "target": name}, "target"),
        ("/v1/statements", {**BODY, "actor_org": name}, "actor_org"),
        (f"/v1/statements/{sid}/correct", {"reason": "r", "actor": name}, "actor"),
        (f"/v1/statements/{sid}/correct", {"reason": "r", "target": name}, "target"),
    ]
    for path, body, what in writes:
        answer = client.post(path, json=body, headers=WRITER)
        if what == "actor_org" and not name.strip():
            continue  # no organisation: a statement without one
        assert answer.status_code == 422, (path, body)
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["detail"] == f"{what} {reason}", path
    for person, org in ((name, "Russia"), ("Sergey Lavrov", name)):
        with pytest.raises(InvalidEventError, match=re.escape(reason)):
            db.role(person, org)
    # (a blank organisation is none: that statement is the first one again)
    assert client.get("/v1/health").json()["events"] == head
    assert db.verify().ok


def test_cli_and_api_apply_the_same_name_rules(client: TestClient, backend_url: str) -> None:
    runner = CliRunner()
    for name, reason in BAD_NAMES:
        for command, body, what in (
                (["alias", name, "B"], ("aliases", {"alias": name, "canonical": "B"}),
                 "alias"),
                (["alias", "A", name], ("aliases", {"alias": "A", "canonical": name}),
                 "canonical name"),
                (["merge", name, "B"], ("merge", {"source": name, "into": "B"}),
                 "source entity")):
            said = runner.invoke(cli, ["--db", backend_url, *command])
            answer = client.post(f"/v1/entities/{body[0]}", json=body[1], headers=WRITER)
            assert said.exit_code == 2 and answer.status_code == 422, (command, said.output)
            assert said.output.strip() == f"error: {answer.json()['detail']}"
            assert answer.json()["detail"] == f"{what} {reason}"
    # names at the limit pass through both doors alike
    longest = "y" * MAX_NAME_CHARS
    assert runner.invoke(cli, ["--db", backend_url, "alias", longest, "B"]).exit_code == 0
    assert client.post("/v1/entities/aliases", json={"alias": "z" * MAX_NAME_CHARS,
                                                     "canonical": "B"},
                       headers=WRITER).status_code == 201
    assert client.get("/v1/health").json()["events"] == 2


def test_bad_requests_are_problems(client: TestClient) -> None:
    broken = client.post("/v1/statements", content=b"{not json",
                         headers={**WRITER, "content-type": "application/json"})
    assert broken.status_code == 422
    assert broken.headers["content-type"] == "application/problem+json"
    assert broken.json()["detail"]
    wrong = client.post("/v1/statements", json={**BODY, "stance": "maybe"}, headers=WRITER)
    assert wrong.status_code == 422 and "stance" in wrong.json()["detail"]
    contradiction = client.post("/v1/statements", json={**BODY, "score": -0.5}, headers=WRITER)
    assert contradiction.status_code == 422
    assert contradiction.json()["detail"] == "score -0.5 contradicts stance 'support'"
    assert client.get("/v1/statements/none").status_code == 404
    huge = client.post("/v1/documents", content=b"x" * 11_000_000,
                       headers={**WRITER, "content-type": "application/json"})
    assert huge.status_code == 413

    def streamed() -> Iterator[bytes]:  # no Content-Length: the limit counts what arrives
        for _ in range(11):
            yield b"x" * 1_000_000

    chunked = client.post("/v1/documents", content=streamed(),
                          headers={**WRITER, "content-type": "application/json"})
    assert chunked.status_code == 413
    assert chunked.headers["content-type"] == "application/problem+json"


def test_pages_history_retract_and_correct(client: TestClient) -> None:
    for number in range(5):
        client.post("/v1/statements", json={**BODY, "target": f"T{number}"}, headers=WRITER)
    page = client.get("/v1/statements", params={"limit": 3}).json()
    rest = client.get("/v1/statements", params={"after": page["next_after"]}).json()
    assert len(page["items"]) == 3 and len(rest["items"]) == 2 and rest["next_after"] is None
    sid = page["items"][0]["statement_id"]
    fixed = client.post(f"/v1/statements/{sid}/correct",
                        json={"stance": "oppose", "reason": "misread"}, headers=WRITER)
    assert fixed.status_code == 200
    gone = client.post(f"/v1/statements/{sid}/retract", json={"reason": "wrong"},
                       headers=WRITER)
    assert gone.status_code == 200
    detail = client.get(f"/v1/statements/{sid}").json()
    assert detail["current"] is None
    assert [e["type"] for e in detail["history"]] == [
        "statement.recorded", "statement.corrected", "statement.retracted"]


def test_events_feed_documents_entities_and_charts(client: TestClient) -> None:
    article = {"name": "a.txt", "published": "2024-01-03", "source": "Wire",
               "text": "Canadian Prime Minister Jane Doe said Canada will support Ukraine."}
    found = client.post("/v1/documents", json=article, headers=WRITER)
    assert found.status_code == 201
    assert [(s["actor"], s["stance"], s["target"]) for s in found.json()] == [
        ("Jane Doe", "support", "Ukraine")]
    events = client.get("/v1/events", params={"after": 0, "limit": 2}).json()
    later = client.get("/v1/events", params={"after": events[-1]["position"]}).json()
    positions = [e["position"] for e in events + later]
    assert positions == list(range(1, len(positions) + 1))
    alias = client.post("/v1/entities/aliases", json={"alias": "J. Doe", "canonical":
                                                      "Jane Doe"}, headers=WRITER)
    assert alias.status_code == 201
    assert {"name": "J. Doe", "canonical": "Jane Doe"} in client.get("/v1/entities").json()
    png = client.get("/v1/charts/position.png", params={"target": "Ukraine"})
    assert png.status_code == 200 and png.content[:4] == b"\x89PNG"
    svg = client.get("/v1/charts/position.svg", params={"target": "Ukraine"})
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert client.get("/v1/charts/position.png", params={"target": "Nobody"}).status_code \
        == 404
    assert client.get("/v1/network", params={"kind": "conflict"}).json() == []


def _serve(tmp_path: Path, *options: str) -> tuple[subprocess.Popen[bytes], str]:
    """`stancedb serve` started as a user starts it, on a free port, with the write token:
    the process and its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    script = Path(sys.executable).parent / "stancedb"
    server = subprocess.Popen(
        [str(script), "--db", f"sqlite:///{tmp_path / 'served.sqlite'}", "serve", "--port",
         str(port), *options],
        env={**os.environ, "STANCEDB_API_TOKEN": TOKEN}, stderr=subprocess.PIPE)
    return server, f"http://127.0.0.1:{port}"


def test_stancedb_serve_answers_over_http(tmp_path: Path) -> None:
    """The real server process, as a user starts it: reads, a token-guarded write that
    shows in the positions, and a problem response to malformed JSON."""
    server, base = _serve(tmp_path, "--workers", "2")
    try:
        _wait_until_up(f"{base}/v1/health")
        assert "/v1/positions" in httpx.get(f"{base}/openapi.json").json()["paths"]
        assert httpx.get(f"{base}/v1/statements").json()["items"] == []
        assert httpx.post(f"{base}/v1/statements", json=BODY).status_code == 401
        assert httpx.post(f"{base}/v1/statements", json=BODY,
                          headers=WRITER).status_code == 201
        days = httpx.get(f"{base}/v1/positions",
                         params={"actor": "Jane Doe", "target": "NATO"}).json()
        assert [d["position"] for d in days] == [1.0]
        broken = httpx.post(f"{base}/v1/statements", content=b"{not json",
                            headers={**WRITER, "content-type": "application/json"})
        assert broken.status_code == 422
        assert broken.headers["content-type"] == "application/problem+json"
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert b"read-write" in errors  # the server says how it runs


def test_oversized_header_is_refused(tmp_path: Path) -> None:
    """`stancedb serve` stops reading a request whose headers pass MAX_HEADER_BYTES: it is
    answered 400 and disconnected before the app (or the token check) sees it. Headers
    under the limit, and bodies far over it, are served."""
    server, base = _serve(tmp_path)
    port = int(base.rsplit(":", 1)[1])
    try:
        _wait_until_up(f"{base}/v1/health")
        big = {"X-Padding": "a" * (MAX_HEADER_BYTES // 2)}
        assert httpx.get(f"{base}/v1/health", headers=big).status_code == 200
        long_body = {**BODY, "evidence": "e" * 90_000}  # a body beyond the header limit
        assert httpx.post(f"{base}/v1/statements", json=long_body,
                          headers=WRITER).status_code == 201
        header = b"POST /v1/statements HTTP/1.1\r\nHost: x\r\nX-Padding: "
        line = b"GET /v1/health?"
        for start in (header, line):  # an oversized header, an oversized request line
            # One byte over: the server has read all of it when it answers, so it closes
            # the connection cleanly and the answer can be read.
            with socket.create_connection(("127.0.0.1", port), timeout=60) as raw:
                raw.sendall(start.ljust(MAX_HEADER_BYTES + 1, b"a"))  # headers never end
                answer = _read_until_closed(raw)
            assert answer.startswith(b"HTTP/1.1 400 "), answer[:100]
        with (socket.create_connection(("127.0.0.1", port), timeout=60) as raw,
              pytest.raises(OSError)):
            raw.sendall(header)
            for _ in range(100):  # 100 MB of header: the server stops reading long before
                raw.sendall(b"a" * 1_000_000)
        assert httpx.get(f"{base}/v1/health").json()["events"] == 1  # still serving
    finally:
        server.terminate()
        server.communicate(timeout=30)


def _read_until_closed(connection: socket.socket) -> bytes:
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    return received


def _wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def test_events_long_poll_returns_when_an_event_arrives(client: TestClient,
                                                         db: StanceDB) -> None:
    head = client.get("/v1/health").json()["events"]
    began = time.monotonic()
    assert client.get("/v1/events", params={"after": head, "wait": 0.3}).json() == []
    assert time.monotonic() - began >= 0.3

    def append_soon() -> None:
        time.sleep(0.3)
        db.append([statement(99, key="long-poll")])

    writer = threading.Thread(target=append_soon)
    writer.start()
    began = time.monotonic()
    arrived = client.get("/v1/events", params={"after": head, "wait": 20}).json()
    writer.join()
    assert [e["position"] for e in arrived] == [head + 1]
    assert time.monotonic() - began < 10
    assert client.get("/v1/events", params={"wait": 31}).status_code == 422
