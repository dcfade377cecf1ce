"""Safe to expose: read-only, no outbound network or local files, bounded work, over a real socket.

A throwaway listener on 127.0.0.1 stands for any server the endpoint could be made to
call; it must receive nothing, whatever the query tries.
"""

import json
import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph
import pytest
from server_fixtures.attacks import FROMS, SERVICES, TRANSPORTS, UPDATES
from server_fixtures.harness import protocol_project, serving
from server_fixtures.network import Listener

from aistd_kg.query import sandbox

TIMEOUT = 2.0
PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(8)) + " }"
RUNAWAYS = {  # name: query, the errors that may end it (sorting a huge product may pass the memory ceiling first)
    "cartesian product": (PRODUCT, {"timeout"}),
    "unbounded property path": ("SELECT (COUNT(*) AS ?n) WHERE { ?a <http://example.org/next>* ?b . "
                                "?c <http://example.org/next>* ?d . ?e ?f ?g }", {"timeout"}),
    "order by over a product": ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a ?f ?i ?l",
                                {"timeout", "worker-lost"}),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # a query worker for each runaway, one for the quick queries and one kept for the server's own queries
    options = ("--timeout", str(TIMEOUT), "--max-result-mb", "0.2", "--memory-mb", "400", "--query-workers", "5")
    with serving(protocol_project(tmp_path_factory.mktemp("safety")), *options) as running:
        yield running


@pytest.fixture(scope="module")
def open_listener():
    opened = Listener()
    yield opened
    opened.close()


@pytest.fixture
def listener(open_listener):
    open_listener.received.clear()
    return open_listener


def dump(server) -> str:
    reply = server.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o")
    assert reply.status == 200
    return reply.text


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_and_change_nothing(server, listener, update, transport):
    before = dump(server)
    reply = server.request(*TRANSPORTS[transport](update.replace("{listener}", listener.url)))
    assert 400 <= reply.status < 500
    assert reply.json["error"] == "read-only"
    assert dump(server) == before
    assert listener.received == []


@pytest.mark.parametrize("query", SERVICES)
def test_service_is_refused_wherever_it_hides(server, listener, query):
    reply = server.query(query.replace("{url}", listener.url))
    assert (reply.status, reply.json["error"]) == (400, "service")
    assert listener.received == []


@pytest.mark.parametrize("query", FROMS)
def test_from_naming_a_graph_outside_the_dataset_is_refused(server, listener, query):
    reply = server.query(query.replace("{url}", listener.url))
    assert (reply.status, reply.json["error"]) == (400, "unknown-graph")
    assert listener.received == []


def test_from_naming_a_local_graph_selects_it(server):
    reply = server.query("SELECT (COUNT(*) AS ?n) FROM <http://example.org/chain> WHERE { ?s ?p ?o }")
    assert reply.json["results"]["bindings"][0]["n"]["value"] == "300"


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("target", ["{url}", "file:///etc/passwd"])
def test_protocol_graph_names_are_only_looked_up_locally(server, listener, parameter, target):
    reply = server.query("SELECT * WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }",
                         **{parameter.replace("-", "_"): target.replace("{url}", listener.url)})
    assert reply.status == 200
    assert reply.json["results"]["bindings"] == []
    assert listener.received == []


def _service_from_a_worker(confined: bool, url: str, outcome) -> None:
    if confined:
        sandbox.confine(512)
    try:
        list(pyoxigraph.Store().query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"))
        outcome.put("answered")
    except Exception as error:
        outcome.put(f"failed: {error}")


def test_a_confined_worker_reaches_nothing_even_if_a_service_got_past_the_guard(listener):
    context = multiprocessing.get_context("spawn")
    outcome = context.Queue()
    control = context.Process(target=_service_from_a_worker, args=(False, listener.url, outcome))
    control.start()
    control.join(30)
    outcome.get(timeout=5)
    assert len(listener.received) == 1 and listener.received[0].startswith(b"POST / HTTP/1.1")  # pyoxigraph calls out
    confined = context.Process(target=_service_from_a_worker, args=(True, listener.url, outcome))
    confined.start()
    confined.join(30)
    assert outcome.get(timeout=5).startswith("failed")
    assert len(listener.received) == 1


def test_query_workers_are_offline(server):
    assert server.request("GET", "/healthz").json["workers_offline"] is True


def timed(server, query: str):
    started = time.monotonic()
    reply = server.query(query)
    return reply, time.monotonic() - started


def test_runaway_queries_stop_at_the_limit_while_others_are_answered(server):
    with ThreadPoolExecutor(max_workers=len(RUNAWAYS) + 1) as threads:
        runaways = {name: threads.submit(timed, server, query) for name, (query, _) in RUNAWAYS.items()}
        time.sleep(0.3)
        quick = [timed(server, "ASK { ?s ?p ?o }") for _ in range(5)]
        for reply, seconds in quick:
            assert reply.status == 200 and reply.json["boolean"] is True
            assert seconds < 1.0
        for name, future in runaways.items():
            reply, seconds = future.result()
            assert reply.status == 503 and reply.json["error"] in RUNAWAYS[name][1], name
            assert seconds < TIMEOUT + 1, name
    deadline = time.monotonic() + 10  # the killed workers are replaced
    while server.request("GET", "/healthz").json["query_workers"] < 5 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.request("GET", "/healthz").json["query_workers"] == 5
    replies = [server.query("ASK {}") for _ in range(8)]
    assert all(reply.status == 200 for reply in replies)


def test_a_query_that_exhausts_memory_loses_only_its_worker(server):
    reply, seconds = timed(server, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?f ?i")
    assert (reply.status, reply.json["error"]) == (503, "worker-lost")
    assert seconds < TIMEOUT + 1
    assert server.query("ASK {}").status == 200


def test_an_answer_over_the_size_limit_is_refused(server):
    reply = server.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")
    assert (reply.status, reply.json["error"]) == (503, "result-too-large")
    assert reply.json["limit_bytes"] == int(0.2 * 1024 * 1024)
    assert server.query("SELECT * WHERE { ?a ?b ?c } LIMIT 10").status == 200


def test_error_bodies_are_json_for_every_refusal(server):
    for reply in (server.request("GET", "/nowhere"), server.request("DELETE", "/sparql"),
                  server.query("SELECT * WHERE {")):
        assert reply.media_type == "application/json"
        body = reply.json
        assert set(body) >= {"error", "message"}
        assert json.dumps(body)
