"""The floor: the raw pyoxigraph engine, no HTTP, on the same data and mix.

    python -m bench.raw <build-dir> <out.json>

Cold start: open the endpoint's persisted store (``<build-dir>/store/current``) read-only
and answer the lookup query. Load: ``bulk_load`` of ``<build-dir>/aistd-kg.trig`` into a
fresh on-disk store (what ``aistd-kg serve`` does on its first start).

The mix runs in a worker process that opens that store read-only (as the endpoint's query
workers do), so a query running past ``TIMEOUT`` seconds can be stopped (the worker is
killed and replaced). Each answer is serialized to SPARQL JSON (or Turtle) in memory, as
the endpoint does. Named queries are bound as the endpoint binds them (bench/mix.py), so
that endpoint minus raw is the HTTP + worker-pool overhead. Searches run the FILTER text
(the endpoint answers them from its text index instead). Peak RSS is the largest
``ru_maxrss`` of the loading process and the worker.
"""

import io
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph

from .measure import CONNECTIONS, latencies, throughput_threads
from .mix import LOOKUP, NAMED_LOOKUP, mix

TIMEOUT = 10.0


def prepared() -> dict[str, tuple[str, bool]]:
    """name -> (text, graph answer) for the whole mix."""
    return {q.name: (q.text, q.graph) for q in mix()}


def runner(store: pyoxigraph.Store, text: str, graph: bool):
    """A call() that runs and serializes one query; None on success, else the error."""
    def call():
        try:
            result = store.query(text, use_default_graph_as_union=True)
            fmt = pyoxigraph.RdfFormat.TURTLE if graph else pyoxigraph.QueryResultsFormat.JSON
            result.serialize(io.BytesIO(), format=fmt)
            return None
        except Exception as error:  # report, do not stop the benchmark
            return f"{type(error).__name__}: {error}"[:200]
    return call


def worker(connection, store_path: str) -> None:
    """Answer (name, what) requests: what is "latency" or a thread count for throughput."""
    store, queries = pyoxigraph.Store.read_only(store_path), prepared()
    while True:
        try:
            name, what = connection.recv()
        except EOFError:
            return
        call = runner(store, *queries[name])
        result = latencies(call) if what == "latency" else throughput_threads(call, what)
        connection.send((result, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


class Worker:
    """A worker process that can be killed when a query runs too long."""

    def __init__(self, store_path: str):
        self.store_path, self.peak_mb, self.process = store_path, 0.0, None

    def ask(self, name: str, what, limit: float) -> dict:
        if self.process is None:
            context = multiprocessing.get_context("spawn")
            self.connection, child = context.Pipe()
            self.process = context.Process(target=worker, args=(child, self.store_path), daemon=True)
            self.process.start()
        self.connection.send((name, what))
        if self.connection.poll(limit):
            result, rss = self.connection.recv()
            self.peak_mb = max(self.peak_mb, rss)
            return result
        self.process.kill()
        self.process.join()
        self.process = None
        return {"n": 0, "errors": 1, "error": f"timeout: no answer within {limit:.0f} s"}


def main(build_dir: Path, out: Path) -> None:
    queries = prepared()
    started = time.perf_counter()
    persisted = pyoxigraph.Store.read_only(str(build_dir / "store" / "current"))
    runner(persisted, *queries[NAMED_LOOKUP])()
    cold = time.perf_counter() - started
    del persisted
    with tempfile.TemporaryDirectory(dir=build_dir, prefix=".raw-") as folder:
        started = time.perf_counter()
        store = pyoxigraph.Store(folder)
        store.bulk_load(path=str(build_dir / "aistd-kg.trig"), format=pyoxigraph.RdfFormat.TRIG)
        store.flush()
        load = time.perf_counter() - started
        del store
        pool = Worker(folder)
        # a latency call may take TIMEOUT for its first run and the time budget for the rest
        results = {name: pool.ask(name, "latency", TIMEOUT + 2 * 3.0 + TIMEOUT) for name in queries}
        load_test = [pool.ask(NAMED_LOOKUP, c, 60) for c in CONNECTIONS]
        load_test_sparql = [pool.ask(LOOKUP, c, 60) for c in CONNECTIONS]
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, pool.peak_mb)
    out.write_text(json.dumps({"cold_start_s": round(cold, 3), "load_s": round(load, 2), "peak_mb": round(rss, 1),
                               "queries": results,
                               "throughput": load_test, "throughput_sparql": load_test_sparql}, indent=1),
                   encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]))
