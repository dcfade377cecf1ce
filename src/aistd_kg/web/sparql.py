"""The /sparql endpoint (SPARQL 1.1 Protocol, queries only) and its service description."""

from flask import Blueprint, Response, render_template, request, url_for

from ..prefixes import QUERY_PREFIXES
from ..query.formats import GRAPH, HTML, TABULAR, not_acceptable
from . import protocol
from .description import describe
from .negotiation import choose
from .service import current_service

bp = Blueprint("sparql", __name__)


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    """Answer a query, or describe the service when a GET carries none."""
    service = current_service()
    asked = protocol.read(request, service.settings.max_query_length)
    if asked is None:
        return _description(service)
    return service.answer(asked.query, asked.default_graphs, asked.named_graphs)


def _description(service) -> Response:
    offered = GRAPH + (HTML,)
    chosen = choose(offered, request.headers.get("Accept"), request.args.get("format"))
    if chosen is None:
        raise not_acceptable(offered)
    endpoint_iri = url_for(".endpoint", _external=True)
    served = service.manifest()
    if chosen is HTML:
        body = render_template("sparql/service.html", endpoint=endpoint_iri, manifest=served,
                               settings=service.settings, formats=TABULAR + GRAPH, prefixes=QUERY_PREFIXES)
        response = Response(body, content_type="text/html; charset=utf-8")
    else:
        graph = describe(endpoint_iri, service.settings, served)
        response = Response(graph.serialize(format=chosen.media_type, encoding="utf-8"), content_type=chosen.media_type)
    response.vary.add("Accept")
    return response
