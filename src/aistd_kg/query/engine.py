"""Run one query on pyoxigraph inside a query worker: guard, execute, serialize within the limits.

Everything a query costs happens here, in a process the pool can kill: the guard (guard.py:
its screen, and rdflib's parser for what the screen does not clear), parsing, evaluation and
serialization. The dataset a query sees:

- by default the default graph is the union of all named graphs (one per data file);
- FROM / FROM NAMED in the query select local graphs (checked by the guard);
- ``default-graph-uri`` / ``named-graph-uri`` from the protocol replace both.

Queries may use the prefixes in prefixes.QUERY_PREFIXES without declaring them. Named-query parameters are
bound as RDF terms (parameters.py).

Answers are serialized as the engine yields solutions. One of up to STREAM_AFTER bytes is
sent whole, so any failure is still a proper error response. A larger one is streamed: a
Stream head, then chunks of CHUNK bytes as they are written, then End — so the first
bytes of a 100k-row answer leave within a fraction of a second and the worker's memory
stays flat. The result size is capped in bytes of the serialized answer, not in rows: a
whole answer past the cap is a 503 (``result-too-large``); a stream past it, or one whose
query fails midway, ends with Abort and the client's transfer is cut off (the HTTP status
was already sent), never silently shortened.
"""

import io
import logging
import re
import sys
from dataclasses import dataclass, field

import pyoxigraph

from ..prefixes import QUERY_PREFIXES
from . import guard, parameters, sandbox
from .answers import Answer, Refusal
from .formats import GRAPH, TABULAR, not_acceptable

log = logging.getLogger(__name__)
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
    whole: bool = False  # the caller needs the answer in one piece, however large (never streamed)

    @property
    def protocol_dataset(self) -> bool:
        """Whether the protocol's default-graph-uri / named-graph-uri name the dataset."""
        return self.default_graphs is not None or self.named_graphs is not None


STREAM_AFTER = 1 << 20
CHUNK = 256 << 10


class ResultTooLarge(Exception):
    """The serialized answer outgrew the cap."""


@dataclass(frozen=True)
class Stream:
    """The head of an answer sent in chunks (bytes messages), closed by End or Abort."""

    content_type: str


@dataclass(frozen=True)
class End:
    """The last message of a complete stream."""


@dataclass(frozen=True)
class Abort:
    """The last message of a stream that could not be completed, and why."""

    reason: str


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


class StreamingOutput(CappedBuffer):
    """A capped buffer that, once it holds more than STREAM_AFTER bytes, sends itself on in chunks."""

    def __init__(self, cap: int, send, whole: bool):
        super().__init__(cap)
        self.send = send
        self.content_type = ""  # set once the query's form is known, before anything is written
        self.stream_after = cap if whole else STREAM_AFTER
        self.sent = 0
        self.streaming = False

    def write(self, data) -> int:
        if self.sent + len(self.buffer) + len(data) > self.cap:
            raise ResultTooLarge
        self.buffer += data
        if not self.streaming and len(self.buffer) > self.stream_after:
            self.send(Stream(self.content_type))
            self.streaming = True
        if self.streaming and len(self.buffer) >= CHUNK:
            self.flush_chunk()
        return len(data)

    def flush_chunk(self) -> None:
        """Send what the buffer holds as one chunk."""
        self.send(bytes(self.buffer))
        self.sent += len(self.buffer)
        self.buffer.clear()


def serve(connection, memory_mb: int) -> None:
    """The worker's loop: confine itself, say whether it is offline, then answer jobs until EOF."""
    sys.setrecursionlimit(RECURSION_LIMIT)
    connection.send(sandbox.confine(memory_mb))
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        execute(job, connection.send)


def execute(job: Job, send) -> None:
    """Answer one job through send: an Answer, or a Stream, chunks and End or Abort; never an exception."""
    output = StreamingOutput(job.max_bytes, send, job.whole)
    try:
        _execute(job, output)
        if output.streaming:
            output.flush_chunk()
            send(End())
        else:
            send(Answer(200, output.content_type, bytes(output.buffer)))
    except Exception as error:
        refusal = error if isinstance(error, Refusal) else _failure(error, output)
        if output.streaming:
            log.warning("stream cut off: %s", refusal.message)
            send(Abort(refusal.message))
        else:
            send(refusal.answer())


def _failure(error: Exception, output: StreamingOutput) -> Refusal:
    if isinstance(error, ResultTooLarge):
        return too_large(output.cap)
    log.exception("query failed")  # a bug or a store failure: say so, keep the worker
    return Refusal(500, "internal", f"the query failed: {error}")


def too_large(cap: int) -> Refusal:
    """The 503 for an answer past the size cap."""
    return Refusal(503, "result-too-large",
                   f"the answer is larger than the limit of {cap} bytes; add a LIMIT or select less", limit_bytes=cap)


def prepare(job: Job, graphs: frozenset[str], check=guard.check) -> tuple[guard.CheckedQuery, str]:
    """Guard the job's query (FROM naming only these graphs, unless the protocol names the dataset)
    and pick the media type its form is answered in. check: guard.check, whose screen leaves syntax to
    pyoxigraph, or guard.parsed_check for an engine whose parser is not known to be strict.

    :raises Refusal: the guard refuses the query, or no acceptable format fits its form.
    """
    checked = check(job.query, job.base_iri, None if job.protocol_dataset else graphs)
    media_type = job.tabular if checked.tabular else job.graph
    if media_type is None:
        raise not_acceptable(TABULAR if checked.tabular else GRAPH)
    return checked, media_type


def bad_parameter(error: ValueError) -> Refusal:
    """The 400 for a parameter value that is not a valid RDF term."""
    return Refusal(400, "bad-parameter", f"a parameter is not a valid RDF term: {error}")


def content_type(media_type: str) -> str:
    """The Content-Type header of an answer in this media type."""
    return media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")


def _execute(job: Job, output: StreamingOutput) -> None:
    """Guard, run and serialize the job into the output."""
    store, graphs = _open(job.store)
    checked, media_type = prepare(job, graphs)
    if job.protocol_dataset:
        dataset = {"default_graph": _nodes(job.default_graphs), "named_graphs": _nodes(job.named_graphs)}
    else:
        dataset = {} if checked.has_dataset else {"use_default_graph_as_union": True}
    try:
        text, binding = parameters.bind(checked.form, job.query, job.bindings)
    except ValueError as error:
        raise bad_parameter(error) from None
    try:
        result = store.query(text, base_iri=job.base_iri, prefixes=QUERY_PREFIXES, **binding, **dataset)
    except SyntaxError as error:
        guard.parsed_check(job.query, job.base_iri, None)  # rdflib's refusal, where rdflib refuses it too
        raise _syntax_refusal(str(error)) from None
    output.content_type = content_type(media_type)
    if checked.tabular:
        result.serialize(output, format=pyoxigraph.QueryResultsFormat.from_media_type(media_type))
    else:
        result.serialize(output, format=pyoxigraph.RdfFormat.from_media_type(media_type))


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
