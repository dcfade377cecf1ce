"""Write a graph as a Turtle data file with the project's prefixes, atomically."""

import os
import tempfile
from pathlib import Path

from rdflib import RDFS, Graph
from rdflib.namespace import DCTERMS, SKOS, XSD

from ..namespaces import AISTD, AISTDV
from . import naming

PREFIXES = {"aistd": AISTD, "aistdv": AISTDV, "fw": naming.iri("framework", ""), "cat": naming.iri("category", ""),
            "plan": naming.iri("planned", ""), "std": naming.iri("standard", ""), "doc": naming.iri("document", ""),
            "place": naming.iri("jurisdiction", ""), "rel": naming.iri("relation", ""), "skos": SKOS,
            "dcterms": DCTERMS, "rdfs": RDFS, "xsd": XSD}


def write_turtle(graph: Graph, out: Path, header: str) -> Path:
    """Serialize the graph as Turtle under a comment header; a reader never sees a half-written file."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(header + graph.serialize(format="turtle"))
        os.replace(temporary, out)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return out
