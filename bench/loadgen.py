"""A small HTTP/1.1 load generator for the API benchmark: keep-alive connections on raw
asyncio streams (uvloop when present), so that the generator costs far less per request
than the server it measures, which shares the machine's cores with it.

Two modes, as in wrk and wrk2:
- closed loop: each connection sends its next request as soon as the previous answer is in;
  the result is the most the server can answer, and the latency of a saturated server;
- open loop (`rate`): requests are due on a fixed schedule spread over the connections, and
  latency counts from when a request was due, not when it was sent, so a stalled server
  cannot hide its queue (no coordinated omission).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from itertools import cycle


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(host: str, port: int, paths: list[str], connections: int, seconds: float,
        rate: float | None = None) -> Result:
    """Drive GET requests for `paths` (each connection cycles through them from its own
    starting point) for `seconds`; every answer must be 200."""
    try:
        import uvloop

        return uvloop.run(_drive(host, port, paths, connections, seconds, rate))
    except ImportError:
        return asyncio.run(_drive(host, port, paths, connections, seconds, rate))


async def _drive(host: str, port: int, paths: list[str], connections: int, seconds: float,
                 rate: float | None) -> Result:
    requests = [f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\n\r\n".encode()
                for path in paths]
    latencies: list[float] = []
    began = time.perf_counter()
    deadline = began + seconds

    async def connection(number: int) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        interval = connections / rate if rate else 0.0
        due = began + interval * number / connections
        order = cycle(requests[number % len(requests):] + requests[:number % len(requests)])
        try:
            while True:
                if rate:
                    if due >= deadline:
                        break
                    await asyncio.sleep(max(0.0, due - time.perf_counter()))
                    start = due
                    due += interval
                else:
                    start = time.perf_counter()
                    if start >= deadline:
                        break
                writer.write(next(order))
                await _read_answer(reader)
                latencies.append(time.perf_counter() - start)
        finally:
            writer.close()

    await asyncio.gather(*(connection(n) for n in range(connections)))
    return Result(len(latencies), time.perf_counter() - began, latencies)


async def _read_answer(reader: asyncio.StreamReader) -> None:
    head = await reader.readuntil(b"\r\n\r\n")
    status = head.split(b" ", 2)[1]
    if status != b"200":
        raise RuntimeError(f"the server answered {head.decode(errors='replace')!r}")
    length = 0
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
        elif name.strip().lower() == b"transfer-encoding":
            raise RuntimeError("chunked answers are not expected from these endpoints")
    await reader.readexactly(length)
