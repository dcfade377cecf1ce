"""Linked data: dereferenceable IRIs over a real socket, the JSON-LD context, compacted and framed exports.

One server on the project's own data (loaded and derived, not validated: validation has its
own tests), started with the gunicorn harness.
"""

import html
import json
import re

import pytest
from pyld import jsonld as pyld
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from server_fixtures.harness import REPO

from aistd_kg.build.derive import apply_rules
from aistd_kg.build.loading import Layout, load_dataset, union_graph
from aistd_kg.namespaces import ID
from aistd_kg.publish.export import serialize

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
BODY = "/id/body/tc28-sc42"
CATEGORY = "/id/category/cn-ai-industry-guide-draft-3-2"
FRAMEWORK = ID["framework/cn-ai-industry-guide-draft"]


@pytest.fixture(scope="module")
def dataset():
    layout = Layout(REPO)
    loaded = load_dataset(layout.ontology_files + layout.data_files)
    apply_rules(loaded, layout.rules_dir)
    return loaded


@pytest.fixture(scope="module")
def graph(dataset):
    return union_graph(dataset)


@pytest.fixture(scope="module")
def server(app_server):
    return app_server


def get(server, path, accept=None):
    return server.request("GET", path, headers={"Accept": accept} if accept else {})


def test_iri_redirects_303_by_accept(server):
    for accept, extension in ((BROWSER, "html"), ("text/turtle", "ttl"), ("application/ld+json", "jsonld"),
                              ("application/n-triples", "nt"), ("application/rdf+xml", "rdf"), (None, "ttl")):
        reply = get(server, BODY, accept)
        assert reply.status == 303, accept
        assert reply.headers["location"].endswith(f"{BODY}.{extension}")
        assert "Accept" in reply.headers["vary"]


def test_html_page_has_labels_properties_sources_and_incoming_links(server):
    reply = get(server, CATEGORY + ".html?lang=zh")
    assert reply.status == 200 and reply.media_type == "text/html"
    page = reply.text
    assert "知识图谱标准" in page and "Knowledge graph standards" in page  # both labels
    assert 'href="/id/category/cn-ai-industry-guide-draft-3"' in page  # broader, linked by its page
    assert "关键技术标准" in page  # ... and shown by its label
    sources = page.split('id="sources"')[1].split('id="incoming"')[0]
    assert "四、（三）2" in sources and "规范知识图谱的描述" in sources  # locator and quote
    assert 'href="/id/document/' in sources  # the cited document
    assert 'href="/id/relation/' in page.split('id="incoming"')[1]  # mappings pointing here


STANDARD = "/id/standard/iso-iec-42001-2023"
NATIONAL_GUIDE = "Guidelines for the Construction of the National Comprehensive Standardization System for the AI Industry"
NATIONAL_GUIDE_2024, NATIONAL_GUIDE_DRAFT = f"{NATIONAL_GUIDE} (2024 edition)", f"{NATIONAL_GUIDE} (draft for comment)"
TC28_SC42_GROUPS = ["算法与模型", "自动驾驶", "芯片与系统", "计算机视觉", "金融应用", "基础", "人形机器人", "智能计算", "知识图谱",
                    "医疗应用", "开源", "石油石化应用", "电力应用", "产品与服务", "科学智算", "智慧家庭", "可信赖"]
RAW = re.compile(r"@zh|@en|\b(?:rdfs?|owl|skos|prov|foaf|dcterms|org|aistd):[A-Za-z]|https?://(?:www\.w3\.org|purl\.org|xmlns\.com)"
                 r"|ontology#")


def text_of(markup: str) -> str:
    """The text markup shows, tags dropped, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def summary(page: str) -> dict[str, list[str]]:
    """The facts of a record's summary: {label: [the text of each value]}."""
    block = page.split('<dl class="summary">')[1].split("</dl>")[0]
    return {text_of(label): [text_of(value) for value in re.findall(r"<li>(.*?)</li>", values, re.S)]
            for label, values in re.findall(r"<dt>(.*?)</dt>\s*<dd><ul>(.*?)</ul></dd>", block, re.S)}


def shown_outside_sources(page: str) -> str:
    """The text of a page's main part, without its scripts and its sources (collapsed, quoting the sources' words)."""
    main = page.split('<main id="main">')[1]
    main = re.sub(r'<details class="sources".*?</details>', " ", main, flags=re.S)
    return text_of(re.sub(r"<script.*?</script>", " ", main, flags=re.S))


def test_a_standards_page_reads_as_a_record(server):
    page = get(server, STANDARD + ".html?lang=en").text
    title = "Information technology — Artificial intelligence — Management system"
    assert f"<title>ISO/IEC 42001:2023 {title} — Standard — aistd-kg</title>" in page
    assert text_of(page.split("<h1>")[1].split("</h1>")[0]) == f"Standard ISO/IEC 42001:2023 {title}"
    assert summary(page) == {
        "Status": ["published · since 2023-12-18"],
        "Committee": ["ISO/IEC JTC 1/SC 42 Artificial intelligence"],
        "Publisher": ["International Electrotechnical Commission (IEC)", "International Organization for Standardization (ISO)"],
        "Issued": ["2023"],
        "Adoption chain": ["BS ISO/IEC 42001:2023 · adopts · ISO/IEC 42001:2023 · British Standards Institution (BSI) · 2024-01"],
        "Framework categories": [f"Basic and common ({NATIONAL_GUIDE_2024})", f"Management standards ({NATIONAL_GUIDE_DRAFT})"],
    }
    shown = shown_outside_sources(page)
    assert [text_of(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page)] == [
        "Summary", "Identity", "Status and dates", "Organisation", "Relations", "Classification", "Links to this"]
    assert "responsible committee ISO/IEC JTC 1/SC 42 Artificial intelligence" in shown  # the property by its label
    assert "Status records (1) ISO/IEC 42001:2023 published since 2023-12-18" in shown  # a link to it, read backwards
    assert not RAW.findall(shown)
    sources = page.split('<details class="sources" id="sources">')[1].split("</details>")[0]
    assert text_of(sources).startswith("Sources (15) derived from")
    assert "web page https://www.iso.org/standard/81230.html" in text_of(sources)
    for extension in ("ttl", "jsonld"):
        assert f'href="{STANDARD}.{extension}"' in page


def test_a_standards_page_in_chinese(server):
    page = get(server, STANDARD + ".html?lang=zh").text
    facts = summary(page)
    assert list(facts) == ["状态", "归口单位", "发布机构", "发布日期", "采标链", "归属类目"]
    assert facts["状态"] == ["已发布 · 自 2023-12-18"]
    assert facts["采标链"] == ["BS ISO/IEC 42001:2023 · 采用 · ISO/IEC 42001:2023 · 英国标准协会（BSI） · 2024-01"]
    assert facts["归属类目"] == ["基础共性 (国家人工智能产业综合标准化体系建设指南（2024版）)",
                             "管理标准 (国家人工智能产业综合标准化体系建设指南（征求意见稿）)"]
    assert not RAW.findall(shown_outside_sources(page))


def test_a_bodys_page_gives_its_parent_groups_counterpart_and_secretariat(server):
    page = get(server, BODY + ".html?lang=zh").text
    heading = text_of(page.split("<h1>")[1].split("</h1>")[0])
    assert heading == "分技术委员会 SAC/TC 28/SC 42 全国信息技术标准化技术委员会人工智能分技术委员会"
    assert summary(page) == {"上级组织": ["全国信息技术标准化技术委员会"], "下设组": TC28_SC42_GROUPS,
                             "对口机构": ["ISO/IEC JTC 1/SC 42 人工智能分委会"], "秘书处": ["中国电子技术标准化研究院"],
                             "管辖范围": ["中国"]}
    shown = shown_outside_sources(page)
    assert "下设组织 (17) " + " ".join(TC28_SC42_GROUPS) in shown  # the 17 links to it, one group
    assert not RAW.findall(shown)
    english = get(server, BODY + ".html?lang=en").text
    assert summary(english)["Counterparts"] == ["ISO/IEC JTC 1/SC 42 Artificial intelligence"]
    assert "Groups and units under it (17)" in shown_outside_sources(english)


def test_a_categorys_page_gives_its_framework_and_path(server):
    page = get(server, CATEGORY + ".html?lang=en").text
    assert summary(page) == {"Framework": [NATIONAL_GUIDE_DRAFT], "Path": [f"Key technology standards ({NATIONAL_GUIDE_DRAFT})"]}


@pytest.mark.parametrize("extension, accept, fmt", [("ttl", None, "turtle"), ("nt", None, "nt"),
                                                   ("rdf", None, "xml"), ("jsonld", None, "json-ld")])
def test_documents_by_extension_describe_the_entity(server, graph, extension, accept, fmt):
    reply = get(server, f"{BODY}.{extension}", accept)
    assert reply.status == 200
    described = Graph().parse(data=reply.body, format=fmt)
    assert isomorphic(described, description(graph, URIRef(ID["body/tc28-sc42"])))


def description(graph, subject):
    """The subject's triples and those of the blank nodes reached from it (the server's description)."""
    described, todo = Graph(), [subject]
    while todo:
        for triple in graph.triples((todo.pop(), None, None)):
            described.add(triple)
            if isinstance(triple[2], BNode):
                todo.append(triple[2])
    return described


def test_jsonld_document_is_compacted_with_the_context(server):
    reply = get(server, BODY + ".jsonld")
    assert reply.media_type == "application/ld+json"
    node = next(n for n in reply.json["@graph"] if n.get("id", "").endswith("body/tc28-sc42"))
    assert set(node["label"]) == {"zh", "en"}
    assert node["citation"] and "citedDocument" in (node["citation"] if isinstance(node["citation"], dict)
                                                    else node["citation"][0])


def test_unknown_iri_gives_404_with_near_matches(server):
    page = get(server, "/id/body/tc28-sc4", BROWSER)
    assert page.status == 404 and page.media_type == "text/html"
    assert 'href="/id/body/tc28-sc42"' in page.text
    data = get(server, "/id/body/tc28-sc4.ttl", "text/turtle")
    assert data.status == 404 and "https://w3id.org/aistd-kg/id/body/tc28-sc42" in data.json["suggestions"]


def test_ontology_vocabulary_and_graph_iris(server):
    assert get(server, "/ontology", BROWSER).headers["location"].endswith("/ontology.html")
    page = get(server, "/ontology.html").text
    assert 'id="Category"' in page and "类目" in page and 'id="citedDocument"' in page  # hash IRIs land on anchors
    ontology = Graph().parse(data=get(server, "/ontology.ttl").body, format="turtle")
    assert (URIRef("https://w3id.org/aistd-kg/ontology"), None, None) in ontology
    assert get(server, "/vocab/type-international", BROWSER).status == 303
    assert get(server, "/vocab/type-international.html").status == 200
    assert get(server, "/graph/core.nt").status == 200


def test_the_ontologys_import_the_shapes_and_the_named_queries_dereference(server):
    ontology = Graph().parse(data=get(server, "/ontology.ttl").body, format="turtle")
    imported = ontology.value(URIRef("https://w3id.org/aistd-kg/ontology"), OWL.imports)
    assert str(imported) == "https://w3id.org/aistd-kg/graph/external"
    external = Graph().parse(data=get(server, "/graph/external.ttl").body, format="turtle")
    assert (URIRef("http://www.w3.org/2004/02/skos/core#Concept"), RDF.type, OWL.Class) in external
    assert get(server, "/shapes", BROWSER).headers["location"].endswith("/shapes.html")
    assert 'id="Standard_Shape"' in get(server, "/shapes.html").text
    shapes = Graph().parse(data=get(server, "/shapes.ttl").body, format="turtle")
    assert (URIRef("https://w3id.org/aistd-kg/shapes#Standard_Shape"), RDF.type, SH.NodeShape) in shapes
    assert get(server, "/id/query/bodies-founders", BROWSER).status == 303
    query = Graph().parse(data=get(server, "/id/query/bodies-founders.ttl").body, format="turtle")
    node = URIRef("https://w3id.org/aistd-kg/id/query/bodies-founders")
    assert "SELECT ?founder ?name WHERE" in str(query.value(node, SH.select))
    assert {str(label) for label in query.objects(node, RDFS.label)} == {"Founders of a body", "机构的发起方"}


def test_context_is_served(server):
    reply = get(server, "/context.jsonld")
    assert reply.status == 200 and reply.media_type == "application/ld+json"
    assert reply.json == json.loads((REPO / "ontology" / "context.jsonld").read_text(encoding="utf-8"))


def test_export_expands_to_the_same_graph(dataset, graph):
    document = json.loads(serialize(dataset, "jsonld", REPO))
    node = next(n for n in document["@graph"] if n.get("id") == str(ID["body/tc28-sc42"]))
    assert set(node["label"]) == {"zh", "en"} and "type" in node
    back = Graph().parse(data=pyld.to_rdf(pyld.expand(document), {"format": "application/n-quads"}), format="nt")
    # Isomorphism, checked in parts (rdflib's whole-graph check does not finish on 27k triples with
    # thousands of look-alike citations): the same number of triples, the same triples without blank
    # nodes, and for every named subject an isomorphic description (itself and the blank nodes under it).
    assert len(back) == len(graph)
    ground = lambda g: {t for t in g if not any(isinstance(n, BNode) for n in t)}  # noqa: E731
    assert ground(back) == ground(graph)
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
    assert all(isomorphic(description(back, s), description(graph, s)) for s in subjects)
    assert sum(1 for s in back.subjects(unique=True) if isinstance(s, BNode)) == \
        sum(1 for s in graph.subjects(unique=True) if isinstance(s, BNode))


def test_framed_framework_is_a_nested_tree(dataset, graph):
    document = json.loads(serialize(dataset, "jsonld", REPO, frame="framework"))
    root = next(n for n in document["@graph"] if n["id"] == str(FRAMEWORK))
    seen = []

    def walk(node, depth):
        assert isinstance(node, dict) and node["prefLabel"], node
        seen.append((node["id"], depth))
        for child in node.get("narrower", []):
            walk(child, depth + 1)

    for top in root["hasTopConcept"]:
        walk(top, 1)
    categories = {str(c) for c in graph.subjects(SKOS.inScheme, FRAMEWORK)}
    assert sorted(i for i, _ in seen) == sorted(categories)  # every category once, nothing else
    assert max(depth for _, depth in seen) >= 2
