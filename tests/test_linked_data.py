"""Linked data: dereferenceable IRIs over a real socket, the JSON-LD context, compacted and framed exports.

One server on the project's own data (loaded and derived, not validated: validation has its
own tests), started with the gunicorn harness.
"""

import json

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
