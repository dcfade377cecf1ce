"""The query mix: every named query with its defaults, plus the search / walk / join / DESCRIBE extras.

Each item is a ``Query`` with the SPARQL text the peer and the raw engine run and the
route the endpoint gets: ``/queries/<name>`` for a named query (the endpoint binds the
defaults itself), ``/search?q=…`` for a label or identifier search (the endpoint's text
index; the others run the FILTER query), else the SPARQL text. For the peer and the raw
engine the defaults are bound as the endpoint binds them (NamedQuery.text_with_defaults: a
VALUES data block opening the WHERE group), so the value is in scope in the whole group,
as with rdflib's ``initBindings``.
"""

import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from aistd_kg.query.guard import check
from aistd_kg.query.named_queries import load_queries

QUERIES = Path(__file__).resolve().parent.parent / "queries"
PREFIXES = """PREFIX aistd: <https://w3id.org/aistd-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX std: <https://w3id.org/aistd-kg/id/standard/>
"""
LOOKUP = "lookup-identifier"  # the identifier lookup as SPARQL text
NAMED_LOOKUP = "beijing-standard-record"  # a lookup as a named query
FIRST_RUN = "first-run"  # the identifier lookup as a text new to the endpoint each time (bench/peers.py)


@dataclass(frozen=True)
class Query:
    """One query of the mix."""

    name: str
    kind: str      # "named" or the extra's family (lookup, search, walk, aggregate, join, describe)
    text: str      # what the peer and the raw engine run (defaults bound by VALUES)
    route: str     # the endpoint's URL path and query string ("/sparql": the text)
    graph: bool = False  # CONSTRUCT / DESCRIBE: an RDF answer, not a table


# What the endpoint's /search is asked for each search of the mix (the text index of the endpoint).
SEARCHES = {"search-id-42001": "42001", "search-id-iso-iec-42001": "ISO/IEC 42001", "search-id-gbt-45288": "GB/T 45288",
            "search-label-zh": "知识图谱", "search-label-en": "management system"}
EXTRAS = {
    LOOKUP: ("lookup", 'SELECT ?s ?label { ?s dcterms:identifier "ISO/IEC 42001:2023" ; rdfs:label ?label }'),
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
    items = [Query(q.name, "named", q.text_with_defaults(), f"/queries/{q.name}",
                   graph=not check(q.text, None, None).tabular) for q in load_queries(QUERIES).values()]
    for name, (kind, body) in EXTRAS.items():
        text = PREFIXES + body
        route = f"/search?{urllib.parse.urlencode({'q': SEARCHES[name]})}" if name in SEARCHES else "/sparql"
        items.append(Query(name, kind, text, route, graph=kind == "describe"))
    return items
