"""Absolute links are built from the configured public base URL, not from the client's Host header.

A WSGI middleware: unless the request's Host is on the allow list (``allowed_hosts``), it is
replaced by the host of ``base_url`` (and the scheme by its scheme) before the app sees the
request, so every URL the app builds with ``url_for(_external=True)`` or ``request.host_url``
(the service description, the /queries links, the reconciliation manifest) names the
public base. A Host header sent by a client can therefore never poison an answer that a
cache in front of the server keeps.
"""

from urllib.parse import urlsplit


def public_base(base_url: str) -> tuple[str, str]:
    """(scheme, host[:port]) of a base URL.

    :raises ValueError: not an http(s) URL of a host alone (a path, query or fragment is not supported).
    """
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/") or parts.query \
            or parts.fragment:
        raise ValueError(f"base_url {base_url!r} must be http(s)://host[:port] with no path")
    return parts.scheme, parts.netloc


class PublicHost:
    """Rewrite Host and the URL scheme to the public base's unless the Host is allowed."""

    def __init__(self, app, base_url: str, allowed_hosts: tuple[str, ...]):
        self.app = app
        self.scheme, self.host = public_base(base_url)
        self.allowed = {host.lower() for host in allowed_hosts}

    def __call__(self, environ, start_response):
        if environ.get("HTTP_HOST", "").lower() not in self.allowed:
            environ["HTTP_HOST"], environ["wsgi.url_scheme"] = self.host, self.scheme
            environ.pop("HTTP_X_FORWARDED_HOST", None)
        return self.app(environ, start_response)
