"""The participation advisor (/advisor): topics matched, committees with evidence, counterparts, ways to join.

The topic tests are fast; the answers are read over HTTP from the app serving the built graph.
"""

import pytest

from aistd_kg.advice.topics import Topic

ID = "https://w3id.org/aistd-kg/id/"
DRAFT = f"{ID}category/cn-ai-industry-guide-draft-"


@pytest.mark.parametrize(("topic", "text"), [
    ("biometrics", "Biometric recognition standards"),
    ("risk management", "management of risks to health and safety"),
    ("Large Models", "Large model standards"),
    ("大模型", "大模型标准"),
    ("数据 标注", "包括数据标注、数据治理、数据质量等标准。"),
])
def test_a_topic_matches_texts_that_name_it(topic, text):
    assert Topic.of(topic).matches(text)


@pytest.mark.parametrize(("topic", "text"), [
    ("risk management", "risk assessment"),
    ("biometrics", "Bioinformatics"),
    ("大模型", "模型训练"),
    ("of the", "Terminology of the standards"),
])
def test_a_topic_does_not_match_texts_that_do_not_name_it(topic, text):
    assert not Topic.of(topic).matches(text)


def advice(client, topic: str) -> dict:
    response = client.get("/advisor", query_string={"topic": topic}, headers={"Accept": "application/json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def committee(answer: dict, slug: str) -> dict:
    found = [c for c in answer["committees"] if c["iri"] == f"{ID}body/{slug}"]
    assert found, [c["iri"] for c in answer["committees"]]
    return found[0]


def test_large_models_lead_to_tc28_sc42_and_its_ways_to_join(client):
    answer = advice(client, "大模型")
    categories = {c["iri"] for c in answer["categories"]}
    assert {f"{DRAFT}3-3", f"{ID}category/jiangsu-ai-guide-2025-draft-cc"} <= categories
    tc28_sc42 = committee(answer, "tc28-sc42")
    assert {"basis": "responsibility", "category": f"{DRAFT}3-3",
            "record": f"{ID}relation/tc28-sc42-responsible-for-cn-ai-industry-guide-draft-3-3",
            "confidence": 0.7} in tc28_sc42["evidence"]
    assert [(c["direction"], c["mirrored"]) for c in tc28_sc42["counterparts"]] == [
        ("mirrors", f"{ID}body/iso-iec-jtc1-sc42")]
    assert {w["pathway"].rsplit("/", 1)[1] for w in tc28_sc42["waysToJoin"]} == {
        "beijing-guide-pathway-join-tc28-sc42-public-call", "beijing-guide-pathway-join-tc28-sc42-supplement",
        "beijing-guide-pathway-join-tc28-sc42-member-unit"}
    assert answer["labels"][f"{ID}body/tc28-sc42"]["zh"] == "全国信息技术标准化技术委员会人工智能分技术委员会"
    assert f"{ID}planned-standard/jiangsu-ai-guide-2025-draft-11" in {p["planned"] for p in answer["planned"]}


def test_sc42_is_joined_through_iso_and_iec_and_mirrored_by_tc28_sc42(client):
    answer = advice(client, f"{DRAFT}3-3")
    sc42 = committee(answer, "iso-iec-jtc1-sc42")
    assert {"basis": "standards", "category": f"{DRAFT}3-3", "standards": 1, "published": 0, "inDevelopment": 1} \
        in sc42["evidence"]
    china = [c for c in sc42["counterparts"] if c["jurisdiction"] == f"{ID}jurisdiction/china"]
    assert [(c["counterpart"], c["relation"]) for c in china] == [
        (f"{ID}body/tc28-sc42", f"{ID}relation/beijing-guide-tc28-sc42-mirrors-iso-iec-jtc1-sc42")]
    into = {(w["into"].rsplit("/", 1)[1], w["via"].rsplit("/", 1)[1]) for w in sc42["waysToJoin"]}
    assert {("iso", "iso-iec-jtc1-sc42"), ("iec", "iso-iec-jtc1-sc42"), ("tc28-sc42", "tc28-sc42")} <= into
    assert all(w["pages"] for w in sc42["waysToJoin"] if w["into"] != f"{ID}body/tc28-sc42")
    on_topic = [s["identifier"] for s in sc42["inDevelopment"] if s["onTopic"]]
    assert on_topic == ["ISO/IEC 22989:2022/DAmd 1"]


@pytest.mark.parametrize(("topic", "category", "slug"), [
    ("biometrics", f"{DRAFT}3-7", None),
    ("risk management", None, "tc28-sc42"),
    ("数据标注", f"{DRAFT}2-1", None),
])
def test_free_text_topics_are_answered(client, topic, category, slug):
    answer = advice(client, topic)
    assert answer["committees"], answer["noneKnown"]
    if category:
        assert category in {c["iri"] for c in answer["categories"]}
    if slug:
        assert {"basis": "scope"} in committee(answer, slug)["evidence"]


def test_every_sub_area_of_the_national_draft_is_answered_or_said_to_be_unknown(client):
    areas = client.get("/queries/frameworks-category-tree",
                       query_string={"framework": f"{ID}framework/cn-ai-industry-guide-draft", "format": "json"})
    subareas = [row["category"]["value"] for row in areas.get_json()["results"]["bindings"]
                if row["level"]["value"] == "2"]
    assert len(subareas) == 36
    unknown = []
    for area in subareas:
        answer = advice(client, area)
        if not answer["committees"]:
            assert "committees" in answer["noneKnown"]
            unknown.append(area.rsplit("-", 2)[-2] + "-" + area.rsplit("-", 1)[-1])
        for found in answer["committees"]:
            assert found["evidence"]
            assert bool(found["waysToJoin"]) != ("waysToJoin" in found["noneKnown"])
            assert bool(found["counterparts"]) != ("counterparts" in found["noneKnown"])
    assert unknown == ["2-3", "3-10", "3-12"]


def test_a_topic_is_required_from_clients_and_a_page_is_shown_to_browsers(client):
    refused = client.get("/advisor", headers={"Accept": "application/json"})
    assert refused.status_code == 400 and refused.get_json()["error"] == "bad-topic"
    unknown = client.get("/advisor", query_string={"topic": f"{ID}category/nothing"}, headers={"Accept": "application/json"})
    assert unknown.status_code == 400 and "is not a category of the graph" in unknown.get_json()["message"]
    page = client.get("/advisor?lang=zh", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "参与建议" in page and "大模型标准" in page
    answered = client.get("/advisor", query_string={"topic": "大模型", "lang": "en"},
                          headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Participation advisor" in answered and "Ways to take part" in answered
    assert "Apply to become a member of SAC/TC 28/SC 42 outside establishment and renewal periods" in answered
