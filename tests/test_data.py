"""The project's own data builds: it parses, conforms to every shape and is logically consistent."""

from aistd_kg.namespaces import AISTD


def test_data_conforms_to_the_shapes(built):
    assert [str(v) for v in built.errors] == []


def test_data_is_consistent_with_the_ontology(built):
    assert built.inconsistency is None


def test_every_data_file_has_its_own_named_graph(kg):
    names = {str(g.identifier) for g in kg.graphs() if len(g)}
    for stem in ("core", "aistd", "vocabularies", "derived"):
        assert f"https://w3id.org/aistd-kg/graph/{stem}" in names


def test_every_source_document_is_in_the_graph(kg, seeds_dir):
    files = {str(o) for o in kg.objects(None, AISTD.seedFile)}
    assert files == {p.name for p in seeds_dir.glob("0*.txt")}

