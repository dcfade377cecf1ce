"""Abuse: server-side request forgery, updates, oversized and deeply nested queries, HTML injection, path traversal.

A listener on 127.0.0.1 stands for any host the endpoint could be made to call: through
every query form, dataset clause, graph pattern, IRI function, protocol parameter and Host
header, it must receive no connection. Pages are checked on a graph whose labels, IRIs and
graph names carry markup; every route of the app is requested with markup in its path
and parameters and with path traversal attempts.
"""

import hashlib
import http.client
import shutil
import time
import urllib.parse
from pathlib import Path

import pytest
from rdflib.namespace import RDF
from server_fixtures.attacks import TRANSPORTS, UPDATES
from server_fixtures.harness import REPO, serving, write_trig
from server_fixtures.network import Listener

from aistd_kg.web.app import create_app
from aistd_kg.web.settings import Settings

from .scale import scaled

FORMS = {
    "SELECT": "SELECT * {dataset} WHERE {{ {pattern} }} LIMIT 3",
    "ASK": "ASK {dataset} WHERE {{ {pattern} }}",
    "CONSTRUCT": "CONSTRUCT {{ ?s ?p ?o }} {dataset} WHERE {{ {pattern} }} LIMIT 3",
    "DESCRIBE": "DESCRIBE ?s {dataset} WHERE {{ {pattern} }} LIMIT 3",
}
PATTERNS = {
    "SERVICE": "SERVICE <{url}> {{ ?s ?p ?o }}",
    "SERVICE SILENT": "SERVICE SILENT <{url}> {{ ?s ?p ?o }}",
    "SERVICE with a variable": "VALUES ?endpoint {{ <{url}> }} SERVICE ?endpoint {{ ?s ?p ?o }}",
    "SERVICE in EXISTS": "?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "GRAPH with a remote IRI": "GRAPH <{url}> {{ ?s ?p ?o }}",
    "IRI()": "?s ?p ?o FILTER(?o = IRI(\"{url}\"))",
    "URI() bound": "BIND(URI(\"{url}\") AS ?s) ?s ?p ?o",
    "remote IRI as subject": "<{url}> ?p ?o BIND(<{url}> AS ?s)",
}
DATASETS = {"none": "", "FROM": "FROM <{url}>", "FROM NAMED": "FROM NAMED <{url}>",
            "FROM a local graph and a remote one": "FROM <https://w3id.org/aistd-kg/graph/core> FROM <{url}>"}
MARKUP = '<b id="xss">x</b>"\'><img src=x onerror=alert(1)>'
UNESCAPED = ('<b id="xss">', "<img src=x onerror", 'href="javascript:')
TRAVERSALS = ["../../../../../../etc/passwd", "..%2f..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
              "....//....//....//etc/passwd", "..\\..\\..\\etc\\passwd", "/etc/passwd", "%252e%252e%252fetc%252fpasswd",
              "..%c0%af..%c0%afetc/passwd", "../../pyproject.toml", "x%00.ttl", "..%2F..%2Fpyproject.toml"]
SECRETS = (b"root:x:0:0", b"[build-system]")


@pytest.fixture(scope="module")
def listener():
    opened = Listener()
    yield opened
    opened.close()


def ssrf_attempts(url: str):
    """(name, HTTP request) for every way a request could make the server call url."""
    for form, template in FORMS.items():
        for pattern_name, pattern in PATTERNS.items():
            for dataset_name, dataset in DATASETS.items():
                query = template.format(dataset=dataset.format(url=url), pattern=pattern.format(url=url))
                yield f"{form} / {pattern_name} / {dataset_name}", ("GET", "/sparql?" + _form(query=query))
    yield "DESCRIBE a remote IRI", ("GET", "/sparql?" + urllib.parse.urlencode({"query": f"DESCRIBE <{url}>"}))
    yield "BASE and a relative FROM", ("GET", "/sparql?" + urllib.parse.urlencode(
        {"query": f"BASE <{url}> SELECT * FROM <graph> WHERE {{ ?s ?p ?o }}"}))
    for parameter in ("default-graph-uri", "named-graph-uri"):
        yield f"protocol {parameter}", ("GET", "/sparql?" + urllib.parse.urlencode(
            {"query": "SELECT * WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } LIMIT 3", parameter: url}))
    yield "named query parameter", ("GET", "/queries/standards-by-publisher?" + _form(publisher=url))
    for update in UPDATES:
        if "{listener}" in update:
            for transport, build in TRANSPORTS.items():
                yield f"{update.split()[0]} by {transport}", build(update.replace("{listener}", url))


def _form(**fields) -> str:
    return urllib.parse.urlencode(fields)


def test_no_query_form_reaches_the_network(real_server, listener, figures):
    statuses = {}
    for name, request in ssrf_attempts(listener.url):
        reply = real_server.request(*request)
        assert reply.status in (200, 400, 403), (name, reply.status, reply.body[:300])
        statuses[reply.status] = statuses.get(reply.status, 0) + 1
    relative = "/sparql?" + urllib.parse.urlencode({"query": "SELECT * FROM <graph> WHERE { ?s ?p ?o }"})
    host = real_server.request("GET", relative, headers={"Host": f"127.0.0.1:{listener.port}"})
    assert (host.status, host.json["error"]) == (400, "unknown-graph")
    assert listener.received == []
    figures["ssrf"] = {"attempts": sum(statuses.values()) + 1, "by_status": statuses,
                       "connections": len(listener.received)}


def digest(server) -> str:
    """A fingerprint of every quad served."""
    reply = server.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", accept="text/tab-separated-values")
    assert reply.status == 200
    return hashlib.sha256(b"\n".join(sorted(reply.body.splitlines()))).hexdigest()


def test_updates_in_every_form_are_refused_and_change_nothing(real_server, listener, figures):
    before = digest(real_server)
    refused = 0
    for update in UPDATES:
        for transport, build in TRANSPORTS.items():
            reply = real_server.request(*build(update.replace("{listener}", listener.url)))
            assert reply.status in (400, 403) and reply.json["error"] == "read-only", (update, transport)
            refused += 1
        named = real_server.request("GET", "/queries/standards-by-publisher?" + _form(publisher=update))
        assert named.status == 400
    assert digest(real_server) == before
    assert listener.received == []
    figures["updates"] = {"attempts": refused, "refused": refused, "data_unchanged": True}


def nested_groups(depth: int) -> str:
    return "SELECT * WHERE " + "{ " * depth + "?s ?p ?o " + "} " * depth


OVERSIZED = {
    "query one character over the limit": lambda limit: "SELECT * WHERE { ?s ?p ?o } #" + "x" * limit,
    "body over the size limit": lambda limit: "x" * (10 * limit),
    "1,000 nested groups": lambda limit: nested_groups(1000),
    "5,000 nested parentheses": lambda limit: "SELECT (" + "(" * 5000 + "1" + ")" * 5000 + " AS ?x) WHERE {}",
    "300 nested OPTIONALs": lambda limit: "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 300 + "}" * 300 + "}",
    "200 nested subqueries": lambda limit: "SELECT * WHERE " + "{ SELECT * WHERE " * 200 + "{ ?s ?p ?o }" + " }" * 200,
    "a path of 20,000 steps": lambda limit: "SELECT * WHERE { ?s " + "/".join(["rdfs:label"] * 20_000) + " ?o }",
}
EXPENSIVE = {  # within the size and nesting limits, but costly to run: stopped (or their stream cut) at the time limit
    "a union of 5,000 branches": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 5000) + " }",
    "a product of four scans": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
}


def test_oversized_and_deeply_nested_queries_are_refused_quickly(real_server, figures):
    limit = 100_000
    seconds = {}
    for name, make in OVERSIZED.items():
        text = make(limit)
        started = time.monotonic()
        if name.startswith("body"):
            reply = real_server.request("POST", "/sparql", text, {"Content-Type": "application/sparql-query"})
        else:
            reply = real_server.request("POST", "/sparql", urllib.parse.urlencode({"query": text}),
                                        {"Content-Type": "application/x-www-form-urlencoded"})
        seconds[name] = round(time.monotonic() - started, 3)
        assert 400 <= reply.status < 500 and reply.json["message"], (name, reply.status, reply.body[:200])
        assert seconds[name] < 1, name
    stopped = {}
    for name, text in list(EXPENSIVE.items())[:scaled(1, len(EXPENSIVE))]:
        started = time.monotonic()
        try:  # refused at the limit, or, once its answer is streaming, cut off there
            reply = real_server.query(text)
            outcome = (reply.status, reply.json["error"])
        except http.client.IncompleteRead:
            outcome = "stream cut off"
        stopped[name] = round(time.monotonic() - started, 3)
        assert outcome in ((503, "timeout"), "stream cut off"), name
        assert stopped[name] < 3 + 1, name
    figures["oversized"] = {"refused": len(seconds), "slowest_refusal_s": max(seconds.values()), "seconds": seconds,
                            "stopped_at_time_limit": stopped}


@pytest.fixture(scope="module")
def marked_project(tmp_path_factory) -> Path:
    """A project whose graph carries markup in labels, IRIs and a graph name, with the real named queries."""
    folder = tmp_path_factory.mktemp("markup")
    shutil.copytree(REPO / "queries", folder / "queries")
    shutil.copytree(REPO / "ontology", folder / "ontology")
    base, label = "https://w3id.org/aistd-kg/id/standard/", "http://www.w3.org/2000/01/rdf-schema#label"
    literal = MARKUP.replace("\\", "\\\\").replace('"', '\\"')
    triples = "".join([
        f'<{base}xss> <{label}> "{literal}"@en , "{literal}"@zh .\n',
        f"<{base}xss> <{RDF.type}> <https://w3id.org/aistd-kg/ontology#Standard> .\n",
        f'<{base}xss> <http://purl.org/dc/terms/identifier> "{literal}" .\n',
        f"<{base}xss> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <javascript:alert(1)> .\n",
        f"<{base}other> <http://purl.org/dc/terms/references> <{base}xss> .\n",
        f'<{base}other> <{label}> "{literal}"@en .\n',
    ])
    write_trig(folder / "build", {"https://w3id.org/aistd-kg/graph/xss": triples})
    return folder


@pytest.fixture(scope="module")
def marked_server(marked_project):
    with serving(marked_project) as running:
        yield running


def routes(project: Path) -> list[str]:
    """The app's GET routes, as Flask registers them."""
    app = create_app(Settings(threads=1, build_dir=project / "build", root=project))
    try:
        return sorted({rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods})
    finally:
        app.extensions["aistd_kg"].backend.close()


def fill(rule: str, value: str) -> str:
    """A route with value in each of its variables."""
    path = rule
    while "<" in path:
        start = path.index("<")
        path = path[:start] + value + path[path.index(">", start) + 1:]
    return path


def test_markup_is_escaped_on_every_page(marked_project, marked_server, figures):
    quoted = urllib.parse.quote(MARKUP, safe="")
    arguments = urllib.parse.urlencode({name: MARKUP for name in ("q", "lang", "term", "query", "queries", "id", "type",
                                                                   "prefix", "left", "right", "framework", "format")})
    pages = ["/id/standard/xss.html", "/id/standard/other.html", "/graph/xss.html", "/id/standard/xs.html",
             f"/id/standard/{quoted}.html", f"/id/{quoted}", "/queries?format=html", "/sparql?format=html",
             f"/find?{urllib.parse.urlencode({'q': MARKUP})}", f"/queries/{quoted}"]
    pages += [fill(rule, quoted) + "?" + arguments for rule in routes(marked_project) if not rule.startswith("/static")]
    html = 0
    for page in pages:
        reply = marked_server.request("GET", page, headers={"Accept": "text/html", "Accept-Language": MARKUP[:20]})
        assert reply.status < 500, (page, reply.status, reply.body[:300])
        if reply.media_type == "text/html":
            html += 1
            text = reply.text
            assert not any(marker in text for marker in UNESCAPED), (page, [m for m in UNESCAPED if m in text])
        elif reply.status != 303:
            assert reply.media_type and reply.media_type != "text/plain", page  # never sniffed as a page
    own = marked_server.request("GET", "/id/standard/xss.html", headers={"Accept": "text/html"})
    assert "&lt;b id=&#34;xss&#34;&gt;" in own.text or "&lt;b id=&quot;xss&quot;&gt;" in own.text  # shown, as text
    figures["html_injection"] = {"pages": len(pages), "html_pages": html, "unescaped": 0}


def test_path_traversal_reaches_no_file(marked_project, marked_server, figures):
    attempts = 0
    for rule in routes(marked_project):
        if "<" not in rule:
            continue
        for traversal in TRAVERSALS:
            reply = marked_server.request("GET", fill(rule, traversal))
            attempts += 1
            assert reply.status in (301, 303, 308, 400, 404, 405, 406), (rule, traversal, reply.status)
            assert not any(secret in reply.body for secret in SECRETS), (rule, traversal)
    for path in ("/context.jsonld/../../pyproject.toml", "/static/../pyproject.toml", "/static/%2e%2e/pyproject.toml"):
        reply = marked_server.request("GET", path)
        attempts += 1
        assert reply.status in (400, 404) and not any(secret in reply.body for secret in SECRETS), path
    figures["path_traversal"] = {"attempts": attempts, "files_reached": 0}
