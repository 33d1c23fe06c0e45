"""The entity name graph, kept between write transactions on the same connection.

Loading the graph reads every alias and merge link, so a batch that loaded it afresh cost as
much as the links stored, and a chain of n aliases appended one at a time cost n^2. The
graph a batch leaves behind is kept in the connection's `info` (which stays with the database
connection in the pool), tagged with the last event it reflects. The next batch takes it
only if the entities projection's checkpoint is still that event (position and hash), which
rules out a batch rolled back, another writer, and a rebuild in between. A batch takes the
graph out while it changes it, so a failure half-way leaves nothing behind.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from stancedb.model.entities import NameGraph
from stancedb.model.events import GENESIS_HASH, RecordedEvent
from stancedb.storage.schema import checkpoints, entity_links, events

KEY = "stancedb.name_graph"
PROJECTION = "entities"  # the checkpoint of the projection that holds the links

Applied = tuple[int, str]  # (position, hash) of the last event applied


def take(conn: Connection) -> NameGraph:
    """The graph kept by the batch before, if it is still current; else loaded."""
    kept: tuple[Applied, NameGraph] | None = conn.info.pop(KEY, None)
    if kept is not None and kept[0] == _applied(conn):
        return kept[1]
    links = conn.execute(sa.select(entity_links.c.name, entity_links.c.parent))
    return NameGraph({row.name: row.parent for row in links})


def keep(conn: Connection, graph: NameGraph, last: RecordedEvent) -> None:
    """Keep the graph as it is once `last` is applied (call when the batch is applied)."""
    conn.info[KEY] = ((last.position, last.hash), graph)


def _applied(conn: Connection) -> Applied:
    position = conn.scalar(sa.select(checkpoints.c.position)
                           .where(checkpoints.c.name == PROJECTION)) or 0
    if not position:
        return 0, GENESIS_HASH
    found = conn.scalar(sa.select(events.c.hash).where(events.c.position == position))
    return position, found or ""
