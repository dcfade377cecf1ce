"""/search: label and identifier search over the search index of the store being served.

``GET /search?q=…&type=…&limit=N`` answers
``{"query": q, "results": [{"id", "type", "label": {"zh", "en"}, "identifier", "code",
"score", "matched"}]}``, best first; ``type`` (repeatable) is a class IRI, a prefixed name
(``aistd:Standard``) or a local name (``Standard``), and superclasses count (``CommitteeUnit``
finds working groups). The index is the file ``search.sqlite`` published with the store
(linking/search_index.py); each request thread keeps it open until a new store is served.
"""

import threading
from pathlib import Path

from flask import Blueprint, jsonify, request

from ..linking.matching import MAX_TEXT
from ..linking.search_index import FILE, Hit, SearchIndex, StaleIndex
from ..query.answers import Refusal
from .arguments import whole_number
from .service import current_service

bp = Blueprint("search", __name__)
DEFAULT_LIMIT, MAX_LIMIT = 10, 100
_opened = threading.local()


@bp.route("/search")
def search():
    """The entities whose labels, identifiers or codes match q best."""
    text = request.args.get("q", "").strip()
    if not text or len(text) > MAX_TEXT:
        raise Refusal(400, "bad-query", f"q must be 1 to {MAX_TEXT} characters")
    index = current_index()
    limit = whole_number(request.args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    hits = index.search(text, resolve_types(index, request.args.getlist("type")), limit)
    return jsonify(query=text, results=[_result(hit) for hit in hits])


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



def _result(hit: Hit) -> dict:
    entity = hit.entity
    return {"id": entity.iri, "type": list(entity.types),
            "label": {"zh": entity.labels.get("zh"), "en": entity.labels.get("en")},
            "identifier": entity.identifier, "code": entity.code, "score": hit.match.score,
            "matched": "label" if hit.match.field == "altLabel" else hit.match.field}


def _close() -> None:
    index: SearchIndex | None = getattr(_opened, "index", None)
    if index is not None:
        index.close()
        _opened.index = _opened.path = None

