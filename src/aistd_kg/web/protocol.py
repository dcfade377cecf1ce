"""Read a SPARQL 1.1 Protocol query request: the query and the dataset it names.

Accepted, as the protocol defines them: GET with ``query``; POST form-encoded with
``query``; POST ``application/sparql-query`` with the query as the UTF-8 body. Each may add
``default-graph-uri`` / ``named-graph-uri`` (repeatable; in the URL, or in the form).
Refused: update requests (an ``update`` parameter, ``application/sparql-update``) with 403,
since the service is read-only and they never reach a worker; any other POST media type
or a charset other than UTF-8 with 415; a missing, repeated or empty query with 400; a
query longer than the limit with 413 (bodies over the size limit get 413 from werkzeug).
"""

from dataclasses import dataclass

import pyoxigraph
from flask import Request
from werkzeug.datastructures import CombinedMultiDict

from ..query.answers import Refusal

QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
FORM_TYPE = "application/x-www-form-urlencoded"
DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")


@dataclass(frozen=True)
class QueryRequest:
    """A query and the protocol dataset (None: the request named none)."""

    query: str
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


def read(request: Request, max_length: int) -> QueryRequest | None:
    """The request's query; None for a plain GET without one (a service description request).

    :raises Refusal: an update, a wrong media type or charset, a missing or repeated query, a bad graph IRI.
    """
    if request.method == "POST":
        params, queries = _post(request)
    else:
        params = request.args
        queries = params.getlist("query")
    if "update" in params:
        raise _read_only()
    if not queries:
        if request.method != "POST" and not set(params) - {"format", "lang"}:  # lang: the page's language switch
            return None
        raise Refusal(400, "missing-query", f"no query: send it in the 'query' parameter or as a {QUERY_TYPE} body")
    if len(queries) > 1:
        raise Refusal(400, "multiple-queries", "send exactly one query per request")
    query = queries[0]
    if not query.strip():
        raise Refusal(400, "missing-query", "the query is empty")
    if len(query) > max_length:
        raise Refusal(413, "query-too-long", f"the query is longer than the limit of {max_length} characters",
                      limit_characters=max_length)
    if not any(name in params for name in DATASET_PARAMETERS):
        return QueryRequest(query)
    default, named = (tuple(_iri(name, value) for value in params.getlist(name)) for name in DATASET_PARAMETERS)
    return QueryRequest(query, default, named)


def _post(request: Request):
    """The parameters and queries of a POST, by its media type."""
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if request.mimetype == UPDATE_TYPE:
        raise _read_only()
    if request.mimetype not in (QUERY_TYPE, FORM_TYPE):
        raise Refusal(415, "media-type", f"POST a query as {QUERY_TYPE} or {FORM_TYPE}",
                      received=request.mimetype or None)
    if charset not in ("utf-8", "utf8"):
        raise Refusal(415, "charset", f"the query must be UTF-8, not {charset}")
    if request.mimetype == FORM_TYPE:
        params = CombinedMultiDict([request.args, request.form])
        return params, params.getlist("query")
    if "query" in request.args:
        raise Refusal(400, "multiple-queries", "a query both in the URL and in the body")
    try:
        return request.args, [request.get_data().decode("utf-8")]
    except UnicodeDecodeError as error:
        raise Refusal(400, "encoding", f"the body is not UTF-8: {error.reason} at byte {error.start}") from None


def _iri(name: str, value: str) -> str:
    """The value if it is an absolute IRI (as the engine will read it)."""
    try:
        return pyoxigraph.NamedNode(value).value
    except ValueError as error:
        raise Refusal(400, "bad-graph-iri", f"{name} needs an absolute IRI, got {value!r}: {error}") from None


def _read_only() -> Refusal:
    return Refusal(403, "read-only", "the service is read-only: SPARQL Update is not accepted")
