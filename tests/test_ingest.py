"""`aistd-kg ingest`: registry dumps in the registries' real formats bring exactly the changes they
hold into the catalogue, with the snapshot as provenance; curated facts are kept and conflicts
reported; broken dumps are refused with the line and field, and nothing is written."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, XSD

from aistd_kg.namespaces import AISTD, AISTDV

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "ingest"
STD = "https://w3id.org/aistd-kg/id/standard/"
SC42 = "ISO/IEC JTC 1/SC 42"

pytestmark = pytest.mark.slow


@pytest.fixture
def project(tmp_path):
    """A project with the real ontology and a small curated graph (the bodies the dumps name, ISO/IEC 42001)."""
    shutil.copytree(REPO / "ontology", tmp_path / "ontology")
    (tmp_path / "data").mkdir()
    shutil.copy(FIXTURES / "curated" / "curated.ttl", tmp_path / "data")
    return tmp_path


def ingest(project, dump, kind, snapshot, *options):
    return subprocess.run([sys.executable, "-m", "aistd_kg", "ingest", "--registry", str(FIXTURES / dump), "--kind", kind,
                           "--snapshot-date", snapshot, *options], cwd=project, capture_output=True, text=True, timeout=600)


def written(project, kind="iso-open-data") -> Graph:
    return Graph().parse(project / "data" / f"registry-{kind}.ttl")


def lines(result, mark):
    return sorted(line for line in result.stdout.splitlines() if line.startswith(mark))


def test_a_first_snapshot_adds_the_committees_records_with_their_provenance(project):
    result = ingest(project, "iso-2026-06.jsonl", "iso-open-data", "2026-06-01", "--committee", SC42, "--write")
    assert result.returncode == 0, result.stderr
    assert [line.split(":")[0] for line in lines(result, "+")] == [
        "+ new       ISO/IEC 99001", "+ new       ISO/IEC DIS 99003", "+ new       ISO/IEC TR 99002"]
    graph = written(project)
    entry = URIRef(STD + "iso-iec-99001-2025")
    assert graph.value(entry, DCTERMS.identifier) == Literal("ISO/IEC 99001:2025")
    assert graph.value(entry, DCTERMS.issued) == Literal("2025-03-14", datatype=XSD.date)
    assert graph.value(entry, AISTD.responsibleCommittee) == URIRef("https://w3id.org/aistd-kg/id/body/iso-iec-jtc1-sc42")
    assert graph.value(entry, AISTD.chineseTitleKind) == AISTDV["zh-title-untranslated"]
    snapshot = URIRef("https://w3id.org/aistd-kg/id/document/registry-iso-open-data-2026-06-01")
    assert graph.value(snapshot, AISTD.sourceKind) == AISTDV["source-registry-dump"]
    locators = {str(graph.value(c, AISTD.locator)) for c in graph.objects(entry, AISTD.citation)
                if graph.value(c, AISTD.citedDocument) == snapshot}
    assert locators == {"record 990001 (line 1)"}
    project_record = URIRef("https://w3id.org/aistd-kg/id/relation/iso-iec-dis-99003-stage-40-20-as-of-2026-06-01")
    assert graph.value(project_record, AISTD.stage) == AISTDV["stage-40-20"]
    assert graph.value(URIRef(STD + "iso-iec-dis-99003"), AISTD.status) == AISTDV["status-under-development"]
    assert not any("99004" in str(s) for s in graph.subjects())  # another committee's record is left out


def test_a_later_snapshot_gives_exactly_its_changes_and_reports_the_conflict(project):
    assert ingest(project, "iso-2026-06.jsonl", "iso-open-data", "2026-06-01", "--committee", SC42, "--write").returncode == 0
    result = ingest(project, "iso-2026-09.jsonl", "iso-open-data", "2026-09-01", "--committee", SC42, "--write")
    assert result.returncode == 0, result.stderr
    assert lines(result, "+") == [
        "+ new       ISO/IEC TS 99005:2026: 60.60 Standard published (Artificial intelligence — Fixture specification)"]
    assert lines(result, "~") == [
        "~ stage     ISO/IEC DIS 99003: 40.20 DIS ballot initiated → 50.20 Proof sent to secretariat or FDIS ballot initiated"]
    assert lines(result, "-") == ["- withdrawn ISO/IEC TR 99002:2024: 60.60 Standard published → 95.99 Withdrawal of standard"]
    conflicts = lines(result, "!")
    assert len(conflicts) == 1 and "ISO/IEC 42001:2023" in conflicts[0] and "(fixture title)" in conflicts[0]
    assert "curated kept" in conflicts[0]
    graph = written(project)
    history = sorted(str(graph.value(r, AISTD.stage)).rsplit("/", 1)[-1]
                     for r in graph.subjects(AISTD.statusOf, URIRef(STD + "iso-iec-dis-99003")))
    assert history == ["stage-40-20", "stage-50-20"]
    assert graph.value(URIRef(STD + "iso-iec-tr-99002-2024"), AISTD.status) == AISTDV["status-withdrawn"]
    assert (URIRef(STD + "iso-iec-ts-99005-2026"), DCTERMS.replaces, URIRef(STD + "iso-iec-tr-99002-2024")) in graph
    curated = Graph().parse(project / "data" / "curated.ttl")
    assert curated.value(URIRef(STD + "iso-iec-42001-2023"), RDFS.label, any=True) is not None
    assert not (set(graph.subjects()) & {URIRef(STD + "iso-iec-42001-2023")})


def test_the_csv_form_of_the_iso_dump_reads_alike(project):
    result = ingest(project, "iso-2026-09.csv", "iso-open-data", "2026-09-01", "--committee", SC42)
    assert result.returncode == 0, result.stderr
    assert len(lines(result, "+")) == 4 and len(lines(result, "!")) == 1
    assert "nothing written" in result.stderr
    assert not (project / "data" / "registry-iso-open-data.ttl").exists()


def test_a_national_platform_export_adds_standards_with_their_dates_and_adoption(project):
    assert ingest(project, "iso-2026-06.jsonl", "iso-open-data", "2026-06-01", "--committee", SC42, "--write").returncode == 0
    result = ingest(project, "samr-2026-06.csv", "samr-csv", "2026-06-15", "--committee", "SAC/TC 28/SC 42", "--write")
    assert result.returncode == 0, result.stderr
    graph = written(project, "samr-csv")
    entry = URIRef(STD + "gb-t-99101-2025")
    assert graph.value(entry, AISTD.implementationDate) == Literal("2026-03-01", datatype=XSD.date)
    assert graph.value(entry, AISTD.standardType) == AISTDV["type-national-recommended"]
    assert graph.value(entry, AISTD.status) == AISTDV["status-in-force"]
    assert {str(label) for label in graph.objects(entry, RDFS.label)} == {
        "信息技术 人工智能 夹具术语", "Information technology—Artificial intelligence—Fixture vocabulary"}
    adoption = URIRef("https://w3id.org/aistd-kg/id/relation/gb-t-99101-2025-adopts-iso-iec-99001-2025")
    assert graph.value(adoption, AISTD.degreeOfCorrespondence) == AISTDV.IDT
    assert graph.value(URIRef(STD + "gb-t-99102-2026"), AISTD.status) == AISTDV["status-published"]


@pytest.mark.parametrize("dump, kind, message", [
    ("bad-missing-column.csv", "iso-open-data", "bad-missing-column.csv, line 1: missing column(s) reference"),
    ("bad-malformed-line.jsonl", "iso-open-data", "bad-malformed-line.jsonl, line 3: not a JSON object"),
    ("bad-unknown-stage.jsonl", "iso-open-data", "bad-unknown-stage.jsonl, line 3, field currentStage: unknown stage code 4045"),
    ("bad-gbk.csv", "samr-csv", "bad-gbk.csv, line 1: not UTF-8"),
])
def test_a_broken_dump_is_refused_with_line_and_field_and_nothing_is_written(project, dump, kind, message):
    before = sorted(path.name for path in (project / "data").iterdir())
    result = ingest(project, dump, kind, "2026-06-01", "--write")
    assert result.returncode == 2
    assert message in result.stderr
    assert sorted(path.name for path in (project / "data").iterdir()) == before


def test_a_committee_the_graph_does_not_know_is_refused(project):
    result = ingest(project, "iso-2026-06.jsonl", "iso-open-data", "2026-06-01", "--committee", "ISO/TC 999")
    assert result.returncode == 2 and "names no body of the graph" in result.stderr
