"""Fidelity of data/jiangsu.ttl to the annex of the Jiangsu guide (seed 003).

The annex 江苏省人工智能领域亟需研制的重点标准清单 is parsed here, independently of the data,
from the extracted text: a flattened five-column table (序号, 一级体系, 二级体系, 标准名称/标准方向,
缓急程度) whose merged cells are printed on one row only, whose page breaks repeat the header
and carry the rest of a wrapped row on a line without 序号, and where some rows put their
text in the wrong column. Every numbered item must be in the graph, under the area whose
code the table gives it (or the nearest code above it), with the number of stars printed,
or with aistd:urgencyNotStated true where the row shows none.
"""

import re

import pytest
from rdflib import Literal, URIRef, Variable

FRAMEWORK = URIRef("https://w3id.org/aistd-kg/id/framework/jiangsu-ai-guide-2025-draft")
ANNEX_TITLE = "江苏省人工智能领域亟需研制的重点标准清单"
MODULE_CELL = re.compile(r"^[A-H]\s")  # "A 基础 共性", "H 安全/ 治理"
AREA_CELL = re.compile(r"^([A-H][A-Za-z])\s")  # "AA 测试评估", "Fk 物联网" (printed lower case)
STARS = re.compile(r"^★+$")
PREFIXES = """
PREFIX aistd: <https://w3id.org/aistd-kg/ontology#>
PREFIX skos:  <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs:  <http://www.w3.org/2000/01/rdf-schema#>
"""


def normalise(name: str) -> str:
    """Drop the spaces the PDF put where a cell wrapped between two CJK characters, and the
    spaces the extraction puts between CJK and Latin letters or digits (医疗 AI 模型 -> 医疗AI模型),
    as shanghai.ttl does; spaces between two Latin letters or digits are kept."""
    name = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", name.strip())
    return re.sub(r"(?<=[^\x00-\x7f])\s+(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%+])\s+(?=[^\x00-\x7f])", "", name)


def annex_lines(text: str) -> list[str]:
    lines = text.split("\n")
    start = max(i for i, line in enumerate(lines) if line.strip() == ANNEX_TITLE)
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("注："))
    return lines[start + 1 : end]


def parse_annex(text: str) -> dict[int, dict]:
    """Rows of the annex by 序号: area code, stars (None when the row shows none) and name."""
    rows: dict[int, dict] = {}
    area = None
    last = None
    for line in annex_lines(text):
        if not line.strip() or line.startswith("序号"):
            continue
        cells = [cell.strip() for cell in line.split("\t")] + [""] * 5
        if re.fullmatch(r"[0-9]+", cells[0]):
            number = int(cells[0])
            assert number not in rows, f"序号 {number} appears twice"
            parts, stars = [], None
            if cells[1] and not MODULE_CELL.match(cells[1]):
                parts.append(cells[1])  # name shifted into the 一级体系 column
            match = AREA_CELL.match(cells[2])
            if match:
                area = match.group(1).upper()
            elif cells[2]:
                parts.append(cells[2])
            for cell in cells[3:5]:
                if STARS.match(cell):
                    stars = len(cell)
                elif cell:
                    parts.append(cell)  # the name, possibly shifted into the 缓急程度 column
            assert area is not None, f"序号 {number} comes before any area code"
            rows[number] = {"area": area, "stars": stars, "parts": parts}
            last = number
        else:
            # a line without 序号 after a repeated header: the rest of the previous row
            # (its columns 1–2 carry the tails of the module and area names)
            assert last is not None
            for cell in cells[3:5]:
                if STARS.match(cell):
                    rows[last]["stars"] = rows[last]["stars"] or len(cell)
                elif cell:
                    rows[last]["parts"].append(cell)
    for row in rows.values():
        row["name"] = normalise("".join(row.pop("parts")))
    return rows


def parse_legend(text: str) -> dict[int, str]:
    """The star levels the note under the annex defines: number of stars -> its line."""
    lines = text.split("\n")
    start = max(i for i, line in enumerate(lines) if line.startswith("注：") and "缓急程度" in line)
    legend = {}
    for line in lines[start + 1 :]:
        match = re.match(r"^(★+)（", line.strip())
        if match:
            legend[len(match.group(1))] = line.strip()
    return legend


@pytest.fixture(scope="module")
def seed_text(seeds_dir):
    files = sorted(seeds_dir.glob("003_*.txt"))
    if not files:
        pytest.skip("the Jiangsu source text (003_*.txt) is not in the seeds folder")
    return files[0].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def annex(seed_text):
    return parse_annex(seed_text)


@pytest.fixture(scope="module")
def graph_items(kg):
    """Planned standards of the Jiangsu framework by list number, as the graph has them."""
    query = PREFIXES + """
    SELECT ?plan ?number ?code ?module ?urgency ?notStated ?name WHERE {
      ?plan a aistd:PlannedStandard ; aistd:listNumber ?number ; aistd:classifiedUnder ?area .
      ?area skos:inScheme ?fw .
      OPTIONAL { ?area skos:notation ?code }
      OPTIONAL { ?area skos:broader* ?top . ?top skos:topConceptOf ?fw ; skos:notation ?module }
      OPTIONAL { ?plan aistd:urgency ?urgency }
      OPTIONAL { ?plan aistd:urgencyNotStated ?notStated }
      OPTIONAL { ?plan rdfs:label ?name FILTER(lang(?name) = "zh") }
    }"""
    items: dict[int, dict] = {}
    for row in kg.query(query, initBindings={Variable("fw"): FRAMEWORK}):
        item = items.setdefault(int(row.number), {k: set() for k in ("plan", "code", "module", "urgency", "notStated", "name")})
        for key in item:
            value = getattr(row, key)
            if value is not None:
                item[key].add(value.toPython() if isinstance(value, Literal) else value)
    return items


def test_parser_reads_the_whole_annex(annex):
    # 76 items numbered 1–77: the printed list has no item 8
    assert len(annex) == 76
    assert sorted(annex) == [n for n in range(1, 78) if n != 8]
    assert sum(1 for row in annex.values() if row["stars"] is None) == 7
    assert all(row["name"] for row in annex.values())


def test_every_item_is_in_the_graph_and_nothing_else(annex, graph_items):
    assert sorted(graph_items) == sorted(annex)


@pytest.mark.parametrize("number", [n for n in range(1, 78) if n != 8])
def test_item_matches_the_source(number, annex, graph_items):
    row = annex[number]
    assert number in graph_items, f"序号 {number} ({row['name']}) is missing from the graph"
    item = graph_items[number]
    assert len(item["plan"]) == 1, f"序号 {number} is modelled by several nodes: {item['plan']}"
    assert item["code"] == {row["area"]}, f"序号 {number} should be under area {row['area']}, is under {item['code']}"
    assert item["module"] == {row["area"][0]}, f"序号 {number} should be in module {row['area'][0]}"
    if row["stars"] is None:
        assert item["urgency"] == set(), f"序号 {number} shows no stars; its urgency must not be filled in"
        assert item["notStated"] == {True}, f"序号 {number} shows no stars: needs aistd:urgencyNotStated true"
    else:
        assert item["urgency"] == {row["stars"]}, f"序号 {number} has {row['stars']} stars in the source"
        assert item["notStated"] == set()
    assert item["name"] == {row["name"]}, f"序号 {number}: the Chinese label differs from the source"


def test_legend_is_kept_and_its_gap_is_visible(seed_text, annex, kg):
    legend = parse_legend(seed_text)
    notes = [str(o) for o in kg.objects(FRAMEWORK, URIRef("http://www.w3.org/2004/02/skos/core#note"))
             if getattr(o, "language", None) == "zh"]
    for line in legend.values():
        assert any(line in note for note in notes), f"the legend line {line!r} is not kept on the framework"
    used = {row["stars"] for row in annex.values() if row["stars"] is not None}
    undefined = sorted(used - set(legend))
    rows = kg.query(PREFIXES + """
        PREFIX fw: <https://w3id.org/aistd-kg/id/framework/>
        SELECT DISTINCT ?stars WHERE {
          ?plan aistd:urgency ?stars ; aistd:classifiedUnder/skos:inScheme fw:jiangsu-ai-guide-2025-draft .
          fw:jiangsu-ai-guide-2025-draft skos:note ?legend .
          FILTER(lang(?legend) = "zh" && CONTAINS(?legend, "缓急程度"))
          FILTER(!REGEX(?legend, CONCAT("(^|\\\\n)", SUBSTR("★★★★★★★★★★", 1, ?stars), "（")))
        }""")
    assert sorted(int(r.stars) for r in rows) == undefined


# ---------------------------------------------------------------------------------------
# Implementation (六、组织实施), preface and industry overview, re-read from the text
# ---------------------------------------------------------------------------------------

GUIDE = URIRef("https://w3id.org/aistd-kg/id/document/jiangsu-guide-draft")
GROUP_HEADING = re.compile(r"^（([一二三四五六七八九十])）(\S+)\s*$")


def bare(text) -> str:
    return re.sub(r"\s+", "", str(text))


def implementation_groups(text: str) -> list[tuple[str, list[str]]]:
    """(heading, sentences) of each group of 六、组织实施, from the body (not the contents)."""
    lines = text.split("\n")
    start = max(i for i, line in enumerate(lines) if re.match(r"^六、\s*组织实施\s*$", line.strip()))
    end = next(i for i in range(start, len(lines)) if lines[i].strip() == "附件")
    groups: list[tuple[str, list[str]]] = []
    for line in lines[start + 1:end]:
        match = GROUP_HEADING.match(line.strip())
        if match:
            groups.append((match.group(2), []))
        elif groups and line.strip():
            groups[-1][1].append(line)
    return [(heading, [s + "。" for s in bare("".join(body)).split("。") if s]) for heading, body in groups]


def test_every_implementation_measure_is_in_the_graph(kg, seed_text):
    """六（一）–（五): each group a measure in order, and under it one measure per sentence,
    quoting it (six groups' headings as printed; 3 + 3 + 4 + 3 + 2 sentences)."""
    groups = implementation_groups(seed_text)
    assert [heading for heading, _ in groups] == [
        "优化统筹协调机制", "加速标准研制实施", "深化标准应用推广", "实施体系动态更新", "加强国际合作交流"]
    assert [len(sentences) for _, sentences in groups] == [3, 3, 4, 3, 2]
    result = kg.query(PREFIXES + """
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?label ?parentLabel ?position ?quote WHERE {
          ?m a aistd:Measure ; aistd:describedIn ?guide ; rdfs:label ?label ; aistd:position ?position ;
             aistd:citation/aistd:quote ?quote .
          FILTER(LANG(?label) = "zh")
          OPTIONAL { ?m dcterms:isPartOf/rdfs:label ?parentLabel . FILTER(LANG(?parentLabel) = "zh") }
        }""", initBindings={Variable("guide"): GUIDE})
    rows = [(str(label), str(parent) if parent else None, int(position), bare(quote))
            for label, parent, position, quote in result]
    assert [label for _, label in sorted((pos, name) for name, parent, pos, _ in rows if parent is None)] == [
        heading for heading, _ in groups]
    for heading, sentences in groups:
        children = sorted((position, quote) for _, parent, position, quote in rows if parent == heading)
        assert [quote for _, quote in children] == sentences, heading


def test_industry_clusters_figure(kg, seed_text):
    """一、江苏省产业发展现状 names the clusters by city before their count (苏州、南京、无锡三大…)."""
    match = re.search(r"([\u4e00-\u9fff、]+?)([一二三四五六七八九])大人工智能产业集聚区", bare(seed_text))
    cities = match.group(1).split("、")
    assert cities == ["苏州", "南京", "无锡"] and "一二三四五六七八九".index(match.group(2)) + 1 == len(cities)
    figure = URIRef("https://w3id.org/aistd-kg/id/statement/jiangsu-ai-guide-2025-draft-ai-industry-clusters")
    assert int(kg.value(figure, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#value"))) == len(cities)
    places = {str(label) for place in kg.objects(figure, URIRef("https://w3id.org/aistd-kg/ontology#statementAbout"))
              for label in kg.objects(place, URIRef("http://www.w3.org/2000/01/rdf-schema#label")) if label.language == "zh"}
    assert set(cities) <= places


def test_preface_facts(kg, seed_text):
    """前言: the government work report it names, the action plan's task 标准领航, and its
    account of the 2024 national guide, kept as a contradicted claim."""
    flat = bare(seed_text)
    preface = flat[flat.index("前言人工智能是引领"):flat.index("一、江苏省产业发展现状江苏省作为")]
    assert "《2025年政府工作报告》" in preface and "将“标准领航”作为三项重点任务之一" in preface
    report = URIRef("https://w3id.org/aistd-kg/id/document/government-work-report-2025")
    assert Literal("2025年政府工作报告", lang="zh") in set(kg.objects(report, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    task = URIRef("https://w3id.org/aistd-kg/id/item/jiangsu-manufacturing-transformation-action-plan-task-standards-lead")
    assert Literal("标准领航", lang="zh") in set(kg.objects(task, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    claim = URIRef("https://w3id.org/aistd-kg/id/statement/claim-cn-ai-industry-guide-2024-has-top-concept-jiangsu-guide")
    value = str(kg.value(claim, URIRef("https://w3id.org/aistd-kg/ontology#claimedValue")))
    assert f"“{value}”四维标准框架" in preface
