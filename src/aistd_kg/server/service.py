"""Answer a query for the current request: negotiate, hand a job to the pool, build the response."""

from pathlib import Path

from flask import Response, request, url_for

from . import negotiation
from .answers import Refusal
from .engine import Job
from .http import respond
from .pool import Pool
from .settings import Settings
from .store import current, manifest, stores_dir


class QueryService:
    """The app's link to the served store and the pool of query workers."""

    def __init__(self, settings: Settings, pool: Pool):
        self.settings, self.pool = settings, pool
        self.stores = stores_dir(settings.build_dir)

    def store(self) -> Path:
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
        return self.store().name

    def manifest(self) -> dict:
        """What the served store holds (store.manifest)."""
        return manifest(self.store())

    def answer(self, query: str, default_graphs=None, named_graphs=None, bindings=None) -> Response:
        """Run the query on the current store in the negotiated format."""
        tabular, graph = negotiation.for_query(request.accept_mimetypes, request.values.get("format"))
        job = Job(
            store=str(self.store()), query=query, base_iri=url_for("sparql.endpoint", _external=True),
            tabular=tabular, graph=graph, max_bytes=self.settings.max_result_bytes,
            default_graphs=default_graphs, named_graphs=named_graphs, bindings=bindings or {},
        )
        response = respond(self.pool.run(job))
        response.vary.add("Accept")
        return response
