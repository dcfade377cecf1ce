"""Turn bench/results/<size>.json into bench/results/results.md: tables and the goals of issue 7.

    python -m bench.report

Goals are checked on the largest size present (1M when it was run); a goal the harness
does not measure is listed as "not measured", never as met.
"""

import json
import math
from pathlib import Path

from .measure import HTTP_TIMEOUT

RESULTS = Path(__file__).resolve().parent / "results"
ORDER = ("100k", "1m", "10m")
SYSTEMS = ("endpoint", "raw pyoxigraph", "rdflib-endpoint")
SEARCH = ("lookup-identifier", "beijing-standard-record", "search-id-42001", "search-id-iso-iec-42001",
          "search-id-gbt-45288", "search-label-zh", "search-label-en")
SMALL = ("lookup-identifier", "walk-ancestors", "describe-standard", "search-id-gbt-45288")


def cell(q: dict) -> str:
    if q.get("skipped"):
        return "skipped"
    if "p50" not in q:
        return "error: " + (q.get("error") or "?")[:40].replace("|", "/")
    return f"{q['p50']:.2f} / {q['p95']:.2f} / {q['p99']:.2f}" + (f" (n={q['n']})" if q["n"] < 5 else "")


def load_cell(runs: list[dict]) -> str:
    return " · ".join(f"{r['rps']:.0f} ({r.get('p99', 0):.0f}{'' if not r['errors'] else ', ' + str(r['errors']) + ' err'})"
                      for r in runs)


def mix_ratio(result: dict, count_timeouts: bool = True) -> tuple[int, float, float, int]:
    """Over the queries both answered (and, with count_timeouts, those the peer did not answer within the HTTP
    timeout, counted at the timeout: the ratios are then lower bounds): how many, ratio of summed p50,
    geometric mean of per-query ratios, and how many of them are peer timeouts."""
    ours, peer = result["systems"]["endpoint"]["queries"], result["systems"]["rdflib-endpoint"]["queries"]
    timeout_ms = HTTP_TIMEOUT * 1000.0
    peer_p50 = {n: q["p50"] if "p50" in q else timeout_ms for n, q in peer.items()
                if "p50" in q or count_timeouts and "timed out" in (q.get("error") or "") + (q.get("skipped") or "")}
    common = [n for n in ours if "p50" in ours[n] and n in peer_p50]
    if not common:
        return 0, 0.0, 0.0, 0
    total = sum(peer_p50[n] for n in common) / sum(ours[n]["p50"] for n in common)
    geo = math.exp(sum(math.log(peer_p50[n] / ours[n]["p50"]) for n in common) / len(common))
    return len(common), total, geo, sum("p50" not in peer[n] for n in common)


def size_section(result: dict) -> list[str]:
    systems, data = result["systems"], result["data"]
    lines = [f"## {result['size']}: {data['store']:,} triples in the store "
             f"({data['real_quads']:,} real quads + {data['synthetic_triples']:,} synthetic; "
             f"{data['bytes'] / 1e6:.0f} MB TriG), run {result['started']}", "",
             "| system | load + start (s) | cold start to first answer (s) | peak memory (MB) "
             "| named lookup req/s (p99 ms) at c=1 · 4 · 16 | SPARQL lookup req/s (p99 ms) at c=1 · 4 · 16 |",
             "|---|---|---|---|---|---|"]
    for name in SYSTEMS:
        s = systems[name]
        load = s.get("load_and_start_s", s.get("load_s"))
        lines.append(f"| {name} | {load} | {s['cold_start_s']} | {s['peak_mb']} | {load_cell(s['throughput'])} "
                     f"| {load_cell(s['throughput_sparql'])} |")
    n, total, geo, timeouts = mix_ratio(result)
    lines += ["", f"Mix, endpoint vs rdflib-endpoint, over {n} queries ({timeouts} of them timed out on the peer, "
                  f"counted at {HTTP_TIMEOUT} s): summed p50 {total:.1f}× faster, geometric mean of per-query "
                  f"ratios {geo:.1f}×.", "",
              "Latency per query, ms, p50 / p95 / p99 (n < 5 samples shown):", "",
              "| query | " + " | ".join(SYSTEMS) + " |", "|---|---|---|---|"]
    for query in systems["endpoint"]["queries"]:
        lines.append(f"| {query} | " + " | ".join(cell(systems[s]["queries"][query]) for s in SYSTEMS) + " |")
    return lines + [""]


def verdict(ok: bool) -> str:
    """A goal's verdict; a missed one stands out."""
    return "met" if ok else "**missed**"


def goals(result: dict) -> list[str]:
    s, size = result["systems"], result["size"]
    ours, raw = s["endpoint"]["queries"], s["raw pyoxigraph"]["queries"]
    named = {n: q for n, q in ours.items() if not n.startswith(("lookup-", "search-", "walk-", "aggregate-", "join-", "describe-"))}
    slow = sorted(((q.get("p50", math.inf), n) for n, q in named.items() if q.get("p50", math.inf) > 50), reverse=True)
    n, total, geo, timeouts = mix_ratio(result)
    answered = mix_ratio(result, count_timeouts=False)
    search = {n: ours[n].get("p50", math.inf) for n in SEARCH}
    overhead = {n: ours[n]["p50"] - raw[n]["p50"] for n in SMALL if "p50" in ours[n] and "p50" in raw[n]}
    c16 = [s["endpoint"]["throughput"][-1], s["endpoint"]["throughput_sparql"][-1]]
    return [
        f"## Goals of issue 7, checked at {size}", "",
        "| goal | measured | verdict |", "|---|---|---|",
        f"| every named query p50 ≤ 50 ms over HTTP | {len(named) - len(slow)}/{len(named)} within; over: "
        + ", ".join(f"{name} {p:.0f} ms" if p != math.inf else f"{name} (error)" for p, name in slow[:8])
        + (" …" if len(slow) > 8 else "") + f" | {verdict(not slow)} |",
        f"| mix ≥ 20× faster than rdflib-endpoint | {total:.1f}× (summed p50), {geo:.1f}× (geometric mean), "
        f"{n} queries, {timeouts} counted at the peer's {HTTP_TIMEOUT} s timeout; over the {answered[0]} both "
        f"answered: {answered[1]:.1f}×, {answered[2]:.1f}× | {verdict(min(total, answered[1]) >= 20)} |",
        "| label / identifier search p50 ≤ 20 ms | " + ", ".join(f"{k} {v:.1f}" for k, v in search.items())
        + f" | {verdict(max(search.values()) <= 20)} |",
        "| HTTP + serialization overhead ≤ 2 ms p50 (small results) | "
        + ", ".join(f"{k} +{v:.2f} ms" for k, v in overhead.items()) + f" | {verdict(max(overhead.values()) <= 2)} |",
        streaming_goal(s["endpoint"].get("streaming")),
        f"| cold start ≤ 2 s (persisted store) | {s['endpoint']['cold_start_s']} s | "
        f"{verdict(s['endpoint']['cold_start_s'] <= 2)} |",
        ten_million(),
        "| ≥ 800 req/s lookup at c=16, p99 ≤ 50 ms, zero errors | "
        f"named: {c16[0]['rps']:.0f} req/s, p99 {c16[0]['p99']:.0f} ms, {c16[0]['errors']} errors; "
        f"SPARQL text: {c16[1]['rps']:.0f} req/s, p99 {c16[1]['p99']:.0f} ms, {c16[1]['errors']} errors | "
        + verdict(all(c['rps'] >= 800 and c['p99'] <= 50 and not c['errors'] for c in c16)) + " |",
        seed_build(), "",
        "The mix ratio is given two ways: summed p50 (the whole mix run once, dominated by the few queries "
        "rdflib takes seconds over) and the geometric mean of per-query ratios (the typical query). "
        f"A query rdflib-endpoint did not answer within the {HTTP_TIMEOUT} s HTTP timeout (or that timed out at "
        "the smaller size and was not run again) counts at the timeout, which understates its time: with "
        "timeouts, both ratios are lower bounds. Queries skipped when the peer's time budget ran out count in "
        "neither.", ""]


def streaming_goal(probe: dict | None) -> str:
    """The streaming goal's row: first byte under 1 s, memory growth small beside the answer's size."""
    if not probe:
        return "| streaming: 100k-row SELECT starts < 1 s, flat memory | not measured in this run | **missed** |"
    growth = probe["pss_peak_mb"] - probe["pss_before_mb"]
    answer_mb = probe["bytes"] / 1e6
    return (f"| streaming: 100k-row SELECT starts < 1 s, flat memory | first byte {probe['first_byte_s']} s, last "
            f"{probe['last_byte_s']} s, {answer_mb:.1f} MB sent chunked; server PSS {probe['pss_before_mb']:.0f} → "
            f"{probe['pss_peak_mb']:.0f} MB (+{growth:.0f} MB) | "
            f"{verdict(probe['chunked'] and probe['first_byte_s'] < 1 and growth < answer_mb / 4)} |")


def side_goal(goal: str, file: str, describe) -> str:
    """A goal row from an optional results file; describe(data) gives (measured, verdict)."""
    path = RESULTS / file
    if not path.is_file():
        return f"| {goal} | not measured | not measured |"
    measured, verdict = describe(json.loads(path.read_text(encoding="utf-8")))
    return f"| {goal} | {measured} | {verdict} |"


def ten_million() -> str:
    """The 10M row, from results/10m-endpoint-probe.json (bench/probe.py)."""
    return side_goal("10M build completes, serving RSS ≤ 1.5 GB", "10m-endpoint-probe.json", lambda p: (
        f"{p['store']:,} triples: load + start {p['load_and_start_s']} s (peak {p['peak_mb_while_loading']:.0f} MB "
        f"while loading), cold start {p['cold_start_s']} s, {p['peak_mb_serving']:.0f} MB PSS serving a few small "
        "queries (endpoint only, bench/probe.py)",
        verdict(p["peak_mb_serving"] <= 1536) + " (light load only)"))


def seed_build() -> str:
    """The seed build row, from results/seed-build.json (timed by hand, see the command)."""
    return side_goal("seed graph full build ≤ 60 s", "seed-build.json", lambda b: (
        f"{b['wall_s']} s wall, {b['max_rss_mb']} MB (`{b['command']}`)", verdict(b["wall_s"] <= 60)))


def machine(result: dict) -> list[str]:
    m = result["machine"]
    return ["## Machine", "", f"{m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; {m['os']}; Python {m['python']}; "
            + ", ".join(f"{k} {v}" for k, v in m.items() if k not in ("cpu", "cores", "memory_gb", "os", "python")), ""]


def main() -> None:
    results = [json.loads((RESULTS / f"{size}.json").read_text(encoding="utf-8"))
               for size in ORDER if (RESULTS / f"{size}.json").is_file()]
    lines = ["# Benchmark results", "", "Generated by `python -m bench.report` from the JSON beside this file.", ""]
    lines += machine(results[-1]) + goals(results[-1])
    for result in results:
        lines += size_section(result)
    (RESULTS / "results.md").write_text("\n".join(lines), encoding="utf-8")
    print(RESULTS / "results.md")


if __name__ == "__main__":
    main()
