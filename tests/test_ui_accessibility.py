"""Accessibility of every page of the web interface: axe-core (web/node_modules, `make web`) finds no critical
or serious violation on any page, in Chinese and in English, on a desktop and on a phone; the query editor is a
few Tabs from the top of its page.

Debian's chromium, driven by Playwright, against the real server on the project's own data
(server_fixtures/browser.py). A full-page screenshot of each page, language and width is saved in
test-artifacts/screenshots/ (at the top of the checkout, git-ignored).
"""

import pytest
from server_fixtures.browser import skip_unless_ready
from server_fixtures.harness import REPO

AXE = REPO / "web" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
FAILING = ("critical", "serious")


def answered(page):
    """The query page once a named query has answered: the results table and its controls."""
    page.click('[data-example="jiangsu-planned-standards-by-urgency"]')
    page.locator(".yasr table.dataTable tbody tr").first.wait_for()


def suggesting(page):
    """The search box with its suggestions open."""
    page.fill("#q", "SC42")
    page.locator('[role="option"]').first.wait_for()


def expanded(page):
    """A framework's tree with every category open: scope texts, planned standards and their urgency."""
    page.click('[data-tree-action="open"]')


MAX_LOAD_MS = 2000
# name: (path, what to do on the page before it is checked)
PAGES = {
    "home": ("/", None),
    "suggestions": ("/", suggesting),
    "find": ("/find?q=SC42", None),
    "query": ("/query", None),
    "query-answered": ("/query", answered),
    "frameworks": ("/frameworks", None),
    "framework": ("/frameworks/jiangsu-ai-guide-2025-draft", expanded),
    "compare": ("/frameworks/compare", None),
    "bodies": ("/bodies?find=SC%2042&body=https%3A%2F%2Fw3id.org%2Faistd-kg%2Fid%2Fbody%2Fiso-iec-jtc1-sc42", None),  # found, selected
    "entity": ("/id/standard/iso-iec-42001-2023.html", None),
    "body": ("/id/body/tc28-sc42.html", None),
    "category": ("/id/category/cn-ai-industry-guide-draft-3-2.html", None),
    "concept": ("/vocab/type-international.html", None),
    "graph": ("/graph/bodies.html", None),
    "ontology": ("/ontology.html", None),
    "shapes": ("/shapes.html", None),
    "queries": ("/queries", None),
    "named-query": ("/queries/jiangsu-planned-standards-by-urgency", None),
    "sparql": ("/sparql", None),
    "preview": ("/reconcile/preview?id=standard/iso-iec-42001-2023", None),
    "unknown-iri": ("/id/standard/iso-iec-42001-2032.html", None),
    "error": ("/queries/no-such-query", None),
    "advisor": ("/advisor", None),
    "compliance": ("/compliance", None),
    "coverage": ("/frameworks/cn-ai-industry-guide-draft/coverage", None),
    "advisor-answer": ("/advisor?topic=%E5%A4%A7%E6%A8%A1%E5%9E%8B", None),
    # the lists share one template: filtered views (shorter pages, quicker to check), one with its pages
    "list-standards": ("/lists/standards?committee=https%3A%2F%2Fw3id.org%2Faistd-kg%2Fid%2Fbody%2Fiso-iec-jtc1-sc42", None),
    "list-planned": ("/lists/planned-standards?sort=urgency&order=desc&page=2", None),
    "list-bodies": ("/lists/bodies?jurisdiction=https%3A%2F%2Fw3id.org%2Faistd-kg%2Fid%2Fjurisdiction%2Fshanghai", None),
    "list-documents": ("/lists/documents?kind=https%3A%2F%2Fw3id.org%2Faistd-kg%2Fontology%23Framework", None),
    "list-figures": ("/lists/figures?kind=https%3A%2F%2Fw3id.org%2Faistd-kg%2Fontology%23Target", None),
    "timeline": ("/timeline?kind=in-force", None),
}

skip_unless_ready()
if not AXE.is_file():
    pytest.skip(f"axe-core is not installed ({AXE}): run `make web`", allow_module_level=True)
SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def context(browser, server):
    """A fresh context (no language cookie); the pages' Content-Security-Policy lets axe in."""
    opened = browser.new_context(viewport=WIDTHS["desktop"], base_url=server.url, bypass_csp=True)
    yield opened
    opened.close()


def with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_critical_or_serious_violation(context, name, lang):
    """At each width in turn: the page is loaded once (within MAX_LOAD_MS to its load event), then narrowed to a
    phone's width and checked again."""
    path, action = PAGES[name]
    page = context.new_page()
    response = page.goto(with_lang(path, lang), wait_until="networkidle")
    assert response is not None and response.status < 500, path
    loaded_ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    assert 0 < loaded_ms <= MAX_LOAD_MS, f"{path}: {loaded_ms:.0f} ms to the load event"
    if action:
        action(page)
    assert page.evaluate("document.documentElement.lang") == lang
    page.add_script_tag(path=AXE)
    failing = []
    for width, size in WIDTHS.items():
        page.set_viewport_size(size)
        page.screenshot(path=SCREENSHOTS / f"{name}-{lang}-{width}.png", full_page=True)
        violations = page.evaluate("async () => (await axe.run()).violations")
        failing += [f"{width}: {v['id']} ({v['impact']}): {v['help']} — "
                    f"{', '.join(' '.join(map(str, n['target'])) for n in v['nodes'])}"
                    for v in violations if v["impact"] in FAILING]
    assert not failing, "\n".join(failing)


def test_the_query_editor_is_three_keys_from_the_top(browser, server):
    context = browser.new_context(viewport=WIDTHS["desktop"], base_url=server.url)
    page = context.new_page()
    try:
        page.goto("/query?lang=en")
        page.locator(".CodeMirror").wait_for()
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to the editor"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.closest('#yasqe') !== null")
        page.keyboard.press("Control+A")
        page.keyboard.type("ASK {}")
        assert page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()") == "ASK {}"
    finally:
        context.close()
