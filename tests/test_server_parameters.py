"""Named-query parameters reach pyoxigraph as RDF terms in one VALUES data block, never as raw text."""

import pyoxigraph
import pytest
from rdflib import Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery

from aistd_kg.query.parameters import bind, data_block
from aistd_kg.query.terms import engine_terms

STORE = pyoxigraph.Store()
STORE.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://e/a"), pyoxigraph.NamedNode("http://e/p"), pyoxigraph.Literal(1)))
STORE.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://e/b"), pyoxigraph.NamedNode("http://e/p"), pyoxigraph.Literal(2)))


def run(form: str, text: str, **values):
    query, arguments = bind(form, text, engine_terms(values))
    return query, STORE.query(query, **arguments)


@pytest.mark.parametrize("text", [
    "SELECT ?s WHERE { ?s <http://e/p> ?n }",
    "SELECT ?s { ?s <http://e/p> ?n }",
    'PREFIX e: <http://e/>\n# a comment { with braces\nSELECT ?s (CONCAT("{", "(", \'\'\'}\'\'\') AS ?x) WHERE { ?s e:p ?n }',
    "SELECT ?s (EXISTS { ?s ?p ?o } AS ?e) WHERE { ?s <http://e/p> ?n }",
    "SELECT ?s (COUNT(*) AS ?c) WHERE { ?s <http://e/p> ?n } GROUP BY ?s",
    "SELECT ?s WHERE { { SELECT ?s ?n WHERE { ?s <http://e/p> ?n } } }",
])
def test_a_select_binds_unprojected_parameters(text):
    query, result = run("SELECT", text, n=Literal(2))
    assert [solution["s"].value for solution in result] == ["http://e/b"]
    block = 'VALUES (?n) { ("2"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    assert block in query
    assert query.replace(block, "").split() == text.split()


@pytest.mark.parametrize("form,text", [
    ("ASK", "ASK { ?s <http://e/p> ?n }"),
    ("CONSTRUCT", "CONSTRUCT { ?s a <http://e/T> } WHERE { ?s <http://e/p> ?n }"),
    ("CONSTRUCT", "CONSTRUCT WHERE { ?s <http://e/p> ?n }"),
    ("DESCRIBE", "DESCRIBE ?s WHERE { ?s <http://e/p> ?n }"),
])
def test_other_forms_bind_too(form, text):
    _, result = run(form, text, n=Literal(3))
    assert not (bool(result) if form == "ASK" else list(result))
    _, result = run(form, text, n=Literal(1))
    assert bool(result) if form == "ASK" else list(result)


def test_a_value_stays_one_term_whatever_it_holds():
    value = '1" } UNION { ?s ?p ?o } #'
    query, result = run("SELECT", "SELECT ?s WHERE { ?s ?p ?n }", n=Literal(value), s=URIRef("http://e/a"))
    assert list(result) == []
    values = prepareQuery(query).algebra.p.p.p1.p.res
    assert values == [{Variable("n"): Literal(value), Variable("s"): URIRef("http://e/a")}]


def test_an_iri_that_could_close_the_block_is_refused():
    with pytest.raises(ValueError, match="Invalid IRI"):
        engine_terms({"n": URIRef("http://e/a> } UNION { ?s ?p ?o")})


def test_a_serialization_that_is_not_one_term_is_refused():
    class Forged:
        def __str__(self):
            return '"x" ) } UNION { ?s ?p ?o } VALUES ?z { ("y"'

    with pytest.raises(ValueError, match="not a single RDF term"):
        data_block({"n": Forged()})
