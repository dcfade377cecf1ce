"""Replicas: several servers from one published store folder, behind a load balancer (nginx).

The artifact is the store folder `aistd-kg publish` prints (named by the SHA-256 of the
graph it holds, with a manifest of every file's SHA-256). Replicas serve a copy of it with
`serve --store FOLDER` and verify it first: a corrupt, incomplete or incompatible copy
refuses to start (exit 2) and says why.
"""

import json
import shutil
import signal
import subprocess
import urllib.parse
import uuid

import pytest
from server_fixtures import balancer as balancer_fixture
from server_fixtures.harness import CLI, protocol_project, serving, start

QUERIES = [
    "SELECT ?doc WHERE { GRAPH ?g { ?doc a <http://xmlns.com/foaf/0.1/Document> } } ORDER BY ?doc",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "ASK { GRAPH <http://example.org/chain> { ?s <http://example.org/next> ?o } }",
]


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    """A published store folder, copied away from the build as a deployment would."""
    project = protocol_project(tmp_path_factory.mktemp("replicas"))
    done = subprocess.run([str(CLI), "publish"], cwd=project, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    published = project / done.stdout.split()[1]
    copy = tmp_path_factory.mktemp("release") / published.name
    shutil.copytree(published, copy)
    return copy


def replica(release, tmp_path_factory):
    return start(release.parent, "--store", str(release), build_dir=tmp_path_factory.mktemp("replica") / "build")


@pytest.fixture(scope="module")
def replicas(release, tmp_path_factory):
    running = [replica(release, tmp_path_factory) for _ in range(2)]
    yield running
    for server in running:
        server.stop()


@pytest.fixture(scope="module")
def balancer(replicas, tmp_path_factory):
    reason = balancer_fixture.unavailable()
    if reason:
        pytest.skip(reason)
    running = balancer_fixture.start(tmp_path_factory.mktemp("nginx"), [server.port for server in replicas])
    yield running
    running.stop()


def test_publish_prints_a_verified_store_folder(release):
    described = json.loads((release / "manifest.json").read_text())
    assert release.name == described["sha256"][:16]
    assert set(described["files"]) == {p.name for p in release.iterdir()} - {"manifest.json"}


def test_replicas_serve_the_same_artifact_and_answer_alike(replicas):
    health = [server.request("GET", "/healthz").json for server in replicas]
    assert health[0]["artifact_sha256"] == health[1]["artifact_sha256"]
    assert health[0]["store"] == health[1]["store"]
    for query in QUERIES:
        assert replicas[0].query(query).body == replicas[1].query(query).body


def test_the_balancer_spreads_requests_and_answers_as_one_replica(replicas, balancer):
    marks = [uuid.uuid4().hex for _ in range(20)]
    for mark, query in zip(marks, QUERIES * 7, strict=False):
        reply = balancer.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}),
                                 headers={"X-Request-Id": mark})
        assert reply.status == 200 and reply.headers["x-request-id"] == mark
        assert reply.body == replicas[0].query(query).body
    served = [sum(mark in server.log_text() for mark in marks) for server in replicas]
    assert sum(served) == len(marks) and min(served) >= 5


def test_the_balancer_keeps_answering_when_a_replica_dies(release, replicas, balancer, tmp_path_factory):
    extra = replica(release, tmp_path_factory)
    second = balancer_fixture.start(tmp_path_factory.mktemp("nginx"), [replicas[0].port, extra.port])
    try:
        extra.process.send_signal(signal.SIGKILL)
        extra.process.wait()
        replies = [second.request("GET", "/sparql?query=ASK%7B%7D") for _ in range(30)]
        assert [reply.status for reply in replies] == [200] * 30
    finally:
        second.stop()
        extra.stop()


def refused(release, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLI), "serve", "--store", str(release), "--port", "1"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)


def altered_copy(release, tmp_path):
    copy = tmp_path / release.name
    shutil.copytree(release, copy)
    return copy


def flip_a_byte(path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(data)


@pytest.mark.parametrize("damage,reason", [
    (lambda store: flip_a_byte(max(store.glob("*.sst"), key=lambda p: p.stat().st_size)), "does not match"),
    (lambda store: min(store.glob("*.sst")).unlink(), "is missing"),
    (lambda store: (store / "stray.sst").write_bytes(b"x"), "stray.sst is not in the manifest"),
    (lambda store: (store / "manifest.json").write_text("{"), "no readable manifest.json"),
    (lambda store: (store / "manifest.json").write_text(
        (store / "manifest.json").read_text().replace('"format": 2', '"format": 1')), "store format 1 is not"),
    (lambda store: (store / "manifest.json").write_text(
        (store / "manifest.json").read_text().replace('"pyoxigraph": "0.', '"pyoxigraph": "9.')), "by pyoxigraph 9."),
])
def test_a_corrupt_or_mismatched_copy_refuses_to_start(release, tmp_path, damage, reason):
    copy = altered_copy(release, tmp_path)
    damage(copy)
    done = refused(copy, tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {copy}:") and reason in done.stderr


def test_a_missing_store_folder_refuses_to_start(tmp_path):
    done = refused(tmp_path / "nowhere", tmp_path)
    assert (done.returncode, done.stderr.strip()) == (2, f"error: {tmp_path / 'nowhere'}: no such store folder")


def test_a_replica_restarts_on_its_store_unchanged(release, tmp_path_factory):
    before = {p.name: p.read_bytes() for p in release.iterdir()}
    build_dir = tmp_path_factory.mktemp("again") / "build"
    with serving(release.parent, "--store", str(release), build_dir=build_dir) as again:
        assert again.query(QUERIES[1]).status == 200
        assert again.request("GET", "/search?q=doc").status == 200  # opens the search index published with it
    assert {p.name: p.read_bytes() for p in release.iterdir()} == before
