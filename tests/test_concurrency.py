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
        woke: list[float] = []

        def follow() -> None:
            start = time.monotonic()
            if db.wait_for_events(after=1, timeout=20):
                woke.append(time.monotonic() - start)

        follower = threading.Thread(target=follow)
        follower.start()
        time.sleep(0.3)  # the follower is waiting
        with StanceDB(backend_url) as writer:
            writer.append([statement(1)])
        follower.join(timeout=30)
        assert woke and 0.25 < woke[0] < 5  # woken by the append, long before the timeout
        assert [e.position for e in db.log(after=1)] == [2]
