"""Derive direct properties from the n-ary relations, by the CONSTRUCT rules in ontology/rules."""

from pathlib import Path

from rdflib import Dataset

from ..namespaces import DERIVED_GRAPH


def apply_rules(dataset: Dataset, rules_dir: Path) -> int:
    """Run every rule over the union graph, add what it constructs to the derived graph.

    Returns the number of derived triples that were not already asserted.
    """
    constructed: set = set()
    for rule in sorted(rules_dir.glob("*.rq")):
        constructed.update(dataset.query(rule.read_text(encoding="utf-8")))
    derived = dataset.graph(DERIVED_GRAPH)
    for triple in constructed:
        if next(dataset.triples(triple), None) is None:
            derived.add(triple)
    return len(derived)
