"""Reconciliation (W3C Reconciliation Service API 0.2): candidates, scores and match decisions.

An entity's reconciliation id is its IRI without the identifier space
``https://w3id.org/aistd-kg/id/`` ("standard/iso-iec-42001-2023"); full IRIs are accepted
wherever an id is read. A query's ``query`` string is searched like /search (identifiers,
codes, zh / en labels); ``type`` restricts the candidates to instances of those classes
(superclasses count); each of ``properties`` adds a feature scored from 0 to 1:

- ``identifier`` (dcterms:identifier) and ``code`` (skos:notation): how well the value
  matches the candidate's identifiers or codes (matching.py);
- ``committee`` (aistd:responsibleCommittee), ``publisher`` (dcterms:publisher),
  ``partOf`` (org:subOrganizationOf), ``framework`` (skos:inScheme): 1 when the value is
  the id of a linked entity, else how well it matches the linked entities' names,
  identifiers or codes.

The score is the mean of the name score and the property scores, times 100. A candidate is
a ``match`` only when it is unambiguous: its score is at least MATCH_SCORE and the next
candidate's is at least MATCH_MARGIN lower.
"""

import math
from dataclasses import dataclass, field

from ..namespaces import ID
from .matching import MAX_TEXT, Match, Query
from .search_index import Entity, SearchIndex

IDENTIFIER_SPACE = str(ID)
MATCH_SCORE, MATCH_MARGIN = 85.0, 10.0
SEARCH_DEPTH = 25
LINKED = ("committee", "publisher", "partOf", "framework")


@dataclass(frozen=True)
class Property:
    """A property that queries can use to refine candidates."""

    id: str
    name: str
    description: str


PROPERTIES = (
    Property("identifier", "identifier (标准号)", "dcterms:identifier, e.g. ISO/IEC 42001:2023 or GB/T 45288.1-2025"),
    Property("code", "code (代号)", "skos:notation, e.g. TC260 or a category code"),
    Property("committee", "responsible committee (归口单位)", "aistd:responsibleCommittee: its id, name or designation"),
    Property("publisher", "publisher (发布机构)", "dcterms:publisher: its id, name or designation"),
    Property("partOf", "part of (上级组织)", "org:subOrganizationOf of a body: the parent's id, name or designation"),
    Property("framework", "framework (标准体系)", "skos:inScheme of a category: the framework's id or name"),
)
DEFAULT_TYPES = ("Standard", "PlannedStandard", "StandardizationItem", "CommitteeUnit", "StandardsOrganization",
                 "Category", "Framework")


class QueryError(ValueError):
    """A reconciliation query that cannot be answered (unknown type or property, bad value)."""


@dataclass
class Candidate:
    """One candidate of a reconciliation query."""

    entity: Entity
    name_match: Match | None
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    match: bool = False


def entity_id(iri: str) -> str:
    """The reconciliation id of an entity IRI."""
    return iri[len(IDENTIFIER_SPACE):] if iri.startswith(IDENTIFIER_SPACE) else iri


def entity_iri(identifier: str) -> str:
    """The IRI of a reconciliation id (a full IRI is returned as it is)."""
    return identifier if identifier.startswith(("http://", "https://")) else IDENTIFIER_SPACE + identifier


def reconcile(index: SearchIndex, query: dict) -> list[Candidate]:
    """Candidates for one query (the JSON object of a query batch), best first.

    :raises QueryError: a type or property the service does not know, or a malformed value.
    """
    types = _types(index, query.get("type"))
    limit = _limit(query.get("limit"))
    properties = [(_property(p.get("pid")), _values(p.get("v"))) for p in _list(query.get("properties"), "properties")]
    text = _text(query.get("query") or "", "query").strip()
    if text:
        hits = index.search(text, types, limit=max(SEARCH_DEPTH, limit))
        candidates = [Candidate(hit.entity, hit.match) for hit in hits]
    else:
        candidates = [Candidate(entity, None) for entity in _by_properties(index, properties, types)]
    for candidate in candidates:
        for pid, values in properties:
            candidate.features[pid] = max(_property_score(index, candidate.entity, pid, value) for value in values)
        scores = ([candidate.name_match.score] if candidate.name_match else []) + list(candidate.features.values())
        candidate.score = round(100 * sum(scores) / len(scores), 1)
    candidates.sort(key=lambda c: (-c.score, c.entity.iri))
    if candidates and candidates[0].score >= MATCH_SCORE and (
            len(candidates) == 1 or candidates[0].score - candidates[1].score >= MATCH_MARGIN):
        candidates[0].match = True
    return candidates[:limit]


def _by_properties(index: SearchIndex, properties: list, types: tuple[str, ...]) -> list[Entity]:
    """Candidates of a query without a query string: entities found by an identifier or code value."""
    found: dict = {}
    for pid, values in properties:
        if pid in ("identifier", "code"):
            for value in values:
                if isinstance(value, str):
                    for hit in index.search(value, types, limit=SEARCH_DEPTH):
                        found.setdefault(hit.entity.iri, hit.entity)
    if not found:
        raise QueryError("a query without a query string needs an identifier or code property to find candidates")
    return list(found.values())


def _property_score(index: SearchIndex, entity: Entity, pid: str, value) -> float:
    if pid in ("identifier", "code"):
        match = entity.score(Query(str(value)), (pid,))
        return match.score if match else 0.0
    targets = index.links(entity.iri, pid)
    if isinstance(value, dict):
        return 1.0 if entity_iri(value["id"]) in targets else 0.0
    query = Query(str(value))
    scores = [match.score for target in targets if (linked := index.entity(target)) and (match := linked.score(query))]
    return max(scores, default=0.0)


def _types(index: SearchIndex, given) -> tuple[str, ...]:
    names = [given] if isinstance(given, str) else _list(given, "type")
    resolved = []
    for name in names:
        found = index.resolve_type(name) if isinstance(name, str) else None
        if found is None:
            raise QueryError(f"unknown type {name!r}: the types are listed by the type suggest service")
        resolved.append(found)
    return tuple(resolved)


def _list(given, name: str) -> list:
    """A list member of the query (absent: empty); a property list holds objects."""
    if given is None:
        return []
    if not isinstance(given, list) or (name == "properties" and not all(isinstance(p, dict) for p in given)):
        raise QueryError(f"{name} must be a list{' of objects' if name == 'properties' else ''}, not {_shown(given)}")
    return given


def _text(given, name: str) -> str:
    """A text of the query, at most MAX_TEXT characters (matching costs grow with it)."""
    if not isinstance(given, str):
        raise QueryError(f"{name} must be a string, not {_shown(given)}")
    if len(given) > MAX_TEXT:
        raise QueryError(f"{name} is longer than {MAX_TEXT} characters")
    return given


def _shown(value) -> str:
    """A value as an error message shows it: its JSON type, and the value itself when short."""
    text = repr(value)
    return f"{type(value).__name__} {text}" if len(text) <= 40 else type(value).__name__


def _property(pid) -> str:
    if pid not in {p.id for p in PROPERTIES}:
        raise QueryError(f"unknown property {pid!r}: the properties are {', '.join(p.id for p in PROPERTIES)}")
    return pid


def _values(given) -> list:
    values = given if isinstance(given, list) else [given]
    for value in values:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            _text(str(value), "a property value")
        elif isinstance(value, str):
            _text(value, "a property value")
        elif not (isinstance(value, dict) and isinstance(value.get("id"), str)):
            raise QueryError(f"property value {_shown(value)} is neither a string, a finite number nor an entity "
                             "with an id")
    if not values:
        raise QueryError("a property needs at least one value")
    return values


def _limit(given) -> int:
    if given is None:
        return 5
    if isinstance(given, bool) or not isinstance(given, (int, float)) or not math.isfinite(given) or given < 1:
        raise QueryError(f"limit must be a positive number, not {_shown(given)}")
    return min(int(given), 100)
