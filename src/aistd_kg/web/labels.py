"""Readable names for nodes on pages: labels in the chosen language, and links to local pages."""

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from ..namespaces import BASE, QUERY_PREFIXES, curie
from . import language
from .service import current_service

LABELS = (SKOS.prefLabel, RDFS.label)
LABELS_OF = "CONSTRUCT { ?n ?lp ?l } WHERE { VALUES ?lp { rdfs:label skos:prefLabel } VALUES ?n { %s } ?n ?lp ?l }"


class View:
    """What templates need to show nodes: labels in the chosen language, local links."""

    def __init__(self, labels: Graph, lang: str):
        self.labels, self.lang = labels, lang

    def label(self, node) -> str:
        return label_of(self.labels, node, self.lang)

    def labels_of(self, node) -> dict:
        """{"zh": …, "en": …} of a node."""
        return {label.language: str(label) for p in LABELS for label in self.labels.objects(node, p)
                if isinstance(label, Literal)}

    href = staticmethod(lambda node: href(node))
    is_blank = staticmethod(lambda node: isinstance(node, BNode))
    is_literal = staticmethod(lambda node: isinstance(node, Literal))


def label_of(labels: Graph, node, lang: str = "en") -> str:
    """The node's label in lang, else in any language, else its compact IRI."""
    found = [label for p in LABELS for label in labels.objects(node, p) if isinstance(label, Literal)]
    for literal in sorted(found, key=lambda label: label.language != lang):
        return str(literal)
    text = str(node)
    return curie(text, QUERY_PREFIXES) or (text[len(BASE):] if text.startswith(BASE) else text)


def href(node) -> str:
    """A link to a node's page: this server for the project's IRIs, the IRI itself for web IRIs, else none ("").

    An IRI of another scheme (``javascript:``, ``data:``) in the data must never become a link.
    """
    text = str(node)
    if text.startswith(BASE):
        return text[len(BASE) - 1:]
    return text if text.startswith(("http://", "https://")) else ""


def labelled(nodes: set[URIRef], known: Graph | None = None) -> View:
    """A view that shows nodes by their labels in the chosen language (fetched for fewer than 2,000 nodes)."""
    labels = known if known is not None else Graph()
    if nodes and len(nodes) < 2000:
        labels += current_service().construct(LABELS_OF % " ".join(f"<{n}>" for n in nodes))
    return View(labels, language.chosen())
