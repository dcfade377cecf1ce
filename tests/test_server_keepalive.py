"""Kept-alive connections (web/worker.py): a thread answers a client's next request itself when it comes at once,
and hands a quiet connection back to the poller within LINGER, so idle clients hold no request thread."""

import http.client
import time
from urllib.parse import quote

import pytest
from server_fixtures.harness import protocol_project, serving

from aistd_kg.web.worker import LINGER

ASK = "/sparql?query=" + quote("ASK { ?s ?p ?o }")
ACCEPT = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def two_threads(tmp_path_factory):
    with serving(protocol_project(tmp_path_factory.mktemp("keepalive")), "--threads", "2") as running:
        yield running


def ask(connection: http.client.HTTPConnection) -> bytes:
    connection.request("GET", ASK, headers=ACCEPT)
    reply = connection.getresponse()
    assert reply.status == 200 and reply.getheader("Connection", "").lower() != "close"
    return reply.read()


def test_back_to_back_requests_on_one_connection_are_all_answered(two_threads):
    connection = http.client.HTTPConnection("127.0.0.1", two_threads.port, timeout=5)
    answers = [ask(connection) for _ in range(200)]
    assert set(answers) == {b'{"head":{},"boolean":true}'}
    connection.close()


def test_idle_kept_alive_clients_hold_no_thread(two_threads):
    idle = [http.client.HTTPConnection("127.0.0.1", two_threads.port, timeout=5) for _ in range(6)]
    for connection in idle:
        ask(connection)  # each now waits, kept alive, three times the server's two threads
    time.sleep(LINGER * 4)
    started = time.monotonic()
    fresh = http.client.HTTPConnection("127.0.0.1", two_threads.port, timeout=5)
    ask(fresh)
    assert time.monotonic() - started < 1.0
    for connection in idle:  # handed back to the poller, each is answered again after its pause
        ask(connection)
        connection.close()
    fresh.close()
