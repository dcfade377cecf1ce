"""The command line, run as a real process on a small project folder: build, refuse, stats, export."""

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

REPO = Path(__file__).resolve().parents[1]
CLI = Path(sys.executable).parent / "aistd-kg"
BASE = Path(__file__).parent / "shape_cases" / "_base.ttl"


@pytest.fixture
def project(tmp_path):
    """A project folder with the real ontology and a small valid data file."""
    shutil.copytree(REPO / "ontology", tmp_path / "ontology")
    (tmp_path / "data").mkdir()
    shutil.copy(BASE, tmp_path / "data" / "base.ttl")
    return tmp_path


def aistd(project, *args):
    return subprocess.run([str(CLI), *args], cwd=project, capture_output=True, text=True, timeout=300)


def test_build_writes_the_artifact_with_a_named_graph_per_file(project):
    done = aistd(project, "build")
    assert done.returncode == 0, done.stderr
    dataset = Dataset()
    dataset.parse(project / "build" / "aistd-kg.trig", format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert "https://w3id.org/aistd-kg/graph/base" in names
    assert "https://w3id.org/aistd-kg/graph/aistd" in names
    assert "https://w3id.org/aistd-kg/graph/derived" in names


def test_malformed_turtle_names_file_and_line_and_writes_nothing(project):
    (project / "data" / "broken.ttl").write_text(
        '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "no end .\n', encoding="utf-8")
    done = aistd(project, "build")
    assert done.returncode == 2
    assert "broken.ttl:3" in done.stderr
    assert "newline found in string literal" in done.stderr
    assert not (project / "build").exists()


def test_invalid_data_is_listed_readably_and_keeps_the_old_artifact(project):
    assert aistd(project, "build").returncode == 0
    artifact = project / "build" / "aistd-kg.trig"
    before = artifact.read_bytes()
    shutil.copy(Path(__file__).parent / "shape_cases" / "missing-english-label.ttl", project / "data" / "bad.ttl")
    done = aistd(project, "build")
    assert done.returncode == 1
    assert "violation: data/bad.ttl: t:x [rdfs:label]: needs exactly one English label (rdfs:label with @en)" in done.stderr
    assert "build refused: 1 violation(s); nothing was written" in done.stderr
    assert artifact.read_bytes() == before
    assert not list((project / "build").glob("*.tmp"))


def test_logically_inconsistent_data_is_refused(project):
    (project / "data" / "clash.ttl").write_text(
        "@prefix aistd: <https://w3id.org/aistd-kg/ontology#> .\n"
        "<https://w3id.org/aistd-kg/id/test/fw> a aistd:Category .\n", encoding="utf-8")
    done = aistd(project, "build")
    assert done.returncode == 1
    assert "logically inconsistent" in done.stderr or "violation" in done.stderr
    assert not (project / "build").exists()


def test_commands_need_a_build_first(project):
    done = aistd(project, "stats")
    assert done.returncode != 0
    assert "run 'aistd-kg build' first" in done.stderr


def test_stats_reports_counts(project):
    aistd(project, "build")
    done = aistd(project, "stats")
    assert done.returncode == 0, done.stderr
    assert "  Framework\n      L1: 1, L2: 1; planned: 1; targets: 0" in done.stdout
    assert "StandardSystemGuide" in done.stdout


@pytest.mark.parametrize("fmt,parser", [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt"), ("xml", "xml")])
def test_export_round_trips(project, fmt, parser):
    aistd(project, "build")
    out = project / f"export.{fmt}"
    done = aistd(project, "export", "--format", fmt, "-o", str(out))
    assert done.returncode == 0, done.stderr
    exported = Graph().parse(out, format=parser)
    built = Dataset(default_union=True)
    built.parse(project / "build" / "aistd-kg.trig", format="trig")
    union = Graph()
    for triple in built.triples((None, None, None)):
        union.add(triple)
    assert isomorphic(exported, union)


def test_a_query_answer_is_written_for_a_spreadsheet(project):
    shutil.copytree(REPO / "queries", project / "queries")
    aistd(project, "build")
    framework = "framework=https://w3id.org/aistd-kg/id/test/fw"
    for name in ("coverage.xlsx", "coverage.csv"):
        done = aistd(project, "query", "coverage-of-framework", "-p", framework, "-o", str(project / name))
        assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(project / "coverage.xlsx").active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert sheet.title == "coverage-of-framework" and rows[0][:2] == ["category", "level"]
    assert [(row[5], row[8], row[10]) for row in rows[1:]] == [("A", 1, "planned, nothing published"),
                                                               ("AA", 1, "planned, nothing published")]
    text = (project / "coverage.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeffcategory,level,") and text.count("planned, nothing published") == 2
    refused = aistd(project, "query", "coverage-of-framework", "-o", str(project / "coverage.ods"))
    assert refused.returncode == 2 and "write a table as .csv or .xlsx" in refused.stderr


def test_a_query_file_without_a_title_is_an_input_error_not_a_traceback(project):
    aistd(project, "build")
    (project / "untitled.rq").write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1\n", encoding="utf-8")
    done = aistd(project, "query", "untitled.rq")
    assert done.returncode == 2
    assert done.stderr.strip() == "error: untitled.rq: the header has no '# title:' line"
