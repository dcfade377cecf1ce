"""The web interface: home (search and dashboard), search, query editor, framework explorer, bodies graph.

Pages are rendered here from named queries (queries/*.rq), run on the query workers like any
other query; what is drawn in the browser (charts, the bodies graph, search results, the
query editor, the lines between two frameworks) is done by the scripts bundled from web/
into static/dist, which read the named queries API (/queries/<name>) and /search, or data
embedded in the page as JSON. Every label is shown in the chosen language (language.py) and
escaped: Jinja autoescapes, the scripts only ever set text.
"""

import math
import re
from dataclasses import dataclass, field

from flask import Blueprint, render_template, request
from rdflib import URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from ..namespaces import BASE, ID
from ..prefixes import PREFIXES
from ..query.answers import Refusal
from . import language
from .labels import View, labelled
from .queries import served_queries
from .service import current_service

bp = Blueprint("ui", __name__)
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FRAMEWORK = str(ID) + "framework/"
COMPARE_DEFAULTS = ("jiangsu-ai-guide-2025-draft", "cn-ai-industry-guide-draft")
COVERAGE_GAPS = ("planned, nothing published", "in development only", "nothing")  # coverage-of-framework's ?gap
RELATIONS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
INVERSE = {SKOS.broadMatch: SKOS.narrowMatch, SKOS.narrowMatch: SKOS.broadMatch}
LACKING = "crosswalk-categories-without-counterpart"
CLASSES = f"""SELECT ?class ?label ?lang ?super WHERE {{
  GRAPH <{BASE}graph/aistd> {{ ?class a <{OWL.Class}> }}
  OPTIONAL {{ ?class <{RDFS.label}> ?label BIND(LANG(?label) AS ?lang) }}
  OPTIONAL {{ ?class <{RDFS.subClassOf}>+ ?super FILTER(isIRI(?super)) }}
}}"""

bp.after_app_request(language.remember)


@bp.app_context_processor
def page_context() -> dict:
    """Every template knows the chosen language, how to switch it, t(zh, en) for its own words, and href(IRI)."""
    chosen = language.chosen()
    return {"ui_lang": chosen, "switch_url": language.switch_url, "t": lambda zh, en: zh if chosen == "zh" else en,
            "href": View.href}


@bp.route("/")
def home():
    """Search box and dashboard (without counts when the project has no queries/, as a bare store may not)."""
    rows = select("overview-instance-counts") if "overview-instance-counts" in served_queries() else []
    counts = {row["class"].rsplit("#", 1)[-1]: int(row["things"]) for row in rows}
    return render_template("ui/home.html", counts=counts)


@bp.route("/find")
def find():
    """Search results, grouped by type (fetched from /search by the page's script)."""
    return render_template("ui/find.html", q=request.args.get("q", ""), classes=_classes())


@bp.route("/query")
def query_editor():
    """The SPARQL editor, with the named queries as examples."""
    examples = [{"name": q.name, "area": q.name.split("-")[0], "title": q.title_in(language.chosen()), "text": q.text_with_defaults()}
                for q in served_queries().values()]
    return render_template("ui/query.html", examples=examples, prefixes=PREFIXES)


@bp.route("/frameworks")
def frameworks():
    """Every framework, with links to its tree and a form to compare two."""
    return render_template("ui/frameworks.html", frameworks=_frameworks(), defaults=COMPARE_DEFAULTS)


@bp.route("/frameworks/<slug>")
def framework(slug: str):
    """One framework as a collapsible tree of categories with their planned standards."""
    return render_template("ui/framework.html", tree=_tree(slug, _frameworks()))


@bp.route("/frameworks/<slug>/coverage")
def coverage(slug: str):
    """How the framework's categories are covered by standards (coverage-of-framework), in the tree's order; with
    ``show=gaps`` only the categories lacking published standards."""
    tree = _tree(slug, _frameworks())
    counted = {row["category"]: row for row in select("coverage-of-framework", framework=tree.iri)}
    gaps_only = request.args.get("show") == "gaps"
    rows = [counted[node.row["category"]] for node in _depth_first(tree.roots) if node.row["category"] in counted]
    gaps = {gap: sum(row["gap"] == gap for row in rows) for gap in COVERAGE_GAPS}
    shown = [row for row in rows if row["gap"]] if gaps_only else rows
    return render_template("ui/coverage.html", tree=tree, rows=shown, total=len(rows), gaps=gaps, gaps_only=gaps_only)


def _depth_first(nodes: list["Node"]):
    for node in nodes:
        yield node
        yield from _depth_first(node.children)


@bp.route("/frameworks/compare")
def compare():
    """Two frameworks side by side: their mappings drawn between them, filtered by relation and confidence as the
    URL says, and the categories of each without a counterpart in the other."""
    known = _frameworks()
    left, right = (_tree(request.args.get(side) or default, known)
                   for side, default in zip(("left", "right"), COMPARE_DEFAULTS, strict=False))
    mappings = select("crosswalk-mappings-between", left=left.iri, right=right.iri)
    asked = request.args.getlist("relation")
    view = labelled(set(RELATIONS))
    names = {r.fragment: view.label(r) for r in RELATIONS}
    shown = {name for name in names if not asked or name in asked}
    lacking = {"left": _lacking(left, right), "right": _lacking(right, left)}
    unmapped = {row["category"] for levels in lacking.values() for rows in levels.values() for row in rows}
    return render_template("ui/compare.html", trees={"left": left, "right": right}, mappings=mappings, frameworks=known,
                           names=names, shown=shown, confidence=_number(request.args.get("confidence")),
                           counterparts=_counterparts(mappings), lacking=lacking, unmapped=unmapped)


@bp.route("/bodies")
def bodies():
    """Committees, their groups, counterparts and secretariats: a table, a list of the bodies by band, and the graph
    the page's script draws from them."""
    links = select("bodies-network")
    bands = {row["body"]: row for row in select("bodies-network-bands")}
    named = "Zh" if language.chosen() == "zh" else "En"
    ends = {link[end]: {"iri": link[end], "name": link[end + named], "short": bands[link[end]].get("short"),
                        "band": bands[link[end]]["band"]} for link in links for end in ("from", "to")}
    return render_template("ui/bodies.html", links=links, bodies=sorted(ends.values(), key=lambda body: body["name"]))


def _counterparts(mappings: list[dict[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """{category: [(relation read from it, counterpart)]} of both sides' categories (broadMatch and narrowMatch swap)."""
    counterparts: dict[str, list[tuple[str, str]]] = {}
    for m in mappings:
        predicate = URIRef(m["predicate"])
        counterparts.setdefault(m["leftCategory"], []).append((predicate.fragment, m["rightCategory"]))
        counterparts.setdefault(m["rightCategory"], []).append((INVERSE.get(predicate, predicate).fragment, m["leftCategory"]))
    return counterparts


def _lacking(tree: "Tree", other: "Tree") -> dict[int, list[dict[str, str]]]:
    """{level: the tree's categories at that level without a counterpart in the other tree}
    (crosswalk-categories-without-counterpart, once for each level the tree has)."""
    levels = sorted({int(node.row["level"]) for node in tree.nodes.values()})
    return {level: select(LACKING, framework=tree.iri, other=other.iri, level=str(level)) for level in levels}


def _number(text: str | None) -> float:
    """A minimum confidence from the URL: a number from 0 to 1, else 0."""
    try:
        value = float(text or 0)
    except ValueError:
        return 0.0
    return min(max(value, 0.0), 1.0) if math.isfinite(value) else 0.0


def select(name: str, **values: str) -> list[dict[str, str]]:
    """Run a named query with its parameters; rows as {variable: lexical form}, unbound variables left out."""
    query = served_queries()[name]
    return current_service().select(query.text, query.terms(values))


def _frameworks() -> list[dict[str, str]]:
    """Every framework (frameworks-overview) with its slug, the last segment of its IRI."""
    rows = select("frameworks-overview")
    for row in rows:
        row["slug"] = row["framework"][len(FRAMEWORK):]
    return rows


def _classes() -> dict[str, dict]:
    """The ontology's classes: {IRI: {"label": {lang: text}, "super": [IRIs]}}, for grouping search results."""
    classes: dict[str, dict] = {}
    for row in current_service().select(CLASSES):
        entry = classes.setdefault(row["class"], {"label": {}, "super": []})
        if "label" in row:
            entry["label"][row["lang"]] = row["label"]
        if "super" in row and row["super"] not in entry["super"]:
            entry["super"].append(row["super"])
    return classes


@dataclass
class Node:
    """A category of a framework tree, with its sub-categories and the planned standards under it."""

    row: dict[str, str]
    children: list["Node"] = field(default_factory=list)
    plans: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Tree:
    """A framework's categories as a tree."""

    iri: str
    slug: str
    labels: dict[str, str]
    roots: list[Node]
    nodes: dict[str, Node]


def _tree(slug: str, frameworks: list[dict[str, str]]) -> Tree:
    """The tree of the framework with this slug, one of the frameworks (_frameworks).

    :raises Refusal: no framework has that slug.
    """
    known = {row["slug"]: row for row in frameworks} if SLUG.match(slug) else {}
    if slug not in known:
        raise Refusal(404, "unknown-framework", f"no framework {slug!r}; the frameworks are listed at /frameworks")
    iri = FRAMEWORK + slug
    nodes = {row["category"]: Node(row) for row in select("frameworks-category-tree", framework=iri)}
    roots: list[Node] = []
    for node in nodes.values():  # in the query's order: by level, then parent, then position
        parent = nodes.get(node.row.get("parent", ""))
        (parent.children if parent else roots).append(node)
    for plan in select("frameworks-planned-standards", framework=iri):
        nodes[plan["category"]].plans.append(plan)
    return Tree(iri, slug, {"zh": known[slug]["labelZh"], "en": known[slug]["labelEn"]}, roots, nodes)
