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

from aistd_kg.query.named_queries import load_queries, render_query_index, result_rows, run

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


def test_readme_indexes_every_query():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert render_query_index(QUERIES, markdown=True) in readme, "README's query index is stale: paste `aistd-kg queries --markdown`"
