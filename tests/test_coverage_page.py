"""The coverage page of a framework: its categories in the tree's order with what covers them, gaps marked."""

import re

import pytest

PAGE = "/frameworks/cn-ai-industry-guide-draft/coverage"
ROW = re.compile(r'<tr data-iri="[^"]+/category/(cn-ai-industry-guide-draft-[0-9-]+)">(.*?)</tr>', re.S)
NOTHING_YET = {"2-3": "Intelligent sensor standards", "3-10": "Swarm intelligence standards",
               "3-12": "Embodied intelligence standards", "5-2": "Smart home standards",
               "5-4": "Scientific intelligent computing standards"}
DEVELOPMENT_ONLY = {"4-3": "Intelligent mobile terminal standards", "5-1": "Intelligent manufacturing standards"}


def rows(client, path: str, lang: str = "en", **arguments: str) -> dict[str, str]:
    reply = client.get(path, query_string={"lang": lang, **arguments})
    assert reply.status_code == 200
    return {slug.removeprefix("cn-ai-industry-guide-draft-"): re.sub(r"<[^>]+>", " ", cells)
            for slug, cells in ROW.findall(reply.get_data(as_text=True))}


def test_every_category_is_listed_parts_first_then_their_sub_areas(client):
    listed = list(rows(client, PAGE))
    assert len(listed) == 42 and listed[0] == "1" and listed[1] == "1-1"
    assert listed.index("2") > listed.index("1-1") and all(s.count("-") <= 1 for s in listed)


def test_the_gaps_alone_are_the_seven_sub_areas_without_published_standards(client):
    gaps = rows(client, PAGE, show="gaps")
    assert set(gaps) == set(NOTHING_YET) | set(DEVELOPMENT_ONLY), gaps.keys()
    assert all(name in gaps[slug] and "nothing yet" in gaps[slug] for slug, name in NOTHING_YET.items())
    assert all(name in gaps[slug] and "in development only" in gaps[slug] for slug, name in DEVELOPMENT_ONLY.items())


def test_the_page_is_in_chinese_with_the_gap_named_in_chinese(client):
    gaps = rows(client, PAGE, lang="zh", show="gaps")
    assert "尚无标准" in gaps["2-3"] and "智能传感器标准" in gaps["2-3"] and "仅有在研项目" in gaps["4-3"]


@pytest.mark.parametrize("path", ("/frameworks/no-such-framework/coverage", "/frameworks/..%2Fetc/coverage"))
def test_an_unknown_framework_is_a_404(client, path):
    assert client.get(path).status_code == 404
