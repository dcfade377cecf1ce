"""The lifecycle ("as of") queries answer for other dates and versions than their defaults.

The defaults are checked against the sources in test_queries.py; here the same queries run
with other parameters on the built graph, and the edition comparison on a small invented
pair of editions that has every kind of change.
"""

from pathlib import Path

import pytest
from rdflib import Graph

from aistd_kg.query.named_queries import load_queries, result_rows, run

REPO = Path(__file__).resolve().parents[1]
QUERIES = load_queries(REPO / "queries")
ID = "https://w3id.org/aistd-kg/id/"


def answer(graph, name, **values):
    return result_rows(run(QUERIES[name], graph, values))


@pytest.mark.parametrize("series, date, version, parts", [
    ("cn-ngai-guide", "2020-12-31", "cn-ngai-guide-2020", 8),  # issued in 2020 (year only)
    ("cn-ai-industry-guide", "2024-06-05", "cn-ai-industry-guide-2024", 7),  # 002 footnote 16
    ("cn-ai-safety-governance-framework", "2025-08-31", "cn-ai-safety-governance-framework-1-0", 0),
    ("cn-ai-safety-governance-framework", "2025-09-30", "cn-ai-safety-governance-framework-2-0", 0),
])
def test_framework_as_of_gives_the_latest_version_issued_by_then(kg, series, date, version, parts):
    rows = answer(kg, "lifecycle-framework-as-of", series=ID + "framework/" + series, date=date)
    assert {row[0] for row in rows} == {ID + "framework/" + version}
    assert len([row for row in rows if row[2]]) == parts


@pytest.mark.parametrize("series, date", [
    ("cn-ngai-guide", "2020-06-30"),  # a year counts only once it has ended
    ("cn-ai-industry-guide", "2024-06-04"),  # the draft is undated; the 2024 edition is not yet out
    ("jiangsu-ai-guide", "2030-01-01"),  # the Jiangsu draft prints no date
])
def test_framework_as_of_shows_nothing_the_sources_do_not_date(kg, series, date):
    assert answer(kg, "lifecycle-framework-as-of", series=ID + "framework/" + series, date=date) == []


def published_by(kg, date):
    return {row[0].removeprefix(ID + "standard/"): row[3:] for row in answer(kg, "lifecycle-standards-published-by", date=date)}


def test_published_by_counts_a_month_or_year_only_once_it_has_ended(kg):
    mid_2024 = published_by(kg, "2024-06-30")
    assert "bs-iso-iec-42001-2023" in mid_2024 and "iso-iec-42001-2023" in mid_2024
    assert "iso-iec-5259-4-2024" not in mid_2024 and "ieee-7003-2024" not in mid_2024
    assert "bs-iso-iec-42001-2023" not in published_by(kg, "2024-01-30")


def test_published_by_takes_the_earliest_evidence_once(kg):
    march_2025 = published_by(kg, "2025-03-31")
    assert march_2025["gb-t-45288-1-2025"] == ["2025-02-28", "http://purl.org/dc/terms/issued"]
    assert "gb-45438-2025" not in march_2025  # issued in 2025, a year that had not ended
    november_2025 = published_by(kg, "2025-11-30")
    assert november_2025["cn-genai-service-security-basic-requirements"] == [
        "2025-11", "https://w3id.org/aistd-kg/ontology#statusAsOf"]
    assert "cn-ai-security-capability-maturity-assessment" not in november_2025  # under development


@pytest.fixture(scope="module")
def editions():
    return Graph().parse(Path(__file__).parent / "fixtures" / "lifecycle" / "editions.ttl")


def test_edition_changes_names_every_kind_of_change(editions):
    rows = answer(editions, "lifecycle-edition-changes", older=ID + "test/old", newer=ID + "test/new", level="1")
    short = [[value.removeprefix(ID + "test/") for value in row] for row in rows]
    assert short == [
        ["added", "", "", "new-e", "戊"],
        ["kept", "old-a", "甲", "new-a", "甲"],
        ["removed", "old-d", "丁", "", ""],
        ["renamed", "old-b", "乙", "new-b", "乙二"],
        ["renamed", "old-c", "丙", "new-c", "丙新"],
    ]


def test_edition_changes_skips_a_level_one_edition_does_not_describe(editions):
    assert answer(editions, "lifecycle-edition-changes", older=ID + "test/old", newer=ID + "test/new", level="2") == []
