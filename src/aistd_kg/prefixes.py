"""The prefixes every part uses and the CURIE helpers, as plain strings (no rdflib).

PREFIXES holds the prefixes the data files write (data/*.ttl, ontology/*.ttl) and the
vocabularies the exports use; the editor offers all of them, the engine predeclares
QUERY_PREFIXES, and every export compacts IRIs with curie(). The query workers import this
module and not namespaces.py, so they start without rdflib.
"""

from collections.abc import Mapping

BASE = "https://w3id.org/aistd-kg/"
_ID = BASE + "id/"

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
    "aistd": f"{BASE}ontology#",
    "aistdv": f"{BASE}vocab/",
    "shapes": f"{BASE}shapes#",
    # the project's entities, by kind (data/README.md, "IRIs")
    "agent": f"{_ID}agent/",
    "body": f"{_ID}body/",
    "cat": f"{_ID}category/",
    "doc": f"{_ID}document/",
    "fw": f"{_ID}framework/",
    "misc": f"{_ID}item/",
    "place": f"{_ID}jurisdiction/",
    "plan": f"{_ID}planned-standard/",
    "rel": f"{_ID}relation/",
    "std": f"{_ID}standard/",
    "stmt": f"{_ID}statement/",
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
