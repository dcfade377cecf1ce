"""Answer a query for the current request (negotiate, hand a job to the backend, build the response), and
run the server's own queries for its pages."""

import json
from pathlib import Path

from flask import Response, current_app, request, url_for
from rdflib import Graph

from ..namespaces import BASE
from ..query.answers import Answer, Refusal
from ..query.backend import Backend
from ..query.engine import Job, bad_parameter
from ..query.terms import engine_terms
from ..store.local import current, manifest, stores_dir
from ..store.remote import RemoteStore
from . import negotiation
from .answer_cache import CACHE_CONTROL, AnswerCache, etag
from .http import GZIP_MINIMUM, respond, respond_kept
from .settings import Settings

EXTENSION = "aistd_kg"
RESULTS_JSON = "application/sparql-results+json"
GRAPH_NTRIPLES = "application/n-triples"


def _terms(bindings: dict | None) -> dict:
    """A job's bindings (query/terms.py) from the caller's rdflib terms.

    :raises Refusal: a value is not a valid RDF term (400).
    """
    try:
        return engine_terms(bindings or {})
    except ValueError as error:
        raise bad_parameter(error) from None


def current_service() -> "QueryService":
    """The query service of the app handling the current request."""
    return current_app.extensions[EXTENSION]


class QueryService:
    """The app's link to the served store and the backend that runs its queries."""

    def __init__(self, settings: Settings, backend: Backend):
        self.settings, self.backend = settings, backend
        self.stores = stores_dir(settings.build_dir)
        self.cache = AnswerCache(settings.cache_bytes, GZIP_MINIMUM)

    def store(self) -> Path | str:
        """The store being served: the one given in the settings (a replica), else the build's current one.

        :raises Refusal: nothing has been published yet.
        """
        if self.settings.store:
            return Path(self.settings.store)
        store = current(self.stores)
        if store is None:
            raise Refusal(503, "no-data", "no graph is published yet: run 'aistd-kg build', then 'aistd-kg reload'")
        return store

    def store_name(self) -> str:
        """What /healthz calls the served store."""
        return Path(self.store()).name

    def manifest(self) -> dict:
        """What the served store holds (store.manifest)."""
        return manifest(self.store())

    def construct(self, query: str, bindings: dict | None = None) -> Graph:
        """The graph a CONSTRUCT query builds, whole; a failure is passed on to the client."""
        return Graph().parse(data=self._whole(query, None, GRAPH_NTRIPLES, bindings).decode("utf-8"), format="nt")

    def select(self, query: str, bindings: dict | None = None) -> list[dict[str, str]]:
        """The rows of a SELECT query as {variable: lexical form}, unbound variables left out; a failure is
        passed on to the client."""
        rows = json.loads(self._whole(query, RESULTS_JSON, None, bindings))["results"]["bindings"]
        return [{name: cell["value"] for name, cell in row.items()} for row in rows]

    def table(self, query: str, bindings: dict | None = None) -> tuple[list[str], list[list[dict | None]]]:
        """A client's SELECT query as its variables and rows of SPARQL JSON cells (None where unbound), for a page;
        a failure is passed on to the client."""
        answer = json.loads(self._whole(query, RESULTS_JSON, None, bindings, own=False))
        header = answer["head"]["vars"]
        return header, [[row.get(name) for name in header] for row in answer["results"]["bindings"]]

    def _whole(self, query: str, tabular: str | None, graph: str | None, bindings: dict | None,
               own: bool = True) -> bytes:
        """The answer of a query (bindings: variable name -> rdflib term), in one piece; own: one of the server's
        own queries, else a client's, admitted as clients' queries are (query/pool.py).

        :raises Refusal: the query failed.
        """
        job = Job(store=str(self.store()), query=query, base_iri=BASE, tabular=tabular, graph=graph,
                  max_bytes=self.settings.max_result_bytes, bindings=_terms(bindings), whole=True)
        answer = self.backend.run(job, own=own)
        assert isinstance(answer, Answer)  # a whole answer is never streamed
        if answer.status != 200:
            raise Refusal(answer.status, answer.error or "query-failed", answer.body.decode("utf-8", "replace"))
        return answer.body

    def digest(self) -> str:
        """What identifies the data being served: the artifact's SHA-256."""
        return self.manifest()["sha256"]

    def answer(self, query: str, default_graphs=None, named_graphs=None, bindings=None) -> Response:
        """Run the query on the current store in the negotiated format, or answer from the cache (answer_cache.py)."""
        tabular, graph = negotiation.for_query(request.headers.get("Accept"), request.values.get("format"))
        job = Job(
            store=str(self.store()), query=query, base_iri=url_for("sparql.endpoint", _external=True),
            tabular=tabular, graph=graph, max_bytes=self.settings.max_result_bytes,
            default_graphs=default_graphs, named_graphs=named_graphs, bindings=_terms(bindings),
        )
        key = (self.digest(), query, job.base_iri, tabular, graph, tuple(default_graphs or ()),
               tuple(named_graphs or ()), tuple(sorted((name, str(term)) for name, term in job.bindings.items())))
        tag = etag(key)
        if request.method in ("GET", "HEAD") and request.if_none_match.contains_weak(tag):
            response = Response(status=304)
        else:
            kept = self.cache.get(key)
            if kept is None:
                answer = self.backend.run(job)
                kept = self.cache.put(key, answer) if isinstance(answer, Answer) else None
            response = respond_kept(kept) if kept else respond(answer)
        if response.status_code in (200, 304):
            response.set_etag(tag, weak=True)
            response.headers["Cache-Control"] = CACHE_CONTROL
        response.vary.add("Accept")
        return response


class RemoteQueryService(QueryService):
    """The app's link to an external store: its URL stands for the store, its manifest is read at start."""

    backend: RemoteStore

    def store(self) -> str:
        return self.settings.store

    def store_name(self) -> str:
        return self.settings.store

    def manifest(self) -> dict:
        return self.backend.manifest
