"""Serialize the built graph in the formats users ask for."""

from pathlib import Path

from rdflib import Dataset

from ..build.loading import union_graph
from . import crosswalk as crosswalk_export
from . import jsonld

# format name -> (rdflib serializer, whether it keeps the named graphs)
FORMATS = {
    "ttl": ("turtle", False),
    "jsonld": ("json-ld", False),
    "nt": ("nt", False),
    "xml": ("xml", False),
    "trig": ("trig", True),
    "nq": ("nquads", True),
}

# format name -> writer of a table of the crosswalk mappings (not the whole graph)
TABLE_FORMATS = {
    "sssom": crosswalk_export.sssom_tsv,
    "csv": crosswalk_export.crosswalk_csv,
}

ALL_FORMATS = sorted([*FORMATS, *TABLE_FORMATS])


def serialize(dataset: Dataset, fmt: str, root: Path = Path("."), frame: str | None = None) -> bytes:
    """The union graph (or, for trig / nq, every named graph; for sssom / csv, the mappings) in the given format.

    jsonld is compacted with the context of the checkout at root, or framed as a tree per ``frame`` kind.
    """
    if fmt in TABLE_FORMATS:
        return TABLE_FORMATS[fmt](dataset)
    if fmt == "jsonld":
        context = jsonld.load_context(root)
        graph = union_graph(dataset)
        return jsonld.dumps(jsonld.frame(graph, context, frame) if frame else jsonld.compact(graph, context))
    serializer, keeps_graphs = FORMATS[fmt]
    source = dataset if keeps_graphs else union_graph(dataset)
    return source.serialize(format=serializer, encoding="utf-8")
