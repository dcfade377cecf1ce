"""A named query's parameter values (rdflib terms) as the pyoxigraph terms a Job carries to its worker.

Converted in the web process, so the query workers need not import rdflib (parameters.py
writes the terms into the query there). pyoxigraph's constructors refuse an invalid IRI
or language tag with a ValueError.
"""

import pyoxigraph
from rdflib import Literal, URIRef


def engine_terms(values: dict) -> dict:
    """The values (name -> rdflib IRI or literal) as pyoxigraph terms.

    :raises ValueError: a value is not a valid RDF term.
    """
    return {name: engine_term(value) for name, value in values.items()}


def engine_term(value):
    """An rdflib IRI or literal as a pyoxigraph term."""
    if isinstance(value, URIRef):
        return pyoxigraph.NamedNode(str(value))
    if isinstance(value, Literal):
        if value.language:
            return pyoxigraph.Literal(str(value), language=value.language)
        datatype = pyoxigraph.NamedNode(str(value.datatype)) if value.datatype else None
        return pyoxigraph.Literal(str(value), datatype=datatype)
    raise TypeError(f"cannot bind {value!r}")
