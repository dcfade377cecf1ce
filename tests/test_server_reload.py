"""Reload: SIGHUP or `aistd-kg reload` rebuild and swap the data; a failing build changes nothing."""

import os
import shutil
import signal
import subprocess
import time
import urllib.parse

import pytest
from server_fixtures.harness import CLI, REPO, built_project, serving

EXTRA = """@prefix aistd: <https://w3id.org/aistd-kg/ontology#> .
@prefix t: <https://w3id.org/aistd-kg/id/test/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

t:{name} a aistd:Category ; skos:inScheme t:fw2 ; skos:topConceptOf t:fw2 ; aistd:level 1 ;
    skos:prefLabel "{name}"@zh , "{name}"@en ;
    aistd:citation [ a aistd:Citation ; aistd:citedDocument t:doc ; aistd:locator "§9" ] .
"""
CATEGORIES = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a aistd:Category }"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return built_project(tmp_path_factory.mktemp("reload"))


@pytest.fixture(scope="module")
def server(project):
    with serving(project) as running:
        yield running


def categories(server) -> int:
    reply = server.query(CATEGORIES)
    assert reply.status == 200, reply.text
    return int(reply.json["results"]["bindings"][0]["n"]["value"])


def served_store(server) -> str:
    return server.request("GET", "/healthz").json["store"]


def wait_for(condition, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_the_pid_file_names_the_server(server):
    assert int((server.build_dir / "server.pid").read_text()) == server.process.pid


def test_sighup_rebuilds_and_swaps_atomically(server, project):
    before, store = categories(server), served_store(server)
    (project / "data" / "extra-hup.ttl").write_text(EXTRA.format(name="hup"), encoding="utf-8")
    os.kill(server.process.pid, signal.SIGHUP)
    answers = []
    while served_store(server) == store:  # answered throughout, from the old data or the new, never between
        answers.append(categories(server))
        assert len(answers) < 5000
    assert answers and set(answers) <= {before, before + 1}
    assert categories(server) == before + 1
    wait_for(lambda: "reload: now serving store" in server.log_text())


def test_a_failing_rebuild_keeps_serving_the_old_data(server, project):
    before, store = categories(server), served_store(server)
    artifact = (project / "build" / "aistd-kg.trig").read_bytes()
    bad = project / "data" / "bad.ttl"
    shutil.copy(REPO / "tests" / "shape_cases" / "missing-english-label.ttl", bad)
    try:
        refusals = server.log_text().count("reload refused")
        os.kill(server.process.pid, signal.SIGHUP)
        wait_for(lambda: server.log_text().count("reload refused") > refusals)
    finally:
        bad.unlink()
    assert "needs exactly one English label" in server.log_text()
    assert f"still serving store {store}" in server.log_text()
    assert (served_store(server), categories(server)) == (store, before)
    assert (project / "build" / "aistd-kg.trig").read_bytes() == artifact


def validator(server) -> str:
    """The ETag of the answer to CATEGORIES asked by GET."""
    reply = server.request("GET", "/sparql?" + urllib.parse.urlencode({"query": CATEGORIES}))
    assert reply.status == 200
    return reply.headers["etag"]


def test_aistd_kg_reload_publishes_for_the_next_request(server, project):
    before, store, tag = categories(server), served_store(server), validator(server)
    (project / "data" / "extra-cli.ttl").write_text(EXTRA.format(name="cli"), encoding="utf-8")
    done = subprocess.run([str(CLI), "reload"], cwd=project, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "published" in done.stdout
    assert served_store(server) != store
    assert categories(server) == before + 1  # not the answer cached before the reload
    again = server.request("GET", "/sparql?" + urllib.parse.urlencode({"query": CATEGORIES}),
                           headers={"If-None-Match": tag})
    assert again.status == 200 and again.headers["etag"] != tag


def test_aistd_kg_reload_refuses_invalid_data(server, project):
    store = served_store(server)
    (project / "data" / "broken.ttl").write_text("this is not turtle", encoding="utf-8")
    try:
        done = subprocess.run([str(CLI), "reload"], cwd=project, capture_output=True, text=True, timeout=300)
    finally:
        (project / "data" / "broken.ttl").unlink()
    assert done.returncode == 2
    assert served_store(server) == store


def test_a_restart_reuses_the_store_without_loading(server, project):
    store = server.build_dir / "store" / served_store(server)
    loaded = (store / "manifest.json").stat().st_mtime_ns
    server.stop()
    with serving(project) as again:
        assert served_store(again) == store.name
        assert (store / "manifest.json").stat().st_mtime_ns == loaded
        assert len([p for p in (project / "build" / "store").iterdir() if not p.name.startswith(".")]) <= 4
