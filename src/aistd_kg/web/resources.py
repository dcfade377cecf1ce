"""Dereferenceable IRIs: the namespace https://w3id.org/aistd-kg/ mapped to this server's paths.

``/id/…`` (entities), ``/vocab/…`` (controlled values), ``/graph/…`` (named graphs),
``/ontology`` and ``/shapes`` (the ontology and the SHACL shapes; their hash IRIs land on
anchors of their pages) are served as in
W3C "Cool URIs for the Semantic Web" with **303 See Other**: the IRI names a thing, not a
document, so a GET on it answers 303 to the document in the format Accept asks for
(``.html`` for browsers, ``.ttl`` by default, ``.jsonld``, ``.nt``, ``.rdf``), with
``Vary: Accept``; the documents answer 200. An IRI the graph does not know gets a 404 that
suggests near matches (by label and slug similarity, for slugs of at most MAX_SUGGESTED_SLUG
characters) — HTML for browsers, JSON otherwise.

The description of an entity is what the union graph says about it: every triple with it
as subject, plus the triples of blank nodes reached from it through at most two blank
nodes (its citations and their parts) — a concise bounded description without reified
statements. HTML pages read as records (record.py): the labels of linked nodes, a summary by
type, grouped properties and the incoming links (at most LIMIT_INCOMING) grouped by property.
A graph's document is its triples; the ontology's and the shapes' are their graphs (DOCUMENT_GRAPHS).
``/context.jsonld`` serves the JSON-LD context; JSON-LD documents are compacted with it. Queries
run on the pool like any other (query/engine.py).
"""

import difflib
import re

from flask import Blueprint, Response, redirect, render_template, request, send_file
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..namespaces import AISTD, BASE, bind
from ..namespaces import GRAPH as GRAPHS
from ..prefixes import QUERY_PREFIXES
from ..publish import jsonld
from ..query.answers import Refusal
from ..query.formats import GRAPH, HTML, not_acceptable
from . import language
from .feeds import feed_path
from .labels import href, label_of, labelled
from .negotiation import choose
from .record import record
from .service import current_service

bp = Blueprint("resources", __name__)
EXTENSIONS = {"ttl": GRAPH[0], "jsonld": GRAPH[1], "nt": GRAPH[2], "rdf": GRAPH[3], "html": HTML}
OFFERED = GRAPH + (HTML,)
SAFE_PATH = re.compile(r"^[A-Za-z0-9._~/-]+$")
ONTOLOGY = BASE + "ontology"
DOCUMENT_GRAPHS = {ONTOLOGY: GRAPHS["aistd"], BASE + "shapes": GRAPHS["shapes"]}  # IRIs whose document is a graph
LIMIT_INCOMING = 500
MAX_SUGGESTED_SLUG = 120  # similarity costs the product of the lengths: longer slugs get no suggestions
# ?this is bound to the IRI asked for
DESCRIBE = """CONSTRUCT { ?s ?p ?o } WHERE {
  { ?this ?p ?o BIND(?this AS ?s) }
  UNION { ?this ?p1 ?s FILTER isBlank(?s) ?s ?p ?o }
  UNION { ?this ?p1 ?b FILTER isBlank(?b) ?b ?p2 ?s FILTER isBlank(?s) ?s ?p ?o } }"""
GRAPH_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?this { ?s ?p ?o } }"
INCOMING = f"CONSTRUCT {{ ?s ?p ?this }} WHERE {{ ?s ?p ?this FILTER(!isBlank(?s)) }} LIMIT {LIMIT_INCOMING}"
ALL_LABELS = f"CONSTRUCT {{ ?n rdfs:label ?l }} WHERE {{ ?n rdfs:label|skos:prefLabel ?l FILTER(STRSTARTS(STR(?n), '{BASE}')) }}"


@bp.route("/id/<path:path>")
@bp.route("/vocab/<path:path>")
@bp.route("/graph/<path:path>")
@bp.route("/ontology", defaults={"path": ""})
@bp.route("/ontology.<path:path>")
@bp.route("/shapes", defaults={"path": ""}, endpoint="shapes")  # an endpoint of its own: two rules of one endpoint
@bp.route("/shapes.<path:path>", endpoint="shapes")             # with the same defaults redirect to each other
def resource(path: str):
    """303 from a thing's IRI to its document; 200 with the document at an IRI with an extension."""
    local = request.path.lstrip("/")
    stem, _, extension = local.rpartition(".")
    if extension in EXTENSIONS and stem and SAFE_PATH.match(stem):
        return _document(BASE + stem, EXTENSIONS[extension])
    if not SAFE_PATH.match(local):
        raise Refusal(404, "unknown-iri", "not an IRI of this graph")
    chosen = choose(OFFERED, request.headers.get("Accept"), None)
    if chosen is None:
        raise not_acceptable(OFFERED)
    if _describe(BASE + local) is None:
        return _not_found(BASE + local, chosen)
    extension = next(name for name, f in EXTENSIONS.items() if f is chosen)
    response = redirect(f"/{local}.{extension}", 303)
    response.vary.add("Accept")
    return response


@bp.route("/context.jsonld")
def context():
    """The JSON-LD context of exports and JSON-LD documents."""
    path = (current_service().settings.root / jsonld.CONTEXT_FILE).resolve()
    return send_file(path, mimetype="application/ld+json", max_age=3600)


def _document(iri: str, chosen) -> Response:
    graph = _describe(iri)
    if graph is None:
        return _not_found(iri, chosen)
    body: str | bytes
    if chosen is HTML:
        body = _page(iri, graph)
    elif chosen is GRAPH[1]:
        body = jsonld.dumps(jsonld.compact(graph, jsonld.load_context(current_service().settings.root)))
    else:
        body = bind(graph, QUERY_PREFIXES).serialize(format=chosen.media_type, encoding="utf-8")
    charset = "; charset=utf-8" if chosen.media_type.startswith("text/") else ""
    return Response(body, content_type=chosen.media_type + charset)


def _describe(iri: str) -> Graph | None:
    """The description of iri (see the module docstring); None when the graph says nothing of it."""
    construct = current_service().construct
    if iri in DOCUMENT_GRAPHS:
        graph = construct(GRAPH_TRIPLES, {"this": DOCUMENT_GRAPHS[iri]})
    elif iri.startswith(str(GRAPHS)):
        graph = construct(GRAPH_TRIPLES, {"this": URIRef(iri)})
    else:
        graph = construct(DESCRIBE, {"this": URIRef(iri)})
    return graph if len(graph) else None


def _not_found(iri: str, chosen) -> Response:
    """404 with the IRIs whose slug or label is nearest to the one asked for (none for a slug too long to be one)."""
    labels = current_service().construct(ALL_LABELS)
    asked = iri[len(BASE):].rsplit("/", 1)[-1].replace("-", " ").lower()
    near = _nearest(asked, labels) if len(asked) <= MAX_SUGGESTED_SLUG else []
    if chosen is HTML:
        body = render_template("resources/not_found.html", iri=iri, near=[(href(n), label_of(labels, n)) for n in near])
        return Response(body, 404, content_type="text/html; charset=utf-8")
    raise Refusal(404, "unknown-iri", f"the graph says nothing about {iri}", suggestions=[str(n) for n in near])


def _nearest(asked: str, labels: Graph, count: int = 8, floor: float = 0.5) -> list:
    """The nodes whose slug or label is most similar to the text asked for (difflib's ratio above floor).

    The asked text is prepared once (difflib indexes its second sequence), and the cheap upper
    bounds of the ratio rule most texts out before the ratio itself is computed.
    """
    matcher: difflib.SequenceMatcher = difflib.SequenceMatcher(None)
    matcher.set_seq2(asked)
    scored: dict = {}
    for node, label in labels.subject_objects(RDFS.label):
        for text in (str(node)[len(BASE):].rsplit("/", 1)[-1].replace("-", " "), str(label).lower()):
            matcher.set_seq1(text)
            if matcher.real_quick_ratio() > floor and matcher.quick_ratio() > floor:
                scored[node] = max(matcher.ratio(), scored.get(node, 0.0))
    return [node for node, score in sorted(scored.items(), key=lambda item: -item[1])[:count] if score > floor]


def _page(iri: str, graph: Graph) -> str:
    """The HTML page of a thing, an ontology or a graph."""
    subject = URIRef(iri)
    construct = current_service().construct
    whole_graph = iri in DOCUMENT_GRAPHS or iri.startswith(str(GRAPHS))
    incoming = Graph() if whole_graph else construct(INCOMING, {"this": subject})
    nodes = {n for t in (*graph, *incoming) for n in t if isinstance(n, URIRef)} - {subject}
    if whole_graph:
        return render_template("resources/graph.html", iri=iri, view=labelled(nodes, graph), graph=graph,
                               comment=RDFS.comment, sections=_sections(graph, iri == ONTOLOGY), extensions=EXTENSIONS)
    read = record(subject, graph, incoming, language.chosen())
    view = labelled(nodes | read.nodes(), graph + incoming, context=True)
    citations = [c for c in graph.objects(subject, AISTD.citation) if isinstance(c, BNode)]
    return render_template("resources/thing.html", iri=iri, subject=subject, view=view, graph=graph, record=read,
                           citations=citations, rdf_type=RDF.type, extensions=EXTENSIONS, feed=feed_path(iri))


def _sections(graph: Graph, ontology: bool) -> list[tuple[str, list]]:
    """(title, IRIs) to list: the ontology's classes and properties, or a graph's subjects."""
    subjects = sorted({s for s in graph.subjects() if isinstance(s, URIRef)})
    if not ontology:
        return [("Subjects", subjects)]
    kinds = ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty")
    return [(f"owl:{kind}", [s for s in subjects if (s, RDF.type, OWL[kind]) in graph and s.startswith(AISTD)])
            for kind in kinds]
