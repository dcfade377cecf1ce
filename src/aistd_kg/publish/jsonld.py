"""JSON-LD that reads like plain JSON: compaction with the published context, and framing.

The context (``ontology/context.jsonld``, served at https://w3id.org/aistd-kg/context.jsonld)
maps the ontology's terms to short keys (``@vocab`` is the ontology namespace), labels and
notes to language maps (``"label": {"zh": "…", "en": "…"}``) and aliases ``@id`` / ``@type``
to ``id`` / ``type``. Documents embed the context object, so they expand offline.

Expansion and compaction are done here, by the
context's own rules, because pyld's compactor takes about a minute on the whole graph and
rdflib's drops triples. Blank nodes used once (citations) are embedded where they are
used. The tests expand the result with pyld and check it is isomorphic to the graph.
"""

import json
from pathlib import Path

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, XSD

from ..namespaces import BASE

CONTEXT_IRI = BASE + "context.jsonld"
CONTEXT_FILE = Path("ontology") / "context.jsonld"
# kind -> (type of the roots, the properties along which the tree nests)
NATIVE = {XSD.integer: str, XSD.boolean: lambda v: str(v).lower()}  # kept as JSON when they round-trip
FRAMES = {"framework": ("Framework", ("hasTopConcept", "narrower"))}


def load_context(root: Path) -> dict:
    """The context object of the checkout at root."""
    return json.loads((root / CONTEXT_FILE).read_text(encoding="utf-8"))["@context"]


def expand(graph: Graph) -> list:
    """The graph as flat expanded JSON-LD (integers and booleans as JSON numbers and booleans)."""
    nodes: dict[str, dict] = {}
    for subject, predicate, obj in sorted(graph):
        node = nodes.setdefault(_key(subject), {"@id": _key(subject)})
        if predicate == RDF.type and not isinstance(obj, Literal):
            node.setdefault("@type", []).append(_key(obj))
        else:
            node.setdefault(str(predicate), []).append(_value(obj))
    return list(nodes.values())


def _key(term) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _value(term) -> dict:
    if not isinstance(term, Literal):
        return {"@id": _key(term)}
    if term.language:
        return {"@value": str(term), "@language": term.language}
    if term.datatype in NATIVE and str(term) == NATIVE[term.datatype](term.toPython()):
        return {"@value": term.toPython()}
    if term.datatype and term.datatype != XSD.string:
        return {"@value": str(term), "@type": str(term.datatype)}
    return {"@value": str(term)}


class Compactor:
    """Compact IRIs, keys and values by the terms of one context."""

    def __init__(self, context: dict):
        self.prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}
        self.vocab = context.get("@vocab", "")
        self.terms = {}  # full IRI -> (term, definition)
        for term, definition in context.items():
            if term.startswith("@") or term in self.prefixes or term in ("id", "type"):
                continue
            definition = definition if isinstance(definition, dict) else {"@id": definition}
            self.terms[self.expand_iri(definition.get("@id", term), vocab=True)] = (term, definition)
        self.terms_names = {term for term, _ in self.terms.values()}

    def expand_iri(self, value: str, vocab: bool = False) -> str:
        prefix, _, local = value.partition(":")
        if prefix in self.prefixes and not local.startswith("//"):
            return self.prefixes[prefix] + local
        return value if ":" in value or not vocab else self.vocab + value

    def iri(self, iri: str, vocab: bool = False) -> str:
        """A term (vocab positions), a vocab-relative name, a compact IRI, or the IRI itself."""
        if vocab and iri in self.terms and set(self.terms[iri][1]) <= {"@id"}:
            return self.terms[iri][0]
        if vocab and iri.startswith(self.vocab) and "/" not in iri[len(self.vocab):] and iri[len(self.vocab):] not in self.terms_names:
            return iri[len(self.vocab):]
        for prefix, namespace in self.prefixes.items():
            if iri.startswith(namespace) and iri != namespace and "/" not in iri[len(namespace):]:
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def node(self, expanded: dict) -> dict:
        """One expanded node object, compacted."""
        out = {"id": expanded["@id"]}
        if "@type" in expanded:
            types = [self.iri(t, vocab=True) for t in expanded["@type"]]
            out["type"] = types[0] if len(types) == 1 else types
        for prop, values in expanded.items():
            if not prop.startswith("@"):
                for key, value in self.values(prop, values):
                    _put(out, key, value)
        return out

    def values(self, prop: str, values: list):
        """(key, compact value) pairs of one property's values."""
        term, definition = self.terms.get(prop, (None, {}))
        for value in values:
            if term and definition.get("@container") == "@language" and "@language" in value:
                yield term, {value["@language"]: value["@value"]}
            elif term and definition.get("@type") == "@id" and "@id" in value:
                yield term, value["@id"]
            elif term and set(definition) <= {"@id"}:
                yield term, self.value(value)
            else:
                yield self.iri(prop, vocab=True) if not term else self.iri(prop), self.value(value)

    def value(self, value: dict):
        if "@id" in value:
            return {"id": value["@id"]}
        if set(value) == {"@value"}:
            return value["@value"]
        return {k: self.iri(v) if k == "@type" else v for k, v in value.items()}


def _put(node: dict, key: str, value) -> None:
    """Add a value under key: language maps merge, repeated values become lists."""
    if key not in node:
        node[key] = value
    elif isinstance(value, dict) and "id" not in value and "@value" not in value and isinstance(node[key], dict):
        for language, text in value.items():
            have = node[key].get(language)
            node[key][language] = text if have is None else [*(have if isinstance(have, list) else [have]), text]
    else:
        node[key] = [*(node[key] if isinstance(node[key], list) else [node[key]]), value]


def compact(graph: Graph, context: dict) -> dict:
    """The graph compacted with the context: ``{"@context": …, "@graph": [node, …]}``."""
    compactor = Compactor(context)
    nodes = {n["@id"]: compactor.node(n) for n in expand(graph)}
    used: dict = {}
    for node in nodes.values():
        for ref in _references(node):
            used[ref] = used.get(ref, 0) + 1
    embedded = {ref for ref, count in used.items() if count == 1 and ref.startswith("_:") and ref in nodes}
    for node in nodes.values():
        _embed(node, {ref: nodes[ref] for ref in embedded})
    top = [node for key, node in nodes.items() if key not in embedded]
    for node in nodes.values():
        if node["id"].startswith("_:") and node["id"] in embedded:
            del node["id"]
    return {"@context": context, "@graph": top}


def frame(graph: Graph, context: dict, kind: str) -> dict:
    """The graph as one nested tree per instance of kind (see FRAMES): each node embedded in its parent."""
    root_type, nesting = FRAMES[kind]
    nodes = {node.get("id"): node for node in compact(graph, context)["@graph"]}
    def tree(node: dict, seen: frozenset) -> dict:
        out = dict(node)
        for key in nesting:
            if key in node:
                children = node[key] if isinstance(node[key], list) else [node[key]]
                out[key] = [tree(nodes[c], seen | {c}) if c in nodes and c not in seen else c for c in children]
        return out
    roots = [n for n in nodes.values() if root_type in (n.get("type") if isinstance(n.get("type"), list) else [n.get("type")])]
    return {"@context": context, "@graph": [tree(root, frozenset({root["id"]})) for root in roots]}


def _references(node):
    for key, value in node.items():
        for item in [] if key == "id" else value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and set(item) == {"id"}:
                yield item["id"]
            elif isinstance(item, str) and item.startswith("_:"):
                yield item


def _embed(node: dict, embedded: dict) -> None:
    for key, value in node.items():
        items = value if isinstance(value, list) else [value]
        replaced = [embedded.get(item["id"], item) if isinstance(item, dict) and set(item) == {"id"} else
                    embedded.get(item, item) if isinstance(item, str) and key != "id" else item for item in items]
        node[key] = replaced if isinstance(value, list) else replaced[0]


def dumps(document: dict) -> bytes:
    """A JSON-LD document as UTF-8 JSON, readable."""
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
