"""Endpoint only, at a size too large for the full three-system run (10M): load, cold start, memory.

    python -m bench.probe --size 10m

Generates the data if missing, starts ``aistd-kg serve`` on an empty store folder (load +
start), restarts it on the persisted store (cold start), runs a few small queries (≤ 10
runs, ≤ 5 s each) and writes ``bench/results/<size>-endpoint-probe.json`` with the peak PSS
while loading and while serving.
"""

import argparse
import json

from . import generate
from .measure import TABLE, Client, latencies, sparql_get
from .mix import LOOKUP, mix
from .run import BENCH, SIZES
from .systems import Endpoint

PROBES = (LOOKUP, "walk-ancestors", "search-label-en", "search-id-42001", "search-label-zh")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=SIZES, default="10m")
    size = parser.parse_args().size
    build_dir = BENCH / "data" / size
    if not (build_dir / "generated.json").is_file():
        generate.generate(SIZES[size], build_dir)
    queries = {q.name: q for q in mix()}
    server = Endpoint(build_dir, sparql_get("/sparql", queries[LOOKUP].text))
    server.reset()
    first = server.start()
    peak_loading = server.stop()
    cold = server.start()
    client = Client(server.port)
    results = {name: latencies(lambda name=name: client.get(sparql_get("/sparql", queries[name].text), TABLE), budget=5, reps=10)
               for name in PROBES}
    results["national-principles"] = latencies(lambda: client.get("/queries/national-principles", TABLE), budget=5, reps=10)
    out = BENCH / "results" / f"{size}-endpoint-probe.json"
    out.write_text(json.dumps({
        "load_and_start_s": round(first, 1), "peak_mb_while_loading": peak_loading, "cold_start_s": round(cold, 2),
        "queries": results, "peak_mb_serving": server.stop(),
        "store": json.loads((build_dir / "store" / "current" / "manifest.json").read_text())["triples"]}, indent=1))
    print(out)


if __name__ == "__main__":
    main()
