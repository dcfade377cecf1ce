"""Readable names for nodes on pages: labels in the chosen language, links to local pages, and the context
that tells same-named nodes apart (a category's framework and code)."""

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ..namespaces import BASE, ID
from ..prefixes import QUERY_PREFIXES, curie
from . import language
from .service import current_service

LABELS = (SKOS.prefLabel, RDFS.label)
# RDF's and RDFS's own terms, which no file of the ontology may describe (OWL 2 DL reserves them)
BUILT_IN = {RDF.type: ("类型", "type"), RDFS.label: ("名称", "name"), RDFS.comment: ("说明", "comment"),
            RDFS.seeAlso: ("另见", "see also"), OWL.sameAs: ("等同于", "same as")}
# One VALUES block and a pattern per property: a second VALUES block (for the two properties) made pyoxigraph
# scan every triple, 15 ms for five nodes at 100k triples instead of 0.4 ms.
LABELS_OF = """CONSTRUCT { ?n rdfs:label ?label ; skos:prefLabel ?preferred } WHERE { VALUES ?n { %s }
  { ?n rdfs:label ?label } UNION { ?n skos:prefLabel ?preferred } }"""
CONTEXT_OF = """CONSTRUCT { ?n skos:inScheme ?s ; skos:notation ?c . ?s rdfs:label ?l } WHERE { VALUES ?n { %s }
  { ?n skos:inScheme ?s . ?s rdfs:label|skos:prefLabel ?l } UNION { ?n skos:notation ?c } }"""


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

    def code(self, node) -> str:
        """The node's code (skos:notation), or ""."""
        return str(self.labels.value(node, SKOS.notation) or "")

    def context(self, node) -> str:
        """What tells an entity apart from others of its name: its framework and code ("" when it has neither, and
        for a controlled value, which its name alone identifies)."""
        if not str(node).startswith(str(ID)):
            return ""
        scheme = self.labels.value(node, SKOS.inScheme)
        code = self.code(node)
        parts = [self.label(scheme) if scheme is not None else "", code if code not in self.label(node) else ""]
        return " · ".join(part for part in parts if part)

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


def labelled(nodes: set[URIRef], known: Graph | None = None, context: bool = False) -> View:
    """A view that shows nodes by their labels in the chosen language, and with context their frameworks and
    codes (fetched for fewer than 2,000 nodes)."""
    labels = (known if known is not None else Graph()) + Graph()  # a copy, which the built-in terms' labels join
    for term, names in BUILT_IN.items():
        for lang, name in zip(("zh", "en"), names, strict=True):
            labels.add((term, RDFS.label, Literal(name, lang=lang)))
    if nodes and len(nodes) < 2000:
        values = " ".join(f"<{n}>" for n in nodes)
        labels += current_service().construct(LABELS_OF % values)
        if context:
            labels += current_service().construct(CONTEXT_OF % values)
    return View(labels, language.chosen())
