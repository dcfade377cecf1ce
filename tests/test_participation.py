"""The participation pathways into the international and foreign bodies (data/participation.ttl).

The file-level tests read the data file alone (fast); the graph-level ones check the answers
of the named query participation-ways-into on the built graph, where a pathway into a parent
body reaches its committees and groups through org:subOrganizationOf.
"""

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace
from rdflib.namespace import DCTERMS, RDFS

from aistd_kg.query.named_queries import load_queries, run

REPO = Path(__file__).resolve().parents[1]
AISTD = Namespace("https://w3id.org/aistd-kg/ontology#")
AISTDV = Namespace("https://w3id.org/aistd-kg/vocab/")
BODY = Namespace("https://w3id.org/aistd-kg/id/body/")
MISC = Namespace("https://w3id.org/aistd-kg/id/item/")

# Every pathway of the file and the bodies it leads into, as the pages state them.
EXPECTED_INTO = {
    "participation-iso-expert-through-national-member-body": {"iso"},
    "participation-iso-propose-through-national-member": {"iso"},
    "participation-iec-expert-through-national-committee": {"iec"},
    "participation-iec-expert-through-liaison-organization": {"iec"},
    "participation-china-registered-expert-iso-iec": {"iso", "iec"},
    "participation-jtc21-working-groups-through-national-body": {"cen-clc-jtc21"},
    "participation-cen-cenelec-through-national-member": {"cen", "cenelec"},
    "participation-itu-t-sector-member": {"itu-t"},
    "participation-itu-t-associate": {"itu-t"},
    "participation-itu-t-academia": {"itu-t"},
    "participation-itu-t-fg-ai4ad-open": {"itu-t-fg-ai4ad"},
    "participation-ieee-sa-individual-working-group": {"ieee-sa"},
    "participation-ieee-sa-entity-working-group": {"ieee-sa"},
}


@pytest.fixture(scope="module")
def data():
    return Graph().parse(REPO / "data" / "participation.ttl")


def pathways(graph):
    return sorted(graph.subjects(RDF.type, AISTD.Pathway))


def test_the_file_holds_exactly_the_expected_pathways(data):
    assert {str(p).removeprefix(str(MISC)) for p in pathways(data)} == set(EXPECTED_INTO)


@pytest.mark.parametrize("slug", sorted(EXPECTED_INTO))
def test_each_pathway_leads_into_the_stated_bodies(data, slug):
    into = {str(b).removeprefix(str(BODY)) for b in data.objects(MISC[slug], AISTD.pathwayInto)}
    assert into == EXPECTED_INTO[slug]


def test_every_pathway_has_an_action_a_channel_or_description_and_both_labels(data):
    for pathway in pathways(data):
        assert set(data.objects(pathway, AISTD.pathwayAction)) <= {
            AISTDV["action-join"], AISTDV["action-propose"], AISTDV["action-draft"], AISTDV["action-comment"]}
        assert list(data.objects(pathway, AISTD.pathwayAction)), pathway
        assert list(data.objects(pathway, AISTD.channel)) or list(data.objects(pathway, DCTERMS.description)), pathway
        for lang in ("zh", "en"):
            labels = [label for label in data.objects(pathway, RDFS.label) if label.language == lang]
            assert len(labels) == 1, (pathway, lang)
            descriptions = [d for d in data.objects(pathway, DCTERMS.description) if d.language == lang]
            assert len(descriptions) == 1, (pathway, lang)


def test_every_pathway_cites_a_page_it_quotes_seen_on_the_date(data):
    for pathway in pathways(data):
        citations = list(data.objects(pathway, AISTD.citation))
        assert citations, pathway
        for citation in citations:
            assert str(next(data.objects(citation, AISTD.sourcePage))).startswith("http"), pathway
            assert str(next(data.objects(citation, AISTD.quote))).strip(), pathway
            assert str(next(data.objects(citation, AISTD.accessed))) == "2026-12-07", pathway


def test_actions_and_channels_are_as_the_pages_state(data):
    assert set(data.objects(MISC["participation-iso-propose-through-national-member"], AISTD.pathwayAction)) == {
        AISTDV["action-propose"]}
    others = [p for p in pathways(data) if p != MISC["participation-iso-propose-through-national-member"]]
    assert all(set(data.objects(p, AISTD.pathwayAction)) == {AISTDV["action-join"]} for p in others)
    channels = {str(p).removeprefix(str(MISC)): {str(c).removeprefix(str(BODY)) for c in data.objects(p, AISTD.channel)}
                for p in pathways(data)}
    assert {slug: c for slug, c in channels.items() if c} == {
        "participation-china-registered-expert-iso-iec": {"sac"},
        "participation-ieee-sa-entity-working-group": {"ieee-sa"},
    }


def test_no_legal_basis_is_claimed_without_a_stated_article(data):
    assert not list(data.subject_objects(AISTD.legalBasis))


# ---------------------------------------------------------------------------------------
# The named query on the built graph
# ---------------------------------------------------------------------------------------


def ways_into(kg, body: str) -> set[tuple[str, str]]:
    """(body led into, pathway) pairs the named query answers for a body."""
    query = load_queries(REPO / "queries")["participation-ways-into"]
    rows = run(query, kg, {"body": str(BODY[body])})
    return {(str(row.into).removeprefix(str(BODY)), str(row.pathway).removeprefix(str(MISC))) for row in rows}


def test_the_ways_into_sc42_are_the_iso_and_iec_routes(kg):
    assert ways_into(kg, "iso-iec-jtc1-sc42") == {
        ("iso", "participation-iso-expert-through-national-member-body"),
        ("iso", "participation-iso-propose-through-national-member"),
        ("iso", "participation-china-registered-expert-iso-iec"),
        ("iec", "participation-iec-expert-through-national-committee"),
        ("iec", "participation-iec-expert-through-liaison-organization"),
        ("iec", "participation-china-registered-expert-iso-iec"),
    }


def test_a_sc42_working_group_inherits_the_same_routes(kg):
    assert ways_into(kg, "iso-iec-jtc1-sc42-wg3") == ways_into(kg, "iso-iec-jtc1-sc42")


def test_the_ways_into_an_itu_t_focus_group(kg):
    assert ways_into(kg, "itu-t-fg-ai4ad") == {
        ("itu-t-fg-ai4ad", "participation-itu-t-fg-ai4ad-open"),
        ("itu-t", "participation-itu-t-sector-member"),
        ("itu-t", "participation-itu-t-associate"),
        ("itu-t", "participation-itu-t-academia"),
    }


def test_the_ways_into_a_jtc21_working_group(kg):
    assert ways_into(kg, "cen-clc-jtc21-wg1") == {
        ("cen-clc-jtc21", "participation-jtc21-working-groups-through-national-body"),
        ("cen", "participation-cen-cenelec-through-national-member"),
        ("cenelec", "participation-cen-cenelec-through-national-member"),
    }


def test_the_beijing_pathways_still_lead_into_tc28_sc42(kg):
    assert {p for _, p in ways_into(kg, "tc28-sc42")} == {
        "beijing-guide-pathway-join-tc28-sc42-public-call",
        "beijing-guide-pathway-join-tc28-sc42-supplement",
        "beijing-guide-pathway-join-tc28-sc42-member-unit",
    }
