"""The query mix: every named query with its defaults, plus the search / walk / join / DESCRIBE extras.

Each item is a ``Query`` with the SPARQL text every system runs and, for named queries,
the endpoint route ``/queries/<name>`` (the endpoint binds the defaults itself, as RDF
terms). For the peer and the raw engine the defaults are bound the same way for both: as
RDF terms in a ``VALUES`` clause inserted at the start of the query's WHERE group (where
the endpoint inserts its own binding), so the value is in scope in the whole group, as
with rdflib's ``initBindings``.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from aistd_kg.named_queries import load_queries
from aistd_kg.server.parameters import _where_group

QUERIES = Path(__file__).resolve().parent.parent / "queries"
PREFIXES = """PREFIX aistd: <https://w3id.org/aistd-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX std: <https://w3id.org/aistd-kg/id/standard/>
"""
FORM = re.compile(r"^\s*(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.I | re.M)


@dataclass(frozen=True)
class Query:
    """One query of the mix."""

    name: str
    kind: str      # "named" or the extra's family (lookup, search, walk, aggregate, join, describe)
    text: str      # what the peer and the raw engine run (defaults bound by VALUES)
    route: str     # the endpoint's URL path and query string
    graph: bool = False  # CONSTRUCT / DESCRIBE: an RDF answer, not a table


def with_values(text: str, bindings: dict) -> str:
    """The query with the bindings (Variable -> rdflib term) as a VALUES clause opening its WHERE group."""
    if not bindings:
        return text
    form = FORM.search(re.sub(r"#[^\n]*", "", text)).group(1).upper()
    start = _where_group(form, text)
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term.n3() for term in bindings.values())
    return f"{text[:start]} VALUES ({names}) {{ ({terms}) }} {text[start:]}"


EXTRAS = {
    "lookup-identifier": ("lookup", 'SELECT ?s ?label { ?s dcterms:identifier "ISO/IEC 42001:2023" ; rdfs:label ?label }'),
    "search-id-42001": ("search", 'SELECT ?s ?id { ?s dcterms:identifier ?id FILTER(CONTAINS(?id, "42001")) } LIMIT 100'),
    "search-id-iso-iec-42001": ("search", 'SELECT ?s ?id { ?s dcterms:identifier ?id FILTER(CONTAINS(?id, "ISO/IEC 42001")) } LIMIT 100'),
    "search-id-gbt-45288": ("search", 'SELECT ?s ?id { ?s dcterms:identifier ?id FILTER(CONTAINS(?id, "GB/T 45288")) } LIMIT 100'),
    "search-label-zh": ("search", 'SELECT ?s ?l { ?s rdfs:label|skos:prefLabel ?l '
                                  'FILTER(LANG(?l) = "zh" && CONTAINS(?l, "知识图谱")) } LIMIT 100'),
    "search-label-en": ("search", 'SELECT ?s ?l { ?s rdfs:label|skos:prefLabel ?l '
                                  'FILTER(LANG(?l) = "en" && CONTAINS(LCASE(?l), "management system")) } LIMIT 100'),
    "walk-ancestors": ("walk", "SELECT ?a { <https://w3id.org/aistd-kg/id/category/syn-3-2-3-4-1> skos:broader* ?a }"),
    "walk-descendants": ("walk", "SELECT (COUNT(?c) AS ?n) { ?c skos:broader* "
                                 "<https://w3id.org/aistd-kg/id/category/syn-3-2> }"),
    "aggregate-status-type": ("aggregate", "SELECT ?status ?type (COUNT(?s) AS ?n) "
                                           "{ ?s a aistd:Standard ; aistd:status ?status ; aistd:standardType ?type } "
                                           "GROUP BY ?status ?type ORDER BY DESC(?n)"),
    "join-crosswalk": ("join", "SELECT ?fa ?fb ?p (COUNT(?m) AS ?n) { ?m a aistd:Mapping ; aistd:mappingSubject ?a ; "
                               "aistd:mappingPredicate ?p ; aistd:mappingObject ?b . ?a skos:inScheme ?fa . "
                               "?b skos:inScheme ?fb } GROUP BY ?fa ?fb ?p"),
    "describe-standard": ("describe", "DESCRIBE std:iso-iec-42001-2023"),
}


def mix() -> list[Query]:
    """The whole mix, named queries first, in a fixed order."""
    items = [Query(q.name, "named", with_values(q.text, q.bindings()), f"/queries/{q.name}",
                   graph=FORM.search(re.sub(r"#[^\n]*", "", q.text)).group(1).upper() in ("CONSTRUCT", "DESCRIBE"))
             for q in load_queries(QUERIES).values()]
    for name, (kind, body) in EXTRAS.items():
        text = PREFIXES + body
        items.append(Query(name, kind, text, "/sparql", graph=kind == "describe"))
    return items
