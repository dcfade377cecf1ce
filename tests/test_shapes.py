"""Each SHACL constraint catches the violation it exists for, with its plain-language message.

A case in tests/shape_cases/ adds a small fixture to a valid base; its first line reads
`# expect: <node> | <message fragment>`.
"""

from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SH

from aistd_kg.build.derive import apply_rules
from aistd_kg.build.loading import Layout, dataset_of, parse_turtle
from aistd_kg.build.validation import validate

REPO = Path(__file__).resolve().parents[1]
CASES = Path(__file__).parent / "shape_cases"
LAYOUT = Layout(REPO)


@pytest.fixture(scope="module")
def shapes():
    return parse_turtle(LAYOUT.shapes_file)


@pytest.fixture(scope="module")
def ontology():
    """The ontology's files, parsed once for every case: (file stem, graph) pairs."""
    return [(path.stem, parse_turtle(path)) for path in LAYOUT.ontology_files]


def violations_with(shapes, ontology, *files):
    dataset = dataset_of([*ontology, *((path.stem, parse_turtle(path)) for path in (CASES / "_base.ttl", *files))])
    apply_rules(dataset, LAYOUT.rules_dir)
    return [v for v in validate(dataset, shapes) if v.severity == "Violation"]


def test_the_shapes_have_a_header_and_a_namespace_of_their_own(shapes):
    header = URIRef("https://w3id.org/aistd-kg/shapes")
    assert {title.language for title in shapes.objects(header, DCTERMS.title)} == {"en", "zh"}
    assert shapes.value(header, OWL.versionInfo) is not None
    assert shapes.value(header, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    named = {s for kind in (SH.NodeShape, SH.PropertyShape) for s in shapes.subjects(RDF.type, kind) if isinstance(s, URIRef)}
    assert len(named) > 40 and all(s.startswith("https://w3id.org/aistd-kg/shapes#") for s in named)


def test_the_base_is_valid(shapes, ontology):
    assert violations_with(shapes, ontology) == []


@pytest.mark.parametrize("case", sorted(p.stem for p in CASES.glob("[!_]*.ttl")))
def test_case_is_caught(shapes, ontology, case):
    path = CASES / f"{case}.ttl"
    node, fragment = (part.strip() for part in path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect:").split("|"))
    found = violations_with(shapes, ontology, path)
    matching = [v for v in found if v.node == node and fragment in v.message]
    assert matching, f"expected {node}: '{fragment}', got: " + "; ".join(map(str, found))
    assert all(v.file == f"data/{case}.ttl" or v.file.endswith("_base.ttl") for v in matching)
