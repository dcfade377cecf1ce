"""Links to external registries: each rule gives exactly the link its rule defines, on every
entity it covers; every link says how it was obtained; curated links carry their source.

Expected links are written by hand from the references in the data (RFC 5141 for the URNs,
the ITU-T Recommendation database's URL pattern, the full-text system's search URL), not
computed by the test.
"""

import re
from collections import Counter

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS
from server_fixtures.harness import REPO

from aistd_kg.namespaces import AISTD, AISTDV, DERIVED_GRAPH, ID, graph_iri

SCHEMA_SAME_AS = URIRef("https://schema.org/sameAs")
LINKS_GRAPH = graph_iri("links")

EXPECTED_ISO_URNS = {
    "iso-iec-22989-2022": "urn:iso:std:iso-iec:22989",
    "iso-iec-23053-2022": "urn:iso:std:iso-iec:23053",
    "iso-iec-tr-24028-2020": "urn:iso:std:iso-iec:tr:24028",
    "iso-iec-tr-24029-1-2021": "urn:iso:std:iso-iec:tr:24029:-1",
    "iso-iec-42001-2023": "urn:iso:std:iso-iec:42001",
    "iso-iec-42005-2025": "urn:iso:std:iso-iec:42005",
    "iso-iec-23894-2023": "urn:iso:std:iso-iec:23894",
    "iso-iec-5259-4-2024": "urn:iso:std:iso-iec:5259:-4",
}
EXPECTED_ITU_T_PAGES = {
    "itu-t-f-748-46": "https://www.itu.int/rec/T-REC-F.748.46",
    "itu-t-y-4472": "https://www.itu.int/rec/T-REC-Y.4472",
    "itu-t-y-3172": "https://www.itu.int/rec/T-REC-Y.3172",
}
OPENSTD_SEARCH = "https://openstd.samr.gov.cn/bzgk/gb/std_list?p.p1=0&p.p90=circulation_date&p.p91=desc&p.p2="
EXPECTED_GB_PAGES = {
    "gb-45438-2025": OPENSTD_SEARCH + "GB%2045438-2025",
    "gb-t-45288-1-2025": OPENSTD_SEARCH + "GB%2FT%2045288.1-2025",
    "gb-t-13016-2018": OPENSTD_SEARCH + "GB%2FT%2013016-2018",
    "gb-t-24421-2-2023": OPENSTD_SEARCH + "GB%2FT%2024421.2-2023",
}
# The references each rule covers: published ISO/IEC deliverables (not projects with a stage
# prefix, amendments or national adoptions), numbered ITU-T Recommendations (not work items
# known by a provisional name), and every national standard.
RULE_SCOPES = {
    AISTDV["registry-iso-urn"]: r"^(ISO|ISO/IEC|IEC)( (TR|TS|PAS|Guide))? [0-9]+(-[0-9]+)?(:[0-9]{4})?$",
    AISTDV["registry-itu-t-recommendation"]: r"^ITU-T [A-Z]\.[0-9]+(\.[0-9]+)*$",
    AISTDV["registry-gb-openstd"]: r"^GB(/T|/Z)? ",
}


def links(kg, registry=None):
    """(entity, link node, registry, target) of every registry link, or of one registry's."""
    return [(entity, link, kg.value(link, AISTD.registry), kg.value(link, AISTD.linkTarget))
            for entity, link in kg.subject_objects(AISTD.registryLink)
            if registry is None or (link, AISTD.registry, registry) in kg]


def targets_by_standard(kg, registry):
    found = {}
    for entity, _, _, target in links(kg, registry):
        assert entity not in found, f"{entity} has two {registry} links"
        found[entity] = target
    return found


@pytest.mark.parametrize("registry, expected", [
    (AISTDV["registry-iso-urn"], EXPECTED_ISO_URNS),
    (AISTDV["registry-itu-t-recommendation"], EXPECTED_ITU_T_PAGES),
    (AISTDV["registry-gb-openstd"], EXPECTED_GB_PAGES),
])
def test_rule_links_are_exactly_the_expected_ones(kg, registry, expected):
    """The hand-written links of the standards the sources name; the catalogue's follow the same rules."""
    found = targets_by_standard(kg, registry)
    chosen = {ID[f"standard/{slug}"] for slug in expected}
    assert {entity: target for entity, target in found.items() if entity in chosen} == {
        ID[f"standard/{slug}"]: URIRef(iri) for slug, iri in expected.items()}


@pytest.mark.parametrize("registry", sorted(RULE_SCOPES))
def test_every_standard_a_rule_covers_has_exactly_one_link_of_it(kg, registry):
    covered = {s for s, identifier in kg.subject_objects(DCTERMS.identifier)
               if (s, RDF.type, AISTD.Standard) in kg and re.match(RULE_SCOPES[registry], str(identifier))}
    assert covered
    counts = Counter(entity for entity, *_ in links(kg, registry))
    assert {s: counts[s] for s in covered} == {s: 1 for s in covered}
    assert set(counts) == covered


def test_a_national_adoption_gets_no_iso_urn(kg):
    adoption = ID["standard/bs-iso-iec-42001-2023"]
    assert (adoption, DCTERMS.identifier, Literal("BS ISO/IEC 42001:2023")) in kg
    assert not [link for entity, link, *_ in links(kg, AISTDV["registry-iso-urn"]) if entity == adoption]


def test_every_link_says_how_it_was_obtained(kg):
    everything = links(kg)
    assert len(everything) > 40
    for entity, link, _registry, target in everything:
        method = list(kg.objects(link, AISTD.obtainedBy))
        assert method in ([AISTDV["link-rule"]], [AISTDV["link-curated"]]), (entity, target, method)
        rules, sources = list(kg.objects(link, AISTD.linkRule)), list(kg.objects(link, AISTD.linkSource))
        if method == [AISTDV["link-rule"]]:
            assert len(rules) == 1 and not sources, (entity, target)
        else:
            assert sources and not rules and kg.value(link, DCTERMS.date) is not None, (entity, target)


def test_curated_links_are_stated_in_the_links_file_and_rule_links_derived(kg):
    for entity, link, _registry, target in links(kg):
        method = kg.value(link, AISTD.obtainedBy)
        where = {g.identifier for g in kg.graphs() if (entity, AISTD.registryLink, link) in g}
        assert where == ({LINKS_GRAPH} if method == AISTDV["link-curated"] else {DERIVED_GRAPH}), (entity, target)


def test_curated_link_sources_name_where_they_were_verified(kg):
    for _, link, _, target in links(kg):
        for source in kg.objects(link, AISTD.linkSource):
            assert isinstance(source, URIRef) and str(source).startswith("https://") or len(str(source)) > 40, (target, source)


def test_wikidata_links_are_item_iris_of_bodies(kg):
    wikidata = links(kg, AISTDV["registry-wikidata"])
    assert {entity for entity, *_ in wikidata} >= {ID["body/iso"], ID["body/itu"], ID["body/ieee"], ID["body/nist"]}
    for _entity, _, _, target in wikidata:
        assert re.fullmatch(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*", str(target)), target
    assert dict((e, t) for e, _, _, t in wikidata)[ID["body/iso"]] == URIRef("http://www.wikidata.org/entity/Q15028")


def test_each_link_gives_its_registrys_direct_property(kg):
    for entity, _, registry, target in links(kg):
        shortcut = kg.value(registry, AISTD.shortcut)
        assert (entity, shortcut, target) in kg, (entity, shortcut, target)
    assert (ID["standard/iso-iec-42001-2023"], AISTD.isoUrn, URIRef("urn:iso:std:iso-iec:42001")) in kg
    assert (ID["standard/itu-t-y-3172"], FOAF.page, URIRef("https://www.itu.int/rec/T-REC-Y.3172")) in kg
    assert (ID["body/iso"], SCHEMA_SAME_AS, URIRef("http://www.wikidata.org/entity/Q15028")) in kg
    assert (ID["body/iso"], FOAF.homepage, URIRef("https://www.iso.org/home.html")) in kg


def test_every_rule_is_documented_with_its_file(kg):
    rules = set(kg.objects(None, AISTD.linkRule))
    assert rules == {AISTDV["rule-iso-urn"], AISTDV["rule-itu-t-recommendation"], AISTDV["rule-gb-openstd-search"]}
    for rule in rules:
        assert sorted(d.language for d in kg.objects(rule, SKOS.definition)) == ["en", "zh"], rule
        path = REPO / str(kg.value(rule, SKOS.note))
        header = " ".join(path.read_text(encoding="utf-8").replace("#", " ").split())
        assert f"(rule aistdv:{str(rule).rsplit('/', 1)[1]})" in header, rule


def test_entity_page_shows_its_registry_links(app_server):
    server = app_server
    reply = server.request("GET", "/id/standard/itu-t-y-3172.html?lang=en")
    assert reply.status == 200
    page = reply.text  # the registry links are among the sources, folded but on the page
    assert page.count('href="https://www.itu.int/rec/T-REC-Y.3172"') == 2  # the link and the page it gives
    assert "ITU-T Recommendations (www.itu.int/rec)" in page and "derived by a documented rule" in page
    assert "ITU-T Recommendation page from its number" in page
