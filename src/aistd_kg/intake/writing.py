"""Write a graph as a Turtle data file with the prefixes data/ uses, atomically."""

from pathlib import Path

from rdflib import Graph

from ..files import write_text
from ..namespaces import bind

PREFIXES = ("aistd", "aistdv", "fw", "cat", "plan", "std", "doc", "place", "rel", "skos", "dcterms", "rdfs", "xsd")


def write_turtle(graph: Graph, out: Path, header: str) -> Path:
    """Serialize the graph as Turtle under a comment header; a reader never sees a half-written file."""
    bind(graph, PREFIXES)
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_text(out, header + graph.serialize(format="turtle"))
