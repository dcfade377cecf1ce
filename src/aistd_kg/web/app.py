"""Create the Flask app: the blueprints of every route over the query service of the settings."""

import atexit

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from ..query.pool import Pool
from ..store.remote import RemoteStore
from . import advisor, assets, compliance, dataset, feeds, health, http, lists, queries, reconcile, resources, search, sparql, ui
from .body import ReadBody
from .host import PublicHost
from .service import EXTENSION, QueryService, RemoteQueryService
from .settings import Settings


def create_app(settings: Settings | None = None) -> Flask:
    """Create the app; settings default to the config file and AISTD_KG_* variables."""
    settings = settings or Settings.load()
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=settings.max_body_bytes, MAX_FORM_MEMORY_SIZE=settings.max_body_bytes)
    if isinstance(app.json, DefaultJSONProvider):
        app.json.ensure_ascii = False
    app.extensions[EXTENSION] = _service(settings)
    http.register(app, settings)
    assets.register(app)  # after http: its after_request runs first and compresses static files itself
    for blueprint in (sparql.bp, queries.bp, health.bp, resources.bp, search.bp, reconcile.bp, dataset.bp, feeds.bp, ui.bp,
                      advisor.bp, compliance.bp, lists.bp):
        app.register_blueprint(blueprint)
    body = ReadBody(app.wsgi_app, settings.max_body_bytes, settings.read_timeout)
    app.wsgi_app = PublicHost(body, settings.public_base_url, settings.allowed_hosts)  # type: ignore[method-assign]
    return app


def _service(settings: Settings) -> QueryService:
    """Queries run on local confined workers, or are forwarded to an external store (store/remote.py)."""
    if settings.remote:
        return RemoteQueryService(settings, RemoteStore(settings.store, settings.timeout))
    pool = Pool(settings.query_workers, settings.timeout, settings.memory_mb, settings.queue)
    atexit.register(pool.close)
    return QueryService(settings, pool)
