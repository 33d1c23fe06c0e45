"""Property: the name graph (roots kept, a link touching only the names it moves) resolves
every name as the straightforward graph it replaced does, which re-resolved every name on
each link, for random sequences of aliases and merges (cycles, re-aliasing and links of a
name to itself included). No timing here: bench/aliases.py measures the cost."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from stancedb.model.entities import NameGraph, Role, RoleBook

NAMES = ["A", "B", "C", "D", "E", "F"]


class ReferenceGraph:
    """The resolution stancedb used before: follow edges to a root; on each link compare
    every name's resolution before and after."""

    def __init__(self, links: dict[str, str] | None = None) -> None:
        self.parent: dict[str, str] = dict(links or {})

    def resolve(self, name: str) -> str:
        seen = {name}
        while (parent := self.parent.get(name)) is not None:
            if parent in seen:
                break
            seen.add(parent)
            name = parent
        return name

    def nodes(self) -> set[str]:
        return set(self.parent) | set(self.parent.values())

    def link(self, name: str, parent: str) -> tuple[dict[str, str], list[str]]:
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


names = st.sampled_from(NAMES)
links = st.lists(st.tuples(names, names), max_size=40)
roles = st.lists(st.tuples(names, names), max_size=4)


def assert_same(graph: NameGraph, reference: ReferenceGraph) -> None:
    assert graph.parent == reference.parent
    assert graph.nodes() == reference.nodes()
    for name in [*NAMES, "unseen"]:
        assert graph.resolve(name) == reference.resolve(name), name


@settings(max_examples=400, deadline=None)
@given(sequence=links, split=st.integers(0, 40), people=roles)
def test_links_resolve_as_the_reference_does(sequence: list[tuple[str, str]], split: int,
                                             people: list[tuple[str, str]]) -> None:
    graph, reference = NameGraph(), ReferenceGraph()
    book = RoleBook([Role(n, person, org, None, None) for n, (person, org)
                     in enumerate(people)], graph)
    for step, (name, parent) in enumerate(sequence):
        if step == split:  # as a later batch finds it: loaded from the stored links
            graph = NameGraph(dict(reference.parent))
            book = RoleBook(book.roles, graph)
        changed, removed = graph.link(name, parent)
        assert (changed, removed) == reference.link(name, parent), (name, parent)
        assert_same(graph, reference)
        book.renamed(changed)
        assert book.by_person == RoleBook(book.roles, graph).by_person


def test_a_long_chain_resolves_to_its_first_name_whichever_way_it_grows() -> None:
    leaves, roots = NameGraph(), NameGraph()
    for n in range(1, 2_000):
        assert leaves.link(f"N{n}", f"N{n - 1}")[0] == {f"N{n}": f"N{n}"}
        assert len(roots.link(f"N{n - 1}", f"N{n}")[0]) == n  # every name so far moves
    assert {leaves.resolve(f"N{n}") for n in range(2_000)} == {"N0"}
    assert {roots.resolve(f"N{n}") for n in range(2_000)} == {"N1999"}
    changed, removed = leaves.link("N0", "N1999")  # closes the cycle: N1999 becomes the root
    assert removed == ["N1999"] and len(changed) == 2_000
    assert {leaves.resolve(f"N{n}") for n in range(2_000)} == {"N1999"}


def test_a_cycle_edited_into_the_stored_links_is_cut_where_the_old_walk_stopped() -> None:
    stored = {"A": "B", "B": "C", "C": "A", "D": "A"}
    graph = NameGraph(stored)
    # The old walk from A stopped at C (C's parent, A, was seen): C is now the root.
    assert graph.resolve("A") == ReferenceGraph(stored).resolve("A") == "C"
    assert {graph.resolve(n) for n in "ABCD"} == {"C"}
    assert graph.link("E", "D") == ({"E": "E"}, [])
    assert graph.resolve("E") == "C"


def test_roles_follow_the_person_through_a_merge() -> None:
    graph = NameGraph()
    book = RoleBook([Role(1, "Lavrov", "Russia", None, None)], graph)
    book.renamed(graph.link("Lavrov", "Sergey Lavrov")[0])
    assert book.org_for("Sergey Lavrov", date(2015, 10, 24)) == "Russia"
    assert book.org_for("Lavrov", date(2015, 10, 24)) is None
