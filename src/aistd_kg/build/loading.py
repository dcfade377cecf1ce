"""Parse the ontology and data files into one dataset, each file in its own named graph."""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph

from ..errors import InputError
from ..namespaces import graph_iri


class SourceFileError(InputError):
    """A file that cannot be parsed; names the file and, where known, the line."""

    def __init__(self, path: Path, message: str, line: int | None = None):
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Layout:
    """Where a checkout keeps its ontology, shapes, rules and data."""

    root: Path

    @property
    def ontology_files(self) -> list[Path]:
        return [self.root / "ontology" / name for name in ("aistd.ttl", "external.ttl", "vocabularies.ttl")]

    @property
    def shapes_file(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def rules_dir(self) -> Path:
        return self.root / "ontology" / "rules"

    @property
    def data_files(self) -> list[Path]:
        return sorted((self.root / "data").glob("*.ttl"))

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"


def parse_turtle(path: Path, into: Graph | None = None) -> Graph:
    """Parse one Turtle file, raising SourceFileError with the line of a syntax error."""
    graph = into if into is not None else Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as error:  # rdflib raises several parser exception types
        raise SourceFileError(path, _parser_message(error), _parser_line(error)) from error
    return graph


def load_dataset(paths: list[Path]) -> Dataset:
    """Load every file into a named graph of its own; the default graph is their union."""
    return dataset_of((path.stem, parse_turtle(path)) for path in paths)


def dataset_of(graphs: Iterable[tuple[str, Graph]]) -> Dataset:
    """A dataset of parsed files (file stem, graph), each in a named graph of its own, with their prefixes;
    the default graph is their union."""
    dataset = Dataset(default_union=True)
    for stem, staging in graphs:
        add_graph(dataset, stem, staging)
    return dataset


def add_graph(dataset: Dataset, stem: str, staging: Graph) -> None:
    """Add a graph to the dataset as the named graph of that stem, with its prefixes."""
    named = dataset.graph(graph_iri(stem))
    for prefix, namespace in staging.namespaces():
        dataset.bind(prefix, namespace, override=False)
    for triple in staging:
        named.add(triple)


def union_graph(dataset: Dataset) -> Graph:
    """Copy the dataset's union into a plain graph, with its prefixes."""
    graph = Graph()
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace)
    for triple in dataset.triples((None, None, None)):
        graph.add(triple)
    return graph


def _parser_line(error: Exception) -> int | None:
    """rdflib's Turtle parser counts lines from zero in BadSyntax.lines."""
    lines = getattr(error, "lines", None)
    return lines + 1 if isinstance(lines, int) else None


def _parser_message(error: Exception) -> str:
    why = getattr(error, "_why", None)
    text = why if why else str(error)
    return " ".join(str(text).split()) or type(error).__name__
