"""The SPARQL server: a Flask app over a pool of confined pyoxigraph query workers.

Engine choice: queries run on pyoxigraph (10-100x faster than rdflib's SPARQL here) over an
on-disk store loaded from the validated artifact (store.py); rdflib stays the parser that
guards every query (guard.py) and the tool of build, validation and export. The default
graph is the union of the named graphs, one per data file
(https://w3id.org/aistd-kg/graph/<file stem>).

Request path: protocol.py reads the request, service.py negotiates and hands a Job to the
pool (pool.py), a worker process (engine.py, confined by sandbox.py) guards, runs and
serializes it within the time, memory and size limits, and http.py adds the request id,
CORS, gzip and the access-log line. runner.py serves the app with gunicorn.

ui.py serves the web interface's pages (scripts and styles built from web/ into static/dist),
in the language language.py chooses.
"""

import atexit

from flask import Flask

from . import dataset, health, http, queries, reconcile, resources, search, sparql, ui
from .pool import Pool
from .service import QueryService
from .settings import Settings


def create_app(settings: Settings | None = None) -> Flask:
    """Create the app; settings default to the config file and AISTD_KG_* variables."""
    settings = settings or Settings.load()
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=settings.max_body_bytes, MAX_FORM_MEMORY_SIZE=settings.max_body_bytes)
    app.json.ensure_ascii = False
    app.extensions["aistd_kg"] = _service(settings)
    http.register(app, settings)
    for blueprint in (sparql.bp, queries.bp, health.bp, resources.bp, search.bp, reconcile.bp, dataset.bp, ui.bp):
        app.register_blueprint(blueprint)
    return app


def _service(settings: Settings) -> QueryService:
    """Queries run on local confined workers, or are forwarded to an external store (remote/forward.py)."""
    if settings.remote:
        from ..remote.forward import RemoteQueryService, RemoteStore

        return RemoteQueryService(settings, RemoteStore(settings.store, settings.timeout))
    pool = Pool(settings.threads, settings.timeout, settings.memory_mb)
    atexit.register(pool.close)
    return QueryService(settings, pool)
