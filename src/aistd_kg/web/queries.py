"""The named queries of queries/*.rq as an API: /queries lists them, /queries/<name> runs one.

Parameters come from the URL (``?part=https://…``), are checked against the kind the query
header declares and bound as RDF terms; a parameter left out takes its default. The
``format`` parameter and Accept choose the answer's format as on /sparql. The files are
read again only when the folder's listing or a file's size or modification time changes,
so a new or edited query is served without a restart. The folder is looked at no more
than once every ``RESCAN_SECONDS`` per server process: a ``stat`` of every file on every
request took a quarter of a lookup's time in the server.
"""

import os
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from rdflib import URIRef

from ..build.loading import Layout
from ..query.answers import Refusal
from ..query.formats import HTML, JSON, TABULAR, not_acceptable
from ..query.named_queries import NamedQuery, ParameterError, load_queries
from .labels import labelled
from .negotiation import choose
from .service import current_service

bp = Blueprint("queries", __name__, url_prefix="/queries")


@bp.route("")
def index():
    """List the queries with their titles, descriptions and parameters (JSON, or HTML for browsers)."""
    listing = [_entry(query) for query in served_queries().values()]
    chosen = choose((JSON, HTML), request.headers.get("Accept"), request.args.get("format"))
    if chosen is None:
        raise not_acceptable((JSON, HTML))
    response = render_template("queries/list.html", queries=listing) if chosen is HTML else jsonify(queries=listing)
    return response, 200, {"Vary": "Accept"}


@bp.route("/<name>")
def run(name: str):
    """Run one query with the parameters given in the URL; a browser (or format=html) gets the answer as a table."""
    query = served_queries().get(name)
    if query is None:
        raise Refusal(404, "unknown-query", f"no query named {name!r}; the queries are listed at /queries")
    values = {key: value for key, value in request.args.items() if key not in ("format", "lang")}
    try:
        bindings = query.terms(values)
    except ParameterError as error:
        raise Refusal(400, "bad-parameter", str(error)) from None
    if choose(TABULAR + (HTML,), request.headers.get("Accept"), request.args.get("format")) is HTML:
        return _table(query, values, bindings)
    return current_service().answer(query.text, bindings=bindings)


def _table(query: NamedQuery, values: dict[str, str], bindings: dict) -> Response:
    """The answer as a page: the rows (at most SHOWN_ROWS), the parameters to change, links to download it."""
    header, rows = current_service().table(query.text, bindings)
    total, rows = len(rows), rows[:SHOWN_ROWS]
    view = labelled({URIRef(cell["value"]) for row in rows for cell in row if cell and cell["type"] == "uri"})
    given = {p.name: values.get(p.name, p.default) for p in query.parameters}
    page = url_for(".run", name=query.name)
    downloads = {name: f"{page}?{urlencode({**given, 'format': name})}" for name in ("csv", "tsv", "json", "xml")}
    body = render_template("queries/answer.html", query=query, header=header, rows=rows, total=total, view=view,
                           given=given, downloads=downloads, uri=URIRef)
    response = Response(body, content_type="text/html; charset=utf-8")
    response.vary.add("Accept")
    return response


RESCAN_SECONDS = 1.0
SHOWN_ROWS = 1000  # rows a page shows; the downloads have them all


def served_queries() -> dict[str, NamedQuery]:
    """The served project's named queries, read again only when a file changes."""
    folder = Layout(current_service().settings.root).queries_dir
    cached = _loaded.get(folder)
    if cached is not None and time.monotonic() - cached.scanned < RESCAN_SECONDS:
        return cached.queries
    signature = _signature(folder)
    if cached is None or cached.signature != signature:
        cached = _loaded[folder] = _Loaded(signature, load_queries(folder))
    cached.scanned = time.monotonic()
    return cached.queries


@dataclass
class _Loaded:
    """The queries read from a folder, what its listing looked like, and when it was last looked at."""

    signature: frozenset
    queries: dict[str, NamedQuery]
    scanned: float = 0.0


_loaded: dict[Path, _Loaded] = {}


def _signature(folder: Path) -> frozenset:
    """What changes when a query file is added, removed or edited (nothing to read: no folder)."""
    if not folder.is_dir():
        return frozenset()
    with os.scandir(folder) as entries:
        stats = ((entry.name, entry.stat()) for entry in entries if entry.name.endswith(".rq"))
        return frozenset((name, stat.st_mtime_ns, stat.st_size) for name, stat in stats)


def _entry(query: NamedQuery) -> dict:
    return {
        "name": query.name, "title": query.title, "description": query.description,
        "title_zh": query.title_in("zh"), "description_zh": query.description_in("zh"),
        "parameters": [{"name": p.name, "kind": p.kind, "default": p.default, "label_zh": p.label("zh")}
                       for p in query.parameters],
        "url": url_for(".run", name=query.name, _external=True), "sparql": query.text,
    }
