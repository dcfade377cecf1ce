"""Serialize the built graph in the formats users ask for."""

from rdflib import Dataset

from .build import union_graph

# format name -> (rdflib serializer, whether it keeps the named graphs)
FORMATS = {
    "ttl": ("turtle", False),
    "jsonld": ("json-ld", False),
    "nt": ("nt", False),
    "xml": ("xml", False),
    "trig": ("trig", True),
    "nq": ("nquads", True),
}


def serialize(dataset: Dataset, fmt: str) -> bytes:
    """The union graph (or, for trig / nq, every named graph) in the given format."""
    serializer, keeps_graphs = FORMATS[fmt]
    source = dataset if keeps_graphs else union_graph(dataset)
    return source.serialize(format=serializer, encoding="utf-8")
