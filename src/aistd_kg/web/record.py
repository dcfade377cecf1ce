"""An entity's page read as a record: its kind and identifier, a summary of what an analyst needs first, its
properties grouped and named by the ontology's labels, and the links to it grouped by property.

The summary is chosen by the entity's type: for a standard its latest status and stage, committee,
publisher, dates, adoption chain, framework categories and the provisions it supports; for a body its
parent, groups, counterparts and secretariat; for a category its framework and the path down to it.
What takes more than a lookup comes from named queries (lifecycle-status-history,
catalogue-adoption-chain, compliance-provisions-of-standard, frameworks-category-path).
"""

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, SKOS

from ..namespaces import AISTD
from .properties import GROUPS, NAMES, SOURCES, group_of, inverse_wording
from .queries import served_queries
from .service import current_service
from .ui import select

SPECIFIC_TYPES = """SELECT DISTINCT ?type WHERE { ?this a ?type FILTER(isIRI(?type))
  FILTER NOT EXISTS { ?this a ?other . ?other rdfs:subClassOf+ ?type FILTER(?other != ?type) } } ORDER BY ?type"""
STATUS_BASES = (str(AISTD.statusSince), str(AISTD.statusAsOf))


@dataclass
class Item:
    """One value of a fact: a node, shown by its label or by text when given, or only a text; followed by parts
    (nodes, literals or items) that qualify it."""

    node: URIRef | Literal | None = None
    text: str = ""
    parts: tuple = ()


@dataclass
class Fact:
    """A labelled line of the summary: its (zh, en) label and its items."""

    label: tuple[str, str]
    items: list[Item]


@dataclass
class Record:
    """What an entity's page shows, apart from the labels of the nodes (labels.View)."""

    types: list[URIRef]
    identifier: str
    summary: list[Fact]
    groups: list[tuple[tuple[str, str], list[URIRef]]]
    sources: list[URIRef]
    incoming: list[tuple[tuple[str, str] | None, URIRef, list[URIRef]]]

    def nodes(self) -> set[URIRef]:
        """Every IRI the record names, to be labelled."""
        found = set(self.types) | {p for _, properties in self.groups for p in properties} | set(self.sources)
        found |= {p for _, p, _ in self.incoming}
        for fact in self.summary:
            for item in fact.items:
                parts = (item.node, *item.parts, *(part.node for part in item.parts if isinstance(part, Item)))
                found |= {n for n in parts if isinstance(n, URIRef)}
        return found


def record(subject: URIRef, graph: Graph, incoming: Graph, lang: str) -> Record:
    """The record of subject from its description and the links to it, in lang."""
    types = [URIRef(row["type"]) for row in current_service().select(SPECIFIC_TYPES, {"this": subject})]
    kinds = set(graph.objects(subject, RDF.type))
    summary: list[Fact] = []
    if AISTD.StandardizationItem in kinds:
        summary = _standard(subject, graph, lang)
    elif ORG.Organization in kinds:
        summary = _body(subject, graph, incoming)
    elif AISTD.Category in kinds:
        summary = _category(subject, graph)
    grouped: dict[str, list[URIRef]] = defaultdict(list)
    for p in {URIRef(str(p)) for p in graph.predicates(subject)} - NAMES - {AISTD.citation}:
        grouped[group_of(p)].append(p)
    groups = [(title, sorted(grouped[key])) for key, title in GROUPS if grouped[key] and key != SOURCES]
    by_property: dict[URIRef, set[URIRef]] = defaultdict(set)
    for source, link in incoming.subject_predicates(subject):
        by_property[URIRef(str(link))].add(URIRef(str(source)))
    links = sorted(((inverse_wording(p), p, sorted(subjects)) for p, subjects in by_property.items()),
                   key=lambda link: (link[0] is None, link[1]))  # those with a wording of their own first
    identifier = graph.value(subject, DCTERMS.identifier) or graph.value(subject, SKOS.notation) or ""
    return Record(types, str(identifier), summary, groups, sorted(grouped[SOURCES]), links)


def _objects(graph: Graph, subject: URIRef, predicate) -> list:
    return sorted(graph.objects(subject, predicate), key=str)


def _fact(label: tuple[str, str], nodes: list) -> list[Fact]:
    """A fact of nodes as items, or none when there are no nodes."""
    return [Fact(label, [Item(node) for node in nodes])] if nodes else []


def _rows(name: str, **values: str) -> list[dict[str, str]]:
    """The rows of a named query, or none when the server has no such query (a bare store)."""
    return select(name, **values) if name in served_queries() else []


def _standard(subject: URIRef, graph: Graph, lang: str) -> list[Fact]:
    facts = _status(subject, lang)
    facts += _fact(("归口单位", "Committee"), _objects(graph, subject, AISTD.responsibleCommittee))
    facts += _fact(("发布机构", "Publisher"), _objects(graph, subject, DCTERMS.publisher))
    facts += _fact(("发布日期", "Issued"), _objects(graph, subject, DCTERMS.issued))
    facts += _fact(("实施日期", "In force from"), _objects(graph, subject, AISTD.implementationDate))
    chain = [Item(URIRef(row["adopting"]) if "adopting" in row else None, row.get("adoptingIdentifier", ""),
                  (Literal(("采用", "adopts")[lang == "en"]), Item(URIRef(row["adopted"]), row["adoptedIdentifier"]),
                   Literal(row.get("degree", "")), URIRef(row["adoptingBody"]), Literal(row.get("date", ""))))
             for row in _rows("catalogue-adoption-chain", standard=str(subject))]
    facts += [Fact(("采标链", "Adoption chain"), chain)] if chain else []
    facts += _fact(("归属类目", "Framework categories"), _objects(graph, subject, AISTD.classifiedUnder))
    provisions = [Item(URIRef(row["provision"]), "", (URIRef(row["law"]),) + (
                      (("经由", "through")[lang == "en"], URIRef(row["through"])) if row["through"] != str(subject) else ()))
                  for row in _rows("compliance-provisions-of-standard", standard=str(subject))]
    unique = list({(item.node, item.parts): item for item in provisions}.values())
    facts += [Fact(("支撑的条款", "Provisions it supports"), unique)] if unique else []
    return facts


def _status(subject: URIRef, lang: str) -> list[Fact]:
    """The latest status record: its status, stage and date (since or as of)."""
    records = [row for row in _rows("lifecycle-status-history", standard=str(subject)) if row["basis"] in STATUS_BASES]
    if not records:
        return []
    latest = records[-1]
    since = latest["basis"] == str(AISTD.statusSince)
    when = Literal((("自", "since") if since else ("截至", "as of"))[lang == "en"] + " " + latest["date"])
    stage = (URIRef(latest["stage"]),) if "stage" in latest else ()
    return [Fact(("状态", "Status"), [Item(URIRef(latest["status"]), "", (*stage, when))])]


def _body(subject: URIRef, graph: Graph, incoming: Graph) -> list[Fact]:
    groups = sorted(set(incoming.subjects(ORG.subOrganizationOf, subject)), key=str)
    counterparts = sorted(set(graph.objects(subject, AISTD.mirrors)) | set(incoming.subjects(AISTD.mirrors, subject)),
                          key=str)
    return (_fact(("上级组织", "Part of"), _objects(graph, subject, ORG.subOrganizationOf))
            + _fact(("下设组", "Groups"), groups)
            + _fact(("对口机构", "Counterparts"), counterparts)
            + _fact(("秘书处", "Secretariat"), _objects(graph, subject, AISTD.hasSecretariat))
            + _fact(("管辖范围", "Jurisdiction"), _objects(graph, subject, AISTD.jurisdiction)))


def _category(subject: URIRef, graph: Graph) -> list[Fact]:
    path = [URIRef(row["ancestor"]) for row in _rows("frameworks-category-path", category=str(subject))]
    return (_fact(("所属框架", "Framework"), _objects(graph, subject, SKOS.inScheme))
            + _fact(("上级路径", "Path"), path)
            + _fact(("下位类目", "Narrower categories"), _objects(graph, subject, SKOS.narrower)))

