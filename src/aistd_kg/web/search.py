"""/search: label and identifier search over the search index of the store being served.

``GET /search?q=…&type=…&limit=N&offset=M`` answers ``{"query": q, "total", "offset", "limit",
"facets": [{"type", "label": {"zh", "en"}, "count"}], "results": [{"id", "type", "label": {"zh", "en"},
"identifier", "code", "framework", "score", "matched"}]}``: the page of ``limit`` results from
``offset`` of the ``total`` that match, best first. ``type`` (repeatable) is a class IRI, a prefixed
name (``aistd:Standard``) or a local name (``Standard``), and superclasses count (``CommitteeUnit``
finds working groups); the facets count the results of q by each type they are stated to have,
whatever ``type`` asks, most first. Identifiers and codes match however they are spaced or
punctuated ("SC42", "sc-42", "GBT42755"); a category's result names its framework (``{"id",
"label"}``; null for other entities), which tells same-named categories apart. The index is the
file ``search.sqlite`` published with the store
(linking/search_index.py); each request thread keeps it open until a new store is served.
"""

import threading
from collections import Counter
from pathlib import Path

from flask import Blueprint, jsonify, request

from ..linking.matching import MAX_TEXT
from ..linking.search_index import FILE, Hit, SearchIndex, StaleIndex
from ..query.answers import Refusal
from .arguments import whole_number
from .service import current_service

bp = Blueprint("search", __name__)
DEFAULT_LIMIT, MAX_LIMIT = 10, 100
MAX_OFFSET = 100_000
_opened = threading.local()


@bp.route("/search")
def search():
    """The entities whose labels, identifiers or codes match q best."""
    text = request.args.get("q", "").strip()
    if not text or len(text) > MAX_TEXT:
        raise Refusal(400, "bad-query", f"q must be 1 to {MAX_TEXT} characters")
    index = current_index()
    limit = whole_number(request.args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = whole_number(request.args, "offset", 0, 0, MAX_OFFSET)
    types = resolve_types(index, request.args.getlist("type"))
    every = index.every_match(text)
    hits = index.every_match(text, types) if types else every
    return jsonify(query=text, total=len(hits), offset=offset, limit=limit, facets=_facets(index, every),
                   results=[_result(index, hit) for hit in hits[offset:offset + limit]])


def current_index() -> SearchIndex:
    """The search index of the store being served, opened once per thread and store.

    :raises Refusal: the store was published without an index, or is an external store.
    """
    service = current_service()
    if service.settings.remote:
        raise Refusal(404, "not-available", "search needs the index published with a local store; this server "
                      "forwards queries to an external store")
    path = Path(service.store()) / FILE
    if getattr(_opened, "path", None) != path:
        _close()
        try:
            _opened.index, _opened.path = SearchIndex.open(path), path
        except (FileNotFoundError, StaleIndex):
            raise Refusal(503, "no-index", "the served store has no search index of this version: "
                                            "run 'aistd-kg reload'") from None
    return _opened.index


def resolve_types(index: SearchIndex, names: list[str]) -> tuple[str, ...]:
    """Class IRIs for type names; a name that is no class of the ontology is refused."""
    resolved = []
    for name in (part.strip() for value in names for part in value.split(",")):
        if name:
            found = index.resolve_type(name)
            if found is None:
                raise Refusal(400, "unknown-type", f"{name!r} is not a class of the ontology")
            resolved.append(found)
    return tuple(resolved)


def _facets(index: SearchIndex, hits: list[Hit]) -> list[dict]:
    """How many of the hits have each stated type, most first."""
    counts = Counter(kind for hit in hits for kind in hit.entity.types)
    classes = index.classes
    return [{"type": kind, "label": classes[kind].labels if kind in classes else {}, "count": count}
            for kind, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _result(index: SearchIndex, hit: Hit) -> dict:
    entity = hit.entity
    return {"id": entity.iri, "type": list(entity.types),
            "label": {"zh": entity.labels.get("zh"), "en": entity.labels.get("en")},
            "identifier": entity.identifier, "code": entity.code, "framework": _framework(index, entity.iri),
            "score": hit.match.score, "matched": "label" if hit.match.field == "altLabel" else hit.match.field}


def _framework(index: SearchIndex, iri: str) -> dict | None:
    """The framework of a category, {"id", "label": {"zh", "en"}}, which tells same-named categories apart."""
    found = [framework for known in index.links(iri, "framework") if (framework := index.entity(known))]
    if not found:
        return None
    return {"id": found[0].iri, "label": {"zh": found[0].labels.get("zh"), "en": found[0].labels.get("en")}}


def _close() -> None:
    index: SearchIndex | None = getattr(_opened, "index", None)
    if index is not None:
        index.close()
        _opened.index = _opened.path = None

