"""Releases and their changelog: a release of the project's graph, and one of an edited copy.

Release 0.1.0 is written in-process from the session's build. Release 0.2.0 is written by
the command line from a copy of the project in which one category label is changed, one
planned standard removed and one mapping added; its changelog must list exactly those
three changes. The VoID figures are checked against counts taken by rdflib's SPARQL engine
(the release counts with pyoxigraph). Everything is written under tmp_path.
"""

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SH, SKOS, VOID, XSD
from server_fixtures.harness import CLI, REPO, serving

from aistd_kg.build.artifact import write_artifact
from aistd_kg.namespaces import AISTD, ID
from aistd_kg.publish import diff
from aistd_kg.publish.release import ReleaseError, previous_release, write_release

DCAT3 = Namespace(str(DCAT))
SPDX = Namespace("http://spdx.org/rdf/terms#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DATASET = URIRef("https://w3id.org/aistd-kg/dataset")
CATEGORY = ID["category/cn-ai-industry-guide-draft-3-2"]
PLANNED = ID["planned-standard/jiangsu-ai-guide-2025-draft-3"]
MAPPING = ID["relation/jiangsu-ai-guide-2025-draft-ab-related-match-cn-ai-industry-guide-2024-1"]
MAPPING_LABEL = {
    "zh": "江苏指南“管理与服务”相关于国家指南2024版“基础共性”",
    "en": "The Jiangsu guide “Management and services” relates to the national guide 2024 “Basic and common”"}
NEW_MAPPING = f"""
@prefix aistd: <https://w3id.org/aistd-kg/ontology#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{MAPPING}> a aistd:Mapping ;
    rdfs:label "{MAPPING_LABEL['zh']}"@zh , "{MAPPING_LABEL['en']}"@en ;
    aistd:mappingSubject <{ID["category/jiangsu-ai-guide-2025-draft-ab"]}> ;
    aistd:mappingPredicate skos:relatedMatch ;
    aistd:mappingObject <{ID["category/cn-ai-industry-guide-2024-1"]}> ;
    aistd:mappingJustification <https://w3id.org/semapv/vocab/ManualMappingCuration> ;
    aistd:confidence 0.5 ;
    dcterms:creator <{ID["agent/editors"]}> ;
    dcterms:date "2025-01-02"^^xsd:date ;
    rdfs:comment "A test mapping."@en ;
    aistd:citation [ a aistd:Citation ; aistd:citedDocument <{ID["document/jiangsu-guide-draft"]}> ;
                     aistd:locator "附件" ] .
"""
FILES = {  # what a release holds, with the media type its description must give
    "aistd-kg.ttl": "text/turtle", "aistd-kg.nq": "application/n-quads", "aistd-kg.jsonld": "application/ld+json",
    "crosswalks.sssom.tsv": "text/tab-separated-values", "validation-report.ttl": "text/turtle",
    "CHANGES.md": "text/markdown", "changes.json": "application/json",
}


@pytest.fixture(scope="module")
def releases(built, tmp_path_factory):
    """A folder of releases holding 0.1.0 of the project's graph."""
    out = tmp_path_factory.mktemp("releases")
    write_release(built, REPO, "0.1.0", out, None, issued=date(2025, 1, 2))
    return out


@pytest.fixture(scope="module")
def second(releases, tmp_path_factory):
    """Release 0.2.0 by the command line, of a copy: a label changed, a planned standard removed, a mapping added."""
    project = tmp_path_factory.mktemp("edited")
    shutil.copytree(REPO / "ontology", project / "ontology")
    shutil.copytree(REPO / "data", project / "data")
    data = project / "data"
    assert not any((None, None, PLANNED) in Graph().parse(f) for f in data.glob("*.ttl")), "nothing may refer to it"
    edit(data / "national-guide.ttl", relabel)
    edit(data / "jiangsu.ttl", lambda graph: remove(graph, PLANNED))
    edit(data / "crosswalks.ttl", lambda graph: graph.parse(data=NEW_MAPPING, format="turtle"))
    # HermiT is left out: the edits cannot make the data inconsistent, and test_data checks the data's consistency
    done = aistd(project, "release", "0.2.0", "--no-reason", "--out", str(releases))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"released 0.2.0 -> {releases / '0.2.0'} (changes since 0.1.0)"
    return releases / "0.2.0"


def aistd(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLI), *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def edit(path: Path, change) -> None:
    graph = Graph().parse(path)
    change(graph)
    graph.serialize(path, format="turtle")


def english_label(graph, node) -> Literal:
    return next(label for label in graph.objects(node, SKOS.prefLabel) if label.language == "en")


def relabel(graph: Graph) -> None:
    label = english_label(graph, CATEGORY)
    graph.remove((CATEGORY, SKOS.prefLabel, label))
    graph.add((CATEGORY, SKOS.prefLabel, Literal(f"{label} (edited)", lang="en")))


def remove(graph: Graph, node) -> None:
    for _, _, obj in list(graph.triples((node, None, None))):
        if isinstance(obj, BNode):
            remove(graph, obj)
    graph.remove((node, None, None))


def description(folder: Path) -> tuple[Graph, URIRef]:
    """A release's void.ttl read from disk (its relative IRIs resolve to the files) and the release's IRI."""
    path = folder / "void.ttl"
    return Graph().parse(path), URIRef(path.as_uri() + "#dataset")


def count(dataset, query: str) -> int:
    return int(next(iter(dataset.query(query)))[0])


def test_a_release_holds_every_format_and_its_description(releases):
    assert sorted(p.name for p in (releases / "0.1.0").iterdir()) == sorted([*FILES, "void.ttl"])
    assert not list(releases.glob(".staging-*"))


def test_void_figures_are_the_real_counts(releases, kg):
    graph, release = description(releases / "0.1.0")
    expected = {
        VOID.triples: "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }",
        VOID.distinctSubjects: "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }",
        VOID.distinctObjects: "SELECT (COUNT(DISTINCT ?o) AS ?n) { ?s ?p ?o }",
        VOID.properties: "SELECT (COUNT(DISTINCT ?p) AS ?n) { ?s ?p ?o }",
        VOID.classes: "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?s a ?c }",
        VOID.entities: f"SELECT (COUNT(DISTINCT ?s) AS ?n) {{ ?s a ?c FILTER(STRSTARTS(STR(?s), '{ID}')) }}",
    }
    for predicate, query in expected.items():
        assert graph.value(release, predicate).toPython() == count(kg, query), predicate
    classes = {graph.value(p, VOID["class"]): (graph.value(p, VOID.entities).toPython(),
                                               graph.value(p, VOID.distinctSubjects).toPython())
               for p in graph.objects(release, VOID.classPartition)}
    instances = {}
    for instance, kind in kg.subject_objects(RDF.type):
        instances.setdefault(kind, set()).add(instance)
    assert classes == {kind: (sum(isinstance(x, URIRef) for x in found), len(found))
                       for kind, found in instances.items()}
    assert classes[AISTD.Category][0] > 300 and classes[AISTD.Citation][0] == 0 < classes[AISTD.Citation][1]
    properties = {graph.value(p, VOID.property): graph.value(p, VOID.triples).toPython()
                  for p in graph.objects(release, VOID.propertyPartition)}
    assert properties == {p: int(n) for p, n in kg.query(
        "SELECT ?p (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } } GROUP BY ?p")}


def test_void_says_what_the_release_is(releases):
    graph, release = description(releases / "0.1.0")
    assert {RDF.type: {VOID.Dataset, DCAT.Dataset}} == {RDF.type: set(graph.objects(release, RDF.type))}
    assert set(graph.objects(release, DCTERMS.language)) == {
        URIRef("http://id.loc.gov/vocabulary/iso639-1/en"), URIRef("http://id.loc.gov/vocabulary/iso639-1/zh")}
    assert set(graph.objects(release, DCTERMS.source)) == {ID[f"document/{d}"] for d in (
        "national-guide-draft", "shanghai-notice", "wic-global-report", "jiangsu-guide-draft",
        "beijing-enterprise-guide")}
    assert graph.value(release, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert graph.value(release, DCAT3.version) == Literal("0.1.0") == graph.value(release, OWL.versionInfo)
    assert graph.value(release, DCTERMS.issued) == Literal("2025-01-02", datatype=XSD.date)
    assert (DATASET, DCAT3.hasVersion, release) in graph
    document = URIRef((releases / "0.1.0" / "void.ttl").as_uri())
    assert graph.value(predicate=FOAF.primaryTopic, object=release) == document
    assert graph.value(release, DCAT3.previousVersion) is None
    assert {d.rsplit("/", 1)[-1] for d in map(str, graph.objects(release, VOID.dataDump))} == {
        "aistd-kg.ttl", "aistd-kg.nq", "aistd-kg.jsonld"}


def test_every_file_is_described_with_its_size_and_checksum(releases):
    import hashlib

    graph, release = description(releases / "0.1.0")
    described = {}
    for distribution in graph.objects(release, DCAT.distribution):
        path = Path(str(graph.value(distribution, DCAT.downloadURL)).removeprefix("file://"))
        checksum = graph.value(distribution, SPDX.checksum)
        assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(graph.value(checksum, SPDX.checksumValue)) == hashlib.sha256(path.read_bytes()).hexdigest()
        assert graph.value(distribution, DCAT.byteSize) == Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger)
        described[path.name] = str(graph.value(distribution, DCAT.mediaType)).split("/media-types/")[1]
    assert described == FILES


def test_release_files_hold_the_graph_and_its_report(releases, kg):
    folder = releases / "0.1.0"
    graphs = Dataset()
    graphs.parse(folder / "aistd-kg.nq", format="nquads")
    assert {str(g.identifier) for g in graphs.graphs() if len(g)} == {
        str(g.identifier) for g in kg.graphs() if len(g)}
    graph, release = description(folder)
    assert len(Graph().parse(folder / "aistd-kg.ttl")) == graph.value(release, VOID.triples).toPython()
    report = Graph().parse(folder / "validation-report.ttl")
    assert report.value(predicate=RDF.type, object=SH.ValidationReport) is not None
    assert set(report.objects(None, SH.conforms)) == {Literal(True)}
    assert json.loads((folder / "changes.json").read_text()) == {
        "from": None, "to": "0.1.0", "summary": {}, "changes": []}
    assert (folder / "CHANGES.md").read_text() == (
        "# aistd-kg 0.1.0\n\nNo earlier release to compare with.\n")


def test_changelog_lists_exactly_the_edits_as_json(second, kg):
    label = english_label(kg, CATEGORY)
    assert json.loads((second / "changes.json").read_text(encoding="utf-8")) == {
        "from": "0.1.0", "to": "0.2.0",
        "summary": {"categories": {"added": 0, "removed": 0, "changed": 1},
                    "planned-standards": {"added": 0, "removed": 1, "changed": 0},
                    "mappings": {"added": 1, "removed": 0, "changed": 0}},
        "changes": [
            {"kind": "categories", "change": "changed", "iri": str(CATEGORY),
             "label": {"zh": "知识图谱标准", "en": f"{label} (edited)"},
             "properties": [{"property": str(SKOS.prefLabel), "before": [f"{json.dumps(str(label))}@en"],
                             "after": [f'{json.dumps(f"{label} (edited)")}@en']}]},
            {"kind": "planned-standards", "change": "removed", "iri": str(PLANNED), "label": labels(kg, PLANNED),
             "properties": []},
            {"kind": "mappings", "change": "added", "iri": str(MAPPING), "label": MAPPING_LABEL, "properties": []},
        ],
    }


def labels(graph, node) -> dict:
    return {label.language: str(label) for label in graph.objects(node, RDFS.label)}


def test_changelog_in_markdown_is_bilingual_and_the_command_prints_it(second, releases, kg):
    label, planned = english_label(kg, CATEGORY), labels(kg, PLANNED)
    expected = "\n".join([
        "# Changes from 0.1.0 to 0.2.0 · 从 0.1.0 到 0.2.0 的变更",
        "",
        "| kind · 类别 | added · 新增 | removed · 删除 | changed · 修改 |",
        "|---|---:|---:|---:|",
        "| Categories · 类目 | 0 | 0 | 1 |",
        "| Planned standards · 拟研制标准 | 0 | 1 | 0 |",
        "| Mappings · 映射 | 1 | 0 | 0 |",
        "",
        "## Categories · 类目",
        "",
        "### Changed · 修改",
        "",
        f"- **知识图谱标准 · {label} (edited)** `category/cn-ai-industry-guide-draft-3-2`",
        f'  - `skos:prefLabel`: {json.dumps(str(label))}@en → {json.dumps(f"{label} (edited)")}@en',
        "",
        "## Planned standards · 拟研制标准",
        "",
        "### Removed · 删除",
        "",
        f"- **{planned['zh']} · {planned['en']}** `planned-standard/jiangsu-ai-guide-2025-draft-3`",
        "",
        "## Mappings · 映射",
        "",
        "### Added · 新增",
        "",
        f"- **{MAPPING_LABEL['zh']} · {MAPPING_LABEL['en']}** "
        "`relation/jiangsu-ai-guide-2025-draft-ab-related-match-cn-ai-industry-guide-2024-1`",
        "",
    ])
    assert (second / "CHANGES.md").read_text(encoding="utf-8") == expected
    done = aistd(REPO, "diff", str(releases / "0.1.0"), str(second))
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected


def test_the_new_release_names_the_previous_one(second, releases):
    graph, release = description(second)
    assert graph.value(release, DCAT3.previousVersion) == description(releases / "0.1.0")[1]
    assert graph.value(release, DCAT3.version) == Literal("0.2.0")


def test_blank_nodes_are_compared_by_content(kg):
    relabelled, fresh = Dataset(default_union=True), {}
    for s, p, o, g in kg.quads((None, None, None, None)):
        s, o = (fresh.setdefault(t, BNode()) if isinstance(t, BNode) else t for t in (s, o))
        relabelled.graph(getattr(g, "identifier", g)).add((s, p, o))
    original = diff.Snapshot(kg, "old")
    assert diff.compare(original, diff.Snapshot(relabelled, "new")).changes == []
    citation = next(c for c in relabelled.objects(CATEGORY, AISTD.citation) if (c, AISTD.quote, None) in relabelled)
    quote = relabelled.value(citation, AISTD.quote)
    for _, _, _, g in list(relabelled.quads((citation, AISTD.quote, quote, None))):
        named = relabelled.graph(getattr(g, "identifier", g))
        named.remove((citation, AISTD.quote, quote))
        named.add((citation, AISTD.quote, Literal(str(quote) + "!", lang=quote.language)))
    (change,) = diff.compare(original, diff.Snapshot(relabelled, "new")).changes
    assert (change.kind, change.change, change.iri) == ("categories", "changed", str(CATEGORY))
    (prop,) = change.properties
    assert prop.property == str(AISTD.citation)
    assert len(prop.before) == len(prop.after) == 1
    assert json.dumps(str(quote), ensure_ascii=False) in prop.before[0]
    assert json.dumps(str(quote) + "!", ensure_ascii=False) in prop.after[0]


def test_an_existing_release_is_never_overwritten(releases, built):
    folder = releases / "0.1.0"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    done = aistd(REPO, "release", "0.1.0", "--out", str(releases))
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {folder} exists: a release is never overwritten; choose a new version"
    with pytest.raises(ReleaseError, match="never overwritten"):
        write_release(built, REPO, "0.1.0", releases, None)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_version_must_be_semantic(tmp_path):
    done = aistd(REPO, "release", "v1.0", "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "'v1.0' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.0.0)" in done.stderr
    assert not (tmp_path / "out").exists()


def test_auto_previous_is_the_highest_lower_version(tmp_path):
    for name in ("0.1.0", "0.2.0", "0.10.0", "1.0.0-rc.1", "notes", "0.9.0-without-graphs"):
        (tmp_path / name).mkdir()
        if name != "0.9.0-without-graphs":
            (tmp_path / name / "aistd-kg.nq").touch()
    picks = {version: previous_release(tmp_path, version, "auto") for version in ("1.0.0", "0.10.1", "0.3.0", "0.1.0")}
    assert {v: p.name if p else None for v, p in picks.items()} == {
        "1.0.0": "1.0.0-rc.1", "0.10.1": "0.10.0", "0.3.0": "0.2.0", "0.1.0": None}
    assert previous_release(tmp_path, "0.3.0", "none") is None
    with pytest.raises(ReleaseError, match="is not a release folder"):
        previous_release(tmp_path, "0.3.0", str(tmp_path / "notes" / "missing"))


def test_invalid_data_is_not_released(tmp_path):
    shutil.copytree(REPO / "ontology", tmp_path / "ontology")
    (tmp_path / "data").mkdir()
    shutil.copy(REPO / "tests" / "shape_cases" / "_base.ttl", tmp_path / "data" / "base.ttl")
    shutil.copy(REPO / "tests" / "shape_cases" / "missing-english-label.ttl", tmp_path / "data" / "bad.ttl")
    done = aistd(tmp_path, "release", "1.0.0", "--out", "releases")
    assert done.returncode == 1
    assert "build refused: 1 violation(s); nothing was written" in done.stderr
    assert not (tmp_path / "releases").exists()


def test_server_serves_the_void_and_links_it_from_the_service_description(built, releases, tmp_path):
    write_artifact(built.dataset, tmp_path / "build")
    with serving(REPO, build_dir=tmp_path / "build") as server:
        reply = server.request("GET", "/.well-known/void", headers={"Accept": "text/turtle"})
        assert reply.status == 200 and reply.media_type == "text/turtle"
        served = Graph().parse(data=reply.body, format="turtle")
        as_jsonld = server.request("GET", "/.well-known/void", headers={"Accept": "application/ld+json"})
        assert as_jsonld.media_type == "application/ld+json"
        assert len(Graph().parse(data=as_jsonld.body, format="json-ld")) == len(served)
        redirect = server.request("GET", "/dataset")
        service = Graph().parse(data=server.request("GET", "/sparql", headers={"Accept": "text/turtle"}).body,
                                format="turtle")
    released, release = description(releases / "0.1.0")
    for figure in (VOID.triples, VOID.entities, VOID.classes, VOID.properties):
        assert served.value(DATASET, figure) == released.value(release, figure), figure
    assert served.value(DATASET, VOID.sparqlEndpoint) == URIRef(server.url + "/sparql")
    assert served.value(predicate=FOAF.primaryTopic, object=DATASET) == URIRef(server.url + "/.well-known/void")
    assert redirect.status == 303 and redirect.headers["location"].endswith("/.well-known/void")
    endpoint = URIRef(server.url + "/sparql")
    assert service.value(endpoint, SD.defaultDataset) == DATASET
    assert (DATASET, RDF.type, VOID.Dataset) in service
    assert service.value(DATASET, RDFS.seeAlso) == URIRef(server.url + "/.well-known/void")
    assert service.value(DATASET, DCTERMS.issued) == served.value(DATASET, DCTERMS.issued)
