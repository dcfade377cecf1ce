"""A small pool of query worker processes, each killed and replaced when it overruns its time.

Neither rdflib nor pyoxigraph can cancel a running query from Python, so the hard time
limit is a process boundary: a request thread hands its job to an idle worker over a pipe
and waits at most the limit; past it the worker is killed (SIGKILL), a new one is started
in the background, and the client gets a 503 at once. Each gunicorn worker owns one pool.

Admission: clients' queries (/sparql, named queries) may hold all query workers but one,
which stays for the server's own queries (entity pages, lookups); so slow clients' queries
cannot starve the pages. At most ``queue`` clients' queries wait for a worker, each for at
most the time limit; past that a client is told at once to come back (503 with
Retry-After), so waiting queries never take every request thread either.

A large answer comes back as a stream (engine.py): run() then returns a Streamed answer
whose chunks are read from the worker as the client takes them; the worker is busy until
the stream ends, and the time limit covers the whole answer. A stream that is cut off (the
client went away, the limit passed) costs its worker, which is killed and replaced.

Workers are started from a forkserver that has already imported the engine (pyoxigraph, and
not rdflib: a job's bindings arrive as pyoxigraph terms), so a replacement is ready in a few
milliseconds; forking the threaded gunicorn worker itself would not be safe. A pool's
workers start at once and then confine themselves side by side.
"""

import errno
import logging
import multiprocessing
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from .answers import Answer, Refusal, Streamed
from .engine import Abort, End, Job, Stream, serve

log = logging.getLogger(__name__)
_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload([__package__ + ".engine"])
BUSY = Refusal(503, "busy", "every query worker is busy; try again shortly", retry_after=1)


@dataclass
class Worker:
    """A query worker process and the parent's end of its pipe."""

    process: BaseProcess
    connection: Connection
    offline: bool = False

    @classmethod
    def launch(cls, memory_mb: int) -> "Worker":
        """Start a worker; ready() waits until it has confined itself, so several can start at once."""
        parent, child = _context.Pipe()
        process = _context.Process(target=serve, args=(child, memory_mb), daemon=True, name="aistd-kg query worker")
        process.start()
        child.close()
        return cls(process, parent)

    def ready(self) -> "Worker":
        """Wait for the worker to say whether it is offline; return it."""
        self.offline = self.connection.recv()
        if not self.offline:
            log.warning("query worker %s stays on the network (no user namespaces); the guard alone applies",
                        self.process.pid)
        return self

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


class StreamCut(ConnectionResetError):
    """A stream that ended before its answer was complete: the connection is reset, not finished.

    A reset (ECONNRESET) is what gunicorn closes quietly, without writing the final chunk, so
    the client sees a failed transfer; the reason is logged here.
    """

    def __init__(self, reason: str):
        super().__init__(errno.ECONNRESET, reason)
        log.warning("answer stream cut off: %s", reason)


class Pool:
    """Run jobs on worker processes with a time limit: the local Backend."""

    def __init__(self, size: int, timeout: float, memory_mb: int, queue_length: int = 16):
        self.timeout, self.memory_mb, self.queue_length = timeout, memory_mb, queue_length
        self._clients = threading.BoundedSemaphore(max(1, size - 1))
        self._waiting, self._lock = 0, threading.Lock()
        self._idle: queue.LifoQueue[Worker] = queue.LifoQueue()  # the last worker used is the warmest
        self.workers = [worker.ready() for worker in [Worker.launch(memory_mb) for _ in range(size)]]
        for worker in self.workers:
            self._idle.put(worker)

    @property
    def alive(self) -> int:
        """How many query workers are running (a replaced one is missing until its successor starts)."""
        return sum(worker.process.is_alive() for worker in self.workers)

    @property
    def offline(self) -> bool:
        """Whether every query worker is cut off the network."""
        return all(worker.offline for worker in self.workers)

    def run(self, job: Job, own: bool = False) -> Answer | Streamed:
        """The job's answer, or a 503 when no worker is free in time, the query overran, or its worker died.

        own: one of the server's own queries, which may take the worker kept from clients.
        """
        if own:
            return self._run(job, lambda: None)
        with self._lock:
            admitted = self._waiting < self.queue_length
            self._waiting += admitted
        if not admitted:
            return BUSY.answer()
        try:
            free = self._clients.acquire(timeout=self.timeout)
        finally:
            with self._lock:
                self._waiting -= 1
        return self._run(job, self._clients.release) if free else BUSY.answer()

    def _run(self, job: Job, done: Callable[[], None]) -> Answer | Streamed:
        """Run the job on an idle worker; done() is called when the worker is no longer the job's."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            done()
            return BUSY.answer()
        deadline = time.monotonic() + self.timeout
        try:
            worker.connection.send(job)
            first = self._receive(worker, deadline)
        except Refusal as refusal:
            self._replace(worker)
            done()
            return refusal.answer()
        if isinstance(first, Stream):
            return Streamed(first.content_type, self._chunks(worker, deadline, done))
        self._idle.put(worker)
        done()
        return first

    def _receive(self, worker: Worker, deadline: float):
        """The worker's next message before the deadline.

        :raises Refusal: the deadline passed or the worker died.
        """
        try:
            if worker.connection.poll(max(0.0, deadline - time.monotonic())):
                return worker.connection.recv()
        except (EOFError, OSError):
            raise Refusal(503, "worker-lost", "the query stopped its worker, most likely by passing the memory "
                          f"limit of {self.memory_mb} MiB; it was not answered", limit_mib=self.memory_mb) from None
        raise Refusal(503, "timeout", f"the query ran longer than the limit of {self.timeout:g} s and was stopped",
                      limit_seconds=self.timeout)

    def _chunks(self, worker: Worker, deadline: float, done: Callable[[], None]) -> Iterator[bytes]:
        """The chunks of a stream; the worker goes back to the pool only when the stream completed."""
        complete = False
        try:
            while True:
                try:
                    message = self._receive(worker, deadline)
                except Refusal as refusal:
                    raise StreamCut(refusal.message) from None
                if isinstance(message, bytes):
                    yield message
                elif isinstance(message, Abort):
                    complete = True  # the worker said why and is ready for the next job
                    raise StreamCut(message.reason)
                else:
                    assert isinstance(message, End)
                    complete = True
                    return
        finally:
            if complete:
                self._idle.put(worker)
            else:
                self._replace(worker)
            done()

    def close(self) -> None:
        for worker in list(self.workers):
            worker.stop()

    def _replace(self, worker: Worker) -> None:
        """Kill the worker now; start its successor in the background."""
        worker.stop()

        def start() -> None:
            try:
                successor = Worker.launch(self.memory_mb).ready()
            except Exception:
                log.exception("could not start a query worker; the pool has one fewer")
                return
            self.workers[self.workers.index(worker)] = successor
            self._idle.put(successor)

        threading.Thread(target=start, name="query worker restart", daemon=True).start()
