"""The floor: the raw pyoxigraph engine, no HTTP, on the same data and mix.

    python -m bench.raw <build-dir> <out.json> [values]

Cold start: open the endpoint's persisted store (``<build-dir>/store/current``) read-only
and answer the lookup query. Load: ``bulk_load`` of ``<build-dir>/aistd-kg.trig`` into a
fresh on-disk store (what ``aistd-kg serve`` does on its first start).

The mix runs in a worker process that opens that store read-only (as the endpoint's query
workers do), so a query running past ``TIMEOUT`` seconds can be stopped (the worker is
killed and replaced). Each answer is serialized to SPARQL JSON (or Turtle) in memory, as
the endpoint does. Named queries are bound as the endpoint binds them
(``aistd_kg.server.parameters.bind``) so that endpoint minus raw is the HTTP + worker-pool
overhead; with ``values`` they run the VALUES text the peer gets instead. Peak RSS is the
largest ``ru_maxrss`` of the loading process and the worker.
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

from aistd_kg.named_queries import load_queries
from aistd_kg.server import parameters

from .measure import latencies, throughput_threads
from .mix import QUERIES, mix

LOOKUP = "beijing-standard-record"
TIMEOUT = 10.0


def prepared(values: bool) -> dict[str, tuple[str, dict, bool]]:
    """name -> (text, pyoxigraph keyword arguments, graph answer) for the whole mix."""
    named = load_queries(QUERIES)
    out = {}
    for q in mix():
        if q.kind == "named" and not values:
            bindings = {str(k): v for k, v in named[q.name].bindings().items()}
            form = "CONSTRUCT" if q.graph else "SELECT"
            text, extra = parameters.bind(form, named[q.name].text, bindings)
        else:
            text, extra = q.text, {}
        out[q.name] = (text, extra, q.graph)
    return out


def runner(store: pyoxigraph.Store, text: str, extra: dict, graph: bool):
    """A call() that runs and serializes one query; None on success, else the error."""
    def call():
        try:
            result = store.query(text, use_default_graph_as_union=True, **extra)
            fmt = pyoxigraph.RdfFormat.TURTLE if graph else pyoxigraph.QueryResultsFormat.JSON
            result.serialize(io.BytesIO(), format=fmt)
            return None
        except Exception as error:  # report, do not stop the benchmark
            return f"{type(error).__name__}: {error}"[:200]
    return call


def worker(connection, store_path: str, values: bool) -> None:
    """Answer (name, what) requests: what is "latency" or a thread count for throughput."""
    store, queries = pyoxigraph.Store.read_only(store_path), prepared(values)
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

    def __init__(self, store_path: str, values: bool):
        self.args, self.peak_mb, self.process = (store_path, values), 0.0, None

    def ask(self, name: str, what, limit: float) -> dict:
        if self.process is None:
            context = multiprocessing.get_context("spawn")
            self.connection, child = context.Pipe()
            self.process = context.Process(target=worker, args=(child, *self.args), daemon=True)
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


def main(build_dir: Path, out: Path, values: bool) -> None:
    queries = prepared(values)
    started = time.perf_counter()
    persisted = pyoxigraph.Store.read_only(str(build_dir / "store" / "current"))
    runner(persisted, *queries[LOOKUP])()
    cold = time.perf_counter() - started
    del persisted
    with tempfile.TemporaryDirectory(dir=build_dir, prefix=".raw-") as folder:
        started = time.perf_counter()
        store = pyoxigraph.Store(folder)
        store.bulk_load(path=str(build_dir / "aistd-kg.trig"), format=pyoxigraph.RdfFormat.TRIG)
        store.flush()
        load = time.perf_counter() - started
        del store
        pool = Worker(folder, values)
        # a latency call may take TIMEOUT for its first run and the time budget for the rest
        results = {name: pool.ask(name, "latency", TIMEOUT + 2 * 3.0 + TIMEOUT) for name in queries}
        load_test = [pool.ask(LOOKUP, c, 60) for c in (1, 4, 16)]
        load_test_sparql = [pool.ask("lookup-identifier", c, 60) for c in (1, 4, 16)]
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, pool.peak_mb)
    out.write_text(json.dumps({"cold_start_s": round(cold, 3), "load_s": round(load, 2), "peak_mb": round(rss, 1),
                               "binding": "VALUES" if values else "endpoint's bind()", "queries": results,
                               "throughput": load_test, "throughput_sparql": load_test_sparql}, indent=1),
                   encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]), values=sys.argv[3:] == ["values"])
