"""The web interface's pages over HTTP: each answers, shows what its named queries say, in the chosen
language, with every label escaped.

One server on a tiny graph (tests/server_fixtures/ui-graph.ttl, where one framework's and one
body's English labels hold markup) with the project's own ontology and named queries; no
browser and no built front end needed (tests/test_ui_browser.py drives those).
"""

import csv
import gzip
import hashlib
import html
import io
import json
import re
import shutil
from html.parser import HTMLParser
from urllib.parse import quote, unquote

import pytest
from openpyxl import load_workbook
from rdflib import Graph
from server_fixtures.harness import FIXTURES, REPO, in_process, write_trig

from aistd_kg.namespaces import AISTD, AISTDV, GRAPH, ID
from aistd_kg.query.named_queries import load_queries

MARKUP = "Alpha <script>alert(1)</script> & <b>system</b>"
ESCAPED = "Alpha &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;system&lt;/b&gt;"
LISTS = ("/lists/standards", "/lists/planned-standards", "/lists/bodies", "/lists/documents", "/lists/figures", "/timeline")
PAGES = ("/", "/find?q=alpha", "/query", "/frameworks", "/frameworks/alpha",
         "/frameworks/compare?left=alpha&right=beta", "/bodies", "/advisor", "/compliance", *LISTS)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = tmp_path_factory.mktemp("ui-pages")
    shutil.copytree(REPO / "queries", project / "queries")
    graphs = {GRAPH["ui"]: Graph().parse(FIXTURES / "ui-graph.ttl").serialize(format="nt"),
              **{GRAPH[name]: Graph().parse(REPO / "ontology" / f"{name}.ttl").serialize(format="nt")
                 for name in ("aistd", "external")}}
    write_trig(project / "build", graphs)
    with in_process(project) as running:
        yield running


def page(server, path: str, cookie: str | None = None) -> str:
    reply = server.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    assert reply.status == 200 and reply.media_type == "text/html", (path, reply.status, reply.body[:300])
    return reply.text


def category(slug: str) -> str:
    return str(ID[f"category/{slug}"])


def plan(number: int) -> str:
    return str(ID[f"planned-standard/alpha-{number}"])


def body(slug: str) -> str:
    return str(ID[f"body/{slug}"])


def embedded(text: str, element_id: str):
    """The JSON a page embeds in <script type="application/json" id=element_id>."""
    return json.loads(re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', text, re.DOTALL)[1])


class Nesting(HTMLParser):
    """For each element with a data-iri: the data-iris of the elements it is inside, and its text."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                      "wbr"})

    def __init__(self, text: str):
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.ancestors: dict[str, list[str]] = {}
        self.texts: dict[str, str] = {}
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        iri = dict(attrs).get("data-iri")
        if iri:
            self.ancestors[iri] = [i for _, i in self.open if i]
            self.texts.setdefault(iri, "")
        self.open.append((tag, iri))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        for _, iri in self.open:
            if iri:
                self.texts[iri] += data


@pytest.mark.parametrize("path", PAGES)
def test_page_answers_in_the_browsers_language(server, path):
    assert '<html lang="en">' in page(server, path)
    chinese = server.request("GET", path, headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert chinese.status == 200 and '<html lang="zh">' in chinese.text


@pytest.mark.parametrize("path", ("/frameworks", "/frameworks/alpha", "/frameworks/compare?left=alpha&right=beta"))
def test_label_with_markup_shows_as_text(server, path):
    text = page(server, path)
    assert ESCAPED in text
    assert "<script>alert" not in text and "<b>system" not in text


def test_body_label_with_markup_shows_as_text_in_the_bodies_table(server):
    text = page(server, "/bodies")
    assert "AI committee &lt;i&gt;x&lt;/i&gt;" in text and "<i>x</i>" not in text


def test_framework_tree_nests_categories_and_planned_standards(server):
    nesting = Nesting(page(server, "/frameworks/alpha"))
    assert nesting.ancestors[category("alpha-a")] == []
    assert nesting.ancestors[category("alpha-aa")] == [category("alpha-a")]
    assert nesting.ancestors[category("alpha-ab")] == [category("alpha-a")]
    assert nesting.ancestors[category("alpha-b")] == []
    assert nesting.ancestors[plan(1)] == [category("alpha-a"), category("alpha-aa")]
    assert "Specifies test methods." in nesting.texts[category("alpha-aa")]  # the scope text
    assert "★★★" in nesting.texts[plan(1)] and "★" not in nesting.texts[plan(2)]
    assert "not stated" in nesting.texts[plan(2)]


def test_framework_tree_shows_codes_and_marks_inferred_ones(server):
    text = page(server, "/frameworks/alpha")
    assert '<code class="notation">AA</code>' in text
    assert re.search(r'<code class="notation inferred" title="code inferred">AB</code>', text)


def test_unknown_framework_is_a_404(server):
    reply = server.request("GET", "/frameworks/gamma")
    assert reply.status == 404 and reply.json["error"] == "unknown-framework"
    assert server.request("GET", "/frameworks/compare?left=alpha&right=..%2Fetc").status == 404


def test_language_is_switched_by_parameter_and_remembered_in_a_cookie(server):
    reply = server.request("GET", "/frameworks/alpha?lang=zh")
    assert re.search(r"\blang=zh\b", reply.headers["set-cookie"])
    assert '<html lang="zh">' in reply.text and "<h1>甲体系</h1>" in reply.text
    assert "<summary><code class=\"notation\">A</code> <span class=\"label\">基础模块</span>" in reply.text
    bodies = page(server, "/bodies", cookie="lang=zh")
    assert "人工智能委员会" in bodies and "AI committee" not in bodies
    entity = page(server, "/id/body/committee.html", cookie="lang=zh")
    assert '<span class="name">人工智能委员会</span></h1>' in entity
    english = page(server, "/id/body/committee.html?lang=en", cookie="lang=zh")  # the parameter wins
    assert '<span class="name">AI committee &lt;i&gt;x&lt;/i&gt;</span></h1>' in english


def test_language_switch_keeps_the_pages_parameters(server):
    text = page(server, "/frameworks/compare?left=alpha&right=beta")
    assert 'href="/frameworks/compare?left=alpha&amp;right=beta&amp;lang=zh"' in text


def test_compare_reads_each_mapping_from_the_left_framework(server):
    stated_the_other_way = Nesting(page(server, "/frameworks/compare?left=alpha&right=beta"))
    assert stated_the_other_way.ancestors[str(ID["category/beta-1"])] == []  # the right tree is drawn too
    row = r'<tr data-predicate="([^"]+)" data-confidence="([^"]+)" data-left="([^"]+)" data-right="([^"]+)">'
    rows = re.findall(row, page(server, "/frameworks/compare?left=alpha&right=beta"))
    assert rows == [("http://www.w3.org/2004/02/skos/core#narrowMatch", "0.8", str(ID["category/alpha-aa"]),
                     str(ID["category/beta-1"]))]
    swapped = re.findall(r'<tr data-predicate="([^"]+)"', page(server, "/frameworks/compare?left=beta&right=alpha"))
    assert swapped == ["http://www.w3.org/2004/02/skos/core#broadMatch"]


def test_compare_marks_lists_and_links_the_categories_without_a_counterpart(server):
    text = page(server, "/frameworks/compare?left=alpha&right=beta&relation=narrowMatch&relation=broadMatch&confidence=0.5")
    marked = re.findall(r'<li data-iri="([^"]+)" data-level="\d" class="unmapped">', text)
    assert marked == [category("alpha-a"), category("alpha-ab"), category("alpha-b")]
    assert re.findall(r'name="relation" value="(\w+)" checked', text) == ["broadMatch", "narrowMatch"]
    assert 'name="confidence" id="confidence" min="0" max="1" step="0.05" value="0.5"' in text
    counterparts = re.findall(r'<li data-predicate="(\w+)"><span class="predicate \w+">([^<]+)</span> <a href="([^"]+)">', text)
    assert counterparts == [("narrowMatch", "has narrower match", "/id/category/beta-1"),  # each read from its side
                            ("broadMatch", "has broader match", "/id/category/alpha-aa")]
    lacking = text[text.index('id="lacking-left"'):text.index('id="lacking-right"')]
    assert re.findall(r'<li><a href="/id/category/([\w-]+)">', lacking) == ["alpha-a", "alpha-b", "alpha-ab"]
    assert "/queries/crosswalk-categories-without-counterpart?framework=" in lacking
    assert "None: every category has a counterpart." in text[text.index('id="lacking-right"'):]


def test_bodies_page_embeds_each_bodys_band_and_short_name(server):
    bands = embedded(page(server, "/bodies"), "bands")
    assert bands == [{"iri": body("committee"), "name": "AI committee <i>x</i>", "short": None, "band": "other"},
                     {"iri": body("institute"), "name": "Institute", "short": None, "band": "other"},
                     {"iri": body("committee-wg1"), "name": "Working group 1", "short": "WG 1", "band": "other"}]


def test_bodies_table_lists_links_with_kinds(server):
    text = page(server, "/bodies")
    rows = re.findall(r'<tr data-relation="(\w+)">\s*<td data-iri="([^"]+)" data-kind="(\w+)">.*?'
                      r'<td data-iri="([^"]+)" data-kind="(\w+)">', text, re.DOTALL)
    assert sorted(rows) == [
        ("hasSecretariat", body("committee"), "committee", body("institute"), "organization"),
        ("subOrganizationOf", body("committee-wg1"), "group", body("committee"), "committee"),
    ]


def test_home_counts_things_of_each_kind_and_each_opens_its_list(server):
    links = {kind: (int(count), html.unescape(link))
             for kind, link, count in re.findall(r'<dd data-class="(\w+)"><a href="([^"]+)">(\d+)</a></dd>', page(server, "/"))}
    assert {kind: (count, unquote(link)) for kind, (count, link) in links.items()} == {
        "Category": (5, "/frameworks"), "Document": (1, f"/lists/documents?kind={AISTD.Document}"),
        "Framework": (2, f"/lists/documents?kind={AISTD.Framework}"), "Mapping": (1, "/frameworks/compare"),
        "Organization": (3, "/lists/bodies"), "PlannedStandard": (2, "/lists/planned-standards"), "Standard": (2, "/lists/standards")}
    for kind in ("Document", "Framework", "Organization", "PlannedStandard", "Standard"):
        count, link = links[kind]
        assert len(listed(page(server, link))) == count, kind


def test_query_editor_offers_every_named_query_bound_to_its_defaults(server):
    text = page(server, "/query")
    examples = embedded(text, "example-texts")
    assert [e["name"] for e in examples] == sorted(load_queries(REPO / "queries"))
    secretariat = next(e for e in examples if e["name"] == "bodies-secretariat")["text"]
    assert "WHERE { VALUES (?committee) { (<https://w3id.org/aistd-kg/id/body/miit-tc1>) } " in secretariat
    prefixes = embedded(text, "prefixes")
    assert prefixes["aistd"] == str(AISTD) and prefixes["body"] == str(ID) + "body/"


def test_editor_text_of_an_example_gives_the_named_querys_answer(server):
    examples = embedded(page(server, "/query"), "example-texts")
    text = next(e for e in examples if e["name"] == "frameworks-planned-standards")["text"]
    fixture_framework = text.replace("jiangsu-ai-guide-2025-draft", "alpha")
    from_editor = server.query(fixture_framework, accept="text/csv")
    named = server.request("GET", f"/queries/frameworks-planned-standards?framework={ID['framework/alpha']}",
                           headers={"Accept": "text/csv"})
    assert from_editor.status == named.status == 200
    assert from_editor.text == named.text and named.text.count("\n") == 3  # header and the two planned standards


def test_search_page_knows_the_ontologys_classes(server):
    text = page(server, "/find?q=alpha")
    classes = embedded(text, "classes")
    working_group = classes[str(AISTD.WorkingGroup)]
    assert working_group["label"] == {"en": "Working group", "zh": "工作组"}
    assert {str(AISTD.CommitteeUnit), "http://www.w3.org/ns/org#Organization"} <= set(working_group["super"])
    assert 'value="alpha"' in text  # the search box keeps the query


def test_static_files_are_versioned_cached_for_good_and_compressed(server):
    """A script's link carries its content digest; that URL may be cached for a year and comes gzip-compressed."""
    link = re.search(r'src="(/static/dist/query\.js\?v=([0-9a-f]{12}))"', page(server, "/query"))
    assert link, "the editor's script link carries no version"
    script = (REPO / "src" / "aistd_kg" / "web" / "static" / "dist" / "query.js").read_bytes()
    assert link.group(2) == hashlib.sha256(script).hexdigest()[:12]
    reply = server.request("GET", link.group(1), headers={"Accept-Encoding": "gzip"})
    assert reply.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert reply.headers["content-encoding"] == "gzip" and gzip.decompress(reply.body) == script
    assert len(reply.body) < len(script) / 2
    revalidated = server.request("GET", link.group(1), headers={"Accept-Encoding": "gzip", "If-None-Match": reply.headers["etag"]})
    assert revalidated.status == 304
    stale = server.request("GET", "/static/dist/query.js?v=000000000000")
    assert stale.headers["cache-control"] == "no-cache" and "content-encoding" not in stale.headers and stale.body == script


def listed(text: str) -> list[list[str]]:
    """The rows of a list page: the IRI its title links to, then the text of each cell."""
    return [[iri, *(html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))]
            for iri, row in re.findall(r'<tr data-iri="([^"]*)">(.*?)</tr>', text, re.S)]


def facet(text: str, name: str) -> dict[str, tuple[int, bool]]:
    """A list page's facet: {value: (count, chosen)}."""
    fieldset = re.search(rf'<fieldset data-facet="{name}">(.*?)</fieldset>', text, re.S)[1]
    return {html.unescape(value): (int(count), bool(checked)) for value, checked, count
            in re.findall(r'value="([^"]+)"( checked)?> [^<]* <span class="count">\((\d+)\)</span>', fieldset)}


def standard(slug: str) -> str:
    return str(ID[f"standard/{slug}"])


PUBLISHED, IN_DEVELOPMENT = str(AISTDV["status-published"]), str(AISTDV["status-under-development"])


def test_standards_list_shows_readable_names_and_counts_each_facets_values(server):
    text = page(server, "/lists/standards")
    assert listed(text) == [
        [standard("alpha-1"), "AS 1:2024", "Alpha standard", "Institute", "AI committee <i>x</i>", "", "Published", "", "2024"],
        [standard("alpha-2"), "AS 2", "Beta standard", "Institute", "", "", "Under development", "", ""]]
    assert "2 results" in text
    assert facet(text, "status") == {PUBLISHED: (1, False), IN_DEVELOPMENT: (1, False)}
    assert facet(text, "publisher") == {body("institute"): (2, False)}
    assert facet(text, "category") == {category("alpha-aa"): (1, False)}


def test_facets_filter_the_list_and_count_what_the_other_facets_let_through(server):
    published = page(server, f"/lists/standards?status={quote(PUBLISHED)}")
    assert [row[0] for row in listed(published)] == [standard("alpha-1")] and "1 result" in published
    assert facet(published, "status") == {PUBLISHED: (1, True), IN_DEVELOPMENT: (1, False)}  # its own choice aside
    assert facet(published, "publisher") == {body("institute"): (1, False)}
    either = page(server, f"/lists/standards?status={quote(PUBLISHED)}&status={quote(IN_DEVELOPMENT)}")
    assert len(listed(either)) == 2  # values of one facet are alternatives
    both = page(server, f"/lists/standards?status={quote(IN_DEVELOPMENT)}&committee={quote(body('committee'))}")
    assert listed(both) == [] and "0 results" in both  # facets must all hold


def test_list_sorts_by_a_column_each_way_rows_without_a_value_last(server):
    descending = page(server, "/lists/standards?sort=identifier&order=desc")
    assert [row[1] for row in listed(descending)] == ["AS 2", "AS 1:2024"]
    assert re.search(r'<th scope="col" aria-sort="descending"><a href="/lists/standards\?sort=identifier&amp;order=asc">', descending)
    for order in ("asc", "desc"):
        assert [row[1] for row in listed(page(server, f"/lists/standards?sort=year&order={order}"))] == ["AS 1:2024", "AS 2"]


def test_export_has_every_row_of_the_view_in_the_language_chosen(server):
    view = f"/lists/planned-standards?urgency=3&framework={quote(str(ID['framework/alpha']))}&lang=zh"
    reply = server.request("GET", view + "&format=csv")
    assert reply.media_type == "text/csv"
    assert reply.body.startswith("\ufeff".encode())  # the byte-order mark spreadsheet programs need for Chinese
    assert list(csv.reader(io.StringIO(reply.body.decode("utf-8-sig")))) == [
        ["IRI", "序号", "名称", "缓急程度", "框架", "一级类目", "类目"],
        [plan(1), "1", "评估标准", "★★★", "甲体系", "基础模块", "测试评估"]]
    book = load_workbook(io.BytesIO(server.request("GET", view + "&format=xlsx").body), read_only=True)
    assert [list(row) for row in book.active.iter_rows(values_only=True)] == [
        ["IRI", "序号", "名称", "缓急程度", "框架", "一级类目", "类目"],
        [plan(1), 1, "评估标准", "★★★", "甲体系", "基础模块", "测试评估"]]  # whole numbers as numbers
    unstated = server.request("GET", "/lists/planned-standards?urgency=0&format=csv&lang=en").body.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(unstated)))[1:] == [
        [plan(2), "2", "Test specification", "not stated", MARKUP, "Basic module", "Testing and evaluation"]]


def test_timeline_lists_dated_steps_newest_first_under_their_years(server):
    text = page(server, "/timeline")
    assert re.findall(r'<th scope="colgroup" colspan="\d+">(\d+)</th>', text) == ["2025", "2024", "2023"]
    assert listed(text) == [
        [standard("alpha-2"), "2025-02-01", "stage reached", "Standard", "AS 2", "Beta standard", "", ""],
        [standard("alpha-1"), "2024-05-01", "publication", "Standard", "AS 1:2024", "Alpha standard", "",
         "AI committee <i>x</i>"],
        [str(ID["document/alpha-law"]), "2023", "publication", "Document", "", "Alpha law", "", ""]]
    publications = page(server, "/timeline?kind=publication&year=2024")
    assert [row[0] for row in listed(publications)] == [standard("alpha-1")]


def test_bodies_and_documents_lists_show_kinds_by_name(server):
    assert listed(page(server, "/lists/bodies?sort=label")) == [
        [body("committee"), "AI committee <i>x</i>", "Technical committee", "", ""],
        [body("institute"), "Institute", "Research institute or university", "", ""],
        [body("committee-wg1"), "Working group 1", "Working group", "", "AI committee <i>x</i>"]]
    assert listed(page(server, "/lists/documents")) == [  # by year, newest first, then by name
        [str(ID["document/alpha-law"]), "Alpha law", "Law or regulation", "Institute", "", "2023"],
        [str(ID["framework/alpha"]), MARKUP, "", "", "", ""], [str(ID["framework/beta"]), "Beta system", "", "", "", ""]]


def test_a_view_asking_for_what_is_not_there_is_an_empty_list(server):
    text = page(server, "/lists/standards?year=abc&sort=nothing&page=x")
    assert listed(text) == [] and "0 results" in text
    assert facet(text, "year") == {"2024": (1, False), "abc": (0, True)}


def test_unknown_list_is_a_404(server):
    reply = server.request("GET", "/lists/nothing")
    assert reply.status == 404 and reply.json["error"] == "unknown-list"
