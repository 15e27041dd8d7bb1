"""The graph under construction: nodes, edges, problems and the agency register.

Every phase of :func:`policykg.graph.resolve.resolve` writes here; the first node or edge
given for an id (or edge key) is kept, so the phases decide precedence by their order.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from policykg.graph.ids import agency_id, place_id
from policykg.graph.model import (
    Edge,
    Node,
    NodeType,
    PolicyGraph,
    Problem,
    Value,
    make_node,
    sorted_problems,
)
from policykg.loaders import agencies as agency_names
from policykg.loaders import places


@lru_cache(maxsize=1 << 16)  # a pure function of two names that recur in every task
def agency_scope(name: str, jurisdiction: str | None) -> str | None:
    """A central body belongs to the centre whichever document names it."""
    level, _ = agency_names.level_and_parent(name)
    return places.CENTRAL if level == "central" else jurisdiction


class Builder:
    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple[str, str, str], Edge] = {}
        self.problems: list[Problem] = []
        # Agencies are made into nodes last, once every name and alias is known.
        self.agencies: dict[str, dict[str, Value]] = {}
        self.agency_aliases: dict[str, set[str]] = defaultdict(set)

    def node(self, node: Node) -> None:
        self.nodes.setdefault(node.id, node)

    def edge(self, edge: Edge) -> None:
        if edge.source != edge.target:
            self.edges.setdefault(edge.key, edge)

    def place(self, jurisdiction: str | None) -> str | None:
        """The id of the jurisdiction's node (made on first use), or ``None``."""
        if not jurisdiction:
            return None
        pid = place_id(jurisdiction)
        self.node(
            make_node(
                pid,
                NodeType.JURISDICTION,
                jurisdiction,
                name=jurisdiction,
                national=jurisdiction == places.CENTRAL,
            )
        )
        return pid

    def agency(self, name: str, jurisdiction: str | None) -> str:
        """The id of the agency ``name`` of ``jurisdiction``, registered on first use."""
        scope = agency_scope(name, jurisdiction)
        aid = agency_id(name, scope)
        if aid not in self.agencies:
            record = agency_names.describe(name, scope)
            self.agencies[aid] = {
                "name": name,
                "jurisdiction": scope,
                "level": record.level,
                "collective": record.collective,
                "parent": record.parent,
            }
        return aid

    def graph(self) -> PolicyGraph:
        """The finished graph, sorted so that equal inputs give equal graphs."""
        nodes = tuple(sorted(self.nodes.values(), key=lambda n: n.id))
        edges = tuple(sorted(self.edges.values(), key=lambda e: e.key))
        problems = sorted_problems(self.problems)
        return PolicyGraph(nodes=nodes, edges=edges, problems=problems)
