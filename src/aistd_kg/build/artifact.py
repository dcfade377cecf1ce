"""The built artifact on disk: where it is, reading it, writing it atomically.

Apart from the build itself (pipeline.py), so that what only reads a build (the server, the
query and export commands) loads neither the validator nor the reasoner.
"""

from pathlib import Path

from rdflib import Dataset

from ..errors import MissingBuild
from ..files import replacing

ARTIFACT_NAME = "aistd-kg.trig"


def built_artifact(build_dir: Path) -> Path:
    """The artifact of the build folder.

    :raises MissingBuild: there is none.
    """
    artifact = Path(build_dir) / ARTIFACT_NAME
    if not artifact.is_file():
        raise MissingBuild(artifact)
    return artifact


def load_built(build_dir: Path) -> Dataset:
    """The built graph, its default graph the union of the named graphs.

    :raises MissingBuild: there is none.
    """
    dataset = Dataset(default_union=True)
    dataset.parse(built_artifact(build_dir), format="trig")
    return dataset


def write_artifact(dataset: Dataset, folder: Path) -> Path:
    """Write the dataset as TriG, atomically: a reader never sees a half-written file."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ARTIFACT_NAME
    with replacing(target) as temporary:
        dataset.serialize(temporary, format="trig", encoding="utf-8")
    return target
