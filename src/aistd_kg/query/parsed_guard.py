"""The guard's second line: rdflib's SPARQL parser, for what the screen (guard.py) does not clear.

The parse tree is inspected, never the text: see guard.py for what is refused and why.
"""

from functools import lru_cache

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.algebra import translatePrologue
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from .answers import Refusal
from .guard import FORMS, MAX_NESTING, CheckedQuery

GROUPS = {"GroupGraphPatternSub", "SubSelect"}


@lru_cache(maxsize=512)  # clients repeat queries; rdflib's parser takes milliseconds
def check(text: str, base_iri: str | None, local_graphs: frozenset[str] | None) -> CheckedQuery:
    """Parse the query with rdflib and refuse what must not run; local_graphs None skips the FROM check.

    :raises Refusal: a syntax error, nesting too deep to parse or over MAX_NESTING, an update, SERVICE, or FROM
        naming a graph not in the dataset.
    """
    try:
        tree = parseQuery(text)
    except RecursionError:
        raise Refusal(400, "too-deep", "the query nests too deeply to be parsed") from None
    except ParseBaseException as error:
        if _is_update(text):
            raise Refusal(400, "read-only", "this is SPARQL Update; the service is read-only") from None
        message = f"syntax error: {error.msg}, found {error.found}"
        raise Refusal(400, "syntax", message, line=error.lineno, column=error.col) from None
    prologue, query = tree[0], tree[1]
    if _nesting(query) > MAX_NESTING:
        raise Refusal(400, "too-deep", f"the query nests groups more than {MAX_NESTING} deep")
    if any(node.name == "ServiceGraphPattern" for node in _nodes(query)):
        raise Refusal(400, "service", "SERVICE (federated query) is not allowed: the service never calls other endpoints")
    resolve = translatePrologue(prologue, base_iri).absolutize
    clauses = query.get("datasetClause") or []
    default = tuple(str(resolve(c["default"])) for c in clauses if "default" in c)
    named = tuple(str(resolve(c["named"])) for c in clauses if "named" in c)
    unknown = [iri for iri in default + named if local_graphs is not None and iri not in local_graphs]
    if unknown:
        raise Refusal(400, "unknown-graph",
                      f"FROM names graphs that are not in the dataset: {', '.join(unknown)}; graphs are never "
                      "fetched; the named graphs are listed in the service description (GET /sparql)")
    return CheckedQuery(FORMS[query.name], default, named)


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except ParseBaseException:
        return False
    return True


def _nesting(value, depth: int = 0) -> int:
    """How deep groups nest under value."""
    if isinstance(value, CompValue):
        depth += value.name in GROUPS
        children = value.values()
    elif isinstance(value, (list, ParseResults)):
        children = value
    else:
        return depth
    return max((_nesting(child, depth) for child in children), default=depth)


def _nodes(value):
    """Every parse-tree node under value, depth first."""
    if isinstance(value, CompValue):
        yield value
        children = value.values()
    elif isinstance(value, (list, ParseResults)):
        children = value
    else:
        return
    for child in children:
        yield from _nodes(child)
