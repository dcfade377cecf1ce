"""Fidelity of data/wic-report.ttl to the WIC Global AI Standards Development Report (seed 002).

The expected counts and values are parsed here, independently of the data, from the source
text itself:
- chapter 04 (发展展望与建议): four sections, each a list of recommendations marked 一是, 二是, …
  in bold; 14 in all;
- chapter 03 (全球人工智能标准化的挑战和困难): four sections, each a challenge whose parts are
  marked in bold 一是 / 二是 / 三是 or 一方面 / 另一方面;
- chapter 05 (附录：全球负责任的人工智能标准实践案例): seven themed sections, each a run of case
  paragraphs (a paragraph broken by a page break is joined again: a line that does not end a
  sentence continues on the next);
- the figures, parsed with a pattern each from the sentence that states them.
Each recommendation, challenge and case in the graph must be in the right section with its
heading in the source; each figure must carry the value the source prints; the report's own
errors are kept as contradicted claims with the value it prints, and the graph follows the
evidence.
"""

import re
from collections import Counter

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

SEED = "002_b2e644f494bbfb5c.txt"
ID = "https://w3id.org/aistd-kg/id/"
PREFIXES = """
PREFIX aistd:   <https://w3id.org/aistd-kg/ontology#>
PREFIX aistdv:  <https://w3id.org/aistd-kg/vocab/>
PREFIX rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX doc:     <https://w3id.org/aistd-kg/id/document/>
"""
NUMERALS = "一二三四五六七"


def bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def text(seeds_dir):
    return (seeds_dir / SEED).read_text(encoding="utf-8")


def chapter(text: str, start: str, end: str) -> str:
    """The body of a chapter: from its heading line (after the table of contents) to the next."""
    lines = text.split("\n")
    first = max(i for i, line in enumerate(lines) if line.strip() == start)
    last = next(i for i in range(first + 1, len(lines)) if lines[i].strip().startswith(end))
    return "\n".join(lines[first + 1 : last])


def sections(body: str) -> dict[int, str]:
    """Sections of a chapter keyed 1, 2, … by their heading (一) / （一）."""
    parts = re.split(r"^[（(]\s?([一二三四五六七])\s?[)）]\s?\S.*$", body, flags=re.MULTILINE)
    return {NUMERALS.index(parts[i]) + 1: parts[i + 1] for i in range(1, len(parts), 2)}


@pytest.fixture(scope="module")
def chapter03(text):
    return sections(chapter(text, "03 全球人工智能标准化的挑战和困难", "04 发展展望与建议"))


@pytest.fixture(scope="module")
def chapter04(text):
    return sections(chapter(text, "04 发展展望与建议", "05 附录"))


@pytest.fixture(scope="module")
def chapter05(text):
    return sections(text.split("05 附录：全球负责任的人工智能标准实践案例")[-1])


NUMERIC = {XSD.integer, XSD.decimal, XSD.int, XSD.double}


def value(v):
    if v is None:
        return None
    if isinstance(v, Literal) and v.datatype in NUMERIC:
        return v.toPython()
    return str(v)


def rows(kg, query):
    return [tuple(value(v) for v in row) for row in kg.query(PREFIXES + query)]


def section_number(section: str) -> int:
    return NUMERALS.index(re.search(r"[（(]\s?([一二三四五六七])", section).group(1)) + 1


# ---------------------------------------------------------------------------------------
# Chapter 04: recommendations
# ---------------------------------------------------------------------------------------

RECOMMENDATION_MARK = re.compile(r"\*\*[一二三四五]是\*\*")


def test_parser_finds_fourteen_recommendations(chapter04):
    counts = {n: len(RECOMMENDATION_MARK.findall(body)) for n, body in chapter04.items()}
    assert counts == {1: 3, 2: 4, 3: 4, 4: 3}
    assert sum(counts.values()) == 14


@pytest.fixture(scope="module")
def recommendations(kg):
    return rows(kg, """
        SELECT ?r ?section ?position ?zh ?group WHERE {
          ?r a aistd:Recommendation ; aistd:describedIn doc:wic-global-report ; aistd:section ?section ;
             aistd:position ?position ; aistd:addressedTo ?group ; rdfs:label ?zh . FILTER(LANG(?zh) = "zh") }""")


def test_every_recommendation_is_in_the_graph(chapter04, recommendations):
    expected = Counter({n: len(RECOMMENDATION_MARK.findall(body)) for n, body in chapter04.items()})
    actual = Counter(section_number(section) for _, section, _, _, _ in recommendations)
    assert actual == expected
    assert len({r for r, *_ in recommendations}) == len(recommendations) == 14


def test_recommendations_are_numbered_and_worded_as_printed(chapter04, recommendations):
    for r, section, position, zh, _ in recommendations:
        body = bare(chapter04[section_number(section)])
        marks = [m.end() for m in re.finditer(r"\*\*[一二三四五]是\*\*", body)]
        start = marks[position - 1]
        assert body[start:].startswith(bare(zh)), f"{r}: recommendation {position} of {section} does not start with {zh!r}"


def test_recommendations_are_addressed_to_the_section_actors(recommendations):
    groups = {1: "actors-international-organizations", 2: "actors-governments", 3: "actors-industry", 4: "actors-research-institutions"}
    for r, section, _, _, group in recommendations:
        assert group == "https://w3id.org/aistd-kg/vocab/" + groups[section_number(section)], r


# ---------------------------------------------------------------------------------------
# Chapter 03: challenges
# ---------------------------------------------------------------------------------------

PART_MARK = re.compile(r"\*\*(一是|二是|三是|四是|一方面|另一方面)")


def test_parser_finds_four_challenges_and_their_parts(chapter03):
    assert sorted(chapter03) == [1, 2, 3, 4]
    assert {n: len(PART_MARK.findall(body)) for n, body in chapter03.items()} == {1: 3, 2: 2, 3: 2, 4: 3}


def test_every_challenge_and_part_is_in_the_graph(kg, chapter03, text):
    top = rows(kg, """
        SELECT ?c ?section ?position ?zh WHERE {
          ?c a aistd:Challenge ; aistd:describedIn doc:wic-global-report ; aistd:section ?section ; aistd:position ?position ;
             rdfs:label ?zh . FILTER(LANG(?zh) = "zh") FILTER NOT EXISTS { ?c dcterms:isPartOf ?b } FILTER(STRSTARTS(?section, "03")) }""")
    assert sorted((section_number(s), p) for _, s, p, _ in top) == [(n, n) for n in sorted(chapter03)]
    headings = {NUMERALS.index(m.group(1)) + 1: m.group(2).strip()
                for m in re.finditer(r"^[（(]\s?([一二三四])\s?[)）]\s?(\S.*)$",
                                     chapter(text, "03 全球人工智能标准化的挑战和困难", "04 发展展望与建议"), re.MULTILINE)}
    for c, s, _, zh in top:
        assert headings[section_number(s)] == zh, c
    parts = rows(kg, """
        SELECT ?c ?position ?zh ?parent WHERE {
          ?c a aistd:Challenge ; aistd:position ?position ; dcterms:isPartOf/aistd:position ?parent ;
             rdfs:label ?zh . FILTER(LANG(?zh) = "zh") }""")
    assert Counter(parent for *_, parent in parts) == Counter({n: len(PART_MARK.findall(body)) for n, body in chapter03.items()})
    for c, position, zh, parent in parts:
        body = bare(chapter03[parent])
        marks = [m.end() for m in PART_MARK.finditer(body)]
        assert bare(zh) in body[marks[position - 1] : marks[position - 1] + 80], f"{c}: part {position} of challenge {parent} is not {zh!r}"


def test_the_preface_names_three_problems(kg, text):
    preface = text.split("前言")[1].split("目录")[0]
    stated = re.findall(r"([一二三])是", preface.split("在此背景下")[0])
    assert stated == ["一", "二", "三"]
    count = rows(kg, 'SELECT (COUNT(?c) AS ?n) WHERE { ?c a aistd:Challenge ; aistd:section "前言" }')[0][0]
    assert count == len(stated)


# ---------------------------------------------------------------------------------------
# Chapter 05: practice cases
# ---------------------------------------------------------------------------------------

def case_paragraphs(body: str) -> list[str]:
    """Paragraphs of a section, joining the pieces a page break split (a piece not ending a sentence)."""
    paragraphs, current = [], ""
    for line in (line.strip() for line in body.split("\n")):
        if not line:
            continue
        current += line
        if current.endswith("。"):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def test_parser_finds_twenty_cases_in_seven_sections(chapter05):
    assert {n: len(case_paragraphs(body)) for n, body in chapter05.items()} == {1: 3, 2: 4, 3: 6, 4: 2, 5: 3, 6: 1, 7: 1}


def test_every_case_is_in_the_graph_in_its_section_and_theme(kg, chapter05):
    cases = rows(kg, """
        SELECT ?c ?section ?position ?zh ?themePosition WHERE {
          ?c a aistd:CaseStudy ; aistd:describedIn doc:wic-global-report ; aistd:section ?section ; aistd:position ?position ;
             aistd:theme/aistd:position ?themePosition ; rdfs:label ?zh . FILTER(LANG(?zh) = "zh") }""")
    expected = {n: case_paragraphs(body) for n, body in chapter05.items()}
    assert Counter(section_number(s) for _, s, *_ in cases) == Counter({n: len(p) for n, p in expected.items()})
    for c, section, position, zh, theme in cases:
        n = section_number(section)
        assert theme == n, f"{c}: theme {theme} is not its section's ({n})"
        assert bare(expected[n][position - 1]).startswith(bare(zh)), f"{c}: case {position} of section {n} does not start with {zh!r}"


def test_every_case_names_organizations_and_the_standards_it_quotes(kg, chapter05):
    """Each case involves at least one organization, and every standard the case paragraph names
    in 《》 that the graph holds under that title is linked to the case (one node of that title suffices)."""
    cases = rows(kg, """
        SELECT ?c ?section ?position WHERE { ?c a aistd:CaseStudy ; aistd:section ?section ; aistd:position ?position }""")
    titles = {}
    for s, zh in rows(kg, """SELECT ?s ?zh WHERE { ?s a aistd:StandardizationItem ; rdfs:label ?zh ;
                                 aistd:citation/aistd:citedDocument doc:wic-global-report . FILTER(LANG(?zh) = "zh") }"""):
        titles.setdefault(zh, set()).add(s)
    for c, section, position in cases:
        organizations = rows(kg, f"SELECT ?o WHERE {{ <{c}> aistd:caseOrganization ?o }}")
        assert organizations, f"{c}: no organization"
        linked = {s for (s,) in rows(kg, f"SELECT ?s WHERE {{ <{c}> aistd:caseStandard ?s }}")}
        paragraph = case_paragraphs(chapter05[section_number(section)])[position - 1]
        for title in re.findall(r"《([^》]+)》", paragraph):
            # the item the report names, or the catalogue entry that carries the same title
            holders = titles.get(title, set())
            assert not holders or holders & linked, f"{c}: names 《{title}》 ({sorted(holders)}) but links none of them"


# ---------------------------------------------------------------------------------------
# Figures: the value each source sentence prints
# ---------------------------------------------------------------------------------------

FIGURES = {
    "iflytek-math-teacher-provinces": (r"服务全国(\d+)个省份", 1),
    "jd-joyai-context-window": (r"依托(\d+)K的超长上下文窗口", 1),
    "jd-joyai-needle-accuracy": (r"准确率接近(\d+)%", 1),
    "jd-digital-human-cost-reduction": (r"成本降幅超(\d+)%", 1),
    "jd-digital-human-brands": (r"超(\d+)万家品牌", 10000),
    "metr-task-length-doubling-months": (r"大约每(\d+)个月翻一番", 1),
    "india-major-languages": (r"印度有(\d+)种主要语言", 1),
    "unctad-countries-absent-from-ai-governance": (r"全球共有(\d+)个国家缺席", 1),
    "intel-interoperability-efficiency-gain": (r"超过(\d+)万美元的效率提升", 10000),
    "interoperable-ai-disaster-response-time-reduction": (r"响应时间减少(\d+)%", 1),
    "interoperable-ai-disaster-survival-increase": (r"幸存率提高(\d+)%", 1),
    "uk-key-technologies": (r"列为(五)大关键技术", None),
    "global-ai-market-size-2024": (r"市场规模突破(\d+)亿美元", 1),
    "global-ai-market-size-2030-forecast": (r"将达到([\d.]+)万亿美元", 1),
    "ieee-p7000-free-access-months": (r"发布超(\d+)个月的P7000", 1),
}


@pytest.mark.parametrize("slug", sorted(FIGURES))
def test_figure_value_is_the_printed_one(kg, text, slug):
    pattern, scale = FIGURES[slug]
    printed = re.search(pattern, bare(text)).group(1)
    expected = NUMERALS.index(printed) + 1 if scale is None else float(printed) * scale
    (value,) = rows(kg, f"SELECT ?v WHERE {{ <{ID}statement/{slug}> a aistd:Figure ; rdf:value ?v }}")[0]
    assert float(value) == expected


# ---------------------------------------------------------------------------------------
# Where the report is wrong: kept as contradicted claims, the graph follows the evidence
# ---------------------------------------------------------------------------------------

def claims(kg, subject):
    return rows(kg, f"""
        SELECT ?value ?assessment ?document WHERE {{
          ?c a aistd:Claim ; aistd:claimSubject <{subject}> ; aistd:claimedValue ?value ; aistd:assessment ?assessment ;
             aistd:citation/aistd:citedDocument ?document }}""")


def test_gpai_founding_members(kg, text):
    printed = int(re.search(r"其(\d+)个创始成员", text).group(1))
    found = claims(kg, ID + "statement/gpai-founding-members")
    report = [(v, a) for v, a, d in found if d == ID + "document/wic-global-report"]
    assert report == [(printed, "https://w3id.org/aistd-kg/vocab/claim-contradicted")]
    evidence = {v for v, a, d in found if a.endswith("claim-followed")}
    assert evidence == {15}
    assert rows(kg, f"SELECT ?v WHERE {{ <{ID}statement/gpai-founding-members> rdf:value ?v }}") == [(15,)]


def test_wtsa_24_dates(kg, text):
    year, month = re.search(r"(\d{4})年(\d+)月的世界电信标准化全会（WTSA-24）", text).groups()
    printed = f"{year}-{int(month):02d}"
    found = claims(kg, ID + "item/wtsa-24")
    assert (printed, "https://w3id.org/aistd-kg/vocab/claim-contradicted", ID + "document/wic-global-report") in [
        (str(v), a, d) for v, a, d in found]
    start, end = rows(kg, f"SELECT ?s ?e WHERE {{ <{ID}item/wtsa-24> aistd:startDate ?s ; aistd:endDate ?e }}")[0]
    assert (str(start), str(end)) == ("2024-10-15", "2024-10-24")
    issued = rows(kg, f"SELECT ?d WHERE {{ <{ID}document/wtsa-24-ai-resolution> dcterms:issued ?d }}")
    assert [str(d) for (d,) in issued] == ["2024-10"]
    resolution = claims(kg, ID + "document/wtsa-24-ai-resolution")
    assert {(str(v), a) for v, a, _ in resolution} == {(printed, "https://w3id.org/aistd-kg/vocab/claim-contradicted")}


def test_nist_characteristics_labels_agree(kg, text):
    """The zh and en labels of the NIST AI RMF characteristics name the same characteristic; the
    report's wording, where it departs, is a contradicted claim."""
    listed = re.search(r"明确可信系统的(.+?)等七大要素", text).group(1).split("、")
    names = dict(rows(kg, """
        SELECT ?position ?zh WHERE { ?c skos:inScheme <https://w3id.org/aistd-kg/id/framework/nist-ai-rmf-1-0> ;
          aistd:position ?position ; skos:prefLabel ?zh . FILTER(LANG(?zh) = "zh") }"""))
    english = dict(rows(kg, """
        SELECT ?position ?en WHERE { ?c skos:inScheme <https://w3id.org/aistd-kg/id/framework/nist-ai-rmf-1-0> ;
          aistd:position ?position ; skos:prefLabel ?en . FILTER(LANG(?en) = "en") }"""))
    assert english[1] == "Valid and Reliable" and english[3] == "Secure and Resilient"
    assert names[1] == "有效与可靠" and names[3] == "安全与弹性"
    for position, printed in enumerate(listed, 1):
        if names[position] != printed:
            found = claims(kg, f"https://w3id.org/aistd-kg/id/category/nist-ai-rmf-1-0-{position}")
            assert (printed, "https://w3id.org/aistd-kg/vocab/claim-contradicted") in [(str(v), a) for v, a, _ in found], position


def test_ieee_cis_is_one_society_in_both_languages(kg):
    labels = dict((lang, label) for label, lang in (
        (str(v), v.language) for v in kg.objects(URIRef(ID + "body/ieee-cis"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"))))
    assert labels == {"zh": "IEEE计算智能学会（CIS）", "en": "IEEE Computational Intelligence Society (CIS)"}
    found = claims(kg, ID + "body/ieee-cis")
    assert ("计算机学会 (CIS)", "https://w3id.org/aistd-kg/vocab/claim-contradicted", ID + "document/wic-global-report") in [
        (str(v), a, d) for v, a, d in found]


def test_every_contradicted_claim_has_evidence(kg):
    """A claim the graph sets aside sits beside a followed claim on the same subject and property, or
    the subject itself carries another value for that property (the better evidence's, cited there)."""
    lonely = rows(kg, """
        SELECT ?c WHERE {
          ?c a aistd:Claim ; aistd:assessment aistdv:claim-contradicted ; aistd:claimSubject ?s ; aistd:claimProperty ?p ;
             aistd:claimedValue ?claimed .
          FILTER NOT EXISTS { ?d aistd:claimSubject ?s ; aistd:claimProperty ?p ; aistd:assessment aistdv:claim-followed }
          FILTER NOT EXISTS {
            ?s ?held ?value .
            FILTER((?held = ?p || (?p = dcterms:title && ?held = rdfs:label)) && STR(?value) != STR(?claimed)) } }""")
    # the resolution's date and the China Telecom figure's date follow WTSA-24's, whose claims carry the evidence
    # and the number the Jiangsu guide prints for the Outline belongs to another document; the Outline has none
    allowed = {ID + "statement/claim-national-standardization-outline-document-number-jiangsu-guide",
               ID + "statement/claim-wtsa-24-ai-resolution-issued-wic-global-report",
               ID + "statement/claim-china-telecom-wtsa24-apt-proposals-referencedate-wic-global-report"}
    assert {c for (c,) in lonely} <= allowed


# ---------------------------------------------------------------------------------------
# Facts held in free text are triples
# ---------------------------------------------------------------------------------------

def test_facts_once_held_in_free_text(kg):
    prefixes = PREFIXES + "PREFIX body: <https://w3id.org/aistd-kg/id/body/>\nPREFIX misc: <https://w3id.org/aistd-kg/id/item/>\n"
    ask = lambda q: kg.query(prefixes + q).askAnswer  # noqa: E731
    assert ask("ASK { doc:cn-ai-safety-governance-framework-1-0 aistd:underGuidanceOf body:cac ; dcterms:publisher body:tc260 }")
    assert ask("ASK { doc:eu-m-593 aistd:addressedTo body:cen , body:cenelec }")
    assert ask("ASK { body:iso-iec-jtc1-sc42 aistd:atEvent ?e . ?e aistd:sessionNumber 32 ; aistd:organizedBy body:iso-iec-jtc1 }")
    assert ask("ASK { doc:ai-verify-nist-ai-rmf-crosswalk aistd:atEvent misc:sg-us-cet-dialogue }")
    assert ask('ASK { <https://w3id.org/aistd-kg/id/standard/iso-iec-5259-4-2024> '
               'aistd:distinction "首个由中国牵头的人工智能领域数据国际标准"@zh }')
    areas = rows(kg, """SELECT ?zh WHERE { <https://w3id.org/aistd-kg/id/body/miit-tc1> aistd:focusArea ?a .
                        ?a skos:prefLabel ?zh ; aistd:position ?p . FILTER(LANG(?zh) = "zh") } ORDER BY ?p""")
    assert [a for (a,) in areas] == ["基础共性", "关键基础技术", "产品服务", "赋能应用", "安全治理"]


def test_crosswalk_labels_quote_the_nist_characteristics_as_labelled(kg):
    """A mapping label that quotes a NIST AI RMF characteristic quotes its current Chinese and
    English labels, so the two languages name the same characteristic everywhere."""
    found = rows(kg, """
        SELECT ?m ?zh ?en ?catZh ?catEn WHERE {
          ?m a aistd:Mapping ; aistd:mappingSubject|aistd:mappingObject ?c ; rdfs:label ?zh , ?en .
          ?c skos:inScheme <https://w3id.org/aistd-kg/id/framework/nist-ai-rmf-1-0> ; skos:prefLabel ?catZh , ?catEn .
          FILTER(LANG(?zh) = "zh" && LANG(?en) = "en" && LANG(?catZh) = "zh" && LANG(?catEn) = "en") }""")
    assert found
    for m, zh, en, cat_zh, cat_en in found:
        assert f"“{cat_zh}”" in zh and f"“{cat_en}”" in en, f"{m}: {zh} / {en}"
