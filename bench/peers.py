"""The endpoint beside the servers a user could pick instead, on the same data, measured in alternation.

    python -m bench.peers --size 100k

Systems, all serving ``bench/data/<size>`` at once on loopback ports:

- ``endpoint``: ``aistd-kg serve`` with its defaults (answer cache on);
- ``endpoint, no cache``: a replica of the same store (``--store``) with ``--cache-mb 0``, so every
  answer is computed: the uncached path the issue's goals are about;
- ``Oxigraph server``: ``oxigraph serve-read-only --union-default-graph`` on the endpoint's own
  persisted store (the same engine and files, in Rust, without a cache);
- ``Virtuoso``: Debian's ``virtuoso-t`` on a fresh database, loaded by ``aistd-kg publish --to``
  (one Graph Store Protocol PUT per named graph; its default graph is the union of its graphs),
  with the settings the tests run it with.

Alternation: for each query of the mix (bench/mix.py), every system is asked once in turn, round
after round (a warm-up, then at most ``REPS`` rounds, at least two, until ``BUDGET`` seconds have
passed), so a busy machine slows all alike; the
endpoint gets named queries as ``/queries/<name>``, the others the same text with the defaults
bound. A query whose text is new to the endpoint each time (a trailing comment with a counter)
measures a hand-written query's first run. Throughput: wrk on the lookup at 1 / 4 / 16 connections,
systems in turn at each level, with the CPU time the server's processes used per request (from
/proc). Cold start: each system restarted on its persisted data, to its first answer. Memory: PSS
of each process tree after the mix. Results: ``bench/results/peers-<size>.json``.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from aistd_kg.prefixes import QUERY_PREFIXES, prologue

from . import generate
from .measure import CONNECTIONS, GRAPH, TABLE, Client, sparql_get, summary, throughput_wrk
from .mix import FIRST_RUN, LOOKUP, mix
from .run import BENCH, SIZES, machine
from .systems import ROOT, VENV_BIN, Endpoint, Server, cpu_seconds, free_port, tree_pss_mb

sys.path.insert(0, str(ROOT / "tests"))
from server_fixtures import virtuoso  # noqa: E402  (how the tests run Virtuoso: one set of settings for both)

REPS = 20
BUDGET = 4.0


class Uncached(Endpoint):
    name = "endpoint, no cache"

    def command(self) -> list[str]:
        return [*super().command(), "--store", str(os.path.realpath(self.build_dir / "store" / "current")),
                "--cache-mb", "0"]


class OxigraphServer(Server):
    name = "Oxigraph server"
    path = "/query"

    def command(self) -> list[str]:
        return [str(VENV_BIN / "oxigraph"), "serve-read-only", "--location",
                os.path.realpath(self.build_dir / "store" / "current"), "--union-default-graph",
                "--bind", f"127.0.0.1:{self.port}"]


class Virtuoso(Server):
    name = "Virtuoso"
    path = "/sparql"

    @property
    def folder(self) -> Path:
        return self.build_dir / "virtuoso"

    @property
    def cwd(self) -> Path:  # virtuoso-t writes files where it starts
        return self.folder

    def command(self) -> list[str]:
        """virtuoso-t with the settings the tests run it with (tests/server_fixtures/virtuoso.py)."""
        ini = self.folder / "virtuoso.ini"
        ini.write_text(virtuoso.SETTINGS.format(folder=self.folder, sql_port=free_port(), http_port=self.port))
        return [virtuoso.EXECUTABLE, "+configfile", str(ini), "+foreground"]

    def load(self) -> float:
        """Publish the build into the fresh database; the seconds it took."""
        started = time.perf_counter()
        subprocess.run([str(VENV_BIN / "aistd-kg"), "publish", "--build-dir", str(self.build_dir), "--to",
                        self.url("/sparql-graph-crud-auth"), "--user", "dba", "--password", "dba", "--auth", "digest"],
                       check=True, capture_output=True, cwd=BENCH.parent)
        return time.perf_counter() - started


def route(server: Server, query, text: str) -> str:
    """The request path for a query: the endpoint's own route for a named query, else the SPARQL text."""
    if isinstance(server, Endpoint):
        return query.route if query.kind == "named" else sparql_get("/sparql", text)
    return sparql_get(server.path, prologue(QUERY_PREFIXES) + text)


def alternate(servers: list[Server]) -> dict:
    """Per query and system: p50 / p95 / p99 in ms, asked in turn round after round.

    Round 0 warms each system up and is not counted, unless it is all there is: a system whose answer
    took longer than the budget is asked no more (its one time is kept).
    """
    clients = {s.name: Client(s.port) for s in servers}
    results: dict[str, dict] = {}
    for query in [*mix(), _first_run()]:
        accept = GRAPH if query.graph else TABLE
        samples: dict[str, list[float]] = {s.name: [] for s in servers}
        errors: dict[str, list[str]] = {s.name: [] for s in servers}
        started = time.perf_counter()
        for round_ in range(REPS + 1):
            asked = [s for s in servers if not errors[s.name] and not (round_ and len(samples[s.name]) == 1 and
                                                                     samples[s.name][0] > BUDGET)]
            for server in asked:
                text = query.text + (f"\n# {round_} {time.time_ns()}" if query.name == FIRST_RUN else "")
                t0 = time.perf_counter()
                error = clients[server.name].get(route(server, query, text), accept)
                elapsed = time.perf_counter() - t0
                if error:
                    errors[server.name].append(error)
                elif round_ == 1 and query.name != FIRST_RUN and samples[server.name][0] <= BUDGET:
                    samples[server.name] = [elapsed]  # the warm-up's time gives way to the first warm one
                else:
                    samples[server.name].append(elapsed)
            if not asked or round_ >= 2 and time.perf_counter() - started > BUDGET:
                break
        results[query.name] = {name: summary(samples[name], errors[name]) for name in samples}
    return results


def _first_run():
    """The lookup as a text the endpoint has not seen before (a new trailing comment each time)."""
    lookup = next(q for q in mix() if q.name == LOOKUP)
    return type(lookup)(FIRST_RUN, "lookup", lookup.text, "/sparql")


def load(servers: list[Server], text: str) -> dict:
    """wrk on the lookup text at each connection level, systems in turn; with CPU ms per request."""
    lookup = next(q for q in mix() if q.name == LOOKUP)
    results: dict[str, list] = {s.name: [] for s in servers}
    for connections in CONNECTIONS:
        for server in servers:
            before = cpu_seconds(server.process.pid)
            measured = throughput_wrk(server.url(route(server, lookup, text)), connections)
            used = cpu_seconds(server.process.pid) - before
            measured["cpu_ms_per_request"] = round(used * 1000 / max(1, measured["requests"]), 3)
            results[server.name].append(measured)
    return results


def cold_starts(servers: list[Server]) -> dict:
    """Each system stopped and started again on its persisted data: seconds to the first answer."""
    times = {}
    for server in servers:
        server.stop()
        times[server.name] = round(server.start(sample_memory=False), 3)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=SIZES, default="100k")
    args = parser.parse_args()
    build_dir = BENCH / "data" / args.size
    if not (build_dir / "generated.json").is_file():
        generate.generate(SIZES[args.size], build_dir)
    lookup = next(q for q in mix() if q.name == LOOKUP)
    probe = sparql_get("/sparql", lookup.text)
    endpoint = Endpoint(build_dir, probe)
    endpoint.start(sample_memory=False)  # publishes the store the replica and Oxigraph server open
    shutil.rmtree(build_dir / "virtuoso", ignore_errors=True)
    (build_dir / "virtuoso").mkdir()
    virtuoso = Virtuoso(build_dir, sparql_get("/sparql", "ASK {}"))
    virtuoso.start(sample_memory=False)
    loaded = virtuoso.load()
    virtuoso.probe = route(virtuoso, lookup, lookup.text)  # its cold start is timed to the lookup, as the others'
    servers: list[Server] = [endpoint, Uncached(build_dir, probe),
                             OxigraphServer(build_dir, sparql_get("/query", prologue(QUERY_PREFIXES) + lookup.text)),
                             virtuoso]
    for server in servers[1:3]:
        server.start(sample_memory=False)
    try:
        result = {"size": args.size, "machine": machine(), "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                  "oxigraph": subprocess.run([str(VENV_BIN / "oxigraph"), "--version"], capture_output=True,
                                             text=True).stdout.strip(),
                  "virtuoso_load_s": round(loaded, 2), "queries": alternate(servers),
                  "load": load(servers, lookup.text),
                  "memory_mb": {s.name: round(tree_pss_mb(s.process.pid), 1) for s in servers},
                  "cold_start_s": cold_starts(servers)}
    finally:
        for server in servers:
            if server.process and server.process.poll() is None:
                server.stop()
    out = BENCH / "results" / f"peers-{args.size}.json"
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    print(out, f"p50 of the lookup: {_p50s(result['queries'][LOOKUP])}")


def _p50s(per_system: dict) -> str:
    return ", ".join(f"{name} {cell.get('p50')}" for name, cell in per_system.items())


if __name__ == "__main__":
    main()
