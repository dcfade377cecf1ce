"""The W3C Reconciliation Service API at /reconcile, on the app, every answer checked
against the protocol's JSON schemas (version 0.2, tests/fixtures/reconciliation/)."""

import json
import urllib.parse
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7
from server_fixtures.harness import REPO, in_process
from server_fixtures.seed import write_seed_build

from aistd_kg.namespaces import AISTD

SCHEMAS = Path(__file__).parent / "fixtures" / "reconciliation" / "0.2"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _validators() -> dict[str, Draft7Validator]:
    schemas = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in SCHEMAS.glob("*.json")}
    registry = Registry().with_resources(
        (schema["$id"], Resource(contents=schema, specification=DRAFT7)) for schema in schemas.values())
    return {name: Draft7Validator(schema, registry=registry) for name, schema in schemas.items()}


VALIDATORS = _validators()


def assert_valid(schema: str, instance) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATORS[schema].iter_errors(instance)]
    assert not errors, errors


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    build = tmp_path_factory.mktemp("reconcile") / "build"
    write_seed_build(build)
    with in_process(REPO, build_dir=build) as running:
        yield running


def reconcile(server, queries: dict, method: str = "POST") -> dict:
    assert_valid("reconciliation-query-batch", queries)
    encoded = urllib.parse.urlencode({"queries": json.dumps(queries, ensure_ascii=False)})
    reply = server.request("POST", "/reconcile", encoded, FORM) if method == "POST" else \
        server.request("GET", "/reconcile?" + encoded)
    assert reply.status == 200, reply.text
    assert_valid("reconciliation-result-batch", reply.json)
    return reply.json


def test_the_schemas_reject_what_they_should():
    assert not VALIDATORS["reconciliation-result-batch"].is_valid({"q0": {"result": [{"id": "x", "name": "x"}]}})  # no score
    assert not VALIDATORS["manifest"].is_valid({"versions": ["0.1"], "name": "x", "identifierSpace": "x", "schemaSpace": "x"})
    assert not VALIDATORS["suggest-types-response"].is_valid({"result": [{"id": "x"}]})  # no name (type.json)


def test_manifest(server):
    reply = server.request("GET", "/reconcile")
    manifest = reply.json
    assert_valid("manifest", manifest)
    assert (manifest["identifierSpace"], manifest["schemaSpace"]) == ("https://w3id.org/aistd-kg/id/", str(AISTD))
    assert manifest["view"]["url"] == server.url + "/id/{{id}}"
    assert manifest["preview"]["url"] == server.url + "/reconcile/preview?id={{id}}"
    assert {kind: s["service_url"] + s["service_path"] for kind, s in manifest["suggest"].items()} == {
        kind: f"{server.url}/reconcile/suggest/{kind}" for kind in ("entity", "type", "property")}
    assert [t["name"] for t in manifest["defaultTypes"]] == [
        "Standard", "Planned standard", "Standardization item", "Standardization unit", "Standards organization",
        "Category", "Framework"]
    assert reply.headers["access-control-allow-origin"] == "*"


QUERIES = {
    "adopted-undated": ({"query": "BS ISO/IEC 42001"}, "standard/bs-iso-iec-42001-2023", True),
    "dated": ({"query": "ISO/IEC 42001:2023"}, "standard/iso-iec-42001-2023", True),
    "number": ({"query": "42001"}, "standard/iso-iec-42001-2023", False),  # the BS adoption has it too
    "zh-substring": ({"query": "人工智能可信度", "type": "Standard"}, "standard/iso-iec-tr-24028-2020", False),
    "committee-zh": ({"query": "全国网络安全标准化技术委员会", "type": str(AISTD.CommitteeUnit)}, "body/tc260", True),
    "committee-en": ({"query": "National Cybersecurity Standardization Technical Committee",
                      "type": [str(AISTD.CommitteeUnit)]}, "body/tc260", True),
    "with-committee": ({"query": "ISO/IEC 42001", "properties": [{"pid": "committee", "v": "ISO/IEC JTC 1/SC 42"}]},
                       "standard/iso-iec-42001-2023", True),
    "properties-only": ({"properties": [{"pid": "identifier", "v": "GB/T 45288.1-2025"}]},
                        "standard/gb-t-45288-1-2025", True),
    "limited": ({"query": "智能", "limit": 2}, None, False),
}


@pytest.fixture(scope="module")
def answers(server):
    return reconcile(server, {key: query for key, (query, _, _) in QUERIES.items()})


@pytest.mark.parametrize("key", [key for key, (_, expected, _) in QUERIES.items() if expected])
def test_top_candidate(answers, key):
    _, expected, match = QUERIES[key]
    first = answers[key]["result"][0]
    assert (first["id"], first["match"]) == (expected, match)
    assert not any(candidate["match"] for candidate in answers[key]["result"][1:])


def test_candidates_carry_names_in_the_query_language_types_and_features(answers):
    zh = answers["zh-substring"]["result"][0]
    assert (zh["name"], zh["description"], zh["type"]) == (
        "人工智能可信度概述", "ISO/IEC TR 24028:2020 · Standard", [{"id": str(AISTD.Standard), "name": "Standard"}])
    en = answers["committee-en"]["result"][0]
    assert en["name"] == "National Cybersecurity Standardization Technical Committee (SAC/TC 260)"
    assert (en["score"], en["features"]) == (88.0, [{"id": "name", "value": 0.88}])


def test_properties_refine_the_score(answers):
    first, second = answers["with-committee"]["result"][:2]
    assert first["features"] == [{"id": "name", "value": 0.95}, {"id": "committee", "value": 1.0}]
    assert (first["score"], second["id"], second["score"]) == (97.5, "standard/bs-iso-iec-42001-2023", 40.0)
    only = answers["properties-only"]["result"][0]
    assert (only["score"], only["features"]) == (100.0, [{"id": "identifier", "value": 1.0}])


def test_number_query_ranks_the_original_before_its_adoption(answers):
    assert [(c["id"], c["score"]) for c in answers["number"]["result"][:2]] == [
        ("standard/iso-iec-42001-2023", 85.0), ("standard/bs-iso-iec-42001-2023", 80.0)]


def test_limit_and_order(answers):
    result = answers["limited"]["result"]
    assert len(result) == 2 and result[0]["score"] >= result[1]["score"]


def test_entity_valued_property_and_type_filter(server):
    answer = reconcile(server, {"q": {"query": "42001", "type": ["Standard"], "properties": [
        {"pid": "committee", "v": {"id": "body/iso-iec-jtc1-sc42", "name": "SC 42"}}]}})
    first = answer["q"]["result"][0]
    assert (first["id"], first["features"][1], first["match"]) == (
        "standard/iso-iec-42001-2023", {"id": "committee", "value": 1.0}, True)


def test_get_and_post_answer_alike(server):
    queries = {"q0": {"query": "ISO/IEC 42001:2023"}, "q1": {"query": "人工智能管理体系"}}
    assert reconcile(server, queries, "GET") == reconcile(server, queries, "POST")


@pytest.mark.parametrize("body, status, error", [
    ("queries=not-json", 400, "bad-queries"),
    ("queries=" + urllib.parse.quote('["a"]'), 400, "bad-queries"),
    ("queries=" + urllib.parse.quote('{"q": {"query": "x", "type": "NoSuchClass"}}'), 400, "bad-query"),
    ("queries=" + urllib.parse.quote('{"q": {"query": "x", "properties": [{"pid": "colour", "v": "red"}]}}'), 400, "bad-query"),
    ("queries=" + urllib.parse.quote(json.dumps({f"q{i}": {"query": "x"} for i in range(51)})), 413, "batch-too-large"),
])
def test_bad_batches_are_refused(server, body, status, error):
    reply = server.request("POST", "/reconcile", body, FORM)
    assert (reply.status, reply.json["error"]) == (status, error)


def test_preview_is_escaped_html(server):
    document = urllib.parse.quote("document/china-standardization-gb-45438-interpretation", safe="")
    reply = server.request("GET", "/reconcile/preview?id=" + document)
    assert reply.status == 200 and reply.media_type == "text/html"
    assert "&#34;Cybersecurity technology — Labelling method" in reply.text and '"Cybersecurity' not in reply.text
    assert 'href="/id/document/china-standardization-gb-45438-interpretation"' in reply.text
    assert server.request("GET", "/reconcile/preview?id=standard/no-such-thing").status == 404


def test_view_template_leads_to_the_entity_page(server):
    view = server.request("GET", "/reconcile").json["view"]["url"]
    path = view.replace("{{id}}", urllib.parse.quote("standard/iso-iec-42001-2023", safe=""))[len(server.url):]
    reply = server.request("GET", path, headers={"Accept": "text/html"})
    assert (reply.status, reply.headers["location"]) == (303, "/id/standard/iso-iec-42001-2023.html")


def suggest(server, kind: str, schema: str, **params) -> list:
    reply = server.request("GET", f"/reconcile/suggest/{kind}?" + urllib.parse.urlencode(params))
    assert reply.status == 200, reply.text
    assert_valid(schema, reply.json)
    return reply.json["result"]


def test_suggest_entity(server):
    result = suggest(server, "entity", "suggest-entities-response", prefix="全国信标委")
    assert (result[0]["id"], result[0]["name"], result[0]["notable"]) == (
        "body/tc28", "全国信息技术标准化技术委员会", [{"id": str(AISTD.TechnicalCommittee), "name": "Technical committee"}])
    more = suggest(server, "entity", "suggest-entities-response", prefix="全国信标委", cursor=1)
    assert more[0] == result[1]


def test_suggest_type_and_property(server):
    types = suggest(server, "type", "suggest-types-response", prefix="committee")
    assert [t["id"] for t in types] == [str(AISTD[name]) for name in ("CommitteeUnit", "Subcommittee", "TechnicalCommittee")]
    assert types[1]["broader"] == [{"id": str(AISTD.CommitteeUnit), "name": "Standardization unit"}]
    assert [t["id"] for t in suggest(server, "type", "suggest-types-response", prefix="类目")] == [str(AISTD.Category)]
    properties = suggest(server, "property", "suggest-properties-response", prefix="comm")
    assert [p["id"] for p in properties] == ["committee"]
    assert server.request("GET", "/reconcile/suggest/entity").status == 400
