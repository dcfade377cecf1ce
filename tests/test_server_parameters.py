"""Named-query parameters reach pyoxigraph as RDF terms: the query text gains only names, never values."""

import pyoxigraph
import pytest
from rdflib import Literal, URIRef

from aistd_kg.server.parameters import FUNCTION, bind

STORE = pyoxigraph.Store()
STORE.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://e/a"), pyoxigraph.NamedNode("http://e/p"), pyoxigraph.Literal(1)))
STORE.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://e/b"), pyoxigraph.NamedNode("http://e/p"), pyoxigraph.Literal(2)))


def run(form: str, text: str, **values):
    query, arguments = bind(form, text, values)
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
    assert "2" not in query.replace(text, "")


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


def test_values_never_enter_the_text():
    value = '1" } UNION { ?s ?p ?o } #'
    query, result = run("SELECT", "SELECT ?s WHERE { ?s ?p ?n }", n=Literal(value), s=URIRef("http://e/a"))
    assert value not in query and "http://e/a" not in query
    assert f"BIND(<{FUNCTION}n>() AS ?n)" in query
    assert list(result) == []
