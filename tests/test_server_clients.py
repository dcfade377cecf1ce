"""Real clients against the running server: SPARQLWrapper, rdflib's SPARQLStore, and curl."""

import json
import shutil
import subprocess
import urllib.error
import urllib.parse

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from server_fixtures.harness import protocol_project, serving
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

DOCUMENTS = {URIRef(f"http://kasei.us/2009/09/sparql/data/data{n}.rdf") for n in (1, 2, 3)}
SELECT = "SELECT ?doc WHERE { ?doc a <http://xmlns.com/foaf/0.1/Document> } ORDER BY ?doc"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving(protocol_project(tmp_path_factory.mktemp("clients"))) as running:
        yield running


@pytest.fixture
def wrapper(server):
    return SPARQLWrapper(f"{server.url}/sparql")


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(wrapper, method):
    wrapper.setMethod(method)
    wrapper.setQuery(SELECT)
    wrapper.setReturnFormat(JSON)
    rows = wrapper.queryAndConvert()["results"]["bindings"]
    assert {URIRef(row["doc"]["value"]) for row in rows} == DOCUMENTS


def test_sparqlwrapper_select_xml_and_csv(wrapper):
    wrapper.setQuery(SELECT)
    wrapper.setReturnFormat(XML)
    assert len(wrapper.queryAndConvert().getElementsByTagName("result")) == 3
    wrapper.setReturnFormat(CSV)
    assert wrapper.queryAndConvert().decode("utf-8").splitlines()[0] == "doc"


def test_sparqlwrapper_ask_and_construct(wrapper):
    wrapper.setQuery("ASK { GRAPH ?g { ?doc a <http://xmlns.com/foaf/0.1/Document> } }")
    wrapper.setReturnFormat(JSON)
    assert wrapper.queryAndConvert()["boolean"] is True
    wrapper.setQuery("CONSTRUCT { ?doc a ?type } WHERE { ?doc a ?type . FILTER(isIRI(?type)) }")
    wrapper.setReturnFormat(TURTLE)
    graph = Graph().parse(data=wrapper.queryAndConvert(), format="turtle")
    assert set(graph.subjects(RDF.type, FOAF.Document)) == DOCUMENTS


def test_sparqlwrapper_bad_query_and_update_are_refused(wrapper):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    wrapper.setQuery("SELECT * WHERE {")
    with pytest.raises(QueryBadFormed):
        wrapper.query()
    wrapper.setMethod(POST)
    wrapper.setQuery("INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }")
    with pytest.raises(urllib.error.HTTPError) as refused:
        wrapper.query()
    assert refused.value.code == 403


def test_rdflib_sparqlstore(server):
    store = SPARQLStore(query_endpoint=f"{server.url}/sparql")
    graph = Graph(store=store)
    assert {row.doc for row in graph.query(SELECT)} == DOCUMENTS
    assert len(graph) == 303
    assert set(graph.subjects(RDF.type, FOAF.Document)) == DOCUMENTS
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
    data2 = URIRef("http://kasei.us/2009/09/sparql/data/data2.rdf")
    assert {g.identifier if isinstance(g, Graph) else g for g in store.contexts()} >= DOCUMENTS
    assert list(Graph(store=store, identifier=data2).subjects(RDF.type, FOAF.Document)) == [data2]


def test_rdflib_sparqlstore_cannot_update(server):
    store = SPARQLStore(query_endpoint=f"{server.url}/sparql")
    with pytest.raises(TypeError):
        store.add((URIRef("http://example.org/s"), RDF.type, FOAF.Document))


def curl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["curl", "--silent", "--show-error", *args], capture_output=True, text=True, timeout=30)


needs_curl = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


@needs_curl
def test_curl_get_with_csv(server):
    done = curl("-G", f"{server.url}/sparql", "-H", "Accept: text/csv", "--data-urlencode", f"query={SELECT}")
    assert done.stdout.splitlines() == ["doc"] + sorted(str(d) for d in DOCUMENTS)


@needs_curl
def test_curl_post_form_and_direct(server):
    form = curl(f"{server.url}/sparql", "--data-urlencode", "query=ASK {}")
    assert json.loads(form.stdout)["boolean"] is True
    direct = curl(f"{server.url}/sparql", "-H", "Content-Type: application/sparql-query", "--data-binary", "ASK { ?s ?p ?o }")
    assert json.loads(direct.stdout)["boolean"] is True


@needs_curl
def test_curl_compressed_and_status(server):
    done = curl("--compressed", "-D", "-", f"{server.url}/sparql", "-H", "Accept: text/tab-separated-values",
                "--data-urlencode", "query=SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")
    head, _, body = done.stdout.partition("\n\n")  # text mode turns CRLF into LF
    assert "content-encoding: gzip" in head.lower()
    assert len(body.splitlines()) == 304
    refused = curl("-o", "/dev/null", "-w", "%{http_code}", f"{server.url}/sparql", "--data-urlencode", "update=CLEAR ALL")
    assert refused.stdout == "403"


@needs_curl
def test_curl_service_description(server):
    done = curl(f"{server.url}/sparql")
    assert "sd:Service" in done.stdout and "http://kasei.us/2009/09/sparql/data/data1.rdf" in done.stdout


def curl_headers(url: str, *options: str) -> tuple[int, dict[str, str]]:
    """The status and the headers (lower-cased names) of a GET by curl."""
    done = subprocess.run(["curl", "-s", "-o", "/dev/null", "-D", "-", *options, url], capture_output=True, text=True,
                          check=True)
    lines = done.stdout.strip().splitlines()
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), {name.lower(): value for name, value in headers.items()}


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_a_repeated_query_is_validated_by_its_etag(server):
    url = f"{server.url}/sparql?" + urllib.parse.urlencode({"query": SELECT})
    status, first = curl_headers(url, "-H", "Accept: text/csv")
    assert status == 200 and first["etag"].startswith('W/"') and first["cache-control"] == "no-cache"
    status, again = curl_headers(url, "-H", "Accept: text/csv", "-H", f"If-None-Match: {first['etag']}")
    assert (status, again["etag"]) == (304, first["etag"])
    status, other = curl_headers(url, "-H", "Accept: application/sparql-results+json", "-H",
                                 f"If-None-Match: {first['etag']}")
    assert status == 200 and other["etag"] != first["etag"]  # another format is another answer
    another = f"{server.url}/sparql?" + urllib.parse.urlencode({"query": SELECT + " LIMIT 1"})
    status, changed = curl_headers(another, "-H", "Accept: text/csv", "-H", f"If-None-Match: {first['etag']}")
    assert status == 200 and changed["etag"] != first["etag"]  # another query is another answer
