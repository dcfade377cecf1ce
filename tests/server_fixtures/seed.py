"""The project's own data as a build artifact: loaded and derived, not validated (validation has its own tests)."""

from pathlib import Path

from aistd_kg.build.artifact import write_artifact
from aistd_kg.build.derive import apply_rules
from aistd_kg.build.loading import Layout, load_dataset

from .harness import REPO


def write_seed_build(build_dir: Path) -> Path:
    """Write the artifact of the project's data into build_dir; return its path."""
    layout = Layout(REPO)
    dataset = load_dataset(layout.ontology_files + layout.data_files)
    apply_rules(dataset, layout.rules_dir)
    return write_artifact(dataset, build_dir)
