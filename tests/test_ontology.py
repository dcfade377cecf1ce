"""The ontology is OWL 2 that HermiT finds consistent, and every term is documented in zh and en."""

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from aistd_kg.build.reasoning import InconsistentOntology, check_consistency
from aistd_kg.namespaces import AISTD

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"


@pytest.fixture(scope="module")
def ontology():
    graph = Graph()
    for name in ("aistd.ttl", "external.ttl", "vocabularies.ttl"):
        graph.parse(ONTOLOGY / name)
    return graph


def own_terms(graph):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return sorted({s for kind in kinds for s in graph.subjects(RDF.type, kind) if str(s).startswith(str(AISTD))})


def test_ontology_header(ontology):
    header = URIRef("https://w3id.org/aistd-kg/ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionIRI) == URIRef("https://w3id.org/aistd-kg/ontology/0.1.0")


def test_every_term_has_label_and_comment_in_both_languages(ontology):
    terms = own_terms(ontology)
    assert len(terms) > 80
    for term in terms:
        for predicate in (RDFS.label, RDFS.comment):
            languages = sorted(o.language for o in ontology.objects(term, predicate))
            assert languages == ["en", "zh"], f"{term} {predicate}: {languages}"
        assert ontology.value(term, RDFS.isDefinedBy) == URIRef("https://w3id.org/aistd-kg/ontology"), term


def test_external_terms_are_declared_apart_and_imported():
    """aistd.ttl declares only its own terms and imports external.ttl, which declares only others' terms."""
    own, external = Graph().parse(ONTOLOGY / "aistd.ttl"), Graph().parse(ONTOLOGY / "external.ttl")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

    def declared(graph):
        return {s for kind in kinds for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}

    imported = URIRef("https://w3id.org/aistd-kg/graph/external")
    assert (URIRef("https://w3id.org/aistd-kg/ontology"), OWL.imports, imported) in own
    assert (imported, RDF.type, OWL.Ontology) in external
    assert not {term for term in declared(own) if not str(term).startswith(str(AISTD))}
    assert len(declared(external)) > 40 and not {term for term in declared(external) if str(term).startswith(str(AISTD))}


def test_w3c_vocabularies_are_specialised_not_twinned(ontology):
    assert (AISTD.Framework, RDFS.subClassOf, URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme")) in ontology
    assert (AISTD.Category, RDFS.subClassOf, URIRef("http://www.w3.org/2004/02/skos/core#Concept")) in ontology
    assert (AISTD.CommitteeUnit, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#OrganizationalUnit")) in ontology


def test_ontology_is_consistent_under_hermit(ontology):
    check_consistency(ontology)


def test_an_inconsistent_variant_is_caught(ontology):
    variant = Graph()
    variant += ontology
    thing = URIRef("https://w3id.org/aistd-kg/id/test/thing")
    variant.add((thing, RDF.type, AISTD.Document))
    variant.add((thing, RDF.type, AISTD.Category))
    with pytest.raises(InconsistentOntology):
        check_consistency(variant)


def test_an_unsatisfiable_class_axiom_is_caught(ontology):
    variant = Graph()
    variant += ontology
    variant.add((AISTD.Subcommittee, RDFS.subClassOf, AISTD.Document))
    variant.add((URIRef("https://w3id.org/aistd-kg/id/test/sc"), RDF.type, AISTD.Subcommittee))
    variant.add((URIRef("https://w3id.org/aistd-kg/id/test/sc"), RDFS.label, Literal("x")))
    with pytest.raises(InconsistentOntology):
        check_consistency(variant)
