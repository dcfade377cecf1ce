"""The VoID / DCAT description of the graph being served, at /.well-known/void (RFC 8615, VoID §7.2).

It describes https://w3id.org/aistd-kg/dataset as this server serves it: the figures of
publish/void.py, counted on the served store by the query workers (once per store), the SPARQL
endpoint (``void:sparqlEndpoint``) and when the store was published (``dcterms:issued``,
as in the service description, which links here with ``rdfs:seeAlso``). The document
says what it describes (``void:DatasetDescription``, ``foaf:primaryTopic``). Turtle by
default; JSON-LD, N-Triples, RDF/XML by ``Accept`` or ``format``. The dataset IRI itself,
``/dataset``, answers 303 See Other to this document.
"""

from flask import Blueprint, Response, redirect, request, url_for
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, VOID, XSD

from ..publish import void
from ..query.formats import GRAPH, not_acceptable
from .negotiation import choose
from .service import current_service

bp = Blueprint("dataset", __name__)
WELL_KNOWN_VOID = "/.well-known/void"
_figures: dict[tuple[str, str], Graph] = {}  # (store, artifact digest) -> the description publish/void.py computes


@bp.route(WELL_KNOWN_VOID)
def description():
    """The VoID description of the served dataset, in the format asked for."""
    chosen = choose(GRAPH, request.headers.get("Accept"), request.args.get("format"))
    if chosen is None:
        raise not_acceptable(GRAPH)
    service = current_service()
    served = service.manifest()
    key = (str(service.store()), served.get("sha256", ""))
    if key not in _figures:
        _figures.clear()
        _figures[key] = void.describe(service.construct, void.DATASET)
    graph = Graph() + _figures[key]  # a copy, with its prefixes
    document = URIRef(url_for(".description", _external=True))
    graph.add((document, RDF.type, VOID.DatasetDescription))
    graph.add((document, FOAF.primaryTopic, void.DATASET))
    graph.add((void.DATASET, VOID.sparqlEndpoint, URIRef(url_for("sparql.endpoint", _external=True))))
    graph.add((void.DATASET, DCTERMS.issued, Literal(served["published"], datatype=XSD.dateTime)))
    response = Response(graph.serialize(format=chosen.media_type, encoding="utf-8"), content_type=chosen.media_type)
    response.vary.add("Accept")
    return response


@bp.route("/dataset")
def dataset():
    """303 from the dataset's IRI to its description."""
    return redirect(url_for(".description"), 303)
