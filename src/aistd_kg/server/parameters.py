"""Bind named-query parameters as RDF terms on pyoxigraph, never as text.

pyoxigraph binds terms with ``substitutions`` (SEP-0007), but only variables that the query
projects (a SELECT's columns, a CONSTRUCT's template), and the named queries' parameters
are mostly not projected. So each parameter becomes ``BIND(<urn:aistd-kg:parameter:NAME>()
AS ?NAME)`` at the start of the WHERE group, and that IRI is a pyoxigraph custom function
returning the term. The query text gains only the parameter's name as declared in the
query file; the value never enters it, so no value can change the query. A query without
a WHERE group of its own (``CONSTRUCT WHERE { … }``, ``DESCRIBE ?x``) projects its
variables, so it uses ``substitutions``.

As with rdflib's initBindings, the value is in scope in the whole WHERE group (nested
groups, OPTIONAL, FILTER, EXISTS); a subquery sees it only if it projects the variable.
"""

import re

import pyoxigraph
from rdflib import Literal, URIRef

FUNCTION = "urn:aistd-kg:parameter:"
# Comments, IRIs and strings (which may hold braces), brackets, and words (keywords, variables, names).
TOKENS = re.compile(r"""\#[^\n]*|<[^<>"{}|^`\\\x00-\x20]*>|'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                        |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|[(){}]|[?$:\w][\w:.-]*""", re.VERBOSE)


def bind(form: str, text: str, values: dict) -> tuple[str, dict]:
    """The query text and the pyoxigraph keyword arguments that bind values (name -> rdflib term)."""
    terms = {name: term(value) for name, value in values.items()}
    if not terms:
        return text, {}
    start = _where_group(form, text)
    if start is None:
        return text, {"substitutions": {pyoxigraph.Variable(name): value for name, value in terms.items()}}
    binds = " ".join(f"BIND(<{FUNCTION}{name}>() AS ?{name})" for name in terms)
    functions = {pyoxigraph.NamedNode(FUNCTION + name): (lambda value=value: value) for name, value in terms.items()}
    return f"{text[:start]} {binds} {text[start:]}", {"custom_functions": functions}


def term(value):
    """An rdflib IRI or literal as a pyoxigraph term."""
    if isinstance(value, URIRef):
        return pyoxigraph.NamedNode(str(value))
    if isinstance(value, Literal):
        if value.language:
            return pyoxigraph.Literal(str(value), language=value.language)
        datatype = pyoxigraph.NamedNode(str(value.datatype)) if value.datatype else None
        return pyoxigraph.Literal(str(value), datatype=datatype)
    raise TypeError(f"cannot bind {value!r}")


def _where_group(form: str, text: str) -> int | None:
    """Where the content of the WHERE group starts; None when the query has no group of its own."""
    depth, previous, groups = 0, "", []
    for token in TOKENS.finditer(text):
        symbol = token.group()
        if symbol in ("(", "{"):
            if symbol == "{" and depth == 0:
                groups.append((token.end(), previous.upper()))
            depth += 1
        elif symbol in (")", "}"):
            depth -= 1
        elif not symbol.startswith(("#", "<", "'", '"')):
            previous = symbol
    if form == "CONSTRUCT":  # the first group is the template, or, after WHERE, template and pattern at once
        groups = [] if not groups or groups[0][1] == "WHERE" else groups[1:]
    return groups[0][0] if groups else None
