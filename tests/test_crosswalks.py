"""Crosswalks (data/crosswalks.ttl): every mapping and responsibility link is justified, scored,
authored and dated; source-stated ones quote a real section of their source; judgement ones cite
the places where the compared categories are stated; the SSSOM and CSV exports are valid.
"""

import csv
import io
import re
from itertools import combinations

import pytest
from rdflib import RDF, RDFS, XSD, URIRef

from aistd_kg.build.artifact import write_artifact
from aistd_kg.cli import main
from aistd_kg.namespaces import AISTD, ID
from aistd_kg.publish import crosswalk as crosswalk_export

SKOS = "http://www.w3.org/2004/02/skos/core#"
SEMAPV = "https://w3id.org/semapv/vocab/"
JUSTIFICATIONS = {URIRef(SEMAPV + t) for t in ("ManualMappingCuration", "LexicalMatching", "MappingChaining")}
DCTERMS = "http://purl.org/dc/terms/"
FRAMEWORKS = ["cn-ai-industry-guide-draft", "cn-ai-industry-guide-2024", "cn-ngai-guide-2020",
              "shanghai-ngai-system-2021", "jiangsu-ai-guide-2025-draft"]
NIST = "nist-ai-rmf-1-0"
ENDS = {AISTD.Mapping: (AISTD.mappingSubject, AISTD.mappingObject),
        AISTD.Responsibility: (AISTD.responsibleBody, AISTD.coveredCategory)}


def cat(local):
    return URIRef(f"{ID}category/{local}")


@pytest.fixture(scope="module")
def relations(kg):
    """Every mapping and responsibility link, with the two nodes it links."""
    found = {}
    for cls, (left, right) in ENDS.items():
        for node in set(kg.subjects(RDF.type, cls)):
            found[node] = (kg.value(node, left), kg.value(node, right))
    return found


def citations(kg, node):
    return [(kg.value(c, AISTD.citedDocument), str(kg.value(c, AISTD.locator)), kg.value(c, AISTD.quote))
            for c in kg.objects(node, AISTD.citation)]


def squash(text):
    return re.sub(r"\s+", "", str(text))


def scheme_slug(kg, category):
    return str(kg.value(category, URIRef(SKOS + "inScheme"))).rsplit("/", 1)[-1]


def test_every_pair_of_frameworks_is_mapped(kg, relations):
    pairs = {frozenset((scheme_slug(kg, s), scheme_slug(kg, o)))
             for node, (s, o) in relations.items() if (node, RDF.type, AISTD.Mapping) in kg}
    for a, b in combinations(FRAMEWORKS, 2):
        assert frozenset((a, b)) in pairs, (a, b)
    for a in ("cn-ai-industry-guide-draft", "shanghai-ngai-system-2021", "jiangsu-ai-guide-2025-draft"):
        assert frozenset((a, NIST)) in pairs, a


def test_every_link_is_justified_scored_authored_and_dated(kg, relations):
    assert len(relations) > 250
    for node in relations:
        assert kg.value(node, AISTD.mappingJustification) in JUSTIFICATIONS, node
        confidence = kg.value(node, AISTD.confidence)
        assert confidence.datatype == XSD.decimal and 0 < confidence.toPython() <= 1, node
        creator = kg.value(node, URIRef(DCTERMS + "creator"))
        assert isinstance(creator, URIRef) and kg.value(creator, RDFS.label), node
        assert kg.value(node, URIRef(DCTERMS + "date")).datatype == XSD.date, node
        stated = any(quote for _, _, quote in citations(kg, node))
        rationale = [c for c in kg.objects(node, RDFS.comment) if c.language == "en"]
        assert stated or rationale, f"{node}: a judgement needs its rationale in rdfs:comment @en"


def test_source_stated_links_quote_a_real_section(kg, relations, seeds_dir):
    """A quote occurs in the cited source text, after each Chinese heading its locator names."""
    checked = 0
    for node in relations:
        for document, locator, quote in citations(kg, node):
            if not quote:
                continue
            text = squash((seeds_dir / str(kg.value(document, AISTD.seedFile))).read_text(encoding="utf-8"))
            at = text.find(squash(quote))
            assert at >= 0, f"{node}: quote not in {document}"
            headings = [part for part in locator.split(", ") if not re.search(r"[A-Za-z]", part)]
            for heading in headings:
                assert squash(heading) in text[:at], f"{node}: '{heading}' is not a section before the quote"
            checked += 1
    assert checked >= 9


def test_judgement_evidence_locates_the_linked_categories(kg, relations):
    """Unquoted citations point where the linked nodes (or their exact matches) are stated."""
    exact = URIRef(SKOS + "exactMatch")
    for node, ends in relations.items():
        nearby = set(ends)
        for end in ends:
            nearby |= set(kg.objects(end, exact)) | set(kg.subjects(exact, end))
        allowed = {(d, loc) for n in nearby for d, loc, _ in citations(kg, n)}
        for document, locator, quote in citations(kg, node):
            if not quote:
                assert (document, locator) in allowed, f"{node}: {locator} locates neither linked node"


def test_knowledge_graph_and_trustworthiness_groups_cover_their_categories(kg):
    covers = AISTD.responsibleFor  # derived by the build from the responsibility links
    group = URIRef(f"{ID}body/tc28-sc42-knowledge-graph")
    for local in ("cn-ai-industry-guide-draft-3-2", "shanghai-ngai-system-2021-r34", "jiangsu-ai-guide-2025-draft-cb"):
        assert (group, covers, cat(local)) in kg
    assert (URIRef(f"{ID}body/iso-iec-jtc1-sc42-wg3"), covers, cat("cn-ai-industry-guide-draft-6-2")) in kg


def test_sssom_export_validates(kg, tmp_path):
    pytest.importorskip("sssom")
    from sssom.constants import SchemaValidationType
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    path = tmp_path / "crosswalks.sssom.tsv"
    path.write_bytes(crosswalk_export.sssom_tsv(kg))
    mapping_set = parse_sssom_table(path)
    validate(mapping_set, [SchemaValidationType.JsonSchema, SchemaValidationType.PrefixMapCompleteness,
                           SchemaValidationType.StrictCurieFormat], fail_on_error=True)
    assert mapping_set.metadata["mapping_set_id"] == crosswalk_export.MAPPING_SET_ID
    assert mapping_set.metadata["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert len(mapping_set.df) == len(set(kg.subjects(RDF.type, AISTD.Mapping)))
    row = mapping_set.df[(mapping_set.df.subject_id == "cat:jiangsu-ai-guide-2025-draft-cb")
                         & (mapping_set.df.object_id == "cat:cn-ai-industry-guide-draft-3-2")].iloc[0]
    assert (row.predicate_id, row.mapping_justification, row.confidence) == ("skos:exactMatch", "semapv:ManualMappingCuration", 0.9)


def csv_rows(data: bytes):
    return {row["mapping"]: row for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}


def test_csv_export_has_the_known_rows(kg):
    rows = csv_rows(crosswalk_export.crosswalk_csv(kg))
    assert len(rows) == len(set(kg.subjects(RDF.type, AISTD.Mapping)))
    kg_row = rows["rel:jiangsu-ai-guide-2025-draft-cb-exact-match-cn-ai-industry-guide-draft-3-2"]
    assert (kg_row["subject_code"], kg_row["subject_label_zh"], kg_row["object_label_en"]) == (
        "CB", "知识图谱标准", "Knowledge graph standards")
    assert (kg_row["predicate"], kg_row["justification"], kg_row["confidence"], kg_row["stated_by"]) == (
        "skos:exactMatch", "semapv:ManualMappingCuration", "0.9", "")
    assert "doc:jiangsu-guide-draft, 五、（三）2" in kg_row["evidence"]
    stated = rows["rel:shanghai-ngai-system-2021-l1-1-exact-match-cn-ngai-guide-2020-1"]
    assert stated["stated_by"] == "doc:shanghai-notice, annex, 一、编制说明, paragraph 3"
    assert stated["quote"].startswith("大类与国家《建设指南》保持一致")
    assert rows["rel:shanghai-ngai-system-2021-r34-close-match-cn-ai-industry-guide-draft-3-2"]["confidence"] == "0.85"
    same_name = rows["rel:jiangsu-ai-guide-2025-draft-hb-1-related-match-shanghai-ngai-system-2021-r108"]
    assert (same_name["subject_label_zh"], same_name["object_label_zh"], same_name["predicate"]) == (
        "基础安全", "基础安全", "skos:relatedMatch")


def test_cli_exports_sssom_and_csv(built, tmp_path, runner):
    write_artifact(built.dataset, tmp_path)
    for fmt, marker in (("sssom", "# mapping_set_id: "), ("csv", "\ufeffmapping,subject_framework,")):
        out = tmp_path / f"crosswalks.{fmt}"
        done = runner.invoke(main, ["export", "--build-dir", str(tmp_path), "--format", fmt, "-o", str(out)])
        assert done.exit_code == 0, done.output
        assert out.read_text(encoding="utf-8").startswith(marker)

