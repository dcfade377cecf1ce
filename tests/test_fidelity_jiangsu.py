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
