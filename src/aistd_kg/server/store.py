"""Publish the built artifact as an on-disk pyoxigraph store, and find the one being served.

Layout under the build folder::

    build/aistd-kg.trig          the validated artifact (written by `aistd-kg build`)
    build/store/<digest>/        one RocksDB store per artifact content, with manifest.json
    build/store/current          symlink to the store being served

A store is loaded once per artifact content (the folder is named by the artifact's SHA-256),
so restarting the server does not parse anything. Publishing loads into a staging folder,
renames it into place, then swaps the ``current`` symlink with one ``rename``: a reader
sees the old store or the new one, never a half-loaded one. Query workers open stores
read-only and resolve ``current`` per request, so a new store is served from the next
request on. The newest few stores are kept, because a worker may still be reading an
older one while it finishes a query.
"""

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import pyoxigraph

STORES = "store"
CURRENT = "current"
MANIFEST = "manifest.json"
KEEP = 3


def stores_dir(build_dir: Path) -> Path:
    """The folder of published stores inside a build folder."""
    return Path(build_dir) / STORES


def publish(artifact: Path, stores: Path) -> Path:
    """Make the store for this artifact current, loading it first unless it already exists."""
    stores.mkdir(parents=True, exist_ok=True)
    digest = _digest(artifact)
    target = stores / digest[:16]
    with _locked(stores):
        if not (target / MANIFEST).is_file():
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


def _load(artifact: Path, digest: str, stores: Path, target: Path) -> None:
    staging = Path(tempfile.mkdtemp(dir=stores, prefix=".staging-"))
    try:
        store = pyoxigraph.Store(str(staging))
        store.bulk_load(path=str(artifact), format=pyoxigraph.RdfFormat.TRIG)
        counts = store.query("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        graphs = {solution["g"].value: int(solution["n"].value) for solution in counts}
        triples = int(next(iter(store.query(
            "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }",
        )))["n"].value)
        store.flush()
        del store
        (staging / MANIFEST).write_text(json.dumps({
            "artifact": str(artifact), "sha256": digest, "triples": triples, "graphs": dict(sorted(graphs.items())),
            "published": datetime.now(UTC).isoformat(timespec="seconds"),
        }, indent=2), encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        os.rename(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _prune(stores: Path, keep: Path) -> None:
    """Remove staging leftovers and all but the newest stores (never the current one)."""
    for leftover in stores.glob(".staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    published = sorted((p for p in stores.iterdir() if (p / MANIFEST).is_file()), key=lambda p: p.stat().st_mtime)
    for old in [p for p in published if p != keep][: max(0, len(published) - KEEP)]:
        shutil.rmtree(old, ignore_errors=True)


def _digest(path: Path) -> str:
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
