"""The guard's screen: what it clears goes to the engine unparsed, so it must clear nothing the parser would refuse.

The endpoint-level refusals are tested over HTTP in test_server_safety.py and test_server_protocol.py;
here, that the screen leaves every one of those texts to rdflib's parser, and clears the named queries.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from server_fixtures.attacks import FROMS, SERVICES, UPDATES

from aistd_kg.query import parsed_guard
from aistd_kg.query.answers import Refusal
from aistd_kg.query.guard import MAX_BRACKETS, MAX_NESTING, check, parsed_check, screen
from aistd_kg.query.named_queries import load_queries

QUERIES = load_queries(Path(__file__).resolve().parents[1] / "queries")
URL = "http://127.0.0.1:9/"
TRICKS = {
    "a codepoint escape spelling SERVICE": "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "a long codepoint escape": "SELECT * WHERE { \\U00000053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "FROM glued to the form": "ASKFROM <http://127.0.0.1:9/> { }",
    "FROM glued to a prefixed name": "ASK FROMex:g { }",
    "FROM after a star": "SELECT*FROM<http://127.0.0.1:9/>{}",
    "SERVICE in a comment line": "# SERVICE\nSELECT * WHERE { ?s ?p ?o }",
    "groups one deeper than allowed": "SELECT * WHERE " + "{" * (MAX_NESTING + 1) + "}" * (MAX_NESTING + 1),
    "more brackets than allowed": "SELECT * WHERE { FILTER(" + "(" * MAX_BRACKETS + "1" + ")" * MAX_BRACKETS + ") }",
    "an update": "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }",
    "not SPARQL": "hello",
}


@pytest.mark.parametrize("text", UPDATES + SERVICES + FROMS, ids=range(len(UPDATES + SERVICES + FROMS)))
def test_nothing_the_guard_refuses_is_cleared_by_the_screen(text):
    text = text.replace("{listener}", URL).replace("{url}", URL)
    assert screen(text) is None
    with pytest.raises(Refusal):
        parsed_check(text, None, frozenset())


@pytest.mark.parametrize("trick", TRICKS)
def test_the_screen_leaves_tricks_to_the_parser(trick):
    assert screen(TRICKS[trick]) is None


@pytest.mark.parametrize("name", QUERIES)
def test_every_named_query_is_cleared_with_the_form_the_parser_gives(name):
    text = QUERIES[name].text
    assert screen(text) == parsed_check(text, None, None).form


def test_cleared_texts_are_not_parsed():
    text = "PREFIX ex: <http://example.org/> SELECT ?from WHERE { ?from ex:adoptedFrom ?o } # a new text"
    before = parsed_guard.check.cache_info().misses
    assert check(text, None, frozenset()).form == "SELECT"
    assert parsed_guard.check.cache_info().misses == before


@pytest.mark.parametrize(("text", "form"), [
    ("BASE <http://example.org/> PREFIX : <x#> PREFIX ex:<y> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("#comment\ndescribe <http://example.org/a>", "DESCRIBE"),
    ("ASK {}", "ASK"),
])
def test_the_form_follows_the_prologue(text, form):
    assert screen(text) == form


def test_a_query_worker_imports_no_sparql_parser_until_it_needs_one():
    imported = subprocess.run([sys.executable, "-c", "import sys, aistd_kg.query.engine; "
                               "print(any(name.startswith('rdflib.plugins.sparql') for name in sys.modules))"],
                              capture_output=True, text=True, check=True).stdout.strip()
    assert imported == "False"
