"""The search index (linking/search_index.py) on the project's own data, and /search on the app."""

import sqlite3
import urllib.parse

import pyoxigraph
import pytest
from server_fixtures.harness import REPO, in_process
from server_fixtures.seed import write_seed_build

from aistd_kg.linking import search_index
from aistd_kg.linking.search_index import FILE, SearchIndex, StaleIndex, build, is_current
from aistd_kg.namespaces import AISTD, ID
from aistd_kg.store.local import publish

STANDARD, COMMITTEE_UNIT = str(AISTD.Standard), str(AISTD.CommitteeUnit)


@pytest.fixture(scope="module")
def artifact(tmp_path_factory):
    return write_seed_build(tmp_path_factory.mktemp("search") / "build")


@pytest.fixture(scope="module")
def store(artifact):
    loaded = pyoxigraph.Store()
    loaded.bulk_load(path=str(artifact), format=pyoxigraph.RdfFormat.TRIG)
    return loaded


@pytest.fixture(scope="module")
def index(store):
    return SearchIndex.of_store(store)


@pytest.fixture(scope="module")
def server(artifact):
    with in_process(REPO, build_dir=artifact.parent) as running:
        yield running


def top(index, text, types=(), limit=3):
    return [(hit.entity.iri[len(ID):], hit.match.field, hit.match.score) for hit in index.search(text, types, limit)]


def test_index_holds_every_labelled_entity_of_the_graph(store, index):
    expected = {row["s"].value for row in store.query(
        "SELECT DISTINCT ?s { ?s <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#prefLabel> ?l "
        f"FILTER(STRSTARTS(STR(?s), '{ID}')) }}", use_default_graph_as_union=True)}
    indexed = {iri for (iri,) in index.db.execute("SELECT iri FROM entities")}
    assert indexed == expected and len(indexed) > 1000


@pytest.mark.parametrize("text, expected", [
    ("42001", [("standard/iso-iec-42001-2023", "identifier", 0.85), ("standard/bs-iso-iec-42001-2023", "identifier", 0.8)]),
    ("ISO/IEC 42001", [("standard/iso-iec-42001-2023", "identifier", 0.95), ("standard/bs-iso-iec-42001-2023", "identifier", 0.8)]),
    ("BS ISO/IEC 42001", [("standard/bs-iso-iec-42001-2023", "identifier", 0.95), ("standard/iso-iec-42001-2023", "identifier", 0.8)]),
    ("ISO/IEC 42001:2023", [("standard/iso-iec-42001-2023", "identifier", 1.0), ("standard/bs-iso-iec-42001-2023", "identifier", 0.8)]),
    ("GB/T 45288", [("standard/gb-t-45288-1-2025", "identifier", 0.75)]),
    ("ｇｂ　４５４３８—２０２５", [("standard/gb-45438-2025", "identifier", 1.0)]),
    ("TC260", [("body/tc260", "code", 0.9)]),
    ("GBT45288.1", [("standard/gb-t-45288-1-2025", "identifier", 0.95)]),  # joined: as "GB/T 45288.1"
    ("gbt-45288.1-2025", [("standard/gb-t-45288-1-2025", "identifier", 1.0)]),
    ("ISOIEC42001", [("standard/iso-iec-42001-2023", "identifier", 0.95)]),
    ("GBT45288", [("standard/gb-t-45288-1-2025", "identifier", 0.75)]),  # a series, joined
])
def test_identifier_and_code_search(index, text, expected):
    assert top(index, text, limit=len(expected)) == expected


@pytest.mark.parametrize("text, types, expected", [
    ("管理体系", (STANDARD,), ("standard/iso-iec-42001-2023", "label", 0.6)),
    ("人工智能风险", (STANDARD,), ("standard/din-en-18228", "label", 0.7875)),  # AI risk management, DIN's edition of prEN 18228
    ("risk management", (STANDARD,), ("standard/din-en-18228", "label", 0.7125)),
    ("全国网络安全标准化技术委员会", (COMMITTEE_UNIT,), ("body/tc260", "label", 0.88)),
    ("National Cybersecurity Standardization Technical Committee", (COMMITTEE_UNIT,), ("body/tc260", "label", 0.88)),
    ("基础标准工作组", (COMMITTEE_UNIT,), ("body/iso-iec-jtc1-sc42-wg1", "altLabel", 0.85)),
    ("信标", (), ("body/tc28", "altLabel", 0.57)),  # two characters: below a trigram, found in the pairs table
])
def test_label_search(index, text, types, expected):
    assert top(index, text, types, limit=1) == [expected]


@pytest.mark.parametrize("text", ["SC 42", "SC42", "sc-42", "Sc42"])
def test_committee_codes_joined_or_spaced_find_the_same_committees(index, text):
    """"SC42" finds the Chinese mirror committee (SAC/TC 28/SC 42) as "SC 42" does."""
    found = [iri for iri, _, _ in top(index, text, (COMMITTEE_UNIT,), limit=3)]
    assert found[0] == "body/iso-iec-jtc1-sc42" and "body/tc28-sc42" in found


@pytest.mark.parametrize("text", ["JTC 21", "JTC21", "jtc-21"])
def test_jtc21_joined_or_spaced(index, text):
    assert top(index, text, limit=1) == [("body/cen-clc-jtc21", "code", 0.9)]


def test_one_character_finds_labels_containing_it(index):
    hits = index.search("人", limit=100)
    assert len(hits) == 100 and all("人" in hit.match.value for hit in hits)


def test_short_zh_queries_come_from_the_pairs_table_not_a_scan(index, monkeypatch):
    monkeypatch.setattr(search_index, "SHORT_SCAN", 0)  # the LIKE scan of short texts finds nothing now
    assert top(index, "信标", limit=1) == [("body/tc28", "altLabel", 0.57)]
    assert top(index, "ML", (STANDARD,)) == []


def test_two_latin_letters_are_found_inside_short_texts(index):
    hits = index.search("ML", (STANDARD,), 5)
    assert hits and all("ML" in hit.match.value for hit in hits)
    assert "standard/iso-iec-23053-2022" in [hit.entity.iri[len(ID):] for hit in hits]


def test_type_filter_counts_superclasses(store, index):
    units = {row["s"].value for row in store.query(
        f"SELECT ?s {{ ?s a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{COMMITTEE_UNIT}> }}",
        use_default_graph_as_union=True)}
    hits = index.search("工作组", (COMMITTEE_UNIT,), limit=50)
    kinds = {kind for hit in hits for kind in hit.entity.types}
    assert str(AISTD.WorkingGroup) in kinds and {hit.entity.iri for hit in hits} <= units
    assert len(index.search("42001", (COMMITTEE_UNIT,), limit=50)) < len(index.search("42001", (), limit=50))


def test_types_resolve_from_short_and_prefixed_names(index):
    assert {index.resolve_type(name) for name in ("Standard", "aistd:Standard", STANDARD)} == {STANDARD}
    assert index.resolve_type("Document") == str(AISTD.Document)  # aistd's before foaf:Document
    assert index.resolve_type("foaf:Document") == "http://xmlns.com/foaf/0.1/Document"
    assert index.resolve_type("NoSuchClass") is None


def test_build_writes_atomically(tmp_path):
    with pytest.raises(AttributeError):
        build(object(), tmp_path / FILE)  # not a store: nothing may be left behind
    assert list(tmp_path.iterdir()) == []


def test_an_index_of_another_format_is_refused_and_republished(artifact, tmp_path):
    stores = tmp_path / "store"
    target = publish(artifact, stores)
    with sqlite3.connect(target / FILE) as connection:  # as if written by a version with another format
        connection.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
    with pytest.raises(StaleIndex, match=f"search index format 0, not {search_index.FORMAT}"):
        SearchIndex.open(target / FILE)
    assert not is_current(target / FILE) and not is_current(tmp_path / "missing.sqlite")
    assert publish(artifact, stores) == target and is_current(target / FILE)  # loaded again


def test_the_index_is_published_with_the_store(server, index):
    published = SearchIndex.open(server.build_dir / "store" / "current" / FILE)
    count = published.db.execute("SELECT COUNT(*) FROM entities").fetchone()
    assert count == index.db.execute("SELECT COUNT(*) FROM entities").fetchone()
    with pytest.raises(Exception, match="readonly"):
        published.db.execute("DELETE FROM entities")


def get(server, **params):
    return server.request("GET", "/search?" + urllib.parse.urlencode(params, doseq=True))


def test_search_answers_the_documented_shape(server):
    reply = get(server, q="42001", limit=1)
    assert reply.status == 200 and reply.media_type == "application/json"
    assert reply.json == {"query": "42001", "total": 10, "offset": 0, "limit": 1, "facets": FACETS_42001, "results": [{
        "id": "https://w3id.org/aistd-kg/id/standard/iso-iec-42001-2023", "type": [STANDARD],
        "label": {"zh": "人工智能管理体系", "en": "Information technology — Artificial intelligence — Management system"},
        "identifier": "ISO/IEC 42001:2023", "code": None, "framework": None, "score": 0.85, "matched": "identifier"}]}
    assert reply.headers["access-control-allow-origin"] == "*"


FACETS_42001 = [{"type": str(AISTD[name]), "label": {"en": en, "zh": zh}, "count": count} for name, en, zh, count in (
    ("Classification", "Classification", "归类", 4), ("Standard", "Standard", "标准", 2),
    ("StatusRecord", "Status record", "状态记录", 2), ("Adoption", "Adoption", "采标", 1),
    ("Participation", "Participation", "参与关系", 1))]


@pytest.mark.parametrize("joined, spaced", [
    ("SC42", "SC 42"), ("sc-42", "SC 42"), ("JTC21", "JTC 21"), ("jtc-21", "JTC 21"),
    ("GBT45288.1", "GB/T 45288.1"), ("gbt-45288.1-2025", "GB/T 45288.1-2025"), ("ISOIEC42001", "ISO/IEC 42001"),
])
def test_joined_identifiers_and_codes_find_what_their_spaced_forms_find(server, joined, spaced):
    answers = [get(server, q=text, limit=100).json for text in (joined, spaced)]
    assert answers[0]["total"] == answers[1]["total"] > 0
    assert answers[0]["results"][0]["id"] == answers[1]["results"][0]["id"]
    assert {r["id"] for r in answers[0]["results"]} == {r["id"] for r in answers[1]["results"]}


def test_pages_of_results_add_up_to_the_true_total(server):
    whole = get(server, q="SC42", type="CommitteeUnit", limit=100).json
    assert whole["total"] == len(whole["results"]) == 30
    assert [r["id"] for r in whole["results"][:2]] == [str(ID["body/iso-iec-jtc1-sc42"]), str(ID["body/tc28-sc42"])]
    pages = [get(server, q="SC42", type="CommitteeUnit", limit=10, offset=offset).json for offset in (0, 10, 20, 30)]
    assert [page["total"] for page in pages] == [30] * 4 and [page["offset"] for page in pages] == [0, 10, 20, 30]
    assert [r["id"] for page in pages for r in page["results"]] == [r["id"] for r in whole["results"]]
    assert pages[-1]["results"] == []


def test_facets_count_every_match_by_type_whatever_the_filter(server):
    unfiltered = get(server, q="42001").json
    standards = get(server, q="42001", type="Standard").json
    assert unfiltered["facets"] == standards["facets"] == FACETS_42001
    assert (unfiltered["total"], standards["total"]) == (10, 2)
    assert [r["id"] for r in standards["results"]] == [str(ID["standard/iso-iec-42001-2023"]),
                                                       str(ID["standard/bs-iso-iec-42001-2023"])]


def test_same_named_categories_are_told_apart_by_their_frameworks(server):
    results = get(server, q="Basic and common", type="Category", limit=3).json["results"]
    assert [(r["label"]["en"], r["framework"]["label"]["en"]) for r in results] == [
        ("Basic and common", "Guidelines for the Construction of the National Comprehensive Standardization System for the AI "
                             "Industry (2024 edition)"),
        ("Basic and common", "Guidelines for the Construction of the National New-Generation AI Standard System (2020)"),
        ("Basic and common", "Shanghai New-Generation AI Standard System (Trial)")]


def test_search_reports_code_and_label_matches(server):
    code = get(server, q="SC 42", limit=1).json["results"][0]
    assert (code["id"], code["code"], code["matched"]) == (str(ID["body/iso-iec-jtc1-sc42"]), "SC 42", "code")
    alternative = get(server, q="基础标准工作组", type="CommitteeUnit", limit=1).json["results"][0]
    assert (alternative["id"], alternative["matched"]) == (str(ID["body/iso-iec-jtc1-sc42-wg1"]), "label")


def test_search_type_names_are_equivalent_and_repeatable(server):
    answers = [get(server, q="委员会", type=name, limit=20).json["results"]
               for name in ("CommitteeUnit", "aistd:CommitteeUnit", COMMITTEE_UNIT)]
    assert answers[0] == answers[1] == answers[2] and answers[0]
    both = get(server, q="42001", type=["CommitteeUnit", "Standard"]).json["results"]
    assert [r["id"] for r in both[:2]] == [str(ID["standard/iso-iec-42001-2023"]), str(ID["standard/bs-iso-iec-42001-2023"])]


@pytest.mark.parametrize("params, error", [
    ({}, "bad-query"), ({"q": " "}, "bad-query"), ({"q": "x" * 201}, "bad-query"),
    ({"q": "42001", "limit": "0"}, "bad-parameter"), ({"q": "42001", "limit": "101"}, "bad-parameter"),
    ({"q": "42001", "limit": "ten"}, "bad-parameter"), ({"q": "42001", "type": "NoSuchClass"}, "unknown-type"),
    ({"q": "42001", "offset": "-1"}, "bad-parameter"), ({"q": "42001", "offset": "100001"}, "bad-parameter"),
])
def test_search_refuses_bad_requests(server, params, error):
    reply = get(server, **params)
    assert (reply.status, reply.json["error"]) == (400, error)
