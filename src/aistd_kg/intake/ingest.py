"""Bring a registry dump into the catalogue: what it adds, changes and withdraws, with the snapshot as provenance.

``aistd-kg ingest`` reads a dump (see registry_dumps), keeps the records of one committee or
ICS code, and compares each with the graph:

- a record the graph does not know becomes a catalogue entry with a status record;
- an entry that earlier ingests wrote (it is defined in the ingest file) follows the dump:
  a new stage gives a new status record and the entry's status, a new title replaces the
  old one;
- an entry curated elsewhere in data/ is never changed: where the dump says otherwise (title,
  publication date, stage) the difference is reported as a conflict, with both values.

Every fact written cites the snapshot (a document of kind registry dump: the file, its date)
and the record (its id and line). The plan is shown before anything is written; the ingest
file is written only when the whole data, with it, passes the SHACL shapes, and atomically.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, SKOS, XSD
from rdflib.term import Node

from ..build.derive import apply_rules
from ..build.loading import Layout, load_dataset, parse_turtle
from ..build.validation import validate
from ..errors import InputError
from ..linking.matching import identifier_key
from ..namespaces import AISTD, AISTDV, graph_iri
from . import naming
from .registry_dumps import CatalogueRecord, read_dump
from .writing import write_turtle

PUBLISHERS = {"iso-open-data": ("iso", "iec"), "samr-csv": ("sac",)}
SNAPSHOT_PUBLISHER = {"iso-open-data": "iso", "samr-csv": "samr"}
SNAPSHOT_NAMES = {"iso-open-data": ("ISO开放数据：标准文件元数据", "ISO Open Data: deliverables metadata"),
                  "samr-csv": ("全国标准信息公共服务平台导出数据",
                               "Export of the national public service platform for standards information")}
BODY = "https://w3id.org/aistd-kg/id/body/"


class IngestRefused(InputError):
    """An ingest that cannot start: a filter that names nothing in the graph, a bad snapshot date."""


@dataclass(frozen=True)
class Change:
    """One thing the dump changes, or would change, or conflicts with."""

    kind: str  # new, stage, withdrawn, title, conflict, unchanged, skipped
    identifier: str
    detail: str

    def __str__(self) -> str:
        mark = {"new": "+", "stage": "~", "title": "~", "withdrawn": "-", "conflict": "!", "skipped": "?"}.get(self.kind, "=")
        return f"{mark} {self.kind:<9} {self.identifier}: {self.detail}"


@dataclass
class IngestPlan:
    """The changes a dump brings, and the ingest file's graph with them."""

    out: Path
    changes: list[Change] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)

    @property
    def writes(self) -> bool:
        return any(change.kind in {"new", "stage", "withdrawn", "title"} for change in self.changes)


def plan_ingest(root: Path, dump: Path, kind: str, snapshot: date, committee: str | None = None,
                ics: str | None = None, out: Path | None = None) -> IngestPlan:
    """Compare the dump's records (of one committee or ICS code, if given) with the graph under root.

    :raises DumpError: the dump cannot be read.
    :raises IngestRefused: the committee names no body of the graph.
    """
    layout = Layout(root)
    out = out or layout.root / "data" / f"registry-{kind}.ttl"
    dataset = load_dataset(layout.ontology_files + layout.data_files)
    apply_rules(dataset, layout.rules_dir)
    owned = parse_turtle(out) if out.exists() else Graph()
    stages = {str(s).rsplit("/", 1)[-1] for s in dataset.subjects(SKOS.inScheme, AISTDV.Stages)}
    records = read_dump(dump, kind, stages)
    ingest = _Ingest(dataset, owned, kind, snapshot, dump.name)
    wanted = ingest.body(committee) if committee else None
    if committee and wanted is None:
        raise IngestRefused(f"--committee {committee!r} names no body of the graph (by identifier or label)")
    by_id = {record.record_id: record for record in records}
    plan = IngestPlan(out)
    for record in records:
        if ics and not any(code.startswith(ics) for code in record.ics):
            continue
        body = ingest.body(record.committee) if record.committee else None
        if wanted is not None and (body is None or not ingest.within(body, wanted)):
            continue
        if body is None:
            plan.changes.append(Change("skipped", record.identifier, f"committee {record.committee!r} is not in the graph"))
            continue
        plan.changes.extend(ingest.record(record, body, by_id))
    plan.graph = owned + ingest.added if plan.writes else owned
    for triple in ingest.removed:
        plan.graph.remove(triple)
    return plan


def write_ingest(root: Path, plan: IngestPlan) -> list[str]:
    """Validate the data with the planned ingest file and write it; return the violations (nothing written if any)."""
    layout = Layout(root)
    files = [path for path in layout.data_files if path.resolve() != plan.out.resolve()]
    dataset = load_dataset(layout.ontology_files + files)
    named = dataset.graph(graph_iri(plan.out.stem))
    for triple in plan.graph:
        named.add(triple)
    apply_rules(dataset, layout.rules_dir)
    errors = [str(v) for v in validate(dataset, parse_turtle(layout.shapes_file)) if v.severity == "Violation"]
    if not errors:
        write_turtle(plan.graph, plan.out, "# Catalogue entries written by `aistd-kg ingest` from registry dumps; "
                            "every fact cites its snapshot and record. Do not edit by hand: ingest a newer dump.\n\n")
    return errors


class _Ingest:
    """The comparison of records with one graph, collecting the triples to add and remove."""

    def __init__(self, dataset: Dataset, owned: Graph, kind: str, snapshot: date, file_name: str):
        self.dataset, self.owned, self.kind, self.snapshot = dataset, owned, kind, snapshot
        self.added: Graph = Graph()
        self.removed: set[tuple] = set()
        self.document = naming.iri("document", f"registry-{kind}-{snapshot.isoformat()}")
        self._bodies = self._body_names()
        self._standards = {identifier_key(str(value)): subject
                           for subject, value in dataset.subject_objects(DCTERMS.identifier)
                           if (subject, RDF.type, AISTD.Standard) in dataset}
        self._snapshot_document(file_name)

    def body(self, name: str) -> URIRef | None:
        return self._bodies.get(_normal(name))

    def within(self, body: URIRef, wanted: URIRef) -> bool:
        return body == wanted or wanted in self.dataset.transitive_objects(body, ORG.subOrganizationOf)

    def record(self, record: CatalogueRecord, body: URIRef, by_id: dict) -> list[Change]:
        entry = URIRef(str(self._standards.get(identifier_key(record.identifier)) or naming.iri("standard", _slug(record))))
        if (entry, RDF.type, AISTD.Standard) not in self.dataset:
            self._entry(entry, record, body, by_id)
            return [Change("new", record.identifier, f"{self._stage_label(record.stage)} ({record.title_en or record.title_zh})")]
        if (entry, RDF.type, AISTD.Standard) in self.owned:
            return self._follow(entry, record)
        return self._conflicts(entry, record)

    # --- new entries -----------------------------------------------------------------------

    def _entry(self, entry: URIRef, record: CatalogueRecord, body: URIRef, by_id: dict) -> None:
        add = self.added.add
        add((entry, RDF.type, AISTD.Standard))
        add((entry, DCTERMS.identifier, Literal(record.identifier)))
        self._titles(entry, record)
        for publisher in PUBLISHERS[self.kind]:
            add((entry, DCTERMS.publisher, URIRef(BODY + publisher)))
        add((entry, AISTD.responsibleCommittee, body))
        add((entry, AISTD.standardType, AISTDV[record.standard_type]))
        add((entry, AISTD.deliverableType, AISTDV[record.deliverable_type]))
        for prop, value in ((DCTERMS.issued, record.published), (AISTD.implementationDate, record.implemented)):
            if value:
                add((entry, prop, Literal(value, datatype=XSD.date)))
        if record.edition:
            add((entry, AISTD.edition, Literal(record.edition)))
        for code in record.ics:
            add((entry, AISTD.ics, Literal(code)))
        for code in record.ccs:
            add((entry, AISTD.ccs, Literal(code)))
        for replaced in (by_id[rid] for rid in record.replaces if rid in by_id):
            target = self._standards.get(identifier_key(replaced.identifier))
            if target is not None:
                add((entry, DCTERMS.replaces, target))
        self._cite(entry, record)
        self._status(entry, record)
        self._adoption(entry, record)

    def _titles(self, entry: URIRef, record: CatalogueRecord) -> None:
        english, chinese = record.title_en or record.title_zh, record.title_zh or record.title_en
        self.added.add((entry, RDFS.label, Literal(english, lang="en")))
        self.added.add((entry, RDFS.label, Literal(chinese, lang="zh")))
        self.added.add((entry, AISTD.englishTitleKind, AISTDV["title-official" if record.title_en else "title-translation"]))
        self.added.add((entry, AISTD.chineseTitleKind, AISTDV["zh-title-official" if record.title_zh else "zh-title-untranslated"]))

    def _status(self, entry: URIRef, record: CatalogueRecord) -> None:
        status = _status_of(record.stage)
        since = {"stage-60-60": record.published, "stage-cn-issued": record.published,
                 "stage-cn-in-force": record.implemented}.get(record.stage)
        latest = self._latest_date(entry)
        if since is None or (latest is not None and str(since) <= latest):
            since = None
        when = (since or self.snapshot).isoformat()
        node = naming.iri("relation", f"{str(entry).rsplit('/', 1)[-1]}-{record.stage}-{'since' if since else 'as-of'}-{when}")
        add = self.added.add
        add((node, RDF.type, AISTD.StatusRecord))
        add((node, AISTD.statusOf, entry))
        add((node, AISTD.status, status))
        add((node, AISTD.stage, AISTDV[record.stage]))
        add((node, AISTD.statusSince if since else AISTD.statusAsOf, Literal(since or self.snapshot, datatype=XSD.date)))
        stage_en, stage_zh = self._stage_label(record.stage), self._stage_label(record.stage, "zh")
        add((node, RDFS.label, Literal(f"{record.identifier} {stage_en} ({'since' if since else 'as of'} {when})", lang="en")))
        add((node, RDFS.label, Literal(f"{record.identifier} {stage_zh}（{when}{'起' if since else '时'}）", lang="zh")))
        self._cite(node, record)
        for old in self.dataset.objects(entry, AISTD.status):
            if old != status:
                self.removed.add((entry, AISTD.status, old))
        add((entry, AISTD.status, status))

    def _adoption(self, entry: URIRef, record: CatalogueRecord) -> None:
        adopted = self._standards.get(identifier_key(record.adopted)) if record.adopted else None
        if adopted is None:
            return
        node = naming.iri("relation", f"{str(entry).rsplit('/', 1)[-1]}-adopts-{str(adopted).rsplit('/', 1)[-1]}")
        add = self.added.add
        add((node, RDF.type, AISTD.Adoption))
        add((node, AISTD.adoptingBody, URIRef(BODY + "sac")))
        add((node, AISTD.adoptedStandard, adopted))
        add((node, AISTD.adoptingDeliverable, entry))
        if record.degree:
            add((node, AISTD.degreeOfCorrespondence, AISTDV[record.degree]))
        add((node, RDFS.label, Literal(f"{record.identifier} 采用 {record.adopted}", lang="zh")))
        add((node, RDFS.label, Literal(f"{record.identifier} adopts {record.adopted}", lang="en")))
        self._cite(node, record)

    # --- entries already in the graph ----------------------------------------------------------

    def _follow(self, entry: URIRef, record: CatalogueRecord) -> list[Change]:
        changes = []
        current = self._latest_stage(entry)
        if current != record.stage:
            self._status(entry, record)
            kind = "withdrawn" if _status_of(record.stage) == AISTDV["status-withdrawn"] else "stage"
            changes.append(Change(kind, record.identifier, f"{self._stage_label(current)} → {self._stage_label(record.stage)}"))
        old_title = self._label(entry, "en")
        if record.title_en and old_title != record.title_en:
            for lang in ("en", "zh") if record.title_zh is None else ("en",):
                for label in self.dataset.objects(entry, RDFS.label):
                    if isinstance(label, Literal) and label.language == lang:
                        self.removed.add((entry, RDFS.label, label))
                self.added.add((entry, RDFS.label, Literal(record.title_en, lang=lang)))
            self._cite(entry, record)
            changes.append(Change("title", record.identifier, f"{old_title!r} → {record.title_en!r}"))
        return changes or [Change("unchanged", record.identifier, self._stage_label(record.stage))]

    def _conflicts(self, entry: URIRef, record: CatalogueRecord) -> list[Change]:
        found = []
        curated_title = self._label(entry, "en")
        if record.title_en and curated_title and " ".join(curated_title.split()) != record.title_en:
            found.append(f"title: curated {curated_title!r}, dump {record.title_en!r}")
        issued = self.dataset.value(entry, DCTERMS.issued)
        if record.published and issued is not None and not record.published.isoformat().startswith(str(issued)):
            found.append(f"publication date: curated {issued}, dump {record.published.isoformat()}")
        stage = self._latest_stage(entry)
        if stage is not None and stage != record.stage:
            found.append(f"stage: curated {self._stage_label(stage)}, dump {self._stage_label(record.stage)}")
        if not found:
            return [Change("unchanged", record.identifier, "the curated entry agrees with the dump")]
        return [Change("conflict", record.identifier, f"{text} (curated kept; record {record.record_id}, line {record.line})")
                for text in found]

    # --- helpers ----------------------------------------------------------------------------------

    def _cite(self, node: URIRef, record: CatalogueRecord) -> None:
        citation = BNode()
        self.added.add((node, AISTD.citation, citation))
        self.added.add((citation, RDF.type, AISTD.Citation))
        self.added.add((citation, AISTD.citedDocument, self.document))
        self.added.add((citation, AISTD.locator, Literal(f"record {record.record_id} (line {record.line})")))

    def _snapshot_document(self, file_name: str) -> None:
        zh, en = SNAPSHOT_NAMES[self.kind]
        when = self.snapshot.isoformat()
        add, doc = self.added.add, self.document
        add((doc, RDF.type, AISTD.Document))
        add((doc, RDFS.label, Literal(f"{zh}（{when}快照）", lang="zh")))
        add((doc, RDFS.label, Literal(f"{en} (snapshot of {when})", lang="en")))
        add((doc, DCTERMS.publisher, URIRef(BODY + SNAPSHOT_PUBLISHER[self.kind])))
        add((doc, DCTERMS.date, Literal(self.snapshot, datatype=XSD.date)))
        add((doc, AISTD.sourceKind, AISTDV["source-registry-dump"]))
        add((doc, AISTD.sourceNote, Literal(f"External document: the registry dump file {file_name}, "
                                            f"as published on {when}, read by aistd-kg ingest.", lang="en")))
        citation = BNode()
        add((doc, AISTD.citation, citation))
        add((citation, RDF.type, AISTD.Citation))
        add((citation, AISTD.citedDocument, doc))
        add((citation, AISTD.locator, Literal(f"file {file_name}")))

    def _body_names(self) -> dict[str, URIRef]:
        names: dict[str, URIRef] = {}
        for prop in (DCTERMS.identifier, SKOS.notation, RDFS.label, SKOS.altLabel):
            for subject, value in self.dataset.subject_objects(prop):
                if isinstance(subject, URIRef) and (subject, RDF.type, ORG.Organization) in self.dataset:
                    names.setdefault(_normal(str(value)), subject)
        return names

    def _records(self, entry: URIRef) -> list[tuple[str, Node | None]]:
        rows = []
        for graph in (self.dataset, self.added):
            for node in graph.subjects(AISTD.statusOf, entry):
                when = graph.value(node, AISTD.statusSince) or graph.value(node, AISTD.statusAsOf)
                rows.append((str(when), graph.value(node, AISTD.stage)))
        return sorted(rows, key=lambda row: row[0])

    def _latest_date(self, entry: URIRef) -> str | None:
        rows = self._records(entry)
        return rows[-1][0] if rows else None

    def _latest_stage(self, entry: URIRef) -> str | None:
        rows = [row for row in self._records(entry) if row[1] is not None]
        return str(rows[-1][1]).rsplit("/", 1)[-1] if rows else None

    def _label(self, entry: URIRef, lang: str) -> str | None:
        return next((str(label) for label in self.dataset.objects(entry, RDFS.label)
                     if isinstance(label, Literal) and label.language == lang), None)

    def _stage_label(self, stage: str | None, lang: str = "en") -> str:
        if stage is None:
            return "no stage"
        return next((str(v) for v in self.dataset.objects(AISTDV[stage], SKOS.prefLabel)
                     if isinstance(v, Literal) and v.language == lang), stage)


def _status_of(stage: str) -> URIRef:
    """The status a stage means: withdrawn, published (in force for China's 现行) or under development."""
    if stage in {"stage-cn-abolished", "stage-95-99"} or stage.endswith("-98"):
        return AISTDV["status-withdrawn"]
    if stage == "stage-cn-in-force":
        return AISTDV["status-in-force"]
    code = re.fullmatch(r"stage-([0-9]{2})-([0-9]{2})", stage)
    if stage == "stage-cn-issued" or (code is not None and (code[1], code[2]) >= ("60", "60")):
        return AISTDV["status-published"]
    return AISTDV["status-under-development"]


def _slug(record: CatalogueRecord) -> str:
    """The entry's slug by the data conventions: the identifier lower-cased, other characters hyphens."""
    return naming.slug_of_identifier(record.identifier)


def _normal(name: str) -> str:
    return " ".join(name.replace("（", "(").replace("）", ")").split()).casefold()
