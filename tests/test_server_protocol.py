"""The SPARQL 1.1 Protocol over a real socket: the W3C protocol test suite, negotiation, errors.

The W3C suite (tests/server_fixtures/w3c-protocol, copied from w3c/rdf-tests
sparql/sparql11/protocol) runs as one named test per case, read from its manifest: every
query case must pass with data1-3 loaded as named graphs; every update case must be
refused with a 4xx (the service is read-only), its follow-up queries must find nothing
written, and the data must be unchanged.
"""

import csv
import gzip
import io
import json
import urllib.parse
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from server_fixtures.harness import FIXTURES, protocol_graphs, protocol_project, serving

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
RESULTS_XML = "{http://www.w3.org/2005/sparql-results#}"
FORMATS = {
    "tabular": {"application/sparql-results+xml", "application/sparql-results+json", "text/csv", "text/tab-separated-values"},
    "boolean": {"application/sparql-results+xml", "application/sparql-results+json"},
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples"},
}
SELECT_ALL = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class ProtocolRequest:
    """One HTTP request of a W3C protocol test and what its response must be."""

    method: str
    path: str
    body: bytes | None
    headers: dict
    statuses: frozenset[int]
    boolean: bool | None
    format: str | None


def read_manifest() -> list[tuple[str, list[ProtocolRequest]]]:
    manifest = Graph().parse(FIXTURES / "w3c-protocol" / "manifest.ttl", format="turtle")
    head = manifest.value(next(manifest.subjects(RDF.type, MF.Manifest)), MF.entries)
    return [(str(entry).rsplit("#", 1)[-1], [_request(manifest, r) for r in
             Collection(manifest, manifest.value(manifest.value(entry, MF.action), HT.requests))])
            for entry in Collection(manifest, head)]


def _request(manifest: Graph, node) -> ProtocolRequest:
    body = manifest.value(node, HT.body)
    encoding = str(manifest.value(body, CNT.characterEncoding)) if body else "UTF-8"
    headers_list = manifest.value(node, HT.headers)
    headers = {str(manifest.value(h, HT.fieldName)): str(manifest.value(h, HT.fieldValue))
               for h in (Collection(manifest, headers_list) if headers_list else [])}
    response = manifest.value(node, HT.resp)
    boolean = manifest.value(response, MF.expectedBoolean)
    statuses = {int(str(s).rsplit("StatusCode", 1)[-1][0]) for s in manifest.objects(response, MF.expectedStatus)}
    return ProtocolRequest(
        method=str(manifest.value(node, HT.methodName)),
        path=str(manifest.value(node, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
        body=str(manifest.value(body, CNT.chars)).encode(encoding.lower()) if body else None,
        headers=headers,
        statuses=frozenset(statuses),
        boolean=None if boolean is None else boolean.toPython(),
        format=str(manifest.value(response, MF.expectedFormat) or "") or None,
    )


CASES = read_manifest()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving(protocol_project(tmp_path_factory.mktemp("protocol"))) as running:
        yield running


def snapshot(server) -> list:
    reply = server.query(SELECT_ALL)
    assert reply.status == 200, reply.text
    return sorted(json.dumps(row, sort_keys=True) for row in reply.json["results"]["bindings"])


def boolean_of(reply) -> bool:
    if reply.media_type == "application/sparql-results+json":
        return reply.json["boolean"]
    return ElementTree.fromstring(reply.body).find(f"{RESULTS_XML}boolean").text == "true"


def test_the_suite_has_34_cases():
    assert len(CASES) == 34


@pytest.mark.parametrize("requests", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_w3c_protocol(server, request, requests):
    name = request.node.callspec.id
    before = snapshot(server)
    for position, step in enumerate(requests):
        reply = server.request(step.method, step.path, step.body, step.headers)
        if name.startswith("update_"):  # read-only: the update is refused, its check finds nothing
            if position == 0:
                assert 400 <= reply.status < 500, reply.text
                assert reply.json["error"] == "read-only"
            else:
                assert reply.status == 200, reply.text
                assert boolean_of(reply) is False
            continue
        assert reply.status // 100 in step.statuses, reply.text
        if step.format:
            assert reply.media_type in FORMATS[step.format]
        if step.boolean is not None:
            assert boolean_of(reply) is step.boolean
    assert snapshot(server) == before


def test_a_syntax_error_gives_message_line_and_column(server):
    query = "SELECT * WHERE {\n ?s ?p ?o .\n FILTER(?x = }"
    reply = server.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}))
    assert reply.status == 400
    assert reply.json["error"] == "syntax"
    assert reply.json["line"] == 3 and reply.json["column"] == 2
    assert "found 'FILTER'" in reply.json["message"]


def test_an_undeclared_prefix_is_a_syntax_error_with_its_place(server):
    reply = server.query("SELECT * WHERE { ?s nope:p ?o }")
    assert reply.status == 400
    assert reply.json["error"] == "syntax"
    assert reply.json["message"] == "syntax error: Prefix not found"
    assert (reply.json["line"], reply.json["column"]) == (1, 27)


@pytest.mark.parametrize("depth,status", [(32, 200), (33, 400), (300, 400), (5000, 400)])
def test_deep_nesting_is_parsed_or_refused_never_a_500(server, depth, status):
    reply = server.request("POST", "/sparql", "ASK " + "{ " * depth + "}" * depth,
                           {"Content-Type": "application/sparql-query"})
    assert reply.status == status, reply.text
    assert reply.status == 200 or reply.json["error"] == "too-deep"


def test_common_prefixes_are_predeclared(server):
    reply = server.query("SELECT (COUNT(*) AS ?n) WHERE { ?s rdf:type ?o }")
    assert reply.json["results"]["bindings"][0]["n"]["value"] == "3"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405(server, method):
    reply = server.request(method, "/sparql?query=ASK%20%7B%7D")
    assert reply.status == 405
    assert set(reply.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    assert reply.json["error"] == "method-not-allowed"


@pytest.mark.parametrize("path,body,headers,status,error", [
    ("/sparql", "", {"Content-Type": "application/x-www-form-urlencoded"}, 400, "missing-query"),
    ("/sparql?default-graph-uri=http://example.org/g", None, {}, 400, "missing-query"),
    ("/sparql", "query=%20", {"Content-Type": "application/x-www-form-urlencoded"}, 400, "missing-query"),
    ("/sparql?query=ASK%7B%7D", "ASK {}", {"Content-Type": "application/sparql-query"}, 400, "multiple-queries"),
    ("/sparql", "ASK {}", {"Content-Type": "application/json"}, 415, "media-type"),
    ("/sparql", b"\xff\xfeA", {"Content-Type": "application/sparql-query"}, 400, "encoding"),
    ("/sparql?query=ASK%7B%7D&default-graph-uri=not%20an%20iri", None, {}, 400, "bad-graph-iri"),
    ("/sparql?query=ASK%7B%7D&named-graph-uri=http://%5Bbad", None, {}, 400, "bad-graph-iri"),
    ("/sparql?query=SELECT%20*%7B%7D&format=yaml", None, {}, 400, "unknown-format"),
])
def test_bad_requests_are_refused_precisely(server, path, body, headers, status, error):
    reply = server.request("POST" if body is not None else "GET", path, body, headers)
    assert (reply.status, reply.json["error"]) == (status, error)


def test_a_query_over_the_length_limit_is_413(server):
    reply = server.request("POST", "/sparql", "ASK {}" + " " * 100_000, {"Content-Type": "application/sparql-query"})
    assert (reply.status, reply.json["error"]) == (413, "query-too-long")


def test_a_body_over_the_size_limit_is_413(server):
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    reply = server.request("POST", "/sparql", "query=" + "x" * 1_000_000, form)
    assert reply.status == 413


SELECT = "SELECT ?s ?o WHERE { GRAPH ?g { ?s a ?o } } ORDER BY ?s"
CONSTRUCT = "CONSTRUCT { ?s a ?o } WHERE { GRAPH ?g { ?s a ?o } }"


def rows_of(reply) -> int:
    """The number of solutions, read back from the answer in whichever format it came."""
    if reply.media_type == "application/sparql-results+json":
        return len(reply.json["results"]["bindings"])
    if reply.media_type == "application/sparql-results+xml":
        return len(ElementTree.fromstring(reply.body).findall(f"{RESULTS_XML}results/{RESULTS_XML}result"))
    delimiter = "\t" if reply.media_type == "text/tab-separated-values" else ","
    rows = list(csv.reader(io.StringIO(reply.text), delimiter=delimiter))
    assert rows[0] == (["?s", "?o"] if delimiter == "\t" else ["s", "o"])
    return len(rows) - 1


@pytest.mark.parametrize("accept,fmt,media_type", [
    (None, None, "application/sparql-results+json"),
    ("*/*", None, "application/sparql-results+json"),
    ("application/sparql-results+xml", None, "application/sparql-results+xml"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", None, "application/sparql-results+xml"),
    ("text/*", None, "text/csv"),
    ("text/tab-separated-values", None, "text/tab-separated-values"),
    ("application/json", None, "application/sparql-results+json"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", None, "application/sparql-results+json"),
    ("application/sparql-results+xml", "csv", "text/csv"),
    (None, "tsv", "text/tab-separated-values"),
    (None, "application/sparql-results+xml", "application/sparql-results+xml"),
])
def test_select_negotiation(server, accept, fmt, media_type):
    params = {"format": fmt} if fmt else {}
    reply = server.query(SELECT, accept=accept, **params)
    assert reply.status == 200, reply.text
    assert reply.media_type == media_type
    assert "Accept" in reply.headers["vary"]
    assert rows_of(reply) == 3


@pytest.mark.parametrize("accept,fmt,media_type,parser", [
    (None, None, "text/turtle", "turtle"),
    ("application/ld+json", None, "application/ld+json", "json-ld"),
    ("application/n-triples;q=0.9, text/turtle;q=0.1", None, "application/n-triples", "nt"),
    ("application/rdf+xml", None, "application/rdf+xml", "xml"),
    ("text/turtle", "jsonld", "application/ld+json", "json-ld"),
    (None, "rdfxml", "application/rdf+xml", "xml"),
])
def test_construct_negotiation(server, accept, fmt, media_type, parser):
    params = {"format": fmt} if fmt else {}
    reply = server.query(CONSTRUCT, accept=accept, **params)
    assert reply.status == 200, reply.text
    assert reply.media_type == media_type
    assert len(Graph().parse(data=reply.body, format=parser)) == 3


@pytest.mark.parametrize("query,accept,fmt", [
    (SELECT, "text/turtle", None),
    (SELECT, None, "ttl"),
    ("ASK {}", "image/png", None),
    (CONSTRUCT, "text/csv", None),
    (CONSTRUCT, None, "csv"),
])
def test_nothing_acceptable_is_406(server, query, accept, fmt):
    params = {"format": fmt} if fmt else {}
    reply = server.query(query, accept=accept, **params)
    assert reply.status == 406
    assert reply.json["error"] == "not-acceptable"
    assert reply.json["available"]


def test_relative_iris_resolve_against_the_endpoint(server):
    reply = server.query("CONSTRUCT { <s> <p> 1 } WHERE {}", accept="application/n-triples")
    assert reply.text.startswith(f"<{server.url}/s> <{server.url}/p> ")


def test_service_description_in_turtle(server):
    reply = server.request("GET", "/sparql")
    assert reply.status == 200
    assert reply.media_type == "text/turtle"
    graph = Graph().parse(data=reply.body, format="turtle")
    service = URIRef(f"{server.url}/sparql")
    assert (service, RDF.type, SD.Service) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert len(set(graph.objects(service, SD.resultFormat))) == 8
    names = {str(n) for n in graph.objects(None, SD.name)}
    assert names == set(protocol_graphs())


def test_service_description_in_json_ld_and_html(server):
    jsonld = server.request("GET", "/sparql", headers={"Accept": "application/ld+json"})
    assert jsonld.media_type == "application/ld+json"
    graph = Graph().parse(data=jsonld.body, format="json-ld")
    assert (URIRef(f"{server.url}/sparql"), RDF.type, SD.Service) in graph
    page = server.request("GET", "/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.media_type == "text/html"
    assert "<form" in page.text and "http://kasei.us/2009/09/sparql/data/data1.rdf" in page.text


def test_root_is_the_web_interface_linking_the_endpoint(server):
    reply = server.request("GET", "/")
    assert reply.status == 200 and reply.media_type == "text/html"
    assert 'href="/sparql"' in reply.text


def test_cors(server):
    reply = server.request("GET", "/sparql?query=ASK%7B%7D", headers={"Origin": "https://example.org"})
    assert reply.headers["access-control-allow-origin"] == "*"
    preflight = server.request("OPTIONS", "/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert preflight.headers["access-control-allow-headers"] == "content-type"


def test_large_answers_are_gzipped(server):
    query = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"
    plain = server.query(query)
    zipped = server.request("POST", "/sparql", urllib.parse.urlencode({"query": query}), {
        "Content-Type": "application/x-www-form-urlencoded", "Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert gzip.decompress(zipped.body) == plain.body
    small = server.request("GET", "/sparql?query=ASK%7B%7D", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers


def test_request_id_and_one_access_log_line(server):
    reply = server.request("GET", "/sparql?query=ASK%7B%7D", headers={"X-Request-Id": "trace-42"})
    assert reply.headers["x-request-id"] == "trace-42"
    generated = server.request("GET", "/healthz", headers={"X-Request-Id": "bad id with spaces"})
    assert len(generated.headers["x-request-id"]) == 32
    lines = [json.loads(line) for line in server.log_text().splitlines() if '"request_id": "trace-42"' in line]
    assert len(lines) == 1
    assert lines[0] | {"ms": 0, "time": "", "bytes": 0} == {
        "time": "", "request_id": "trace-42", "remote": "127.0.0.1", "method": "GET", "path": "/sparql",
        "status": 200, "bytes": 0, "ms": 0, "error": None, "agent": None}


def test_healthz(server):
    reply = server.request("GET", "/healthz")
    assert reply.status == 200
    assert reply.json["status"] == "ok"
    assert reply.json["graphs"] == 4
    assert reply.json["triples"] == 303
    assert reply.json["query_workers"] == 4
