"""Write a :class:`PolicyGraph` in a file format other tools read.

``ttl``, ``nt`` and ``jsonld`` are the RDF form (:func:`policykg.graph.rdfgraph.to_rdf`),
``graphml`` the networkx form (for Gephi, yEd, Cytoscape), ``json`` the graph's own
JSON form, the one :func:`policykg.graph.model.from_json` reads back.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

from rdflib.namespace import RDF, RDFS

from policykg.errors import InputError
from policykg.files import atomic_write
from policykg.graph.model import NodeType, PolicyGraph, to_json
from policykg.graph.rdfgraph import DEFAULT_BASE, EDGE_PREDICATES, PREFIXES, to_rdf
from policykg.ontology import vocabulary
from policykg.ontology.namespace import PKG

__all__ = ["FORMATS", "export", "jsonld_context", "write_export"]

FORMATS = ("ttl", "nt", "jsonld", "graphml", "json")

# Datatype properties that get a short JSON-LD term: every declared one. pkg:id stays a
# CURIE so that it is not mistaken for the JSON-LD keyword alias "id" many contexts define;
# "date" gets its datatype below.
_LITERAL_TERMS = tuple(
    p.term for p in (*vocabulary.PROPERTIES, *vocabulary.DERIVED) if p.key != "date"
)
_CLASS_TERMS = (*(t.value for t in NodeType), "Evidence")


def jsonld_context(base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The ``@context`` of the JSON-LD export: prefixes, then short names for pkg: terms.

    ``@base`` makes node ids short (``/id/doc/tw/52-NQ-TW``); edges are ``@id``-typed so
    that they read ``"partOf": "/id/doc/..."``; ``date`` and ``label`` carry their
    datatype and language so that their values are plain strings.
    """
    context: dict[str, Any] = {
        "@base": base,
        **PREFIXES,
        "rdf": str(RDF._NS),
        "rdfs": str(RDFS._NS),
        "label": {"@id": "rdfs:label", "@language": "vi"},
        "date": {"@id": "pkg:date", "@type": "xsd:date"},
    }
    for name in _CLASS_TERMS:
        context[name] = f"pkg:{name}"
    for predicate in (*EDGE_PREDICATES.values(), PKG.documentKind):
        name = predicate[len(PKG._NS) :]
        context[name] = {"@id": f"pkg:{name}", "@type": "@id"}
    for name in _LITERAL_TERMS:
        context[name] = f"pkg:{name}"
    return context


def _jsonld(graph: PolicyGraph, base: str) -> str:
    rdf = to_rdf(graph, base=base)
    data = json.loads(rdf.serialize(format="json-ld", context=jsonld_context(base)))
    # rdflib lists subjects in set order, which changes from run to run. (A graph of one
    # subject has no "@graph": rdflib writes that subject at the top level.)
    if "@graph" in data:
        data["@graph"] = sorted(data["@graph"], key=lambda node: str(node.get("@id", "")))
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _graphml(graph: PolicyGraph) -> str:
    import networkx as nx

    from policykg.graph.nxgraph import to_networkx

    g = to_networkx(graph)
    # GraphML holds scalars only: join tuples, spread evidence over scalar attributes.
    for _, data in g.nodes(data=True):
        for key, value in list(data.items()):
            if isinstance(value, tuple):
                data[key] = "; ".join(value)
    for _, _, data in g.edges(data=True):
        ev = data.pop("evidence", None)
        if ev is not None:
            data["evidence_source"] = ev.source
            data["evidence_start"] = ev.span.start
            data["evidence_end"] = ev.span.end
            data["evidence_section"] = " / ".join(ev.section)
            data["evidence_quote"] = ev.quote
        for key, value in list(data.items()):
            if value is None:
                del data[key]
            elif isinstance(value, tuple):
                data[key] = "; ".join(value)
    out = io.BytesIO()
    # infer_numeric_types: a property that is an int on one node and a float on another
    # gets one GraphML key of type double instead of an error.
    nx.write_graphml(g, out, encoding="utf-8", infer_numeric_types=True)
    return out.getvalue().decode("utf-8")


def export(graph: PolicyGraph, fmt: str, *, base: str = DEFAULT_BASE) -> str:
    """``graph`` as text in ``fmt``: one of ttl, nt, jsonld, graphml, json."""
    if fmt == "ttl":
        return to_rdf(graph, base=base).serialize(format="turtle")
    if fmt == "nt":
        # Sorted: rdflib writes N-Triples in store order, which is not stable.
        lines = to_rdf(graph, base=base).serialize(format="nt").splitlines()
        return "".join(line + "\n" for line in sorted(filter(None, lines)))
    if fmt == "jsonld":
        return _jsonld(graph, base)
    if fmt == "graphml":
        return _graphml(graph)
    if fmt == "json":
        return json.dumps(to_json(graph), ensure_ascii=False, indent=2) + "\n"
    raise InputError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")


def write_export(
    graph: PolicyGraph,
    fmt: str,
    path: str | os.PathLike[str],
    *,
    base: str = DEFAULT_BASE,
) -> Path:
    """Write :func:`export` to ``path`` atomically: readers see the old file or the new one.

    Raises:
        InputError: unknown format, or the file cannot be written.
    """
    return atomic_write(path, export(graph, fmt, base=base), what="export")
