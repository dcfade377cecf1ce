"""Load the validated artifact into an external store with the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph of the artifact is sent with one ``PUT <gsp>?graph=<name>`` as N-Triples:
the protocol defines PUT as replacing the graph's content with the request's, so each
graph changes in one request (whether readers can see it half-replaced is the store's
transaction model; the tests show Virtuoso's readers see the old graph or the new one).
Then the union of all graphs is sent as one more graph (manifest.DEFAULT_GRAPH), which a
server on the store uses as its default graph; graphs the previous publication had and
this one has not are deleted; the manifest graph is written last, so a server reading it
finds every graph it names already loaded.

Why a union graph: the protocol scopes blank nodes to one request, so a blank node two
graphs share (a citation in a data file, typed prov:Derivation in the derived graph) is
two nodes across the named graphs, but one in the union; and Virtuoso 7.2 answers
property paths with ``*`` or ``+`` wrongly over a default graph merged from several graphs.
"""

import io
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import pyoxigraph
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from . import manifest
from .local import StoreError, census, file_digest, modified_time

NTRIPLES = "application/n-triples"
TIMEOUT = 600  # seconds for one graph's request
SCHEMES = {"basic": HTTPBasicAuth, "digest": HTTPDigestAuth}


def credentials(user: str | None, password: str | None, scheme: str = "basic") -> AuthBase | None:
    """The requests authentication for a user (None without one)."""
    return SCHEMES[scheme](user, password or "") if user else None


def publish(artifact: Path, gsp: str, auth: AuthBase | None = None) -> dict:
    """Replace every named graph of the artifact in the store at gsp, then its manifest; return the manifest.

    :raises StoreError: the store cannot be reached or refuses a request.
    """
    store = pyoxigraph.Store()
    store.bulk_load(path=str(artifact), format=pyoxigraph.RdfFormat.TRIG)
    graphs, triples = census(store)
    with requests.Session() as session:
        session.auth = auth
        previous = _previous(session, gsp)
        for name in graphs:
            quads = store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(name))
            _send(session, "PUT", gsp, name, _ntriples(quad.triple for quad in quads))
        _send(session, "PUT", gsp, manifest.DEFAULT_GRAPH, _ntriples({quad.triple for quad in store}))
        for stale in sorted(set(previous) - set(graphs)):
            _send(session, "DELETE", gsp, stale, missing_ok=True)  # gone already: an earlier publication stopped midway
        described = {
            "sha256": file_digest(artifact), "built": modified_time(artifact), "aistd_kg": version("aistd-kg"),
            "published": datetime.now(UTC).isoformat(timespec="seconds"), "triples": triples, "graphs": graphs,
        }
        _send(session, "PUT", gsp, manifest.GRAPH, manifest.to_ntriples(described))
    return {"artifact": gsp, **described}


def _previous(session: requests.Session, gsp: str) -> dict:
    """The graphs the store's current manifest names (none before the first publication)."""
    response = _send(session, "GET", gsp, manifest.GRAPH, missing_ok=True)
    if response.status_code == 404 or not response.content.strip():
        return {}
    try:
        return manifest.from_turtle(response.content, gsp)["graphs"]
    except (ValueError, SyntaxError) as error:
        raise StoreError(f"{gsp}: the store's manifest graph <{manifest.GRAPH}> is unreadable: {error}") from None


def _send(session: requests.Session, method: str, gsp: str, graph: str, body: bytes | None = None,
          missing_ok: bool = False) -> requests.Response:
    headers = {"Content-Type": NTRIPLES} if body is not None else {"Accept": NTRIPLES} if method == "GET" else {}
    try:
        response = session.request(method, gsp, params={"graph": graph}, data=body, headers=headers, timeout=TIMEOUT)
    except requests.RequestException as error:
        raise StoreError(f"{gsp}: cannot {method} graph <{graph}>: {error}") from None
    if response.ok or (missing_ok and response.status_code == 404):
        return response
    raise StoreError(f"{gsp}: {method} graph <{graph}> answered {response.status_code} {response.reason}: "
                     f"{' '.join(response.text.split())[:300]}")


def _ntriples(triples) -> bytes:
    output = io.BytesIO()
    pyoxigraph.serialize(triples, output, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return output.getvalue()
