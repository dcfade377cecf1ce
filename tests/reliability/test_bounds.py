"""Bounds: every route's work is limited in time and size, and neither slow queries nor slow clients starve cheap requests.

Each hostile request below once froze the server or got a 500; each must now get a 4xx
with a message within a second. Then the server is loaded with 16 queries that run to the
time limit and 16 clients that send half a body and stop, and a cheap lookup and /healthz
must still answer within a second; memory must come back to its level afterwards.
"""

import http.client
import json
import socket
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from .processes import memory_mb

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(8)) + " }"
LOOKUP = "/id/standard/iso-iec-42001-2023.ttl"
READ_TIMEOUT = 2  # the real server's --read-timeout


def reconcile(queries: str) -> tuple:
    return "POST", "/reconcile", urllib.parse.urlencode({"queries": queries}), FORM


def batch(**query) -> str:
    return json.dumps({"q": query})


HOSTILE = {  # name: (method, path, body, headers)
    "/search limit ²": ("GET", "/search?q=ISO&limit=%C2%B2", None, None),
    "/search limit of 30 digits": ("GET", "/search?q=ISO&limit=" + "9" * 30, None, None),
    "suggest cursor ²": ("GET", "/reconcile/suggest/entity?prefix=ISO&cursor=%C2%B2", None, None),
    "suggest cursor 10²³": ("GET", "/reconcile/suggest/entity?prefix=ISO&cursor=1" + "0" * 23, None, None),
    "suggest prefix of 5,000 characters": ("GET", "/reconcile/suggest/entity?prefix=" + "1" * 5000, None, None),
    "reconcile limit NaN": reconcile('{"q": {"query": "ISO", "limit": NaN}}'),
    "reconcile limit Infinity": reconcile('{"q": {"query": "ISO", "limit": Infinity}}'),
    "reconcile limit -Infinity": reconcile('{"q": {"query": "ISO", "limit": -Infinity}}'),
    "reconcile numeric query": reconcile(batch(query=42001)),
    "reconcile string properties": reconcile(batch(query="ISO", properties="identifier")),
    "reconcile properties of strings": reconcile(batch(query="ISO", properties=["identifier"])),
    "reconcile numeric type": reconcile(batch(query="ISO", type=5)),
    "reconcile property value NaN": reconcile('{"q": {"query": "ISO", "properties": [{"pid": "identifier", "v": NaN}]}}'),
    "reconcile property value of 100,000 digits": reconcile(
        '{"q": {"query": "ISO", "properties": [{"pid": "identifier", "v": "' + "1" * 50_000 + '"}]}}'),
    "reconcile lone surrogate": reconcile('{"q": {"query": "\\ud800"}}'),
    "reconcile JSON nested 50,000 deep": reconcile('{"q": ' + "[" * 50_000 + "]" * 50_000 + "}"),
    "reconcile JSON nested 500 deep": reconcile('{"q": {"query": "x", "properties": ' + "[" * 500 + "]" * 500 + "}}"),
    "reconcile query of 100 KB": reconcile(batch(query="1" * 100_000 + "!")),
    "reconcile query of 60 KB": reconcile(batch(query="1" * 60_000 + "!")),
    "reconcile query of 60 KB of spaces": reconcile(batch(query="1" + " " * 60_000 + "!")),
    "/id slug of 120 characters (suggestions computed)": ("GET", "/id/standard/" + "iso-iec-4200" * 10, None, None),
    "/id slug of 2,000 characters": ("GET", "/id/standard/" + "iso-iec-42001-" * 143, None, None),
    "/id slug of 7,000 characters": ("GET", "/id/standard/" + "a" * 7000, None, None),
    "/id.html slug of 7,000 characters": ("GET", "/id/standard/" + "a-" * 3500 + ".html", None, None),
}


@pytest.fixture(scope="module", autouse=True)
def record(figures):
    measured: dict = {}
    yield measured
    figures["bounds"] = measured


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_parameters_get_a_4xx_quickly(real_server, record, name):
    method, path, body, headers = HOSTILE[name]
    started = time.monotonic()
    reply = real_server.request(method, path, body, headers)
    seconds = time.monotonic() - started
    page = reply.headers["content-type"].startswith("text/html")
    assert 400 <= reply.status < 500 and (b"<main" in reply.body if page else reply.json["message"]), reply.body[:300]
    assert seconds < 1, seconds
    assert reply.headers["x-content-type-options"] == "nosniff"
    record.setdefault("hostile", {})[name] = [reply.status, round(seconds * 1000, 1)]


def raw(port: int, request: bytes) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", port), timeout=READ_TIMEOUT * 4 + 5)
    connection.sendall(request)
    return connection


def test_malformed_framing_gets_a_400_from_the_server(real_server):
    chunked = (b"POST /reconcile HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
               b"Transfer-Encoding: chunked\r\n\r\nZZ\r\nqueries=1\r\n0\r\n\r\n")
    connection = raw(real_server.port, chunked)
    try:
        assert connection.recv(4096).startswith(b"HTTP/1.1 400")
    finally:
        connection.close()
    assert "Traceback" not in real_server.log_text()


HALF_BODY = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
             b"Content-Length: 1000\r\n\r\nquery=SELECT")
HALF_HEADER = b"GET /healthz HTTP/1.1\r\nHost: x\r\nAccept: "


def test_a_half_sent_body_gets_408_and_a_half_sent_header_is_dropped_within_two_read_timeouts(real_server, record):
    started = time.monotonic()
    body = raw(real_server.port, HALF_BODY)
    header = raw(real_server.port, HALF_HEADER)
    try:
        answer = http.client.HTTPResponse(body)  # the whole reply, though head and body may come in two packets
        answer.begin()
        error = json.loads(answer.read())
        body_seconds = time.monotonic() - started
        assert answer.status == 408 and error["error"] == "body-timeout", error
        assert header.recv(4096) == b""  # closed without an answer
        header_seconds = time.monotonic() - started
    finally:
        body.close()
        header.close()
    # the body: one read timeout; the header: gunicorn's parser tries a second read before it gives up
    assert body_seconds < READ_TIMEOUT + 1.5 and header_seconds < 2 * READ_TIMEOUT + 1.5
    record["half_sent"] = {"body_408_after_s": round(body_seconds, 2), "header_dropped_after_s": round(header_seconds, 2)}


def timed(server, method: str, path: str) -> tuple[int, float]:
    started = time.monotonic()
    status = server.request(method, path, timeout=10).status
    return status, time.monotonic() - started


def test_cheap_requests_answer_within_a_second_under_16_slow_queries_and_16_half_sent_bodies(real_server, record):
    master = real_server.process.pid
    before = memory_mb(master)
    slow_bodies = [raw(real_server.port, HALF_BODY) for _ in range(16)]
    with ThreadPoolExecutor(max_workers=16) as pool:
        slow = [pool.submit(real_server.query, PRODUCT) for _ in range(16)]
        time.sleep(0.5)
        waits = {path: [timed(real_server, "GET", path) for _ in range(5)] for path in ("/healthz", LOOKUP)}
        peak = memory_mb(master)
        outcomes = [future.result() for future in slow]
    for connection in slow_bodies:
        connection.close()
    for path, answers in waits.items():
        assert all(status == 200 for status, _ in answers), (path, answers)
        assert max(seconds for _, seconds in answers) < 1, (path, answers)
    statuses = sorted((reply.status, reply.json["error"]) for reply in outcomes)
    assert set(statuses) <= {(503, "timeout"), (503, "busy")}, statuses
    assert all("retry-after" in reply.headers for reply in outcomes if reply.json["error"] == "busy")
    deadline = time.monotonic() + 30
    while real_server.request("GET", "/healthz").json["query_workers"] < 8 and time.monotonic() < deadline:
        time.sleep(0.2)  # the workers killed at the time limit are replaced
    after = memory_mb(master)
    assert after < before * 1.25 + 50, (before, peak, after)
    record["under_load"] = {
        "slowest_healthz_ms": round(max(s for _, s in waits["/healthz"]) * 1000, 1),
        "slowest_lookup_ms": round(max(s for _, s in waits[LOOKUP]) * 1000, 1),
        "slow_queries": {f"{status} {error}": statuses.count((status, error)) for status, error in set(statuses)},
        "memory_before_mb": before, "memory_peak_mb": peak, "memory_after_mb": after,
    }


def test_the_host_header_never_reaches_a_generated_url(real_server):
    for path, accept in (("/sparql", "text/turtle"), ("/sparql", "text/html"), ("/queries", "application/json"),
                         ("/queries", "text/html"), ("/reconcile", "application/json")):
        reply = real_server.request("GET", path, headers={"Host": "evil.example", "Accept": accept})
        assert reply.status == 200 and b"evil.example" not in reply.body, (path, accept)
        assert f"127.0.0.1:{real_server.port}".encode() in reply.body, (path, accept)


def test_pages_carry_a_strict_content_security_policy(real_server):
    for path in ("/", "/query", "/id/standard/iso-iec-42001-2023.html", "/frameworks"):
        reply = real_server.request("GET", path, headers={"Accept": "text/html"})
        policy = reply.headers["content-security-policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert (directives["script-src"], directives["style-src"], directives["frame-ancestors"]) == (
            "'self'", "'self' 'unsafe-inline'", "'self'"), policy
        assert reply.headers["x-content-type-options"] == "nosniff"
