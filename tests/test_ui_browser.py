"""The web interface in a real browser: Debian's chromium, driven by Playwright, against the real server
(tests/server_fixtures/harness.py) on the project's own data (loaded and derived, not validated).

Each test saves a screenshot in test-artifacts/ui/ (at the top of the checkout, git-ignored).
Skipped, saying why, when chromium is not installed (`make test` installs it, see
tests/setup/debian-packages.txt) or the front end is not built (`make web`).
"""

import csv
import io
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from server_fixtures.browser import skip_unless_ready
from server_fixtures.harness import REPO

from aistd_kg.namespaces import AISTD, ID

ARTIFACTS = REPO / "test-artifacts" / "ui"
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
JIANGSU = "/frameworks/jiangsu-ai-guide-2025-draft"
JIANGSU_ZH = "江苏省人工智能标准体系建设指南（2025版）（征求意见稿）"
PAGES = ("/", "/find?q=42001", "/query", "/frameworks", JIANGSU, "/frameworks/compare", "/bodies",
         "/id/standard/iso-iec-42001-2023.html", "/lists/standards", "/timeline")

skip_unless_ready()
ARTIFACTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def page(browser, server, request):
    """A fresh desktop page (no cookies); a script error, a Content-Security-Policy violation or a request to another
    host fails the test.

    A screenshot is saved when the test ends.
    """
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True, base_url=server.url, locale="en-US")
    opened = context.new_page()
    errors, elsewhere = [], []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda message: "Content Security Policy" in message.text and errors.append(message.text))
    opened.on("request", lambda asked: asked.url.startswith((server.url, "data:", "blob:"))
              or elsewhere.append(asked.url))
    yield opened
    opened.screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True)
    context.close()
    assert not errors, errors
    assert not elsewhere, f"requests to other hosts (nothing is fetched from a CDN): {elsewhere}"


def test_search_groups_results_by_type_and_opens_the_entity(page):
    page.goto("/find?q=42001")
    standards = page.locator(f'.result-group[data-type="{AISTD.Standard}"]')
    standards.wait_for()
    assert standards.locator("h2").inner_text().startswith("Standard (")
    groups = page.locator(".result-group").evaluate_all("sections => sections.map(s => s.dataset.type)")
    assert groups[0] == str(AISTD.Standard) and len(groups) == len(set(groups)) > 1
    result = standards.locator(f'li[data-id="{ID["standard/iso-iec-42001-2023"]}"]')
    assert result.locator(".key").inner_text().strip() == "ISO/IEC 42001:2023"
    result.locator("a").click()
    page.wait_for_url("**/id/standard/iso-iec-42001-2023.html")
    assert page.locator("h1 .name").inner_text() == "Information technology — Artificial intelligence — Management system"


def test_search_results_show_labels_with_markup_as_text(page):
    markup = "<img src=x onerror=alert(1)><b>bold</b>"
    answer = {"query": "x", "total": 1, "offset": 0, "limit": 50, "facets": [],
              "results": [{"id": str(ID["standard/x"]), "type": [str(AISTD.Standard)],
                          "label": {"en": markup, "zh": None}, "identifier": "<i>X</i>", "code": None,
                          "score": 1.0, "matched": "label"}]}
    page.route("**/search?*", lambda route: route.fulfill(json=answer))
    page.goto("/find?q=x")
    item = page.locator(".result-group li")
    item.wait_for()
    assert item.locator("a").inner_text() == markup and item.locator(".key").inner_text().strip() == "<i>X</i>"
    assert item.locator("img, b, i").count() == 0


def test_keyboard_tab_reaches_the_search_box_and_enter_submits(page):
    page.goto("/")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("42001")
    page.keyboard.press("Enter")
    page.wait_for_url("**/find?q=42001")
    page.locator(".result-group").first.wait_for()


def test_framework_tree_expands_to_planned_standards_with_urgency(page):
    page.goto(JIANGSU)
    module = page.locator(f'li[data-iri="{ID["category/jiangsu-ai-guide-2025-draft-a"]}"]')
    area = module.locator(f'li[data-iri="{ID["category/jiangsu-ai-guide-2025-draft-aa"]}"]')
    assert not area.is_visible()
    module.locator(":scope > details > summary").click()
    assert area.is_visible() and area.locator("code").first.inner_text() == "AA"
    area.locator(":scope > details > summary").click()
    plan = area.locator(f'li[data-iri="{ID["planned-standard/jiangsu-ai-guide-2025-draft-1"]}"]')
    assert plan.is_visible()
    assert plan.locator(".urgency").inner_text() == "★★★"  # the annex list's row 1


def test_language_switch_shows_zh_labels_and_is_remembered(page):
    page.goto(JIANGSU)
    assert page.locator("h1").inner_text().startswith("Jiangsu Province")
    page.get_by_role("link", name="中文").click()
    page.wait_for_url(f"**{JIANGSU}?lang=zh")
    assert page.locator("h1").inner_text() == JIANGSU_ZH
    assert page.locator(".tree summary .label").first.inner_text() == "基础共性模块"
    page.goto("/id/body/tc28-sc42.html")  # no parameter: the cookie decides
    assert page.evaluate("document.documentElement.lang") == "zh"
    assert page.locator("h1 .name").inner_text() == "全国信息技术标准化技术委员会人工智能分技术委员会"
    page.goto("/")
    page.locator("#jiangsu-chart").wait_for()
    assert "未标明" in page.locator(".chart-legend").last.inner_text()  # drawn in the browser, in Chinese too


def test_named_query_runs_in_the_editor_and_downloads_as_csv(page):
    page.goto("/query")
    page.click('[data-example="jiangsu-planned-standards-by-urgency"]')  # a parameter: stars, 4 by default
    rows = page.locator(".yasr table.dataTable tbody tr")
    rows.first.wait_for()
    assert rows.count() == 5 and "工业软件云化服务接口标准" in rows.first.inner_text()
    assert page.locator('#downloads button[data-format="turtle"]').is_hidden()  # graph formats are for CONSTRUCT
    with page.expect_download() as started:
        page.click('#downloads button[data-format="csv"]')
    download = started.value
    assert download.suggested_filename == "results.csv"
    downloaded = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    with open(REPO / "tests" / "expected" / "jiangsu-planned-standards-by-urgency.csv", encoding="utf-8") as handle:
        assert downloaded == list(csv.reader(handle))
    with page.expect_download() as started:
        page.click('#downloads button[data-format="json"]')
    bindings = json.loads(Path(started.value.path()).read_text(encoding="utf-8"))["results"]["bindings"]
    assert [b["listNumber"]["value"] for b in bindings] == ["51", "54", "70", "73", "76"]
    iri = rows.first.locator("a.iri", has_text="plan:")
    iri.dispatch_event("click")  # the project's IRIs open on this server (the table's cells overlap the cut IRI)
    page.wait_for_url("**/id/planned-standard/jiangsu-ai-guide-2025-draft-51.html")


def test_describe_runs_in_the_editor_and_downloads_as_turtle(page):
    standard = ID["standard/iso-iec-42001-2023"]
    page.goto("/query")
    page.evaluate("text => document.querySelector('.CodeMirror').CodeMirror.setValue(text)", f"DESCRIBE <{standard}>")
    page.click("#run")
    page.locator("#query-status", has_text="Done").wait_for()
    assert page.locator('#downloads button[data-format="csv"]').is_hidden()
    with page.expect_download() as started:
        page.click('#downloads button[data-format="turtle"]')
    assert started.value.suggested_filename == "results.ttl"
    described = Graph().parse(data=Path(started.value.path()).read_text(encoding="utf-8"), format="turtle")
    assert (URIRef(standard), DCTERMS.identifier, Literal("ISO/IEC 42001:2023")) in described


def test_editor_completes_the_projects_prefixes(page):
    page.goto("/query")
    page.click(".CodeMirror")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type("PREFIX ais")
    page.keyboard.press("Control+Space")
    hints = page.locator(".CodeMirror-hint")
    hints.first.wait_for()
    assert hints.all_inner_texts() == ["aistd: <https://w3id.org/aistd-kg/ontology#>",
                                       "aistdv: <https://w3id.org/aistd-kg/vocab/>"]


def test_compare_draws_mappings_and_filters_them_keeping_the_filters_in_the_url(page):
    page.goto("/frameworks/compare?left=jiangsu-ai-guide-2025-draft&right=cn-ai-industry-guide-draft")
    lines = page.locator("svg#links path")
    total = page.locator("#mapping-table tbody tr").count()
    assert total == 46 and lines.count() == total  # tests/expected/crosswalk-mapping-counts.csv: 8+9+20+4+5
    page.get_by_label("has exact match").uncheck()
    assert lines.count() == total - 20 and page.locator("path.exactMatch").count() == 0
    page.locator("#confidence").fill("0.9")
    shown = page.locator("#mapping-table tbody tr:not([hidden])")
    assert lines.count() == shown.count() < total - 20
    assert all(float(c) >= 0.9 for c in shown.evaluate_all("rows => rows.map(r => r.dataset.confidence)"))
    kept = page.url
    assert "relation=closeMatch" in kept and "relation=exactMatch" not in kept and "confidence=0.9" in kept
    page.goto(kept)
    assert not page.get_by_label("has exact match").is_checked() and page.get_by_label("has close match").is_checked()
    assert lines.count() == shown.count()


def test_compare_lines_run_from_name_to_name_and_stand_out_with_their_category(page):
    page.goto("/frameworks/compare?left=jiangsu-ai-guide-2025-draft&right=cn-ai-industry-guide-draft")
    first = page.locator("#mapping-table tbody tr").first
    left, right = first.get_attribute("data-left"), first.get_attribute("data-right")
    line = page.locator(f'svg#links path[data-left="{left}"][data-right="{right}"]')
    ends = line.evaluate("""path => { const box = path.ownerSVGElement.getBoundingClientRect(), length = path.getTotalLength();
        const [a, b] = [path.getPointAtLength(0), path.getPointAtLength(length)];
        return [a.x + box.left, a.y + box.top, b.x + box.left, b.y + box.top]; }""")
    names = [page.locator(f'.tree[data-side="{side}"] li[data-iri="{iri}"] > .category > .name').bounding_box()
             for side, iri in (("left", left), ("right", right))]
    assert abs(ends[0] - (names[0]["x"] + names[0]["width"])) < 8 and abs(ends[2] - names[1]["x"]) < 8
    assert names[0]["y"] <= ends[1] <= names[0]["y"] + names[0]["height"]
    page.locator(f'.tree[data-side="left"] li[data-iri="{left}"] > .category > .name').focus()
    mine = page.locator(f'#mapping-table tbody tr[data-left="{left}"]').count()
    assert page.locator("svg#links path.active").count() == mine > 0
    assert page.locator(f'.tree[data-side="right"] li.linked[data-iri="{right}"]').count() == 1


def test_from_the_home_page_find_what_shanghai_has_that_the_national_guide_lacks(page, server):
    page.goto("/?lang=en")
    page.get_by_role("link", name="Frameworks", exact=True).click()
    page.get_by_label("Left").select_option(label="Shanghai New-Generation AI Standard System (Trial)")
    page.get_by_label("Right").select_option("cn-ai-industry-guide-draft")
    page.get_by_role("button", name="Compare").click()
    section = page.locator("#lacking-left")
    heading = "What Shanghai New-Generation AI Standard System (Trial) has that "
    assert section.locator("h3").inner_text().startswith(heading)
    shanghai, national = str(ID["framework/shanghai-ngai-system-2021"]), str(ID["framework/cn-ai-industry-guide-draft"])
    expected = []
    for level in (1, 2, 3):  # the named query's answer, level by level
        answer = page.request.get(f"{server.url}/queries/crosswalk-categories-without-counterpart",
                                  params={"framework": shanghai, "other": national, "level": str(level)},
                                  headers={"Accept": "text/csv"}).text()
        expected += [f"{row['code']} {row['labelEn']}".strip() for row in csv.DictReader(io.StringIO(answer))]
    assert section.locator("li").all_inner_texts() == expected
    assert len(expected) == 113 and {"Intelligent courts", "Smart parks", "Process security"} < set(expected)
    marked = page.locator('.tree[data-side="left"] li.unmapped').evaluate_all("items => items.length")
    assert marked == len(expected) and page.locator("#left-title ~ .unmapped-count a").inner_text() == str(len(expected))
    query = section.get_by_role("link", name="named query").first
    assert "crosswalk-categories-without-counterpart" in query.get_attribute("href")


def test_compare_at_phone_width_stacks_the_frameworks_and_lists_counterparts(browser, server):
    context = browser.new_context(viewport=PHONE, base_url=server.url, locale="en-US")
    phone = context.new_page()
    try:
        phone.goto("/frameworks/compare?left=jiangsu-ai-guide-2025-draft&right=cn-ai-industry-guide-draft&lang=en")
        assert phone.locator("svg#links").is_hidden() and phone.locator("svg#links path").count() == 0
        first = phone.locator("#mapping-table tbody tr").first
        left, right = first.get_attribute("data-left"), first.get_attribute("data-right")
        item = phone.locator(f'.tree[data-side="left"] li[data-iri="{left}"] > .category .counterparts')
        assert item.is_visible() and item.locator(f'a[href="{right[len("https://w3id.org/aistd-kg"):]}"]').count() == 1
        assert phone.locator('.tree[data-side="right"] li.unmapped .no-counterpart').first.is_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


def test_bodies_search_selects_a_body_and_highlights_its_neighbours(page):
    page.goto("/bodies?lang=en")
    page.wait_for_function("window.bodiesGraph !== undefined")
    bands = page.evaluate("window.bodiesGraph.nodes('.band').map(n => n.data('label'))")
    assert bands == ["International", "Regional", "National", "Other"]  # the column headings, named by the page
    page.get_by_label("Find a body").fill("ISO/IEC JTC 1/SC 42 Artificial")
    page.get_by_label("Find a body").press("Enter")
    sc42 = str(ID["body/iso-iec-jtc1-sc42"])
    page.wait_for_url(f"**body={quote(sc42, safe='')}*")
    neighbours = set(page.locator("#selected-neighbours li").evaluate_all("items => items.map(i => i.dataset.iri)"))
    rows = [r for r in csv.DictReader(open(REPO / "tests" / "expected" / "bodies-network.csv", encoding="utf-8"))]
    assert neighbours == {r["to"] for r in rows if r["from"] == sc42} | {r["from"] for r in rows if r["to"] == sc42}
    assert str(ID["body/iso-iec-jtc1-sc42-wg1"]) in neighbours
    assert page.locator("#selected-name").inner_text() == "ISO/IEC JTC 1/SC 42 Artificial intelligence"
    clear = page.evaluate("""iri => window.bodiesGraph.nodes().not('.band').filter(n => !n.hasClass('faded')).map(n => n.id())""", sc42)
    assert set(clear) == neighbours | {sc42}
    wg1 = str(ID["body/iso-iec-jtc1-sc42-wg1"])
    assert page.evaluate("iri => window.bodiesGraph.getElementById(iri).data('label')", wg1) == "WG 1"
    x, y = page.evaluate("""iri => { const box = document.getElementById('graph').getBoundingClientRect();
        const at = window.bodiesGraph.getElementById(iri).renderedPosition(); return [box.left + at.x, box.top + at.y]; }""", wg1)
    page.mouse.move(x, y)  # the graph is centred on the selected committee, its groups beside it
    assert page.locator("#graph").get_attribute("title") == "ISO/IEC JTC 1/SC 42/WG 1: Foundational standards working group"


def test_bodies_table_sorts_by_each_column_and_filters_keeping_its_state_in_the_url(page):
    page.goto("/bodies?lang=en")
    table = page.locator("#links-table")
    in_order = """cells => { const texts = cells.map(c => c.textContent.trim()), by = new Intl.Collator(undefined, {numeric: true});
        return texts.every((text, i) => i === 0 || by.compare(texts[i - 1], text) <= 0); }"""
    assert not table.locator("tbody tr td:nth-child(3)").evaluate_all(in_order)  # the query's order is another
    page.get_by_role("button", name="Linked body").click()
    assert table.locator("tbody tr td:nth-child(3)").evaluate_all(in_order)
    column = table.locator("tbody tr td:nth-child(3)").all_inner_texts()
    page.get_by_role("button", name="Linked body").click()
    assert table.locator("th[data-key=to]").get_attribute("aria-sort") == "descending"
    assert table.locator("tbody tr td:nth-child(3)").first.inner_text() == column[-1]
    page.get_by_label("Filter the table").fill("SC 42/WG")
    shown = table.locator("tbody tr:not([hidden])")
    assert shown.count() == sum(1 for r in csv.DictReader(open(REPO / "tests" / "expected" / "bodies-network.csv",
                                                                encoding="utf-8")) if "SC 42/WG" in r["fromEn"] + r["toEn"])
    assert "sort=to" in page.url and "order=descending" in page.url and "q=SC+42%2FWG" in page.url
    page.goto(page.url)
    assert shown.count() > 0 and table.locator("th[data-key=to]").get_attribute("aria-sort") == "descending"


def test_bodies_graph_selects_a_body_on_click_and_opens_it_on_a_second(page):
    page.goto("/bodies")
    page.wait_for_function("window.bodiesGraph !== undefined")
    iri = str(ID["body/tc28-sc42"])
    where = """iri => {
        const box = document.getElementById('graph').getBoundingClientRect();
        const at = window.bodiesGraph.getElementById(iri).renderedPosition();
        return [box.left + at.x, box.top + at.y]; }"""
    page.get_by_role("button", name="Show all").click()
    x, y = page.evaluate(where, iri)
    page.mouse.click(x, y)
    page.locator("#selected-link").wait_for()
    assert page.locator("#selected-link").get_attribute("href") == "/id/body/tc28-sc42"
    x, y = page.evaluate(where, iri)  # the graph is centred on the selected body
    page.mouse.click(x, y)
    page.wait_for_url("**/id/body/tc28-sc42.html")


def test_dashboard_draws_charts_and_the_coverage_matrix(page):
    page.goto("/")
    jiangsu = page.locator(".chart-legend").nth(1)
    jiangsu.wait_for()
    assert jiangsu.locator("li").all_inner_texts() == ["★★★★", "★★★", "★★", "★", "not stated"]
    page.locator("#coverage tbody tr").first.wait_for()  # each part draws when its own queries answer
    page.locator("#targets-chart").locator("xpath=ancestor::figure").locator(".chart-legend").wait_for()
    assert page.locator("#coverage tbody tr").count() == 36  # the national draft's second-level categories
    assert page.locator("#coverage thead th").count() == 6  # the category, then the five other frameworks
    assert page.locator("#coverage td.gap").count() > 0
    colours = jiangsu.locator(".swatch").evaluate_all("swatches => swatches.map(s => getComputedStyle(s).backgroundColor)")
    assert colours == ["rgb(142, 27, 16)", "rgb(200, 67, 43)", "rgb(232, 132, 92)", "rgb(242, 184, 150)",
                       "rgb(138, 143, 152)"]  # urgency in order, darkest for four stars
    assert page.locator(".status").count() == 0


def test_a_dashboard_part_that_fails_says_so_and_the_others_still_draw(page):
    page.route("**/queries/jiangsu-urgency-by-module*", lambda route: route.fulfill(status=503, body="busy"))
    page.goto("/?lang=zh")
    failed = page.locator("#jiangsu-chart").locator("xpath=ancestor::figure").locator(".status.error")
    failed.wait_for()
    assert failed.inner_text() == "无法加载: jiangsu-urgency-by-module: 503 busy"
    page.locator("#coverage tbody tr").first.wait_for()
    assert page.locator(".status").count() == 1


def test_phone_width_has_no_horizontal_overflow(browser, server):
    context = browser.new_context(viewport=PHONE, base_url=server.url)
    phone = context.new_page()
    try:
        for path in PAGES:
            phone.goto(path, wait_until="networkidle")
            name = path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "home"
            phone.screenshot(path=ARTIFACTS / f"phone-{name}.png", full_page=True)
            assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    finally:
        context.close()


def test_from_the_home_page_find_what_helps_meet_ai_act_article_9(page):
    page.goto("/?lang=en")
    page.get_by_role("link", name="Provisions").click()
    row = page.get_by_role("row").filter(has_text="Article 9: Risk management system")
    row.get_by_role("link", name="1", exact=True).click()
    table = page.locator("table")
    table.wait_for()
    assert "prEN 18228" in table.inner_text()
    assert "AI Risk Management" in table.inner_text()


def test_from_the_home_page_ask_the_advisor_about_large_models(page):
    page.goto("/?lang=zh")
    page.get_by_role("link", name="参与建议").click()
    page.get_by_label("主题").fill("大模型")
    page.get_by_role("button", name="查询").click()
    committee = page.locator("article.committee").filter(
        has=page.get_by_role("heading", name="全国信息技术标准化技术委员会人工智能分技术委员会", exact=True))
    committee.wait_for()
    ways = committee.inner_text()
    assert "申请成为全国信标委人工智能分委会委员（非筹建和换届期间）" in ways
    assert "ISO/IEC JTC 1/SC 42" in ways  # the body it mirrors


def test_from_the_home_page_find_the_chinese_mirror_of_sc42_and_its_groups(page):
    """"SC42" typed as one word: the results are counted and paged, filtered by type; SC 42's page names its
    Chinese counterpart, whose page lists its working groups."""
    page.goto("/?lang=en")
    page.get_by_role("combobox", name="Search names, identifiers or codes").fill("SC42")
    page.get_by_role("option").first.wait_for()  # suggestions, which Enter without a choice does not open
    page.keyboard.press("Enter")
    page.wait_for_url("**/find?q=SC42")
    page.get_by_role("status").filter(has_text="119 results, showing 1–50").wait_for()
    page.get_by_role("link", name="Next").click()
    page.get_by_role("status").filter(has_text="119 results, showing 51–100").wait_for()
    page.get_by_role("navigation", name="By type").get_by_role("link", name="Subcommittee (2)").click()
    page.get_by_role("status").filter(has_text="2 results, showing 1–2").wait_for()
    page.get_by_role("link", name="ISO/IEC JTC 1/SC 42 Artificial intelligence", exact=True).click()
    page.wait_for_url("**/id/body/iso-iec-jtc1-sc42.html")
    counterpart = page.locator("dl.summary div").filter(has=page.get_by_text("Counterparts", exact=True))
    counterpart.get_by_role("link", name="Artificial Intelligence Subcommittee of SAC/TC 28 (SAC/TC 28/SC 42)").click()
    page.wait_for_url("**/id/body/tc28-sc42.html")
    groups = page.locator("dl.summary div").filter(has=page.get_by_text("Groups", exact=True)).get_by_role("listitem")
    assert groups.count() == 17
    assert "Knowledge graph (working/study group of SAC/TC 28/SC 42)" in groups.all_inner_texts()


def test_from_the_home_page_open_iso_iec_42001_by_keyboard_and_download_its_turtle(page):
    """The suggestions are a combobox: Escape closes them, ArrowDown chooses the first, Enter opens it."""
    page.goto("/?lang=en")
    box = page.get_by_role("combobox", name="Search names, identifiers or codes")
    box.fill("42001")
    first = page.get_by_role("option").first
    first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false" and page.get_by_role("listbox").is_hidden()
    box.fill("42001 ")
    first.wait_for()
    assert first.inner_text() == "ISO/IEC 42001:2023 Information technology — Artificial intelligence — Management system"
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    page.wait_for_url("**/id/standard/iso-iec-42001-2023.html")
    assert page.locator("h1 .identifier").inner_text() == "ISO/IEC 42001:2023"
    with page.expect_download() as started:
        page.get_by_role("link", name="Turtle").click()
    assert started.value.suggested_filename == "iso-iec-42001-2023.ttl"
    described = Graph().parse(data=Path(started.value.path()).read_text(encoding="utf-8"), format="turtle")
    assert (URIRef(ID["standard/iso-iec-42001-2023"]), DCTERMS.identifier, Literal("ISO/IEC 42001:2023")) in described


def test_from_the_home_page_list_jiangsus_four_star_priority_standards(page, server):
    named = server.request("GET", "/queries/jiangsu-planned-standards-by-urgency?stars=4&format=csv").text
    four_stars = list(csv.DictReader(io.StringIO(named)))
    assert len(four_stars) == 5
    page.goto("/?lang=zh")
    page.locator(".chart-legend").nth(1).get_by_role("link", name="★★★★", exact=True).click()
    page.wait_for_url("**/lists/planned-standards?*")
    assert page.locator("#results-count").inner_text().startswith("共 5 条")
    assert page.locator('fieldset[data-facet="urgency"] input[value="4"]').is_checked()
    rows = page.locator("table.list tbody tr")
    assert rows.evaluate_all("rows => rows.map(row => row.dataset.iri)") == [row["plan"] for row in four_stars]
    for title in ("碳排放智能监测标准", "高风险AI系统伦理审查操作指南"):
        assert page.get_by_role("link", name=title, exact=True).is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    exported = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert exported[0][:4] == ["IRI", "序号", "名称", "缓急程度"]
    assert [row[:4] for row in exported[1:]] == [[row["plan"], row["listNumber"], row["name"], "★★★★"] for row in four_stars]


def test_dashboard_counts_open_what_they_count(page):
    page.goto("/?lang=en")
    count = page.locator('dd[data-class="Standard"]')
    total = int(count.inner_text())
    count.get_by_role("link").click()
    page.wait_for_url("**/lists/standards")
    assert page.locator("#results-count").inner_text().startswith(f"{total} results, page 1 of {-(-total // 50)}")
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next").click()
    page.wait_for_url("**/lists/standards?page=2")
    assert page.locator("table.list tbody tr").count() == 50
    page.goto("/?lang=en")
    cell = page.locator("#coverage td.covered a").first
    mappings = int(cell.inner_text())
    cell.click()
    page.wait_for_url("**/queries/crosswalk-counterparts-of-category?*")
    assert page.locator("table tbody tr").count() == mappings


def test_timeline_filters_like_the_lists_and_links_each_entry(page):
    page.goto("/timeline?lang=en")
    page.locator('fieldset[data-facet="kind"]').get_by_label("coming into force").check()
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/timeline?kind=in-force")
    steps = page.locator("table.list tbody tr[data-iri] td:nth-child(2)").all_inner_texts()
    assert steps and set(steps) == {"coming into force"}
    years = page.locator("tr.year th").all_inner_texts()
    assert years == sorted(years, reverse=True)
    page.locator("table.list tbody tr[data-iri]").first.get_by_role("link").click()
    page.wait_for_url("**/id/standard/*")
