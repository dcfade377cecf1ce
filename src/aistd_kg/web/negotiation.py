"""Content negotiation: pick a response format from the ``format`` parameter or ``Accept``.

An explicit ``format`` parameter (a short name such as ``csv`` or a media type) wins over
``Accept``; ``Accept`` is matched with its q-values and wildcards (werkzeug's matcher); no
``Accept`` header means anything. Clients send the same few headers again and again, so each
choice is remembered by the header's text.
"""

from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from ..query.answers import Refusal
from ..query.formats import GRAPH, TABULAR, Format


@lru_cache(maxsize=1024)
def choose(formats: tuple[Format, ...], accept_header: str | None, requested: str | None) -> Format | None:
    """The format asked for by name, else the best match for the Accept header's text; None when none fits."""
    if requested:
        return next((f for f in formats if f.matches(requested)), None)
    accept = parse_accept_header(accept_header, MIMEAccept)
    if not accept:
        return formats[0]
    offered = {media_type: f for f in formats for media_type in (f.media_type, *f.aliases) if "/" in media_type}
    best = accept.best_match(list(offered))
    return offered[best] if best else None


def for_query(accept: str | None, requested: str | None) -> tuple[str | None, str | None]:
    """The media types to answer a tabular (SELECT, ASK) and a graph (CONSTRUCT, DESCRIBE) query in.

    :raises Refusal: a format parameter that names no format at all.
    """
    tabular, graph = choose(TABULAR, accept, requested), choose(GRAPH, accept, requested)
    if requested and not (tabular or graph):
        names = sorted({a for f in TABULAR + GRAPH for a in f.aliases if "/" not in a})
        raise Refusal(400, "unknown-format", f"unknown format {requested!r}; use one of {', '.join(names)} or a media type")
    return (tabular.media_type if tabular else None), (graph.media_type if graph else None)
