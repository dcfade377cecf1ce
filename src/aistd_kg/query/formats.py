"""The response formats the server offers, per query form, and the 406 refusal that names them.

Which list applies depends on the query form, known only once the query is parsed, so a
query request carries its pick for both lists (web/negotiation.py) and the worker uses the
one its query needs (406 if that pick is None).
"""

from dataclasses import dataclass

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


def not_acceptable(offered: tuple[Format, ...]) -> Refusal:
    """The 406 refusal, naming what could have been sent."""
    return Refusal(406, "not-acceptable", "none of the acceptable formats can be produced for this answer",
                   available=[f.media_type for f in offered])
