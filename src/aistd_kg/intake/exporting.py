"""Write an existing framework, its categories and the standards it lists into the template.

``template_subgraph`` says exactly which triples the template carries: an export followed by
an import gives back that subgraph, nothing more and nothing less.
"""

from pathlib import Path
from typing import NoReturn

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ..build.loading import Layout, load_dataset
from ..errors import InputError
from ..namespaces import AISTD
from . import naming
from .sheets import write_tables
from .template import CATEGORIES, EDITIONS, ENGLISH_TITLES, FRAMEWORK, KINDS_OF_FRAMEWORK, KINDS_OF_STANDARD, STANDARDS, STATUSES

# The properties each kind of node carries through the template, with the languages a literal may have: what
# the tables' columns carry (template.py), and the category tree and the status record, which no column names.
FRAMEWORK_PROPERTIES = FRAMEWORK.properties()
CATEGORY_PROPERTIES = {SKOS.inScheme: (), SKOS.topConceptOf: (), **CATEGORIES.properties()}
STANDARD_PROPERTIES = {**STANDARDS.properties(), AISTD.urgencyNotStated: ()}
RECORD_PROPERTIES = {AISTD.statusOf: (), AISTD.status: (), AISTD.statusSince: (), AISTD.statusAsOf: ()}
# The citations a node's row carries: those that support the whole node, or one field with a *_source column.
CITED_FIELDS = {"framework": FRAMEWORK.cited_fields(), "categories": CATEGORIES.cited_fields(),
                "standards": STANDARDS.cited_fields(), "record": {}}
CITATION_PROPERTIES = (RDF.type, AISTD.citedDocument, AISTD.locator, AISTD.citesFor)


class ExportError(InputError):
    """A framework that cannot be written into the template, and why."""


def export_template(root: Path, framework: str, output: Path) -> list[Path]:
    """Write the framework named by slug, fw:<slug> or IRI from root's data/ into a CSV or XLSX template.

    :raises ExportError: the framework is unknown or holds what the template cannot represent.
    """
    try:
        slug = naming.framework_slug(framework)
    except ValueError as error:
        raise ExportError(str(error)) from None
    graph = load_dataset(Layout(root).data_files)
    return write_tables(template_rows(graph, naming.iri("framework", slug)), output)


def template_subgraph(graph: Graph, framework: URIRef) -> Graph:
    """The triples of a framework, its categories, their standards and status records that the template carries."""
    kinds = set(graph.objects(framework, RDF.type)) & set(KINDS_OF_FRAMEWORK.values())
    if not kinds:
        raise ExportError(f"{framework} is not a framework defined in data/")
    subgraph = Graph()
    subgraph.add((framework, RDF.type, kinds.pop()))
    _carry(graph, subgraph, framework, FRAMEWORK_PROPERTIES, CITED_FIELDS["framework"])
    for category in _categories(graph, framework):
        subgraph.add((category, RDF.type, AISTD.Category))
        _carry(graph, subgraph, category, CATEGORY_PROPERTIES, CITED_FIELDS["categories"])
    for item in _standards(graph, framework):
        kind = set(graph.objects(item, RDF.type)) & set(KINDS_OF_STANDARD.values())
        subgraph.add((item, RDF.type, _one(kind, item, "kind")))
        _carry(graph, subgraph, item, STANDARD_PROPERTIES, CITED_FIELDS["standards"])
        for record in graph.subjects(AISTD.statusOf, item):
            subgraph.add((record, RDF.type, AISTD.StatusRecord))
            _carry(graph, subgraph, record, RECORD_PROPERTIES, CITED_FIELDS["record"])
    return subgraph


def template_rows(graph: Graph, framework: URIRef) -> dict[str, list[dict[str, str]]]:
    """The framework's template tables, as rows of cell texts."""
    sub = template_subgraph(graph, framework)
    slug = naming.slug_of(framework, "framework") or _unrepresentable(framework, framework)
    rows = {"framework": [_framework_row(sub, framework)]}
    categories = _in_order(sub, framework)
    rows["categories"] = [_category_row(sub, slug, category) for category in categories]
    items = sorted(sub.subjects(AISTD.classifiedUnder, None, unique=True),
                   key=lambda item: (_number(sub.value(item, AISTD.listNumber)), str(item)))
    if items:
        rows["standards"] = [_standard_row(sub, slug, item) for item in items]
    return rows


def _categories(graph: Graph, framework: URIRef) -> list:
    return [c for c in graph.subjects(SKOS.inScheme, framework, unique=True) if (c, RDF.type, AISTD.Category) in graph]


def _standards(graph: Graph, framework: URIRef) -> set:
    categories = set(_categories(graph, framework))
    return {item for category in categories for item in graph.subjects(AISTD.classifiedUnder, category)}


def _carry(graph: Graph, subgraph: Graph, node, properties: dict, cited_fields: dict) -> None:
    for prop, languages in properties.items():
        for value in graph.objects(node, prop):
            if not languages or (isinstance(value, Literal) and value.language in languages):
                subgraph.add((node, prop, value))
    for citation in graph.objects(node, AISTD.citation):
        supports = set(graph.objects(citation, AISTD.citesFor))
        if not supports or (len(supports) == 1 and supports <= set(cited_fields)):
            subgraph.add((node, AISTD.citation, citation))
            for prop in CITATION_PROPERTIES:
                for value in graph.objects(citation, prop):
                    subgraph.add((citation, prop, value))


def _in_order(sub: Graph, framework: URIRef) -> list[URIRef]:
    """The categories depth first, siblings by position, so that every parent comes before its children."""
    def children(parent):
        found = sub.subjects(SKOS.topConceptOf, framework) if parent is None else sub.subjects(SKOS.broader, parent)
        return sorted(found, key=lambda c: (_number(sub.value(c, AISTD.position)), str(c)))

    ordered, stack = [], list(reversed(children(None)))
    while stack:
        category = stack.pop()
        ordered.append(category)
        stack.extend(reversed(children(category)))
    rest = set(sub.subjects(SKOS.inScheme, framework)) - set(ordered)
    return ordered + sorted(rest, key=str)


def _framework_row(sub: Graph, framework: URIRef) -> dict[str, str]:
    row = {
        "framework": naming.slug_of(framework, "framework") or _unrepresentable(framework, framework),
        "kind": _choice(KINDS_OF_FRAMEWORK, sub.value(framework, RDF.type)),
        "name_zh": _text(sub, framework, SKOS.prefLabel, "zh"),
        "name_en": _text(sub, framework, SKOS.prefLabel, "en"),
        "series": _slug(sub, framework, AISTD.versionOf, "framework"),
        "previous_version": _slug(sub, framework, AISTD.previousVersion, "framework"),
        "follows": "\n".join(sorted(naming.slug_of(f, "framework") or _unrepresentable(framework, f)
                                    for f in sub.objects(framework, AISTD.follows))),
        "edition": _choice(EDITIONS, sub.value(framework, AISTD.editionStatus)),
        "described_in": _slug(sub, framework, AISTD.describedIn, "document"),
        "jurisdiction": _slug(sub, framework, AISTD.jurisdiction, "jurisdiction"),
    }
    return row | _sources(sub, framework, CITED_FIELDS["framework"])


def _category_row(sub: Graph, framework_slug: str, category: URIRef) -> dict[str, str]:
    parent = sub.value(category, SKOS.broader)
    inferred = sub.value(category, AISTD.notationInferred)
    if inferred is not None and not (isinstance(inferred, Literal) and inferred.toPython() is True):
        _unrepresentable(category, inferred)
    row = {
        "key": _key(category, "category", framework_slug),
        "parent": _key(parent, "category", framework_slug) if parent is not None else "",
        "level": _text(sub, category, AISTD.level),
        "position": _text(sub, category, AISTD.position),
        "row": _text(sub, category, AISTD.rowNumber),
        "code": _text(sub, category, SKOS.notation),
        "code_inferred": "yes" if inferred is not None else "",
        "name_zh": _text(sub, category, SKOS.prefLabel, "zh"),
        "name_en": _text(sub, category, SKOS.prefLabel, "en"),
        "alt_names_zh": _lines(sub.objects(category, SKOS.altLabel)),
        "scope_zh": _text(sub, category, SKOS.scopeNote, "zh"),
        "scope_en": _text(sub, category, SKOS.scopeNote, "en"),
        "notes": _lines(sub.objects(category, AISTD.sourceNote)),
    }
    return row | _sources(sub, category, CITED_FIELDS["categories"])


def _standard_row(sub: Graph, framework_slug: str, item) -> dict[str, str]:
    kind = _choice(KINDS_OF_STANDARD, sub.value(item, RDF.type))
    category = _one(set(sub.objects(item, AISTD.classifiedUnder)), item, "category")
    records = list(sub.subjects(AISTD.statusOf, item))
    record = _one(set(records), item, "status record") if records else None
    not_stated = sub.value(item, AISTD.urgencyNotStated)
    if not_stated is not None and not (isinstance(not_stated, Literal) and not_stated.toPython() is True):
        _unrepresentable(item, not_stated)
    row = {
        "key": _key(item, "planned", framework_slug) if kind == "planned" else _key(item, "standard", ""),
        "kind": kind,
        "list_number": _text(sub, item, AISTD.listNumber),
        "identifier": _text(sub, item, DCTERMS.identifier),
        "name_zh": _text(sub, item, RDFS.label, "zh"),
        "name_en": _text(sub, item, RDFS.label, "en"),
        "english_title": _choice(ENGLISH_TITLES, sub.value(item, AISTD.englishTitleKind)),
        "category": _key(category, "category", framework_slug),
        "urgency": _text(sub, item, AISTD.urgency),
        "status": _choice(STATUSES, sub.value(item, AISTD.status)),
        "issued": _text(sub, item, DCTERMS.issued),
        "notes": _lines(sub.objects(item, AISTD.sourceNote)),
    }
    sources = _sources(sub, item, {})
    if record is not None:
        if sub.value(record, AISTD.status) != sub.value(item, AISTD.status):
            raise ExportError(f"{record}: the template carries one status record, of the current status; this one is not")
        row["status_since"] = _text(sub, record, AISTD.statusSince)
        row["status_as_of"] = _text(sub, record, AISTD.statusAsOf)
        record_sources = _sources(sub, record, {})
        if record_sources["document"] != sources["document"]:
            raise ExportError(f"{record}: its citations point into another document than {item}'s")
        row["status_source"] = record_sources["source"]
    return row | sources


def _sources(sub: Graph, node, cited_fields: dict) -> dict[str, str]:
    """The document and source columns of a node's row: locators grouped by the field they support."""
    columns = {"source": []} | {column: [] for column in cited_fields.values()}
    documents = set()
    for citation in sub.objects(node, AISTD.citation):
        documents.add(sub.value(citation, AISTD.citedDocument))
        supports = sub.value(citation, AISTD.citesFor)
        columns[cited_fields[supports] if supports is not None else "source"].append(str(sub.value(citation, AISTD.locator)))
    if not documents:
        raise ExportError(f"{node}: none of its citations supports the node as a whole or a field the template has a "
                          "column for, so its row would have no source")
    document = _one(documents, node, "cited document")
    return {"document": naming.slug_of(document, "document") or _unrepresentable(node, document)} | {
        column: "\n".join(sorted(locators)) for column, locators in columns.items()}


def _key(node, kind: str, framework_slug: str) -> str:
    slug = naming.slug_of(node, kind)
    prefix = f"{framework_slug}-" if framework_slug else ""
    if slug is None or not slug.startswith(prefix) or not naming.SLUG.match(slug[len(prefix):]):
        raise ExportError(f"{node}: its IRI is not {naming.KINDS[kind]}{prefix}<key>, so it has no key in the template")
    return slug[len(prefix):]


def _slug(sub: Graph, node, prop, kind: str) -> str:
    value = sub.value(node, prop)
    return "" if value is None else naming.slug_of(value, kind) or _unrepresentable(node, value)


def _text(sub: Graph, node, prop, language: str | None = None) -> str:
    values = [v for v in sub.objects(node, prop) if language is None or getattr(v, "language", None) == language]
    return str(_one(set(values), node, str(prop))) if values else ""


def _lines(values) -> str:
    return "\n".join(sorted(str(value) for value in values))


def _choice(choices: dict, value) -> str:
    if value is None:
        return ""
    return next((name for name, term in choices.items() if term == value), None) or _unrepresentable("a value", value)


def _one(values: set, node, what: str):
    if len(values) != 1:
        raise ExportError(f"{node}: the template holds one {what}, the data has {len(values)}")
    return next(iter(values))


def _number(value) -> int:
    return int(value) if value is not None else 0


def _unrepresentable(node, value) -> NoReturn:
    raise ExportError(f"{node}: the template cannot hold {value}")
