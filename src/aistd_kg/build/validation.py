"""Validate the dataset against the SHACL shapes and report violations by file and node."""

from dataclasses import dataclass

import pyshacl
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from ..namespaces import BASE
from .loading import union_graph


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result, located in the data file that states the offending node."""

    file: str
    node: str
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        path = f" [{self.path}]" if self.path else ""
        return f"{self.file}: {self.node}{path}: {self.message}"


def validate(dataset: Dataset, shapes: Graph) -> list[Violation]:
    """Run pyshacl over the union graph; return the results, violations and warnings."""
    return violations(dataset, shacl_report(dataset, shapes))


def shacl_report(dataset: Dataset, shapes: Graph) -> Graph:
    """Run pyshacl over the union graph; return its validation report graph."""
    _, report, _ = pyshacl.validate(
        union_graph(dataset), shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    return report


def violations(dataset: Dataset, report: Graph) -> list[Violation]:
    """The results of a validation report, each located in its data file."""
    return sorted(_violation(dataset, report, result) for result in report.subjects(RDF.type, SH.ValidationResult))


def _violation(dataset: Dataset, report: Graph, result) -> Violation:
    focus = report.value(result, SH.focusNode)
    path = report.value(result, SH.resultPath)
    severity = report.value(result, SH.resultSeverity)
    messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
    value = report.value(result, SH.value)
    message = messages[0] if messages else "constraint not met"
    if value is not None and value != focus:
        message += f" (value: {_show(dataset, value)})"
    return Violation(
        file=_file_of(dataset, focus),
        node=_show(dataset, focus),
        path=_show(dataset, path) if path is not None else "",
        message=message,
        severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
    )


def _file_of(dataset: Dataset, node) -> str:
    """The data file (named graph) that states the node, following blank nodes to their owner."""
    for _, _, _, graph in dataset.quads((node, None, None, None)):
        name = str(graph.identifier if hasattr(graph, "identifier") else graph)
        if name.startswith(BASE + "graph/"):
            stem = name.rsplit("/", 1)[-1]
            return stem if stem in ("derived", "aistd", "vocabularies") else f"data/{stem}.ttl"
    return "?"


def _show(data: Graph, node) -> str:
    """A readable name: a prefixed IRI, a quoted literal, or the blank node's owner."""
    if isinstance(node, URIRef):
        return data.namespace_manager.normalizeUri(node)
    if isinstance(node, Literal):
        return repr(str(node)) + (f"@{node.language}" if node.language else "")
    if isinstance(node, BNode):
        owner = next(data.subjects(None, node), None)
        return f"[blank node of {_show(data, owner)}]" if owner is not None else "[blank node]"
    return str(node)
