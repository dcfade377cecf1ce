"""Build the knowledge graph: load, derive, validate, and write the artifact only if valid."""

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph

from ..errors import InvalidData
from ..query.described import describe_queries
from ..query.named_queries import load_queries
from .derive import apply_rules
from .loading import Layout, add_graph, load_dataset, parse_turtle, union_graph
from .reasoning import InconsistentOntology, check_consistency, require_java
from .validation import Violation, shacl_report, violations

QUERIES_GRAPH, SHAPES_GRAPH = "queries", "shapes"


class BuildRefused(InvalidData):
    """A build whose data has violations or is inconsistent; nothing was written."""

    def __init__(self, result: "BuildResult"):
        count = len(result.errors) + bool(result.inconsistency)
        super().__init__(f"build refused: {count} violation(s); nothing was written")


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

    def findings(self) -> list[str]:
        """One line per violation or warning, and the inconsistency, for people."""
        lines = [f"{violation.severity.lower()}: {violation}" for violation in self.violations]
        return lines + ([f"violation: {self.inconsistency}"] if self.inconsistency else [])

    def checked(self) -> "BuildResult":
        """This result if it is valid.

        :raises BuildRefused: it is not.
        """
        if not self.ok:
            raise BuildRefused(self)
        return self


def build_dataset(root: Path, reason: bool = True) -> BuildResult:
    """Load ontology and data under root, derive, validate with SHACL and (optionally) HermiT; then add the
    shapes and the named queries' descriptions, which are served but neither validated nor reasoned over.

    :raises SourceFileError: a file does not parse.
    :raises JavaMissing: reason is asked for and there is no Java to run HermiT.
    """
    if reason:
        require_java()
    layout = Layout(root)
    dataset = load_dataset(layout.ontology_files + layout.data_files)
    apply_rules(dataset, layout.rules_dir)
    shapes = parse_turtle(layout.shapes_file)
    report = shacl_report(dataset, shapes)
    result = BuildResult(dataset, violations(dataset, report), report=report)
    if reason:
        try:
            check_consistency(union_graph(dataset))
        except InconsistentOntology as error:
            result.inconsistency = str(error)
    add_graph(dataset, SHAPES_GRAPH, shapes)
    add_graph(dataset, QUERIES_GRAPH, describe_queries(load_queries(layout.queries_dir)))
    return result
