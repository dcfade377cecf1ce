"""The project's namespaces, the one prefix map every part uses, and the CURIE helpers.

PREFIXES holds the prefixes the data files write (data/*.ttl, ontology/*.ttl) and the
vocabularies the exports use; the editor offers all of them, the engine predeclares
QUERY_PREFIXES, and every export compacts IRIs with curie().
"""

from collections.abc import Iterable, Mapping

from rdflib import Graph, Namespace, URIRef

BASE = "https://w3id.org/aistd-kg/"
AISTD = Namespace(BASE + "ontology#")
AISTDV = Namespace(BASE + "vocab/")
GRAPH = Namespace(BASE + "graph/")
ID = Namespace(BASE + "id/")

DERIVED_GRAPH = URIRef(GRAPH["derived"])

PREFIXES: dict[str, str] = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "sh": "http://www.w3.org/ns/shacl#",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "spdx": "http://spdx.org/rdf/terms#",
    "schema": "https://schema.org/",
    "semapv": "https://w3id.org/semapv/vocab/",
    "wd": "http://www.wikidata.org/entity/",
    "aistd": str(AISTD),
    "aistdv": str(AISTDV),
    "shapes": f"{BASE}shapes#",
    # the project's entities, by kind (data/README.md, "IRIs")
    "agent": f"{ID}agent/",
    "body": f"{ID}body/",
    "cat": f"{ID}category/",
    "doc": f"{ID}document/",
    "fw": f"{ID}framework/",
    "misc": f"{ID}item/",
    "place": f"{ID}jurisdiction/",
    "plan": f"{ID}planned-standard/",
    "rel": f"{ID}relation/",
    "std": f"{ID}standard/",
    "stmt": f"{ID}statement/",
}


def select(*names: str) -> dict[str, str]:
    """The part of PREFIXES with these prefixes."""
    return {name: PREFIXES[name] for name in names}


# what a query may use without declaring it (query/engine.py)
QUERY_PREFIXES = select("rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "aistd", "aistdv")


def curie(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str | None:
    """The prefixed name of an IRI under the longest namespace it starts with; None when none fits.

    The local part must be non-empty and hold no ``/`` or ``#``.
    """
    text = str(iri)
    for prefix, namespace in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        local = text[len(namespace):]
        if text.startswith(namespace) and local and "/" not in local and "#" not in local:
            return f"{prefix}:{local}"
    return None


def expand(name: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """The IRI a prefixed name stands for; any other text unchanged."""
    prefix, colon, local = name.partition(":")
    return prefixes[prefix] + local if colon and prefix in prefixes else name


def prologue(prefixes: Mapping[str, str]) -> str:
    """SPARQL PREFIX lines declaring these prefixes."""
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in prefixes.items())


def bind(graph: Graph, prefixes: Iterable[str] | None = None) -> Graph:
    """Bind these prefixes of PREFIXES (all by default) in the graph, replacing other bindings; return it."""
    for prefix in prefixes if prefixes is not None else PREFIXES:
        graph.bind(prefix, PREFIXES[prefix], override=True)
    return graph


def graph_iri(stem: str) -> URIRef:
    """Return the named-graph IRI for a source file with this stem."""
    return URIRef(GRAPH[stem])
