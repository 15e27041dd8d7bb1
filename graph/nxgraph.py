"""The networkx form of a :class:`PolicyGraph`: a ``MultiDiGraph`` keyed by edge type.

Node attributes are ``type``, ``label`` and the node's props; edge attributes are
``type``, the edge's props and ``evidence`` (a :class:`Provenance` or ``None``).
"""

from __future__ import annotations

import networkx as nx

from policykg.graph.model import PolicyGraph, bulk


def to_networkx(graph: PolicyGraph) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    with bulk():
        _fill(g, graph)
    return g


def _fill(g: nx.MultiDiGraph, graph: PolicyGraph) -> None:
    for n in graph.nodes:
        g.add_node(n.id, type=n.type.value, label=n.label, **dict(n.props))
    for e in graph.edges:
        g.add_edge(
            e.source,
            e.target,
            key=e.type.value,
            type=e.type.value,
            evidence=e.evidence,
            **dict(e.props),
        )
