"""Shared fixtures: the built knowledge graph and the source texts."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# The browser tests' fixtures (server, browser): a module that defines its own server overrides it.
pytest_plugins = ["server_fixtures.browser"]
# Markers (registered in pyproject.toml) by module: server starts gunicorn, browser drives Chromium, store needs
# Virtuoso. Every one of those is slow, and so is every test of the whole built graph or of a full build:
# `pytest -m "not slow"` is the inner loop.
MODULE_MARKS = {
    "test_server_clients": ("server",), "test_server_protocol": ("server",), "test_server_reload": ("server",),
    "test_server_replicas": ("server",), "test_server_safety": ("server",), "test_server_streaming": ("server",),
    "test_releases": ("server",), "test_fidelity_standards": ("server",), "test_ui_browser": ("server", "browser"),
    "test_ui_accessibility": ("server", "browser"),
    "test_remote_store": ("server", "store"),
    "test_build_cli": (), "test_ontology": (), "test_shapes": (), "test_intake": (), "test_crosswalks": (),
}
SLOW_FIXTURES = {"kg", "built", "app_server", "app", "client", "seeds_dir"}


def pytest_collection_modifyitems(items):
    for item in items:
        module = item.path.stem
        marks = MODULE_MARKS.get(module)
        for name in marks or ():
            item.add_marker(name)
        if marks is not None or "reliability" in item.path.parts or SLOW_FIXTURES & set(item.fixturenames):
            item.add_marker("slow")
        if "reliability" in item.path.parts:
            item.add_marker("server")


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
def app_server(kg, tmp_path_factory):
    """The app serving the built graph on Flask's test client, for the tests that read it over HTTP.

    Tests where the process matters (sandbox, limits, streaming, signals, replicas) start gunicorn instead
    (server_fixtures.harness.serving).
    """
    from server_fixtures.harness import in_process

    from aistd_kg.build.artifact import write_artifact

    build = tmp_path_factory.mktemp("served") / "build"
    write_artifact(kg, build)
    with in_process(REPO, build_dir=build) as serving:
        yield serving


@pytest.fixture(scope="session")
def app(app_server):
    """The Flask app serving the built graph."""
    return app_server.app


@pytest.fixture
def client(app):
    """Flask's test client of the app."""
    return app.test_client()


@pytest.fixture
def runner():
    """click's runner of the aistd-kg command, in the current folder."""
    from click.testing import CliRunner

    return CliRunner()
