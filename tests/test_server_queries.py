"""Named queries as an API (/queries), and the same answers from the server's engine as from rdflib.

Two servers: one on a small project folder (real ontology, the shape tests' base data and
the fixture queries in tests/server_fixtures/queries, one per parameter kind), and one on
the project's own build, where every queries/*.rq runs with its default parameters on
both engines.
"""

import time
import urllib.parse
from collections import Counter

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from server_fixtures.harness import REPO, built_project, in_process

from aistd_kg.build.pipeline import build_dataset
from aistd_kg.query.guard import check
from aistd_kg.query.named_queries import load_queries, run

REPO_QUERIES = load_queries(REPO / "queries")
FIXTURE_QUERIES = load_queries(REPO / "tests" / "server_fixtures" / "queries")
ANSWER_TYPES = "application/sparql-results+json, application/n-triples"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return built_project(tmp_path_factory.mktemp("queries"))


@pytest.fixture(scope="module")
def project_dataset(project):
    return build_dataset(project, reason=False).dataset


@pytest.fixture(scope="module")
def server(project):
    with in_process(project) as running:
        yield running


def term_key(kind: str, value: str, datatype: str | None = None, language: str | None = None) -> tuple:
    """A comparable form of an RDF term (blank nodes compare equal to each other)."""
    if kind == "bnode":
        return ("bnode",)
    if kind == "uri":
        return ("uri", value)
    return ("literal", value, None if language else (datatype or str(XSD.string)), language and language.lower())


def rdflib_key(term) -> tuple | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        return term_key("bnode", "")
    if isinstance(term, URIRef):
        return term_key("uri", str(term))
    assert isinstance(term, Literal)
    return term_key("literal", str(term), term.datatype and str(term.datatype), term.language)


def json_key(binding: dict | None) -> tuple | None:
    if binding is None:
        return None
    return term_key(binding["type"].replace("typed-literal", "literal"), binding["value"], binding.get("datatype"),
                    binding.get("xml:lang"))


def assert_same_answers(server, dataset, path: str, query) -> None:
    """The server's answer to /queries/<name> equals rdflib's to the same query with the same defaults."""
    expected = run(query, dataset)
    reply = server.request("GET", path, headers={"Accept": ANSWER_TYPES})
    assert reply.status == 200, reply.text
    if expected.type == "ASK":
        assert reply.json["boolean"] is bool(expected.askAnswer)
    elif expected.type == "SELECT":
        variables = [str(v) for v in expected.vars]
        assert reply.json["head"]["vars"] == variables
        served = Counter(tuple(json_key(row.get(v)) for v in variables) for row in reply.json["results"]["bindings"])
        assert served == Counter(tuple(rdflib_key(row[v]) for v in variables) for row in expected)
    else:
        assert isomorphic(Graph().parse(data=reply.body, format="nt"), expected.graph)


@pytest.mark.parametrize("name", sorted(FIXTURE_QUERIES))
def test_fixture_query_answers_match_rdflib(server, project_dataset, name):
    assert_same_answers(server, project_dataset, f"/queries/{name}", FIXTURE_QUERIES[name])


@pytest.mark.parametrize("name", sorted(REPO_QUERIES))
def test_every_named_query_gives_the_same_answers_on_both_engines(app_server, kg, name):
    assert_same_answers(app_server, kg, f"/queries/{name}", REPO_QUERIES[name])


def test_the_real_build_is_served_whole(app_server, kg):
    health = app_server.request("GET", "/healthz").json
    assert health["triples"] == len(set(kg.triples((None, None, None))))
    description = Graph().parse(data=app_server.request("GET", "/sparql").body, format="turtle")
    served = {str(n) for n in description.objects(None, URIRef("http://www.w3.org/ns/sparql-service-description#name"))}
    assert served == {str(g.identifier) for g in kg.graphs() if len(g)}


def test_the_list_in_json(server):
    reply = server.request("GET", "/queries")
    assert reply.status == 200 and reply.media_type == "application/json"
    listed = {entry["name"]: entry for entry in reply.json["queries"]}
    assert set(listed) == set(FIXTURE_QUERIES)
    entry = listed["categories-in-framework"]
    assert entry["title"] == "Categories of a framework"
    assert entry["description"].startswith("The categories a framework lists")
    assert entry["title_zh"] == "框架的类目" and entry["description_zh"] == entry["description"]  # no Chinese: English
    assert entry["parameters"] == [{"name": "framework", "kind": "iri", "default": "https://w3id.org/aistd-kg/id/test/fw",
                                    "label_zh": "框架"}]
    assert entry["url"] == f"{server.url}/queries/categories-in-framework"
    assert "SELECT ?category ?label" in entry["sparql"]


def test_the_list_in_html(server):
    reply = server.request("GET", "/queries", headers={"Accept": "text/html,*/*;q=0.8"})
    assert reply.media_type == "text/html"
    assert "Categories of a framework" in reply.text and 'name="level"' in reply.text and "(integer)" in reply.text
    chinese = server.request("GET", "/queries?lang=zh", headers={"Accept": "text/html"})
    assert '<html lang="zh">' in chinese.text and "<h1>命名查询</h1>" in chinese.text
    assert ">框架的类目</h2>" in chinese.text and "<label>框架 <code>framework</code>" in chinese.text
    assert ">Categories of a framework</h2>" not in chinese.text


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_a_browser_gets_the_answer_as_a_table_and_other_clients_get_data(server):
    path = "/queries/categories-in-framework?framework=https://w3id.org/aistd-kg/id/test/fw2"
    page = server.request("GET", path + "&lang=zh", headers={"Accept": BROWSER})
    assert page.status == 200 and page.media_type == "text/html"
    assert ">框架的类目</h1>" in page.text and "共 1 行。" in page.text
    assert '<a href="/id/test/b" title="https://w3id.org/aistd-kg/id/test/b">' in page.text
    assert "format=csv" in page.text and 'value="https://w3id.org/aistd-kg/id/test/fw2"' in page.text
    assert server.request("GET", path + "&format=html").media_type == "text/html"  # the list page's Run button
    for accept in ("*/*", "application/sparql-results+json"):
        assert server.request("GET", path, headers={"Accept": accept}).media_type == "application/sparql-results+json"


def test_a_browser_gets_errors_as_pages_and_other_clients_as_json(server):
    unknown = server.request("GET", "/queries/no-such-query?lang=en", headers={"Accept": BROWSER})
    assert unknown.status == 404 and unknown.media_type == "text/html" and "<h1>404 Not found</h1>" in unknown.text
    assert unknown.headers["x-error"] == "unknown-query" and "no query named &#39;no-such-query&#39;" in unknown.text
    path = server.request("GET", "/no/such/path?lang=zh", headers={"Accept": BROWSER})
    assert path.status == 404 and "<h1>404 未找到</h1>" in path.text
    bad = server.request("GET", "/queries/categories-at-level?level=two&lang=en", headers={"Accept": BROWSER})
    assert bad.status == 400 and "<h1>400 Bad request</h1>" in bad.text and "needs an integer" in bad.text
    assert server.request("GET", "/queries/no-such-query").json["error"] == "unknown-query"
    assert server.request("GET", "/no/such/path", headers={"Accept": "*/*"}).json["error"] == "not-found"


def test_the_sparql_pages_language_links_show_the_page(server):
    for lang in ("zh", "en"):
        reply = server.request("GET", f"/sparql?lang={lang}", headers={"Accept": BROWSER})
        assert reply.status == 200 and reply.media_type == "text/html"


def test_parameters_are_bound(server):
    reply = server.request("GET", "/queries/categories-in-framework?framework=https://w3id.org/aistd-kg/id/test/fw2")
    assert [row["category"]["value"] for row in reply.json["results"]["bindings"]] == ["https://w3id.org/aistd-kg/id/test/b"]
    level = server.request("GET", "/queries/categories-at-level?level=2&format=csv")
    assert level.media_type == "text/csv"
    assert level.text.split() == ["category", "https://w3id.org/aistd-kg/id/test/aa"]
    stamped = server.request("GET", "/queries/documents-as-of?day=2024-01-02", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=stamped.body, format="turtle")
    assert set(graph.objects()) == {Literal("2024-01-02", datatype=XSD.date)}


@pytest.mark.parametrize("query,parameter,value", [
    ("categories-in-framework", "framework", "https://w3id.org/aistd-kg/id/test/fw> } UNION { ?category ?p ?label } #"),
    ("categories-in-framework", "framework", "https://w3id.org/aistd-kg/id/test/fw>"),
    ("categories-in-framework", "framework", "not an iri"),
    ("categories-in-framework", "framework", "http://[bad"),
    ("categories-at-level", "level", "1 } UNION { ?category ?p ?o }"),
    ("categories-at-level", "level", "1; DROP ALL"),
    ("categories-at-level", "level", "1.5"),
    ("documents-as-of", "day", '2025-06-30"^^<http://www.w3.org/2001/XMLSchema#date> } #'),
    ("documents-as-of", "day", "2025-02-30"),
])
def test_injection_through_typed_parameters_is_refused(server, query, parameter, value):
    reply = server.request("GET", f"/queries/{query}?" + urllib.parse.urlencode({parameter: value}))
    assert (reply.status, reply.json["error"]) == (400, "bad-parameter")


@pytest.mark.parametrize("value", [
    'Standard" ) || true || ( "',
    'x" } UNION { ?thing ?p ?o } #',
    "Standard' ) || true || ( '",
])
def test_injection_through_a_string_parameter_is_only_a_string(server, value):
    reply = server.request("GET", "/queries/things-labelled?" + urllib.parse.urlencode({"label": value}))
    assert reply.status == 200
    assert reply.json["results"]["bindings"] == []
    assert server.request("GET", "/queries/things-labelled").json["results"]["bindings"] != []


def test_unknown_parameters_and_queries(server):
    unknown = server.request("GET", "/queries/categories-at-level?depth=2")
    assert (unknown.status, unknown.json["error"]) == (400, "bad-parameter")
    assert "depth" in unknown.json["message"]
    for path in ("/queries/no-such-query", "/queries/..%2Fpyproject"):
        missing = server.request("GET", path)
        assert missing.status == 404 and missing.media_type == "application/json"


def test_a_query_file_added_or_edited_while_serving_is_served_without_a_restart(server, project):
    """The folder is looked at again at most a second later (queries.RESCAN_SECONDS)."""
    path = project / "queries" / "added-while-serving.rq"
    try:
        path.write_text("# title: Added while serving\n# description: d\nASK { FILTER(true) }\n", encoding="utf-8")
        assert _eventually(lambda: server.request("GET", "/queries/added-while-serving").status == 200)
        path.write_text("# title: Edited while serving\n# description: d\nASK { FILTER(false) }\n", encoding="utf-8")
        assert _eventually(lambda: server.request("GET", "/queries/added-while-serving").json["boolean"] is False)
    finally:
        path.unlink(missing_ok=True)
    assert _eventually(lambda: server.request("GET", "/queries/added-while-serving").status == 404)


def _eventually(check, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_named_queries_negotiate_like_the_endpoint(server):
    tsv = server.request("GET", "/queries/categories-at-level", headers={"Accept": "text/tab-separated-values"})
    assert tsv.text.splitlines()[0] == "?category"
    refused = server.request("GET", "/queries/any-planned-standard", headers={"Accept": "text/turtle"})
    assert refused.status == 406
    assert server.request("GET", "/queries/any-planned-standard").json["boolean"] is True


def test_the_fixture_queries_cover_every_parameter_kind_and_form():
    assert {p.kind for q in FIXTURE_QUERIES.values() for p in q.parameters} == {"iri", "string", "integer", "date"}
    assert {check(q.text, None, None).form for q in FIXTURE_QUERIES.values()} == {"SELECT", "ASK", "CONSTRUCT"}
