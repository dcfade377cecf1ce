"""Serve from an external SPARQL store: guard each query here, then forward it to the store.

The endpoint's rules hold before anything is sent: the guard (query/guard.py), always with
rdflib's parser since the store's own SPARQL has extensions, refuses updates,
SERVICE anywhere, and FROM / FROM NAMED naming a graph the manifest does not list; the
query's length was checked by the protocol layer. What is forwarded is the query with a
prologue (the request's base IRI and the prefixes queries may use undeclared) and, for a
named query, its parameters as a VALUES data block (query/parameters.py). The dataset is always
named: with no FROM, the default graph is the union graph published beside the others
(manifest.DEFAULT_GRAPH) and the named graphs are the manifest's graphs, so a store's own
graphs (such as Virtuoso's system graphs) stay out; graph names given by the protocol
that the manifest does not list become an empty graph, as on the embedded store.

The store answers in one format per query form (SPARQL JSON results, N-Triples), which is
read and written again in the negotiated format, so answers look the same as from the
embedded store and the size limit applies to what is sent. The time limit covers the
whole exchange; the store's own query keeps running until its own limit.
"""

import threading
import time

import pyoxigraph
import requests

from ..prefixes import QUERY_PREFIXES, prologue
from ..query import guard, parameters
from ..query.answers import Answer, Refusal
from ..query.engine import CappedBuffer, Job, ResultTooLarge, bad_parameter, content_type, prepare, too_large
from . import manifest
from .local import StoreError

RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
NO_GRAPH = "urn:aistd-kg:no-graph"  # stands for a graph name the store must not look up
CONNECT_TIMEOUT = 5


class RemoteStore:
    """The Backend (query/backend.py) that answers jobs on an external SPARQL endpoint."""

    alive = 0  # no local query workers
    offline = False  # this process reaches the store; the guard is what keeps other hosts out

    def __init__(self, url: str, timeout: float):
        """Read the store's manifest.

        :raises StoreError: the store cannot be reached, or holds no manifest (nothing was published to it).
        """
        self.url, self.timeout = url, timeout
        self._local = threading.local()
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{manifest.GRAPH}> {{ ?s ?p ?o }} }}"
        try:
            response = self._session().post(url, data={"query": query}, headers={"Accept": NTRIPLES},
                                            timeout=(CONNECT_TIMEOUT, timeout))
            response.raise_for_status()
            self.manifest = manifest.from_turtle(response.content, url)
        except requests.RequestException as error:
            raise StoreError(f"{url}: cannot read the store's manifest: {error}") from None
        except (ValueError, SyntaxError) as error:
            raise StoreError(f"{url}: no usable manifest; publish to the store first (aistd-kg publish --to): "
                             f"{error}") from None
        self.graphs = frozenset(self.manifest["graphs"])

    def run(self, job: Job, own: bool = False) -> Answer:
        """The job's answer; a refusal for what the guard or the store refuses, a timeout, or a store that fails.

        Every job is admitted alike (own is ignored): the external store does its own admission.
        """
        try:
            return self._run(job)
        except Refusal as refusal:
            return refusal.answer()

    def close(self) -> None:
        """Nothing to stop: sessions close with their threads."""

    def _run(self, job: Job) -> Answer:
        checked, media_type = prepare(job, self.graphs, guard.parsed_check)
        try:
            text = parameters.bound_text(checked.form, job.query, job.bindings)
        except ValueError as error:
            raise bad_parameter(error) from None
        fields: dict[str, str | list[str]] = {"query": _prologue(job.base_iri) + text}
        if job.protocol_dataset:
            fields["default-graph-uri"] = self._local_only(job.default_graphs)
            fields["named-graph-uri"] = self._local_only(job.named_graphs)
        elif not checked.has_dataset:
            fields["default-graph-uri"], fields["named-graph-uri"] = manifest.DEFAULT_GRAPH, sorted(self.graphs)
        body = self._fetch(fields, RESULTS_JSON if checked.tabular else NTRIPLES, job.max_bytes)
        output = CappedBuffer(job.max_bytes)
        try:
            if checked.tabular:
                written = pyoxigraph.QueryResultsFormat.from_media_type(media_type)
                _results(body, checked.form).serialize(output, format=written)
            else:
                triples = pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)
                pyoxigraph.serialize(triples, output, format=pyoxigraph.RdfFormat.from_media_type(media_type))
        except ResultTooLarge:
            raise too_large(job.max_bytes) from None
        except (SyntaxError, ValueError) as error:
            raise Refusal(502, "store-answer", f"the store's answer could not be read: {error}") from None
        return Answer(200, content_type(media_type), bytes(output.buffer))

    def _local_only(self, iris: tuple[str, ...] | None) -> list[str]:
        """The protocol's graph names, each one the manifest does not list replaced by a name of no graph."""
        return [iri if iri in self.graphs else NO_GRAPH for iri in iris or ()] or [NO_GRAPH]

    def _fetch(self, fields: dict, accept: str, cap: int) -> bytes:
        """POST the query; the store's answer, read within the time limit and the size cap."""
        deadline = time.monotonic() + self.timeout
        try:
            with self._session().post(self.url, data=fields, headers={"Accept": accept}, stream=True,
                                      timeout=(CONNECT_TIMEOUT, self.timeout)) as response:
                body = bytearray()
                for chunk in response.iter_content(1 << 16):
                    body += chunk
                    if len(body) > cap:
                        raise too_large(cap)
                    if time.monotonic() > deadline:
                        raise requests.Timeout
        except requests.Timeout:
            raise Refusal(503, "timeout", f"the query ran longer than the limit of {self.timeout:g} s and was stopped",
                          limit_seconds=self.timeout) from None
        except requests.RequestException as error:
            raise Refusal(502, "store-unavailable", f"the store did not answer: {error}") from None
        if response.status_code == 200:
            return bytes(body)
        reason = " ".join(body.decode("utf-8", "replace").split())[:300]
        if 400 <= response.status_code < 500:
            raise Refusal(400, "store-refused", f"the store refused the query ({response.status_code}): {reason}")
        raise Refusal(502, "store-failed", f"the store failed on the query ({response.status_code}): {reason}")

    def _session(self) -> requests.Session:
        """This thread's HTTP session (a session is not shared between threads)."""
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session


def _prologue(base_iri: str) -> str:
    """BASE and PREFIX lines giving the query the meaning it has on the embedded store."""
    return f"BASE <{base_iri}>\n" + prologue(QUERY_PREFIXES)


def _results(body: bytes, form: str):
    """The store's SPARQL JSON results; an ASK answered as one row of one value (Virtuoso 7) becomes a boolean."""
    results = pyoxigraph.parse_query_results(body, format=pyoxigraph.QueryResultsFormat.JSON)
    if form != "ASK" or isinstance(results, pyoxigraph.QueryBoolean):
        return results
    rows = [row[0] for row in results]
    answer = bool(rows) and rows[0] is not None and rows[0].value not in ("0", "false")
    return pyoxigraph.parse_query_results(f'{{"head":{{}},"boolean":{str(answer).lower()}}}',
                                          format=pyoxigraph.QueryResultsFormat.JSON)

