"""Turn bench/results/peers-<size>.json into bench/results/peers.md: the systems side by side and the goals of
issue 23, each with what was measured and by how much it is met or missed (or "not measured" when the run has no figure for it).

    python -m bench.peers_report
"""

import json
import math
from collections.abc import Callable

from .mix import FIRST_RUN, LOOKUP
from .report import RESULTS, cell, verdict

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


def goal_row(goal: str, value, show: Callable, meets: Callable) -> str:
    """A goal's row: show(value) and whether it meets the goal; "–" and "not measured" when the run has no value."""
    if value is None:
        return f"| {goal} | – | not measured |"
    return f"| {goal} | {show(value)} | {verdict(meets(value))} |"


def goals(result: dict) -> list[str]:
    """The goals' table; a goal needing a p50 no round gave (a system that erred every time, or is absent) is not measured."""
    queries, load = result["queries"], result["load"]
    new_text, warm_text = p50(result, FIRST_RUN, UNCACHED), p50(result, LOOKUP, UNCACHED)
    first = new_text - warm_text if new_text is not None and warm_text is not None else None
    light = {name: ratio(result, name, UNCACHED) for name in LIGHT}
    ours_c16, theirs_c16 = (load[system][-1]["rps"] if load.get(system) else None for system in (UNCACHED, OXIGRAPH))
    share = ours_c16 / theirs_c16 if ours_c16 is not None and theirs_c16 else None
    warm = queries.get(LOOKUP, {}).get(UNCACHED, {})
    compared = [name for name in queries if ratio(result, name, UNCACHED)]
    heavy = {name: ratio(result, name, UNCACHED) for name in compared if (p50(result, name, OXIGRAPH) or 0) >= HEAVY_MS}
    cached = [r for name in queries if name != FIRST_RUN and (r := ratio(result, name, OURS))]  # new text: no cache
    lookup_cached = ratio(result, LOOKUP, OURS)
    cold_goal = COLD_START_S[result["size"]]
    return ["| goal (uncached path unless said) | measured | verdict |", "|---|---|---|",
            goal_row("a new text costs ≤ 2 ms more than a warm one (p50)", first, lambda v: f"+{v:.2f} ms", lambda v: v <= 2),
            goal_row("lookup p50 ≤ 2× Oxigraph server", ratio(result, LOOKUP, UNCACHED), lambda v: f"{v:.1f}×",
                     lambda v: v <= 2),
            goal_row("six light named queries p50 ≤ 2× Oxigraph server", light if any(light.values()) else None,
                     lambda v: ", ".join(f"{name} {f'{r:.1f}×' if r else '–'}" for name, r in v.items()),
                     lambda v: all(r <= 2 for r in v.values() if r)),
            goal_row("lookup throughput at c = 16 ≥ 40 % of Oxigraph server's", share, lambda v: f"{v:.0%}", lambda v: v >= 0.4),
            goal_row("CPU per lookup ≤ 0.6 ms (c = 1)", load[UNCACHED][0]["cpu_ms_per_request"] if load.get(UNCACHED) else None,
                     lambda v: f"{v:.2f} ms", lambda v: v <= 0.6),
            goal_row("warm lookup p99 ≤ 3× p50 at c = 1", warm if "p50" in warm else None,
                     lambda w: f"{w['p99'] / w['p50']:.1f}×", lambda w: w["p99"] <= 3 * w["p50"]),
            goal_row(f"heavy queries (Oxigraph p50 ≥ {HEAVY_MS:g} ms) ≤ 1.1× Oxigraph server", heavy if compared else None,
                     lambda v: f"{len(v)} queries, {min(v.values()):.2f}–{max(v.values()):.2f}×, geometric mean "
                               f"{geomean(list(v.values())):.2f}×" if v else "none that heavy",
                     lambda v: all(r <= 1.1 for r in v.values())),
            goal_row("a repeated query (answer cache) faster than Oxigraph server", cached or None,
                     lambda v: f"geometric mean over {len(v)} queries {geomean(v):.2f}×; lookup "
                               + (f"{lookup_cached:.2f}×" if lookup_cached else "–"),
                     lambda v: geomean(v) < 1),
            goal_row(f"cold start ≤ {cold_goal:g} s at {result['size']}", result["cold_start_s"].get(OURS), lambda v: f"{v} s",
                     lambda v: v <= cold_goal),
            goal_row("memory serving ≤ 300 MB in all processes", result["memory_mb"].get(OURS), lambda v: f"{v} MB",
                     lambda v: v <= 300)]


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
