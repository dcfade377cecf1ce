"""Large answers are streamed as they are serialized; a stream that cannot be completed is cut off, never shortened."""

import gzip
import http.client
import json
import urllib.parse

import pytest
from server_fixtures.harness import serving, write_trig

ROWS = 40_000  # about 4 MiB of SPARQL JSON: past the 1 MiB an answer may take before it is streamed
ALL = "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o }"


def project(folder):
    """A project folder whose build holds ROWS triples."""
    triples = "".join(f'<http://example.org/s{i}> <http://example.org/p> "value {i}" .\n' for i in range(ROWS))
    write_trig(folder / "build", {"http://example.org/graph": triples})
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving(project(tmp_path_factory.mktemp("streaming"))) as running:
        yield running


def post(server, query: str, **headers) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("POST", "/sparql", urllib.parse.urlencode({"query": query}),
                       {"Content-Type": "application/x-www-form-urlencoded", **headers})
    return connection.getresponse()


def test_a_large_answer_is_streamed_whole(server):
    response = post(server, ALL, Accept="application/sparql-results+json")
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked" and response.getheader("Content-Length") is None
    rows = json.loads(response.read())["results"]["bindings"]
    assert len(rows) == ROWS and {row["o"]["value"] for row in rows} == {f"value {i}" for i in range(ROWS)}


def test_a_streamed_answer_is_gzipped_on_the_fly(server):
    response = post(server, ALL, Accept="text/csv", **{"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    lines = gzip.decompress(response.read()).decode("utf-8").splitlines()
    assert lines[0] == "s,o" and len(lines) == ROWS + 1


def test_a_small_answer_keeps_its_length(server):
    response = post(server, ALL + " LIMIT 3", Accept="application/sparql-results+json")
    assert response.getheader("Content-Length") is not None and response.getheader("Transfer-Encoding") is None
    assert len(json.loads(response.read())["results"]["bindings"]) == 3


def test_a_client_leaving_mid_stream_costs_nothing_but_its_worker(server):
    for _ in range(6):  # more streams than the server has query workers
        response = post(server, ALL, Accept="application/sparql-results+json")
        assert len(response.read(64 * 1024)) == 64 * 1024
        response.close()
    answer = post(server, ALL + " LIMIT 1", Accept="application/sparql-results+json")
    assert answer.status == 200 and len(json.loads(answer.read())["results"]["bindings"]) == 1


def test_a_stream_past_the_size_limit_is_cut_off_not_shortened(tmp_path):
    with serving(project(tmp_path), "--max-result-mb", "2") as small:
        response = post(small, ALL, Accept="application/sparql-results+json")
        assert response.status == 200
        with pytest.raises(http.client.IncompleteRead):
            response.read()
        refused = post(small, ALL, Accept="application/sparql-results+json")
        assert refused.status == 200  # the server goes on answering
        refused.close()
        assert "the answer is larger than the limit of 2097152 bytes" in small.log_text()
