"""Timing loops, each bounded in count and in time: per-query latency, and throughput under load.

``latencies(call)`` runs ``call`` once to warm up (kept as the only sample when it is slower
than half the budget), then up to ``REPS`` times or until ``BUDGET`` seconds have passed.
``throughput_wrk`` drives an HTTP URL with wrk for ``LOAD_SECONDS`` at a given number of
connections; ``throughput_threads`` does the same with threads calling a function
in-process (for the raw engine).
"""

import http.client
import re
import subprocess
import threading
import time
import urllib.parse

REPS = 30
BUDGET = 3.0
LOAD_SECONDS = 5
CONNECTIONS = (1, 4, 16)  # the load levels
LOAD_MAX_REQUESTS = 200_000
HTTP_TIMEOUT = 60
TABLE = "application/sparql-results+json"
GRAPH = "text/turtle"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def summary(samples: list[float], errors: list[str]) -> dict:
    ms = [s * 1000 for s in samples]
    return {"n": len(ms), "errors": len(errors), "error": errors[0] if errors else None,
            **({f"p{q}": round(percentile(ms, q), 3) for q in (50, 95, 99)} if ms else {})}


def latencies(call, budget: float = BUDGET, reps: int = REPS) -> dict:
    """p50/p95/p99 in ms of call(), which returns None or an error text."""
    samples, errors = [], []
    started = time.perf_counter()
    error = call()
    first = time.perf_counter() - started
    if error:
        return summary([], [error])
    if first > budget / 2:
        return summary([first], [])
    began = time.perf_counter()
    while len(samples) < reps and time.perf_counter() - began < budget:
        t0 = time.perf_counter()
        error = call()
        if error:
            errors.append(error)
            break
        samples.append(time.perf_counter() - t0)
    return summary(samples, errors)


class Client:
    """A keep-alive HTTP client for one 127.0.0.1 port."""

    def __init__(self, port: int):
        self.port, self.connection = port, None

    def get(self, path: str, accept: str) -> str | None:
        """GET path, read the whole answer; None on 200, else a short error text."""
        for attempt in (0, 1):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HTTP_TIMEOUT)
                self.connection.request("GET", path, headers={"Accept": accept})
                answer = self.connection.getresponse()
                body = answer.read()
                if answer.status != 200:
                    return f"HTTP {answer.status}: {body[:200].decode('utf-8', 'replace')}"
                return None
            except (OSError, http.client.HTTPException) as error:
                self.connection = None
                if attempt or isinstance(error, TimeoutError):
                    return f"{type(error).__name__}: {error}"
        return None


WRK = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def throughput_wrk(url: str, connections: int, accept: str = TABLE, seconds: int = LOAD_SECONDS) -> dict:
    """wrk for this many seconds at this many connections: requests/s, p50/p99 ms, errors."""
    command = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s", "--latency",
               f"--timeout={HTTP_TIMEOUT}s", "-H", f"Accept: {accept}", url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + HTTP_TIMEOUT + 30).stdout
    rate = WRK.search(out)
    latency = {f"p{q}": round(float(v) * UNIT[u], 3) for q, v, u in WRK_LATENCY.findall(out)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non2xx[1]) if non2xx else 0
    errors += sum(map(int, socket_errors.groups())) if socket_errors else 0
    requests = re.search(r"(\d+) requests in", out)
    return {"connections": connections, "requests": int(requests[1]) if requests else 0,
            "rps": float(rate[1]) if rate else 0.0, **latency, "errors": errors}


def throughput_threads(call, threads: int) -> dict:
    """Threads calling call() for LOAD_SECONDS (at most LOAD_MAX_REQUESTS in all): requests/s, p50/p99."""
    samples, errors, lock = [], [0], threading.Lock()
    deadline = time.perf_counter() + LOAD_SECONDS

    def worker() -> None:
        while time.perf_counter() < deadline and len(samples) < LOAD_MAX_REQUESTS:
            t0 = time.perf_counter()
            error = call()
            elapsed = time.perf_counter() - t0
            with lock:
                samples.append(elapsed) if not error else errors.__setitem__(0, errors[0] + 1)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    ms = [s * 1000 for s in samples]
    return {"connections": threads, "requests": len(ms), "rps": round(len(ms) / elapsed, 1),
            "p50": round(percentile(ms, 50), 3), "p99": round(percentile(ms, 99), 3), "errors": errors[0]}


def sparql_get(prefix: str, text: str) -> str:
    return f"{prefix}?{urllib.parse.urlencode({'query': text})}"
