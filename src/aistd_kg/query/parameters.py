"""Bind named-query parameters as RDF terms in a VALUES data block, never as spliced text.

Each parameter's value is an rdflib term (checked against the kind the query header
declares), converted to a pyoxigraph term by terms.py in the web process (pyoxigraph's
constructors refuse an invalid IRI or language tag), and written here, in the query
worker, by pyoxigraph's own N-Triples term serializer into one SPARQL ``VALUES`` data
block (SPARQL 1.1, 10.2 "inline data") opening the WHERE group. The raw parameter text
never enters the query: a string such as ``"} UNION { ?s ?p ?o }`` becomes one escaped
literal, and every serialized term is checked to be exactly one IRI or literal token
before it is used.

Why VALUES: pyoxigraph's query planner uses a constant from a data block for index
lookups (0.4 ms for a lookup by identifier at 1M triples), while a value it cannot see at
planning time (a custom function in BIND: 260 ms; ``substitutions``, which also only binds
projected variables: 90 ms) makes it scan. A data block opening the group has the meaning
of rdflib's initBindings: the value is in scope in the whole WHERE group (nested groups,
OPTIONAL, FILTER, EXISTS); a subquery sees it only if it projects the variable. A query
without a WHERE group of its own (``CONSTRUCT WHERE { … }``, ``DESCRIBE ?x``) projects its
variables, so it uses ``substitutions``.
"""

import re
from functools import lru_cache

import pyoxigraph

# Comments, IRIs and strings (which may hold braces), brackets, and words (keywords, variables, names).
TOKENS = re.compile(r"""\#[^\n]*|<[^<>"{}|^`\\\x00-\x20]*>|'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                        |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|[(){}]|[?$:\w][\w:.-]*""", re.VERBOSE)
IRI = r'<[^<>"{}|^`\\\x00-\x20]*>'
ONE_TERM = re.compile(rf'{IRI}|"(?:[^"\\\n\r]|\\.)*"(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^{IRI})?')


def bind(form: str, text: str, terms: dict) -> tuple[str, dict]:
    """The query text and the pyoxigraph keyword arguments that bind the terms (name -> pyoxigraph term)."""
    if not terms:
        return text, {}
    start = _where_group(form, text)
    if start is None:
        return text, {"substitutions": {pyoxigraph.Variable(name): value for name, value in terms.items()}}
    return f"{text[:start]} {data_block(terms)} {text[start:]}", {}


def bound_text(form: str, text: str, terms: dict) -> str:
    """The query text alone with the terms bound (for another engine, or to show): a trailing VALUES block
    when the query has no WHERE group of its own, where ``substitutions`` cannot travel with the text."""
    bound, substitutions = bind(form, text, terms)
    if not substitutions:
        return bound
    return f"{text}\n{data_block(terms)}"


def data_block(terms: dict) -> str:
    """A one-row VALUES block of the terms, each serialized by pyoxigraph and checked to be one token."""
    written = [str(value) for value in terms.values()]
    for name, token in zip(terms, written, strict=False):
        if not ONE_TERM.fullmatch(token):
            raise ValueError(f"{name}: {token[:80]} is not a single RDF term")
    names = " ".join(f"?{pyoxigraph.Variable(name).value}" for name in terms)
    return f"VALUES ({names}) {{ ({' '.join(written)}) }}"


@lru_cache(maxsize=512)  # the named queries' texts repeat
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
