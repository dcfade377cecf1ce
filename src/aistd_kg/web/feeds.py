"""Atom feeds of the catalogue's lifecycle events: the whole catalogue, a committee (and the groups under
it), a standard or a framework category; ``?lang=zh`` for Chinese titles.

The events are the answer of the named query ``lifecycle-events``; the feed is built by publish/feeds.
"""

from flask import Blueprint, Response, request, url_for
from rdflib import Literal, URIRef

from ..namespaces import BASE, ID
from ..publish.feeds import FEEDS_BASE, atom, events_in_scope
from ..query.answers import Refusal
from .queries import served_queries
from .service import current_service

bp = Blueprint("feeds", __name__, url_prefix="/feeds")
ATOM = "application/atom+xml; charset=utf-8"
SCOPES = {"committee": "body/", "standard": "standard/", "category": "category/"}
LABEL = """SELECT ?label WHERE {
  ?target <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#prefLabel> ?label .
  FILTER(LANG(?label) = ?lang) }"""
TITLES = {"en": "aistd-kg: lifecycle events of {}", "zh": "aistd-kg：{}的生命周期事件"}
CATALOGUE = {"en": "the catalogue of AI standards", "zh": "人工智能标准目录"}
EARLIEST = "1900-01-01"  # a feed carries every event, not only those since the query's default date


@bp.route("/catalogue.atom")
def catalogue():
    """Every lifecycle event of the catalogue."""
    return _feed("catalogue", None)


@bp.route("/<scope>/<slug>.atom")
def scoped(scope: str, slug: str):
    """The events of one committee, standard or category (its IRI's last segment is the slug)."""
    if scope not in SCOPES:
        raise Refusal(404, "unknown-feed", f"no feed of kind {scope!r}; the kinds are {', '.join(SCOPES)}")
    return _feed(scope, f"{ID}{SCOPES[scope]}{slug}")


def feed_path(iri: str) -> str | None:
    """The feed of an entity page, where the entity has one."""
    for scope, kind in SCOPES.items():
        if iri.startswith(f"{ID}{kind}"):
            return url_for("feeds.scoped", scope=scope, slug=iri[len(f"{ID}{kind}"):])
    return None


def _feed(scope: str, target: str | None) -> Response:
    lang = "zh" if request.args.get("lang") == "zh" else "en"
    service = current_service()
    name = CATALOGUE[lang]
    if target is not None:
        labels = service.select(LABEL, {"target": URIRef(target), "lang": Literal(lang)})
        if not labels:
            raise Refusal(404, "unknown-iri", f"the graph says nothing about {target}")
        name = labels[0]["label"]
    query = served_queries()["lifecycle-events"]
    rows = service.select(query.text, query.terms({"since": EARLIEST}))
    events = events_in_scope(rows, scope, target)
    feed_id = FEEDS_BASE + (scope if target is None else f"{scope}/{target.rsplit('/', 1)[-1]}")
    body = atom(events, feed_id, TITLES[lang].format(name), lang, target or BASE)
    return Response(body, content_type=ATOM)
