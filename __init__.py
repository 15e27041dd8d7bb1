"""policykg: a knowledge graph of Vietnamese public-policy documents.

Loaders turn documents into records (:mod:`policykg.records`); the graph, stores,
queries and views are built from those records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policykg.graph.build import build
    from policykg.graph.ids import readable_key
    from policykg.graph.nxgraph import to_networkx
    from policykg.graph.rdfgraph import to_rdf
    from policykg.graph.resolve import resolve
    from policykg.graph.store import load_graph
    from policykg.loaders.contract import to_contract
    from policykg.loaders.parse import find_files, parse_file, parse_paths, parse_text
    from policykg.queries.cascade import cascade
    from policykg.queries.coverage import coverage
    from policykg.queries.ids import find_node
    from policykg.queries.lineage import lineage
    from policykg.queries.targets import targets
    from policykg.queries.who import find_agencies, who

__all__ = [
    "build",
    "cascade",
    "coverage",
    "find_agencies",
    "find_files",
    "find_node",
    "lineage",
    "load_graph",
    "parse_file",
    "parse_paths",
    "parse_text",
    "readable_key",
    "resolve",
    "targets",
    "to_contract",
    "to_networkx",
    "to_rdf",
    "who",
]

_HOME = {
    "build": "policykg.graph.build",
    "cascade": "policykg.queries.cascade",
    "coverage": "policykg.queries.coverage",
    "find_agencies": "policykg.queries.who",
    "find_node": "policykg.queries.ids",
    "lineage": "policykg.queries.lineage",
    "load_graph": "policykg.graph.store",
    "readable_key": "policykg.graph.ids",
    "resolve": "policykg.graph.resolve",
    "targets": "policykg.queries.targets",
    "to_networkx": "policykg.graph.nxgraph",
    "to_rdf": "policykg.graph.rdfgraph",
    "who": "policykg.queries.who",
    "find_files": "policykg.loaders.parse",
    "parse_file": "policykg.loaders.parse",
    "parse_paths": "policykg.loaders.parse",
    "parse_text": "policykg.loaders.parse",
    "to_contract": "policykg.loaders.contract",
}


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `import policykg.records` stays light.
    if name in _HOME:
        import importlib

        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module 'policykg' has no attribute {name!r}")
