"""Where an uncached lookup's CPU time goes: the endpoint's processes sampled by py-spy under load.

    python -m bench.profile --size 100k

Runs the endpoint without its answer cache (as ``bench.peers`` does) on ``bench/data/<size>``,
drives the identifier lookup with wrk at one connection, and meanwhile records every process of
the server (gunicorn master and workers, forkservers, query workers) with py-spy, the sampling
profiler (``--subprocesses --nonblocking``; samples of waiting threads are dropped: WAITS). Each
sample is put in the stage of the deepest frame of its stack that belongs to one (STAGES), and
a stage's CPU per request is its samples ÷ the sampling rate ÷ the requests answered while
recording. The CPU the processes used meanwhile (from /proc) is beside it, so what sampling
missed shows. Results: ``results/profile-<size>.json`` and ``results/profile.md``.
"""

import argparse
import json
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from .measure import sparql_get, throughput_wrk
from .mix import LOOKUP, mix
from .peers import Uncached
from .run import BENCH, SIZES, machine
from .systems import VENV_BIN, cpu_seconds

RATE = 400
SECONDS = 10
MARGIN = 1  # seconds py-spy records before and after wrk's run
# (stage, what a frame of it holds), matched from the leaf up: a sample's stage is that of the deepest frame
# holding a marker (a standard-library frame counts for the code that called it).
STAGES = [
    ("query worker: guard, engine, serialization", "(aistd_kg/query/engine.py"),
    ("hop: pickling and the pipe, both ends", "(multiprocessing/"),
    ("hop: pickling and the pipe, both ends", "(aistd_kg/query/pool.py"),
    ("app: routes, negotiation, hooks, access log", "(aistd_kg/"),
    ("Flask and werkzeug", "(flask/"),
    ("Flask and werkzeug", "(werkzeug/"),
    ("gunicorn: HTTP, connections, threads", "(gunicorn/"),
]
OTHER = "other"
# A thread blocked in one of these is waiting, not working. py-spy leaves idle threads out by the state the
# kernel reports, which a virtual machine does not always report; so a sample ending in one is dropped too.
# The reverse error remains: a process preempted in the write that woke its peer on the same CPU is sampled
# as working, so the hop's share is overstated by what its peer ran meanwhile (compare with /proc's total).
WAITS = ("select (selectors.py", "_asks_again (aistd_kg/web/worker.py", "_worker (concurrent/futures/thread.py",
         "wait (threading.py", "sleep (gunicorn/arbiter.py", "wait (multiprocessing/connection.py",
         "_poll (multiprocessing/connection.py")


def stage_of(stack: list[str]) -> str | None:
    """The stage of one sampled stack (frames from root to leaf); None for a thread that is waiting."""
    leaf = stack[-1]
    if any(wait in leaf for wait in WAITS) or (leaf.startswith("Connection._recv ") and "(aistd_kg/query/engine.py" in stack[-4:][0]):
        return None  # the query worker's loop blocked reading its next job (serve > recv > _recv_bytes > _recv)
    for frame in reversed(stack):
        for stage, marker in STAGES:
            if marker in frame:
                return stage
    return OTHER


def record(pid: int, url: str) -> tuple[Counter, dict, float]:
    """py-spy on the server's processes while wrk asks the lookup: samples per stage, wrk's numbers, CPU seconds."""
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "samples.txt"
        before = cpu_seconds(pid)
        spy = subprocess.Popen([str(VENV_BIN / "py-spy"), "record", "--pid", str(pid), "--subprocesses", "--nonblocking",
                                "--rate", str(RATE), "--duration", str(SECONDS + 2 * MARGIN), "--format", "raw", "--output", str(raw)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(MARGIN)  # py-spy attaches to every process first, so its window holds all of wrk's
        load = throughput_wrk(url, 1, seconds=SECONDS)
        spy.wait(timeout=SECONDS + 60)
        used = cpu_seconds(pid) - before
        stages: Counter = Counter()
        for line in raw.read_text(encoding="utf-8").splitlines():
            stack, _, count = line.rpartition(" ")
            stage = stage_of(stack.split(";"))
            if stage:
                stages[stage] += int(count)
    return stages, load, used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=SIZES, default="100k")
    args = parser.parse_args()
    build_dir = BENCH / "data" / args.size
    lookup = next(q for q in mix() if q.name == LOOKUP)
    server = Uncached(build_dir, sparql_get("/sparql", lookup.text))
    server.start(sample_memory=False)
    try:
        throughput_wrk(server.url(server.probe), 1)  # warm every worker up
        stages, load, used = record(server.process.pid, server.url(server.probe))
    finally:
        server.stop()
    requests = max(1, load["requests"])
    result = {"size": args.size, "machine": machine(), "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "rate_hz": RATE, "seconds": SECONDS, "wrk": load, "cpu_ms_per_request": round(used * 1000 / requests, 3),
              "stages_ms_per_request": {stage: round(n * 1000 / RATE / requests, 3) for stage, n in stages.most_common()}}
    (BENCH / "results" / f"profile-{args.size}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    (BENCH / "results" / "profile.md").write_text(report(result), encoding="utf-8")
    print(report(result))


def report(result: dict) -> str:
    """The breakdown as a markdown table."""
    stages = result["stages_ms_per_request"]
    lines = ["# Where an uncached lookup's CPU time goes", "",
             f"Generated by `python -m bench.profile` ({result['size']}, {result['started']}; {result['machine']['cpu']}, "
             f"{result['machine']['cores']} cores). The endpoint without its answer cache answered the identifier lookup "
             f"at one connection for {result['seconds']} s ({result['wrk']['requests']} requests, p50 "
             f"{result['wrk'].get('p50')} ms) while py-spy sampled all its processes at {result['rate_hz']} Hz.", "",
             "| stage | CPU ms per request | share |", "|---|---|---|"]
    total = sum(stages.values()) or 1
    lines += [f"| {stage} | {ms:.3f} | {ms / total:.0%} |" for stage, ms in stages.items()]
    lines += [f"| **sampled, all stages** | **{total:.3f}** | |",
              f"| CPU the processes used (from /proc) | {result['cpu_ms_per_request']:.3f} | |", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
