"""The named queries described in RDF, as model query collections describe theirs: each an
executable of SHACL's advanced features (``sh:SPARQLSelectExecutable`` and its kin) with its
title and description in zh and en, its SPARQL text and its parameters.

A query is ``https://w3id.org/aistd-kg/id/query/<name>``; it runs at
``https://w3id.org/aistd-kg/queries/<name>`` (``foaf:page``). A parameter is an
``sh:Parameter`` whose ``sh:path`` has the variable's name as its local name (as SHACL
parameters do), with its label, kind, default and place in the form.
"""

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SH, XSD

from ..namespaces import BASE, ID
from .guard import check
from .named_queries import NamedQuery, Parameter

FORMS = {  # the query's form: its executable class and the property holding its text
    "SELECT": (SH.SPARQLSelectExecutable, SH.select),
    "ASK": (SH.SPARQLAskExecutable, SH.ask),
    "CONSTRUCT": (SH.SPARQLConstructExecutable, SH.construct),
    "DESCRIBE": (SH.SPARQLExecutable, RDF.value),  # SHACL has neither a class nor a property for DESCRIBE
}
KIND_TYPES = {"string": XSD.string, "integer": XSD.integer, "date": XSD.date}


def query_iri(name: str) -> URIRef:
    """The IRI of a named query."""
    return URIRef(f"{ID}query/{name}")


def describe_queries(queries: dict[str, NamedQuery]) -> Graph:
    """A graph describing every query: its form, labels, text and parameters."""
    graph = Graph()
    for query in queries.values():
        _describe(graph, query)
    return graph


def _describe(graph: Graph, query: NamedQuery) -> None:
    node = query_iri(query.name)
    form, text_property = FORMS[check(query.text, None, None).form]
    graph.add((node, RDF.type, form))
    graph.add((node, DCTERMS.identifier, Literal(query.name)))
    for language in ("en", "zh"):
        graph.add((node, RDFS.label, Literal(query.title_in(language), lang=language)))
        if query.description:
            graph.add((node, DCTERMS.description, Literal(query.description_in(language), lang=language)))
    graph.add((node, text_property, Literal(query.text)))
    graph.add((node, FOAF.page, URIRef(f"{BASE}queries/{query.name}")))
    for order, parameter in enumerate(query.parameters):
        graph.add((node, SH.parameter, _parameter(graph, node, parameter, order)))


def _parameter(graph: Graph, query: URIRef, parameter: Parameter, order: int) -> BNode:
    node = BNode()
    graph.add((node, RDF.type, SH.Parameter))
    graph.add((node, SH.path, URIRef(f"{query}#{parameter.name}")))
    graph.add((node, SH.order, Literal(order)))
    for language in ("en", "zh"):
        graph.add((node, SH.name, Literal(parameter.label(language), lang=language)))
    if parameter.kind == "iri":
        graph.add((node, SH.nodeKind, SH.IRI))
    else:
        graph.add((node, SH.datatype, KIND_TYPES[parameter.kind]))
    graph.add((node, SH.defaultValue, parameter.term(parameter.default)))
    return node
