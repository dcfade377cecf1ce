"""Fidelity of beijing.ttl to the Beijing enterprise guide (source 004).

The expected values are parsed here, independently, from the source text itself:
- the working / study groups of SAC/TC 28/SC 42 listed in 二 (分委下设…等17个工作/研究组);
- the record of GB/T 45288.1-2025 shown in 三、03 (当前标准, 基础信息, 起草单位).
Every group must be in the graph under body:tc28-sc42 with its name as Chinese label, and
every field of the record must match the graph.
"""

import re

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

SEED = "004_0149cb86815f94e6.txt"
ID = "https://w3id.org/aistd-kg/id/"
TC28_SC42 = URIRef(ID + "body/tc28-sc42")
PREFIXES = """
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX org:     <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX aistd:   <https://w3id.org/aistd-kg/ontology#>
"""


@pytest.fixture(scope="module")
def text(seeds_dir):
    return (seeds_dir / SEED).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------
# The TC28/SC42 groups
# ---------------------------------------------------------------------------------------


def parse_groups(text: str) -> tuple[list[str], int]:
    """The group names and the count the guide states, from 分委下设…等N个工作/研究组."""
    match = re.search(r"分委下设(.+?)等(\d+)个工作/研究组", text)
    assert match, "the sentence listing the TC28/SC42 groups was not found in the source"
    names = [name.strip() for name in match.group(1).split("、") if name.strip()]
    return names, int(match.group(2))


def test_group_list_parses_to_the_stated_count(text):
    names, stated = parse_groups(text)
    assert len(names) == stated == 17
    assert len(set(names)) == len(names)


def test_every_group_is_under_tc28_sc42_with_its_label(kg, text):
    names, _ = parse_groups(text)
    query = PREFIXES + """
        ASK { ?group org:subOrganizationOf ?committee ; rdfs:label ?name ;
                     a/rdfs:subClassOf* aistd:CommitteeUnit . }"""
    missing = [
        name for name in names
        if not kg.query(query, initBindings={"committee": TC28_SC42, "name": Literal(name, lang="zh")}).askAnswer
    ]
    assert not missing, f"groups of TC28/SC42 missing from the graph: {missing}"


def test_no_group_beyond_the_source_list(kg, text):
    names, _ = parse_groups(text)
    query = PREFIXES + """
        SELECT ?name WHERE { ?group org:subOrganizationOf ?committee ; rdfs:label ?name ;
                                    a/rdfs:subClassOf* aistd:CommitteeUnit .
                             FILTER(LANG(?name) = "zh") }"""
    in_graph = {str(row.name) for row in kg.query(query, initBindings={"committee": TC28_SC42})}
    assert in_graph == set(names)


def test_stated_group_count_is_recorded(kg, text):
    _, stated = parse_groups(text)
    query = PREFIXES + """
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?value WHERE { ?figure a aistd:Figure ; aistd:statementAbout ?committee ; rdf:value ?value ;
                                      rdfs:label ?label . FILTER(CONTAINS(STR(?label), "工作/研究组")) }"""
    values = {int(row.value) for row in kg.query(query, initBindings={"committee": TC28_SC42})}
    assert values == {stated}


# ---------------------------------------------------------------------------------------
# The GB/T 45288.1-2025 record
# ---------------------------------------------------------------------------------------


def parse_record(text: str) -> dict:
    """The standard record of 三、03, from its flattened screenshot text."""
    start = text.index("当前标准")
    end = text.index("国家标准化管理委员会定期编制")
    block = text[start:end]
    lines = [line for line in block.splitlines()]
    record: dict = {}
    head = re.search(r"^(GB/T [0-9.]+-[0-9]{4})\s+\*\*(\S+)\*\*\s*\n(.+)$", block, re.M)
    assert head, "the 当前标准 heading line was not found"
    record["identifier"], record["status"], record["title"] = head.group(1), head.group(2), head.group(3).strip()
    info_start = lines.index("基础信息")
    drafters_start = lines.index("起草单位")
    for line in lines[info_start + 1:drafters_start]:
        cells = [cell.strip() for cell in line.split("\t") if cell.strip()]
        for key, value in zip(cells[0::2], cells[1::2], strict=False):
            record[key] = value
    record["起草单位"] = [cell.strip() for line in lines[drafters_start + 1:] for cell in line.split("\t") if cell.strip()]
    return record


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


@pytest.fixture(scope="module")
def record(text):
    return parse_record(text)


@pytest.fixture(scope="module")
def standard(kg, record):
    query = PREFIXES + "SELECT ?s WHERE { ?s a aistd:Standard ; dcterms:identifier ?id . }"
    rows = list(kg.query(query, initBindings={"id": Literal(record["identifier"])}))
    assert len(rows) == 1, f"expected one standard {record['identifier']!r}, found {len(rows)}"
    return rows[0].s


def _values(kg, subject, path: str) -> set:
    query = PREFIXES + f"SELECT ?v WHERE {{ ?s {path} ?v . }}"
    return {row.v for row in kg.query(query, initBindings={"s": subject})}


def _names(kg, subject, path: str) -> set[str]:
    """Chinese labels and alternative labels of the bodies the standard points to by path."""
    query = PREFIXES + f"""SELECT ?n WHERE {{ ?s {path} ?o . ?o rdfs:label|skos:altLabel ?n .
                                             FILTER(LANG(?n) = "zh") }}"""
    return {str(row.n) for row in kg.query(query, initBindings={"s": subject})}


def test_record_parses(record):
    assert record["identifier"] == record["标准号"] == "GB/T 45288.1-2025"
    assert len(record["起草单位"]) == 6


def test_record_title_and_status(kg, record, standard):
    assert _values(kg, standard, "rdfs:label") >= {Literal(record["title"], lang="zh")}
    assert {v for v in _values(kg, standard, "rdfs:label") if v.language == "zh"} == {Literal(record["title"], lang="zh")}
    assert {str(v) for v in _values(kg, standard, "aistd:status/skos:prefLabel") if v.language == "zh"} == {record["status"]}


def test_record_dates(kg, record, standard):
    assert _values(kg, standard, "dcterms:issued") == {_date(record["发布日期"])}
    assert _values(kg, standard, "aistd:implementationDate") == {_date(record["实施日期"])}


def test_record_classification(kg, record, standard):
    assert {str(v) for v in _values(kg, standard, "aistd:standardCategory")} == {record["标准类别"]}
    assert {str(v) for v in _values(kg, standard, "aistd:ccs")} == {record["中国标准分类号"]}
    assert {str(v) for v in _values(kg, standard, "aistd:ics")} == {record["国际标准分类号"]}


def test_record_committees_and_authority(kg, record, standard):
    assert record["归口单位"] in _names(kg, standard, "aistd:responsibleCommittee")
    assert record["执行单位"] in _names(kg, standard, "aistd:executingCommittee")
    assert record["主管部门"] in _names(kg, standard, "aistd:competentAuthority")
    assert len(_values(kg, standard, "aistd:responsibleCommittee")) == 1
    assert len(_values(kg, standard, "aistd:executingCommittee")) == 1
    assert len(_values(kg, standard, "aistd:competentAuthority")) == 1


def test_record_drafters(kg, record, standard):
    query = PREFIXES + """SELECT ?n WHERE { ?s aistd:draftedBy ?o . ?o rdfs:label ?n . FILTER(LANG(?n) = "zh") }"""
    drafters = sorted(str(row.n) for row in kg.query(query, initBindings={"s": standard}))
    assert drafters == sorted(record["起草单位"])
