"""Spreadsheet intake: the template round-trips real frameworks, and every kind of bad row is named, with nothing written.

Round trips export the Shanghai and Jiangsu frameworks from data/ to CSV and to XLSX, read
them back, and compare the graph with the triples the template carries (template_subgraph).
The other tests import into a small project (the real ontology and shapes, and the data of
tests/fixtures/intake/base.ttl), from the fixture sheets there: valid.* and one broken
sheet per kind of error.
"""

import datetime
import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from aistd_kg.build.loading import Layout, load_dataset
from aistd_kg.cli import main
from aistd_kg.intake import naming, sheets
from aistd_kg.intake.exporting import ExportError, export_template, template_rows, template_subgraph
from aistd_kg.intake.importing import Builder, ImportRefused, import_template
from aistd_kg.intake.sheets import TemplateFileError, read_tables, write_tables
from aistd_kg.intake.template import render_markdown
from aistd_kg.namespaces import AISTD

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "intake"
VALID = {table: FIXTURES / f"valid.{table}.csv" for table in ("framework", "categories", "standards")}
FRAMEWORK = "test-guide-2025"


def test_docs_are_the_rendered_template():
    assert (REPO / "docs" / "templates.md").read_text(encoding="utf-8") == render_markdown(), \
        "docs/templates.md is stale: run `aistd-kg template docs > docs/templates.md`"


# --- round trips on the real data ---------------------------------------------------------

@pytest.fixture(scope="module")
def data():
    layout = Layout(REPO)
    return load_dataset(layout.ontology_files + layout.data_files)


@pytest.mark.parametrize("framework, categories, standards", [
    ("shanghai-ngai-system-2021", 148, 0),
    ("jiangsu-ai-guide-2025-draft", 86, 76),
    ("cn-ai-industry-guide-2024", 7, 0),  # its own row is cited only for its edition status
])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_gives_back_what_the_template_carries(tmp_path, data, framework, categories, standards, suffix):
    iri = naming.iri("framework", framework)
    files = write_tables(template_rows(data, iri), tmp_path / f"{framework}{suffix}")
    read = Builder(framework, data, lambda rows, label: rows)
    read.build(read_tables(files))
    assert read.problems == []
    carried = template_subgraph(data, iri)
    assert len(set(carried.subjects(RDF.type, AISTD.Category))) == categories
    assert len(set(carried.subjects(RDF.type, AISTD.PlannedStandard))) == standards
    nodes = set(carried.subjects())
    for field in (SKOS.altLabel, SKOS.notation, SKOS.scopeNote, SKOS.broader, AISTD.notationInferred, AISTD.rowNumber,
                  AISTD.position, AISTD.urgency, AISTD.urgencyNotStated, AISTD.listNumber, AISTD.classifiedUnder):
        in_data = [t for node in nodes for t in data.triples((node, field, None))]
        assert len(list(carried.triples((None, field, None)))) == len(in_data), field
    assert isomorphic(read.graph, carried)


def test_export_refuses_what_the_template_cannot_hold(project):
    with open(project / "data" / "base.ttl", "a", encoding="utf-8") as handle:
        handle.write(OUTSIDER)
    with pytest.raises(ExportError, match="category/elsewhere: its IRI is not category/outsider-<key>"):
        export_template(project, "outsider", project / "outsider.csv")


OUTSIDER = """
<https://w3id.org/aistd-kg/id/framework/outsider> a aistd:StandardSystemGuide ;
    <http://www.w3.org/2004/02/skos/core#prefLabel> "外"@zh , "Outsider"@en ;
    aistd:citation [ a aistd:Citation ; aistd:citedDocument doc:test-guide ; aistd:locator "cover" ] .
<https://w3id.org/aistd-kg/id/category/elsewhere> a aistd:Category ;
    <http://www.w3.org/2004/02/skos/core#inScheme> <https://w3id.org/aistd-kg/id/framework/outsider> .
"""


# --- imports into a small project ---------------------------------------------------------

@pytest.fixture
def project(tmp_path):
    shutil.copytree(REPO / "ontology", tmp_path / "ontology")
    (tmp_path / "data").mkdir()
    shutil.copy(FIXTURES / "base.ttl", tmp_path / "data" / "base.ttl")
    return tmp_path


def test_a_valid_template_is_written_as_turtle(project):
    result = import_template(project, list(VALID.values()), FRAMEWORK)
    assert result.problems == [] and result.violations == []
    assert result.written == project / "data" / f"{FRAMEWORK}.ttl"
    graph = Graph().parse(result.written)
    assert len(set(graph.subjects(RDF.type, AISTD.Category))) == 3
    assert len(set(graph.subjects(RDF.type, AISTD.PlannedStandard))) == 2
    record = naming.iri("relation", "gb-t-45288-1-2025-in-force-since-2025-02-28")
    assert str(graph.value(record, AISTD.statusSince)) == "2025-02-28"
    assert {str(n) for n in graph.objects(naming.iri("category", f"{FRAMEWORK}-b"), AISTD.sourceNote)} == {
        "Named 安全治理 in the preface.", "The code is printed in 四 only."}


BROKEN = {
    "unknown-parent.categories": ["sheet categories, row 3, column parent: unknown parent 'x': "
                                  "no category of this framework has that key"],
    "duplicate-key.categories": ["sheet categories, row 5, column key: duplicate key 'aa': row 3 has it too"],
    "duplicate-code.categories": ["sheet categories, row 4, column code: duplicate code 'A': row 2 has it too"],
    "missing-english-name.categories": ["sheet categories, row 3, column name_en: missing English name"],
    "missing-chinese-name.categories": ["sheet categories, row 3, column name_zh: missing Chinese name"],
    "bad-level.categories": ["sheet categories, row 3, column level: level 3 does not fit under parent 'a' of "
                             "level 1: a category is one level below its parent"],
    "parent-of-top-level.categories": ["sheet categories, row 4, column parent: a level-1 category has no parent, "
                                       "but 'a' is given"],
    "missing-source.categories": ["sheet categories, row 2, column source: missing source"],
    "unknown-document.categories": ["sheet categories, row 3, column document: unknown cited document "
                                    "'no-such-guide': data/ defines no Document doc:no-such-guide"],
    "bad-date.standards": ["sheet standards, row 4, column issued: bad date '2025-02-30': write YYYY, YYYY-MM or "
                           "YYYY-MM-DD, as precise as the source"],
    "bad-urgency.standards": ["sheet standards, row 2, column urgency: bad urgency '★★★★★': write 1 to 4, as a "
                              "number or as stars (★★★)"],
    "unknown-status.standards": ["sheet standards, row 3, column status: unknown status 'rumoured': write one of "
                                 "planned, under development, published, in force, withdrawn"],
    "unknown-category.standards": ["sheet standards, row 2, column category: unknown category 'zz': "
                                   "no category of this framework has that key"],
}


def with_broken(case: str) -> list[Path]:
    table = case.split(".")[1]
    return [FIXTURES / f"{case}.csv" if name == table else path for name, path in VALID.items()]


def test_every_broken_fixture_is_tested():
    assert {p.name.removesuffix(".csv") for p in FIXTURES.glob("*.csv") if not p.name.startswith("valid.")} == {
        *BROKEN, "malformed-identifier.standards"}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_sheet_is_named_by_sheet_row_and_column_and_nothing_is_written(project, case):
    result = import_template(project, with_broken(case), FRAMEWORK)
    assert [str(problem) for problem in result.problems] == BROKEN[case]
    assert result.written is None and not (project / "data" / f"{FRAMEWORK}.ttl").exists()


def test_a_shape_violation_is_named_by_sheet_and_row_and_nothing_is_written(project):
    result = import_template(project, with_broken("malformed-identifier.standards"), FRAMEWORK)
    assert result.problems == []
    assert len(result.violations) == 1
    assert result.violations[0].startswith("sheet standards, row 4: data/test-guide-2025.ttl: ")
    assert "identifier is not well formed for its kind" in result.violations[0]
    assert result.written is None and not (project / "data" / f"{FRAMEWORK}.ttl").exists()


def test_an_existing_file_is_replaced_only_when_asked(project):
    out = project / "data" / f"{FRAMEWORK}.ttl"
    out.write_text("# an older import, with a label the new sheet changes\n"
                   "<https://w3id.org/aistd-kg/id/category/test-guide-2025-a> "
                   "<http://www.w3.org/2004/02/skos/core#prefLabel> \"旧名\"@zh .\n", encoding="utf-8")
    before = out.read_bytes()
    with pytest.raises(ImportRefused, match="exists: give --replace"):
        import_template(project, list(VALID.values()), FRAMEWORK)
    assert out.read_bytes() == before
    result = import_template(project, list(VALID.values()), FRAMEWORK, replace=True)
    assert result.violations == [] and result.written == out  # the old file is left out of the validation
    assert "旧名" not in out.read_text(encoding="utf-8")


def test_a_file_that_is_not_a_template_is_refused():
    with pytest.raises(TemplateFileError, match="a template is a .csv or .xlsx file"):
        read_tables([REPO / "README.md"])


def test_unknown_columns_and_tables_are_refused(tmp_path):
    path = tmp_path / "x.categories.csv"
    path.write_text("key,level,name_zh,name_en,colour,document,source\n", encoding="utf-8")
    with pytest.raises(TemplateFileError, match="unknown column 'colour'"):
        read_tables([path])
    path = tmp_path / "x.people.csv"
    path.write_text("key\n", encoding="utf-8")
    with pytest.raises(TemplateFileError, match="table one of framework, categories, standards"):
        read_tables([path])


def test_xlsx_cells_typed_by_a_spreadsheet_are_read_as_written(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "standards"
    sheet.append(["key", "kind", "list_number", "name_zh", "name_en", "issued", "document", "source"])
    sheet.append(["1", "planned", 7.0, "名", "Name", datetime.datetime(2025, 2, 28), "test-guide", "row 1"])
    workbook.save(tmp_path / "t.xlsx")
    row = read_tables([tmp_path / "t.xlsx"])["standards"].rows[0]
    assert (row.number, row.cells["list_number"], row.cells["issued"]) == (2, "7", "2025-02-28")


# --- limits: no file takes the machine's memory or time ------------------------------------

STANDARDS_HEADER = "key,kind,list_number,name_zh,name_en,issued,document,source\n"


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(sheets.MAX_UNPACKED_BYTES // 2**20 + 1):
                member.write(b"\0" * 2**20)
    assert bomb.stat().st_size < 1024 * 1024
    started = time.monotonic()
    with pytest.raises(TemplateFileError, match=r"bomb.xlsx: its parts unpack to 210,763,776 bytes, more than the 200 MiB"):
        read_tables([bomb])
    assert time.monotonic() - started < 1


def test_a_table_of_a_million_rows_is_refused_at_the_row_past_the_limit(tmp_path):
    path = tmp_path / "x.standards.csv"
    path.write_text(STANDARDS_HEADER + "1,planned,1,名,Name,2025-01-01,test-guide,row 1\n" * 1_000_000, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(TemplateFileError, match="larger than 20 MiB, the most a template may be"):
        read_tables([path])
    assert time.monotonic() - started < 2
    path.write_text(STANDARDS_HEADER + "1,planned,1,名,Name,2025-01-01,test-guide,row 1\n" * 20_001, encoding="utf-8")
    with pytest.raises(TemplateFileError, match="x.standards.csv: more than 20,000 rows, the most a table may have"):
        read_tables([path])


def test_a_file_over_the_size_limit_and_a_cell_over_the_cell_limit_are_refused(tmp_path):
    path = tmp_path / "x.standards.csv"
    path.write_text(STANDARDS_HEADER + "1,planned,1,名," + "N" * (sheets.MAX_FILE_BYTES + 1) + "\n", encoding="utf-8")
    with pytest.raises(TemplateFileError, match="larger than 20 MiB, the most a template may be"):
        read_tables([path])
    path.write_text(STANDARDS_HEADER + "1,planned,1,名," + "N" * 100_000 + ",,test-guide,row 1\n", encoding="utf-8")
    with pytest.raises(TemplateFileError, match="x.standards.csv, row 2, column 5: 100,000 characters, more than the "
                                                "32,767 a cell may hold"):
        read_tables([path])
    path.write_text(STANDARDS_HEADER + "1,planned,1,名," + "N" * 10_000_000 + ",,test-guide,row 1\n", encoding="utf-8")
    with pytest.raises(TemplateFileError, match=r"x.standards.csv, line 2: not readable as CSV \(field larger than field "
                                                r"limit \(131072\)\)"):
        read_tables([path])


def test_a_formula_cell_is_reported_as_a_formula(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "standards"
    sheet.append(["key", "kind", "list_number", "name_zh", "name_en", "issued", "document", "source"])
    sheet.append(["1", "planned", "=A2+1", "名", "Name", "2025-02-28", "test-guide", "row 1"])
    workbook.save(tmp_path / "t.xlsx")
    with pytest.raises(TemplateFileError, match=r"t.xlsx, sheet standards, row 2, column C: a formula \(=A2\+1\); type "
                                                "its value instead"):
        read_tables([tmp_path / "t.xlsx"])


# --- the command line ----------------------------------------------------------------------

def run(project, monkeypatch, *args):
    monkeypatch.chdir(project)
    return CliRunner().invoke(main, list(map(str, args)))


def test_cli_import_writes_and_shows_progress(project, monkeypatch):
    result = run(project, monkeypatch, "import", *VALID.values(), "--framework", f"fw:{FRAMEWORK}", "--progress")
    assert result.exit_code == 0, result.output
    assert "checking categories" in result.stderr
    assert result.stdout == f"imported 100 triples -> {project / 'data' / f'{FRAMEWORK}.ttl'}\n"


def test_cli_import_lists_every_problem_and_exits_1(project, monkeypatch):
    result = run(project, monkeypatch, "import", *with_broken("bad-level.categories"), "--framework", FRAMEWORK)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [*BROKEN["bad-level.categories"],
                                          "import refused: 1 problem(s); nothing was written"]


def test_cli_import_exits_2_on_an_unreadable_file_or_an_existing_output(project, monkeypatch):
    assert run(project, monkeypatch, "import", "missing.categories.csv", "--framework", FRAMEWORK).exit_code == 2
    (project / "data" / f"{FRAMEWORK}.ttl").write_text("", encoding="utf-8")
    result = run(project, monkeypatch, "import", *VALID.values(), "--framework", FRAMEWORK)
    assert result.exit_code == 2 and "give --replace" in result.stderr


def test_cli_template_export_writes_one_csv_per_table(project, monkeypatch):
    assert run(project, monkeypatch, "import", *VALID.values(), "--framework", FRAMEWORK).exit_code == 0
    result = run(project, monkeypatch, "template", "export", "--framework", FRAMEWORK, "-o", "out.csv")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in project.glob("out.*.csv")) == ["out.categories.csv", "out.framework.csv",
                                                                "out.standards.csv"]
