"""The project's namespaces and the IRIs of its named graphs."""

from rdflib import Namespace, URIRef

BASE = "https://w3id.org/aistd-kg/"
AISTD = Namespace(BASE + "ontology#")
AISTDV = Namespace(BASE + "vocab/")
GRAPH = Namespace(BASE + "graph/")
ID = Namespace(BASE + "id/")

DERIVED_GRAPH = URIRef(GRAPH["derived"])


def graph_iri(stem: str) -> URIRef:
    """Return the named-graph IRI for a source file with this stem."""
    return URIRef(GRAPH[stem])
