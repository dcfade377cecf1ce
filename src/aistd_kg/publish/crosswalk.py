"""Crosswalk tables: the category mappings of the built graph as SSSOM TSV or as plain CSV.

SSSOM (https://w3id.org/sssom/) is a TSV with a YAML metadata block in '#' lines (curie_map,
mapping_set_id, license, ...), one row per mapping, entities as CURIEs. The CSV is the same
mappings for spreadsheet users: both labels of each category, its code, the justification and
the source that states the mapping, UTF-8 with a byte-order mark so that spreadsheets read
the Chinese labels.
"""

import csv
import io
import json
from dataclasses import dataclass, field

from rdflib import RDFS, SKOS, Graph, Namespace, URIRef

from ..namespaces import BASE
from ..prefixes import PREFIXES, curie, prologue, select

MAPPING_SET_ID = BASE + "mappings/crosswalks.sssom.tsv"
ONTOLOGY = URIRef(BASE + "ontology")
SEMAPV = Namespace(PREFIXES["semapv"])

PROLOGUE = prologue(select("aistd", "skos", "rdfs", "owl", "dcterms"))

MAPPINGS_QUERY = PROLOGUE + """
SELECT ?m ?s ?p ?o ?justification ?confidence ?creator ?date ?comment WHERE {
  ?m a aistd:Mapping ; aistd:mappingSubject ?s ; aistd:mappingPredicate ?p ; aistd:mappingObject ?o .
  OPTIONAL { ?m aistd:mappingJustification ?justification }
  OPTIONAL { ?m aistd:confidence ?confidence }
  OPTIONAL { ?m dcterms:creator ?creator }
  OPTIONAL { ?m dcterms:date ?date }
  OPTIONAL { ?m rdfs:comment ?comment FILTER(LANGMATCHES(LANG(?comment), "en")) }
}"""

CITATIONS_QUERY = PROLOGUE + """
SELECT ?m ?document ?locator ?quote WHERE {
  ?m a aistd:Mapping ; aistd:citation ?c .
  ?c aistd:citedDocument ?document .
  OPTIONAL { ?c aistd:locator ?locator }
  OPTIONAL { ?c aistd:quote ?quote }
}"""

CSV_COLUMNS = [
    "mapping", "subject_framework", "subject", "subject_code", "subject_label_zh", "subject_label_en",
    "predicate", "object_framework", "object", "object_code", "object_label_zh", "object_label_en",
    "justification", "confidence", "author", "date", "stated_by", "quote", "evidence", "comment",
]
SSSOM_COLUMNS = [
    "subject_id", "subject_label", "subject_source", "predicate_id", "object_id", "object_label", "object_source",
    "mapping_justification", "confidence", "author_id", "mapping_date", "see_also", "comment",
]


@dataclass
class Citation:
    document: URIRef
    locator: str
    quote: str


@dataclass
class MappingRecord:
    iri: URIRef
    subject: URIRef
    predicate: URIRef
    object: URIRef
    justification: URIRef | None
    confidence: str
    creator: URIRef | None
    date: str
    comment: str
    citations: list[Citation] = field(default_factory=list)

    @property
    def statements(self) -> list[Citation]:
        """The citations that quote a source stating the mapping itself."""
        return [c for c in self.citations if c.quote]


class Describer:
    """Labels, codes and frameworks of the nodes the mappings mention, and CURIEs for IRIs."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.used: dict[str, str] = {}

    def label(self, node, language: str) -> str:
        if node is None:
            return ""
        for prop in (SKOS.prefLabel, RDFS.label):
            for value in sorted(self.graph.objects(node, prop)):
                if getattr(value, "language", None) == language:
                    return str(value)
        return ""

    def code(self, node) -> str:
        return " ".join(sorted(str(v) for v in self.graph.objects(node, SKOS.notation)))

    def framework(self, node):
        return self.graph.value(node, SKOS.inScheme)

    def curie(self, iri) -> str:
        if iri is None:
            return ""
        name = curie(iri)
        if name is None:
            return str(iri)
        prefix = name.partition(":")[0]
        self.used[prefix] = PREFIXES[prefix]
        return name


def mapping_records(graph: Graph) -> list[MappingRecord]:
    """Every aistd:Mapping of the graph with its citations, in a stable order."""
    records = {}
    for m, s, p, o, justification, confidence, creator, date, comment in graph.query(MAPPINGS_QUERY):
        records[m] = MappingRecord(m, s, p, o, justification, "" if confidence is None else str(confidence),
                                   creator, "" if date is None else str(date), "" if comment is None else str(comment))
    for m, document, locator, quote in graph.query(CITATIONS_QUERY):
        records[m].citations.append(Citation(document, str(locator or ""), str(quote or "")))
    for record in records.values():
        record.citations.sort(key=lambda c: (str(c.document), c.locator, c.quote))
    return sorted(records.values(), key=lambda r: (str(r.subject), str(r.predicate), str(r.object)))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _source_text(describe: Describer, citation: Citation) -> str:
    name = describe.curie(citation.document)
    return f"{name}, {citation.locator}" if citation.locator else name


def crosswalk_csv(graph: Graph) -> bytes:
    """The mappings as a CSV table, one row per mapping."""
    describe = Describer(graph)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in mapping_records(graph):
        stated = r.statements
        writer.writerow([
            describe.curie(r.iri),
            describe.curie(describe.framework(r.subject)), describe.curie(r.subject), describe.code(r.subject),
            describe.label(r.subject, "zh"), describe.label(r.subject, "en"),
            describe.curie(r.predicate),
            describe.curie(describe.framework(r.object)), describe.curie(r.object), describe.code(r.object),
            describe.label(r.object, "zh"), describe.label(r.object, "en"),
            describe.curie(r.justification), r.confidence, describe.label(r.creator, "en") or describe.curie(r.creator),
            r.date,
            "; ".join(_source_text(describe, c) for c in stated),
            "; ".join(_one_line(c.quote) for c in stated),
            "; ".join(_source_text(describe, c) for c in r.citations if not c.quote),
            _one_line(r.comment),
        ])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _yaml_value(value) -> str:
    """A YAML scalar: JSON strings are valid YAML double-quoted scalars."""
    return json.dumps(value, ensure_ascii=False)


def _metadata(graph: Graph, describe: Describer, creators: list[str]) -> list[str]:
    version = graph.value(ONTOLOGY, URIRef("http://www.w3.org/2002/07/owl#versionInfo"))
    license_ = graph.value(ONTOLOGY, URIRef("http://purl.org/dc/terms/license"))
    lines = [
        f"mapping_set_id: {_yaml_value(MAPPING_SET_ID)}",
        f"mapping_set_title: {_yaml_value('aistd-kg crosswalks between AI standard-system frameworks')}",
        "mapping_set_description: " + _yaml_value(
            "Mappings between the categories of the Chinese national AI industry standard-system guide "
            "(consultation draft and 2024 edition), the 2020 national guide, the Shanghai and Jiangsu standard "
            "systems, and the NIST AI RMF 1.0 trustworthiness characteristics, each with its justification, "
            "confidence and evidence. Labels are English; the CSV export has the Chinese ones."),
        f"license: {_yaml_value(str(license_ or 'https://creativecommons.org/licenses/by/4.0/'))}",
        f"sssom_version: {_yaml_value('1.0')}",
    ]
    if version is not None:
        lines.append(f"mapping_set_version: {_yaml_value(str(version))}")
    if creators:
        lines.append("creator_id:")
        lines.extend(f"  - {_yaml_value(c)}" for c in creators)
    lines.append("curie_map:")
    lines.extend(f"  {prefix}: {_yaml_value(ns)}" for prefix, ns in sorted(describe.used.items()))
    return lines


def sssom_tsv(graph: Graph) -> bytes:
    """The mappings as an SSSOM TSV with its YAML metadata block."""
    describe = Describer(graph)
    rows = []
    for r in mapping_records(graph):
        stated = r.statements
        comment = _one_line(r.comment)
        if stated:
            said = "; ".join(f"{_source_text(describe, c)}: “{_one_line(c.quote)}”" for c in stated)
            comment = (comment + " " if comment else "") + f"Stated by the source: {said}"
        see_also = [str(r.iri)] + sorted({str(c.document) for c in stated})
        rows.append([
            describe.curie(r.subject), describe.label(r.subject, "en"), describe.curie(describe.framework(r.subject)),
            describe.curie(r.predicate),
            describe.curie(r.object), describe.label(r.object, "en"), describe.curie(describe.framework(r.object)),
            describe.curie(r.justification or SEMAPV.UnspecifiedMatching), r.confidence,
            describe.curie(r.creator), r.date, "|".join(see_also), comment,
        ])
    creators = sorted({row[9] for row in rows if row[9]})
    out = io.StringIO()
    for line in _metadata(graph, describe, creators):
        out.write(f"# {line}\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(SSSOM_COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
