"""Publish the built artifact as an on-disk pyoxigraph store, and find the one being served.

Layout under the build folder::

    build/aistd-kg.trig          the validated artifact (written by `aistd-kg build`)
    build/store/<digest>/        one RocksDB store per artifact content, with manifest.json
                                 and search.sqlite, its search index (linking/search_index.py)
    build/store/current          symlink to the store being served

A store is loaded once per artifact content (the folder is named by the artifact's SHA-256),
so restarting the server does not parse anything. Publishing loads into a staging folder,
renames it into place, then swaps the ``current`` symlink with one ``rename``: a reader
sees the old store or the new one, never a half-loaded one. Query workers open stores
read-only and resolve ``current`` per request, so a new store is served from the next
request on. The newest few stores are kept, because a worker may still be reading an
older one while it finishes a query.

A published store folder is also the artifact that replicas serve (``aistd-kg serve
--store FOLDER``): its manifest names the format, the engine version, the artifact's
SHA-256 and the SHA-256 of every file in the folder, with one checksum over them all.
verify() recomputes them, so a replica refuses a copy that is corrupt, incomplete or made
by an incompatible version before it serves anything.
"""

import fcntl
import hashlib
import json
import multiprocessing
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import pyoxigraph

from ..errors import InputError
from ..linking import search_index

STORES = "store"
CURRENT = "current"
MANIFEST = "manifest.json"
KEEP = 3
FORMAT = 2  # 2: the manifest lists every file with its SHA-256


class StoreError(InputError):
    """A store that cannot be served: missing, unreadable, corrupt, or made by an incompatible version."""


def stores_dir(build_dir: Path) -> Path:
    """The folder of published stores inside a build folder."""
    return Path(build_dir) / STORES


def publish(artifact: Path, stores: Path, isolated: bool = False) -> Path:
    """Make the store for this artifact current, loading it first unless it already exists.

    isolated: load in a child process, so that this one never opens RocksDB (the server's
    gunicorn master, which forks its workers afterwards). Only a load needs one; finding
    the store already published costs a hash of the artifact and a symlink.
    """
    stores.mkdir(parents=True, exist_ok=True)
    digest = file_digest(artifact)
    target = stores / digest[:16]
    with _locked(stores):
        if _format(target) != FORMAT or not search_index.is_current(target / search_index.FILE):
            if isolated:
                with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as child:
                    child.submit(_load, artifact, digest, stores, target).result()
                manifest.cache_clear()
            else:
                _load(artifact, digest, stores, target)
        link = stores / f".{CURRENT}.tmp"
        if link.is_symlink():
            link.unlink()
        link.symlink_to(target.name)
        os.replace(link, stores / CURRENT)
        _prune(stores, target)
    return target


def current(stores: Path) -> Path | None:
    """The store being served, or None before the first publication."""
    link = stores / CURRENT
    return stores / os.readlink(link) if link.is_symlink() else None


@lru_cache(maxsize=8)
def manifest(store: Path) -> dict:
    """What a store holds: the artifact digest, triples per named graph, when it was published."""
    return json.loads((store / MANIFEST).read_text(encoding="utf-8"))


def verify(store: Path) -> dict:
    """Check a published store against its manifest before serving it; return the manifest.

    :raises StoreError: no such folder, no readable manifest, another format or engine version, or a file
        missing, changed or added since publication.
    """
    if not store.is_dir():
        raise StoreError(f"{store}: no such store folder")
    try:
        described = json.loads((store / MANIFEST).read_text(encoding="utf-8"))
        listed, checksum = described["files"], described["checksum"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise StoreError(f"{store}: no readable {MANIFEST} with file checksums ({error}); "
                         "publish the store again") from None
    if described.get("format") != FORMAT:
        raise StoreError(f"{store}: store format {described.get('format')} is not the format {FORMAT} this "
                         "server reads; publish it again with this version")
    if _minor(described.get("pyoxigraph", "")) != _minor(pyoxigraph.__version__):
        raise StoreError(f"{store}: written by pyoxigraph {described.get('pyoxigraph')}, this server runs "
                         f"{pyoxigraph.__version__}; publish it again with this version")
    found = _files(store)
    problems = [f"{name} is missing" for name in sorted(set(listed) - set(found))]
    problems += [f"{name} is not in the manifest" for name in sorted(set(found) - set(listed))]
    both = sorted(set(listed) & set(found))
    with ThreadPoolExecutor(os.cpu_count()) as hashing:  # hashlib releases the GIL: the files hash in parallel
        digests = dict(zip(both, hashing.map(_safe_digest, (store / name for name in both)), strict=False))
    problems += [f"{name} does not match its checksum" for name in both if digests[name] != listed[name]]
    if problems or _checksum(listed) != checksum:
        found_wrong = "; ".join(problems) or "the manifest checksum is wrong"
        raise StoreError(f"{store}: corrupt or altered store: {found_wrong}")
    return described


def census(store: pyoxigraph.Store) -> tuple[dict[str, int], int]:
    """Triples per named graph, and distinct triples in all of them."""
    counts = store.query("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    graphs = {solution["g"].value: int(solution["n"].value) for solution in counts}
    triples = int(next(iter(store.query(
        "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }",
    )))["n"].value)
    return dict(sorted(graphs.items())), triples


def _load(artifact: Path, digest: str, stores: Path, target: Path) -> None:
    staging = Path(tempfile.mkdtemp(dir=stores, prefix=".staging-"))
    try:
        store = pyoxigraph.Store(str(staging))
        store.bulk_load(path=str(artifact), format=pyoxigraph.RdfFormat.TRIG)
        graphs, triples = census(store)
        store.flush()
        search_index.build(store, staging / search_index.FILE)
        del store
        files = {name: file_digest(staging / name) for name in _files(staging)}
        (staging / MANIFEST).write_text(json.dumps({
            "format": FORMAT, "aistd_kg": version("aistd-kg"), "pyoxigraph": pyoxigraph.__version__,
            "artifact": str(artifact), "sha256": digest, "built": modified_time(artifact),
            "triples": triples, "graphs": graphs,
            "published": datetime.now(UTC).isoformat(timespec="seconds"),
            "checksum": _checksum(files), "files": files,
        }, indent=2), encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        os.rename(staging, target)
        manifest.cache_clear()
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _prune(stores: Path, keep: Path) -> None:
    """Remove staging leftovers and all but the newest stores (never the current one)."""
    for leftover in stores.glob(".staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    published = sorted((p for p in stores.iterdir() if (p / MANIFEST).is_file()), key=lambda p: p.stat().st_mtime)
    for old in [p for p in published if p != keep][: max(0, len(published) - KEEP)]:
        shutil.rmtree(old, ignore_errors=True)


def _format(store: Path) -> int | None:
    """The manifest format of a published store; None when there is none."""
    try:
        return json.loads((store / MANIFEST).read_text(encoding="utf-8")).get("format")
    except (OSError, ValueError):
        return None


def _files(store: Path) -> list[str]:
    """The store's own files (all but the manifest)."""
    return sorted(p.name for p in store.iterdir() if p.name != MANIFEST)


def _checksum(files: dict[str, str]) -> str:
    """One SHA-256 over the names and digests of the files."""
    return hashlib.sha256("".join(f"{name} {files[name]}\n" for name in sorted(files)).encode()).hexdigest()


def _minor(text: str) -> str:
    return ".".join(text.split(".")[:2])


def modified_time(path: Path) -> str:
    """When the file was last written, in UTC (ISO 8601)."""
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")


def _safe_digest(path: Path) -> str | None:
    try:
        return file_digest(path)
    except OSError:
        return None


def file_digest(path: Path) -> str:
    """The file's SHA-256, in hex."""
    hasher = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


@contextmanager
def _locked(stores: Path):
    """One publication at a time (a SIGHUP reload and `aistd-kg reload` may overlap)."""
    with open(stores / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
