"""Turn bench/results/peers-<size>.json into bench/results/peers.md: the systems side by side and the goals of
issue 23, each with what was measured and by how much it is met or missed.

    python -m bench.peers_report
"""

import json
import math

from .mix import FIRST_RUN, LOOKUP
from .report import RESULTS, cell

OURS, UNCACHED, OXIGRAPH, VIRTUOSO = "endpoint", "endpoint, no cache", "Oxigraph server", "Virtuoso"
SYSTEMS = (OURS, UNCACHED, OXIGRAPH, VIRTUOSO)
COLD_START_S = {"100k": 1.0, "1m": 2.0}  # the goal at each size
HEAVY_MS = 5.0  # a named query Oxigraph server takes this long or longer at p50 counts as heavy
LIGHT = ("beijing-standard-record", "bodies-secretariat", "bodies-ancestors", "national-document-issue-dates",
         "standards-adoptions-of-standard", "links-of-entity")


def p50(result: dict, query: str, system: str) -> float | None:
    return result["queries"].get(query, {}).get(system, {}).get("p50")


def ratio(result: dict, query: str, system: str, peer: str = OXIGRAPH) -> float | None:
    ours, theirs = p50(result, query, system), p50(result, query, peer)
    return ours / theirs if ours and theirs else None


def geomean(values: list[float]) -> float:
    return math.exp(sum(map(math.log, values)) / len(values)) if values else float("nan")


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def systems_table(result: dict) -> list[str]:
    lines = ["| system | cold start (s) | memory serving (MB PSS) | lookup p50 / p95 / p99 (ms) | lookup, new text each "
             "time: p50 / p95 / p99 (ms) | lookup req/s at c=1 · 4 · 16 | CPU ms per lookup at c=1 · 4 · 16 |",
             "|---|---|---|---|---|---|---|"]
    for system in SYSTEMS:
        load = result["load"][system]
        rates = " · ".join(f"{run['rps']:.0f}" for run in load)
        cpu = " · ".join(f"{run['cpu_ms_per_request']:.2f}" for run in load)
        lines.append(f"| {system} | {result['cold_start_s'][system]} | {result['memory_mb'][system]} "
                     f"| {cell(result['queries'][LOOKUP][system])} | {cell(result['queries'][FIRST_RUN][system])} "
                     f"| {rates} | {cpu} |")
    return lines


def goals(result: dict) -> list[str]:
    queries, load = result["queries"], result["load"]
    first = p50(result, FIRST_RUN, UNCACHED) - p50(result, LOOKUP, UNCACHED)
    lookup = ratio(result, LOOKUP, UNCACHED)
    share = load[UNCACHED][-1]["rps"] / load[OXIGRAPH][-1]["rps"]
    cpu = load[UNCACHED][0]["cpu_ms_per_request"]
    warm = queries[LOOKUP][UNCACHED]
    light = {name: ratio(result, name, UNCACHED) for name in LIGHT if ratio(result, name, UNCACHED)}
    heavy = {name: ratio(result, name, UNCACHED) for name, systems in queries.items()
             if (systems[OXIGRAPH].get("p50") or 0) >= HEAVY_MS and ratio(result, name, UNCACHED)}
    cached = [r for name in queries if name != FIRST_RUN and (r := ratio(result, name, OURS))]  # new text: no cache
    cold, memory = result["cold_start_s"][OURS], result["memory_mb"][OURS]
    rows = [
        ("a new text costs ≤ 2 ms more than a warm one (p50)", f"+{first:.2f} ms", first <= 2),
        ("lookup p50 ≤ 2× Oxigraph server", f"{lookup:.1f}×", lookup <= 2),
        ("six light named queries p50 ≤ 2× Oxigraph server",
         ", ".join(f"{name} {value:.1f}×" for name, value in light.items()), all(v <= 2 for v in light.values())),
        ("lookup throughput at c = 16 ≥ 40 % of Oxigraph server's", f"{share:.0%}", share >= 0.4),
        ("CPU per lookup ≤ 0.6 ms (c = 1)", f"{cpu:.2f} ms", cpu <= 0.6),
        ("warm lookup p99 ≤ 3× p50 at c = 1", f"{warm['p99'] / warm['p50']:.1f}×", warm["p99"] <= 3 * warm["p50"]),
        (f"heavy queries (Oxigraph p50 ≥ {HEAVY_MS:g} ms) ≤ 1.1× Oxigraph server",
         f"{len(heavy)} queries, {min(heavy.values()):.2f}–{max(heavy.values()):.2f}×, geometric mean "
         f"{geomean(list(heavy.values())):.2f}×" if heavy else "none that heavy", all(v <= 1.1 for v in heavy.values())),
        ("a repeated query (answer cache) faster than Oxigraph server",
         f"geometric mean over {len(cached)} queries {geomean(cached):.2f}×; lookup {ratio(result, LOOKUP, OURS):.2f}×",
         geomean(cached) < 1),
        (f"cold start ≤ {COLD_START_S[result['size']]:g} s at {result['size']}", f"{cold} s",
         cold <= COLD_START_S[result["size"]]),
        ("memory serving ≤ 300 MB in all processes", f"{memory} MB", memory <= 300),
    ]
    return ["| goal (uncached path unless said) | measured | verdict |", "|---|---|---|",
            *(f"| {goal} | {measured} | {verdict(ok)} |" for goal, measured, ok in rows)]


def queries_table(result: dict) -> list[str]:
    lines = ["| query | " + " | ".join(SYSTEMS) + " | no cache ÷ Oxigraph |", "|---|" + "---|" * (len(SYSTEMS) + 1)]
    for name, systems in result["queries"].items():
        r = ratio(result, name, UNCACHED)
        lines.append(f"| {name} | " + " | ".join(cell(systems[s]) for s in SYSTEMS) + f" | {f'{r:.2f}' if r else '–'} |")
    return lines


def main() -> None:
    parts = ["# The endpoint beside Oxigraph server and Virtuoso", "",
             "Generated by `python -m bench.peers_report` from `peers-<size>.json` (run by `python -m bench.peers`).",
             "Every system serves the same data at once; each query is asked of every system in turn, round after round,",
             "so a busy machine slows them alike. Latency is over HTTP on 127.0.0.1, keep-alive, one client.", ""]
    for path in sorted(RESULTS.glob("peers-*.json")):
        result = json.loads(path.read_text(encoding="utf-8"))
        m = result["machine"]
        parts += [f"## {result['size']}, run {result['started']}", "",
                  f"{m['cpu']}, {m['cores']} cores; Python {m['python']}, pyoxigraph {m['pyoxigraph']}, "
                  f"{result['oxigraph']}, Virtuoso loaded in {result['virtuoso_load_s']} s.", "",
                  *systems_table(result), "", "### Goals of issue 23", "", *goals(result), "",
                  "### Latency per query, ms, p50 / p95 / p99", "", *queries_table(result), ""]
    (RESULTS / "peers.md").write_text("\n".join(parts), encoding="utf-8")


if __name__ == "__main__":
    main()
