"""Atom feeds of lifecycle events: valid RFC 4287 documents (read back with feedparser), carrying every
event of the status records, scoped to a committee, a standard or a category, linked from the pages."""

import feedparser
import pytest

pytestmark = pytest.mark.slow

ID = "https://w3id.org/aistd-kg/id/"
PREFIXES = "PREFIX aistd: <https://w3id.org/aistd-kg/ontology#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n"


def read(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.data[:300]
    assert response.content_type.startswith("application/atom+xml")
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def assert_rfc4287(feed):
    """The elements RFC 4287 requires: feed id, title, updated, author; each entry's id, title, updated, link."""
    assert feed.feed.id and feed.feed.title and feed.feed.updated and feed.feed.author
    for entry in feed.entries:
        assert entry.id and entry.title and entry.updated
        assert any(link.get("rel", "alternate") == "alternate" for link in entry.links)


def test_the_catalogue_feed_carries_every_status_record(client, kg):
    feed = read(client, "/feeds/catalogue.atom")
    assert_rfc4287(feed)
    entries = {entry.id for entry in feed.entries}
    records = {str(row.record) for row in kg.query(PREFIXES + """
        SELECT ?record WHERE { ?record a aistd:StatusRecord ; aistd:statusOf/dcterms:identifier ?identifier }""")}
    assert records and records <= entries
    adoptions = {str(row.adoption) for row in kg.query(PREFIXES + """
        SELECT ?adoption WHERE {
          ?adoption a aistd:Adoption ; aistd:adoptingDeliverable ?deliverable .
          ?deliverable dcterms:identifier ?identifier .
          { ?adoption dcterms:date ?date } UNION { ?deliverable dcterms:issued ?date } }""")}
    assert adoptions and adoptions <= entries
    dates = [entry.updated_parsed for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_a_committee_feed_holds_the_events_of_its_groups_standards(client, kg):
    feed = read(client, "/feeds/committee/iso-iec-jtc1-sc42.atom")
    assert_rfc4287(feed)
    assert "ISO/IEC JTC 1/SC 42" in feed.feed.title
    items = {link.href for entry in feed.entries for link in entry.links if link.get("rel", "alternate") == "alternate"}
    assert f"{ID}standard/iso-iec-42001-2023" in items
    assert all(href.startswith(f"{ID}standard/iso-iec") for href in items)


def test_a_standard_feed_shows_its_adoptions_and_a_chinese_title(client):
    feed = read(client, "/feeds/standard/iso-iec-42001-2023.atom?lang=zh")  # BSI's adoption is dated 2024-01
    assert_rfc4287(feed)
    assert "生命周期事件" in feed.feed.title
    kinds = {tag.term for entry in feed.entries for tag in entry.get("tags", [])}
    assert "adoption" in kinds


def test_an_unknown_feed_is_a_404(client):
    assert client.get("/feeds/standard/no-such-standard.atom").status_code == 404
    assert client.get("/feeds/planet/mars.atom").status_code == 404


def test_pages_link_their_feed(client):
    page = client.get("/id/standard/iso-iec-42001-2023", headers={"Accept": "text/html"}, follow_redirects=True).get_data(as_text=True)
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert "/feeds/standard/iso-iec-42001-2023.atom" in page
    home = client.get("/", headers={"Accept": "text/html"}, follow_redirects=True).get_data(as_text=True)
    assert "/feeds/catalogue.atom" in home
