"""Content negotiation: pick a response format from the ``format`` parameter or ``Accept``.

An explicit ``format`` parameter (a short name such as ``csv`` or a media type) wins over
``Accept``; ``Accept`` is matched with its q-values and wildcards (werkzeug's matcher); no
``Accept`` header means anything. Which list applies depends on the query form, known only
once the query is parsed, so a query request carries its pick for both lists and the
worker uses the one its query needs (406 if that pick is None).
"""

from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept

from .answers import Refusal


@dataclass(frozen=True)
class Format:
    """A response format: the media type sent, and the names and media types that ask for it."""

    media_type: str
    aliases: tuple[str, ...] = ()

    def matches(self, requested: str) -> bool:
        return requested.lower() in (self.media_type, *self.aliases)


TABULAR = (  # SELECT and ASK
    Format("application/sparql-results+json", ("json", "srj", "application/json")),
    Format("application/sparql-results+xml", ("xml", "srx")),
    Format("text/csv", ("csv",)),
    Format("text/tab-separated-values", ("tsv",)),
)
GRAPH = (  # CONSTRUCT and DESCRIBE
    Format("text/turtle", ("turtle", "ttl", "application/x-turtle")),
    Format("application/ld+json", ("jsonld", "json-ld", "json", "application/json")),
    Format("application/n-triples", ("nt", "ntriples", "n-triples")),
    Format("application/rdf+xml", ("rdfxml", "rdf", "xml")),
)
HTML = Format("text/html", ("html",))
JSON = Format("application/json", ("json",))


def choose(formats: tuple[Format, ...], accept: MIMEAccept, requested: str | None) -> Format | None:
    """The format asked for by name, else the best match for Accept; None when none fits."""
    if requested:
        return next((f for f in formats if f.matches(requested)), None)
    if not accept:
        return formats[0]
    offered = {media_type: f for f in formats for media_type in (f.media_type, *f.aliases) if "/" in media_type}
    best = accept.best_match(list(offered))
    return offered[best] if best else None


def for_query(accept: MIMEAccept, requested: str | None) -> tuple[str | None, str | None]:
    """The media types to answer a tabular (SELECT, ASK) and a graph (CONSTRUCT, DESCRIBE) query in.

    :raises Refusal: a format parameter that names no format at all.
    """
    tabular, graph = choose(TABULAR, accept, requested), choose(GRAPH, accept, requested)
    if requested and not (tabular or graph):
        names = sorted({a for f in TABULAR + GRAPH for a in f.aliases if "/" not in a})
        raise Refusal(400, "unknown-format", f"unknown format {requested!r}; use one of {', '.join(names)} or a media type")
    return (tabular.media_type if tabular else None), (graph.media_type if graph else None)


def not_acceptable(offered: tuple[Format, ...]) -> Refusal:
    """The 406 refusal, naming what could have been sent."""
    return Refusal(406, "not-acceptable", "none of the acceptable formats can be produced for this answer",
                   available=[f.media_type for f in offered])
