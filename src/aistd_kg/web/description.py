"""The SPARQL 1.1 Service Description of the endpoint: formats, features, limits, dataset.

The dataset is described as it is served: the default graph is the union of the named
graphs (sd:UnionDefaultGraph), and each named graph (one per data file) is listed with its
number of triples (void:triples). The limits have no standard terms; they use the
server's own, under https://w3id.org/aistd-kg/service# (queryTimeLimit in seconds,
maxResultBytes, maxQueryLength in characters).

The default dataset is https://w3id.org/aistd-kg/dataset, typed void:Dataset as well (VoID,
"Using VoID with the SPARQL Service Description vocabulary"), with rdfs:seeAlso its VoID /
DCAT description at /.well-known/void (dataset.py).
"""

from urllib.parse import urljoin

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID, XSD

from ..publish.void import DATASET
from ..query.formats import GRAPH, TABULAR
from .dataset import WELL_KNOWN_VOID
from .settings import Settings

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
LIMITS = Namespace("https://w3id.org/aistd-kg/service#")
FORMAT_IRIS = {
    "application/sparql-results+json": FORMATS.SPARQL_Results_JSON,
    "application/sparql-results+xml": FORMATS.SPARQL_Results_XML,
    "text/csv": FORMATS.SPARQL_Results_CSV,
    "text/tab-separated-values": FORMATS.SPARQL_Results_TSV,
    "text/turtle": FORMATS.Turtle,
    "application/ld+json": FORMATS["JSON-LD"],
    "application/n-triples": FORMATS["N-Triples"],
    "application/rdf+xml": FORMATS.RDF_XML,
}


def describe(endpoint: str, settings: Settings, manifest: dict) -> Graph:
    """The description of the endpoint at this IRI serving the store with this manifest."""
    graph = Graph()
    for prefix, namespace in (("sd", SD), ("void", VOID), ("dcterms", DCTERMS), ("limits", LIMITS), ("formats", FORMATS)):
        graph.bind(prefix, namespace)
    service, dataset, default = URIRef(endpoint), DATASET, BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, DCTERMS.title, Literal("aistd-kg: a knowledge graph of AI standardization", lang="en")))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for media_type in (f.media_type for f in TABULAR + GRAPH):
        graph.add((service, SD.resultFormat, FORMAT_IRIS[media_type]))
    graph.add((service, LIMITS.queryTimeLimit, Literal(str(settings.timeout), datatype=XSD.decimal)))
    graph.add((service, LIMITS.maxResultBytes, Literal(settings.max_result_bytes)))
    graph.add((service, LIMITS.maxQueryLength, Literal(settings.max_query_length)))
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDFS.seeAlso, URIRef(urljoin(endpoint, WELL_KNOWN_VOID))))
    graph.add((dataset, DCTERMS.issued, Literal(manifest["published"], datatype=XSD.dateTime)))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, Literal(manifest["triples"])))
    for name, triples in manifest["graphs"].items():
        named, described = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, Literal(triples)))
    return graph
