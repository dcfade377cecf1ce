"""/healthz: whether the server has data to serve and query workers to run queries."""

from flask import Blueprint, jsonify

from .service import current_service

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    """200 with what is served; 503 (from the service) when nothing is published."""
    service = current_service()
    served = service.manifest()
    return jsonify(
        status="ok", store=service.store_name(), artifact_sha256=served["sha256"], published=served["published"],
        triples=served["triples"],
        graphs=len(served["graphs"]), query_workers=service.backend.alive, workers_offline=service.backend.offline,
    )
