"""Shared fixtures: the built knowledge graph and the source texts."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built():
    """The result of building the project's own ontology and data."""
    from aistd_kg.build.pipeline import build_dataset

    return build_dataset(REPO)


@pytest.fixture(scope="session")
def kg(built):
    """The built graph as an rdflib Dataset whose default graph is the union."""
    return built.dataset


@pytest.fixture(scope="session")
def seeds_dir():
    """The folder of source texts; tests that read it are skipped when it is absent."""
    folder = Path(os.environ.get("AISTD_SEEDS", REPO.parent / "shared" / "seeds"))
    if not folder.is_dir():
        pytest.skip(f"source texts not found at {folder} (set AISTD_SEEDS to their folder)")
    return folder


@pytest.fixture(scope="session")
def real_server(kg, tmp_path_factory):
    """The server (a real process) on the built graph, for the tests that read it over HTTP."""
    from server_fixtures.harness import serving

    from aistd_kg.build.pipeline import write_artifact

    build = tmp_path_factory.mktemp("real") / "build"
    write_artifact(kg, build)
    with serving(REPO, build_dir=build) as running:
        yield running
