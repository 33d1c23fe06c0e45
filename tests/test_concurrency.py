"""Several writers at once and a follower polling "events after position P": the follower
never skips an event that commits later with a lower position, and sees none twice (on
SQLite and on PostgreSQL)."""

from __future__ import annotations

import threading
import time

from stancedb import StanceDB
from tests.factories import statement

WRITERS = 4
BATCHES = 12
PER_BATCH = 25


def test_concurrent_writers_and_a_polling_follower(backend_url: str) -> None:
    StanceDB(backend_url).close()  # migrated once, before the race
    writers_done = threading.Event()
    seen: list[int] = []
    failures: list[BaseException] = []

    def follow() -> None:
        with StanceDB(backend_url) as db:
            after = 0
            while True:
                finished = writers_done.is_set()  # read before the poll: the last one is full
                page = list(db.log(after=after, limit=100))
                seen.extend(event.position for event in page)
                after = page[-1].position if page else after
                if finished and not page:
                    return
                time.sleep(0.002)

    def write(writer: int) -> None:
        try:
            with StanceDB(backend_url) as db:
                for batch in range(BATCHES):
                    db.append([statement(n, target=f"T{writer}",
                                         key=f"writer{writer}:batch{batch}:{n}")
                               for n in range(PER_BATCH)])
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    follower = threading.Thread(target=follow)
    follower.start()
    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    writers_done.set()
    follower.join(timeout=120)

    assert not failures, failures
    total = WRITERS * BATCHES * PER_BATCH
    assert seen == list(range(1, total + 1))  # every event once, in order, no gap
    with StanceDB(backend_url) as db:
        assert len(db.statements()) == total
        assert db.verify().ok


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
