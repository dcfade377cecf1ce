"""Write a dated, versioned release of the validated graph, described by VoID / DCAT, with its changelog.

``releases/<VERSION>/`` holds the files of ARTIFACTS and ``void.ttl``, their description:
the dataset's figures, languages, sources and licence (void.py), the version, the date, and
for each file its media type, size and SHA-256. ``CHANGES.md`` and ``changes.json`` are the
diff against the previous release (diff.py), the data changelog.

``void.ttl`` writes the release's own IRIs relative to its folder, without ``@base``: the
release is ``<void.ttl#dataset>``, each file ``<its name>``, the previous release
``<../PREVIOUS/void.ttl#dataset>``. They resolve wherever the release folders are published
side by side, and to the files themselves when read from disk. The release is a version
(``dcat:hasVersion``) of https://w3id.org/aistd-kg/dataset.

A release is written into a staging folder beside its target and renamed into place: a
failed release leaves nothing, and an existing release is never replaced.
"""

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import semver
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, VOID, XSD

from ..build.pipeline import BuildResult
from ..errors import InputError
from . import diff, export, void

VOID_FILE = "void.ttl"
IANA = "https://www.iana.org/assignments/media-types/"
PLACEHOLDER = "https://releases.invalid/"  # stands for the folder of releases while void.ttl is written


@dataclass(frozen=True)
class Artifact:
    """A file of a release: its name, media type, what it is, and whether it is an RDF dump of the whole dataset."""

    name: str
    media_type: str
    title: str
    dump: bool = False


ARTIFACTS = (
    Artifact("aistd-kg.ttl", "text/turtle", "The union of all graphs, in Turtle", dump=True),
    Artifact(diff.RELEASE_GRAPHS, "application/n-quads",
             "Every named graph (one per data file, the ontology, the vocabularies, the derived triples), in N-Quads",
             dump=True),
    Artifact("aistd-kg.jsonld", "application/ld+json", "The union of all graphs as JSON-LD, compacted with the "
             "published context", dump=True),
    Artifact("crosswalks.sssom.tsv", "text/tab-separated-values", "The crosswalk mappings, as SSSOM TSV"),
    Artifact("validation-report.ttl", "text/turtle", "The SHACL validation report of this release"),
    Artifact("CHANGES.md", "text/markdown", "Changes since the previous release"),
    Artifact("changes.json", "application/json", "Changes since the previous release, as JSON"),
)
EXPORTS = {  # file -> export format
    "aistd-kg.ttl": "ttl", diff.RELEASE_GRAPHS: "nq", "aistd-kg.jsonld": "jsonld", "crosswalks.sssom.tsv": "sssom"}


class ReleaseError(InputError):
    """A release that cannot be made: a version that is not SemVer, an existing release, a missing previous one."""


def check_version(version: str) -> semver.Version:
    """The version, if it is a Semantic Versioning 2.0.0 version (1.2.3, 1.2.3-rc.1)."""
    try:
        return semver.Version.parse(version)
    except ValueError:
        raise ReleaseError(f"{version!r} is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.0.0)") from None


def previous_release(out: Path, version: str, previous: str) -> Path | None:
    """The release to compare with: a folder, 'auto' (the highest lower version in out) or 'none'."""
    if previous == "none":
        return None
    if previous != "auto":
        folder = Path(previous)
        if not (folder / diff.RELEASE_GRAPHS).is_file():
            raise ReleaseError(f"{folder} is not a release folder (it has no {diff.RELEASE_GRAPHS})")
        return folder
    current = check_version(version)
    earlier = [(semver.Version.parse(f.name), f) for f in out.glob("*")
               if semver.Version.is_valid(f.name) and (f / diff.RELEASE_GRAPHS).is_file()]
    earlier = [(v, f) for v, f in earlier if v < current]
    return max(earlier)[1] if earlier else None


def prepare(out: Path, version: str, previous: str) -> Path | None:
    """Check what can be checked before building; return the previous release folder.

    :raises ReleaseError: a bad version, an existing release, a previous release that is not one.
    """
    check_version(version)
    _refuse_existing(out / version)
    return previous_release(out, version, previous)


def _refuse_existing(target: Path) -> None:
    if target.exists():
        raise ReleaseError(f"{target} exists: a release is never overwritten; choose a new version")


def write_release(result: BuildResult, root: Path, version: str, out: Path, previous: Path | None,
                  issued: date | None = None) -> Path:
    """Write the release of a valid build into out/version, atomically.

    :raises ReleaseError: the build is not valid, the version is not SemVer, or the release exists.
    """
    if not result.ok or result.report is None:
        raise ReleaseError("only a valid build with its validation report can be released")
    check_version(version)
    target = out / version
    _refuse_existing(target)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out, prefix=f".staging-{version}-"))
    staging.chmod(0o755)  # a published folder, readable by all (mkdtemp makes it private)
    try:
        for name, fmt in EXPORTS.items():
            (staging / name).write_bytes(export.serialize(result.dataset, fmt, root))
        (staging / "validation-report.ttl").write_bytes(result.report.serialize(format="turtle", encoding="utf-8"))
        _write_changes(staging, version, previous)
        description = _describe(staging, version, previous, issued or datetime.now(UTC).date())
        (staging / VOID_FILE).write_bytes(relative_turtle(description, PLACEHOLDER + version + "/"))
        os.rename(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _write_changes(folder: Path, version: str, previous: Path | None) -> None:
    """CHANGES.md and changes.json: the diff of the release in folder against the previous one."""
    if previous is None:
        report = diff.Report(None, version, [])
        markdown = f"# aistd-kg {version}\n\nNo earlier release to compare with.\n"
    else:
        old, new = diff.load(previous), diff.load(folder, name=version)
        report = diff.compare(old, new)
        markdown = diff.to_markdown(report, old, new)
    (folder / "CHANGES.md").write_text(markdown, encoding="utf-8")
    (folder / "changes.json").write_text(diff.dumps(diff.to_json(report)), encoding="utf-8")


def _describe(folder: Path, version: str, previous: Path | None, issued: date) -> Graph:
    """The VoID / DCAT description of the release in folder, its IRIs under the placeholder."""
    base = PLACEHOLDER + version + "/"
    release = URIRef(base + VOID_FILE + "#dataset")
    graph = void.describe(void.in_memory((folder / diff.RELEASE_GRAPHS).read_bytes()), release)
    graph.add((URIRef(base + VOID_FILE), RDF.type, VOID.DatasetDescription))
    graph.add((URIRef(base + VOID_FILE), FOAF.primaryTopic, release))
    graph.add((void.DATASET, void.DCAT3.hasVersion, release))
    graph.add((release, void.DCAT3.version, Literal(version)))
    graph.add((release, OWL.versionInfo, Literal(version)))
    graph.add((release, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
    if previous is not None:
        earlier = URIRef(f"{PLACEHOLDER}{previous.name}/{VOID_FILE}#dataset")
        graph.add((release, void.DCAT3.previousVersion, earlier))
    for artifact in ARTIFACTS:
        path, distribution = folder / artifact.name, URIRef(base + artifact.name)
        graph.add((release, DCAT.distribution, distribution))
        if artifact.dump:
            graph.add((release, VOID.dataDump, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(artifact.title, lang="en")))
        graph.add((distribution, DCAT.downloadURL, distribution))
        graph.add((distribution, DCAT.mediaType, URIRef(IANA + artifact.media_type)))
        graph.add((distribution, DCAT.byteSize, Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger)))
        checksum = BNode()
        graph.add((distribution, void.SPDX.checksum, checksum))
        graph.add((checksum, RDF.type, void.SPDX.Checksum))
        graph.add((checksum, void.SPDX.algorithm, void.SPDX.checksumAlgorithm_sha256))
        with open(path, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        graph.add((checksum, void.SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))
    return graph


def relative_turtle(graph: Graph, base: str) -> bytes:
    """Turtle with the IRIs under the placeholder written relative to base, the folder of the file (no @base)."""
    text = graph.serialize(format="turtle")
    return text.replace(f"<{base}", "<").replace(f"<{PLACEHOLDER}", "<../").encode("utf-8")

