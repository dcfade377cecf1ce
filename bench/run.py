"""Run the three systems side by side on one generated build folder and write the results JSON.

    python -m bench.run --size 100k [--peer-budget 300]

for each size: generate ``bench/data/<size>/aistd-kg.trig`` (bench/generate.py) unless it
exists, then, one system at a time so they never compete for the two cores:

1. the endpoint (``aistd-kg serve``): first start on an empty store folder (load + start),
   restart on the persisted store (cold start), the mix, wrk at 1 / 4 / 16 connections;
2. the raw engine in a subprocess (bench/raw.py);
3. rdflib-endpoint: start (parse + start), the mix, wrk at 1 / 4 / 16. Bounded: after an
   HTTP timeout (60 s) the peer is restarted, and a query that timed out at the previous
   size is not run again; after ``--peer-budget`` seconds the rest of the mix is skipped.

Throughput is measured twice: for the named lookup query (``/queries/beijing-standard-record``
on the endpoint) and for the same lookup as plain SPARQL text (``lookup-identifier``).

Named queries go to the endpoint as ``/queries/<name>`` (it binds the defaults), label and
identifier searches as ``/search?q=…`` (its text index); every other request is a GET of
the SPARQL text. The endpoint also streams one 100k-row SELECT (bench/stream.py).
Everything listens on and talks to 127.0.0.1.
Results: ``bench/results/<size>.json``; ``bench/report.py`` turns them into markdown.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import generate
from .measure import CONNECTIONS, GRAPH, HTTP_TIMEOUT, TABLE, Client, latencies, sparql_get, throughput_wrk
from .mix import LOOKUP, NAMED_LOOKUP, mix
from .stream import stream_probe
from .systems import Endpoint, Peer

BENCH = Path(__file__).resolve().parent
SIZES = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("[")[0].strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory / 1024 / 1024, 1),
            "os": platform.platform(), "python": platform.python_version(), "wrk": wrk,
            **{name: _version(name) for name in ("pyoxigraph", "rdflib", "rdflib-endpoint", "gunicorn", "flask", "uvicorn")}}


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def run_mix(server, route, budget: float | None = None, skip: dict | None = None) -> dict:
    """Latency of every query of the mix on one HTTP server.

    Past the budget, or when named in skip (name -> reason), a query is not run. After an
    HTTP timeout the server may still be busy with the query, so it is restarted.
    """
    client, results, started = Client(server.port), {}, time.perf_counter()
    for query in mix():
        if budget is not None and time.perf_counter() - started > budget:
            results[query.name] = {"n": 0, "errors": 0, "skipped": "peer time budget spent"}
            continue
        if skip and query.name in skip:
            results[query.name] = {"n": 0, "errors": 0, "skipped": skip[query.name]}
            continue
        path = route(query)
        results[query.name] = latencies(lambda client=client, path=path, query=query: client.get(path, GRAPH if query.graph else TABLE))
        if "timed out" in (results[query.name].get("error") or ""):
            server.stop()
            server.start()
            client = Client(server.port)
    return results


def timed_out_at_smaller_size(size: str, system: str) -> dict:
    """Queries that timed out on system at the previous size (they are not run again, and count as timeouts)."""
    names = list(SIZES)
    if names.index(size) == 0:
        return {}
    smaller = names[names.index(size) - 1]
    path = BENCH / "results" / f"{smaller}.json"
    if not path.is_file():
        return {}
    queries = json.loads(path.read_text(encoding="utf-8"))["systems"][system]["queries"]
    return {name: f"timed out ({HTTP_TIMEOUT} s) at {smaller}: not run at {size}" for name, q in queries.items()
            if "timed out" in (q.get("error") or "") + (q.get("skipped") or "")}


def endpoint_route(query) -> str:
    return sparql_get("/sparql", query.text) if query.route == "/sparql" else query.route


def bench_endpoint(build_dir: Path, lookup, sparql_lookup) -> dict:
    server = Endpoint(build_dir, lookup.route)
    server.reset()
    first = server.start()
    first_peak = server.stop()
    cold = server.start()
    queries = run_mix(server, endpoint_route)
    streaming = stream_probe(server.port, server.process.pid)
    load = [throughput_wrk(server.url(lookup.route), c) for c in CONNECTIONS]
    load_sparql = [throughput_wrk(server.url(sparql_get("/sparql", sparql_lookup.text)), c) for c in CONNECTIONS]
    return {"load_and_start_s": round(first, 2), "peak_mb_while_loading": first_peak, "cold_start_s": round(cold, 3),
            "queries": queries, "streaming": streaming, "throughput": load, "throughput_sparql": load_sparql,
            "peak_mb": server.stop(), "memory": "PSS of the process tree"}


def bench_peer(build_dir: Path, lookup, sparql_lookup, budget: float, skip: dict) -> dict:
    path = sparql_get("/", lookup.text)
    server = Peer(build_dir, path)
    cold = server.start()
    queries = run_mix(server, lambda q: sparql_get("/", q.text), budget, skip)
    load = [throughput_wrk(server.url(path), c) for c in CONNECTIONS]
    load_sparql = [throughput_wrk(server.url(sparql_get("/", sparql_lookup.text)), c) for c in CONNECTIONS]
    return {"load_and_start_s": round(cold, 2), "cold_start_s": round(cold, 3), "queries": queries,
            "throughput": load, "throughput_sparql": load_sparql, "peak_mb": server.stop(),
            "memory": "PSS of the process tree"}


def bench_raw(build_dir: Path) -> dict:
    out = build_dir / "raw.json"
    subprocess.run([sys.executable, "-m", "bench.raw", str(build_dir), str(out)], check=True, cwd=BENCH.parent,
                   timeout=3600)
    result = json.loads(out.read_text(encoding="utf-8"))
    result["memory"] = "largest ru_maxrss of the loading process and the query worker"
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=SIZES, required=True)
    parser.add_argument("--peer-budget", type=float, default=1800.0, help="seconds for the peer's whole mix")
    args = parser.parse_args()
    build_dir = BENCH / "data" / args.size
    if not (build_dir / "generated.json").is_file():
        generate.generate(SIZES[args.size], build_dir)
    queries = {q.name: q for q in mix()}
    lookup, sparql_lookup = queries[NAMED_LOOKUP], queries[LOOKUP]
    result = {"size": args.size, "data": json.loads((build_dir / "generated.json").read_text()), "machine": machine(),
              "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "systems": {}}
    result["systems"]["endpoint"] = bench_endpoint(build_dir, lookup, sparql_lookup)
    result["data"]["store"] = json.loads((build_dir / "store" / "current" / "manifest.json").read_text())["triples"]
    result["systems"]["raw pyoxigraph"] = bench_raw(build_dir)
    result["systems"]["rdflib-endpoint"] = bench_peer(build_dir, lookup, sparql_lookup, args.peer_budget,
                                                   timed_out_at_smaller_size(args.size, "rdflib-endpoint"))
    out = BENCH / "results" / f"{args.size}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    print(out)


if __name__ == "__main__":
    main()
