"""Fidelity of bodies.ttl to the WIC Global AI Standards Development Report (source 002).

The expected values are parsed here, independently, from the source text itself:
- table 1 (ITU-T人工智能标准化相关内部组织): the study groups, focus groups and other groups of
  ITU-T, one flattened line of three cells (研究组 (SG), 焦点组 (FG), 其他);
- table 2 (ISO/IEC JTC 1人工智能标准化相关内部组织): the groups of JTC 1/SC 42 and JTC 1/SC 27,
  one flattened line of two cells, the committee of each cell named in the header line;
- the contributors list of the front matter (标准推进计划成员 及其他贡献者).
Every group must be in the graph exactly once under the right parent, with the code the
table prints (skos:notation), its full designation (dcterms:identifier), the class its
column implies, and its name in the Chinese label. Removing or re-parenting a group fails.
Every quote in bodies.ttl must be verbatim text of the document it cites.
"""

import re

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

SEED_002 = "002_b2e644f494bbfb5c.txt"
SEED_004 = "004_0149cb86815f94e6.txt"
ID = "https://w3id.org/aistd-kg/id/"
AISTD = "https://w3id.org/aistd-kg/ontology#"
BODIES_GRAPH = URIRef("https://w3id.org/aistd-kg/graph/bodies")
PREFIXES = """
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX org:     <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX aistd:   <https://w3id.org/aistd-kg/ontology#>
PREFIX aistdv:  <https://w3id.org/aistd-kg/vocab/>
"""


@pytest.fixture(scope="module")
def text(seeds_dir):
    return (seeds_dir / SEED_002).read_text(encoding="utf-8")


def table_lines(text: str, title: str) -> tuple[list[str], list[str]]:
    """The header cells and the row cells of a flattened table following its title line."""
    lines = [line for line in text.splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if line.strip().startswith(title)), None)
    assert start is not None, f"table title {title!r} not found in the source"
    header, row = lines[start + 1], lines[start + 2]
    strip = lambda cell: re.sub(r"<[^>]+>", " ", cell).strip()  # noqa: E731
    return [strip(c) for c in header.split("\t")], [strip(c) for c in row.split("\t")]


# ---------------------------------------------------------------------------------------
# Table 1: ITU-T groups
# ---------------------------------------------------------------------------------------

ITU_COLUMN_CLASS = {"研究组": "StudyGroup", "焦点组": "FocusGroup", "其他": "CoordinationGroup"}


def parse_table1(text: str) -> list[tuple[str, str, str]]:
    """(code, name, column) for every group of table 1."""
    header, row = table_lines(text, "表1 ITU-T人工智能标准化相关内部组织")
    assert len(header) == len(row) == 3, (header, row)
    groups = []
    for column, cell in zip(header, row, strict=False):
        kind = next(k for k in ITU_COLUMN_CLASS if column.startswith(k))
        items = re.findall(r"([A-Z][A-Z0-9/-]*): (\S+)", cell)
        assert items, f"no groups parsed from column {column!r}"
        groups += [(code, name, kind) for code, name in items]
    return groups


def test_table1_parses_as_the_text_describes_it(text):
    groups = parse_table1(text)
    codes = [code for code, _, _ in groups]
    assert len(codes) == len(set(codes))
    stated = int(re.search(r"ITU-T通过(\d+)个研究组（SG）", text).group(1))
    assert sum(1 for _, _, kind in groups if kind == "研究组") == stated == 10
    assert sum(1 for _, _, kind in groups if kind == "焦点组") == 7
    assert {code for code, _, kind in groups if kind == "其他"} == {"JCA-AI/ML", "CG-AISEC-STRAT"}


def test_every_itu_t_group_is_under_itu_t(kg, text):
    itu_t = URIRef(ID + "body/itu-t")
    assert (itu_t, URIRef("http://www.w3.org/ns/org#subOrganizationOf"), URIRef(ID + "body/itu")) in kg
    query = PREFIXES + """
        SELECT ?group ?label ?identifier ?parent WHERE {
          ?group skos:notation ?code ; org:subOrganizationOf ?itu_t ; a ?class .
          OPTIONAL { ?group rdfs:label ?label FILTER(lang(?label) = "zh") }
          OPTIONAL { ?group dcterms:identifier ?identifier }
          ?group org:subOrganizationOf ?parent .
        }"""
    problems = []
    for code, name, kind in parse_table1(text):
        cls = URIRef(AISTD + ITU_COLUMN_CLASS[kind])
        rows = list(kg.query(query, initBindings={"code": Literal(code), "class": cls, "itu_t": itu_t}))
        groups = {r.group for r in rows}
        if len(groups) != 1:
            problems.append(f"{code}: {len(groups)} {ITU_COLUMN_CLASS[kind]} nodes under ITU-T (expected 1)")
            continue
        if {r.parent for r in rows} != {itu_t}:
            problems.append(f"{code}: also placed under {sorted({str(r.parent) for r in rows} - {str(itu_t)})}")
        labels = {str(r.label) for r in rows if r.label is not None}
        if not any(name in label for label in labels):
            problems.append(f"{code}: Chinese label {labels} does not contain the table's name {name!r}")
        if {str(r.identifier) for r in rows} != {f"ITU-T {code}"}:
            problems.append(f"{code}: identifier {({str(r.identifier) for r in rows})} is not 'ITU-T {code}'")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------
# Table 2: groups of ISO/IEC JTC 1/SC 42 and SC 27
# ---------------------------------------------------------------------------------------


def parse_table2(text: str) -> list[tuple[str, str, str]]:
    """(committee code, group code, name) for every group of table 2."""
    header, row = table_lines(text, "表2 ISO/IEC JTC 1人工智能标准化相关内部组织")
    assert len(header) == len(row) == 2, (header, row)
    groups = []
    for column, cell in zip(header, row, strict=False):
        committee = re.search(r"\((SC \d+)\)", column).group(1)
        items = re.findall(r"(J?WG \d+): (\S+)", cell)
        assert items, f"no groups parsed from column {column!r}"
        groups += [(committee, code, name) for code, name in items]
    return groups


def test_table2_parses_as_expected(text):
    groups = parse_table2(text)
    assert sum(1 for c, _, _ in groups if c == "SC 42") == 11
    assert sum(1 for c, _, _ in groups if c == "SC 27") == 6
    assert len({(c, g) for c, g, _ in groups}) == len(groups)


def test_every_jtc1_group_is_under_its_subcommittee(kg, text):
    committee_query = PREFIXES + """
        SELECT ?committee WHERE {
          ?committee skos:notation ?code ; dcterms:identifier ?identifier ;
                     org:subOrganizationOf ?jtc1 .
          ?jtc1 dcterms:identifier "ISO/IEC JTC 1" ;
                org:subOrganizationOf <https://w3id.org/aistd-kg/id/body/iso> ,
                                      <https://w3id.org/aistd-kg/id/body/iec> .
        }"""
    group_query = PREFIXES + """
        SELECT ?group ?label ?identifier ?parent WHERE {
          ?group skos:notation ?code ; org:subOrganizationOf ?committee ; a aistd:WorkingGroup .
          OPTIONAL { ?group rdfs:label ?label FILTER(lang(?label) = "zh") }
          OPTIONAL { ?group dcterms:identifier ?identifier }
          ?group org:subOrganizationOf ?parent .
        }"""
    problems = []
    committees = {}
    for code in ("SC 42", "SC 27"):
        found = {r.committee for r in kg.query(committee_query, initBindings={
            "code": Literal(code), "identifier": Literal(f"ISO/IEC JTC 1/{code}")})}
        assert len(found) == 1, f"ISO/IEC JTC 1/{code}: {len(found)} nodes under JTC 1 (expected 1)"
        committees[code] = found.pop()
    for committee_code, code, name in parse_table2(text):
        committee = committees[committee_code]
        rows = list(kg.query(group_query, initBindings={"code": Literal(code), "committee": committee}))
        groups = {r.group for r in rows}
        where = f"{committee_code}/{code}"
        if len(groups) != 1:
            problems.append(f"{where}: {len(groups)} working-group nodes under {committee_code} (expected 1)")
            continue
        if {r.parent for r in rows} != {committee}:
            problems.append(f"{where}: also placed under {sorted({str(r.parent) for r in rows} - {str(committee)})}")
        labels = {str(r.label) for r in rows if r.label is not None}
        if not any(name in label for label in labels):
            problems.append(f"{where}: Chinese label {labels} does not contain the table's name {name!r}")
        expected_id = f"ISO/IEC JTC 1/{committee_code}/{code}"
        if {str(r.identifier) for r in rows} != {expected_id}:
            problems.append(f"{where}: identifier {({str(r.identifier) for r in rows})} is not {expected_id!r}")
    assert not problems, "\n".join(problems)


def test_sc42_groups_are_only_those_of_table2(kg, text):
    """Nothing under SC 42 carries a code that table 2 does not print."""
    table = {code for committee, code, _ in parse_table2(text) if committee == "SC 42"}
    query = PREFIXES + """
        SELECT ?code WHERE { ?group org:subOrganizationOf <https://w3id.org/aistd-kg/id/body/iso-iec-jtc1-sc42> ;
                                    skos:notation ?code . }"""
    assert {str(r.code) for r in kg.query(query)} == table


# ---------------------------------------------------------------------------------------
# Front matter: the organisations of the Standards Promotion Programme
# ---------------------------------------------------------------------------------------


def parse_contributors(text: str) -> list[str]:
    """Organisation names between 按单位名称首字母排序 and 编写团队 (names alternate with people)."""
    block = text[text.index("(按单位名称首字母排序)"): text.index("编写团队")]
    lines = [line.strip() for line in block.splitlines() if line.strip()][1:]
    return lines[0::2]


def test_every_contributor_takes_part_in_the_programme(kg, text):
    names = parse_contributors(text)
    assert len(names) == 38
    query = PREFIXES + """
        ASK { ?p a aistd:Participation ; aistd:participant ?org ;
                 aistd:participationIn <https://w3id.org/aistd-kg/id/body/wic-ai-committee-standards-programme> ;
                 aistd:role aistdv:role-participant ;
                 aistd:citation/aistd:quote ?name . }"""
    missing = [n for n in names if not kg.query(query, initBindings={"name": Literal(n, lang="zh")}).askAnswer]
    assert not missing, f"contributors without a participation citing them: {missing}"


# ---------------------------------------------------------------------------------------
# Quotes are verbatim
# ---------------------------------------------------------------------------------------


def test_quotes_in_bodies_are_verbatim(kg, seeds_dir):
    texts = {
        URIRef(ID + "document/wic-global-report"): (seeds_dir / SEED_002).read_text(encoding="utf-8"),
        URIRef(ID + "document/beijing-enterprise-guide"): (seeds_dir / SEED_004).read_text(encoding="utf-8"),
    }
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    graph = kg.graph(BODIES_GRAPH)
    quote, cited = URIRef(AISTD + "quote"), URIRef(AISTD + "citedDocument")
    checked, problems = 0, []
    for citation, text_ in graph.subject_objects(quote):
        document = graph.value(citation, cited)
        if document not in texts:
            continue
        checked += 1
        if squash(str(text_)) not in squash(texts[document]):
            problems.append(f"{document.split('/')[-1]}: {text_}")
    assert checked > 100
    assert not problems, "quotes not found in the cited source:\n" + "\n".join(problems)


def test_every_body_in_bodies_is_labelled_in_both_languages(kg):
    graph = kg.graph(BODIES_GRAPH)
    for subject in set(graph.subjects(RDF.type, None)):
        if str(subject).startswith(ID + "body/"):
            langs = sorted(label.language for label in graph.objects(subject, RDFS.label))
            assert langs == ["en", "zh"], f"{subject}: labels {langs}"
