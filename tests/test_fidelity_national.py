"""Fidelity of the national guide's consultation draft (source 000) in the built graph.

The test re-reads the source text, independently of the data file, and checks that every
part and every numbered sub-area of 四、重点方向 is in the graph under the right part, at the
right position, with its name and its scope paragraph verbatim; that nothing else is; and
that the 2026 targets of 二、（二） and the working principles of 二、（三） are there.
"""

import re

import pytest
from rdflib import URIRef

CAT = "https://w3id.org/aistd-kg/id/category/"
FW = "https://w3id.org/aistd-kg/id/framework/"
DRAFT = URIRef(FW + "cn-ai-industry-guide-draft")
NUMERALS = "一二三四五六七八九十"

PREFIXES = """
PREFIX aistd: <https://w3id.org/aistd-kg/ontology#>
PREFIX aistdv: <https://w3id.org/aistd-kg/vocab/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


# ---------------------------------------------------------------------------------------
# Reading the source
# ---------------------------------------------------------------------------------------

def source_lines(seeds_dir) -> list[str]:
    """The draft's non-empty lines, stripped (this also drops the page-break spaces)."""
    [path] = sorted(seeds_dir.glob("000_*.txt"))
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def section(lines: list[str], start: str, end: str) -> list[str]:
    return lines[lines.index(start) + 1 : lines.index(end)]


def paragraphs(lines: list[str]) -> list[str]:
    """Join lines into paragraphs: a paragraph ends with 。; heading lines stand alone."""
    result, buffer = [], []
    for line in lines:
        if not buffer and re.fullmatch(r"（[一二三四五六七八九十]）\S+", line):
            result.append(line)
            continue
        buffer.append(line)
        if line.endswith("。"):
            result.append("".join(buffer))
            buffer = []
    assert not buffer, f"unterminated paragraph in the source: {''.join(buffer)}"
    return result


def source_parts(seeds_dir) -> list[dict]:
    """四、重点方向 as parts: number, title, intro, numbered sub-areas, unnumbered paragraphs."""
    parts = []
    for para in paragraphs(section(source_lines(seeds_dir), "四、重点方向", "五、保障措施")):
        heading = re.fullmatch(r"（([一二三四五六七八九十])）(\S+)", para)
        if heading:
            parts.append({"number": NUMERALS.index(heading.group(1)) + 1, "title": heading.group(2),
                          "intro": None, "subs": [], "extra": []})
            continue
        part = parts[-1]
        numbered = re.fullmatch(r"(\d+)\.\s*([^。]+)。(.*)", para)
        if numbered:
            part["subs"].append((int(numbered.group(1)), numbered.group(2), numbered.group(3)))
        elif part["intro"] is None:
            part["intro"] = para
        else:
            part["extra"].append(para)
    return parts


@pytest.fixture(scope="module")
def parts(seeds_dir):
    found = source_parts(seeds_dir)
    # Guard the reader itself: the draft has 6 parts and 36 numbered sub-areas, numbered 1..n.
    assert [p["number"] for p in found] == [1, 2, 3, 4, 5, 6]
    assert [len(p["subs"]) for p in found] == [5, 8, 12, 5, 4, 2]
    for p in found:
        assert [n for n, _, _ in p["subs"]] == list(range(1, len(p["subs"]) + 1))
    return found


# ---------------------------------------------------------------------------------------
# Reading the graph
# ---------------------------------------------------------------------------------------

def zh_values(kg, subject, prop) -> list[str]:
    rows = kg.query(PREFIXES + f"SELECT ?v WHERE {{ <{subject}> {prop} ?v . FILTER(LANG(?v) = 'zh') }}")
    return sorted(str(r.v) for r in rows)


def integer(kg, subject, prop):
    values = [r.v for r in kg.query(PREFIXES + f"SELECT ?v WHERE {{ <{subject}> {prop} ?v }}")]
    assert len(values) == 1, f"{subject}: expected one {prop}, found {values}"
    return values[0].toPython()


def graph_sub_areas(kg) -> set[tuple[int, int, str]]:
    """(part position, sub-area position, Chinese name) of every level-2 category of the draft."""
    rows = kg.query(PREFIXES + """
        SELECT ?pp ?sp ?label WHERE {
          ?sub skos:inScheme ?draft ; aistd:level 2 ; skos:broader ?part ;
               aistd:position ?sp ; skos:prefLabel ?label .
          ?part skos:topConceptOf ?draft ; aistd:position ?pp .
          FILTER(LANG(?label) = "zh") }""", initBindings={"draft": DRAFT})
    return {(r.pp.toPython(), r.sp.toPython(), str(r.label)) for r in rows}


# ---------------------------------------------------------------------------------------
# Parts and sub-areas
# ---------------------------------------------------------------------------------------

def test_parts_are_the_sources_parts(kg, parts):
    tops = {str(r.part) for r in kg.query(
        PREFIXES + "SELECT ?part WHERE { ?part skos:topConceptOf ?draft }", initBindings={"draft": DRAFT})}
    assert tops == {f"{CAT}cn-ai-industry-guide-draft-{p['number']}" for p in parts}
    for p in parts:
        iri = URIRef(f"{CAT}cn-ai-industry-guide-draft-{p['number']}")
        assert zh_values(kg, iri, "skos:prefLabel") == [p["title"]]
        assert integer(kg, iri, "aistd:position") == p["number"]
        assert integer(kg, iri, "aistd:level") == 1
        assert zh_values(kg, iri, "skos:scopeNote") == [p["intro"]], f"{iri}: scope note is not the 四 introduction"


def test_every_sub_area_is_under_its_part_with_its_scope(kg, parts):
    for p in parts:
        part = URIRef(f"{CAT}cn-ai-industry-guide-draft-{p['number']}")
        for number, title, scope in p["subs"]:
            iri = URIRef(f"{CAT}cn-ai-industry-guide-draft-{p['number']}-{number}")
            where = f"四、（{NUMERALS[p['number'] - 1]}）{number}. {title}"
            assert (iri, None, None) in kg, f"{where}: {iri} is missing"
            broader = [r.b for r in kg.query(PREFIXES + f"SELECT ?b WHERE {{ <{iri}> skos:broader ?b }}")]
            assert broader == [part], f"{where}: under {broader}, expected {part}"
            schemes = [r.s for r in kg.query(PREFIXES + f"SELECT ?s WHERE {{ <{iri}> skos:inScheme ?s }}")]
            assert schemes == [DRAFT], f"{where}: in {schemes}"
            assert integer(kg, iri, "aistd:position") == number, f"{where}: wrong position"
            assert integer(kg, iri, "aistd:level") == 2, f"{where}: wrong level"
            assert zh_values(kg, iri, "skos:prefLabel") == [title], f"{where}: wrong name"
            assert zh_values(kg, iri, "skos:scopeNote") == [scope], f"{where}: scope note differs from the source"
            english = [r.v for r in kg.query(PREFIXES + f"SELECT ?v WHERE {{ <{iri}> skos:scopeNote ?v . FILTER(LANG(?v) = 'en') }}")]
            assert len(english) == 1 and str(english[0]).strip(), f"{where}: needs one English scope note"


def test_no_sub_area_is_missing_moved_or_extra(kg, parts):
    expected = {(p["number"], n, title) for p in parts for n, title, _ in p["subs"]}
    actual = graph_sub_areas(kg)
    assert actual == expected, (
        f"missing or moved: {sorted(expected - actual)}; not in the source: {sorted(actual - expected)}")


def test_unnumbered_fields_paragraph_is_kept(kg, parts):
    """四、（五） ends with an unnumbered paragraph of further fields; it is a note of that part."""
    [industry] = [p for p in parts if p["number"] == 5]
    assert industry["extra"], "the source's unnumbered 四、（五） paragraph was not found"
    notes = zh_values(kg, URIRef(f"{CAT}cn-ai-industry-guide-draft-5"), "skos:note")
    for paragraph in industry["extra"]:
        assert paragraph in notes
    for p in parts:
        if p["number"] != 5:
            assert not p["extra"], f"unexpected unnumbered paragraph under part {p['number']}"


# ---------------------------------------------------------------------------------------
# 二、（二） targets and 二、（三） principles
# ---------------------------------------------------------------------------------------

def test_2026_targets(kg, seeds_dir):
    text = "".join(section(source_lines(seeds_dir), "（二）建设目标", "（三）工作原则"))
    assert "2026年" in text
    found = set()
    for value, unit in re.findall(r"(\d+)\s*(％|项|家)以上", text):
        found.add((int(value), "%" if unit == "％" else unit, "at-least"))
    for value, unit in re.findall(r"超过\s*(\d+)\s*(项|家)", text):
        found.add((int(value), unit, "more-than"))
    assert len(found) == 4
    rows = kg.query(PREFIXES + """
        SELECT ?value ?unit ?comparator WHERE {
          ?t a aistd:Target ; aistd:statementAbout ?draft ; aistd:targetYear ?year ;
             rdf:value ?value ; aistd:unit ?unit ; aistd:comparator ?comparator .
          FILTER(STR(?year) = "2026" && LANG(?unit) = "zh") }""", initBindings={"draft": DRAFT})
    actual = {(r.value.toPython(), str(r.unit), str(r.comparator).rsplit("/", 1)[-1]) for r in rows}
    assert actual == found


def test_working_principles(kg, seeds_dir):
    text = "".join(section(source_lines(seeds_dir), "（三）工作原则", "三、建设思路"))
    expected = re.findall(r"(坚持[^。，]{4})。", text)
    assert len(expected) == 4
    rows = kg.query(PREFIXES + """
        SELECT ?position ?label WHERE {
          ?p a aistd:Principle ; aistd:principleOf ?doc ; aistd:position ?position ; rdfs:label ?label .
          FILTER(LANG(?label) = "zh") } ORDER BY ?position""",
        initBindings={"doc": URIRef("https://w3id.org/aistd-kg/id/document/national-guide-draft")})
    assert [(r.position.toPython(), str(r.label)) for r in rows] == list(enumerate(expected, 1))
