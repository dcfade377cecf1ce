"""The manifest graph an external store holds beside the data: which graphs, how big, from which artifact.

It lives in its own named graph (GRAPH) as a VoID description::

    <urn:aistd-kg:dataset> a void:Dataset ; dcterms:identifier "<artifact SHA-256>" ;
        dcterms:created "<build time>"^^xsd:dateTime ; dcterms:issued "<publication time>"^^xsd:dateTime ;
        dcterms:hasVersion "<aistd-kg version>" ; void:triples 27380 ; void:subset <graph> , … .
    <graph> void:triples 1234 .

and reads back as the same dictionary as a local store's manifest.json (local.py), so the
service description and /healthz work the same on both backends.
"""

import io

import pyoxigraph
from rdflib.namespace import DCTERMS, RDF, VOID, XSD

GRAPH = "urn:aistd-kg:manifest"
DEFAULT_GRAPH = "urn:aistd-kg:default-graph"  # the union of the named graphs, published as a graph of its own
DATASET = pyoxigraph.NamedNode("urn:aistd-kg:dataset")
FIELDS = {"sha256": DCTERMS.identifier, "built": DCTERMS.created, "published": DCTERMS.issued,
          "aistd_kg": DCTERMS.hasVersion, "triples": VOID.triples}
DATES = {"built", "published"}


def to_ntriples(described: dict) -> bytes:
    """The manifest graph of a manifest dictionary, as N-Triples."""
    triples = [pyoxigraph.Triple(DATASET, _iri(RDF.type), _iri(VOID.Dataset))]
    for key, predicate in FIELDS.items():
        datatype = XSD.dateTime if key in DATES else XSD.integer if key == "triples" else XSD.string
        value = pyoxigraph.Literal(str(described[key]), datatype=_iri(datatype))
        triples.append(pyoxigraph.Triple(DATASET, _iri(predicate), value))
    for name, count in described["graphs"].items():
        triples.append(pyoxigraph.Triple(DATASET, _iri(VOID.subset), pyoxigraph.NamedNode(name)))
        triples.append(pyoxigraph.Triple(pyoxigraph.NamedNode(name), _iri(VOID.triples), pyoxigraph.Literal(count)))
    output = io.BytesIO()
    pyoxigraph.serialize(triples, output, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return output.getvalue()


def from_turtle(data: bytes, source: str) -> dict:
    """The manifest dictionary in a manifest graph read back as Turtle or N-Triples (a subset of Turtle).

    :raises ValueError: the graph is not a complete manifest.
    :raises SyntaxError: the data do not parse.
    """
    triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
    values = {(t.subject.value, t.predicate.value): t.object.value for t in triples}
    try:
        described = {key: values[(DATASET.value, str(predicate))] for key, predicate in FIELDS.items()}
        subsets = [t.object.value for t in triples if t.subject == DATASET and t.predicate.value == str(VOID.subset)]
        described["graphs"] = {name: int(values[(name, str(VOID.triples))]) for name in sorted(subsets)}
    except KeyError as missing:
        raise ValueError(f"the manifest graph <{GRAPH}> lacks {missing}") from None
    described["triples"] = int(described["triples"])
    return {"artifact": source, **described}


def _iri(term) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(str(term))
