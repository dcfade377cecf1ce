"""Each gunicorn worker runs with its forkserver and query workers on its own share of the CPUs (web/cpus.py)."""

import os
import time

import psutil
import pytest
from server_fixtures.harness import protocol_project, serving

from aistd_kg.web.cpus import free_slot, share

EIGHT = list(range(8))


def test_the_cpus_are_dealt_out_to_the_worker_slots():
    assert [share(slot, 2, [0, 1]) for slot in (0, 1)] == [{0}, {1}]
    assert [share(slot, 2, EIGHT) for slot in (0, 1)] == [{0, 2, 4, 6}, {1, 3, 5, 7}]
    assert share(0, 1, EIGHT) == set(EIGHT)
    assert [share(slot, 3, [0, 1]) for slot in (0, 1, 2)] == [{0}, {1}, {0}]
    assert share(2, 2, EIGHT) == share(0, 2, EIGHT)  # a worker started beside the old ones during a reload


def test_a_new_worker_takes_the_lowest_free_slot():
    assert free_slot(set()) == 0
    assert free_slot({0, 1}) == 2
    assert free_slot({1, -1}) == 0


def process_trees(master: psutil.Process, size: int) -> list[list[psutil.Process]]:
    """Each gunicorn worker (a fork of the master, so the same command line) with everything it started,
    once each has at least ``size`` processes (its query workers start after /healthz first answers)."""
    deadline = time.monotonic() + 20
    while True:
        workers = [child for child in master.children() if child.cmdline() == master.cmdline()]
        trees = [[worker, *worker.children(recursive=True)] for worker in workers]
        if all(len(tree) >= size for tree in trees) or time.monotonic() > deadline:
            return trees
        time.sleep(0.1)


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two CPUs")
def test_two_workers_run_on_disjoint_cpus_with_their_query_workers(tmp_path):
    allowed = os.sched_getaffinity(0)
    with serving(protocol_project(tmp_path), "--workers", "2", "--query-workers", "2") as server:
        trees = process_trees(psutil.Process(server.process.pid), 4)  # worker, forkserver, 2 query workers
        assert len(trees) == 2 and all(len(tree) >= 4 for tree in trees)
        shares = [{frozenset(process.cpu_affinity()) for process in tree} for tree in trees]
        assert all(len(cpus) == 1 for cpus in shares)
        first, second = (next(iter(cpus)) for cpus in shares)
        assert first and second and not first & second and first | second <= allowed
        assert "runs on CPUs" in server.log_text()
        assert server.query("ASK { ?s ?p ?o }").json["boolean"] is True


def test_pinning_can_be_turned_off(tmp_path):
    allowed = os.sched_getaffinity(0)
    with serving(protocol_project(tmp_path), "--workers", "2", "--query-workers", "1", "--no-pin-cpus") as server:
        trees = process_trees(psutil.Process(server.process.pid), 3)
        assert len(trees) == 2
        assert {frozenset(process.cpu_affinity()) for tree in trees for process in tree} == {frozenset(allowed)}
