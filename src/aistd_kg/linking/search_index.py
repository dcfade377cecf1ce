"""A label and identifier search index of the graph's entities, in SQLite (FTS5 trigram).

Built from a pyoxigraph store (``build``) into ``search.sqlite`` inside the store's folder
when the store is published (store/local.py), so it is replaced together with the store;
the server opens it read-only. Indexed: every IRI under ``https://w3id.org/aistd-kg/id/``
with a label, with its ``rdfs:label`` / ``skos:prefLabel`` / ``skos:altLabel`` (zh, en),
``dcterms:identifier``, ``skos:notation``, types (``rdf:type``, superclasses included for
filtering) and the links reconciliation compares (committee, publisher, parent body,
framework); and the ontology's classes with their labels and direct superclasses.

Candidates come from three lookups, then every candidate is scored by matching.Query:

- ``keys``: exact comparison keys of identifiers (designation, undated, base, number),
  codes and titles, in a B-tree, also scanned by range for parts of a series
  ("GB/T 45288" → "GB/T 45288.1-2025") and titles that start with the query;
- ``texts``: an FTS5 table with the trigram tokenizer, for substrings of three characters
  or more (zh substrings, en words); its rows are stored shortest text first, so the first
  rows a query meets are those it covers best. A text with digits is also held compact
  (letters and digits only: "SAC/TC 28/SC 42" as "sactc28sc42"), and a query is also
  looked up compact, so "SC42", "sc-42" and "SC 42" find the same committees;
- queries of one or two characters, which trigrams cannot find: ``grams`` holds every
  character and pair of adjacent characters of the texts with CJK characters, ordered by
  the length of the text, so "人" or "智能" are a B-tree lookup; other short queries ("5g")
  scan the SHORT_SCAN shortest texts with LIKE.

Each lookup stops after max(CANDIDATES, 4 × limit) entities; ``every_match`` reads them all, for a
true total and the counts by type.
"""

import json
import sqlite3
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph
from rdflib.namespace import DCTERMS, ORG, OWL, RDF, RDFS, SKOS

from ..files import replacing
from ..namespaces import AISTD, DERIVED_GRAPH, ID
from ..prefixes import expand
from .matching import Match, Query, best, designations, has_cjk, identifier_key, search_text, title_key, title_keys

FILE = "search.sqlite"
FORMAT = "2"  # the tables below and what they hold; a store whose index has another format is loaded again when published
CANDIDATES = 60
SHORT_SCAN = 20_000
ENTITY_SPACE = str(ID)
TEXT_FIELDS = {str(RDFS.label): "label", str(SKOS.prefLabel): "label", str(SKOS.altLabel): "altLabel",
               str(DCTERMS.identifier): "identifier", str(SKOS.notation): "code"}
LINKS = {"committee": AISTD.responsibleCommittee, "publisher": DCTERMS.publisher,
         "partOf": ORG.subOrganizationOf, "framework": SKOS.inScheme}
SCHEMA = """
CREATE TABLE entities (id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, types TEXT NOT NULL,
    label_zh TEXT, label_en TEXT, identifier TEXT, code TEXT, texts TEXT NOT NULL);
CREATE TABLE entity_types (type TEXT NOT NULL, entity INTEGER NOT NULL, PRIMARY KEY (type, entity)) WITHOUT ROWID;
CREATE TABLE keys (key TEXT NOT NULL, entity INTEGER NOT NULL, PRIMARY KEY (key, entity)) WITHOUT ROWID;
CREATE TABLE grams (gram TEXT NOT NULL, length INTEGER NOT NULL, entity INTEGER NOT NULL,
    PRIMARY KEY (gram, length, entity)) WITHOUT ROWID;
CREATE TABLE links (entity INTEGER NOT NULL, property TEXT NOT NULL, target TEXT NOT NULL);
CREATE INDEX links_lookup ON links (entity, property);
CREATE TABLE classes (iri TEXT PRIMARY KEY, label_zh TEXT, label_en TEXT, broader TEXT NOT NULL);
CREATE VIRTUAL TABLE texts USING fts5(text, entity UNINDEXED, tokenize = 'trigram');
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
SORTED = {"entity_types": "type, entity", "keys": "key, entity", "grams": "gram, length, entity"}  # see _fill


@dataclass(frozen=True)
class Entity:
    """What the index knows of an entity."""

    iri: str
    types: tuple[str, ...]
    labels: dict
    identifier: str | None
    code: str | None
    texts: tuple[tuple[str, str | None, str], ...]

    def score(self, query: Query, fields: tuple[str, ...] = ("identifier", "code", "label", "altLabel")) -> Match | None:
        """The best match of the query with the entity's texts of those fields."""
        return best(query.compare(field, value, lang) for field, lang, value in self.texts if field in fields)

    def name(self, lang: str | None = None) -> str:
        """The label in lang, else in en, else in zh, else the IRI."""
        return self.labels.get(lang) or self.labels.get("en") or self.labels.get("zh") or self.iri


@dataclass(frozen=True)
class Hit:
    """An entity found by a search, and how it matched."""

    entity: Entity
    match: Match


@dataclass(frozen=True)
class OntologyClass:
    """A class of the ontology: its labels and direct superclasses."""

    iri: str
    labels: dict
    broader: tuple[str, ...]

    @property
    def local_name(self) -> str:
        return self.iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def name(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.local_name


def build(store: pyoxigraph.Store, path: Path) -> int:
    """Write the index of the store to path atomically; return the number of entities indexed."""
    with replacing(path, ".search-") as temporary, closing(sqlite3.connect(temporary)) as connection:
        # no journal: a failure leaves only the temporary file, which is removed
        connection.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;")
        return _fill(connection, store)


class StaleIndex(Exception):
    """An index file of another format than this version reads."""


def is_current(path: Path) -> bool:
    """Whether path is an index of the format this version reads."""
    try:
        SearchIndex.open(path).close()
    except (FileNotFoundError, StaleIndex):
        return False
    return True


class SearchIndex:
    """Search the entities of one index file (read-only) or of a store (in memory)."""

    def __init__(self, connection: sqlite3.Connection):
        self.db = connection

    @classmethod
    def open(cls, path: Path) -> "SearchIndex":
        """Open a built index read-only; it never changes after it is published.

        :raises FileNotFoundError: there is no index at path.
        :raises StaleIndex: the index has another format.
        """
        if not path.is_file():
            raise FileNotFoundError(path)
        connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        try:
            found = connection.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.DatabaseError:
            found = None
        if found != (FORMAT,):
            connection.close()
            raise StaleIndex(f"{path}: search index format {found[0] if found else 'unknown'}, not {FORMAT}")
        return cls(connection)

    @classmethod
    def of_store(cls, store: pyoxigraph.Store) -> "SearchIndex":
        """Index a store in memory."""
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        _fill(connection, store)
        return cls(connection)

    def close(self) -> None:
        self.db.close()

    def search(self, text: str, types: tuple[str, ...] = (), limit: int = 10) -> list[Hit]:
        """Entities that match text best, of any of the types (class IRIs) when given."""
        return self._hits(Query(text), types, max(CANDIDATES, 4 * limit))[:limit]

    def every_match(self, text: str, types: tuple[str, ...] = ()) -> list[Hit]:
        """Every entity that matches text, of any of the types when given, best first: for totals and pages."""
        return self._hits(Query(text), types, -1)

    def _hits(self, query: Query, types: tuple[str, ...], depth: int) -> list[Hit]:
        """The candidates of each lookup (at most depth of each; -1: all) that match, best first."""
        entities = self._entities(self._candidates(query, types, depth))
        hits = [Hit(entity, match) for entity in entities if (match := entity.score(query))]
        hits.sort(key=lambda hit: (-hit.match.score, len(hit.match.value), hit.entity.iri))
        return hits

    def entity(self, iri: str) -> Entity | None:
        """The entity with that IRI, or None when it is not indexed."""
        row = self.db.execute(f"SELECT {ENTITY_COLUMNS} FROM entities WHERE iri = ?", (iri,)).fetchone()
        return _entity(row) if row else None

    def links(self, iri: str, prop: str) -> list[str]:
        """IRIs the entity links to by one of the LINKS properties (by its short name)."""
        rows = self.db.execute("SELECT l.target FROM links l JOIN entities e ON e.id = l.entity "
                               "WHERE e.iri = ? AND l.property = ? ORDER BY l.target", (iri, prop))
        return [target for (target,) in rows]

    @cached_property
    def classes(self) -> dict[str, OntologyClass]:
        """The ontology's classes by IRI."""
        rows = self.db.execute("SELECT iri, label_zh, label_en, broader FROM classes ORDER BY iri")
        return {iri: OntologyClass(iri, _labels(zh, en), tuple(json.loads(broader))) for iri, zh, en, broader in rows}

    def resolve_type(self, name: str) -> str | None:
        """The class IRI for a class IRI, a prefixed name (aistd:Standard) or a local name (Standard: aistd's first)."""
        expanded = expand(name)
        if expanded in self.classes:
            return expanded
        found = sorted((not iri.startswith(str(AISTD)), iri) for iri, known in self.classes.items()
                       if known.local_name == name)
        return found[0][1] if found else None

    def _candidates(self, query: Query, types: tuple[str, ...], depth: int) -> list[int]:
        """Ids of entities that may match: by exact and range key lookups, then by substring."""
        restrict, values = "", ()
        if types:
            # a correlated lookup per candidate row: an IN (subquery) would first list every instance of the types
            restrict = (" AND EXISTS (SELECT 1 FROM entity_types AS kind WHERE kind.entity = c.entity "
                        f"AND kind.type IN ({','.join('?' * len(types))}))")
            values = tuple(types)
        found: dict[int, None] = {}

        def collect(sql: str, *parameters) -> None:
            sql = sql.format(restrict=restrict, depth=depth, scan=SHORT_SCAN)
            for (entity,) in self.db.execute(sql, (*parameters, *values)):
                found.setdefault(entity)

        exact = [f"i:{form}" for d in query.designations for form in {d.key, d.undated, d.base, d.number} if form]
        exact += [f"c:{query.code_key}", f"t:{query.key}"]
        collect(f"SELECT entity FROM keys AS c WHERE key IN ({','.join('?' * len(exact))}){{restrict}} LIMIT {{depth}}",
                *exact)
        for designation in query.designations:  # parts of a series: the key followed by '-' or '.'
            for series in {designation.base, designation.number if designation.is_number else None} - {None}:
                collect("SELECT entity FROM keys AS c WHERE key >= ? AND key < ?{restrict} LIMIT {depth}",
                        f"i:{series}-", f"i:{series}/")
        if query.key:
            collect("SELECT entity FROM keys AS c WHERE key > ? AND key < ?{restrict} LIMIT {depth}",
                    f"t:{query.key}", f"t:{query.key}\U0010ffff")
        text = query.search
        words = [word for word in text.split() if len(word) >= 3]
        if words or len(text) >= 3:
            phrase = " ".join(_quoted(word) for word in words) if words else _quoted(text)
            collect("SELECT entity FROM texts AS c WHERE c.text MATCH ?{restrict} ORDER BY rowid LIMIT {depth}", phrase)
        if query.key != text and len(query.key) >= 3 and any(character.isdigit() for character in query.key):
            collect("SELECT entity FROM texts AS c WHERE c.text MATCH ?{restrict} ORDER BY rowid LIMIT {depth}",
                    _quoted(query.key))
        elif has_cjk(text):
            collect("SELECT entity FROM grams AS c WHERE gram = ?{restrict} ORDER BY length LIMIT {depth}", text)
        elif text:
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            collect("SELECT entity FROM texts AS c WHERE c.rowid <= {scan} AND c.text LIKE ? ESCAPE '\\'{restrict} "
                    "ORDER BY rowid LIMIT {depth}", pattern)
        return list(found)

    def _entities(self, ids: list[int]) -> list[Entity]:
        """The entities with those ids (in chunks that SQLite's parameter limit allows)."""
        rows = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows += self.db.execute(
                f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        return [_entity(row) for row in rows]


ENTITY_COLUMNS = "iri, types, label_zh, label_en, identifier, code, texts"


def _quoted(text: str) -> str:
    """A string of an FTS5 query (with the trigram tokenizer: a substring)."""
    return '"' + text.replace('"', '""') + '"'


def _entity(row) -> Entity:
    iri, types, zh, en, identifier, code, texts = row
    return Entity(iri, tuple(json.loads(types)), _labels(zh, en), identifier, code,
                  tuple(tuple(text) for text in json.loads(texts)))


def _labels(zh: str | None, en: str | None) -> dict:
    return {lang: text for lang, text in (("zh", zh), ("en", en)) if text}


def _fill(connection: sqlite3.Connection, store: pyoxigraph.Store) -> int:
    """Read the store's entities, classes and links and write the index tables."""
    texts: dict[str, set] = defaultdict(set)
    for predicate, field in TEXT_FIELDS.items():
        for quad in store.quads_for_pattern(None, pyoxigraph.NamedNode(predicate), None, None):
            subject, value = quad.subject, quad.object
            if isinstance(subject, pyoxigraph.NamedNode) and subject.value.startswith(ENTITY_SPACE) \
                    and isinstance(value, pyoxigraph.Literal):
                texts[subject.value].add((field, value.language, value.value))
    entities = sorted(iri for iri, values in texts.items() if any(field == "label" for field, _, _ in values))
    ids = {iri: number for number, iri in enumerate(entities, 1)}
    asserted, inferred = _types(store, ids)
    connection.executescript(SCHEMA)
    for table in SORTED:  # rows go to a staging table first, then into the B-tree in key order: much faster
        connection.execute(f"CREATE TEMP TABLE {table}_staging AS SELECT * FROM main.{table} WHERE 0")
    connection.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (
        (ids[iri], iri, json.dumps(sorted(asserted[iri])), *_first_labels(texts[iri]),
         _first(texts[iri], "identifier"), _first(texts[iri], "code"), json.dumps(sorted(texts[iri], key=_text_order)))
        for iri in entities))
    connection.executemany("INSERT INTO entity_types_staging VALUES (?, ?)",
                           ((kind, ids[iri]) for iri in entities for kind in asserted[iri] | inferred[iri]))
    connection.executemany("INSERT INTO keys_staging VALUES (?, ?)",
                           {(key, ids[iri]) for iri in entities for key in _keys(texts[iri])})
    rows = sorted({(text, ids[iri]) for iri in entities for _, _, value in texts[iri] for text in _indexed_texts(value)},
                  key=lambda row: (len(row[0]), row))
    connection.executemany("INSERT INTO texts (text, entity) VALUES (?, ?)", (row for row in rows if row[0]))
    connection.executemany("INSERT INTO grams_staging VALUES (?, ?, ?)", {
        (gram, len(text), entity) for text, entity in rows if has_cjk(text) for gram in _grams(text)})
    connection.executemany("INSERT INTO links VALUES (?, ?, ?)", {
        (ids[quad.subject.value], name, quad.object.value)
        for name, predicate in LINKS.items()
        for quad in store.quads_for_pattern(None, pyoxigraph.NamedNode(str(predicate)), None, None)
        if quad.subject.value in ids and isinstance(quad.object, pyoxigraph.NamedNode)})
    connection.executemany("INSERT INTO classes VALUES (?, ?, ?, ?)", _classes(store))
    connection.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
    for table in SORTED:
        connection.execute(f"INSERT INTO main.{table} SELECT * FROM {table}_staging ORDER BY {SORTED[table]}")
        connection.execute(f"DROP TABLE {table}_staging")
    connection.commit()
    return len(entities)


def _types(store: pyoxigraph.Store, ids: dict) -> tuple[dict, dict]:
    """Types stated in the data files, and types the build derived (superclasses)."""
    asserted, inferred = defaultdict(set), defaultdict(set)
    derived = pyoxigraph.NamedNode(str(DERIVED_GRAPH))
    for quad in store.quads_for_pattern(None, pyoxigraph.NamedNode(str(RDF.type)), None, None):
        if quad.subject.value in ids and isinstance(quad.object, pyoxigraph.NamedNode):
            (inferred if quad.graph_name == derived else asserted)[quad.subject.value].add(quad.object.value)
    return asserted, inferred


def _classes(store: pyoxigraph.Store):
    """(iri, label_zh, label_en, broader) of every named OWL class."""
    labels, broader = defaultdict(dict), defaultdict(set)
    classes = {quad.subject.value for quad in store.quads_for_pattern(
        None, pyoxigraph.NamedNode(str(RDF.type)), pyoxigraph.NamedNode(str(OWL.Class)), None)
        if isinstance(quad.subject, pyoxigraph.NamedNode)}
    for iri in classes:
        for quad in store.quads_for_pattern(pyoxigraph.NamedNode(iri), pyoxigraph.NamedNode(str(RDFS.label)), None, None):
            if quad.object.language in ("zh", "en"):
                labels[iri][quad.object.language] = quad.object.value
        for quad in store.quads_for_pattern(pyoxigraph.NamedNode(iri), pyoxigraph.NamedNode(str(RDFS.subClassOf)), None, None):
            if isinstance(quad.object, pyoxigraph.NamedNode):
                broader[iri].add(quad.object.value)
    return [(iri, labels[iri].get("zh"), labels[iri].get("en"), json.dumps(sorted(broader[iri]))) for iri in sorted(classes)]


def _indexed_texts(value: str) -> set[str]:
    """The texts the full-text table holds for a value: its search text, and its compact form if it has digits."""
    text = search_text(value)
    return {text, title_key(value)} if any(character.isdigit() for character in text) else {text}


def _keys(texts: set) -> set[str]:
    """The exact-lookup keys of an entity's texts (see the module docstring)."""
    keys = set()
    for field, _, value in texts:
        if field == "identifier":
            keys |= {f"i:{form}" for d in designations(value) for form in (d.key, d.undated, d.base, d.number) if form}
        elif field == "code":
            keys.add(f"c:{identifier_key(value)}")
        else:
            keys |= {f"t:{key}" for key in title_keys(value)}
    return keys


def _grams(text: str) -> set[str]:
    """The characters and pairs of adjacent characters of a text (spaces aside)."""
    return {c for c in text if c != " "} | {text[i:i + 2] for i in range(len(text) - 1) if " " not in text[i:i + 2]}


def _first_labels(texts: set) -> tuple[str | None, str | None]:
    return tuple(_first(texts, "label", lang) for lang in ("zh", "en"))


def _first(texts: set, field: str, lang: str | None = None) -> str | None:
    values = sorted(value for f, language, value in texts if f == field and (lang is None or language == lang))
    return values[0] if values else None


def _text_order(text: tuple) -> tuple:
    field, lang, value = text
    return field, lang or "", value
