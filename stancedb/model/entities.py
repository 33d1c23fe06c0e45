"""Entity names: which surface forms name which canonical entity, and whom people speak for.

Pure, in-memory logic shared by the projections. Aliases and merges are both edges
`name -> parent` in one graph; a name resolves by following edges to a root (its canonical
name). The newest edge wins: re-aliasing a name moves it, and an edge that would close a
cycle makes its target the new root instead.
"""

from __future__ import annotations

import re
from bisect import insort
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

_PARTICLE = re.compile(r"^(al|el|ad|as|an|ash|at|bin|ibn|abu)-", re.IGNORECASE)


def surname(word: str) -> str:
    """A family name without its Arabic particle: "al-Assad" and "Assad" are the same."""
    return _PARTICLE.sub("", word)


class NameGraph:
    """Names as a forest: a name's edge points at its parent; a root is a canonical name.

    Beside the edges it keeps each name's children and, for every name with an edge, its
    root, so that resolving is one look-up and a link touches only the names it moves: those
    whose resolution changes, which the caller rewrites anyway. (Re-resolving every name on
    each link made a chain of n aliases cost n^3.)
    """

    def __init__(self, links: Mapping[str, str] | None = None) -> None:
        self.parent: dict[str, str] = {}
        self._children: dict[str, set[str]] = {}
        self._root: dict[str, str] = {}  # name with an edge -> the root it resolves to
        for name, parent in (links or {}).items():
            if name != parent:
                self._attach(name, parent)
        self._find_roots()

    def resolve(self, name: str) -> str:
        return self._root.get(name, name)

    def nodes(self) -> set[str]:
        return set(self.parent) | set(self.parent.values())

    def link(self, name: str, parent: str) -> tuple[dict[str, str], list[str]]:
        """Make `name` resolve through `parent`; linking a name to itself makes it a root.

        Returns the names whose resolution changed (with what they resolved to before) and
        the names whose own edge was removed (so that stored links can be brought in line)."""
        before = self.resolve(name)
        closes_cycle = name != parent and self._above(name, parent)
        if name == parent:
            after = name
        elif closes_cycle:
            after = parent  # the newest edge wins: its target becomes the root
        else:
            after = self.resolve(parent)
        # Only `name` and the names below it can change, and they all resolved to `before`.
        moved = self._subtree(name) if after != before else []
        removed: list[str] = []
        if closes_cycle:
            self._detach(parent)
            removed.append(parent)
        if name in self.parent:
            self._detach(name)
            if name == parent:
                removed.append(name)
        if name != parent:
            self._attach(name, parent)
        for node in moved:
            if node == after:
                self._root.pop(node, None)
            else:
                self._root[node] = after
        return dict.fromkeys(moved, before), removed

    def _attach(self, name: str, parent: str) -> None:
        self.parent[name] = parent
        self._children.setdefault(parent, set()).add(name)

    def _detach(self, name: str) -> None:
        parent = self.parent.pop(name)
        siblings = self._children[parent]
        siblings.discard(name)
        if not siblings:
            del self._children[parent]

    def _below(self, name: str) -> Iterator[str]:
        stack = list(self._children.get(name, ()))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(self._children.get(node, ()))

    def _subtree(self, name: str) -> list[str]:
        return [name, *self._below(name)]

    def _above(self, name: str, node: str) -> bool:
        """Whether `node`'s way to its root passes `name`. Walks up from `node` and down
        from `name` in step, so the cost is the shorter of the two walks."""
        if self.resolve(name) != self.resolve(node):
            return False
        up, down = self._ancestors(node), self._below(name)
        while True:
            ancestor = next(up, None)
            if ancestor is None:
                return False
            if ancestor == name:
                return True
            descendant = next(down, None)
            if descendant is None:
                return False
            if descendant == node:
                return True

    def _ancestors(self, name: str) -> Iterator[str]:
        while (parent := self.parent.get(name)) is not None:
            yield parent
            name = parent

    def _find_roots(self) -> None:
        """Label every name with an edge with its root. A table edited by hand may hold a
        cycle (link() never makes one): it is cut where a walk from its first name would
        come back, so that name resolves as it did before roots were kept."""
        for start in list(self.parent):
            path: list[str] = []
            on_path: set[str] = set()
            node = start
            while True:
                if node in self._root:
                    root = self._root[node]
                    break
                parent = self.parent.get(node)
                if parent is None:
                    root = node
                    break
                if parent in on_path or parent == node:
                    self._detach(node)
                    root = node
                    break
                path.append(node)
                on_path.add(node)
                node = parent
            for name in path:
                self._root[name] = root


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
        self.roles = sorted(roles, key=_position)
        self.of_name: dict[str, list[Role]] = {}  # by the person's name as recorded
        self.of_org: dict[str, list[Role]] = {}  # by the org's name as recorded
        for role in self.roles:
            self.of_name.setdefault(role.person, []).append(role)
            self.of_org.setdefault(role.org, []).append(role)
        self.reindex(graph)

    def reindex(self, graph: NameGraph) -> None:
        self.graph = graph
        self.by_person: dict[str, list[Role]] = {}
        for role in self.roles:
            self.by_person.setdefault(graph.resolve(role.person), []).append(role)

    def renamed(self, changed: Mapping[str, str]) -> None:
        """Move the roles of names that now resolve elsewhere (`changed`: name -> what it
        resolved to before), rather than reindex every role on each link."""
        for name, before in changed.items():
            for role in self.of_name.get(name, ()):
                old = self.by_person[before]
                old.remove(role)
                if not old:
                    del self.by_person[before]
                insort(self.by_person.setdefault(self.graph.resolve(name), []), role,
                       key=_position)

    def add(self, role: Role) -> None:
        self.roles.append(role)
        self.of_name.setdefault(role.person, []).append(role)
        self.of_org.setdefault(role.org, []).append(role)
        self.by_person.setdefault(self.graph.resolve(role.person), []).append(role)

    def speakers_for(self, orgs: Iterable[str]) -> set[str]:
        """The (resolved) persons with a role for one of these org names as recorded: when
        such a name resolves elsewhere, the organisation their statements get changes too."""
        return {self.graph.resolve(role.person)
                for org in orgs for role in self.of_org.get(org, ())}

    def org_for(self, person: str, day: date) -> str | None:
        for role in reversed(self.by_person.get(person, ())):
            if role.covers(day):
                return self.graph.resolve(role.org)
        return None


def _position(role: Role) -> int:
    return role.position
