"""What every response gets: a request id, CORS headers, gzip, JSON errors and one access-log line.

- Request id: the client's ``X-Request-Id`` when it is a short token, else a new one; it is
  echoed in the response and in the log line.
- CORS: ``cors_origins`` is ``*`` (any site may query: the data are public) or a list of
  origins, echoed back when the request's Origin is one of them. Preflight (OPTIONS) is
  answered by Flask's automatic OPTIONS response, to which the headers are added.
- gzip: answers of 1 KiB or more, and streamed answers (compressed chunk by chunk), when
  the client accepts it.
- Protection: ``X-Content-Type-Options: nosniff`` on every response, and on HTML pages a
  Content-Security-Policy that runs only this server's own script files (no inline script,
  no eval, no plugins; inline styles allowed for the widget libraries) and lets no other
  site frame its pages except the reconciliation preview, which reconciliation clients show
  in a frame.
- Errors: werkzeug's HTTP errors (404, 405, 413...) and Refusals get the JSON error body,
  or a page saying the same when a browser asks (Accept prefers HTML to JSON).
- Access log: one JSON object per line on the ``aistd_kg.access`` logger (stderr).
"""

import gzip
import json
import logging
import re
import sys
import time
import uuid
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from flask import Flask, Response, g, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as BaseResponse

from ..query.answers import Answer, Refusal, Streamed
from .answer_cache import Kept
from .settings import Settings

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
GZIP_MINIMUM = 1024
# Inline styles stay allowed: the editor, table and graph libraries add style elements and attributes to their
# widgets. Styles cannot run code; scripts can come only from this server's files.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                           "form-action 'self'")
access_log = logging.getLogger("aistd_kg.access")


def register(app: Flask, settings: Settings) -> None:
    """Install the request hooks and error handlers on the app."""
    _configure(access_log)

    @app.before_request
    def start() -> None:
        g.started = time.perf_counter()
        given = request.headers.get("X-Request-Id", "")
        g.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex

    @app.after_request
    def finish(response: Response) -> Response:
        response.headers["X-Request-Id"] = g.get("request_id", "")
        _protect(response)
        _cors(response, settings.cors_origins)
        _gzip(response)
        access_log.info(json.dumps({
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "request_id": g.get("request_id"), "remote": request.remote_addr, "method": request.method,
            "path": request.path, "status": response.status_code, "bytes": response.content_length,
            "ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1),
            "error": response.headers.get("X-Error"), "agent": request.user_agent.string or None,
        }, ensure_ascii=False))
        return response

    @app.errorhandler(Refusal)
    def refused(refusal: Refusal) -> Response:
        return _error_page(refusal) if wants_page() else respond(refusal.answer())

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> BaseResponse:
        response = error.get_response()
        code = re.sub(r"[^a-z]+", "-", (error.name or "error").lower()).strip("-")
        refusal = Refusal(error.code or 500, code, error.description or error.name)
        if wants_page():
            page = _error_page(refusal)
            response.set_data(page.get_data())
            response.content_type, response.headers["X-Error"] = page.content_type, refusal.code
            return response
        answer = refusal.answer()
        response.set_data(answer.body)
        response.content_type = answer.content_type
        response.headers["X-Error"] = answer.error
        return response


def wants_page() -> bool:
    """Whether the client is a browser: its Accept prefers an HTML page to JSON (curl's */* does not)."""
    return request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html"


def _error_page(refusal: Refusal) -> Response:
    """The error as a page, with its status, code and message."""
    response = Response(render_template("error.html", refusal=refusal), status=refusal.status,
                        content_type="text/html; charset=utf-8")
    response.headers["X-Error"] = refusal.code
    if refusal.retry_after is not None:
        response.headers["Retry-After"] = str(refusal.retry_after)
    return response


def respond(answer: Answer | Streamed) -> Response:
    """A Flask response for an Answer or a stream; an error names its code in X-Error (and the access log)."""
    if isinstance(answer, Streamed):
        return Response(answer.chunks, status=200, content_type=answer.content_type)
    response = Response(answer.body, status=answer.status, content_type=answer.content_type)
    if answer.error:
        response.headers["X-Error"] = answer.error
    if answer.retry_after is not None:
        response.headers["Retry-After"] = str(answer.retry_after)
    return response


def respond_kept(kept: Kept) -> Response:
    """The response for a kept answer: its compressed body when the client accepts gzip (see _gzip)."""
    response = respond(kept.answer)
    response.vary.add("Accept-Encoding")
    if kept.gzipped is not None and "gzip" in request.accept_encodings:
        response.set_data(kept.gzipped)
        response.headers["Content-Encoding"] = "gzip"
    return response


def _protect(response: Response) -> None:
    """nosniff on every response; on pages a policy that runs only this server's scripts and styles."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    if response.mimetype == "text/html":
        framing = "*" if request.blueprint == "reconcile" else "'self'"  # previews are shown in other sites' frames
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY + f"; frame-ancestors {framing}"


def _cors(response: Response, origins: tuple[str, ...]) -> None:
    origin = request.headers.get("Origin")
    if "*" in origins:
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif origin in origins:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.vary.add("Origin")
    else:
        return
    response.headers["Access-Control-Expose-Headers"] = "X-Request-Id, X-Error"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = request.headers.get(
            "Access-Control-Request-Headers", "Accept, Content-Type, X-Request-Id")
        response.headers["Access-Control-Max-Age"] = "86400"


def _gzip(response: Response) -> None:
    if response.direct_passthrough or "Content-Encoding" in response.headers:
        return
    response.vary.add("Accept-Encoding")
    if "gzip" not in request.accept_encodings:
        return
    if response.is_streamed:
        response.response = _gzip_chunks(response.response)
    elif (response.content_length or 0) >= GZIP_MINIMUM:
        response.set_data(gzip.compress(response.get_data(), compresslevel=5))
    else:
        return
    response.headers["Content-Encoding"] = "gzip"


def _gzip_chunks(chunks: Iterable) -> Iterator[bytes]:
    """The chunks gzip-compressed as they come."""
    compressor = zlib.compressobj(5, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    for chunk in chunks:
        if compressed := compressor.compress(chunk):
            yield compressed
    yield compressor.flush()


def _configure(logger: logging.Logger) -> None:
    """Send the access log to stderr as bare lines, once."""
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
