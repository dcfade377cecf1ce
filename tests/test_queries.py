"""Every competency query in queries/ runs against the built graph and gives its expected answer.

Expected answers live in tests/expected/<query name>.csv, written from the source texts:
a header of the SELECT variables, then one row per answer (IRIs in full, literals by their
lexical form). Rows are compared in order when the query has ORDER BY, else as a multiset.
"""

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from aistd_kg.query.named_queries import NamedQuery, load_queries, render_query_index, result_rows, run

REPO = Path(__file__).resolve().parents[1]
EXPECTED = Path(__file__).parent / "expected"
QUERIES = load_queries(REPO / "queries")


def read_expected(name: str) -> tuple[list[str], list[list[str]]]:
    with open(EXPECTED / f"{name}.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    if rows and rows[0] in (["true"], ["false"]):
        return [], rows
    return rows[0], rows[1:]


def test_there_are_queries():
    assert len(QUERIES) >= 5


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_has_header_and_expected_answer(name):
    query = QUERIES[name]
    assert query.title and query.description, f"{name}: header needs a title and a description"
    assert (EXPECTED / f"{name}.csv").is_file(), f"{name}: no expected answer in tests/expected/{name}.csv"


CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_header_is_in_chinese_too(name):
    query = QUERIES[name]
    assert CHINESE.search(query.title_zh) and CHINESE.search(query.description_zh), f"{name}: no title@zh or description@zh"
    unlabelled = [p.name for p in query.parameters if not CHINESE.search(p.label_zh)]
    assert not unlabelled, f"{name}: parameters without a param@zh label: {unlabelled}"


def test_a_chinese_label_for_an_undeclared_parameter_is_an_error(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("# title: Q\n# param@zh: part 部分\n# param: part iri https://example.org/a\nSELECT * {}\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"q.rq: '# param@zh: part 部分' names no parameter declared above it"):
        NamedQuery.from_file(path)
    path.write_text("# title: Q\n# param: a iri https://example.org/a\n# param: a string x\nSELECT * {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="the parameter 'a' is declared twice"):
        NamedQuery.from_file(path)


def test_the_built_graph_describes_every_query_in_both_languages(kg):
    described = {str(row.name): row for row in kg.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?name ?en ?zh ?text (COUNT(?parameter) AS ?parameters) WHERE {
          GRAPH <https://w3id.org/aistd-kg/graph/queries> {
            ?query a sh:SPARQLSelectExecutable ; dcterms:identifier ?name ; sh:select ?text ;
                   rdfs:label ?en , ?zh .
            FILTER (lang(?en) = "en" && lang(?zh) = "zh")
            OPTIONAL { ?query sh:parameter ?parameter }
          }
        } GROUP BY ?name ?en ?zh ?text""")}
    assert set(described) == set(QUERIES)
    for name, query in QUERIES.items():
        row = described[name]
        assert (str(row.en), str(row.zh), str(row.text)) == (query.title, query.title_zh, query.text)
        assert int(row.parameters) == len(query.parameters)
    founders = kg.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?zh ?default ?path WHERE {
          <https://w3id.org/aistd-kg/id/query/bodies-founders> sh:parameter [
            sh:name "founded"@en , ?zh ; sh:defaultValue ?default ; sh:nodeKind sh:IRI ; sh:path ?path ] .
          FILTER (lang(?zh) = "zh") }""")
    assert [(str(zh), str(default), str(path)) for zh, default, path in founders] == [
        (QUERIES["bodies-founders"].parameters[0].label_zh, "https://w3id.org/aistd-kg/id/body/ai-standards-hub",
         "https://w3id.org/aistd-kg/id/query/bodies-founders#founded")]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_answer(kg, name):
    query = QUERIES[name]
    header, expected = read_expected(name)
    result = run(query, kg)
    actual = result_rows(result)
    if result.type == "SELECT":
        assert [str(v) for v in result.vars] == header, f"{name}: the query's variables differ from the expected header"
    assert actual, f"{name}: the query returned nothing"
    if re.search(r"\bORDER\s+BY\b", query.text, re.IGNORECASE):
        assert actual == expected
    else:
        assert Counter(map(tuple, actual)) == Counter(map(tuple, expected))


ITEM = "https://w3id.org/aistd-kg/id/item/"
STD = "https://w3id.org/aistd-kg/id/standard/"
DOC = "https://w3id.org/aistd-kg/id/document/"
VOCAB = "https://w3id.org/aistd-kg/vocab/"


@pytest.mark.parametrize("law, number, rows", [
    # Article 12: one vendor's page names prEN 18229-1 among the drafts for Article 12 logging.
    (DOC + "eu-ai-act", "12", [
        [ITEM + "eu-ai-act-art-12", "", "prEN 18229-1", "AI trustworthiness framework - Part 1: Logging",
         VOCAB + "status-under-development", VOCAB + "authority-secondary", DOC + "src-lumenflow-docs",
         STD + "en-18229-1"]]),
    # M/593 area (8): BSI's page for the work item ties it to request item no. 8, cybersecurity.
    (DOC + "eu-m-593", "(8)", [
        [ITEM + "eu-m-593-area-8", "", "prEN 18282", "Artificial intelligence - Cybersecurity specifications for AI Systems",
         VOCAB + "status-under-development", VOCAB + "authority-national-catalogue",
         DOC + "src-sc42-bsi-standardsdevelopment", STD + "en-18282"]]),
    # Article 15: one open-source project's pull request names prEN 18282 as supporting it.
    (DOC + "eu-ai-act", "15", [
        [ITEM + "eu-ai-act-art-15", "", "prEN 18282", "Artificial intelligence - Cybersecurity specifications for AI Systems",
         VOCAB + "status-under-development", VOCAB + "authority-secondary", DOC + "src-atr-github", STD + "en-18282"]]),
    # Article 43: no page read ties a named item to it.
    (DOC + "eu-ai-act", "43", []),
])
def test_standards_for_provision(kg, law, number, rows):
    result = run(QUERIES["compliance-standards-for-provision"], kg, {"law": law, "number": number})
    assert result_rows(result) == rows


def test_every_provision_support_names_one_authority_and_a_quoted_page(kg):
    unquoted = """PREFIX aistd: <https://w3id.org/aistd-kg/ontology#>
    SELECT ?record WHERE { ?record a aistd:ProvisionSupport .
      FILTER NOT EXISTS { ?record aistd:citation [ aistd:quote ?q ; aistd:sourcePage ?p ; aistd:accessed ?d ] } }"""
    assert list(kg.query(unquoted)) == []


def test_readme_indexes_every_query():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert render_query_index(QUERIES, markdown=True) in readme, "README's query index is stale: paste `aistd-kg queries --markdown`"
