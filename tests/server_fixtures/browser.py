"""What the browser tests share: Debian's chromium, driven by Playwright, and the real server
(harness.py) on the project's own data (loaded and derived, not validated); the fixtures
``server`` and ``browser`` (a plugin of tests/conftest.py), one of each per test module."""

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from aistd_kg.build.artifact import write_artifact
from aistd_kg.build.derive import apply_rules
from aistd_kg.build.loading import Layout, load_dataset

from .harness import REPO, serving

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DIST = REPO / "src" / "aistd_kg" / "web" / "static" / "dist"
# Without the network-related switches chromium stalls on a machine without internet access.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def skip_unless_ready() -> None:
    """Skip the calling test module, saying why, when chromium, the built front end or Playwright is missing."""
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"Debian's chromium is not installed ({CHROMIUM}): `make test` installs it",
                    allow_module_level=True)
    if not (DIST / "query.js").is_file():
        pytest.skip(f"the front end is not built ({DIST}): run `make web`", allow_module_level=True)
    pytest.importorskip("playwright.sync_api")


@contextmanager
def project_server(folder: Path):
    """The server (gunicorn) on the project's ontology and data, written to folder/build."""
    layout = Layout(REPO)
    dataset = load_dataset(layout.ontology_files + layout.data_files)
    apply_rules(dataset, layout.rules_dir)
    build = folder / "build"
    write_artifact(dataset, build)
    with serving(REPO, build_dir=build) as running:
        yield running


@contextmanager
def chromium():
    """Chromium, launched headless."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The server on the project's data, for the tests of one module."""
    with project_server(tmp_path_factory.mktemp("ui")) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    """Chromium, for the tests of one module."""
    with chromium() as launched:
        yield launched
