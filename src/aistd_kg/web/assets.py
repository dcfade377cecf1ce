"""The interface's static files (scripts, styles), versioned by content, cached for good and sent compressed.

- Every link to a static file the server writes (``url_for('static', …)``) carries the first
  12 hex digits of the file's SHA-256 as ``?v=``. A request whose ``v`` is the file's
  current digest is answered with ``Cache-Control: public, max-age=31536000, immutable``,
  so a browser asks again only when a new build changes the file, and with it the link;
  any other request gets ``no-cache`` (revalidated with the ETag). The chunks that the
  bundler splits off carry a content hash in their names already.
- A text file (script, style, map, SVG, JSON) of 1 KiB or more goes gzip-compressed to a
  client that accepts it, unless a byte range is asked for. The digest and compressed bytes
  are computed once per file and modification time and kept in memory (the static folder
  holds a few MB).
"""

import gzip
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, request

IMMUTABLE = "public, max-age=31536000, immutable"
COMPRESSIBLE = (".js", ".css", ".map", ".svg", ".json", ".txt")
GZIP_MINIMUM = 1024


def register(app: Flask) -> None:
    """Version the app's static links and cache and compress its static answers."""
    folder = Path(app.static_folder or "")

    @app.url_defaults
    def versioned(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            path = folder / values["filename"]
            if path.is_file():
                values["v"] = _file(path, path.stat().st_mtime_ns)[0]

    @app.after_request
    def cache_and_compress(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code != 200:
            return response
        path = folder / (request.view_args or {}).get("filename", "")
        digest, compressed = _file(path, path.stat().st_mtime_ns)
        response.headers["Cache-Control"] = IMMUTABLE if request.args.get("v") == digest else "no-cache"
        response.vary.add("Accept-Encoding")
        if compressed is not None and "gzip" in request.accept_encodings and request.range is None:
            response.direct_passthrough = False
            response.set_data(compressed)
            response.headers["Content-Encoding"] = "gzip"
            response.headers.pop("Accept-Ranges", None)
            tag, _ = response.get_etag()
            if tag:  # weak: the same file, in another encoding; a revalidation still gets its 304
                response.set_etag(tag, weak=True)
        return response


@lru_cache(maxsize=128)
def _file(path: Path, modified: int) -> tuple[str, bytes | None]:
    """The file's short content digest, and its gzip-compressed bytes if it is worth compressing (modified: the
    cache key's modification time)."""
    data = path.read_bytes()
    worth = path.suffix in COMPRESSIBLE and len(data) >= GZIP_MINIMUM
    return hashlib.sha256(data).hexdigest()[:12], gzip.compress(data, compresslevel=9, mtime=0) if worth else None
