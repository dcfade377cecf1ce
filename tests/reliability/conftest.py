"""The reliability and security suite: fast parts run with every `make test`, long parts with AISTD_KG_LONG=1.

`make reliability` (python -m tests.reliability.report) runs the whole suite long and
writes REPORT.md from the figures the tests record (AISTD_KG_FIGURES names the JSON file).
"""

import json
import os
from pathlib import Path

import pytest
from server_fixtures.harness import REPO, serving

from aistd_kg.build.artifact import write_artifact

from .scale import FIGURES


@pytest.fixture(scope="session")
def figures():
    """Figures the tests record for the report (a dict of sections), written out at the end."""
    recorded: dict[str, dict] = {"machine": {"cores": os.cpu_count(), "load_average_at_start": os.getloadavg()}}
    yield recorded
    recorded["machine"]["load_average_at_end"] = os.getloadavg()
    if FIGURES:
        Path(FIGURES).write_text(json.dumps(recorded, indent=2, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="session")
def real_build(kg, tmp_path_factory) -> Path:
    """A build folder holding the project's own graph."""
    build = tmp_path_factory.mktemp("reliability") / "build"
    write_artifact(kg, build)
    return build


@pytest.fixture(scope="session")
def real_server(real_build):
    """The server on the real graph: the default workers and threads, a 3 s query limit, a 2 s read timeout."""
    with serving(REPO, "--workers", "2", "--timeout", "3", "--read-timeout", "2", build_dir=real_build) as running:
        yield running
