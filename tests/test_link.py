"""`aistd-kg link`: registry dumps in their real formats matched against the graph (linking/registries.py)."""

import csv
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from server_fixtures.seed import write_seed_build

from aistd_kg.cli import main
from aistd_kg.linking.registries import propose, read_registry
from aistd_kg.linking.search_index import SearchIndex

REGISTRIES = Path(__file__).parent / "fixtures" / "registries"
ISO_EXPECTED = [
    ("standard/iso-iec-42001-2023", "900000001", "https://www.iso.org/standard/900000001.html", "1.000", "identifier",
     'reference "ISO/IEC 42001:2023" ~ identifier: identifier "ISO/IEC 42001:2023"', "new"),
    ("standard/iso-iec-tr-24028-2020", "900000002", "https://www.iso.org/standard/900000002.html", "1.000", "identifier",
     'reference "ISO/IEC TR 24028:2020" ~ identifier: identifier "ISO/IEC TR 24028:2020"', "new"),
    ("standard/iso-iec-23894-2023", "900000003", "https://www.iso.org/standard/900000003.html", "0.900", "title",
     'title.en "Information technology — Artificial intelligence — Guidance on risk management" ~ label: label@en '
     '"Information technology — Artificial intelligence — Guidance on risk management"', "new"),
]
EXPECTED = {
    "iso_deliverables_metadata.jsonl": ("iso-open-data", ISO_EXPECTED),
    "iso_deliverables_metadata.csv": ("iso-open-data", ISO_EXPECTED),
    "wikidata-entities.json": ("wikidata-json", [
        ("standard/iso-iec-42001-2023", "Q9000000001", "http://www.wikidata.org/entity/Q9000000001", "1.000", "identifier",
         'claim P9000000001 "ISO/IEC 42001:2023" ~ identifier: identifier "ISO/IEC 42001:2023"', "new"),
        ("body/tc28", "Q9000000002", "http://www.wikidata.org/entity/Q9000000002", "0.900", "title",
         'label "National Information Technology Standardization Technical Committee (SAC/TC 28)" ~ label: label@en '
         '"National Information Technology Standardization Technical Committee (SAC/TC 28)"', "new"),
    ]),
    "gb-standards.csv": ("csv", [
        ("standard/gb-t-45288-1-2025", "GB/T 45288.1-2025", "https://registry.example/gb/FIXTURE-1", "1.000", "identifier",
         '标准号 "GB/T 45288.1-2025" ~ identifier: identifier "GB/T 45288.1-2025"', "new"),
        ("standard/gb-45438-2025", "GB 45438—2025", "https://registry.example/gb/FIXTURE-2", "1.000", "identifier",
         '标准号 "GB 45438—2025" ~ identifier: identifier "GB 45438-2025"', "new"),
        ("standard/cn-genai-service-security-basic-requirements", "GB/T FIXTURE-3", "https://registry.example/gb/FIXTURE-3",
         "0.900", "title", '标准名称 "生成式人工智能服务安全基本要求" ~ label: label@zh "生成式人工智能服务安全基本要求"', "new"),
    ]),
}


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("link") / "build"
    write_seed_build(folder)
    return folder


def run_link(build_dir: Path, *arguments: str):
    return CliRunner().invoke(main, ["link", "--build-dir", str(build_dir), *arguments])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_proposals_from_each_registry_format(build_dir, tmp_path, name):
    kind, expected = EXPECTED[name]
    output = tmp_path / "proposals.tsv"
    result = run_link(build_dir, "--registry", str(REGISTRIES / name), "--kind", kind, "-o", str(output))
    assert result.exit_code == 0, result.output
    with open(output, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, dialect="excel-tab"))
    assert [(row["entity"].removeprefix("https://w3id.org/aistd-kg/id/"), row["record_id"], row["record_url"],
             row["score"], row["matched"], row["evidence"], row["status"]) for row in rows] == expected
    assert f"{len(expected)} proposal(s)" in result.output


def test_csv_output_and_standard_output(build_dir, tmp_path):
    output = tmp_path / "proposals.csv"
    assert run_link(build_dir, "--registry", str(REGISTRIES / "gb-standards.csv"), "--kind", "csv", "-o", str(output)).exit_code == 0
    assert output.read_text(encoding="utf-8").splitlines()[0] == \
        "entity,entity_label,record_id,record_url,record_label,score,matched,evidence,status"
    printed = run_link(build_dir, "--registry", str(REGISTRIES / "gb-standards.csv"), "--kind", "csv")
    assert printed.stdout.splitlines()[0].split("\t")[:3] == ["entity", "entity_label", "record_id"]


GRAPH = """
@prefix aistd: <https://w3id.org/aistd-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix std: <https://w3id.org/aistd-kg/id/standard/> .
<https://w3id.org/aistd-kg/graph/test> {
  std:a a aistd:StandardizationItem ; rdfs:label "Fixture A"@en ; dcterms:identifier "ISO/IEC 42001:2023" ;
      aistd:registryLink [ aistd:linkTarget <https://www.iso.org/standard/900000001.html> ] .
  std:b a aistd:StandardizationItem ; rdfs:label "Fixture B"@en ; dcterms:identifier "ISO/IEC TR 24028:2020" .
  std:c a aistd:StandardizationItem ; rdfs:label "Fixture C"@en ; dcterms:identifier "ISO/IEC TR 24028:2020" .
}
"""


def test_status_linked_and_ambiguous():
    store = pyoxigraph.Store()
    store.load(GRAPH.encode("utf-8"), format=pyoxigraph.RdfFormat.TRIG)
    records = read_registry(REGISTRIES / "iso_deliverables_metadata.jsonl", "iso-open-data")
    proposals = [(p.entity.iri.rsplit("/", 1)[-1], p.record.id, p.status)
                 for p in propose(store, SearchIndex.of_store(store), records, "iso-open-data")]
    assert proposals == [("a", "900000001", "linked"), ("b", "900000002", "ambiguous"), ("c", "900000002", "ambiguous")]


@pytest.mark.parametrize("name, kind, content, message", [
    ("bad.jsonl", "iso-open-data", '{"id": 1, "reference": "ISO 1:2000"}\n{"id": 2, "reference": \n',
     "bad.jsonl: line 2: not JSON"),
    ("bad.jsonl", "iso-open-data", '{"id": "ISO-1", "reference": "ISO 1:2000"}\n',
     "bad.jsonl: line 1: 'id' must be the ISO catalogue number (digits), not 'ISO-1'"),
    ("bad.csv", "iso-open-data", "id,deliverableType,title.en\n1,IS,Title\n",
     "bad.csv: line 1: missing column(s) reference (found: id, deliverableType, title.en)"),
    ("bad.csv", "iso-open-data", "id,reference,title.en\n1,ISO 1:2000,Title\n2,,Title\n",
     "bad.csv: line 3: 'reference' (the designation) is missing or empty"),
    ("bad.json", "wikidata-json", '[\n{"id":"Q1","labels":{}},\n{"id":"X2","labels":{}}\n]\n',
     "bad.json: line 3: 'id' must be a Wikidata id such as Q42, not 'X2'"),
    ("bad.json", "wikidata-json", '[\n{"id":"Q1","labels":[]}\n]\n',
     "bad.json: line 2 (Q1): 'labels', 'aliases' and 'claims' must be objects"),
    ("bad.json", "wikidata-json", '{"entities": [1]}', "bad.json: an entity data file needs an 'entities' object"),
    ("gb.csv", "csv", "标准号,标准名称\nGB/T 1-2000,一\n,二\n", "gb.csv: line 3: 标准号 (the designation) is empty"),
    ("gb.csv", "csv", "编号,名称\n1,一\n", "gb.csv: line 1: missing column(s) 标准号, 标准名称 (found: 编号, 名称)"),
])
def test_malformed_dumps_are_refused_naming_the_line(build_dir, tmp_path, name, kind, content, message):
    dump, output = tmp_path / name, tmp_path / "proposals.tsv"
    dump.write_text(content, encoding="utf-8")
    result = run_link(build_dir, "--registry", str(dump), "--kind", kind, "-o", str(output))
    assert result.exit_code == 2 and f"error: {dump.parent}/{message}" in result.output
    assert not output.exists()


def test_entity_data_file_is_read(tmp_path):
    dump = tmp_path / "Q1.json"
    dump.write_text('{"entities": {"Q1": {"id": "Q1", "labels": {"zh-hans": {"language": "zh-hans", "value": "人工智能管理体系"}}}}}',
                    encoding="utf-8")
    [record] = read_registry(dump, "wikidata-json")
    assert (record.id, record.url, record.titles) == ("Q1", "http://www.wikidata.org/entity/Q1",
                                                      (("label", "zh-hans", "人工智能管理体系"),))


def test_proposals_are_never_written_into_the_data(build_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    result = run_link(build_dir, "--registry", str(REGISTRIES / "gb-standards.csv"), "--kind", "csv",
                      "-o", "data/links.tsv")
    assert result.exit_code == 2 and "proposals are never written into" in result.output
    assert list((tmp_path / "data").iterdir()) == []
