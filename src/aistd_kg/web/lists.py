"""/lists/<name> and /timeline: faceted lists of standards, planned standards, bodies and documents, and the
timeline of publications and status changes, as pages or (``?format=csv`` / ``xlsx``) downloads of every row.

Each list is a named query (queries/lists-*.rq, lifecycle-timeline.rq) grouped, filtered, counted, sorted and
paged by facets.py; the facets chosen, the sort and the page are the URL's parameters, so a view can be shared.
"""

import math
from urllib.parse import urlencode

from flask import Blueprint, render_template, request, url_for
from rdflib import URIRef

from ..namespaces import AISTD
from ..publish.tables import FORMATS
from ..query.answers import Refusal
from . import language
from .exports import download
from .facets import Column, Listing, Row, Selection, counts, filtered, merge, ordered, page_of
from .labels import View, labelled
from .ui import select

bp = Blueprint("lists", __name__)
URGENCY = {"0": ("未标明", "not stated"), **{str(n): ("★" * n, "★" * n) for n in range(1, 5)}}
STEPS = {"publication": ("发布", "publication"), "in-force": ("实施", "coming into force"),
         "stage": ("进入阶段", "stage reached"), "withdrawal": ("废止", "withdrawal")}
TITLE = Column("label", "名称", "Title", localized=True)
YEAR = Column("year", "年份", "Year", facet=True, numeric=True)


def _facet(name: str, zh: str, en: str, shown: bool = True) -> Column:
    """A facet whose values are IRIs."""
    return Column(name, zh, en, facet=True, iri=True, shown=shown)


LISTS = {
    "standards": Listing("lists-standards", "item", "标准", "Standards", (
        Column("identifier", "编号", "Identifier"), TITLE, _facet("publisher", "发布机构", "Publisher"),
        _facet("committee", "归口委员会", "Committee"), _facet("type", "标准类型", "Type"),
        _facet("deliverable", "文件类型", "Deliverable", shown=False), _facet("status", "状态", "Status"),
        _facet("stage", "阶段", "Stage"), YEAR, _facet("jurisdiction", "法域", "Jurisdiction", shown=False),
        _facet("category", "框架类目", "Framework category", shown=False)), sort="identifier"),
    "planned-standards": Listing("lists-planned-standards", "plan", "拟研制标准", "Planned standards", (
        Column("listNumber", "序号", "No.", numeric=True), TITLE,
        Column("urgency", "缓急程度", "Urgency", facet=True, numeric=True, names=URGENCY),
        _facet("framework", "框架", "Framework"), _facet("module", "一级类目", "First-level category"),
        _facet("category", "类目", "Category")), sort="framework", then="listNumber"),
    "bodies": Listing("lists-bodies", "body", "机构", "Bodies", (
        TITLE, _facet("type", "类别", "Kind"), _facet("jurisdiction", "法域", "Jurisdiction"),
        _facet("parent", "所属机构", "Part of")), sort="label"),
    "documents": Listing("lists-documents", "document", "文件与框架", "Documents and frameworks", (
        TITLE, _facet("kind", "大类", "Document or framework", shown=False), _facet("type", "类型", "Type"),
        _facet("publisher", "发布机构", "Publisher"), _facet("jurisdiction", "法域", "Jurisdiction"), YEAR),
        sort="year", descending=True, then="label"),
    "figures": Listing("lists-figures", "statement", "统计数字与目标", "Figures and targets", (
        TITLE, _facet("kind", "类别", "Kind"), Column("value", "数值", "Value", numeric=True),
        _facet("comparator", "比较", "Comparator"), Column("unit", "单位", "Unit", localized=True), YEAR,
        _facet("about", "涉及", "About"), _facet("framework", "框架", "Framework", shown=False),
        _facet("document", "文件", "Document", shown=False)), sort="year", descending=True, then="label"),
}
TIMELINE = Listing("lifecycle-timeline", "event", "时间线：发布与状态变化", "Timeline: publications and status changes", (
    Column("date", "日期", "Date"), Column("year", "年份", "Year", facet=True, numeric=True, shown=False),
    Column("kind", "事件", "Step", facet=True, names=STEPS), _facet("type", "条目类型", "Kind of item"),
    Column("identifier", "编号", "Identifier"), TITLE, _facet("stage", "阶段", "Stage"),
    _facet("committee", "归口委员会", "Committee"), _facet("category", "框架类目", "Framework category", shown=False)),
    sort="date", descending=True, then="identifier", link="item")
# The home page's counts (overview-instance-counts, by class) and the list each opens, with its facet.
COUNTED = {"Standard": ("standards", {}), "PlannedStandard": ("planned-standards", {}), "Organization": ("bodies", {}),
           "Document": ("documents", {"kind": str(AISTD.Document)}),
           "Framework": ("documents", {"kind": str(AISTD.Framework)}),
           "Figure": ("figures", {"kind": str(AISTD.Figure)}), "Target": ("figures", {"kind": str(AISTD.Target)})}


@bp.route("/lists/<name>")
def listing(name: str):
    """A list with its facets, or all its rows as CSV or XLSX."""
    if name not in LISTS:
        raise Refusal(404, "unknown-list", f"no list {name!r}; the lists are {', '.join(LISTS)}")
    return _answer(LISTS[name], name)


@bp.route("/timeline")
def timeline():
    """Publications and status changes, newest first, grouped by year."""
    return _answer(TIMELINE, "timeline")


@bp.app_template_global()
def list_of(counted: str) -> str:
    """The list a home page count opens ("" for a class no list holds)."""
    if counted not in COUNTED:
        return ""
    name, facet = COUNTED[counted]
    return url_for("lists.listing", name=name) + (f"?{urlencode(facet)}" if facet else "")


class Names:
    """How a list's values read in the chosen language: labels for IRIs, words for coded values."""

    def __init__(self, view: View, lang: str):
        self.view, self.lang = view, lang

    def of(self, column: Column, value: str) -> str:
        """One value's name."""
        if column.iri:
            return self.view.label(URIRef(value))
        if value in column.names:
            return column.names[value][self.lang == "en"]
        return value

    def text(self, row: Row, column: Column) -> str:
        """A cell: its values' names, sorted, joined by "; "."""
        return "; ".join(sorted(self.of(column, value) for value in row.get(column.name, ())))


def _answer(listing: Listing, name: str):
    """The list's page, or all its rows in the format asked for (?format=csv or xlsx)."""
    lang = language.chosen()
    rows, names = _rows(listing, lang)
    selection = Selection.of(listing, request.args)
    kept = filtered(rows, selection)
    if listing.then:
        kept = ordered(kept, listing.column(listing.then), False, names.text)
    kept = ordered(kept, listing.column(selection.sort), selection.descending, names.text)
    fmt = request.args.get("format", "")
    if fmt in FORMATS:
        return download(_table(listing, kept, names, lang), fmt, f"aistd-kg-{name}")
    shown_rows, page, pages = page_of(kept, selection.page)
    facets = [(column, _values(rows, selection, column, names)) for column in listing.facets]
    return render_template("lists/list.html", listing=listing, rows=shown_rows, total=len(kept), page=page, pages=pages,
                           selection=selection, facets=facets, names=names, url=_url, one=_one,
                           by_year=listing is TIMELINE and selection.sort == "date")


def _rows(listing: Listing, lang: str) -> tuple[list[Row], Names]:
    """The list's rows, each entity's in one (localized columns in the language chosen), and their names."""
    rows = merge(select(listing.query), listing.key)
    for row in rows:
        for column in listing.columns:
            if column.localized:
                row[column.name] = _localized(row, column.name, lang)
    nodes = {URIRef(value) for row in rows for column in listing.columns if column.iri for value in row.get(column.name, ())}
    return rows, Names(labelled(nodes), lang)


def _table(listing: Listing, rows: list[Row], names: Names, lang: str) -> list[list[str]]:
    """The rows as a download shows them: the entity's IRI, then the text of each column of the page."""
    shown = [column for column in listing.columns if column.shown]
    header = ["IRI", *(column.en if lang == "en" else column.zh for column in shown)]
    return [header, *([_one(row[listing.link or listing.key]), *(names.text(row, column) for column in shown)]
                      for row in rows)]


def _values(rows: list[Row], selection: Selection, column: Column, names: Names) -> list[dict]:
    """A facet's values with their counts and whether they are chosen: numbers highest first, else most rows first."""
    counted = counts(rows, selection, column)
    chosen = selection.chosen.get(column.name, [])
    values = [{"value": value, "name": names.of(column, value), "count": counted[value], "chosen": value in chosen}
              for value in set(counted) | set(chosen)]
    if column.numeric:
        return sorted(values, key=lambda entry: -_number(entry["value"]))
    return sorted(values, key=lambda entry: (-entry["count"], entry["name"].casefold()))


def _number(text: str) -> float:
    """A value as a number; one that is none (a value typed into the URL) sorts last."""
    try:
        return float(text)
    except ValueError:
        return -math.inf


def _localized(row: Row, stem: str, lang: str) -> set[str]:
    """The values of <stem>Zh or <stem>En: in the language chosen, else in the other one."""
    for name in (stem + "Zh", stem + "En") if lang == "zh" else (stem + "En", stem + "Zh"):
        if row.get(name):
            return row[name]
    return set()


def _one(values: set[str]) -> str:
    """One value of a set (the first in order), for columns that hold one."""
    return min(values) if values else ""


def _url(**changes) -> str:
    """This page's URL with some parameters changed (a value of None removes the parameter)."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key not in changes]
    args += [(key, value) for key, value in changes.items() if value is not None]
    return f"{request.path}?{urlencode(args)}" if args else request.path

