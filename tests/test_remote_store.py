"""An external SPARQL store as the backend, end to end against Virtuoso Open Source on 127.0.0.1.

The real build is published with `aistd-kg publish --to` (Graph Store Protocol) into a
throwaway Virtuoso, then served twice: by `aistd-kg serve --store` from Virtuoso and by the
embedded store from the same artifact; both must answer alike. Skipped, saying why, where
Virtuoso is not installed (tests/setup/system-packages.sh installs it).
"""

import os
import signal
import subprocess
import threading
import time
from collections import Counter

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from server_fixtures import virtuoso as virtuoso_fixture
from server_fixtures.harness import CLI, REPO, serving, write_trig
from server_fixtures.network import Listener, Relay

from aistd_kg.build.artifact import write_artifact
from aistd_kg.query.named_queries import load_queries
from aistd_kg.store import manifest

QUERIES = load_queries(REPO / "queries")
JSON_OR_NT = "application/sparql-results+json, application/n-triples"
# Named queries Virtuoso 7.2.5 (Debian 12) answers differently from the SPARQL 1.1 semantics
# pyoxigraph and rdflib agree on, and why (README, "Scale-out and reliability").
PATHS = ("Virtuoso 7.2 runs * and + property paths as transitive subqueries: rows go missing when the path is "
         "joined with other patterns, and a path from a parameter fails ('transitive start not given')")
TEXT = ("Virtuoso 7.2 mangles non-ASCII text in the query's own strings (STR('知识图谱') is '????') and counts "
        "bytes in SUBSTR")
OPTIONAL = "Virtuoso 7.2 applies a FILTER inside OPTIONAL that uses outer variables differently"
BOOLEAN = "Virtuoso 7.2 writes xsd:boolean values as 1 and 0"
VARIABLE_FIXED = "Virtuoso 7.2's SPARQL compiler fails on the query (internal error SP031: no SPART_VARR_FIXED)"
DEPRECATE = "Virtuoso 7.2's SPARQL compiler fails on the query (internal error SP031 in sparp_gp_deprecate())"
OPTIMIZER = "Virtuoso 7.2's SQL optimizer fails on the query (internal error SQ156: Bad dfe in sqlo_place_exp)"
LISTS = ("Virtuoso 7.2 answers with other rows than the embedded store (queries of one value a row, from OPTIONAL "
         "branches joined by UNION); where the difference lies is not yet analysed")
KNOWN_DIFFERENCES = {
    "bodies-ancestors": PATHS, "bodies-network-bands": PATHS, "governance-documents-by-year": PATHS,
    "governance-framework-crosswalks": PATHS,
    "lifecycle-framework-as-of": PATHS, "national-series-parts": PATHS, "national-series-versions": PATHS,
    "national-targets-across-versions": PATHS, "standards-of-committee": PATHS,
    "standards-supporting-regulation": PATHS, "advisor-counterparts": PATHS,
    "catalogue-adoption-chain": LISTS, "lifecycle-timeline": LISTS, "lists-bodies": LISTS, "lists-documents": LISTS,
    "lists-standards": LISTS,
    "jiangsu-legend-gap": TEXT, "national-categories-scope-mentions": TEXT, "shanghai-scope-mentions": TEXT,
    "bodies-network": OPTIONAL, "national-parts-compared": OPTIONAL,
    "frameworks-planned-standards": BOOLEAN,
    "crosswalk-planned-standards-with-counterparts": OPTIONAL, "crosswalk-coverage-matrix": VARIABLE_FIXED,
    "lifecycle-events": DEPRECATE, "coverage-of-framework": OPTIMIZER,
}


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    reason = virtuoso_fixture.unavailable()
    if reason:
        pytest.skip(reason)
    try:
        running = virtuoso_fixture.start(tmp_path_factory.mktemp("virtuoso"))
    except RuntimeError as error:
        pytest.skip(f"Virtuoso is installed but did not start: {error}")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def build_dir(kg, tmp_path_factory):
    build = tmp_path_factory.mktemp("remote") / "build"
    write_artifact(kg, build)
    return build


def publish(build_dir, virtuoso) -> subprocess.CompletedProcess:
    command = [str(CLI), "publish", "--build-dir", str(build_dir), "--to", virtuoso.gsp_url,
               "--user", virtuoso_fixture.USER, "--auth", "digest"]
    environment = {**os.environ, "AISTD_KG_STORE_PASSWORD": virtuoso_fixture.PASSWORD}
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=environment)


@pytest.fixture(scope="module")
def published(build_dir, virtuoso):
    done = publish(build_dir, virtuoso)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def remote(published, build_dir, virtuoso):
    with serving(REPO, "--store", virtuoso.sparql_url, build_dir=build_dir) as running:
        yield running


@pytest.fixture(scope="module")
def embedded(build_dir):
    with serving(REPO, build_dir=build_dir) as running:
        yield running


def answer(reply) -> object:
    """A comparable form of an answer: a boolean, the variables and a multiset of rows, or a graph."""
    assert reply.status == 200, reply.text
    if reply.media_type == "application/n-triples":
        return Graph().parse(data=reply.body, format="nt")
    body = reply.json
    if "boolean" in body:
        return body["boolean"]
    variables = body["head"]["vars"]
    return variables, Counter(tuple(_term(row.get(v)) for v in variables) for row in body["results"]["bindings"])


def _term(binding: dict | None) -> tuple | None:
    if binding is None:
        return None
    if binding["type"] == "bnode":
        return ("bnode",)
    return (binding["type"], binding["value"], binding.get("datatype"), binding.get("xml:lang"))


def assert_alike(first, second) -> None:
    if isinstance(first, Graph):
        assert isomorphic(first, second)
    else:
        assert first == second


def test_serving_refuses_a_store_with_nothing_published(virtuoso, tmp_path):
    done = subprocess.run([str(CLI), "serve", "--store", virtuoso.sparql_url, "--port", "1"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"error: {virtuoso.sparql_url}: no usable manifest; publish to the store first" in done.stderr


def test_serving_refuses_an_unreachable_store(tmp_path):
    listener = Listener()  # a port that is open but is no SPARQL endpoint
    listener.close()
    done = subprocess.run([str(CLI), "serve", "--store", f"http://127.0.0.1:{listener.port}/sparql", "--port", "1"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "cannot read the store's manifest" in done.stderr and "Connection refused" in done.stderr


def test_publishing_loads_every_graph_and_the_manifest(published, build_dir, virtuoso, embedded):
    local = embedded.request("GET", "/healthz").json
    assert published.stdout.strip() == (f"published {local['triples']} triples in {local['graphs']} graphs "
                                        f"to {virtuoso.gsp_url}")
    counts = requests.post(virtuoso.sparql_url, timeout=30, headers={"Accept": "application/sparql-results+json"},
                           data={"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"})
    in_store = {row["g"]["value"]: int(row["n"]["value"]) for row in counts.json()["results"]["bindings"]}
    served = Graph().parse(data=embedded.request("GET", "/sparql").body, format="turtle")
    names = {str(n) for n in served.objects(None, URIRef("http://www.w3.org/ns/sparql-service-description#name"))}
    assert names <= set(in_store) and manifest.GRAPH in in_store
    shown = requests.get(virtuoso.gsp_url, params={"graph": manifest.GRAPH}, timeout=30,
                         auth=requests.auth.HTTPDigestAuth(virtuoso_fixture.USER, virtuoso_fixture.PASSWORD))
    described = manifest.from_turtle(shown.content, virtuoso.gsp_url)
    assert described["sha256"] == local["artifact_sha256"]
    assert described["graphs"] == {name: in_store[name] for name in names}


def test_health_and_description_come_from_the_manifest(remote, embedded):
    there, here = remote.request("GET", "/healthz").json, embedded.request("GET", "/healthz").json
    assert there["store"].endswith("/sparql") and there["query_workers"] == 0
    for key in ("artifact_sha256", "triples", "graphs"):
        assert there[key] == here[key]
    names = URIRef("http://www.w3.org/ns/sparql-service-description#name")
    described = [set(Graph().parse(data=s.request("GET", "/sparql").body, format="turtle").objects(None, names))
                 for s in (remote, embedded)]
    assert described[0] == described[1]


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN_DIFFERENCES[name])) if name in KNOWN_DIFFERENCES else name
    for name in sorted(QUERIES)])
def test_every_named_query_answers_as_on_the_embedded_store(remote, embedded, name):
    path = f"/queries/{name}"
    here = answer(embedded.request("GET", path, headers={"Accept": JSON_OR_NT}))
    assert_alike(answer(remote.request("GET", path, headers={"Accept": JSON_OR_NT})), here)


def test_most_named_queries_answer_alike():
    assert set(KNOWN_DIFFERENCES) <= set(QUERIES)
    assert len(KNOWN_DIFFERENCES) < len(QUERIES) / 5


@pytest.mark.parametrize("query", [
    "SELECT ?label WHERE { <https://w3id.org/aistd-kg/id/standard/iso-iec-42001-2023> rdfs:label ?label }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    pytest.param("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", marks=pytest.mark.xfail(
        reason="since the catalogue landed Virtuoso's default graph counts otherwise than the embedded union, while every "
               "named graph's count agrees (the query above); not yet explained")),
    "SELECT ?s WHERE { ?s rdfs:label '人工智能'@zh } ORDER BY ?s",
    "ASK { ?s a aistd:Standard }",
    "ASK { ?s a aistd:NoSuchClass }",
    "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a aistd:Standard ; rdfs:label ?l }",
    "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/aistd-kg/graph/bodies> WHERE { ?s ?p ?o }",
])
def test_queries_answer_alike_in_every_format(remote, embedded, query):
    here = answer(embedded.query(query, accept=JSON_OR_NT))
    assert_alike(answer(remote.query(query, accept=JSON_OR_NT)), here)
    if not query.startswith("CONSTRUCT"):
        for media_type in ("text/csv", "text/tab-separated-values"):  # literals in two languages have no defined order
            lines = [sorted(s.query(query, accept=media_type).body.splitlines()) for s in (remote, embedded)]
            assert lines[0] == lines[1]


def test_protocol_datasets_see_only_published_graphs(remote, embedded):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for graphs in (["https://w3id.org/aistd-kg/graph/beijing"], [manifest.GRAPH], ["http://www.openlinksw.com/schemas/virtrdf#"]):
        here = embedded.query(count, default_graph_uri=graphs)
        assert remote.query(count, default_graph_uri=graphs).json == here.json
    assert remote.query(count, default_graph_uri=[manifest.GRAPH]).json["results"]["bindings"][0]["n"]["value"] == "0"


def test_entity_documents_are_the_same(remote, embedded):
    for path in ("/id/standard/iso-iec-42001-2023.nt", "/id/body/tc28-sc42.nt", "/graph/core.nt"):
        there, here = remote.request("GET", path), embedded.request("GET", path)
        assert there.status == here.status == 200
        assert isomorphic(Graph().parse(data=there.body, format="nt"), Graph().parse(data=here.body, format="nt"))
    assert remote.request("GET", "/id/standard/no-such-standard.nt").status == 404


@pytest.fixture(scope="module")
def relayed(published, virtuoso, build_dir):
    """A server on the store through a relay that records every byte sent to the store."""
    relay = Relay(virtuoso.http_port)
    with serving(REPO, "--store", f"http://127.0.0.1:{relay.port}/sparql", build_dir=build_dir) as running:
        yield running, relay
    relay.close()


REFUSED = {
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/marker-a> { ?s ?p ?o } }": "service",
    "SELECT * WHERE { OPTIONAL { SERVICE ?x { ?s ?p ?o } } VALUES ?x { <http://marker-b/> } }": "service",
    "INSERT DATA { <http://marker-c/s> <http://marker-c/p> 1 }": "read-only",
    "DROP GRAPH <https://w3id.org/aistd-kg/graph/core> # marker-d": "read-only",
    "SELECT * FROM <http://127.0.0.1:9/marker-e> WHERE { ?s ?p ?o }": "unknown-graph",
    'DEFINE get:soft "replace" SELECT * FROM <http://127.0.0.1:9/marker-f> WHERE { ?s ?p ?o }': "syntax",
    "# marker-g\nSELECT * WHERE " + "{" * 400 + " ?s ?p ?o " + "}" * 400: "too-deep",
}


def test_the_guard_refuses_before_anything_is_forwarded(relayed):
    server, relay = relayed
    for query, error in REFUSED.items():
        reply = server.query(query)
        assert (reply.status, reply.json["error"]) == (400, error), query
    assert b"marker" not in relay.sent
    assert server.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1 # marker-allowed").status == 200
    assert b"marker-allowed" in relay.sent and b"urn%3Aaistd-kg%3Adefault-graph" in relay.sent


def test_nothing_reaches_a_listener_through_the_store(remote):
    listener = Listener()
    try:
        url = listener.url
        for query in (f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", f"LOAD <{url}>",
                      f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", f"DESCRIBE <{url}>",
                      f"SELECT * WHERE {{ GRAPH <{url}> {{ ?s ?p ?o }} }}", f"SELECT (IRI('{url}') AS ?i) WHERE {{}}"):
            assert remote.query(query).status in (200, 400)
        for parameter in ("default_graph_uri", "named_graph_uri"):
            assert remote.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", **{parameter: url}).status == 200
        assert listener.received == []
    finally:
        listener.close()


SYNTHETIC = "http://example.org/synthetic"


def synthetic_artifact(folder, size: int, tag: str):
    return write_trig(folder, {SYNTHETIC: "".join(f"<http://example.org/s{i}> <http://example.org/p> \"{tag}{i}\" .\n"
                                                  for i in range(size))})


def test_republishing_replaces_each_graph_at_once_and_deletes_stale_ones(virtuoso, remote, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    synthetic_artifact(first, 40_000, "a")
    synthetic_artifact(second, 30_000, "b")
    assert publish(first, virtuoso).returncode == 0
    count = (f"SELECT (COUNT(*) AS ?n) (SUM(IF(STRSTARTS(?o, 'b'), 1, 0)) AS ?b) "
             f"WHERE {{ GRAPH <{SYNTHETIC}> {{ ?s ?p ?o }} }}")
    seen, done = set(), threading.Event()

    def observe() -> tuple[int, int]:
        reply = requests.post(virtuoso.sparql_url, data={"query": count}, timeout=30,
                              headers={"Accept": "application/sparql-results+json"})
        row = reply.json()["results"]["bindings"][0]
        return int(row["n"]["value"]), int(row["b"]["value"])

    def poll():
        while not done.is_set():
            seen.add(observe())

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        done_publishing = publish(second, virtuoso)
    finally:
        done.set()
        poller.join()
    assert done_publishing.returncode == 0, done_publishing.stderr
    assert observe() == (30_000, 30_000)
    assert seen <= {(40_000, 0), (30_000, 30_000)}, seen  # never a mix of the two
    ours = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://w3id.org/aistd-kg/')) }"
    in_store = requests.post(virtuoso.sparql_url, timeout=30, headers={"Accept": "application/sparql-results+json"},
                             data={"query": ours})
    assert in_store.json()["results"]["bindings"] == []
    remote.process.send_signal(signal.SIGHUP)  # the workers restart and read the new manifest
    deadline = time.monotonic() + 30
    while remote.request("GET", "/healthz").json["triples"] != 30_000:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert remote.request("GET", "/healthz").json["graphs"] == 1
    assert "reload: serving http" in remote.log_text()
