"""Refuse, before execution, every query that could write, reach the network or read files.

The query is parsed with rdflib's SPARQL 1.1 parser and the parse tree is inspected, never
the text (SERVICE can hide in OPTIONAL, FILTER EXISTS, a subquery or a UNION, and can take
a variable):

- text that is not a query is a 400 with the parser's message, line and column, or, when
  it parses as SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE...), a 400 saying
  the service is read-only;
- groups nested more than MAX_NESTING deep (``{ … }``, OPTIONAL, subqueries) are a 400 at
  once: real queries nest a handful deep, and each level can cost a pass over the data;
- SERVICE anywhere is a 400: the engines would call out (rdflib and pyoxigraph both
  execute SERVICE), which on a public endpoint is server-side request forgery;
- FROM / FROM NAMED must name graphs of the local dataset, else 400. The engine never
  fetches them, so an unknown name would only give a silently empty answer; rdflib would
  fetch it (including ``file:`` IRIs), so refusing keeps the behaviour the same whichever
  engine runs. When the request gives a protocol dataset (``default-graph-uri`` /
  ``named-graph-uri``), it replaces FROM / FROM NAMED (SPARQL 1.1 Protocol 2.1.4), which are
  then not checked; protocol graph names are only looked up locally (an unknown one is an
  empty graph, as the W3C protocol tests expect).

Most queries need no parser to be cleared: screen() clears a text from its characters alone
in microseconds (rdflib's parser takes 1-400 ms), and the engine's own parser then reads it.
A text the screen cannot clear goes through rdflib's parser as above; so does a cleared text
the engine finds invalid, so that its 400 says what rdflib says (an update is still
"read-only", a syntax error still has rdflib's message, line and column).

The query workers are also confined (see sandbox.py), so a query that slipped past this
guard would still reach nothing.
"""

from dataclasses import dataclass
from functools import lru_cache

from .parameters import TOKENS

FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
MAX_NESTING = 32
MAX_BRACKETS = 256  # the engine's parser is safe far deeper (1,000 levels); it crashes its process by 5,000
PROLOGUE = {"BASE": 1, "PREFIX": 2}  # keyword -> how many tokens follow it


@dataclass(frozen=True)
class CheckedQuery:
    """A query that may run: its form and the graphs its FROM / FROM NAMED clauses name."""

    form: str
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]

    @property
    def tabular(self) -> bool:
        """Whether the answer is a table (SELECT, ASK) rather than a graph."""
        return self.form in ("SELECT", "ASK")

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


def check(text: str, base_iri: str | None, local_graphs: frozenset[str] | None) -> CheckedQuery:
    """Clear the query by screen(), else parse it and refuse what must not run; local_graphs None skips the FROM
    check.

    :raises Refusal: as parsed_check.
    """
    form = screen(text)
    return CheckedQuery(form, (), ()) if form else parsed_check(text, base_iri, local_graphs)


@lru_cache(maxsize=1024)  # a named query's template is screened once per worker
def screen(text: str) -> str | None:
    """The query's form when its characters alone show that it is safe to hand to the engine, else None.

    Each rule holds however the text would be tokenized, so no way of writing a query gets past it:
    - no codepoint escape (``\\u``, ``\\U``), which the engines decode before parsing, so that every
      keyword stands in the text as written;
    - no ``service`` anywhere, in any case: no SERVICE;
    - no word containing ``from`` but in a variable, a prefixed name's local part or an IRI: no FROM / FROM
      NAMED, so no graph to check (the engine parses keywords glued to their neighbours, as in ``ASKFROM``);
    - at most MAX_NESTING ``{`` and MAX_BRACKETS brackets of any kind in all: no deeper nesting is possible;
    - BASE and PREFIX declarations, then SELECT, ASK, CONSTRUCT or DESCRIBE: the form, and not an update.
    Syntax is left to the engine's parser.
    """
    lowered = text.lower()
    if "\\u" in lowered or "service" in lowered or text.count("{") > MAX_NESTING:
        return None
    if sum(map(text.count, "({[")) > MAX_BRACKETS:
        return None
    words = [t for t in (m.group() for m in TOKENS.finditer(text)) if not t.startswith(("#", "'", '"'))]
    if any("from" in word.split(":", 1)[0].lower() for word in words if not word.startswith(("?", "$"))):
        return None
    position = 0
    while position < len(words) and words[position].upper() in PROLOGUE:
        position += 1 + PROLOGUE[words[position].upper()]
    form = words[position].upper() if position < len(words) else ""
    return form if form in FORMS.values() else None


def parsed_check(text: str, base_iri: str | None, local_graphs: frozenset[str] | None) -> CheckedQuery:
    """The query checked with rdflib's parser (parsed_guard.py), imported on first use: importing it takes
    longer than everything else a query worker needs, and most workers never need it.

    :raises Refusal: as parsed_guard.check.
    """
    from .parsed_guard import check as parsed

    return parsed(text, base_iri, local_graphs)
