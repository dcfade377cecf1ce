"""Fidelity of shanghai.ttl to the Shanghai notice, guidance and trial standard system (source 001).

The appendix table 《标准体系》框架说明表 is re-parsed here, independently of the data, from
the flattened text of the source:
- rows are cut at consecutive 序号 (1, 2, 3, …) at the start of a line;
- the page headers (序号 / 一级 / 类型 / 二级类型 三级类型 任务范畴) are dropped;
- the 任务范畴 (scope) text of a row starts with 规范… or 基于… and runs to the end of the row;
  text with Chinese punctuation before any cell of a row is the tail of the previous scope
  cell, broken by a page (row 100);
- a line that does not end in a space wraps into the next line (same cell); the spaces the
  PDF extraction puts around Latin letters and digits are dropped (智能 MEMS 传感器);
- leading cells that spell one of the eight 大类 named in the 编制说明 are the 一级类型;
- two or more remaining cells: a new 二级类型 (all but the last) and its first 三级类型;
- one remaining cell: a 二级类型 without 三级类型 when it follows a new 一级类型, when its
  line ends with the empty-cell marker (two spaces), when the current 二级类型 has no
  三级类型, or when the current 二级类型's rows share one merged scope cell and this row
  starts a scope of its own (row 59 智能终端标准); otherwise a further 三级类型.
Every row must be in the graph with the right label, level and parents, and its scope text.
"""

import re
from collections import Counter
from dataclasses import dataclass

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

SEED = "001_34f15877e8c46928.txt"
ID = "https://w3id.org/aistd-kg/id/"
AISTD = "https://w3id.org/aistd-kg/ontology#"
FRAMEWORK = URIRef(ID + "framework/shanghai-ngai-system-2021")
PREFIXES = """
PREFIX skos:  <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf:   <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX aistd: <https://w3id.org/aistd-kg/ontology#>
"""

HEADER_LINES = {"序号", "一级", "类型", "二级类型 三级类型 任务范畴"}
CJK_PUNCT = re.compile(r"[，。、；：（）]")
SCOPE_START = ("规范", "基于")


# ---------------------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------------------


@dataclass
class Row:
    number: int
    level1: str
    level2: str
    level3: str | None  # None: the row is a second-level category itself
    scope: str  # its own scope text, or the merged one it shares


def squeeze(text: str) -> str:
    """Join wrapped lines and drop extraction spaces (kept only between two ASCII alphanumerics)."""
    text = re.sub(r"\s+", " ", text.strip())
    return re.sub(r" (?![A-Za-z0-9])|(?<![A-Za-z0-9]) ", "", text)


def bare(text: str) -> str:
    return re.sub(r"\s+", "", str(text))


def level1_names(text: str) -> list[str]:
    """The eight 大类 as the 编制说明 lists them."""
    match = re.search(r"大类与国家《建设指南》保持一致，包括(.+?)八个类别", bare(text))
    return match.group(1).split("、")


def declared_counts(text: str) -> dict[int, int]:
    match = re.search(r"《标准体系》共包括(\d+)个大类、(\d+)个中类和(\d+)个小类", bare(text))
    return {level: int(match.group(level)) for level in (1, 2, 3)}


def row_blocks(text: str) -> list[tuple[int, list[tuple[str, bool]]]]:
    """The lines of each numbered row; the flag marks the line that carried the row number."""
    start = text.index("《标准体系》框架说明表")
    blocks, expected = [], 1
    for line in text[start:].splitlines()[1:]:
        if not line.strip() or line.strip() in HEADER_LINES:
            continue
        match = re.match(r"^(\d+)(?:\s|$)", line)
        if match and int(match.group(1)) == expected:
            blocks.append((expected, [(line[match.end():], True)]))
            expected += 1
        elif blocks:
            blocks[-1][1].append((line, False))
    return blocks


def split_block(lines):
    """(cells before the scope, own scope text or None, page-broken scope tail, empty-三级 marker)."""
    fragments, scope, tail, marker = [], None, "", False
    for raw, on_number_line in lines:
        if not raw.strip():
            continue
        if scope is not None:
            scope.append(raw)
            continue
        tokens = raw.split()
        cut = None
        for i, token in enumerate(tokens):
            if token.startswith(SCOPE_START) and len("".join(tokens[i:])) >= 10:
                cut, scope = i, [" ".join(tokens[i:])]
                break
            if CJK_PUNCT.search(token):
                cut, tail = i, tail + " ".join(tokens[i:])
                break
        cells = tokens if cut is None else tokens[:cut]
        if on_number_line and cut is None and raw.endswith("  "):
            marker = True
        if not cells:
            continue
        joined = [cells[0]]
        for token in cells[1:]:
            if re.search(r"[A-Za-z0-9]$", joined[-1]) or re.match(r"^[A-Za-z0-9]", token):
                joined[-1] += token
            else:
                joined.append(token)
        ends = raw != raw.rstrip() or cut is not None
        fragments += [[cell, True if j < len(joined) - 1 else ends] for j, cell in enumerate(joined)]
    cells, carry = [], ""
    for text, ends in fragments:
        carry += text
        if ends:
            cells.append(carry)
            carry = ""
    if carry:
        cells.append(carry)
    return cells, (squeeze(" ".join(scope)) if scope is not None else None), squeeze(tail), marker


def parse_table(text: str) -> list[Row]:
    names = level1_names(text)
    rows: list[Row] = []
    level1 = level2 = None
    has_children = shared_scope = False
    current_scope = None
    for number, lines in row_blocks(text):
        cells, scope, tail, marker = split_block(lines)
        if tail:  # the tail of the previous scope cell, carried over a page break
            for row in rows:
                if row.scope == current_scope:
                    row.scope += tail
            current_scope += tail
        new_level1 = False
        for k in range(1, len(cells) + 1):
            candidate = "".join(cells[:k])
            if candidate in names:
                level1, cells, new_level1 = candidate, cells[k:], True
                break
            if not any(name.startswith(candidate) for name in names):
                break
        if len(cells) >= 2:
            level2, level3 = "".join(cells[:-1]), cells[-1]
            has_children, shared_scope = True, False
        elif len(cells) == 1:
            if new_level1 or marker or not has_children or (shared_scope and scope is not None):
                level2, level3, has_children = cells[0], None, False
            else:
                level3 = cells[0]
                if scope is None:
                    shared_scope = True
        else:
            raise AssertionError(f"row {number}: no cell text found")
        if scope is not None:
            current_scope = scope
        assert current_scope, f"row {number}: no scope text"
        rows.append(Row(number, level1, level2, level3, current_scope))
    return rows


# ---------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def text(seeds_dir):
    return (seeds_dir / SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def table(text):
    return parse_table(text)


@pytest.fixture(scope="module")
def graph_rows(kg):
    """Per row number: label, level, parent label, grandparent label, scope notes of its category."""
    result = kg.query(PREFIXES + """
        SELECT ?category ?row ?label ?level ?parentLabel ?grandLabel WHERE {
          ?category skos:inScheme ?framework ; aistd:rowNumber ?row ; aistd:level ?level ;
                    skos:prefLabel ?label ; skos:broader ?parent .
          ?parent skos:prefLabel ?parentLabel .
          FILTER(LANG(?label) = "zh" && LANG(?parentLabel) = "zh")
          OPTIONAL { ?parent skos:broader/skos:prefLabel ?grandLabel . FILTER(LANG(?grandLabel) = "zh") }
        }""", initBindings={"framework": FRAMEWORK})
    rows: dict[int, list] = {}
    for category, row, label, level, parent, grand in result:
        scopes = {s.language: str(s) for s in kg.objects(category, SKOS.scopeNote)}
        rows.setdefault(int(row), []).append(
            (category, bare(label), int(level), bare(parent), bare(grand) if grand else None, scopes))
    return rows


def categories_by_level(kg) -> Counter:
    levels = Counter()
    for category in kg.subjects(SKOS.inScheme, FRAMEWORK):
        for level in kg.objects(category, URIRef(AISTD + "level")):
            levels[int(level)] += 1
    return levels


# ---------------------------------------------------------------------------------------
# The parser reads the whole table
# ---------------------------------------------------------------------------------------


def test_parser_reads_every_row(table, text):
    assert [row.number for row in table] == list(range(1, 117))
    assert [r.level1 for r in table][0] == "基础共性" and table[-1].level1 == "安全/伦理"
    assert list(dict.fromkeys(r.level1 for r in table)) == level1_names(text)
    assert all(row.level2 and row.scope for row in table)


def test_parser_spot_checks(table):
    """A few rows read by eye from the source text."""
    by_number = {row.number: row for row in table}
    assert (by_number[1].level2, by_number[1].level3) == ("术语", None)
    assert (by_number[13].level2, by_number[13].level3) == ("智能传感器", "智能毫米波传感器")
    assert (by_number[15].level3) == "智能MEMS传感器"
    assert (by_number[34].level2, by_number[34].level3) == ("知识图谱", None)
    assert (by_number[53].level2, by_number[53].level3) == ("智能机器人", "服务机器人")
    assert (by_number[59].level2, by_number[59].level3) == ("智能终端标准", None)
    assert by_number[100].scope == by_number[96].scope and by_number[96].scope.endswith("提升城市数字化、智能化能级。")
    assert (by_number[116].level1, by_number[116].level2, by_number[116].level3) == ("安全/伦理", "场景", "规范应用")


# ---------------------------------------------------------------------------------------
# Every row is in the graph, at its level, under its parents, with its scope text
# ---------------------------------------------------------------------------------------


def test_every_row_is_in_the_graph(table, graph_rows):
    problems = []
    for row in table:
        found = graph_rows.get(row.number, [])
        if len(found) != 1:
            problems.append(f"row {row.number}: {len(found)} categories carry this row number")
            continue
        _, label, level, parent, grand, _ = found[0]
        if row.level3 is not None:
            expected = (bare(row.level3), 3, bare(row.level2), bare(row.level1))
        else:
            expected = (bare(row.level2), 2, bare(row.level1), None)
        if (label, level, parent, grand) != expected:
            problems.append(f"row {row.number}: graph has {(label, level, parent, grand)}, table has {expected}")
    assert not problems, "\n".join(problems)


def test_no_row_in_the_graph_that_the_table_lacks(table, graph_rows):
    assert set(graph_rows) == {row.number for row in table}


def test_scope_texts(table, graph_rows):
    problems = []
    for row in table:
        for _, _, _, _, _, scopes in graph_rows.get(row.number, []):
            if bare(scopes.get("zh", "")) != bare(row.scope):
                problems.append(f"row {row.number}: scope note differs from the table's 任务范畴")
            if not scopes.get("en"):
                problems.append(f"row {row.number}: no English scope note")
    assert not problems, "\n".join(problems)


def test_second_level_groups_hold_exactly_their_rows(kg, table):
    """Each second-level category with third-level children has exactly the table's rows."""
    expected: dict[tuple[str, str], set[int]] = {}
    for row in table:
        if row.level3 is not None:
            expected.setdefault((row.level1, row.level2), set()).add(row.number)
    result = kg.query(PREFIXES + """
        SELECT ?l1label ?l2label ?row WHERE {
          ?l2 skos:inScheme ?framework ; aistd:level 2 ; skos:prefLabel ?l2label ;
              skos:broader/skos:prefLabel ?l1label .
          ?l3 skos:broader ?l2 ; aistd:rowNumber ?row .
          FILTER(LANG(?l1label) = "zh" && LANG(?l2label) = "zh")
        }""", initBindings={"framework": FRAMEWORK})
    actual: dict[tuple[str, str], set[int]] = {}
    for l1, l2, row in result:
        actual.setdefault((bare(l1), bare(l2)), set()).add(int(row))
    assert actual == {(bare(a), bare(b)): rows for (a, b), rows in expected.items()}


def test_first_level_categories_in_order(kg, text):
    result = kg.query(PREFIXES + """
        SELECT ?position ?label WHERE {
          ?c skos:topConceptOf ?framework ; aistd:level 1 ; aistd:position ?position ; skos:prefLabel ?label .
          FILTER(LANG(?label) = "zh")
        } ORDER BY ?position""", initBindings={"framework": FRAMEWORK})
    assert [bare(label) for _, label in result] == level1_names(text)


def test_no_codes_are_recorded(kg):
    """The table prints no codes, so no category carries a skos:notation."""
    coded = [c for c in kg.subjects(SKOS.inScheme, FRAMEWORK) if next(kg.objects(c, SKOS.notation), None)]
    assert not coded


# ---------------------------------------------------------------------------------------
# Declared sizes (编制说明) against what the table holds
# ---------------------------------------------------------------------------------------


def test_declared_counts_are_figures(kg, text):
    declared = declared_counts(text)
    assert declared == {1: 8, 2: 51, 3: 97}
    result = kg.query(PREFIXES + """
        SELECT ?level ?value ?comparator WHERE {
          ?figure a aistd:Figure ; aistd:statementAbout ?framework ;
                  aistd:countsCategoriesAtLevel ?level ; rdf:value ?value ; aistd:comparator ?comparator .
        }""", initBindings={"framework": FRAMEWORK})
    figures = {int(level): (int(value), str(comparator)) for level, value, comparator in result}
    exactly = "https://w3id.org/aistd-kg/vocab/exactly"
    assert figures == {level: (count, exactly) for level, count in declared.items()}


def test_actual_counts_are_what_the_table_holds(kg, table):
    """The graph models the table, not the declared numbers: 8 / 43 / 97 categories."""
    in_table = {
        1: len({row.level1 for row in table}),
        2: len({(row.level1, row.level2) for row in table}),
        3: sum(1 for row in table if row.level3 is not None),
    }
    assert in_table == {1: 8, 2: 43, 3: 97}
    assert dict(categories_by_level(kg)) == in_table


# ---------------------------------------------------------------------------------------
# The guidance: issuers, basis, targets
# ---------------------------------------------------------------------------------------


def test_targets_for_2023(kg, text):
    """The four numbers of the 2023 goals, read from the text, are targets with their comparators."""
    goals = bare(text[text.index("（三）主要目标"):text.index("二、主要任务")])
    numbers = [int(n) for n in re.findall(r"(\d+)(?:项以上|家左右)", goals)]
    assert numbers == [20, 50, 3, 10]
    result = kg.query(PREFIXES + """
        SELECT ?value ?comparator ?year WHERE {
          ?t a aistd:Target ; aistd:describedIn ?document ; rdf:value ?value ;
             aistd:comparator ?comparator ; aistd:targetYear ?year .
        }""", initBindings={"document": URIRef(ID + "document/shanghai-guidance")})
    vocab = "https://w3id.org/aistd-kg/vocab/"
    assert sorted((int(v), str(c), str(y)) for v, c, y in result) == sorted(
        [(20, vocab + "at-least", "2023"), (50, vocab + "at-least", "2023"),
         (3, vocab + "at-least", "2023"), (10, vocab + "about", "2023")])


def test_notice_issuers(kg, text):
    signature = [line.strip() for line in text.splitlines()[:40] if line.strip().startswith("上海市")]
    assert "上海市经济和信息化委员会" in signature and "上海市市场监督管理局" in signature
    publishers = set(kg.objects(URIRef(ID + "document/shanghai-notice"), URIRef("http://purl.org/dc/terms/publisher")))
    labels = {str(label) for p in publishers
              for label in kg.objects(p, URIRef("http://www.w3.org/2000/01/rdf-schema#label")) if label.language == "zh"}
    assert labels == {"上海市经济和信息化委员会", "上海市市场监督管理局"}
    assert (FRAMEWORK, RDF.type, URIRef(AISTD + "StandardSystemGuide")) in kg
    assert (FRAMEWORK, URIRef(AISTD + "editionStatus"), URIRef("https://w3id.org/aistd-kg/vocab/edition-trial")) in kg
    assert Literal("上海市新一代人工智能标准体系（试行）", lang="zh") in set(kg.objects(FRAMEWORK, SKOS.prefLabel))


# ---------------------------------------------------------------------------------------
# The guidance's main tasks (二、主要任务) and safeguard measures (三、保障措施), re-read from
# the text: every heading is a task at its place in the tree, and every sentence of the
# measures is a measure under its group.
# ---------------------------------------------------------------------------------------

GUIDANCE = URIRef(ID + "document/shanghai-guidance")
SECTION = re.compile(r"^（([一二三四五六七八九十])）(\S+)\s*$")
NUMBERED = re.compile(r"^(\d)\.(\S+)\s*$")
GROUP = re.compile(r"(?<=。)(AI\+数字[^。，、]{2}|[^。，、（）]{2,10}标准)。")
ITEM = re.compile(r"（(\d)）([^。，（）]+?)。")


def task_tree(text: str) -> list[tuple[str, str | None, int, int]]:
    """(label, parent label, level, position among siblings) of every heading in 二、主要任务."""
    body = text[text.index("二、主要任务"):text.index("三、保障措施")]
    events = []  # (offset in the bare text, kind, label)
    offset = 0
    for line in body.splitlines():
        for pattern, kind in ((SECTION, 1), (NUMBERED, 2)):
            match = pattern.match(line.strip())
            if match:
                events.append((offset, kind, match.group(2)))
        offset += len(bare(line))
    flat = bare(body)
    events += [(m.start(1), 3, m.group(1)) for m in GROUP.finditer(flat)]
    events += [(m.start(), 4, m.group(2)) for m in ITEM.finditer(flat)]
    tree, stack, counts = [], {}, Counter()
    grouped = False  # whether the current numbered task has labelled paragraphs
    for _, kind, label in sorted(events):
        if kind <= 2:
            grouped = False
        elif kind == 3:
            grouped = True
        elif not grouped:
            kind = 3  # an item directly under a numbered task (二、（二）5)
        parent = None
        for level in range(kind - 1, 0, -1):
            if level in stack:
                parent = stack[level]
                break
        stack = {level: name for level, name in stack.items() if level < kind}
        stack[kind] = label
        counts[parent] += 1
        tree.append((label, parent, kind, counts[parent]))
    return tree


def measure_tree(text: str) -> list[tuple[str, list[str]]]:
    """(group heading, its sentences) of 三、保障措施; a lead sentence under 15 characters is
    kept with the sentence it introduces."""
    body = text[text.index("三、保障措施"):text.index("附件：上海市新一代人工智能标准体系")]
    groups: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        match = SECTION.match(line.strip())
        if match:
            groups.append((match.group(2), []))
        elif groups:
            groups[-1][1].append(line)
    result = []
    for heading, lines in groups:
        sentences, carry = [], ""
        for sentence in filter(None, bare("".join(lines)).split("。")):
            carry += sentence + "。"
            if len(sentence) >= 15:
                sentences.append(carry)
                carry = ""
        result.append((heading, sentences))
    return result


def guidance_nodes(kg, kind: str):
    result = kg.query(PREFIXES + """
        PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?node ?label ?parentLabel ?position ?quote WHERE {
          ?node a ?kind ; aistd:describedIn ?document ; rdfs:label ?label ; aistd:position ?position ;
                aistd:citation/aistd:quote ?quote .
          FILTER(LANG(?label) = "zh")
          OPTIONAL { ?node dcterms:isPartOf/rdfs:label ?parentLabel . FILTER(LANG(?parentLabel) = "zh") }
        }""", initBindings={"document": GUIDANCE, "kind": URIRef(AISTD + kind)})
    return [(str(label), str(parent) if parent else None, int(position), bare(quote))
            for _, label, parent, position, quote in result]


def test_task_parser_reads_the_section(text):
    tree = task_tree(text)
    assert Counter(level for _, _, level, _ in tree) == {1: 2, 2: 9, 3: 10, 4: 19}
    assert ("智能养老", "AI+数字生活", 4, 3) in tree
    assert ("应用场景安全规范", "安全/伦理标准", 3, 2) in tree


def test_every_task_is_in_the_graph(kg, text):
    """The 40 headings of 二、主要任务, each a task under its parent, at its position."""
    expected = {(bare(label), bare(parent) if parent else None, position)
                for label, parent, _, position in task_tree(text)}
    actual = {(bare(label), bare(parent) if parent else None, position)
              for label, parent, position, _ in guidance_nodes(kg, "Task")}
    assert actual == expected
    assert len(guidance_nodes(kg, "Task")) == len(expected) == 40


def test_every_measure_is_in_the_graph(kg, text):
    """The three groups of 三、保障措施 in order, and under each one measure per sentence,
    quoting it."""
    groups = measure_tree(text)
    assert [heading for heading, _ in groups] == ["健全组织机制", "强化政策保障", "加快人才培育"]
    assert [len(sentences) for _, sentences in groups] == [3, 3, 2]
    nodes = guidance_nodes(kg, "Measure")
    tops = sorted((position, label) for label, parent, position, _ in nodes if parent is None)
    assert [label for _, label in tops] == [heading for heading, _ in groups]
    for heading, sentences in groups:
        children = sorted((position, quote) for _, parent, position, quote in nodes if parent == heading)
        assert [quote for _, quote in children] == sentences, heading
