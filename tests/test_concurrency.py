"""A follower waiting for the next event wakes when an append commits (on SQLite and on
PostgreSQL). Concurrent writers with a polling follower are part of the store contract
(tests/contract.py)."""

from __future__ import annotations

import threading
import time

from stancedb import StanceDB
from tests.factories import statement


def test_a_waiting_follower_wakes_when_an_append_commits(backend_url: str) -> None:
    with StanceDB(backend_url) as db:
        db.append([statement(0)])
        assert db.wait_for_events(after=0, timeout=5)  # already there: at once
        began = time.monotonic()
        assert not db.wait_for_events(after=1, timeout=0.3)  # nothing comes
        assert time.monotonic() - began >= 0.3
        waiting = threading.Event()
        woke: list[float] = []

        def follow() -> None:
            waiting.set()
            if db.wait_for_events(after=1, timeout=20):
                woke.append(time.monotonic())

        follower = threading.Thread(target=follow)
        follower.start()
        assert waiting.wait(timeout=30)
        time.sleep(0.3)  # the follower is (most likely) inside its wait
        # Whenever the thread got there: it returns only once the append has committed, and
        # long before its timeout.
        with StanceDB(backend_url) as writer:
            appending = time.monotonic()
            writer.append([statement(1)])
        follower.join(timeout=30)
        assert woke and 0 < woke[0] - appending < 5
        assert [e.position for e in db.log(after=1)] == [2]
