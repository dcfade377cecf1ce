"""The project's namespaces as rdflib terms, and binding the shared prefixes in a graph.

The prefixes themselves, and the CURIE helpers, are in prefixes.py (plain strings).
"""

from collections.abc import Iterable

from rdflib import Graph, Namespace, URIRef

from .prefixes import BASE, PREFIXES

AISTD = Namespace(BASE + "ontology#")
AISTDV = Namespace(BASE + "vocab/")
GRAPH = Namespace(BASE + "graph/")
ID = Namespace(BASE + "id/")

DERIVED_GRAPH = URIRef(GRAPH["derived"])


def bind(graph: Graph, prefixes: Iterable[str] | None = None) -> Graph:
    """Bind these prefixes of PREFIXES (all by default) in the graph, replacing other bindings; return it."""
    for prefix in prefixes if prefixes is not None else PREFIXES:
        graph.bind(prefix, PREFIXES[prefix], override=True)
    return graph


def graph_iri(stem: str) -> URIRef:
    """Return the named-graph IRI for a source file with this stem."""
    return URIRef(GRAPH[stem])
