"""Each SHACL constraint catches the violation it exists for, with its plain-language message.

A case in tests/shape_cases/ adds a small fixture to a valid base; its first line reads
`# expect: <node> | <message fragment>`.
"""

from pathlib import Path

import pytest

from aistd_kg.build.derive import apply_rules
from aistd_kg.build.loading import Layout, load_dataset, parse_turtle
from aistd_kg.build.validation import validate

REPO = Path(__file__).resolve().parents[1]
CASES = Path(__file__).parent / "shape_cases"
LAYOUT = Layout(REPO)


@pytest.fixture(scope="module")
def shapes():
    return parse_turtle(LAYOUT.shapes_file)


def violations_with(shapes, *files):
    dataset = load_dataset(LAYOUT.ontology_files + [CASES / "_base.ttl", *files])
    apply_rules(dataset, LAYOUT.rules_dir)
    return [v for v in validate(dataset, shapes) if v.severity == "Violation"]


def test_the_base_is_valid(shapes):
    assert violations_with(shapes) == []


@pytest.mark.parametrize("case", sorted(p.stem for p in CASES.glob("[!_]*.ttl")))
def test_case_is_caught(shapes, case):
    path = CASES / f"{case}.ttl"
    node, fragment = (part.strip() for part in path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect:").split("|"))
    found = violations_with(shapes, path)
    matching = [v for v in found if v.node == node and fragment in v.message]
    assert matching, f"expected {node}: '{fragment}', got: " + "; ".join(map(str, found))
    assert all(v.file == f"data/{case}.ttl" or v.file.endswith("_base.ttl") for v in matching)
