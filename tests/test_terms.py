"""Terms and titles: how 安全 is translated, official English titles, and the kind of every
document's English title (data/README.md: 'Translating 安全', 'English titles of documents').

- Category labels of the Chinese standard systems, and the tasks named after them, render
  安全 as *security*, except where it names harm to people in an application field (listed
  below), which is *safety*.
- Titles of frameworks and standard systems render 安全 as *safety*.
- Every document says whether its English title is official, a translation or a name this
  project gives; an official English title (of a standard or a document) cites the page
  that shows it.
"""

import re

import pytest
import rdflib
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

AISTD = rdflib.Namespace("https://w3id.org/aistd-kg/ontology#")
VOCAB = rdflib.Namespace("https://w3id.org/aistd-kg/vocab/")
ID = "https://w3id.org/aistd-kg/id/"
CHINESE_SYSTEMS = [URIRef(ID + "framework/" + slug) for slug in (
    "shanghai-ngai-system-2021", "jiangsu-ai-guide-2025-draft", "cn-ngai-guide-2020",
    "cn-ai-industry-guide-draft", "cn-ai-industry-guide-2024")]
# 安全 in the sense of harm to people in an application field: safety.
SAFETY_TERMS = {"公共安全": "public safety", "安全阈值": "safety threshold", "功能安全": "functional safety"}


def label(graph, node, lang, predicate=RDFS.label):
    return next((str(o) for o in graph.objects(node, predicate) if o.language == lang), None)


def safety_term(zh: str) -> str | None:
    return next((term for term in SAFETY_TERMS if term in zh), None)


def test_anquan_in_category_labels_is_security(kg):
    checked, wrong = 0, []
    for scheme in CHINESE_SYSTEMS:
        for category in kg.subjects(SKOS.inScheme, scheme):
            zh, en = label(kg, category, "zh", SKOS.prefLabel), label(kg, category, "en", SKOS.prefLabel)
            if "安全" not in zh:
                continue
            checked += 1
            term = safety_term(zh)
            if term and SAFETY_TERMS[term] not in en.lower():
                wrong.append(f"{category}: {zh} / {en} (expected {SAFETY_TERMS[term]!r})")
            elif not term and (not re.search(r"[Ss]ecur", en) or re.search(r"[Ss]afe", en)):
                wrong.append(f"{category}: {zh} / {en} (expected 'security')")
    assert checked >= 20
    assert not wrong, "\n".join(wrong)


def test_anquan_in_task_labels_is_security(kg):
    wrong = []
    for task in kg.subjects(RDF.type, AISTD.Task):
        zh, en = label(kg, task, "zh"), label(kg, task, "en")
        if "安全" in zh and not safety_term(zh) and not re.search(r"[Ss]ecur", en):
            wrong.append(f"{task}: {zh} / {en}")
    assert not wrong, "\n".join(wrong)


def test_anquan_in_framework_titles_is_safety(kg):
    checked, wrong = 0, []
    frameworks = set(kg.subjects(RDF.type, AISTD.Framework)) | set(kg.subjects(RDF.type, AISTD.FrameworkSeries))
    documents = {d for f in frameworks for d in kg.objects(f, AISTD.describedIn)}
    for node in frameworks | documents:
        for predicate in (SKOS.prefLabel, RDFS.label):
            zh, en = label(kg, node, "zh", predicate), label(kg, node, "en", predicate)
            if zh and "安全" in zh and ("框架" in zh or "体系" in zh):
                checked += 1
                if "Safety" not in en:
                    wrong.append(f"{node}: {zh} / {en}")
    assert checked >= 4
    assert not wrong, "\n".join(wrong)


def test_every_document_says_what_its_english_title_is(kg):
    kinds = set(kg.subjects(SKOS.inScheme, VOCAB.TitleKinds))
    assert {VOCAB[f"title-{kind}"] for kind in ("official", "translation", "descriptive")} <= kinds
    documents = set(kg.subjects(RDF.type, AISTD.Document))
    missing = sorted(str(d) for d in documents if kg.value(d, AISTD.englishTitleKind) not in kinds)
    assert len(documents) >= 240 and not missing, "\n".join(missing)


def _title_key(text: str) -> str:
    """Letters and digits only, case-folded, without a trailing parenthetical qualifier such as "(EU)"."""
    return re.sub(r"[\W_]+", "", re.sub(r"\s*\([^()]*\)\s*$", "", text).casefold())


def test_an_official_document_title_is_shown_by_a_cited_page(kg):
    """data/README.md: official only when a cited page (its quote or its title) shows the document's English title."""
    unshown = []
    for document in sorted(set(kg.subjects(AISTD.englishTitleKind, VOCAB["title-official"]))):
        if (document, RDF.type, AISTD.Document) not in kg:
            continue
        label = next(str(text) for text in kg.objects(document, RDFS.label) if text.language == "en")
        shown = [re.sub(r"[\W_]+", "", str(text).casefold()) for citation in kg.objects(document, AISTD.citation)
                 for prop in (AISTD.quote, AISTD.pageTitle) for text in kg.objects(citation, prop)]
        if not any(_title_key(label) in text for text in shown):
            unshown.append(f"{document}: {label}")
    assert not unshown, "\n".join(unshown)


OFFICIAL_TITLES = {
    "ieee-7000-2021": "IEEE Standard Model Process for Addressing Ethical Concerns during System Design",
    "ieee-7003-2024": "IEEE Standard for Algorithmic Bias Considerations",
    "ieee-7010-2020": "IEEE Recommended Practice for Assessing the Impact of Autonomous and Intelligent Systems on Human Well-Being",
    "itu-t-y-3172": "Architectural framework for machine learning in future networks including IMT-2020",
    "itu-t-y-4472": "Open data application programming interface (APIs) for IoT data in smart cities and communities",
}


@pytest.mark.parametrize("slug", sorted(OFFICIAL_TITLES))
def test_official_english_titles(kg, slug):
    standard = URIRef(ID + "standard/" + slug)
    assert label(kg, standard, "en") == OFFICIAL_TITLES[slug]
    assert kg.value(standard, AISTD.englishTitleKind) == VOCAB["title-official"]
    pages = [c for c in kg.objects(standard, AISTD.citation)
             if RDFS.label in set(kg.objects(c, AISTD.citesFor)) and kg.value(c, AISTD.sourcePage) is not None]
    assert pages, f"{slug}: no citation of a page for the official title"


def test_ieee_7003_dates_say_which_is_which(kg):
    standard = URIRef(ID + "standard/ieee-7003-2024")
    assert [str(d) for d in kg.objects(standard, URIRef("http://purl.org/dc/terms/issued"))] == ["2025-01-24"]


@pytest.mark.parametrize("slug", ["ieee-7010-2020", "itu-t-y-3172", "itu-t-y-4472"])
def test_the_reports_titles_are_kept_as_claims(kg, seeds_dir, slug):
    """The WIC report's own title is a claim on the title, contradicted, whose value the report prints."""
    report = re.sub(r"\s+", "", (sorted(seeds_dir.glob("002_*.txt"))[0]).read_text(encoding="utf-8"))
    standard = URIRef(ID + "standard/" + slug)
    title = URIRef("http://purl.org/dc/terms/title")
    claims = [c for c in kg.subjects(AISTD.claimSubject, standard) if kg.value(c, AISTD.claimProperty) == title]
    assert len(claims) == 1
    claim = claims[0]
    assert kg.value(claim, AISTD.claimProperty) == URIRef("http://purl.org/dc/terms/title")
    assert kg.value(claim, AISTD.assessment) == VOCAB["claim-contradicted"]
    value = str(kg.value(claim, AISTD.claimedValue))
    assert f"《{value}》" in report
    # The Chinese label stays the report's words (Chinese labels are the source's words); the
    # official title, translated, is the Chinese alternative label.
    assert label(kg, standard, "zh") == value
    assert label(kg, standard, "zh", SKOS.altLabel) not in (None, value)


def test_awkward_renderings_are_gone(kg):
    shanghai, jiangsu = ID + "category/shanghai-ngai-system-2021-", ID + "category/jiangsu-ai-guide-2025-draft-"
    assert label(kg, URIRef(shanghai + "r47"), "en", SKOS.prefLabel) != "Print-pattern recognition"
    assert label(kg, URIRef(shanghai + "r116"), "en", SKOS.prefLabel) != "Regulated application"
    assert label(kg, URIRef(jiangsu + "f-1"), "en", SKOS.prefLabel).startswith("Standards for")
