"""policykg: a knowledge graph of Vietnamese public-policy documents.

Loaders turn documents into records (:mod:`policykg.records`); the graph, stores,
queries and views are built from those records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policykg.loaders.contract import to_contract
    from policykg.loaders.parse import find_files, parse_file, parse_paths, parse_text

__all__ = ["find_files", "parse_file", "parse_paths", "parse_text", "to_contract"]

_HOME = {
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
