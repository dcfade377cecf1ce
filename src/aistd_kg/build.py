"""Build the knowledge graph: load, derive, validate, and write the artifact only if valid."""

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph

from .derive import apply_rules
from .loading import Layout, load_dataset, parse_turtle
from .reasoning import InconsistentOntology, check_consistency
from .validation import Violation, shacl_report, violations

ARTIFACT_NAME = "aistd-kg.trig"


@dataclass
class BuildResult:
    """The dataset that was built and everything that is wrong with it."""

    dataset: Dataset
    violations: list[Violation] = field(default_factory=list)
    inconsistency: str | None = None
    report: Graph | None = None  # the SHACL validation report

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "Violation"]

    @property
    def ok(self) -> bool:
        return not self.errors and self.inconsistency is None


def build_dataset(root: Path, reason: bool = True) -> BuildResult:
    """Load ontology and data under root, derive, validate with SHACL and (optionally) HermiT.

    :raises SourceFileError: a file does not parse.
    """
    layout = Layout(root)
    dataset = load_dataset(layout.ontology_files + layout.data_files)
    apply_rules(dataset, layout.rules_dir)
    report = shacl_report(dataset, parse_turtle(layout.shapes_file))
    result = BuildResult(dataset, violations(dataset, report), report=report)
    if reason:
        try:
            check_consistency(union_graph(dataset))
        except InconsistentOntology as error:
            result.inconsistency = str(error)
    return result


def union_graph(dataset: Dataset) -> Graph:
    """Copy the dataset's union into a plain graph, with its prefixes."""
    graph = Graph()
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace)
    for triple in dataset.triples((None, None, None)):
        graph.add(triple)
    return graph


def write_artifact(dataset: Dataset, folder: Path) -> Path:
    """Write the dataset as TriG, atomically: a reader never sees a half-written file."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ARTIFACT_NAME
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    os.close(handle)
    try:
        dataset.serialize(temporary, format="trig", encoding="utf-8")
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target
