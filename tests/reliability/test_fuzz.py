"""Fuzzing the running server: generated and mutated queries, parameters, headers, bodies and paths.

Every request gets an answer; every refusal is a 4xx that says why (a JSON error with a
message, or an HTML page); the only 5xx allowed are the documented limits (a query over
its time, an answer over its size, every worker busy), which are counted apart. The
server must still be alive and whole at the end, its log free of tracebacks.
"""

import http.client
import time
import urllib.parse
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from server_fixtures.harness import REPO

from aistd_kg.query.named_queries import load_queries

from .scale import LONG, scaled

QUERIES = load_queries(REPO / "queries")
SEEDS = [query.text for query in QUERIES.values()] + [
    "SELECT * WHERE { ?s ?p ?o } LIMIT 5",
    "ASK { ?s a aistd:Standard }",
    "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l } LIMIT 5",
    "DESCRIBE <https://w3id.org/aistd-kg/id/standard/iso-iec-42001-2023>",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
]
TOKENS = ["{", "}", "(", ")", "[", "]", ".", ";", ",", "?s", "?x", "$o", "<http://example.org/x>", "<>", "<", ">",
          '"', "'", '"""', "a", "*", "+", "/", "|", "^", "^^", "!", "=", "<=", "&&", "||", "SELECT", "WHERE", "FILTER",
          "OPTIONAL", "UNION", "MINUS", "GRAPH", "SERVICE", "FROM", "NAMED", "BIND", "AS", "VALUES", "GROUP BY",
          "ORDER BY", "HAVING", "LIMIT", "OFFSET", "DISTINCT", "COUNT(*)", "REGEX(", "STR(", "LANG(", "@zh", "@en-x-",
          "^^xsd:integer", "1e999", "-0", "99999999999999999999999999", "NaN", "\x00", "中文", "#", "\n",
          "PREFIX x: <", "BASE <", "DESCRIBE", "CONSTRUCT", "ASK", "INSERT", "DELETE", "LOAD", "CLEAR", "DROP",
          "rdf:type",
          "aistd:Standard", "undeclared:thing", "()", "_:b", "EXISTS", "NOT", "IN", "IF(", "COALESCE(", "xsd:date(",
          "SUBSTR(", "?s ?p ?o", "skos:broader*", "(skos:broader|^skos:narrower)+", "SAMPLE(", "GROUP_CONCAT("]
LIMITS = {"timeout", "result-too-large", "busy", "worker-lost"}  # 503s of the documented limits
ACCEPTS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values",
           "text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml", "text/html", "*/*",
           "text/html;q=0.9, */*;q=0.1", "image/png", "application/json;q=2", ";;;,,,", "*/*;q=x"]
FORMATS = ["json", "xml", "csv", "tsv", "ttl", "jsonld", "nt", "rdf", "html", "png", "", "json;q=1"]
ROUTES = ["/sparql", "/queries", "/queries/", "/healthz", "/id/", "/id/standard/", "/vocab/", "/graph/", "/ontology",
          "/ontology.", "/context.jsonld", "/search?q=", "/reconcile?queries=", "/", "/static/", "/releases/"]
HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60)
tally: Counter = Counter()
limits: Counter = Counter()
problems: list[str] = []


@st.composite
def mutated(draw) -> str:
    """A query of the corpus, cut, spliced, repeated or salted with SPARQL tokens and random text."""
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 60)))
        operation = draw(st.sampled_from(["delete", "insert", "repeat", "truncate", "replace"]))
        if operation == "delete":
            text = text[:start] + text[end:]
        elif operation == "insert":
            text = f"{text[:start]} {draw(st.sampled_from(TOKENS))} {text[start:]}"
        elif operation == "repeat":
            text = text[:end] + text[start:end] * draw(st.integers(1, 20)) + text[end:]
        elif operation == "truncate":
            text = text[:start]
        else:
            text = text[:start] + draw(st.text(max_size=12)) + text[end:]
    return text


QUERY_TEXT = st.one_of(mutated(), mutated(), st.text(max_size=200),
                       st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join))
HEADERS = st.fixed_dictionaries({}, optional={
    "Accept": st.one_of(st.sampled_from(ACCEPTS), HEADER_TEXT),
    "Accept-Encoding": st.one_of(st.just("gzip"), HEADER_TEXT),
    "Accept-Language": st.one_of(st.sampled_from(["zh", "en", "fr;q=0.5, *"]), HEADER_TEXT),
    "X-Request-Id": HEADER_TEXT,
    "Origin": HEADER_TEXT,
})


def fuzzing(examples: int):
    """Hypothesis settings for examples requests against a live server: no deadline, no database."""
    return settings(max_examples=examples, deadline=None, database=None, derandomize=not LONG,
                    suppress_health_check=list(HealthCheck))


def judge(server, *request) -> None:
    """Send the request; count the answer; note anything not a 2xx/3xx, an explained 4xx or a documented limit."""
    try:
        reply = server.request(*request)
    except http.client.IncompleteRead:  # a streamed answer cut off at the time or size limit (engine.py)
        limits["stream-cut"] += 1
        return
    tally[reply.status] += 1
    error = reply.json.get("error") if reply.media_type == "application/json" and reply.status >= 400 else None
    if reply.status >= 500:
        if reply.status == 503 and error in LIMITS:
            limits[error] += 1
        else:
            problems.append(f"{reply.status} {reply.body[:200]!r}")
    elif reply.status >= 400:
        explained = (error and reply.json.get("message")) or (reply.media_type == "text/html" and reply.body.strip())
        if not explained:
            problems.append(f"{reply.status} without a message: {reply.headers} {reply.body[:200]!r}")


@pytest.fixture(scope="module")
def server(real_server, figures):
    started = time.monotonic()
    yield real_server
    figures["fuzz"] = {"requests": sum(tally.values()), "by_status": dict(sorted(tally.items())),
                       "limit_refusals": dict(limits), "unexplained": len(problems),
                       "seconds": round(time.monotonic() - started)}


def test_generated_and_mutated_queries(server):
    @fuzzing(scaled(150, 3000))
    @given(query=QUERY_TEXT, transport=st.sampled_from(["GET", "form", "body"]), headers=HEADERS,
           fmt=st.one_of(st.none(), st.sampled_from(FORMATS)))
    def run(query, transport, headers, fmt):
        extra = {"format": fmt} if fmt is not None else {}
        if transport == "GET":
            judge(server, "GET", "/sparql?" + urllib.parse.urlencode({"query": query, **extra}), None, headers)
        elif transport == "form":
            body = urllib.parse.urlencode({"query": query, **extra})
            judge(server, "POST", "/sparql", body, {**headers, "Content-Type": "application/x-www-form-urlencoded"})
        else:
            judge(server, "POST", "/sparql?" + urllib.parse.urlencode(extra), query,
                  {**headers, "Content-Type": "application/sparql-query"})

    run()
    assert problems == []


def test_named_query_parameters(server):
    names = sorted(QUERIES)
    values = st.one_of(st.text(max_size=80), st.sampled_from(
        ["https://w3id.org/aistd-kg/id/body/ieee", "http://[bad", "not an iri", "1", "-1", "1.5", "2025-02-30",
         "2024-01-01", "9" * 40, '"} UNION { ?s ?p ?o } #', "<script>alert(1)</script>", "file:///etc/passwd"]))

    @fuzzing(scaled(100, 1000))
    @given(name=st.one_of(st.sampled_from(names), st.text(max_size=30)), data=st.data(), headers=HEADERS)
    def run(name, data, headers):
        declared = [p.name for p in QUERIES[name].parameters] if name in QUERIES else []
        key = st.one_of(st.sampled_from(declared or ["x"]), st.text(max_size=10), st.just("format"))
        keys = data.draw(st.lists(key, max_size=4))
        query = urllib.parse.urlencode([(key, data.draw(values)) for key in keys])
        judge(server, "GET", f"/queries/{urllib.parse.quote(name, safe='')}?{query}", None, headers)

    run()
    assert problems == []


def test_bodies_and_media_types(server):
    @fuzzing(scaled(100, 1000))
    @given(body=st.one_of(st.binary(max_size=300), QUERY_TEXT.map(lambda t: t.encode("utf-8"))),
           content_type=st.one_of(st.sampled_from(["application/sparql-query", "application/x-www-form-urlencoded",
                                                   "application/sparql-update", "text/plain", "multipart/form-data",
                                                   "application/sparql-query; charset=latin-1",
                                                   "application/x-www-form-urlencoded; charset=utf-16"]), HEADER_TEXT),
           method=st.sampled_from(["POST", "PUT", "DELETE", "PATCH", "GET"]), headers=HEADERS)
    def run(body, content_type, method, headers):
        judge(server, method, "/sparql", body, {**headers, "Content-Type": content_type})

    run()
    assert problems == []


def test_paths_and_query_strings(server):
    segment = st.text(max_size=40).map(lambda text: urllib.parse.quote(text, safe="/.%?=&"))

    @fuzzing(scaled(100, 1000))
    @given(route=st.sampled_from(ROUTES), rest=segment, headers=HEADERS)
    def run(route, rest, headers):
        judge(server, "GET", route + rest, None, headers)

    run()
    assert problems == []


def test_the_server_is_whole_after_fuzzing(server):
    health = server.request("GET", "/healthz")
    assert health.status == 200 and server.process.poll() is None
    deadline = time.monotonic() + 15
    while server.request("GET", "/healthz").json["query_workers"] < 4:  # workers killed by time limits are replaced
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert "Traceback" not in server.log_text()
    assert '"status": 500' not in server.log_text()
