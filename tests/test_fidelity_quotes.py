"""Every aistd:quote in data/ occurs verbatim in the source document it cites.

A quote is compared with the seed text of its aistd:citedDocument (found through
aistd:seedFile) with all whitespace removed on both sides, so line wraps, page breaks and
the spaces the PDF extraction inserts do not matter, but every other character does: no
ellipsis, no paraphrase, no joining of text that the source separates. Citations of
documents outside the seed set (the ISO catalogue, NIST AI 100-1 and the other documents
recorded for identifiers and official titles) cannot be checked here; they must be
declared as such (an aistd:sourceNote starting "External document").
"""

import re
from pathlib import Path

import pytest
import rdflib

REPO = Path(__file__).resolve().parents[1]
AISTD = rdflib.Namespace("https://w3id.org/aistd-kg/ontology#")
FILES = sorted(p.name for p in (REPO / "data").glob("*.ttl"))


def bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def union():
    graph = rdflib.Graph()
    for name in FILES:
        graph.parse(REPO / "data" / name)
    return graph


@pytest.fixture(scope="module")
def seed_texts(seeds_dir, union):
    texts = {}
    for document, seed_file in union.subject_objects(AISTD.seedFile):
        path = seeds_dir / str(seed_file)
        if path.is_file():
            texts[document] = bare(path.read_text(encoding="utf-8"))
    if not texts:
        pytest.skip(f"no seed file named in data/ is in {seeds_dir}")
    return texts


def quotes(file_name: str):
    graph = rdflib.Graph().parse(REPO / "data" / file_name)
    for node, citation in graph.subject_objects(AISTD.citation):
        quote = graph.value(citation, AISTD.quote)
        if quote is not None:
            yield node, graph.value(citation, AISTD.citedDocument), graph.value(citation, AISTD.locator), str(quote)


@pytest.mark.parametrize("file_name", FILES)
def test_quotes_are_verbatim(file_name, seed_texts, union):
    missing, undeclared = [], set()
    for node, document, locator, quote in quotes(file_name):
        if document not in seed_texts:
            notes = [str(n) for n in union.objects(document, AISTD.sourceNote)]
            if not any(n.startswith("External document") for n in notes):
                undeclared.add(str(document))
        elif bare(quote) not in seed_texts[document]:
            missing.append(f"{node} [{locator}]: {quote[:80]}")
    assert not undeclared, f"quotes cite documents that are neither seeds nor declared external: {sorted(undeclared)}"
    assert not missing, f"{len(missing)} quotes not found verbatim in their source:\n" + "\n".join(missing)


def test_most_facts_are_quoted(seed_texts):
    checked = sum(1 for name in FILES for _, document, _, _ in quotes(name) if document in seed_texts)
    assert checked > 1000
