"""Read a request's body whole, within a size and a time limit, before the app sees it.

A WSGI middleware. A body is read in chunks; each read waits at most ``read_timeout`` (the
server sets that limit on the client's socket: web/worker.py) and the whole body must
arrive within BODY_READS x ``read_timeout``. A client that sends half a body and stops
therefore holds a request thread for seconds, not for ever, and gets 408; a body over
``max_body_bytes`` gets 413 as soon as that many bytes are read; malformed framing (an
invalid chunk size) gets 400. The app then reads the body from memory, so no route can
fail half-way through reading it.
"""

import errno
import io
import time
from http import HTTPStatus

from ..query.answers import Refusal

BODY_READS = 3
CHUNK = 64 * 1024
TIMEOUTS = (errno.EAGAIN, errno.EWOULDBLOCK, errno.ETIMEDOUT)


class BodyTooSlow(Exception):
    """The body did not arrive in time."""


class BodyTooLarge(Exception):
    """The body is longer than allowed."""


class ReadBody:
    """Buffer the request body; refuse bodies that are too slow, too large or malformed."""

    def __init__(self, app, max_bytes: int, read_timeout: float):
        self.app, self.max_bytes, self.seconds = app, max_bytes, BODY_READS * read_timeout

    def __call__(self, environ, start_response):
        if not _has_body(environ):
            return self.app(environ, start_response)
        too_large = Refusal(413, "too-large", f"the request body is larger than {self.max_bytes} bytes",
                            limit_bytes=self.max_bytes)
        try:
            if int(environ.get("CONTENT_LENGTH") or 0) > self.max_bytes:
                return _refuse(start_response, too_large)
            body = self._read(environ["wsgi.input"])
        except BodyTooSlow:
            return _refuse(start_response, Refusal(408, "body-timeout",
                                                   f"the request body did not arrive within {self.seconds:g} s"))
        except BodyTooLarge:
            return _refuse(start_response, too_large)
        except OSError as error:  # the server's reader: a read timeout, or framing it cannot parse
            if isinstance(error, TimeoutError) or error.errno in TIMEOUTS:
                return _refuse(start_response, Refusal(408, "body-timeout", "the request body stopped arriving"))
            return _refuse(start_response, Refusal(400, "bad-body", f"the request body is malformed: {error}"))
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        return self.app(environ, start_response)

    def _read(self, stream) -> bytes:
        deadline, parts, size = time.monotonic() + self.seconds, [], 0
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > self.max_bytes:
                raise BodyTooLarge
            if time.monotonic() > deadline:
                raise BodyTooSlow
            parts.append(chunk)
        return b"".join(parts)


def _has_body(environ) -> bool:
    return environ.get("CONTENT_LENGTH", "") not in ("", "0") or "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "")


def _refuse(start_response, refusal: Refusal):
    """The refusal as the whole response (the rest of the body is left unread)."""
    answer = refusal.answer()
    start_response(f"{answer.status} {HTTPStatus(answer.status).phrase}", [
        ("Content-Type", answer.content_type), ("Content-Length", str(len(answer.body))),
        ("X-Error", refusal.code), ("X-Content-Type-Options", "nosniff")])
    return [answer.body]
