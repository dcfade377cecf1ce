"""The VoID / DCAT description of the dataset: what it holds, counted, and where it comes from.

The figures come from SPARQL CONSTRUCT queries over the union of the named graphs, so the
same queries describe a release (on an in-memory pyoxigraph copy, ``in_memory``) and the
graph a server is serving (on its store, run by the query workers). What they state:

- ``void:triples``: distinct triples of the union; ``void:distinctSubjects``,
  ``void:distinctObjects``, ``void:properties``, ``void:classes`` over the same triples;
- ``void:entities``: the typed IRIs under ``void:uriSpace`` (https://w3id.org/aistd-kg/id/);
- one ``void:classPartition`` per class: ``void:entities``, its instances that are IRIs,
  and ``void:distinctSubjects``, all its instances (citations are blank nodes);
- one ``void:propertyPartition`` per property with its ``void:triples``;
- ``dcterms:language``: each language of a literal, as a Library of Congress ISO 639-1 IRI;
- ``dcterms:source``: the source documents (``aistd:SourceDocument``);
- ``dcterms:license``: the licence the ontology states (the README: ontology and data CC BY 4.0).

The dataset is https://w3id.org/aistd-kg/dataset (DATASET); a release is a version of it.
"""

from collections.abc import Callable

import pyoxigraph
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID

from ..namespaces import BASE, ID, bind
from ..prefixes import PREFIXES, prologue, select

DATASET = URIRef(BASE + "dataset")
DCAT3 = Namespace(str(DCAT))  # DCAT 3 terms (version, previousVersion, hasVersion) rdflib does not list
SPDX = Namespace(PREFIXES["spdx"])
ISO639_1 = "http://id.loc.gov/vocabulary/iso639-1/"
TITLE = {"en": "aistd-kg: a knowledge graph of AI standardization", "zh": "人工智能标准化知识图谱"}
DESCRIPTION = {
    "en": "Who makes AI standards, how the standard systems are organized, which standards exist or are "
          "planned, and how all of it relates; every fact with the source it comes from.",
    "zh": "谁在制定人工智能标准、标准体系如何组织、有哪些已发布和拟研制的标准，以及它们之间的关系；"
          "每条事实均注明来源。",
}
PROLOGUE = prologue(select("void", "dcterms", "aistd"))
STATISTICS = tuple(PROLOGUE + query for query in (
    """CONSTRUCT { <%(dataset)s> void:triples ?triples ; void:distinctSubjects ?subjects ;
        void:distinctObjects ?objects ; void:properties ?properties ; void:classes ?classes ; void:entities ?entities }
    WHERE {
      { SELECT (COUNT(*) AS ?triples) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } } }
      { SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects) (COUNT(DISTINCT ?p) AS ?properties)
        { ?s ?p ?o } }
      { SELECT (COUNT(DISTINCT ?c) AS ?classes) { ?x a ?c } }
      { SELECT (COUNT(DISTINCT ?e) AS ?entities) { ?e a ?c FILTER(STRSTARTS(STR(?e), "%(space)s")) } }
    }""",
    """CONSTRUCT { <%(dataset)s> void:classPartition _:partition .
        _:partition void:class ?class ; void:entities ?entities ; void:distinctSubjects ?instances }
    WHERE { { SELECT ?class (COUNT(DISTINCT ?x) AS ?instances) { ?x a ?class } GROUP BY ?class }
            OPTIONAL { SELECT ?class (COUNT(DISTINCT ?x) AS ?iris) { ?x a ?class FILTER(isIRI(?x)) } GROUP BY ?class }
            BIND(COALESCE(?iris, 0) AS ?entities) }""",
    """CONSTRUCT { <%(dataset)s> void:propertyPartition _:partition .
        _:partition void:property ?property ; void:triples ?n }
    WHERE { SELECT ?property (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?property ?o { ?s ?property ?o } }
            GROUP BY ?property }""",
    """CONSTRUCT { <%(dataset)s> dcterms:language ?language }
    WHERE { { SELECT DISTINCT ?tag { ?s ?p ?o FILTER(isLiteral(?o) && LANG(?o) != "") BIND(LCASE(LANG(?o)) AS ?tag) } }
            BIND(IRI(CONCAT("%(languages)s", STRBEFORE(CONCAT(?tag, "-"), "-"))) AS ?language) }""",
    """CONSTRUCT { <%(dataset)s> dcterms:source ?document } WHERE { ?document a aistd:SourceDocument }""",
    """CONSTRUCT { <%(dataset)s> dcterms:license ?licence } WHERE { <%(ontology)s> dcterms:license ?licence }""",
))


def describe(construct: Callable[[str], Graph], subject: URIRef) -> Graph:
    """The description of the dataset as subject: titles, kind, the figures the construct function computes."""
    graph = bind(Graph(), ("void", "dcat", "dcterms", "spdx", "foaf", "owl", "aistd"))
    graph.add((subject, RDF.type, VOID.Dataset))
    graph.add((subject, RDF.type, DCAT.Dataset))
    for language in TITLE:
        graph.add((subject, DCTERMS.title, Literal(TITLE[language], lang=language)))
        graph.add((subject, DCTERMS.description, Literal(DESCRIPTION[language], lang=language)))
    graph.add((subject, VOID.uriSpace, Literal(str(ID))))
    values = {"dataset": subject, "space": ID, "languages": ISO639_1, "ontology": BASE + "ontology"}
    for query in STATISTICS:
        graph += construct(query % values)
    return graph


def in_memory(nquads: bytes) -> Callable[[str], Graph]:
    """A construct function over an in-memory pyoxigraph store of these N-Quads (default graph: the union)."""
    store = pyoxigraph.Store()
    store.load(nquads, format=pyoxigraph.RdfFormat.N_QUADS)

    def construct(query: str) -> Graph:
        triples = store.query(query, use_default_graph_as_union=True)
        return Graph().parse(data=triples.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES), format="nt")

    return construct

