"""/reconcile: the W3C Reconciliation Service API (version 0.2, as OpenRefine 3.x speaks it).

- ``GET /reconcile``: the service manifest;
- ``POST /reconcile`` with the form field ``queries`` (or ``GET /reconcile?queries=…``): a
  batch of reconciliation queries, answered by linking/reconciliation.py;
- ``GET /reconcile/preview?id=…``: an HTML preview of an entity (for an iframe);
- ``GET /reconcile/suggest/entity|type|property?prefix=…&cursor=N``: auto-completion.

Entity ids are IRIs relative to the identifier space ``https://w3id.org/aistd-kg/id/``; the
view template sends them to this server's entity pages (``/id/…``). Type ids are class IRIs.
CORS headers come from http.py, as on every endpoint.
"""

from flask import Blueprint, Response, jsonify, render_template, request

from ..linking.matching import MAX_TEXT, has_cjk, title_key
from ..linking.reconciliation import (
    DEFAULT_TYPES,
    IDENTIFIER_SPACE,
    PROPERTIES,
    Candidate,
    QueryError,
    entity_id,
    entity_iri,
    reconcile,
)
from ..linking.search_index import Entity, SearchIndex
from ..namespaces import AISTD
from ..query.answers import Refusal
from .arguments import json_value, whole_number
from .search import current_index, resolve_types

PREFIX = "/reconcile"
bp = Blueprint("reconcile", __name__, url_prefix=PREFIX)
BATCH_SIZE = 50
SUGGEST_LIMIT = 10
MAX_CURSOR = 1000
MAX_BATCH_CHARACTERS, MAX_DEPTH = 64 * 1024, 6  # 50 queries of a few properties each; a query nests 4 deep


@bp.route("", methods=["GET", "POST"])
def endpoint():
    """The manifest, or the answers to a batch of queries."""
    batch = request.values.get("queries")
    if batch is None:
        return jsonify(_manifest())
    index = current_index()
    queries = json_value(batch, "queries", MAX_BATCH_CHARACTERS, MAX_DEPTH, "bad-queries")
    if not isinstance(queries, dict) or not all(isinstance(q, dict) for q in queries.values()):
        raise Refusal(400, "bad-queries", "queries must be a JSON object of query objects")
    if len(queries) > BATCH_SIZE:
        raise Refusal(413, "batch-too-large", f"at most {BATCH_SIZE} queries per batch", batch_size=BATCH_SIZE)
    answers = {}
    for key, query in queries.items():
        try:
            answers[key] = {"result": [_candidate(index, c, str(query.get("query") or "")) for c in reconcile(index, query)]}
        except QueryError as error:
            raise Refusal(400, "bad-query", f"query {key!r}: {error}") from None
    return jsonify(answers)


@bp.route("/preview")
def preview():
    """A small HTML summary of an entity."""
    index = current_index()
    entity = index.entity(entity_iri(request.args.get("id", "")))
    if entity is None:
        raise Refusal(404, "unknown-entity", f"no entity with id {request.args.get('id', '')!r}")
    body = render_template("reconcile/preview.html", entity=entity, types=_types(index, entity),
                           page=_page(entity.iri))
    return Response(body, content_type="text/html; charset=utf-8")


@bp.route("/suggest/entity")
def suggest_entity():
    """Entities whose names, identifiers or codes match the prefix."""
    index = current_index()
    prefix, cursor = _suggest_arguments()
    hits = index.search(prefix, resolve_types(index, request.args.getlist("type")), limit=cursor + SUGGEST_LIMIT)
    return jsonify(result=[{"id": entity_id(hit.entity.iri), "name": _name(hit.entity, hit.match.lang, prefix),
                            "description": _description(index, hit.entity), "notable": _types(index, hit.entity)}
                           for hit in hits[cursor:]])


@bp.route("/suggest/type")
def suggest_type():
    """Classes whose name (zh or en) or local name contains the prefix."""
    index = current_index()
    prefix, cursor = _suggest_arguments()
    key = title_key(prefix)
    found = [c for c in index.classes.values() if any(key in title_key(text) for text in (*c.labels.values(), c.local_name))]
    found.sort(key=lambda c: (not c.iri.startswith(str(AISTD)), c.local_name))
    return jsonify(result=[_type(index, c.iri) for c in found[cursor:cursor + SUGGEST_LIMIT]])


@bp.route("/suggest/property")
def suggest_property():
    """Properties whose id or name contains the prefix."""
    prefix, cursor = _suggest_arguments()
    key = title_key(prefix)
    found = [p for p in PROPERTIES if key in title_key(p.id) or key in title_key(p.name)]
    return jsonify(result=[{"id": p.id, "name": p.name, "description": p.description}
                           for p in found[cursor:cursor + SUGGEST_LIMIT]])


def _manifest() -> dict:
    root = request.host_url.rstrip("/")
    index = current_index()
    service = {"service_url": root + PREFIX}
    return {
        "versions": ["0.1", "0.2"],
        "name": "aistd-kg: AI standardization knowledge graph (人工智能标准化知识图谱)",
        "identifierSpace": IDENTIFIER_SPACE,
        "schemaSpace": str(AISTD),
        "documentation": root + "/",
        "defaultTypes": [_type(index, iri) for name in DEFAULT_TYPES if (iri := index.resolve_type(name))],
        "view": {"url": root + "/id/{{id}}"},
        "preview": {"url": root + PREFIX + "/preview?id={{id}}", "width": 420, "height": 180},
        "suggest": {kind: {**service, "service_path": f"/suggest/{kind}"} for kind in ("entity", "type", "property")},
        "batchSize": BATCH_SIZE,
    }


def _candidate(index: SearchIndex, candidate: Candidate, query: str) -> dict:
    lang = candidate.name_match.lang if candidate.name_match else None
    features = ([{"id": "name", "value": candidate.name_match.score}] if candidate.name_match else [])
    features += [{"id": pid, "value": value} for pid, value in candidate.features.items()]
    return {"id": entity_id(candidate.entity.iri), "name": _name(candidate.entity, lang, query),
            "description": _description(index, candidate.entity), "score": candidate.score, "match": candidate.match,
            "type": _types(index, candidate.entity), "features": features}


def _name(entity: Entity, lang: str | None, query: str) -> str:
    """The label in the language that matched, else in the query's language."""
    return entity.name(lang or ("zh" if has_cjk(query) else "en"))


def _description(index: SearchIndex, entity: Entity) -> str:
    """The identifier or code and the type names, e.g. "ISO/IEC 42001:2023 · Standard"."""
    names = [index.classes[t].name() for t in entity.types if t in index.classes]
    return " · ".join([text for text in (entity.identifier or entity.code,) if text] + names)


def _types(index: SearchIndex, entity: Entity) -> list[dict]:
    return [{"id": t, "name": index.classes[t].name() if t in index.classes else t} for t in entity.types]


def _type(index: SearchIndex, iri: str) -> dict:
    known = index.classes[iri]
    broader = [{"id": b, "name": index.classes[b].name()} for b in known.broader if b in index.classes]
    return {"id": iri, "name": known.name(), "description": known.labels.get("zh", ""), "broader": broader}


def _page(iri: str) -> str:
    """The entity's page on this server."""
    return "/id/" + entity_id(iri)


def _suggest_arguments() -> tuple[str, int]:
    prefix = request.args.get("prefix", "").strip()
    if not prefix or len(prefix) > MAX_TEXT:
        raise Refusal(400, "bad-prefix", f"prefix must be 1 to {MAX_TEXT} characters")
    return prefix, whole_number(request.args, "cursor", 0, 0, MAX_CURSOR)
