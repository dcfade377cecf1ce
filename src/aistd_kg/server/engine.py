"""Run one query on pyoxigraph inside a query worker: guard, execute, serialize within the limits.

Everything a query costs happens here, in a process the pool can kill: parsing (rdflib's
parser is itself the guard), evaluation and serialization. The dataset a query sees:

- by default the default graph is the union of all named graphs (one per data file);
- FROM / FROM NAMED in the query select local graphs (checked by the guard);
- ``default-graph-uri`` / ``named-graph-uri`` from the protocol replace both.

Queries may use the prefixes in PREFIXES without declaring them. Named-query parameters are
bound as RDF terms (parameters.py). The result size is capped in bytes of the serialized
answer, not in rows: the serializer writes into a buffer that refuses to grow past the cap,
so memory and response size stay bounded whatever the rows hold, and the client is told
(503, ``result-too-large``) instead of getting a silently cut answer.
"""

import io
import logging
import re
import sys
from dataclasses import dataclass, field

import pyoxigraph
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from ..namespaces import AISTD, AISTDV
from . import guard, parameters, sandbox
from .answers import Answer, Refusal
from .negotiation import GRAPH, TABULAR, not_acceptable

log = logging.getLogger(__name__)
PREFIXES = {prefix: str(namespace) for prefix, namespace in (
    ("rdf", RDF), ("rdfs", RDFS), ("owl", OWL), ("xsd", XSD), ("skos", SKOS), ("dcterms", DCTERMS),
    ("aistd", AISTD), ("aistdv", AISTDV))}
RECURSION_LIMIT = 10_000  # rdflib's parser recurses ~25 frames per nested group: this allows about 300
ENGINE_SYNTAX_ERROR = re.compile(r"error at (\d+):(\d+): ([^\n]{0,160})")


@dataclass(frozen=True)
class Job:
    """A query to run and everything that decides its answer."""

    store: str
    query: str
    base_iri: str
    tabular: str | None
    graph: str | None
    max_bytes: int
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    bindings: dict = field(default_factory=dict)


class ResultTooLarge(Exception):
    """The serialized answer outgrew the cap."""


class CappedBuffer(io.RawIOBase):
    """A bytes buffer that raises ResultTooLarge instead of growing past its cap."""

    def __init__(self, cap: int):
        super().__init__()
        self.cap, self.buffer = cap, bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if len(self.buffer) + len(data) > self.cap:
            raise ResultTooLarge
        self.buffer += data
        return len(data)


def serve(connection, memory_mb: int) -> None:
    """The worker's loop: confine itself, say whether it is offline, then answer jobs until EOF."""
    sys.setrecursionlimit(RECURSION_LIMIT)
    connection.send(sandbox.confine(memory_mb))
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        connection.send(execute(job))


def execute(job: Job) -> Answer:
    """Answer one job; bad input becomes a refusal, never an exception."""
    try:
        return _execute(job)
    except Refusal as refusal:
        return refusal.answer()
    except Exception as error:  # a bug or a store failure: say so, keep the worker
        log.exception("query failed")
        return Refusal(500, "internal", f"the query failed: {error}").answer()


def _execute(job: Job) -> Answer:
    store, graphs = _open(job.store)
    protocol_dataset = job.default_graphs is not None or job.named_graphs is not None
    checked = guard.check(job.query, job.base_iri, None if protocol_dataset else graphs)
    tabular = checked.form in ("SELECT", "ASK")
    media_type = job.tabular if tabular else job.graph
    if media_type is None:
        raise not_acceptable(TABULAR if tabular else GRAPH)
    if protocol_dataset:
        dataset = {"default_graph": _nodes(job.default_graphs), "named_graphs": _nodes(job.named_graphs)}
    else:
        dataset = {} if checked.has_dataset else {"use_default_graph_as_union": True}
    try:
        text, binding = parameters.bind(checked.form, job.query, job.bindings)
    except ValueError as error:
        raise Refusal(400, "bad-parameter", f"a parameter is not a valid RDF term: {error}") from None
    try:
        result = store.query(text, base_iri=job.base_iri, prefixes=PREFIXES, **binding, **dataset)
        output = CappedBuffer(job.max_bytes)
        if tabular:
            result.serialize(output, format=pyoxigraph.QueryResultsFormat.from_media_type(media_type))
        else:
            result.serialize(output, format=pyoxigraph.RdfFormat.from_media_type(media_type))
    except SyntaxError as error:
        raise _syntax_refusal(str(error)) from None
    except ResultTooLarge:
        raise Refusal(503, "result-too-large",
                      f"the answer is larger than the limit of {job.max_bytes} bytes; add a LIMIT or select less",
                      limit_bytes=job.max_bytes) from None
    charset = "; charset=utf-8" if media_type.startswith("text/") else ""
    return Answer(200, media_type + charset, bytes(output.buffer))


def _syntax_refusal(message: str) -> Refusal:
    """A 400 for what pyoxigraph refuses after rdflib's parser accepted it (e.g. an undeclared prefix)."""
    where = ENGINE_SYNTAX_ERROR.match(message)
    if not where:
        return Refusal(400, "syntax", f"syntax error: {message[:200]}")
    reason = where[3]
    if reason.startswith("expected one of "):  # tokens, character classes and maybe a check's own message
        checks = [item for item in reason[16:].split(", ") if " " in item and item[0].isalpha()]
        reason = checks[0] if checks else reason
    return Refusal(400, "syntax", f"syntax error: {reason}", line=int(where[1]), column=int(where[2]))


_opened: dict[str, tuple[pyoxigraph.Store, frozenset[str]]] = {}


def _open(path: str) -> tuple[pyoxigraph.Store, frozenset[str]]:
    """The store at path, opened read-only once; a newer store replaces the older one."""
    if path not in _opened:
        _opened.clear()
        store = pyoxigraph.Store.read_only(path)
        _opened[path] = store, frozenset(g.value for g in store.named_graphs())
    return _opened[path]


def _nodes(iris: tuple[str, ...] | None) -> list[pyoxigraph.NamedNode]:
    return [pyoxigraph.NamedNode(iri) for iri in iris or ()]
