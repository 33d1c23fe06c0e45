"""Entity names: which surface forms name which canonical entity, and whom people speak for.

Pure, in-memory logic shared by the projections. Aliases and merges are both edges
`name -> parent` in one graph; a name resolves by following edges to a root (its canonical
name). The newest edge wins: re-aliasing a name moves it, and an edge that would close a
cycle makes its target the new root instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

_PARTICLE = re.compile(r"^(al|el|ad|as|an|ash|at|bin|ibn|abu)-", re.IGNORECASE)


def surname(word: str) -> str:
    """A family name without its Arabic particle: "al-Assad" and "Assad" are the same."""
    return _PARTICLE.sub("", word)


class NameGraph:
    def __init__(self, links: Mapping[str, str] | None = None) -> None:
        self.parent: dict[str, str] = dict(links or {})

    def resolve(self, name: str) -> str:
        seen = {name}
        while (parent := self.parent.get(name)) is not None:
            if parent in seen:  # cannot happen through link(); guards hand-edited tables
                break
            seen.add(parent)
            name = parent
        return name

    def nodes(self) -> set[str]:
        return set(self.parent) | set(self.parent.values())

    def link(self, name: str, parent: str) -> tuple[dict[str, str], list[str]]:
        """Make `name` resolve through `parent`; linking a name to itself makes it a root.

        Returns the names whose resolution changed (with what they resolved to before) and
        the names whose own edge was removed (so that stored links can be brought in line)."""
        nodes = self.nodes() | {name, parent}
        before = {n: self.resolve(n) for n in nodes}
        removed: list[str] = []
        if name == parent:
            if self.parent.pop(name, None) is not None:
                removed.append(name)
        else:
            if self._reaches(parent, name):
                self.parent.pop(parent, None)
                removed.append(parent)
            self.parent[name] = parent
        changed = {n: before[n] for n in nodes if self.resolve(n) != before[n]}
        return changed, removed

    def _reaches(self, start: str, goal: str) -> bool:
        seen: set[str] = set()
        node: str | None = start
        while node is not None and node not in seen:
            if node == goal:
                return True
            seen.add(node)
            node = self.parent.get(node)
        return False


@dataclass(frozen=True, slots=True)
class Role:
    position: int
    person: str
    org: str
    since: date | None
    until: date | None

    def covers(self, day: date) -> bool:
        starts_ok = self.since is None or self.since <= day
        return starts_ok and (self.until is None or day <= self.until)


class RoleBook:
    """Roles by resolved person; the newest role that covers a date decides."""

    def __init__(self, roles: Iterable[Role], graph: NameGraph) -> None:
        self.roles = sorted(roles, key=lambda r: r.position)
        self.reindex(graph)

    def reindex(self, graph: NameGraph) -> None:
        self.graph = graph
        self.by_person: dict[str, list[Role]] = {}
        for role in self.roles:
            self.by_person.setdefault(graph.resolve(role.person), []).append(role)

    def add(self, role: Role) -> None:
        self.roles.append(role)
        self.by_person.setdefault(self.graph.resolve(role.person), []).append(role)

    def org_for(self, person: str, day: date) -> str | None:
        for role in reversed(self.by_person.get(person, ())):
            if role.covers(day):
                return self.graph.resolve(role.org)
        return None
