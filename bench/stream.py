"""Streaming: time to the first and last byte of a 100k-row SELECT, and the server's memory meanwhile.

The answer (SPARQL JSON, about 24 MB at 1M triples) is read in 64 KiB pieces; the server
process tree's PSS is sampled every 50 ms before and during the transfer, so "flat memory"
reads as the growth of the peak over the baseline.
"""

import http.client
import threading
import time
import urllib.parse

from .systems import tree_pss_mb

ROWS = 100_000
QUERY = f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT {ROWS}"


def stream_probe(port: int, pid: int) -> dict:
    """First byte, last byte, bytes, and the server's PSS before and at its peak during one large answer."""
    baseline = tree_pss_mb(pid)
    samples, done = [baseline], threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            samples.append(tree_pss_mb(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": QUERY}),
                       headers={"Accept": "application/sparql-results+json"})
    response = connection.getresponse()
    first_piece = response.read(1)
    first = time.perf_counter() - started
    size = len(first_piece)
    while piece := response.read(64 * 1024):
        size += len(piece)
    total = time.perf_counter() - started
    done.set()
    sampler.join()
    connection.close()
    return {"rows": ROWS, "status": response.status, "chunked": response.getheader("Transfer-Encoding") == "chunked",
            "first_byte_s": round(first, 3), "last_byte_s": round(total, 3), "bytes": size,
            "pss_before_mb": round(baseline, 1), "pss_peak_mb": round(max(samples), 1)}
