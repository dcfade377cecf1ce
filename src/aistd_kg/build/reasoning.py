"""Check that the ontology and data are logically consistent, with owlready2's HermiT."""

import shutil
import tempfile
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import OWL, XSD

from ..errors import InputError

# HermiT accepts only the OWL 2 datatype map, which lacks the calendar types the data uses
# for dates as precise as the sources; those literals are left to the SHACL shapes.
CALENDAR_TYPES = {XSD.date, XSD.gYear, XSD.gYearMonth}
# The ontology's import (its external terms) is in the graph already; owlready2 would fetch it.
NOT_REASONED = {OWL.imports}


class InconsistentOntology(Exception):
    """HermiT found the ontology (with the data) unsatisfiable."""


class JavaMissing(InputError):
    """HermiT runs on Java, and there is none on the PATH."""

    def __init__(self):
        super().__init__("the consistency check (HermiT) needs Java: install a Java runtime (Debian / Ubuntu: "
                         "apt-get install default-jre-headless), or build with --no-reason")


def require_java() -> None:
    """:raises JavaMissing: there is no java command to run HermiT with."""
    if shutil.which("java") is None:
        raise JavaMissing


def check_consistency(graph: Graph) -> None:
    """Run HermiT over the graph; raise InconsistentOntology when it is inconsistent."""
    import owlready2

    world = owlready2.World()
    reasoned = Graph()
    for triple in graph:
        if triple[1] not in NOT_REASONED and not (isinstance(triple[2], Literal) and triple[2].datatype in CALENDAR_TYPES):
            reasoned.add(triple)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "graph.nt"
        reasoned.serialize(path, format="nt", encoding="utf-8")
        # The format is named: owlready2 otherwise guesses it from the first 1000 bytes and takes
        # N-Triples whose first line is longer (a long literal) for RDF/XML.
        ontology = world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            with ontology:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as error:
            raise InconsistentOntology(_explain(world)) from error
        finally:
            world.close()


def _explain(world) -> str:
    """Name the unsatisfiable classes HermiT reports, when it reports any."""
    try:
        names = sorted(str(c) for c in world.inconsistent_classes() if str(c) != "owl.Nothing")
    except Exception:  # the world may be unusable after an inconsistency
        names = []
    detail = f": unsatisfiable {', '.join(names)}" if names else ""
    return "the ontology and data are logically inconsistent (HermiT)" + detail
