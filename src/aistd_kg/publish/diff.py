"""Compare two builds or releases the way users think of them: entities added, removed or changed.

OLD and NEW are release folders (their ``aistd-kg.nq``) or built files (``.trig``, ``.nq``,
``.ttl``). What is compared is what the sources of the build state: the ontology, the
vocabularies and the data files. The derived graph follows from them and is left out, as
are the SHACL shapes and the named queries' descriptions, which say how the data is checked
and asked, not what it is (a ``.ttl`` has no named graphs, so there everything is compared).

Every IRI that is the subject of a statement is an entity, of the first kind in KINDS that
its types (and their superclasses) name. A changed entity lists each property whose values
differ, with the values only the old side has (``before``) and those only the new side has
(``after``). Blank nodes — citations, the parts of OWL axioms — have no identity of their
own: they are compared by content, written out in full, so a changed citation is a change
of its owner's ``aistd:citation`` and relabelled blank nodes are no change at all. A blank
node that nothing refers to (an OWL axiom) is an entity named by its content. The report is
sorted by kind, then IRI, then property: the same inputs always give the same report.
"""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS

from ..build.pipeline import QUERIES_GRAPH, SHAPES_GRAPH
from ..errors import InputError
from ..namespaces import AISTD, AISTDV, DERIVED_GRAPH, ID, graph_iri
from ..prefixes import curie

RELEASE_GRAPHS = "aistd-kg.nq"
NOT_COMPARED = {DERIVED_GRAPH, graph_iri(SHAPES_GRAPH), graph_iri(QUERIES_GRAPH)}
FORMATS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle"}
LABELS = (SKOS.prefLabel, RDFS.label)
CHANGES = {"added": "新增", "removed": "删除", "changed": "修改"}
# key, English and Chinese titles, the classes whose instances are of this kind (first match wins)
KINDS = (
    ("frameworks", "Frameworks", "框架", (AISTD.Framework, AISTD.FrameworkSeries)),
    ("categories", "Categories", "类目", (AISTD.Category,)),
    ("planned-standards", "Planned standards", "拟研制标准", (AISTD.PlannedStandard,)),
    ("standards", "Standards", "标准", (AISTD.StandardizationItem,)),
    ("bodies", "Bodies", "组织机构", (ORG.Organization,)),
    ("mappings", "Mappings", "映射", (AISTD.Mapping,)),
    ("targets", "Targets", "目标", (AISTD.Target,)),
    ("figures", "Figures", "数据", (AISTD.Figure,)),
    ("documents", "Documents", "文件", (FOAF.Document,)),
    ("participations", "Participations", "参与", (AISTD.Participation,)),
    ("counterparts", "Counterparts", "对口关系", (AISTD.Counterpart,)),
    ("adoptions", "Adoptions", "采标", (AISTD.Adoption, AISTD.AdoptionRule)),
    ("responsibilities", "Responsibilities", "归口", (AISTD.Responsibility,)),
    ("status-records", "Status records", "状态记录", (AISTD.StatusRecord,)),
    ("registry-links", "Registry links", "外部登记链接", (AISTD.RegistryLink,)),
    ("jurisdictions", "Jurisdictions", "司法管辖区", (AISTD.Jurisdiction,)),
    ("items", "Principles, pathways, platforms, provisions", "原则、途径、平台、条款",
     (AISTD.Principle, AISTD.Pathway, AISTD.InformationPlatform, AISTD.LegalProvision)),
    ("agents", "Agents", "行为主体", (PROV.Agent,)),
    ("vocabularies", "Controlled values", "受控值", (SKOS.Concept, SKOS.ConceptScheme)),
    ("ontology", "Ontology terms", "本体术语",
     (OWL.Ontology, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)),
    ("other", "Other", "其他", ()),
)
ORDER = {key: position for position, (key, *_) in enumerate(KINDS)}


class DiffInputError(InputError):
    """An input that is neither a release folder nor a built file."""


@dataclass
class PropertyChange:
    """The values of one property that only the old side and only the new side have."""

    property: str
    before: list[str]
    after: list[str]


@dataclass
class Change:
    """One entity added, removed or changed."""

    kind: str
    change: str
    iri: str
    label: dict[str, str]
    properties: list[PropertyChange] = field(default_factory=list)


@dataclass
class Report:
    """Every change from one side to the other, in report order."""

    old: str | None  # None: no earlier release to compare with
    new: str
    changes: list[Change]

    def summary(self) -> dict[str, dict[str, int]]:
        """Per kind with changes: how many entities were added, removed, changed."""
        counts: dict[str, dict[str, int]] = {}
        for change in self.changes:
            counts.setdefault(change.kind, dict.fromkeys(CHANGES, 0))[change.change] += 1
        return counts


class Snapshot:
    """What one build states, entity by entity: property -> {value in full: value as shown}."""

    def __init__(self, dataset: Dataset, name: str):
        self.name, self.union = name, dataset
        stated = Graph()
        for s, p, o, graph in dataset.quads((None, None, None, None)):
            if _name(graph) not in NOT_COMPARED:
                stated.add((s, p, o))
        self.entities: dict[str, dict[str, dict[str, str]]] = {}
        self.nodes: dict[str, URIRef | BNode] = {}
        self.shown: dict[str, str] = {}
        for subject in set(stated.subjects()):
            if isinstance(subject, BNode) and next(stated.subjects(None, subject), None) is not None:
                continue  # a part of its owner's description
            key = str(subject) if isinstance(subject, URIRef) else self.value(stated, subject, full=True)
            self.nodes[key], self.shown[key] = subject, self.value(stated, subject, full=False)
            self.entities[key] = self._properties(stated, subject)

    def _properties(self, graph: Graph, subject) -> dict[str, dict[str, str]]:
        properties: dict[str, dict[str, str]] = {}
        for predicate, obj in graph.predicate_objects(subject):
            properties.setdefault(str(predicate), {})[self.value(graph, obj, True)] = self.value(graph, obj, False)
        return properties

    def value(self, graph: Graph, term, full: bool, seen: frozenset = frozenset()) -> str:
        """A term written out: IRIs in full or compact, literals quoted, blank nodes by their content."""
        if isinstance(term, Literal):
            text = json.dumps(str(term), ensure_ascii=False)
            if term.language:
                return f"{text}@{term.language}"
            return f"{text}^^{self.iri(term.datatype, full)}" if term.datatype else text
        if not isinstance(term, BNode):
            return self.iri(term, full)
        if term in seen:
            return "[…]"
        seen = seen | {term}
        if (term, RDF.first, None) in graph:
            return "( " + " ".join(self.value(graph, item, full, seen) for item in graph.items(term)) + " )"
        parts = sorted(f"{self.iri(p, full)} {self.value(graph, o, full, seen)}"
                       for p, o in graph.predicate_objects(term))
        return "[ " + " ; ".join(parts) + " ]"

    def iri(self, iri: URIRef, full: bool) -> str:
        """<iri> in full; else the path under …/id/, a prefixed name, or <iri>."""
        if full:
            return f"<{iri}>"
        if iri.startswith(ID):
            return iri[len(ID):]
        return curie(iri) or f"<{iri}>"

    def kind(self, key: str) -> str:
        """The kind of an entity, by its types and their superclasses."""
        node = self.nodes[key]
        types = set(self.union.objects(node, RDF.type))
        for known in list(types):
            types.update(self.union.transitive_objects(known, RDFS.subClassOf))
        for kind, _, _, classes in KINDS:
            if types & set(classes):
                return kind
        return "vocabularies" if key.startswith(AISTDV) else "ontology" if key.startswith(AISTD) else "other"

    def label(self, key: str) -> dict[str, str]:
        """The entity's labels by language (zh, en, …)."""
        labels: dict[str, str] = {}
        for predicate in LABELS:
            for literal in sorted(self.union.objects(self.nodes[key], predicate)):
                if isinstance(literal, Literal) and literal.language:
                    labels.setdefault(literal.language, str(literal))
        return labels


def load(path: Path, name: str | None = None) -> Snapshot:
    """A release folder or a built file, as a snapshot named name or after the path.

    :raises DiffInputError: the path is neither.
    """
    source = path / RELEASE_GRAPHS if path.is_dir() else path
    fmt = FORMATS.get(source.suffix)
    if fmt is None or not source.is_file():
        raise DiffInputError(f"{path}: not a release folder (with {RELEASE_GRAPHS}) nor a .trig, .nq or .ttl file")
    dataset = Dataset(default_union=True)
    try:
        dataset.parse(source, format=fmt)
    except Exception as error:  # rdflib raises several parser exception types
        raise DiffInputError(f"{source}: does not parse: {error}") from error
    return Snapshot(dataset, name or path.name)


def compare(old: Snapshot, new: Snapshot) -> Report:
    """Every entity added, removed or changed from old to new."""
    changes = []
    for key in sorted(old.entities.keys() | new.entities.keys()):
        if key not in new.entities:
            changes.append(Change(old.kind(key), "removed", key, old.label(key)))
        elif key not in old.entities:
            changes.append(Change(new.kind(key), "added", key, new.label(key)))
        elif properties := _changed_properties(old.entities[key], new.entities[key]):
            changes.append(Change(new.kind(key), "changed", key, new.label(key) or old.label(key), properties))
    changes.sort(key=lambda c: (ORDER[c.kind], list(CHANGES).index(c.change), c.iri))
    return Report(old.name, new.name, changes)


def _changed_properties(old: dict, new: dict) -> list[PropertyChange]:
    changed = []
    for prop in sorted(old.keys() | new.keys()):
        before, after = old.get(prop, {}), new.get(prop, {})
        if before.keys() != after.keys():
            changed.append(PropertyChange(prop, sorted(before.keys() - after.keys()),
                                          sorted(after.keys() - before.keys())))
    return changed


def to_json(report: Report) -> dict:
    """The report as plain data: values in full (N-Triples terms; blank nodes written out)."""
    return {"from": report.old, "to": report.new, "summary": report.summary(),
            "changes": [asdict(change) for change in report.changes]}


def dumps(data: dict) -> str:
    """JSON as written to changes.json and printed by `aistd-kg diff --format json`."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_markdown(report: Report, old: Snapshot, new: Snapshot) -> str:
    """The report for people: bilingual headings and labels, compact names."""
    lines = [f"# Changes from {report.old} to {report.new} · 从 {report.old} 到 {report.new} 的变更", ""]
    summary = report.summary()
    if not summary:
        return "\n".join(lines + ["No changes. · 无变更。", ""])
    lines += ["| kind · 类别 | added · 新增 | removed · 删除 | changed · 修改 |", "|---|---:|---:|---:|"]
    titles = {key: f"{en} · {zh}" for key, en, zh, _ in KINDS}
    lines += [f"| {titles[kind]} | " + " | ".join(str(n) for n in counts.values()) + " |"
              for kind, counts in summary.items()]
    for kind in summary:
        lines += ["", f"## {titles[kind]}"]
        for change_kind, zh in CHANGES.items():
            entries = [c for c in report.changes if c.kind == kind and c.change == change_kind]
            if entries:
                lines += ["", f"### {change_kind.capitalize()} · {zh}", ""]
                for change in entries:
                    lines += _markdown_entry(change, old, new)
    return "\n".join(lines + [""])


def _markdown_entry(change: Change, old: Snapshot, new: Snapshot) -> list[str]:
    name = (old if change.change == "removed" else new).shown[change.iri]
    label = " · ".join(change.label[lang] for lang in ("zh", "en") if lang in change.label)
    lines = [f"- **{label}** `{name}`" if label else f"- `{name}`"]
    for prop in change.properties:
        before = ", ".join(old.entities[change.iri][prop.property][v] for v in prop.before) or "—"
        after = ", ".join(new.entities[change.iri][prop.property][v] for v in prop.after) or "—"
        lines.append(f"  - `{new.iri(URIRef(prop.property), False)}`: {before} → {after}")
    return lines


def _name(graph) -> URIRef:
    """The name of a quad's graph, whether rdflib gives the graph or its name."""
    return graph.identifier if hasattr(graph, "identifier") else graph
